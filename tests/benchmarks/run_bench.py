"""`make bench`: build a realistic store and measure what a worker feels.

1,000 fictional families, each with about 8 people, 40 map entries, 10 scores and 20 chronology
events, written through the real ORM and session hooks (edit history, audit chain, FTS index).
Prints a table and writes build/bench.json. These are measurements, not pass/fail tests: the
targets are printed beside the figures.

Environment knobs (for a quick look while developing): BENCH_FAMILIES (default 1000).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import editing, families
from safetymap.store import keys, search
from safetymap.store.engine import Store, _alembic_config, _make_engine, store_files
from safetymap.store.lock import StoreLock

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "bench.json"
PASS = "benchmark passphrase with plenty of words"
TARGETS = {
    "open_family_ms": 50,
    "save_edit_ms_p95": 20,
    "search_ms_p95": 50,
    "sqlcipher_overhead_ratio": 1.5,
}

FIRST = ["Sarah", "Tomasz", "Lena", "Jakub", "Gwen", "Siôn", "Ŵyn", "Łukasz", "Ștefan", "Ayşe",
         "Megan", "Rhys", "Aisha", "Omar", "Chloe", "Dylan", "Nia", "Osian", "Zofia", "Mihai",
         "Ffion", "Callum", "Priya", "Kacper", "Elin", "Gethin", "Amira", "Jamal", "Ruby", "Noah"]
LAST = ["Hughes", "Kowalski", "Davies", "Jones", "Evans", "Williams", "Yılmaz", "Popescu",
        "Nowak", "ap Gwilym", "Thomas", "Roberts", "Lewis", "Price", "Morgan", "Khan", "Ahmed",
        "Wiśniewski", "Pritchard", "Owen"]
ROLES = ["adult", "adult", "child", "child", "child", "network", "network", "professional"]
PHRASES = [
    "came to school with bruises on her arm", "shouts when he has been drinking",
    "takes the children to their nan's when things get loud", "is behind on the rent",
    "reads a story every night", "keeps the house warm and the children fed",
    "missed three health visitor appointments", "walks the children to school every day",
    "phoned the duty team when she felt low", "has a new partner the children do not know",
    "the children say they feel safe at nan's house", "loud arguments late at night",
]
AREAS = [a for a in m.MapArea]


def sentence(rng: random.Random) -> str:
    who = f"{rng.choice(FIRST)}"
    return f"{who} {rng.choice(PHRASES)}, and {rng.choice(PHRASES)}."


def build_family(session: Any, rng: random.Random, n: int) -> None:
    fam = m.Family(display_name=f"{rng.choice(LAST)} family {n}",
                   template_id=rng.choice(["child-protection", "wellbeing"]))
    fam.assessment = m.Assessment(analysis=sentence(rng) * 3, decision=sentence(rng),
                                  rationale=sentence(rng), family_note=sentence(rng))
    fam.safety_plan = m.SafetyPlan(content={"rules": [{"text": sentence(rng),
                                                       "who_makes_sure": []}] * 4})
    people = []
    for role in ROLES:
        p = m.Person(name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", role=m.PersonRole(role),
                     relationship_label=role)
        p.contacts = [m.ContactDetail(kind=m.ContactKind.PHONE, value="07700 900000"),
                      m.ContactDetail(kind=m.ContactKind.ADDRESS, value=f"{n} Heol y Bont",
                                      confidential=rng.random() < 0.3)]
        people.append(p)
    fam.people = people
    fam.entries = [m.MapEntry(area=AREAS[i % len(AREAS)], text=sentence(rng), position=i,
                              view_label="worker") for i in range(40)]
    start = m.utcnow() - timedelta(days=365)
    fam.scores = [m.Score(value=rng.randint(0, 10), reasons=sentence(rng),
                          scorer_label=rng.choice(["worker", "school", "mum"]),
                          scored_at=start + timedelta(days=36 * i)) for i in range(10)]
    fam.chronology = [m.ChronologyEvent(occurred_on=date(2026, 1, 1) + timedelta(days=17 * i),
                                        title=sentence(rng)[:80], detail=sentence(rng))
                      for i in range(20)]
    session.add(fam)


def build(store: Store, n_families: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for i in range(n_families):
        with store.session() as s:
            build_family(s, rng, i)
        if (i + 1) % 100 == 0:
            print(f"  built {i + 1}/{n_families} families", file=sys.stderr)


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def workload(store: Store, rng: random.Random, rounds: int = 60) -> float:
    """The same edits and reads, for the plain-vs-encrypted comparison."""
    with store.session() as s:
        fids = list(s.scalars(select(m.Family.id)))
        entry_ids = list(s.scalars(select(m.MapEntry.id).limit(2000)))
    t0 = time.perf_counter()
    for _ in range(rounds):
        fid = rng.choice(fids)
        families.load_family(store, fid)
        editing.update_entity(store, "MapEntry", rng.choice(entry_ids), text=sentence(rng))
        editing.record_score(store, fid, rng.randint(0, 10), reasons="bench")
        families.search_families(store, rng.choice(FIRST + LAST)[:4])
    return (time.perf_counter() - t0) * 1000


def plain_store(path: Path) -> Store:
    """Unencrypted SQLite with the same schema and hooks: ONLY to measure SQLCipher's cost."""
    from alembic import command
    from sqlalchemy import text

    engine = _make_engine(path, None, None)
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.execute(text("INSERT INTO store_meta(key, value) VALUES ('format', 'bench')"))
    lock = StoreLock(path)
    lock.acquire()
    return Store(path, engine, lock)


def main() -> int:
    n = int(os.environ.get("BENCH_FAMILIES", "1000"))
    os.environ.pop("SAFETYMAP_TEST_FAST_KDF", None)
    work = Path(tempfile.mkdtemp(prefix="safetymap-bench-"))
    results: dict[str, Any] = {"families": n}
    try:
        path = work / "bench.db"
        print(f"Building a store of {n} families ...", file=sys.stderr)
        t0 = time.perf_counter()
        store = Store.create(path, PASS, keys.KdfParams())
        build(store, n)
        results["build_s"] = round(time.perf_counter() - t0, 1)
        store.close()

        unlocks = []
        for _ in range(3):
            t = time.perf_counter()
            store = Store.open(path, PASS)
            unlocks.append((time.perf_counter() - t) * 1000)
            store.close()
        results["unlock_ms"] = round(statistics.median(unlocks), 1)
        store = Store.open(path, PASS)
        rng = random.Random(11)
        with store.session() as s:
            fids = list(s.scalars(select(m.Family.id)))
            entry_ids = list(s.scalars(select(m.MapEntry.id)))

        opens = [timed(lambda: families.load_family(store, rng.choice(fids))) for _ in range(100)]
        results["open_family_ms"] = round(statistics.median(opens), 2)
        results["open_family_ms_p95"] = round(pct(opens, 95), 2)

        saves = [timed(lambda: editing.update_entity(store, "MapEntry", rng.choice(entry_ids),
                                                     text=sentence(rng))) for _ in range(200)]
        results["save_edit_ms_p50"] = round(statistics.median(saves), 2)
        results["save_edit_ms_p95"] = round(pct(saves, 95), 2)

        terms = [w[:k] for w in FIRST + LAST + ["bruises", "drinking", "rent", "school"]
                 for k in (3, 5)]
        fts_only, searches = [], []
        for term in terms:
            with store.engine.connect() as conn:
                fts_only.append(timed(lambda t=term: search.search_family_ids(conn, t)))
            searches.append(timed(lambda t=term: families.search_families(store, t)))
        results["search_fts_ms_p95"] = round(pct(fts_only, 95), 2)
        results["search_ms_p95"] = round(pct(searches, 95), 2)
        results["list_families_ms"] = round(timed(lambda: families.list_families(store)), 1)
        store.close()
        results["store_mb"] = round(sum(f.stat().st_size for f in store_files(path)
                                        if f.exists()) / 1e6, 1)

        # SQLCipher overhead: the same smaller store built twice, the same workload on each.
        small = min(n, 200)
        enc = Store.create(work / "enc.db", PASS, keys.KdfParams.fast_for_tests())
        plain = plain_store(work / "plain.db")
        build(enc, small)
        build(plain, small)
        workload(enc, random.Random(3), 10)  # warm caches alike
        workload(plain, random.Random(3), 10)
        t_enc = statistics.median(workload(enc, random.Random(5)) for _ in range(3))
        t_plain = statistics.median(workload(plain, random.Random(5)) for _ in range(3))
        enc.close()
        plain.close()
        results["workload_plain_ms"] = round(t_plain, 1)
        results["workload_sqlcipher_ms"] = round(t_enc, 1)
        results["sqlcipher_overhead_ratio"] = round(t_enc / t_plain, 3)

        results.update(export_benchmarks(work))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    print(f"\n{'measure':<28}{'value':>12}{'target':>10}")
    for k, v in results.items():
        target = TARGETS.get(k)
        mark = "" if target is None else ("  ok" if v is not None and v <= target else "  OVER")
        print(f"{k:<28}{v!s:>12}{'' if target is None else '<= ' + str(target):>10}{mark}")
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


def export_benchmarks(work: Path) -> dict[str, Any]:
    """PDF export times for the demo family with a year of history (issue: documents)."""
    try:
        from safetymap.services.documents import export_document
    except ImportError:
        return {"export_plan_ms": None, "export_assessment_ms": None}
    from safetymap.services.demo import add_demo_families

    with Store.create(work / "demo.db", PASS, keys.KdfParams.fast_for_tests()) as store:
        fid = add_demo_families(store)[0]
        out: dict[str, Any] = {}
        for kind in ("plan", "assessment"):
            export_document(store, fid, kind, work / f"{kind}.pdf")  # warm fonts
            times = [timed(lambda k=kind: export_document(store, fid, k, work / f"{k}.pdf"))
                     for _ in range(5)]
            out[f"export_{kind}_ms"] = round(statistics.median(times), 1)
    return out


if __name__ == "__main__":
    sys.exit(main())
