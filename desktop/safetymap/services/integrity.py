"""`safetymap check`: is the store sound, is its audit log unbroken, and does it still hold
everything it last committed (the seal, store/seal.py)?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ..store import audit, engine, seal
from ..store.engine import Store


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    #: True when a problem is one `safetymap check --accept-loss` can acknowledge.
    seal_problems: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store) -> CheckReport:
    report = CheckReport()
    try:
        _run_checks(store, report)
    except DBAPIError:
        report.problems.append(
            "The store is damaged: some of its pages cannot be read. Restore it from a backup copy."
        )
    return report


def _run_checks(store: Store, report: CheckReport) -> None:
    with store.engine.connect() as conn:
        # SQLCipher's own check of every page's HMAC: finds tampered or damaged pages.
        # SQLite's own lines are many and technical (one per bad page): a worker reads one
        # sentence with a count; the first few lines stay in `facts` for whoever supports them.
        pages = [str(msg) for (msg,) in conn.execute(text("PRAGMA cipher_integrity_check"))]
        rows = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
        if rows == ["ok"]:
            rows = []
        if pages or rows:
            what = []
            if pages:
                what.append(f"{len(pages)} of its encrypted pages fail their check")
            if rows:
                what.append(f"its structure has {len(rows)} problem"
                            + ("s" if len(rows) != 1 else ""))
            report.problems.append(
                "The store is damaged: " + " and ".join(what) + ". Nothing has been changed. "
                "Keep this file as it is, and restore a backup copy beside it.")
            report.facts += [f"SQLite: {m}" for m in (pages + rows)[:5]]
        fk = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
        if fk:
            report.problems.append(f"{len(fk)} records point at records that no longer exist.")
        try:
            with conn.begin_nested():
                conn.execute(text("INSERT INTO search_index(search_index, rank) "
                                  "VALUES ('integrity-check', 1)"))
        except DBAPIError:
            report.problems.append("The search index does not match the records.")
        for p in audit.verify(conn):
            report.problems.append(p.message)
        n = conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
        fams = conn.execute(text("SELECT count(*) FROM families")).scalar()
        rev = engine.current_revision(conn)
        report.facts.append(f"{fams} families, {n} audit entries, schema {rev}")
        _seal_checks(store, conn, report)


def _seal_checks(store: Store, conn, report: CheckReport) -> None:  # type: ignore[no-untyped-def]
    """What was last committed (the seal) against what can be read now."""
    sealer = getattr(store, "seal", None)
    if not isinstance(sealer, seal.Sealer):
        report.problems.append("This store was opened without its seal, so its recent changes "
                               "could not be checked.")
        return
    a = sealer.assess(conn)
    found = a.problems
    for p in found:
        if p not in report.problems:
            report.problems.append(p)
    if found:
        report.seal_problems = True
    if a.seal is not None:
        report.facts.append(f"{a.db.commits} changes saved; the seal records {a.seal.commits}")
