"""`safetymap check`: is the store sound, and is its audit log unbroken?"""

from __future__ import annotations

from dataclasses import dataclass, field

from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ..store import audit
from ..store.engine import Store


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

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
        for (msg,) in conn.execute(text("PRAGMA cipher_integrity_check")):
            report.problems.append(f"Encrypted page check: {msg}")
        rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        if rows != ["ok"]:
            report.problems += [f"Database structure: {r}" for r in rows[:20]]
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
        rev = MigrationContext.configure(conn).get_current_revision()
        report.facts.append(f"{fams} families, {n} audit entries, schema {rev}")
