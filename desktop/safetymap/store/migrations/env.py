"""Alembic environment. Always run programmatically by store/engine.py, which passes an open,
keyed SQLCipher connection in `config.attributes["connection"]` (there is no alembic.ini: the
key never goes into a config file)."""

from alembic import context

from safetymap.domain.model import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables safely
)
with context.begin_transaction():
    context.run_migrations()
