"""`make bench`: build a realistic store and measure what a worker feels.

1,000 fictional families, each with about 8 people, 40 map entries, 10 scores and 20 chronology
events, written through the real ORM and session hooks (edit history, audit chain, FTS index).
Prints a table and writes build/bench.json. These are measurements, not pass/fail tests: the
targets are printed beside the figures.

Whole-process figures (fresh interpreters, nothing warmed; ARCHITECTURE.md, "Performance"):
`cli_*_s` run the `safetymap` command against the bench store, `gui_start_ms` starts the app
offscreen until the unlock screen is shown (SAFETYMAP_EXIT_WHEN_SHOWN=1), `gui_first_export_ms`
is the first plan export after unlocking, and `export_long_assessment_ms` exports an assessment
whose analysis is a 200,000-character paste with line breaks (in a subprocess with a timeout, so
a slow layout reports null and a note instead of hanging the bench).

Environment knobs (for a quick look while developing): BENCH_FAMILIES (default 1000),
BENCH_LONG_TIMEOUT (seconds, default 180).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import entries as entry_cmds
from safetymap.services import families
from safetymap.services import scores as score_cmds
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
    "cli_export_plan_over_families": 1.3,
    "gui_start_ms": 1000,
    "export_long_assessment_ms": 5000,
    "history_growth_ratio": 10,
    "undo_remove_person_ms": 100,
}
COLD_RUNS = 5
LONG_ENTRY_CHARS = 200_000

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


def build_family(session: Any, rng: random.Random, n: int) -> m.Family:
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
    return fam


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
        entry_cmds.edit(store, rng.choice(entry_ids), text=sentence(rng))
        score_cmds.record(store, fid, rng.randint(0, 10), reasons="bench")
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


def merge(results: dict[str, Any], more: dict[str, Any]) -> None:
    notes = results.get("notes", []) + more.pop("notes", [])
    results.update(more)
    if notes:
        results["notes"] = notes


def main() -> int:
    started = time.perf_counter()
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

        saves = [timed(lambda: entry_cmds.edit(store, rng.choice(entry_ids), text=sentence(rng)))
                 for _ in range(200)]
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
        merge(results, process_benchmarks(work, path, fids[0]))
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
        # The same encrypted workload without SQLCipher's memory security (wiping freed
        # memory, issue "a locked laptop holds nothing"): page encryption's own cost is
        # sqlcipher_overhead_ratio; the wiping's is memory_security_ratio. The app always runs
        # with it on (workload_sqlcipher_ms).
        # In a fresh process: once SQLCipher's memory security has been on in a process,
        # switching it off again does not take its cost away.
        t_nomem = float(_child_json(NO_MEMORY_SECURITY, [str(work / "enc2.db"), str(small)],
                                    dict(os.environ), timeout=600))
        plain.close()
        results["workload_plain_ms"] = round(t_plain, 1)
        results["workload_sqlcipher_ms"] = round(t_enc, 1)
        results["workload_sqlcipher_no_memory_security_ms"] = round(t_nomem, 1)
        results["sqlcipher_overhead_ratio"] = round(t_nomem / t_plain, 3)
        results["memory_security_ratio"] = round(t_enc / t_nomem, 3)

        merge(results, export_benchmarks(work))
        merge(results, history_benchmarks(work))
        merge(results, long_assessment_benchmark(work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["bench_s"] = round(time.perf_counter() - started, 1)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\n{'measure':<32}{'value':>12}{'target':>12}")
    for k, v in results.items():
        if k == "notes":
            continue
        target = TARGETS.get(k)
        mark = ("" if target is None else "  (no figure: see the notes)" if v is None
                else "  ok" if v <= target else "  OVER")
        print(f"{k:<32}{v!s:>12}{'' if target is None else '<= ' + str(target):>12}{mark}")
    for note in results.get("notes", []):
        print(f"note: {note}")
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


# --- history: what typing costs the store, and what undo costs the worker --------------------


ANALYSIS_WORDS = 3000
WORDS_PER_AUTOSAVE = 5  # ui/autosave.py saves about 600 ms after a pause: every few words
WORDS_PER_FIELD_VISIT = 500  # the worker leaves the field (the burst ends) now and then


def history_benchmarks(work: Path) -> dict[str, Any]:
    """`history_growth_ratio`: the bytes a 3,000-word analysis adds to the store, over the
    bytes typed, autosaved every 5 words through the real command (with its coalescing) and
    the field left every 500 words; the store checkpointed before and after.
    `undo_remove_person_ms`: undoing the removal of a child with a year of records (weekly
    visits, Three Houses, scores, how they know everyone), median of 5."""
    from safetymap.services import assessment, changesets, childs_voice, demo, people, visits

    out: dict[str, Any] = {}
    path = work / "history.db"
    store = Store.create(path, PASS, keys.KdfParams.fast_for_tests())
    fid = demo.add_demo_families(store)[0]
    rng = random.Random(17)
    words = [rng.choice(PHRASES).split()[rng.randrange(3)] for _ in range(ANALYSIS_WORDS)]

    def size() -> int:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(f.stat().st_size for f in store_files(path) if f.exists())

    start = size()
    for n in range(WORDS_PER_AUTOSAVE, ANALYSIS_WORDS + 1, WORDS_PER_AUTOSAVE):
        assessment.edit(store, fid, analysis=" ".join(words[:n]))
        if n % WORDS_PER_FIELD_VISIT == 0:
            changesets.close_burst(store)
    typed = len(" ".join(words).encode("utf-8"))
    out["history_growth_ratio"] = round((size() - start) / typed, 2)
    out["history_typed_bytes"] = typed

    doc = families.load_family(store, fid)
    child = next(p for p in doc["people"] if p["role"] == "child")
    others = [p["id"] for p in doc["people"] if p["id"] != child["id"]]
    year = m.utcnow() - timedelta(days=365)
    for week in range(52):
        visits.record(store, fid, year + timedelta(days=7 * week), place="home",
                      attendance=[visits.Attendance(person_id=child["id"], present=True,
                                                    seen=True, seen_alone=week % 2 == 0)])
    for i in range(36):
        childs_voice.add_house_entry(store, fid, child["id"], list(m.House)[i % 3],
                                     f"entry {i}")
    for pid in others:
        people.set_child_relation(store, child["id"], pid, known_as="x", helper=True)
    times = []
    for _ in range(5):
        people.remove(store, child["id"])
        removed = store.last_changeset_id
        assert removed is not None
        times.append(timed(lambda r=removed: changesets.undo(store, r)))
    out["undo_remove_person_ms"] = round(statistics.median(times), 1)
    store.close()
    return out


# --- whole processes: what a worker waits for from a cold start --------------------------------


def _child_env(work: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, SAFETYMAP_PASSPHRASE=PASS, SAFETYMAP_HOME=str(work / "home"),
               **extra)
    env.pop("SAFETYMAP_TEST_FAST_KDF", None)
    return env


def _safetymap_cmd() -> list[str]:
    script = Path(sys.executable).with_name("safetymap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "safetymap"]


def _run_s(cmd: list[str], env: dict[str, str], timeout: float = 120) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, text=True, timeout=timeout)
    return time.perf_counter() - t


def _failure(exc: BaseException) -> str:
    """What stopped a child process, in one line (its last line of stderr)."""
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"not finished after {exc.timeout:.0f} s (stopped)"
    stderr = getattr(exc, "stderr", "") or ""
    last = stderr.strip().splitlines()[-1:] or ["no message"]
    return f"failed, exit {getattr(exc, 'returncode', '?')}: {last[0][:200]}"


def _child_json(code: str, args: list[str], env: dict[str, str], timeout: float = 120) -> Any:
    """Run `code` in a fresh interpreter (sys.argv[1:] = args); its last stdout line is JSON."""
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True,
                          timeout=timeout, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


FIRST_EXPORT = """
import json, sys, time
from pathlib import Path
from safetymap.store.engine import Store
store = Store.open(Path(sys.argv[1]), sys.argv[2])
t = time.perf_counter()
from safetymap.services.documents import export_document
export_document(store, int(sys.argv[3]), "plan", Path(sys.argv[4]))
ms = (time.perf_counter() - t) * 1000
store.close()
print(json.dumps(ms))
"""


NO_MEMORY_SECURITY = """
import json, random, statistics, sys
from pathlib import Path
sys.path.insert(0, "tests/benchmarks")
from safetymap.store import engine, keys
engine.MEMORY_SECURITY = False  # before the first connection of this process
import run_bench as rb
store = engine.Store.create(Path(sys.argv[1]), rb.PASS, keys.KdfParams.fast_for_tests())
rb.build(store, int(sys.argv[2]))
rb.workload(store, random.Random(3), 10)
ms = statistics.median(rb.workload(store, random.Random(5)) for _ in range(3))
store.close()
print(json.dumps(ms))
"""


def process_benchmarks(work: Path, store_path: Path, fid: int) -> dict[str, Any]:
    """Fresh processes against the bench store: the CLI export and listing, the first export
    after unlocking, and the app's start to its unlock screen. One untimed run of each first
    (the OS file cache), then medians of cold runs."""
    env = _child_env(work)
    cli = _safetymap_cmd() + ["--store", str(store_path)]
    pdf = str(work / "cli-plan.pdf")
    export_cmd = cli + ["export", "plan", str(fid), "--out", pdf]
    families_cmd = cli + ["families"]
    out: dict[str, Any] = {"notes": []}
    for name, cmd in (("cli_export_plan_s", export_cmd), ("cli_families_s", families_cmd)):
        try:
            _run_s(cmd, env)
            out[name] = round(statistics.median(_run_s(cmd, env) for _ in range(COLD_RUNS)), 3)
        except subprocess.SubprocessError as exc:
            out[name] = None
            out["notes"].append(f"{name}: {_failure(exc)}")
    out["cli_export_plan_over_families"] = (
        round(out["cli_export_plan_s"] / out["cli_families_s"], 2)
        if out["cli_export_plan_s"] and out["cli_families_s"] else None)

    args = [str(store_path), PASS, str(fid), str(work / "first-plan.pdf")]
    try:
        firsts = [_child_json(FIRST_EXPORT, args, env) for _ in range(3)]
        out["gui_first_export_ms"] = round(statistics.median(firsts), 1)
    except subprocess.SubprocessError as exc:
        out["gui_first_export_ms"] = None
        out["notes"].append(f"gui_first_export_ms: {_failure(exc)}")

    gui_env = _child_env(work, QT_QPA_PLATFORM="offscreen", SAFETYMAP_EXIT_WHEN_SHOWN="1")
    starts = []
    for i in range(COLD_RUNS + 1):
        t = time.time()
        try:
            done = subprocess.run(cli, env=gui_env, capture_output=True, text=True, timeout=60)
        except subprocess.SubprocessError as exc:
            out["notes"].append(f"gui_start_ms: {_failure(exc)}")
            break
        shown = [ln for ln in done.stdout.splitlines() if ln.startswith("shown ")]
        if not shown:
            out["notes"].append(
                f"gui_start_ms: the app did not report its unlock screen (exit {done.returncode})")
            break
        if i:  # the first run only fills the OS file cache
            starts.append((float(shown[-1].split()[1]) - t) * 1000)
    out["gui_start_ms"] = round(statistics.median(starts), 1) if starts else None
    return out


LONG_EXPORT = """
import json, random, sys, time
from pathlib import Path
sys.path.insert(0, {bench_dir!r})
import run_bench as rb
from safetymap.services.documents import export_document
from safetymap.store import keys
from safetymap.store.engine import Store
import textwrap
rng = random.Random(13)
prose = ""
while len(prose) < {chars}:
    prose += rb.sentence(rng) + " "
text = "\\n".join(textwrap.wrap(prose, 100))[:{chars}]
with Store.create(Path({path!r}), rb.PASS, keys.KdfParams.fast_for_tests()) as store:
    with store.session() as s:
        fam = rb.build_family(s, rng, 0)
        fam.assessment.analysis = text
        s.flush()
        fid = fam.id
    t = time.perf_counter()
    export_document(store, fid, "assessment", Path({pdf!r}))
    print(json.dumps((time.perf_counter() - t) * 1000))
"""


def long_assessment_benchmark(work: Path) -> dict[str, Any]:
    """One assessment export whose analysis is a 200,000-character paste: a report copied in
    with its line breaks (lines of up to 100 characters), the slowest shape found for the
    layout (one unbroken paragraph, or the same text in a map entry, lay out faster). Timed
    inside a fresh process with a timeout."""
    timeout = float(os.environ.get("BENCH_LONG_TIMEOUT", "180"))
    code = LONG_EXPORT.format(bench_dir=str(Path(__file__).parent), chars=LONG_ENTRY_CHARS,
                              path=str(work / "long.db"), pdf=str(work / "long.pdf"))
    env = _child_env(work)
    try:
        ms = _child_json(code, [], env, timeout=timeout)
    except subprocess.SubprocessError as exc:
        return {"export_long_assessment_ms": None,
                "notes": [f"export_long_assessment_ms: {_failure(exc)}"]}
    return {"export_long_assessment_ms": round(ms, 1)}


def export_benchmarks(work: Path) -> dict[str, Any]:
    """PDF export times for the demo family with a year of history (issue: documents)."""
    try:
        from safetymap.services.documents import export_document
    except ImportError:
        return {"export_plan_ms": None, "export_assessment_ms": None}
    from safetymap.services.demo import add_demo_families

    with Store.create(work / "demo.db", PASS, keys.KdfParams.fast_for_tests()) as store:
        fid = add_demo_families(store)[0]
        out: dict[str, Any] = {"notes": []}
        for kind in ("plan", "assessment"):
            try:
                export_document(store, fid, kind, work / f"{kind}.pdf")  # warm fonts
                times = [timed(lambda k=kind: export_document(store, fid, k, work / f"{k}.pdf"))
                         for _ in range(5)]
                out[f"export_{kind}_ms"] = round(statistics.median(times), 1)
            except Exception as exc:  # noqa: BLE001 - a measurement, not a test: say and go on
                out[f"export_{kind}_ms"] = None
                out["notes"].append(f"export_{kind}_ms: the export failed "
                                    f"({type(exc).__name__})")
    return out


if __name__ == "__main__":
    sys.exit(main())
