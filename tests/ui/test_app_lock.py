"""Locking (manual and idle): flush, clear the screen, close the store; unlocking returns to the
same family and page. Also: the window reopens where the user was (QSettings holds ids only)."""

from __future__ import annotations

from safetymap.ui.settings import AppSettings
from safetymap.ui.unlock import UnlockView

from .shell_support import PASSPHRASE, make_store, open_window, read_family, unlock, visible_text


def test_lock_now_and_unlock_return_to_the_same_family_and_page(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "plan")
    page = win.workspace.pages["plan"]
    page.review.setPlainText("We will meet at Gwen's in February.")  # not yet flushed
    assert win.autosaver.pending

    win.lock_action.trigger()  # Ctrl+L
    assert win.store is None, "the store is closed, so the key is gone"
    assert win.workspace is None
    assert win.stack.currentWidget() is win.unlock_view
    assert win.unlock_view.mode == UnlockView.LOCKED
    shown = visible_text(win)
    for secret in ("Hughes", "Kowalski", "Gwen", "Lena", "February"):
        assert secret not in shown, f"{secret!r} is still on screen while locked"
    # what was typed just before locking was saved
    assert read_family(store_path, ids[0])["safety_plan"]["current"]["review"] == (
        "We will meet at Gwen's in February.")

    unlock(qtbot, win, "wrong passphrase")
    assert win.store is None and win.unlock_view.error.isVisible()
    unlock(qtbot, win, PASSPHRASE)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=10000)
    assert win.workspace.ctx.family_id == ids[0]
    assert win.workspace.current_page_key() == "plan"
    assert win.workspace.pages["plan"].review.toPlainText() == (
        "We will meet at Gwen's in February.")


def test_the_app_locks_itself_when_idle(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[1], "people")
    win.idle.set_interval_ms(300)
    win.idle.start()
    qtbot.waitUntil(lambda: win.store is None, timeout=5000)
    assert win.unlock_view.mode == UnlockView.LOCKED
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=10000)
    assert (win.workspace.ctx.family_id, win.workspace.current_page_key()) == (ids[1], "people")


def test_the_window_reopens_where_the_user_was_and_settings_hold_no_names(qtbot, store_path):
    from safetymap import config

    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[2], "assessment")
    win.close()
    assert win.store is None
    assert AppSettings().place() == (ids[2], "assessment")
    ini = (config.config_dir() / "safetymap-ui.ini").read_text("utf-8", errors="replace")
    for name in ("Yılmaz", "Yilmaz", "Hughes", "Davies", "Lena", "Gwen", "Teulu"):
        assert name not in ini

    again = open_window(qtbot, store_path)
    qtbot.waitUntil(lambda: again.workspace is not None, timeout=10000)
    assert again.workspace.ctx.family_id == ids[2]
    assert again.workspace.current_page_key() == "assessment"
    assert again.windowTitle() == "Safety Map"
