"""First run (create a store), unlock, wrong passphrase and retry, and store errors as sentences.
The KDF runs on a pool thread: the tests wait for it with qtbot.waitUntil."""

from __future__ import annotations

from safetymap.store.engine import Store
from safetymap.ui.unlock import UnlockView

from .shell_support import PASSPHRASE, make_store


def test_first_run_creates_a_store_with_the_passphrase_typed_twice(qtbot, store_path):
    view = UnlockView(store_path)
    qtbot.addWidget(view)
    view.show()
    assert view.mode == UnlockView.CREATE
    assert view.again.isVisible() and view.strength.isVisible()

    view.passphrase.setText("password")
    view.again.setText("password")
    assert not view.go.isEnabled(), "a weak passphrase is not accepted"
    assert view.strength.value() <= 1
    assert view.strength_text.text()  # zxcvbn's feedback is shown

    view.passphrase.setText(PASSPHRASE)
    view.again.setText(PASSPHRASE + " x")
    assert not view.go.isEnabled()
    assert "not the same" in view.strength_text.text()

    view.again.setText(PASSPHRASE)
    assert view.go.isEnabled()
    with qtbot.waitSignal(view.unlocked, timeout=20000) as blocker:
        view.submit()
        assert view.is_busy and view.busy.isVisible(), "a busy indicator while the KDF runs"
    store = blocker.args[0]
    try:
        assert isinstance(store, Store)
        assert store_path.exists()
    finally:
        store.close()
    reopened = Store.open(store_path, PASSPHRASE)
    reopened.close()


def test_wrong_passphrase_says_so_and_lets_the_user_try_again(qtbot, store_path):
    make_store(store_path, demo=False)
    view = UnlockView(store_path)
    qtbot.addWidget(view)
    view.show()
    assert view.mode == UnlockView.UNLOCK
    assert not view.again.isVisible()

    view.passphrase.setText("not the right one at all")
    view.submit()
    assert view.is_busy
    qtbot.waitUntil(lambda: not view.is_busy, timeout=20000)
    assert view.error.isVisible()
    assert "passphrase does not unlock" in view.error.text()
    assert "Traceback" not in view.error.text()
    assert view.passphrase.isEnabled() and view.go.isEnabled()

    view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(view.unlocked, timeout=20000) as blocker:
        view.submit()
    blocker.args[0].close()
    assert not view.error.isVisible()


def test_a_store_open_elsewhere_is_explained_as_a_sentence(qtbot, store_path):
    make_store(store_path, demo=False)
    holder = Store.open(store_path, PASSPHRASE)
    try:
        view = UnlockView(store_path)
        qtbot.addWidget(view)
        view.passphrase.setText(PASSPHRASE)
        view.submit()
        qtbot.waitUntil(lambda: not view.is_busy, timeout=20000)
        assert "already open" in view.error.text()
    finally:
        holder.close()


def test_a_damaged_file_is_explained_as_a_sentence(qtbot, store_path):
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store_path.write_bytes(b"\x01" * 5000)  # not a whole number of pages
    view = UnlockView(store_path)
    qtbot.addWidget(view)
    view.passphrase.setText(PASSPHRASE)
    view.submit()
    qtbot.waitUntil(lambda: not view.is_busy, timeout=20000)
    assert "damaged" in view.error.text()


def test_the_window_unlocks_into_the_family_list(qtbot, store_path):
    from .shell_support import open_window

    make_store(store_path)
    win = open_window(qtbot, store_path)
    assert win.stack.currentWidget() is win.family_list
    assert win.family_list.list.count() == 3
    assert win.windowTitle() == "Safety Map"
