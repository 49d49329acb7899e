"""Logins compare in the "C" collation, allocations are found by login, and no write or read
function is JIT-compiled.

Revision ID: t0002
Revises: t0001
Create Date: 2026-12-01

Why (measured with 10,000 families and 300 logins, `make bench`):
* `session_user` is of type `name`, whose collation is "C". Compared with a `text` column in
  the database's default collation, the planner cannot use that column's index, so every
  "the families of this login" read every allocation (about 1 ms each time, in every pull,
  every push and every RLS check). Logins are PostgreSQL role names, which are "C" strings
  anyway; the columns that are matched against `session_user` now say so.
* A pull of three families was estimated at 150,000 cost units (a set-returning function is
  guessed at 1,000 rows), over `jit_above_cost`, so PostgreSQL's default `jit = on` spent
  12 ms compiling a query that runs in 1 ms. The team functions are short OLTP statements:
  they never gain from JIT, and a council's server has it on by default.
"""

from __future__ import annotations

from alembic import op

revision = "t0002"
down_revision = "t0001"
branch_labels = None
depends_on = None

# the columns compared with session_user, and the RLS policies that name them (a column used
# in a policy cannot change type while the policy stands)
LOGIN_COLUMNS = (("workers", "login"), ("allocations", "login"), ("changesets", "login"),
                 ("conflicts", "client_login"))

POLICIES_DROP = r"""
drop policy see_own_allocations on safetymap.allocations;
drop policy see_self on safetymap.workers;
"""

POLICIES_CREATE = r"""
create policy see_own_allocations on safetymap.allocations for select
  using (login = session_user or safetymap._is_admin());
create policy see_self on safetymap.workers for select
  using (login = session_user or safetymap._is_admin());
"""

NO_JIT = r"""
do $$
declare f regprocedure;
begin
  for f in select p.oid::regprocedure from pg_proc p
            where p.pronamespace = 'safetymap'::regnamespace loop
    execute format('alter function %s set jit = off', f);
  end loop;
end $$;
"""


def _collate(collation: str) -> None:
    op.execute(POLICIES_DROP)
    for table, column in LOGIN_COLUMNS:
        op.execute(f'alter table safetymap.{table} alter column {column} type text '
                   f'collate "{collation}"')
    op.execute(POLICIES_CREATE)


def _as_owner() -> None:
    # as t0001: whoever runs `team init` works as the owner role
    op.execute("do $$ begin execute format('grant safetymap_owner to %I', current_user); end $$")
    op.execute("set local role safetymap_owner")


def upgrade() -> None:
    _as_owner()
    _collate("C")
    op.execute("create index allocations_login on safetymap.allocations (login)")
    # a login sees a few families (a supervisor a team's): not the 1,000 rows guessed
    op.execute("alter function safetymap.visible_families() rows 20")
    op.execute(NO_JIT)
    op.execute("reset role")
    op.execute("analyze safetymap.allocations")
    op.execute("analyze safetymap.workers")


def downgrade() -> None:
    _as_owner()
    op.execute("drop index safetymap.allocations_login")
    op.execute("alter function safetymap.visible_families() rows 1000")
    op.execute(NO_JIT.replace("set jit = off", "reset jit"))
    _collate("default")
    op.execute("reset role")
