"""One throwaway PostgreSQL for the whole session, and a fresh database per test.

Without PostgreSQL the team tests skip with a sentence saying so; on CI (CI=true) they fail
instead, so a missing server can never pass for a green run.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.team.pgserver import PgServer, require_postgres


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    require_postgres()
    server = PgServer()
    with server:
        yield server


@pytest.fixture
def team_db(pg_server: PgServer) -> Iterator[str]:
    """A new, empty database for this test; yields its superuser conninfo."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    url = pg_server.create_database(name)
    from safetymap.team import server

    # a test before this one may have locked an app (team.locked: hold(False)) in this process
    server.hold(True)
    try:
        yield url
    finally:
        from safetymap.team import server

        server.close_idle()  # the connection a sync keeps for the next one (team/server.py)
        try:
            pg_server.drop_database(name)
        except Exception:  # a failed drop must not hide the test's own result
            pass
