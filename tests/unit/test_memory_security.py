"""SQLCipher's memory security is on for every connection the app makes (the bench alone turns
it off, to measure what it costs)."""

from __future__ import annotations

from sqlalchemy import text

from safetymap.store import engine


def test_every_connection_has_memory_security_on(store):
    assert engine.MEMORY_SECURITY is True
    with store.engine.connect() as conn:
        assert str(conn.execute(text("PRAGMA cipher_memory_security")).scalar()) == "1"
