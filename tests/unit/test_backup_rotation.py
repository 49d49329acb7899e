"""Backup rotation (store/backups.py, `prune`): 7 daily and 4 weekly copies, and nothing else in
the folder is ever touched.

The backups here are empty files with real names: prune works from the names alone. Each
expected set is written out by hand from the calendar (2 December 2026 is a Wednesday in ISO
week 49; 29 November, a Sunday, ends week 48), not computed with the code under test.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from safetymap.store import backups

ID8 = "0fb70514"
OTHER = "a098821f"
NOW = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)


def _make(folder: Path, when: datetime, id8: str = ID8, companions: bool = True) -> Path:
    p = folder / backups.backup_name(when, id8)
    p.write_bytes(b"")
    if companions:
        (folder / (p.name + ".kdf.json")).write_bytes(b"{}")
        (folder / (p.name + ".seal")).write_bytes(b"{}")
    return p


def _kept_days(folder: Path, id8: str = ID8) -> list[date]:
    out = []
    for p in folder.iterdir():
        parsed = backups.parse_name(p.name)
        if parsed and parsed[1] == id8:
            out.append(parsed[0].date())
    return sorted(out)


def _simulate(folder: Path, days: list[date], rng: random.Random) -> dict[date, datetime]:
    """Back up (fake) one to three times on each day, pruning after each, as the app does.
    Returns the newest time of each day."""
    newest: dict[date, datetime] = {}
    for day in days:
        for _ in range(rng.randint(1, 3)):
            when = datetime.combine(day, time(rng.randint(7, 20), rng.randint(0, 59),
                                              rng.randint(0, 59)), UTC)
            when = max(when, newest.get(day, when))
            made = _make(folder, when)
            newest[day] = when
            backups.prune(folder, ID8, when + timedelta(minutes=1), keep=made)
    return newest


def test_sixty_days_of_daily_backups_keep_exactly_7_daily_and_4_weekly(tmp_path):
    days = [NOW.date() - timedelta(days=i) for i in range(59, -1, -1)]
    newest = _simulate(tmp_path, days, random.Random(1))
    expected = [date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 15), date(2026, 11, 22)] \
        + [date(2026, 11, 26) + timedelta(days=i) for i in range(7)]
    assert _kept_days(tmp_path) == expected
    # one backup per kept day, and it is that day's newest; each with its key file and seal
    names = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".db"))
    assert names == sorted(backups.backup_name(newest[d], ID8) for d in expected)
    for n in names:
        assert (tmp_path / (n + ".kdf.json")).exists() and (tmp_path / (n + ".seal")).exists()
    assert len(list(tmp_path.iterdir())) == 3 * 11  # nothing of the deleted ones is left


def test_days_without_backups_do_not_count(tmp_path):
    # Weekdays only (Monday-Friday), 60 days: the 7 most recent days that HAVE backups are
    # 2 Dec (Wed) back to 24 Nov (Tue); weeks 49 and 48 are covered by them, so the 4 weekly
    # copies are the Fridays of weeks 47, 46, 45 and 44.
    days = [NOW.date() - timedelta(days=i) for i in range(59, -1, -1)]
    weekdays = [d for d in days if d.isoweekday() <= 5]
    _simulate(tmp_path, weekdays, random.Random(2))
    expected = [date(2026, 10, 30), date(2026, 11, 6), date(2026, 11, 13), date(2026, 11, 20),
                date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27),
                date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]
    assert _kept_days(tmp_path) == expected


def test_prune_touches_nothing_but_this_stores_exact_names(tmp_path):
    old = NOW - timedelta(days=40)
    for i in range(12):  # 12 days of this store's backups: 12 > 7 daily, so some must go
        _make(tmp_path, NOW - timedelta(days=i))
    # control: a backup of this store that the rules drop (an older one of the same day)
    doomed = _make(tmp_path, NOW - timedelta(days=3, hours=2))
    others = [
        _make(tmp_path, old, OTHER),  # another store's backup
        tmp_path / "notes.txt",
        tmp_path / (backups.backup_name(old, ID8) + ".partial"),
        tmp_path / backups.backup_name(old, ID8).replace(".db", ".db.bak"),
        tmp_path / backups.backup_name(old, ID8).upper(),
        tmp_path / ("x" + backups.backup_name(old, ID8)),
        tmp_path / backups.backup_name(old, ID8).replace(ID8, ID8 + "0"),
        tmp_path / "safetymap-backup-20261399T000000Z-0fb70514.db",  # not a date
        tmp_path / "safetymap.db",
        tmp_path / "safetymap.db.kdf.json",
    ]
    for f in others[1:]:
        f.write_bytes(b"keep me")
    folder_like = tmp_path / backups.backup_name(old - timedelta(days=1), ID8)
    folder_like.mkdir()  # a folder with a backup's name is not a backup
    outside = tmp_path.parent / "outside-target"
    outside.write_bytes(b"not ours")
    link = tmp_path / backups.backup_name(old - timedelta(days=2), ID8)
    link.symlink_to(outside)

    deleted = backups.prune(tmp_path, ID8, NOW)

    assert doomed in deleted and not doomed.exists()  # the control: prune does delete
    assert not (tmp_path / (doomed.name + ".kdf.json")).exists()
    for f in others:
        assert f.exists(), f.name
    assert folder_like.is_dir() and link.is_symlink() and outside.read_bytes() == b"not ours"
    assert set(deleted) <= {tmp_path / backups.backup_name(NOW - timedelta(days=i), ID8)
                            for i in range(12)} | {doomed}


def test_the_backup_just_made_is_never_deleted(tmp_path):
    for i in range(40):
        _make(tmp_path, NOW - timedelta(days=i))
    # The clock went back: the one just made is dated 50 days ago, beyond every rule's reach.
    just_made = _make(tmp_path, NOW - timedelta(days=50, hours=5))
    control = _make(tmp_path, NOW - timedelta(days=50, hours=6))  # the same day, older
    listed = [(backups.parse_name(p.name)[0], p.name) for p in tmp_path.iterdir()
              if p.name.endswith(".db")]
    # control: without `keep`, the rules alone would delete it
    assert just_made.name not in backups.plan_prune(listed, NOW)
    backups.prune(tmp_path, ID8, NOW, keep=just_made)
    assert just_made.exists()
    assert not control.exists()


def test_backups_dated_in_the_future_are_kept_and_not_counted(tmp_path):
    future = _make(tmp_path, NOW + timedelta(days=400))
    for i in range(7):
        _make(tmp_path, NOW - timedelta(days=i))
    backups.prune(tmp_path, ID8, NOW)
    assert future.exists()
    # all 7 real days are still kept: the future one did not take a daily place
    assert len(_kept_days(tmp_path)) == 8


def test_names_parse_only_exactly():
    when = datetime(2026, 12, 1, 14, 5, 9, tzinfo=UTC)
    name = backups.backup_name(when, ID8)
    assert name == "safetymap-backup-20261201T140509Z-0fb70514.db"
    assert backups.parse_name(name) == (when, ID8)
    for bad in (name + ".partial", name.upper(), " " + name, name.replace("Z-", "-"),
                name.replace(ID8, "0FB70514"), "safetymap-backup-20261301T140509Z-0fb70514.db"):
        assert backups.parse_name(bad) is None, bad
    # the name is built from UTC whatever zone the time is given in
    local = when.astimezone(__import__("datetime").timezone(timedelta(hours=5)))
    assert backups.backup_name(local, ID8) == name
    assert os.sep not in name
