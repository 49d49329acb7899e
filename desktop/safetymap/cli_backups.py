"""`safetymap backup`, `backups` and `restore`: the backups part of the command line.

cli.py adds these with `add_parsers(sub)`. Helpers of cli.py are imported inside the functions,
because cli.py imports this module. Expected failures are one sentence on stderr (a StoreError
or CliError, printed by cli.main), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

CONFIRM_WORD = "replace"


def add_parsers(sub: Any) -> None:
    """Add `backup`, `backups` and `restore` to the `safetymap` command's subparsers."""
    b = sub.add_parser("backup", help="make a verified, encrypted backup of the store now",
                       epilog="The backup is checked after it is written; older backups in "
                              "the folder are rotated (7 daily, 4 weekly).")
    b.add_argument("--to", metavar="DIR",
                   help="the backup folder (another disk, a USB stick or a network share); "
                        "remembered when no folder is set yet")
    b.set_defaults(func=cmd_backup)
    ls = sub.add_parser("backups", help="list the backups, newest first: when, families, size, "
                        "and whether each is sound")
    ls.add_argument("--in", dest="in_dir", metavar="DIR",
                    help="list the backups in DIR without opening a store (asks for the "
                         "backups' passphrase, or reads SAFETYMAP_PASSPHRASE)")
    ls.set_defaults(func=cmd_backups)
    r = sub.add_parser("restore", help="restore a backup as a store at NEWPATH (a store "
                       "already there is replaced only after you confirm, and kept)",
                       epilog="The passphrase is asked for, or read from "
                              "SAFETYMAP_PASSPHRASE; with --recovery the recovery key is, or "
                              "read from SAFETYMAP_RECOVERY_KEY.")
    r.add_argument("backup", metavar="BACKUP", help="a backup file from 'safetymap backups'")
    r.add_argument("--to", required=True, metavar="NEWPATH",
                   help="where the restored store goes")
    r.add_argument("--recovery", action="store_true",
                   help="unlock the backup with the recovery key instead of the passphrase")
    r.set_defaults(func=cmd_restore)


def _families(n: int | None) -> str:
    if n is None:
        return "? families"
    return f"{n} famil{'y' if n == 1 else 'ies'}"


def cmd_backup(args: argparse.Namespace) -> int:
    from .cli import EXIT_OK, CliError, _open
    from .services import backups
    from .store.errors import StoreError

    with _open(args) as store:
        chosen = backups.status(store).folder
        target = Path(args.to).expanduser() if args.to else chosen
        if target is None:
            raise CliError("No backup folder has been chosen yet, so no backup was made. Give "
                           "one with 'safetymap backup --to FOLDER' (another disk, a USB stick "
                           "or a network share); it is remembered for next time.")
        entry = backups.back_up_now(store, target)
        remembered, not_remembered = False, ""
        if args.to and chosen is None:
            try:
                backups.set_folder(store, target)
                remembered = True
            except StoreError as exc:
                not_remembered = str(exc)
    print(f"Backed up {_families(entry.families)} to {entry.path}; the copy was read back "
          "and checks out.")
    if remembered:
        print(f"{target} is now the backup folder: 'safetymap backup' with no --to backs up "
              "there, and the app backs up there once a day.")
    if not_remembered:
        print(f"The folder was not remembered: {not_remembered}", file=sys.stderr)
    return EXIT_OK


def _print_entries(folder: Path, entries: list[Any]) -> None:
    from .services import backups

    if not entries:
        print(f"There are no backups in {folder} yet.")
        return
    print(f"Backups in {folder}, newest first:")
    rows = []
    for e in entries:
        state = "ok" if e.ok else "problem"
        rows.append((backups.time_words(e.taken_at), _families(e.families),
                     backups.size_words(e.size_bytes), state, e.path.name, e.problem))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    for when, fam, size, state, name, problem in rows:
        print(f"{when:<{w[0]}}  {fam:>{w[1]}}  {size:>{w[2]}}  {state:<{w[3]}}  {name}")
        if problem:
            print(f"    {problem}")


def cmd_backups(args: argparse.Namespace) -> int:
    from .cli import EXIT_OK, _open, _passphrase
    from .services import backups

    if args.in_dir:
        folder = Path(args.in_dir).expanduser()
        entries = backups.list_backups_in(folder, _passphrase("Passphrase of the backups: "))
    else:
        with _open(args) as store:
            chosen = backups.status(store).folder
            if chosen is None:
                from .cli import CliError

                raise CliError("No backup folder has been chosen yet. Back up with 'safetymap "
                               "backup --to FOLDER' to choose one, or list a folder with "
                               "'safetymap backups --in FOLDER'.")
            folder = chosen
            entries = backups.list_backups(store, folder)
    _print_entries(folder, entries)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .cli import EXIT_OK, CliError, _passphrase
    from .services import backups
    from .store import backups as store_backups

    backup = Path(args.backup).expanduser()
    to = Path(args.to).expanduser()
    passphrase: str | None = None
    recovery: str | None = None
    if args.recovery:
        if os.environ.get("SAFETYMAP_RECOVERY_KEY") is None \
                and (not sys.stdin or not sys.stdin.isatty()):
            raise CliError("No recovery key: run in a terminal to be asked for it, or set "
                           "SAFETYMAP_RECOVERY_KEY; nothing has been changed.")
        recovery = _passphrase("Recovery key: ", env="SAFETYMAP_RECOVERY_KEY")
    else:
        passphrase = _passphrase("Passphrase of the backup: ")
    replace = False
    if backups.has_store_at(to):
        if not sys.stdin or not sys.stdin.isatty():
            raise CliError(f"There is already a store at {to.name}, so nothing has been "
                           "restored and nothing has been changed. Give another place with "
                           "--to, or run this in a terminal to be asked to confirm that it is "
                           "replaced.")
        what = backups.describe_store_at(to, passphrase=passphrase)
        print(f"This replaces {what}. It is not deleted: it is moved aside and kept beside it "
              f"as {to.name}.replaced-<date and time>.")
        answer = input(f"Type \"{CONFIRM_WORD}\" to replace it, anything else to stop: ")
        if answer.strip().lower() != CONFIRM_WORD:
            raise CliError("Nothing has been replaced and nothing has been changed.")
        replace = True
    info = store_backups.restore(backup, to, passphrase=passphrase, recovery_key=recovery,
                                 replace=replace)
    print(f"Restored {_families(info.families)} into {info.path}; it was checked before it "
          "was put in place.")
    if info.replaced_kept_as is not None:
        print(f"The store that was there is kept as {info.replaced_kept_as}.")
    print(f"Open it with: safetymap --store {info.path}")
    return EXIT_OK
