"""Background tasks come and go on Qt's pool threads. A session that one thread is using must
never be closed under it because other threads connected (the dialect's default pool did)."""

from __future__ import annotations

import threading

from sqlalchemy import create_engine, text
from sqlalchemy.pool import SingletonThreadPool


def _hold_while_others_connect(engine) -> list[BaseException]:
    errors: list[BaseException] = []
    started, release = threading.Event(), threading.Event()

    def holder() -> None:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM store_meta")).scalar()
                started.set()
                release.wait(30)
                conn.execute(text("SELECT count(*) FROM store_meta")).scalar()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
            started.set()

    def visitor() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1")).scalar()

    h = threading.Thread(target=holder)
    h.start()
    started.wait(30)
    for _ in range(40):  # many more pool threads than the old pool kept (5)
        t = threading.Thread(target=visitor)
        t.start()
        t.join()
    release.set()
    h.join()
    return errors


def test_a_connection_in_use_survives_other_threads(store):
    assert _hold_while_others_connect(store.engine) == []


def test_control_the_old_pool_closes_it(store):
    import sqlcipher3

    # The key is no longer in the URL: the control keys its connections as the store does.
    old = create_engine(store.engine.url, module=sqlcipher3, creator=store.connect_dbapi,
                        poolclass=SingletonThreadPool, pool_size=5)
    try:
        errors = _hold_while_others_connect(old)
    finally:
        old.dispose()
    assert any("closed" in str(e).lower() for e in errors), (
        "the dialect's old pool closed nothing: the control no longer shows the bug", errors)
