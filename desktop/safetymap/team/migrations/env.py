"""Alembic environment of the team schema (the second migration tree; the laptop store has its
own in store/migrations). Run only by team/server.py, which passes an open SQLAlchemy
connection to the team database in `config.attributes["connection"]`: no alembic.ini, and no
password in any file. The version table lives in the team schema itself."""

from alembic import context

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, version_table="alembic_version",
                  version_table_schema="safetymap", transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
