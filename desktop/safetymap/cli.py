"""The `safetymap` command: the desktop app by default, subcommands for headless work.

Expected failures (wrong passphrase, missing family, damaged file...) print one sentence to stderr
and exit non-zero, with no traceback. Nothing printed here ever includes case data beyond what the
user asked to see (`families` lists names, because that is its job).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, config
from .store.errors import StoreError

if TYPE_CHECKING:
    from .store.engine import Store

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_NO_DISPLAY = 0, 1, 2, 3


class CliError(Exception):
    """A failure with a one-sentence message for the user."""


def _passphrase(prompt: str = "Passphrase: ", *, env: str = "SAFETYMAP_PASSPHRASE") -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"No passphrase: run in a terminal to be asked, or set {env}.")
    return getpass.getpass(prompt)


def _new_passphrase(env_name: str = "SAFETYMAP_PASSPHRASE",
                    unchanged: str = "nothing has been created") -> str:
    from .services.passphrase import assess

    env = os.environ.get(env_name)
    if env is not None:
        first = second = env
    else:
        first = _passphrase("New passphrase: ", env=env_name)
        second = _passphrase("Type it again: ", env=env_name)
    if first != second:
        raise CliError(f"The two passphrases are different; {unchanged}.")
    strength = assess(first)
    if not strength.acceptable:
        raise CliError(
            f"That passphrase is too easy to guess; {unchanged}. "
            + strength.message()
        )
    return first


def _say_recovery_key(key: str) -> None:
    """The recovery key, once, on the terminal (stdout: it is what the user asked for)."""
    print()
    print("Your recovery key opens the store if the passphrase is ever forgotten:")
    print()
    print("    " + key)
    print()
    print("Write it down or print it now, and keep it apart from this laptop (not in the "
          "laptop bag). It is shown only this once; 'safetymap recovery-key' makes a new one, "
          "and the old one then stops working.")


def _recovery_key_input() -> str:
    env = os.environ.get("SAFETYMAP_RECOVERY_KEY")
    if env is not None:
        return env
    first = _passphrase("Recovery key: ", env="SAFETYMAP_RECOVERY_KEY")
    second = _passphrase("Type it again: ", env="SAFETYMAP_RECOVERY_KEY")
    from .store.keyslots import parse_recovery

    if parse_recovery(first) != parse_recovery(second):  # a typo in either: its own sentence
        raise CliError("The two recovery keys are different; nothing has been changed.")
    return first


def _store_path(args: argparse.Namespace) -> Path:
    return Path(args.store).expanduser() if args.store else config.default_store_path()


def _open(args: argparse.Namespace, prefetch: tuple[str, ...] = ()) -> Store:
    """Open the store. `prefetch` names third-party modules the command needs next: they are
    imported on a thread while Argon2id runs (in C, without the GIL) on the other core. Only
    modules that opening never imports are named, and the thread is joined before the store is
    returned, so no two threads import the same module at once."""
    import gc
    import importlib
    import threading

    from .store import keyslots

    path, passphrase = _store_path(args), _passphrase()
    # Argon2id on its thread now, while the store layer (SQLAlchemy, the model) loads here:
    # so a command imports its services after _open, not before (keyslots.EarlyUnlock)
    early = keyslots.EarlyUnlock(path, passphrase)
    try:
        from .store.engine import Store
    except BaseException:
        early.discard()
        raise

    def load() -> None:
        for name in prefetch:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - imported again (and then raising) where used
                pass

    loader = threading.Thread(target=load, name="safetymap-prefetch") if prefetch else None
    try:
        if loader is not None:
            loader.start()
        store = Store.open(path, passphrase, early=early)
    finally:
        early.discard()
        if loader is not None and loader.is_alive():
            loader.join()
    _say_integrity_warnings(store)
    # A one-shot command: what is loaded by now (SQLAlchemy, the model) lives until exit, so
    # the cyclic collector need not scan it again. Without this a full collection of ~100,000
    # objects (about 50 ms) lands in the middle of the export's first query.
    gc.freeze()
    return store


# --- subcommands ---------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from .store.engine import Store

    path = _store_path(args)
    if path.exists() and path.stat().st_size > 0:
        raise CliError(f"A store already exists at {path}; nothing has been changed.")
    store = Store.create(path, _new_passphrase())
    key = store.recovery_key
    store.recovery_key = None
    store.close()
    print(f"Created a new encrypted store at {path}.")
    if key:
        _say_recovery_key(key)
    return EXIT_OK


def cmd_passphrase_change(args: argparse.Namespace) -> int:
    from .store.engine import change_passphrase

    path = _store_path(args)
    old = _passphrase("Current passphrase: ")
    new = _new_passphrase("SAFETYMAP_NEW_PASSPHRASE", "nothing has been changed")
    if new == old:
        raise CliError("The new passphrase is the same as the current one; nothing has been "
                       "changed.")
    left = change_passphrase(path, old, new)
    print("The passphrase has been changed: the store now opens with the new one only. Your "
          "recovery key still works.")
    _refresh_backups(path, new)
    for copy in left:
        print(f"The copy {copy.name} beside the store could not be given the new passphrase, so "
              "the old one may still open it; once you are sure the store is fine, delete it.",
              file=sys.stderr)
    return EXIT_OK


def _refresh_backups(path: Path, passphrase: str) -> None:
    """Backups in the backup folder get the store's new key file now (opening the store to find
    the folder costs one more unlock)."""
    from .services.backups import refresh_after_key_change
    from .store.engine import Store

    try:
        with Store.open(path, passphrase) as store:
            said = refresh_after_key_change(store)
    except (StoreError, OSError):
        said = ("The backups in your backup folder could not be updated now; they get the new "
                "key file at the next backup, and until then the old one opens them.")
    if said:
        print(said, file=sys.stderr)


def cmd_passphrase_cost(args: argparse.Namespace) -> int:
    from .store import keyslots
    from .store.engine import change_passphrase

    seconds = float(args.seconds)
    if not 0.5 <= seconds <= 10:
        raise CliError("Give a time between 0.5 and 10 seconds; nothing has been changed.")
    path = _store_path(args)
    passphrase = _passphrase()
    current = keyslots.read_slots(path).passphrase_params() if path.exists() else None
    params = keyslots.calibrate(seconds)
    if current is not None and (params.time_cost * params.memory_kib
                                <= current.time_cost * current.memory_kib):
        print("Unlocking already costs at least that much on this machine; nothing has been "
              "changed.")
        return EXIT_OK
    change_passphrase(path, passphrase, passphrase, params)
    print(f"Unlocking now costs {params.time_cost} passes over {params.memory_kib // 1024} MiB "
          f"(about {seconds:g} s on this machine): slower to guess, and a little slower to open.")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from .store.engine import recover
    from .store.keyslots import load_escrow_private_key

    path = _store_path(args)
    if args.escrow_key:
        escrow = load_escrow_private_key(Path(args.escrow_key).expanduser())
        new = _new_passphrase("SAFETYMAP_NEW_PASSPHRASE", "nothing has been changed")
        recover(path, new, escrow_key=escrow)
        print("The store has been opened with your organisation's escrow key and now has a new "
              "passphrase.")
        _refresh_backups(path, new)
        return EXIT_OK
    key = _recovery_key_input()
    from .store.engine import unlock_master

    unlock_master(path, recovery_key=key).wipe()  # a wrong key is said before a new passphrase
    new = _new_passphrase("SAFETYMAP_NEW_PASSPHRASE", "nothing has been changed")
    recover(path, new, recovery_key=key)
    print("The store now opens with the new passphrase. The recovery key still works; if anyone "
          "else has seen it, make a new one with 'safetymap recovery-key'.")
    _refresh_backups(path, new)
    return EXIT_OK


def cmd_recovery_key(args: argparse.Namespace) -> int:
    from .services.backups import refresh_after_key_change

    with _open(args) as store:
        had = store.has_recovery_key
        key = store.new_recovery_key()
        said = refresh_after_key_change(store)
    if said:
        print(said, file=sys.stderr)
    print("A new recovery key has been made" + (
        "; the old one no longer opens the store." if had else "."))
    _say_recovery_key(key)
    return EXIT_OK


def cmd_escrow_keygen(args: argparse.Namespace) -> int:
    import json

    from .store.atomic import atomic_write_bytes
    from .store.keyslots import new_escrow_keypair

    out = Path(args.out).expanduser()
    if out.exists():
        raise CliError(f"{out.name} already exists; nothing has been changed.")
    pem, public = new_escrow_keypair()
    atomic_write_bytes(out, pem)
    os.chmod(out, 0o600)
    print(f"The escrow private key is in {out}. Keep it offline, where only your "
          "organisation's recovery staff can reach it: it opens every store made with the "
          "public key below.")
    print("Put this in the organisation file (organisation.json, or the file named by "
          "SAFETYMAP_ORGANISATION) on every laptop:")
    print(json.dumps({"format": "safetymap.organisation/1",
                      "escrow": {"name": args.name, "public_key": public.hex()}}, indent=2))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .services.demo import add_demo_families
    from .store.engine import Store

    path = _store_path(args)
    if path.exists() and path.stat().st_size > 0:
        store = Store.open(path, _passphrase())
        _say_integrity_warnings(store)
    else:
        store = Store.create(path, _new_passphrase())
    key, store.recovery_key = store.recovery_key, None
    with store:
        ids = add_demo_families(store)
    print(f"The store holds {len(ids)} fictional demo families.")
    if key:
        _say_recovery_key(key)
    return EXIT_OK


def cmd_families(args: argparse.Namespace) -> int:
    with _open(args) as store:  # the services load after: _open overlaps them with Argon2id
        from .services.families import list_families

        rows = list_families(store, include_archived=args.all)
    if not rows:
        print("There are no families in this store yet.")
        return EXIT_OK
    width = max(len(r.display_name) for r in rows)
    print(f"{'id':>4}  {'family':<{width}}  last change")
    for r in rows:
        archived = "  (archived)" if r.archived else ""
        stamp = r.last_change.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{r.id:>4}  {r.display_name:<{width}}  {stamp}{archived}")
    return EXIT_OK


#: ReportLab's heavy modules (about 70 ms to import), loaded while the key is derived.
PDF_MODULES = ("PIL.Image", "reportlab.lib.styles", "reportlab.platypus",
               "reportlab.pdfbase.ttfonts", "reportlab.graphics.shapes")


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    pdf = args.kind != "json"
    if args.language not in (None, "en") and args.kind == "json":
        raise CliError("The JSON export keeps the record as it is, in no language of its own.")
    with _open(args, prefetch=PDF_MODULES if pdf else ()) as store:
        from .services.families import resolve_family

        fid = resolve_family(store, args.family)
        if args.kind == "json":
            from .services.export_json import export_family_json

            export_family_json(store, fid, out)
        elif args.kind == "supervision":
            from .services.supervision import export_supervision_pdf

            export_supervision_pdf(store, fid, out, language=args.language)
        else:
            from .export.safety_check import summary_lines
            from .services.documents import export_document

            def show_findings(found: list[Any]) -> None:
                # The safety check's findings go to the terminal (stderr), never to a file or log.
                if not found:
                    return
                print("Safety check: these could locate or identify someone"
                      + (" (safe copy: anything not marked fine is left out)."
                         if args.safe_copy else "."), file=sys.stderr)
                for line in summary_lines(found, args.safe_copy):
                    print(f"  {line}", file=sys.stderr)

            from .practice import templates

            problem = templates.templates_or_shipped()[1]
            if problem:  # said once, with what is wrong; the built-in template is used
                print("Your organisation's practice templates could not be used, so the ones "
                      "that come with Safety Map are used instead. " + problem, file=sys.stderr)
                templates._warned = True  # said here, in full: not again in the log
            child = getattr(args, "child", None)
            if child is not None and args.kind != "children":
                raise CliError("--child is only for the children's version.")
            if args.language is not None:
                from .services.documents import document_language
                from .services.families import load_family

                try:  # a language the document cannot be printed in: one sentence, no file
                    document_language(load_family(store, fid), args.kind, args.language)
                except ValueError as exc:
                    raise CliError(str(exc)) from None
            for warning in export_document(store, fid, args.kind, out, safe_copy=args.safe_copy,
                                           child_uid=child, on_findings=show_findings,
                                           language=args.language):
                print(f"warning: {warning}", file=sys.stderr)
    print(f"Wrote {out}.")
    return EXIT_OK


def cmd_safety_check(args: argparse.Namespace) -> int:
    """List a document's safety-check findings, or record decisions about them by key."""
    from .export.safety_check import summary_lines
    from .services.families import resolve_family
    from .services.safety_check import decide, safety_check

    with _open(args) as store:
        fid = resolve_family(store, args.family)
        found = safety_check(store, fid, args.kind, args.safe_copy)
        by_key = {f.key: f for f in found}
        for decision, keys in (("omit", args.omit or []), ("fine", args.fine or []),
                               (None, args.forget or [])):
            for key in keys:
                f = by_key.get(key)
                if f is None:
                    print(f"There is no finding '{key}' in this document; nothing was changed "
                          "for it.", file=sys.stderr)
                    return EXIT_USAGE
                decide(store, fid, key, f.kind, decision)
        if args.omit or args.fine or args.forget:
            found = safety_check(store, fid, args.kind, args.safe_copy)
        for line in summary_lines(found, args.safe_copy):
            print(line, file=sys.stderr)
        if not found:
            print("The safety check found nothing that could locate someone.", file=sys.stderr)
    return EXIT_OK


def cmd_profile(args: argparse.Namespace) -> int:
    """Show the worker profile, or set it (the name goes on every plan and in history)."""
    from .services.profile import get_profile, set_profile

    with _open(args) as store:
        current = get_profile(store)
        given = {k: getattr(args, k) for k in ("name", "role", "team", "phone")
                 if getattr(args, k) is not None}
        if given:
            try:
                current = set_profile(store, **{**current.to_json(), **given})
            except ValueError as exc:
                print(str(exc), file=sys.stderr)
                return EXIT_USAGE
        if not current.is_set:
            print("No worker profile yet. Set one with: safetymap profile --name \"Your Name\" "
                  "--role \"Social worker\" --team \"Your team\" --phone \"work phone\"")
        for k, v in current.to_json().items():
            print(f"{k}: {v}")
    return EXIT_OK


def _say_integrity_warnings(store: Any) -> None:
    """A loss found on opening (store/seal.py) is said once, on stderr, by every command; so is
    a key file problem, and (on a terminal) a store with no recovery key yet."""
    said = getattr(store, "integrity_warnings_said", None)
    if said is None:
        said = store.integrity_warnings_said = []
    for w in [*getattr(store, "integrity_warnings", []), *getattr(store, "key_warnings", [])]:
        if w not in said:
            print(w, file=sys.stderr)
            said.append(w)
    try:
        no_recovery = not store.has_recovery_key
    except Exception:  # noqa: BLE001 - a hint only; never stops the command
        no_recovery = False
    if no_recovery and sys.stderr.isatty():
        print("This store has no recovery key yet, so a forgotten passphrase would lose it: "
              "run 'safetymap recovery-key' to make one.", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from .services.integrity import check_store
    from .store.seal import ACCEPT_HINT, accept_loss

    with _open(args) as store:
        if getattr(args, "accept_loss", False):
            accepted = accept_loss(store)
            if accepted:
                print(f"Recorded in the audit log that {len(accepted)} "
                      f"problem{'s were' if len(accepted) != 1 else ' was'} seen; the store is "
                      "sealed again as it is now.")
            else:
                print("There was no loss to accept; nothing has been changed.")
        report = check_store(store)
        said = list(getattr(store, "integrity_warnings_said", []))
    for fact in report.facts:
        print(fact)
    if report.ok:
        print("The store and its audit log are sound.")
        return EXIT_OK
    for p in report.problems:
        if p not in said:  # already said when the store was opened
            print(p, file=sys.stderr)
    if report.seal_problems:
        print(ACCEPT_HINT, file=sys.stderr)
    print("The store is not sound.", file=sys.stderr)
    return EXIT_FAIL


def cmd_gui(args: argparse.Namespace) -> int:
    if not _has_display():
        print(
            "Safety Map needs a graphical desktop and none was found; use the headless commands "
            "instead (safetymap --help lists them).",
            file=sys.stderr,
        )
        return EXIT_NO_DISPLAY
    missing = _missing_xcb_library()
    if missing:
        # Without it Qt aborts the process with a long plugin message; say it in one sentence.
        print(
            f"Safety Map cannot open a window because the system library {missing} is missing; "
            f"install it (on Debian or Ubuntu: sudo apt install {missing}) or use the headless "
            "commands (safetymap --help lists them).",
            file=sys.stderr,
        )
        return EXIT_NO_DISPLAY
    from .ui.app import run_app

    return run_app(store_path=_store_path(args))


def _missing_xcb_library() -> str | None:
    """The Debian package name of a system library Qt's X11 plugin cannot load, or None.

    Qt 6.5+ needs several xcb libraries (libxcb-cursor0, libxcb-icccm4, ...) that many desktops
    lack; without them Qt aborts with a long plugin message. Loading the plugin here finds the
    first missing one and names it."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    uses_xcb = platform.startswith("xcb") or (
        not platform and os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
    )
    if not sys.platform.startswith("linux") or not uses_xcb:
        return None
    import ctypes
    import importlib.util
    import re
    from pathlib import Path as _Path

    # Located without importing Qt: this module stays Qt-free until the GUI really starts.
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    qt_dir = _Path(next(iter(spec.submodule_search_locations)))
    plugin = qt_dir / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        found = re.search(r"(lib[\w.+-]+?)\.so\.(\d+)", str(exc))
        if not found:
            return "the X11 (xcb) libraries Qt needs"
        name, major = found.group(1), found.group(2)
        return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"
    return None


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


# --- bundles: handing a case over ------------------------------------------------------------


def _bundle_passphrase(*, new: bool) -> str:
    env = "SAFETYMAP_BUNDLE_PASSPHRASE"
    if new and os.environ.get(env) is None:
        first = _passphrase("Passphrase for the bundle: ", env=env)
        if first != _passphrase("Type it again: ", env=env):
            raise CliError("The two passphrases are different; nothing has been written.")
    else:
        first = _passphrase("Passphrase of the bundle: ", env=env)
    if new:
        from .services.passphrase import assess

        strength = assess(first)
        if not strength.acceptable:
            raise CliError("That bundle passphrase is too easy to guess; nothing has been "
                           "written. " + strength.message())
    return first


def cmd_history(args: argparse.Namespace) -> int:
    from .services import changesets
    from .services.families import resolve_family

    with _open(args) as store:
        fid = resolve_family(store, args.family)
        rows = changesets.history(store, fid, limit=args.limit)
    if not rows:
        print("Nothing has been recorded for this family yet.")
        return EXIT_OK
    who_w = max(len("who"), *(len(r["who"] or "-") for r in rows))
    print(f"{'change':>6}  {'when':<16}  {'who':<{who_w}}  what")
    for r in rows:
        when = r["when"].astimezone().strftime("%Y-%m-%d %H:%M")
        what = changesets.command_words(r["command"])
        if r["reverts"] is not None:
            what = f"{what} of change {r['reverts']}"
        if r["what"]:
            what = f"{what} ({r['what']})"
        if r["reverted_by"] is not None:
            what = f"{what} (undone by change {r['reverted_by']})"
        print(f"{r['id']:>6}  {when:<16}  {(r['who'] or '-'):<{who_w}}  {what}")
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    from .services import changesets

    with _open(args) as store:
        new_id = changesets.undo(store, args.changeset)
        summary = changesets.describe(store, new_id)
    print(f"Change {args.changeset} is undone ({summary}). The undo is change {new_id}; "
          f"'safetymap undo {new_id}' would put it back.")
    return EXIT_OK


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from .services.bundles import export_bundle
    from .services.families import resolve_family

    out = Path(args.out).expanduser()
    with _open(args) as store:
        fid = resolve_family(store, args.family)
        result = export_bundle(store, fid, out, _bundle_passphrase(new=True))
    print(f"Wrote {out} ({result.records} records). Send the passphrase separately, "
          "never with the file.")
    return EXIT_OK


def _print_merge_plan(preview: Any, allow: set[str], take: set[str]) -> None:
    """The merge plan: first, in red, every change that would make something more visible
    (each with the key that confirms it), then the records changed on both laptops, then the
    markings made more careful, then everything else."""
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    def red(text: str) -> str:
        return f"\033[1;31m{text}\033[0m" if color else text

    if preview.relaxations:
        print(red("MORE VISIBLE: these changes in the bundle would let something print that is "
                  "kept out of the family's documents here. None is made unless you confirm "
                  "it with --allow-relax KEY:"))
        for r in preview.relaxations:
            done = "you confirmed this" if r.key in allow else "not confirmed, so not made"
            print(red(f"  [{r.key}] {r.sentence} ({done})"))
    if preview.conflicts:
        print("Changed on both laptops (this store's version is kept unless you choose the "
              "bundle's with --take-bundle KEY):")
        for c in preview.conflicts:
            chosen = "; you chose the bundle's" if c.key in take else ""
            print(f"  [{c.key}] {c.describe()}{chosen}")
    if preview.tightenings:
        print("Marked more carefully by the bundle (always applied):")
        for t in preview.tightenings:
            print(f"  {t.sentence}")
    others = [d for d in preview.differences if d.action != "conflict"]
    if others and (preview.relaxations or preview.conflicts or preview.tightenings):
        print("Everything else:")
    for d in others:
        print(d.describe())


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from .services.bundles import ImportMode, import_bundle, preview_import, read_bundle

    allow = set(getattr(args, "allow_relax", None) or [])
    take = set(getattr(args, "take_bundle", None) or [])
    if (allow or take) and not args.merge:
        raise CliError("--allow-relax and --take-bundle only mean something with --merge; "
                       "nothing has been changed.")
    # The bundle is opened and checked completely before the store is even unlocked.
    contents = read_bundle(Path(args.file).expanduser(), _bundle_passphrase(new=False))
    with _open(args) as store:
        preview = preview_import(store, contents)
        mode: ImportMode | None = "copy" if args.as_copy else "merge" if args.merge else None
        if preview.exists or args.dry_run:
            _print_merge_plan(preview, allow, take)
            if preview.exists and not preview.differences:
                print("This store already holds exactly what the bundle holds.")
        if args.dry_run:
            print(f"Dry run: the bundle holds {preview.records} records; nothing has been "
                  "changed.")
            return EXIT_OK
        if preview.needs_choice and mode is None:
            raise CliError(
                "This family is already in the store, so nothing has been changed: run again "
                "with --as-copy to add it as a separate copy, or --merge to bring in what "
                "differs (--dry-run lists the differences).")
        if mode == "merge" and not preview.exists:
            mode = None
        result = import_bundle(store, contents, mode, allow_relax=allow, take_bundle=take)
    how = {"new": "Imported", "copy": "Imported as a separate copy",
           "merge": "Merged"}[result.mode]
    print(f"{how}: family id {result.family_id}; {result.added} records added, "
          f"{result.updated} updated, {result.kept} kept as they were here, "
          f"{result.skipped} left unchanged.")
    if result.relaxations_kept_back:
        print(f"{result.relaxations_kept_back} change(s) that would have made something more "
              "visible were not made; this store's markings were kept. To make one, run again "
              "with --merge --allow-relax KEY.")
    return EXIT_OK


# --- parser --------------------------------------------------------------------------------


# --- the team store (team/) -------------------------------------------------------------------


def _team(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Team commands: a TeamError is a sentence for the user, like a CliError."""
    def run(args: argparse.Namespace) -> int:
        from .team.server import TeamError

        try:
            return func(args)
        except TeamError as exc:
            raise CliError(str(exc)) from None
    run.__doc__ = func.__doc__
    return run


def _team_password(url: str) -> str | None:
    """The password of the URL's login: SAFETYMAP_TEAM_PASSWORD, libpq's own (PGPASSWORD,
    ~/.pgpass, read by libpq itself), or a prompt on a terminal. Never kept anywhere."""
    from psycopg.conninfo import conninfo_to_dict

    if os.environ.get("SAFETYMAP_TEAM_PASSWORD") is not None or os.environ.get("PGPASSWORD"):
        return None
    parts = conninfo_to_dict(url) if url else {}
    if parts.get("password") or parts.get("passfile"):
        return None
    pgpass = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")
    if pgpass.is_file():
        return None
    if sys.stdin and sys.stdin.isatty():
        return getpass.getpass("Team password: ")
    return None


def _stored_team_url(store: Store) -> str:
    from .team import sync

    info = sync.team_info(store)
    if info is None:
        raise CliError("This store has not joined a team yet: safetymap team join URL.")
    return info["url"]


@_team
def cmd_team_init(args: argparse.Namespace) -> int:
    from .team import server

    before, after = server.init(args.url, _team_password(args.url))
    if before == after:
        print(f"The team schema is up to date (revision {after}).")
    else:
        print(f"The team schema is at revision {after}" +
              (f" (was {before})." if before else " (new)."))
    return EXIT_OK


@_team
def cmd_team_add_worker(args: argparse.Namespace) -> int:
    from .team import server

    new = os.environ.get("SAFETYMAP_NEW_WORKER_PASSWORD")
    if new is None and sys.stdin and sys.stdin.isatty():
        new = getpass.getpass(f"Password for {args.login}: ")
        if new != getpass.getpass("Type it again: "):
            raise CliError("The two passwords are different; nothing was changed.")
    server.add_worker(args.url, args.login, args.name, args.role, args.team or "Team",
                      new_password=new or None, password=_team_password(args.url))
    print(f"{args.login} is a {args.role} of team {args.team or 'Team'}."
          + ("" if new else " No password was set: set one with the council's PostgreSQL "
                            "tools before they join."))
    return EXIT_OK


@_team
def cmd_team_allocate(args: argparse.Namespace) -> int:
    from .team import server

    uid = server.allocate(args.url, args.family, args.login, password=_team_password(args.url))
    print(f"Family {uid} is allocated to {args.login}; it reaches their laptop at its next sync.")
    return EXIT_OK


@_team
def cmd_team_deallocate(args: argparse.Namespace) -> int:
    from .team import server

    uid = server.deallocate(args.url, args.family, args.login,
                            password=_team_password(args.url))
    print(f"Family {uid} is no longer allocated to {args.login}; their laptop removes it at "
          "its next sync, after sending anything not yet sent.")
    return EXIT_OK


@_team
def cmd_team_revoke(args: argparse.Namespace) -> int:
    from .team import server

    ended = server.revoke(args.url, args.login, password=_team_password(args.url))
    print(f"{args.login} can no longer connect" +
          (f"; {ended} open connection{'s' if ended != 1 else ''} ended." if ended else "."))
    return EXIT_OK


@_team
def cmd_team_check(args: argparse.Namespace) -> int:
    from .team import server

    result = server.check(args.url, password=_team_password(args.url))
    print(result.sentence, file=sys.stdout if result.ok else sys.stderr)
    return EXIT_OK if result.ok else EXIT_FAIL


@_team
def cmd_team_join(args: argparse.Namespace) -> int:
    store = _open(args)  # team.sync loads after: _open overlaps the store layer with Argon2id
    from .team import sync

    try:
        result = sync.join(store, args.url, _team_password(args.url))
        info = sync.team_info(store) or {}
        print(f"Joined the team as {info.get('name')} ({info.get('role')}). "
              + result.sentence())
    finally:
        store.close()
    return EXIT_OK


@_team
def cmd_sync(args: argparse.Namespace) -> int:
    store = _open(args)
    from .team import sync

    try:
        url = _stored_team_url(store)
        result = sync.sync(store, _team_password(url))
        print(result.sentence())
    finally:
        store.close()
    return EXIT_OK


@_team
def cmd_conflicts(args: argparse.Namespace) -> int:
    from .team import sync

    store = _open(args)
    try:
        rows = sync.open_conflicts(store)
    finally:
        store.close()
    if not rows:
        print("Nothing needs a decision.")
        return EXIT_OK
    for c in rows:
        print(f"{c.id}\t{c.family_name}\t{c.what}")
        print(f"\tmine ({c.mine_by}{', ' + c.mine_at[:16] if c.mine_at else ''}): {c.mine}")
        print(f"\ttheirs ({c.theirs_by}{', ' + c.theirs_at[:16] if c.theirs_at else ''}): "
              f"{c.theirs}")
    return EXIT_OK


@_team
def cmd_resolve(args: argparse.Namespace) -> int:
    from .team import sync

    store = _open(args)
    try:
        url = _stored_team_url(store)
        print(sync.resolve(store, args.conflict, args.keep, combined=args.text,
                           password=_team_password(url)))
    finally:
        store.close()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="safetymap",
        description="Safety Map: safety mapping with families, kept in an encrypted store.",
        epilog="The passphrase is asked for on the terminal, or read from SAFETYMAP_PASSPHRASE.",
    )
    p.add_argument("--version", action="version", version=f"safetymap {__version__}")
    p.add_argument("--store", metavar="PATH", help="the store file (default: your data folder)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("init", help="create a new encrypted store").set_defaults(func=cmd_init)
    sub.add_parser("demo", help="add the fictional demo families").set_defaults(func=cmd_demo)
    pas = sub.add_parser("passphrase", help="change the passphrase, or what unlocking costs")
    psub = pas.add_subparsers(dest="passphrase_command", metavar="ACTION", required=True)
    psub.add_parser("change", help="set a new passphrase (the current one is asked for; the new "
                    "one may come from SAFETYMAP_NEW_PASSPHRASE)").set_defaults(
                        func=cmd_passphrase_change)
    pc = psub.add_parser("cost", help="make the passphrase slower to guess (Argon2id "
                         "calibrated on this machine)")
    pc.add_argument("--seconds", default="1.5", help="about how long unlocking may take "
                    "(default 1.5)")
    pc.set_defaults(func=cmd_passphrase_cost)
    rec = sub.add_parser("recover", help="open with the recovery key (SAFETYMAP_RECOVERY_KEY, "
                         "or asked) and set a new passphrase")
    rec.add_argument("--escrow-key", metavar="FILE",
                     help="use the organisation's escrow private key instead")
    rec.set_defaults(func=cmd_recover)
    sub.add_parser("recovery-key", help="make a new recovery key (the old one stops "
                   "working) and show it once").set_defaults(func=cmd_recovery_key)
    esc = sub.add_parser("escrow", help="for an organisation's IT: the escrow key pair")
    esub = esc.add_subparsers(dest="escrow_command", metavar="ACTION", required=True)
    ek = esub.add_parser("keygen", help="make an escrow key pair; prints the public key for "
                         "the organisation file")
    ek.add_argument("--out", required=True, metavar="FILE", help="where the private key goes")
    ek.add_argument("--name", default="Organisation IT", help="whose key it is, as shown")
    ek.set_defaults(func=cmd_escrow_keygen)
    fam = sub.add_parser("families", help="list families: id, name, last change")
    fam.add_argument("--all", action="store_true", help="include archived families")
    fam.set_defaults(func=cmd_families)
    exp = sub.add_parser("export", help="export one family as JSON or a PDF document")
    exp.add_argument("kind", choices=["json", "plan", "assessment", "children", "supervision"])
    exp.add_argument("family", metavar="FAMILY", help="an id, or a unique name from 'families'")
    exp.add_argument("--out", required=True, metavar="FILE")
    exp.add_argument("--safe-copy", action="store_true",
                     help="leave out every address and phone number not marked safe to share, "
                          "and everything the safety check finds that is not marked fine")
    exp.add_argument("--child", metavar="CHILD",
                     help="children only: just this child's document (an id or a first name); "
                          "without it, each child's document follows the other in one PDF")
    exp.add_argument("--language", choices=["cy", "en", "bilingual"], default=None,
                     help="the document's language: cy (Cymraeg), en (English) or bilingual "
                          "(Welsh first); without it, the family's preferred language")
    exp.set_defaults(func=cmd_export)
    sc = sub.add_parser("safety-check", help="list what in a family document could locate "
                        "someone, and mark findings 'leave out' or 'fine' by their [key]")
    sc.add_argument("kind", choices=["plan", "children", "assessment"])
    sc.add_argument("family", metavar="FAMILY", help="an id, or a unique name from 'families'")
    sc.add_argument("--safe-copy", action="store_true", help="as a safe copy would print")
    sc.add_argument("--omit", action="append", metavar="KEY",
                    help="leave this finding out of the family's copy (repeatable)")
    sc.add_argument("--fine", action="append", metavar="KEY",
                    help="this finding is fine to print (repeatable)")
    sc.add_argument("--forget", action="append", metavar="KEY",
                    help="forget the decision about this finding (repeatable)")
    sc.set_defaults(func=cmd_safety_check)
    prof = sub.add_parser("profile", help="show or set who is writing (name, role, team, "
                          "work phone), printed on every plan")
    for field in ("name", "role", "team", "phone"):
        prof.add_argument(f"--{field}", metavar=field.upper())
    prof.set_defaults(func=cmd_profile)
    chk = sub.add_parser("check", help="check the store and its audit log")
    chk.add_argument("--accept-loss", action="store_true",
                     help="record in the audit log that the losses check reports were seen, "
                          "and seal the store as it is now")
    chk.set_defaults(func=cmd_check)
    his = sub.add_parser("history", help="one family's changes, newest first: change number, "
                         "when, who, what")
    his.add_argument("family", metavar="FAMILY", help="an id, or a unique name from 'families'")
    his.add_argument("--limit", type=int, default=200, metavar="N",
                     help="show at most N changes (default 200)")
    his.set_defaults(func=cmd_history)
    und = sub.add_parser("undo", help="undo one change from 'history' (refused, with a "
                         "sentence, while a later change depends on it)")
    und.add_argument("changeset", metavar="CHANGE", type=int,
                     help="the change number from 'history'")
    und.set_defaults(func=cmd_undo)
    bun = sub.add_parser("bundle", help="hand one family over as an encrypted bundle file",
                         epilog="The bundle passphrase is asked for on the terminal, or read "
                                "from SAFETYMAP_BUNDLE_PASSPHRASE.")
    bsub = bun.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    bex = bsub.add_parser("export", help="write one family to an encrypted .smbundle file")
    bex.add_argument("family", metavar="FAMILY", help="an id, or a unique name from 'families'")
    bex.add_argument("--out", required=True, metavar="FILE")
    bex.set_defaults(func=cmd_bundle_export)
    bim = bsub.add_parser("import", help="check a .smbundle file, then bring its family in")
    bim.add_argument("file", metavar="FILE")
    how = bim.add_mutually_exclusive_group()
    how.add_argument("--as-copy", action="store_true",
                     help="if the family is already here, add the bundle as a separate copy")
    how.add_argument("--merge", action="store_true",
                     help="if the family is already here, bring in what differs (a record "
                          "changes only if it has not changed here since the bundle's copy "
                          "was made; nothing is deleted)")
    bim.add_argument("--dry-run", action="store_true",
                     help="check the bundle and list the differences; change nothing")
    bim.add_argument("--allow-relax", action="append", metavar="KEY",
                     help="with --merge: make this one change that lets something print "
                          "which is kept out here (its KEY is in the dry run; repeatable)")
    bim.add_argument("--take-bundle", action="append", metavar="KEY",
                     help="with --merge: for a record changed on both laptops, take the "
                          "bundle's version (its KEY is in the dry run; repeatable)")
    bim.set_defaults(func=cmd_bundle_import)
    team = sub.add_parser("team", help="the team store on PostgreSQL: set up, workers, "
                          "allocation, joining",
                          epilog="URL is a libpq connection string. Its password is asked for, "
                          "or read from SAFETYMAP_TEAM_PASSWORD or libpq's ~/.pgpass.")
    tsub = team.add_subparsers(dest="team_command", metavar="COMMAND", required=True)
    t = tsub.add_parser("init", help="create or upgrade the team schema (admin)")
    t.add_argument("url")
    t.set_defaults(func=cmd_team_init)
    t = tsub.add_parser("add-worker", help="make LOGIN a PostgreSQL login in a team role",
                        epilog="The new password is asked for, or read from "
                        "SAFETYMAP_NEW_WORKER_PASSWORD.")
    t.add_argument("url")
    t.add_argument("login")
    t.add_argument("--name", required=True, help="the worker's name, as on the plans")
    t.add_argument("--role", required=True, choices=["worker", "supervisor", "admin"])
    t.add_argument("--team", default="Team")
    t.set_defaults(func=cmd_team_add_worker)
    for name, func, what in (("allocate", cmd_team_allocate, "allocate FAMILY to LOGIN"),
                             ("deallocate", cmd_team_deallocate,
                              "take FAMILY away from LOGIN")):
        t = tsub.add_parser(name, help=what + " (FAMILY: team id or unique name)")
        t.add_argument("url")
        t.add_argument("family")
        t.add_argument("login")
        t.set_defaults(func=func)
    t = tsub.add_parser("revoke", help="stop LOGIN connecting, at once")
    t.add_argument("url")
    t.add_argument("login")
    t.set_defaults(func=cmd_team_revoke)
    t = tsub.add_parser("check", help="verify the team audit log's hash chain")
    t.add_argument("url")
    t.set_defaults(func=cmd_team_check)
    t = tsub.add_parser("join", help="connect this laptop's store as the URL's login")
    t.add_argument("url")
    t.set_defaults(func=cmd_team_join)
    sub.add_parser("sync", help="push, then pull, now; prints what moved").set_defaults(
        func=cmd_sync)
    sub.add_parser("conflicts", help="what needs a person's decision").set_defaults(
        func=cmd_conflicts)
    res = sub.add_parser("resolve", help="settle one conflict from 'conflicts'")
    res.add_argument("conflict", type=int)
    res.add_argument("--keep", required=True, choices=["mine", "theirs", "both"])
    res.add_argument("--text", default=None,
                     help="with --keep both: the combined text (default: both, one after "
                     "the other)")
    res.set_defaults(func=cmd_resolve)
    from .cli_backups import add_parsers

    add_parsers(sub)  # backup, backups, restore
    return p


def main(argv: list[str] | None = None) -> int:
    from .hardening import harden

    harden()  # no core file and not dumpable, before any passphrase is read
    config.restrict_umask()
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    try:
        return func(args)
    except (StoreError, CliError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("Stopped; nothing more was changed.", file=sys.stderr)
        return EXIT_FAIL
    except PermissionError:
        print("Safety Map is not allowed to read or write that file.", file=sys.stderr)
        return EXIT_FAIL
    except IsADirectoryError:
        print("That path is a folder; give a file name.", file=sys.stderr)
        return EXIT_FAIL
    except (FileExistsError, NotADirectoryError):
        print("Part of that path is a file, not a folder; give another location.",
              file=sys.stderr)
        return EXIT_FAIL
    except OSError as exc:
        # strerror only ("No space left on device"): never the exception's own text.
        reason = (exc.strerror or "the system refused").rstrip(".")
        print(f"Safety Map could not read or write a file ({reason}); nothing more was changed.",
              file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:  # noqa: BLE001 - the last safety net; see _unexpected
        print(_unexpected(exc), file=sys.stderr)
        return EXIT_FAIL


def _unexpected(exc: Exception) -> str:
    """One sentence for an unexpected failure. Never str(exc): a database error's text carries
    the SQL and its bound parameters, which can be a family's case text."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError):
        orig = str(getattr(exc, "orig", "") or "").lower()
        if any(w in orig for w in ("malformed", "not a database", "corrupt", "disk i/o")):
            return ("The store is damaged: some of its pages cannot be read, so this could not "
                    "be finished; nothing more was changed. Restore it from a backup copy.")
        return (f"Safety Map could not finish because of a database problem "
                f"({type(exc).__name__}); nothing was changed.")
    return (f"Safety Map stopped because of an unexpected problem ({type(exc).__name__}); "
            "nothing more was changed.")


if __name__ == "__main__":
    sys.exit(main())
