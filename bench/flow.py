"""The crowd bench: introslack and the floor app, side by side, against one fake Slack.

Run: .venv/bin/python bench/flow.py [--backend sqlite|postgres|both] [--concurrency 1,20,50]
         [--intros 30] [--rounds 2] [--json results.json]
SQLite runs introslack as `python app.py`; PostgreSQL runs the README's gunicorn command
(2 workers x 4 threads, bound to 127.0.0.1) on a scratch database, introslack_bench. The floor
(bench/floor_app.py) always runs on Bolt's built-in server, one process, state in memory.
Each intro is a fresh trio of people: /intro @a @b → modal → submission → both requests →
both Accept → group DM post → connector told. Rounds alternate floor, introslack, floor, … at
each concurrency (people walking through an intro at once), so machine noise hits both.
Prints p50 / p99 per metric, introslack's ratio to the floor, and PASS/FAIL per target.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchkit import (
    AppProcess,
    cpu_by_pid,
    cpu_spent,
    drop_postgres_database,
    fresh_postgres_database,
    percentile,
    postgres_backends,
)
from crowd import (
    ACK_DEADLINE,
    WAIT_TIMEOUT,
    AppShape,
    BenchSlack,
    IntroTimes,
    Trio,
    driver_for,
    floor_shape,
    introslack_shape,
    run_intro,
    seed_trios,
    start_floor,
    start_introslack,
)

APPS = ("floor", "introslack")
POSTGRES_DATABASE = "introslack_bench"
ACK_KINDS = ("/intro", "submission", "Accept")
QUIET = 0.3  # seconds without a Web API call: the app has finished the round's work
QUIET_TIMEOUT = 60.0


@dataclass
class Round:
    """One app's round at one concurrency: every intro's times and the app's resource use."""

    app: str
    people: int
    intros: list[IntroTimes]
    wall: float
    cpu: float
    db_cpu: float
    bench_cpu: float
    peak_rss_mb: float
    api_calls: int


@dataclass
class Summary:
    """One app at one concurrency, all its rounds together."""

    acks: dict[str, tuple[float, float]]
    submission_to_requests: tuple[float, float]
    second_accept_to_introduction: tuple[float, float]
    cpu_ms: float
    db_cpu_ms: float
    bench_cpu_ms: float
    throughput: float
    peak_rss_mb: float
    slow_acks: int
    failures: int
    failure_examples: list[str]
    api_calls: float
    intros: int

    def value(self, metric: str) -> tuple[float, float]:
        """(p50, p99) for a latency; (value, NaN) for a single figure."""
        nan = float("nan")
        if metric in ACK_KINDS:
            return self.acks[metric]
        single = {
            "cpu_ms": self.cpu_ms,
            "db_cpu_ms": self.db_cpu_ms,
            "bench_cpu_ms": self.bench_cpu_ms,
            "throughput": self.throughput,
            "peak_rss_mb": self.peak_rss_mb,
            "slow_acks": float(self.slow_acks),
            "failures": float(self.failures),
            "api_calls": self.api_calls,
        }
        if metric in single:
            return single[metric], nan
        pair: tuple[float, float] = getattr(self, metric)
        return pair


@dataclass
class BackendResult:
    backend: str
    levels: dict[int, dict[str, Summary]] = field(default_factory=dict)


def p50_p99_ms(values: list[float]) -> tuple[float, float]:
    return percentile(values, 50) * 1000, percentile(values, 99) * 1000


def summarise(rounds: list[Round]) -> Summary:
    intros = [t for r in rounds for t in r.intros]
    done = [t for t in intros if t.failure is None]
    count = len(done) or float("nan")  # per finished intro: nothing to show if none finished
    acks = {kind: [a for t in intros for a in t.acks.get(kind, [])] for kind in ACK_KINDS}
    failures = [t.failure for t in intros if t.failure is not None]
    return Summary(
        acks={kind: p50_p99_ms(values) for kind, values in acks.items()},
        submission_to_requests=p50_p99_ms(
            [t.submission_to_requests for t in done if t.submission_to_requests is not None]
        ),
        second_accept_to_introduction=p50_p99_ms(
            [
                t.second_accept_to_introduction
                for t in done
                if t.second_accept_to_introduction is not None
            ]
        ),
        cpu_ms=sum(r.cpu for r in rounds) / count * 1000,
        db_cpu_ms=sum(r.db_cpu for r in rounds) / count * 1000,
        bench_cpu_ms=sum(r.bench_cpu for r in rounds) / count * 1000,
        throughput=len(done) / max(1e-9, sum(r.wall for r in rounds)),
        peak_rss_mb=max(r.peak_rss_mb for r in rounds),
        slow_acks=sum(1 for values in acks.values() for a in values if a >= ACK_DEADLINE),
        failures=len(failures),
        failure_examples=sorted(set(failures))[:3],
        api_calls=sum(r.api_calls for r in rounds) / count,
        intros=len(done),
    )


def run_round(
    slack: BenchSlack,
    name: str,
    app: AppProcess,
    shape: AppShape,
    trios: list[Trio],
    people: int,
    *,
    database: str | None,
    timeout: float,
) -> Round:
    app.reset_peak_rss()
    cpu_before = app.cpu()
    watch_db = database is not None and name != "floor"
    db_before = cpu_by_pid(postgres_backends(database)) if database and watch_db else {}
    bench_before = os.times()
    calls_before = slack.api_calls
    started = time.perf_counter()

    def one(trio: Trio) -> IntroTimes:
        return run_intro(slack, driver_for(slack, app), shape, trio, timeout=timeout)

    with ThreadPoolExecutor(max_workers=people, thread_name_prefix=f"{name}-person") as pool:
        intros = list(pool.map(one, trios))
    finished = [t.finished_at for t in intros if t.finished_at is not None]
    wall = (max(finished) if finished else time.perf_counter()) - started
    if not slack.quiet_for(QUIET, timeout=QUIET_TIMEOUT):
        print(
            f"  {name} was still calling Slack {QUIET_TIMEOUT:.0f}s after its round",
            file=sys.stderr,
        )
    bench_after = os.times()
    db_after = cpu_by_pid(postgres_backends(database)) if database and watch_db else {}
    return Round(
        app=name,
        people=people,
        intros=intros,
        wall=wall,
        cpu=cpu_spent(cpu_before, app.cpu()),
        db_cpu=cpu_spent(db_before, db_after),
        bench_cpu=(bench_after.user + bench_after.system)
        - (bench_before.user + bench_before.system),
        peak_rss_mb=app.peak_rss_mb(),
        api_calls=slack.api_calls - calls_before,
    )


def take(trios: Iterator[Trio], count: int) -> list[Trio]:
    return [next(trios) for _ in range(count)]


def run_backend(
    backend: str, levels: list[int], *, intros: int, rounds: int, warmup: int, timeout: float
) -> BackendResult:
    gunicorn = backend == "postgres"
    result = BackendResult(backend)
    per_level = {people: max(intros, people) for people in levels}
    needed = warmup + rounds * sum(per_level.values())
    shapes = {"floor": floor_shape(), "introslack": introslack_shape()}
    apps: dict[str, AppProcess] = {}
    with tempfile.TemporaryDirectory(prefix="introslack-bench-") as folder, BenchSlack() as slack:
        trios = {name: iter(seed_trios(slack, name[0].upper(), needed)) for name in APPS}
        database = POSTGRES_DATABASE if gunicorn else None
        if database:
            url = fresh_postgres_database(database)
        else:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        try:
            apps["floor"] = start_floor(slack, Path(folder))
            apps["introslack"] = start_introslack(
                slack, Path(folder), database_url=url, gunicorn=gunicorn
            )
            for name in APPS:  # first requests pay for imports, connections and caches
                run_round(
                    slack,
                    name,
                    apps[name],
                    shapes[name],
                    take(trios[name], warmup),
                    1,
                    database=database,
                    timeout=timeout,
                )
            for people in levels:
                done: dict[str, list[Round]] = {name: [] for name in APPS}
                for number in range(rounds):
                    for name in APPS:
                        measured = run_round(
                            slack,
                            name,
                            apps[name],
                            shapes[name],
                            take(trios[name], per_level[people]),
                            people,
                            database=database,
                            timeout=timeout,
                        )
                        done[name].append(measured)
                        progress(backend, people, number + 1, measured)
                result.levels[people] = {name: summarise(done[name]) for name in APPS}
        finally:
            for app in apps.values():
                app.stop()
            if database:
                drop_postgres_database(database)
    return result


def progress(backend: str, people: int, number: int, measured: Round) -> None:
    failed = sum(1 for t in measured.intros if t.failure)
    print(
        f"  {backend} {people:>3} people round {number} {measured.app:<10} "
        f"{len(measured.intros)} intros in {measured.wall:5.1f}s, "
        f"cpu {measured.cpu:5.2f}s, {failed} failed",
        file=sys.stderr,
        flush=True,
    )


# -- report -------------------------------------------------------------------------------

ROWS: list[tuple[str, str, bool]] = [
    # (metric, label, has p99)
    ("/intro", "ack `/intro` (ms)", True),
    ("submission", "ack submission (ms)", True),
    ("Accept", "ack Accept (ms)", True),
    ("submission_to_requests", "submission → both requests (ms)", True),
    ("second_accept_to_introduction", "second Accept → intro posted or scheduled (ms)", True),
    ("cpu_ms", "CPU per intro, app processes (ms)", False),
    ("throughput", "throughput (intros/s)", False),
    ("peak_rss_mb", "peak RSS, app processes (MB)", False),
    ("slow_acks", "acks over 3 s", False),
    ("failures", "intros not finished", False),
    ("api_calls", "Web API calls per intro", False),
    ("db_cpu_ms", "PostgreSQL CPU per intro (ms)", False),
    ("bench_cpu_ms", "bench process CPU per intro (ms)", False),
]


COUNTS = frozenset({"slow_acks", "failures"})


def fmt(value: float, digits: int = 1) -> str:
    return "-" if value != value else f"{value:.{digits}f}"  # NaN shows as a dash


def ratio(a: float, b: float) -> float:
    return a / b if b and a == a and b == b else float("nan")


SERVERS = {"sqlite": "`python app.py`", "postgres": "gunicorn, 2 workers x 4 threads"}


def people_label(people: int) -> str:
    return "1 person" if people == 1 else f"{people} people"


def cell(floor: float, ours: float, digits: int) -> str:
    shown = f"{fmt(floor, digits)} / {fmt(ours, digits)}"
    rate = ratio(ours, floor)
    return shown if rate != rate else f"{shown} ({rate:.2f}x)"


def table(result: BackendResult) -> list[str]:
    """A markdown table: one column per concurrency, each cell floor / introslack (ratio)."""
    levels = sorted(result.levels)
    lines = [
        f"{result.backend}: introslack on {SERVERS[result.backend]}, "
        "the floor on Bolt's built-in server. Each cell: floor / introslack (ratio).",
        "",
        "| metric | " + " | ".join(people_label(p) for p in levels) + " |",
        "|---" * (len(levels) + 1) + "|",
    ]
    for metric, label, has_p99 in ROWS:
        if metric == "db_cpu_ms" and result.backend != "postgres":
            continue
        digits = 2 if metric == "throughput" else 0 if metric in COUNTS else 1
        for index, name in enumerate(("p50", "p99") if has_p99 else ("",)):
            cells = []
            for people in levels:
                apps = result.levels[people]
                floor, ours = apps["floor"].value(metric), apps["introslack"].value(metric)
                cells.append(cell(floor[index], ours[index], digits))
            title = label.replace(" (", f" {name} (", 1) if name else label
            lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return lines


@dataclass(frozen=True)
class Target:
    """A goal: a figure from introslack's and the floor's summaries, and what passes."""

    label: str
    backend: str
    people: int
    figure: Callable[[Summary, Summary], float]  # (floor, introslack) -> figure
    passes: Callable[[float], bool]
    unit: str = "x the floor"
    digits: int = 2


def ack_p99_ratio(kind: str) -> Callable[[Summary, Summary], float]:
    return lambda floor, ours: ratio(ours.acks[kind][1], floor.acks[kind][1])


def all_targets(results: list[BackendResult]) -> list[Target]:
    measured = {r.backend: sorted(r.levels) for r in results}
    found: list[Target] = []
    for backend in ("sqlite", "postgres"):
        for people in measured.get(backend) or [50]:
            found.append(
                Target(
                    "CPU per intro <= 2x floor",
                    backend,
                    people,
                    lambda f, o: ratio(o.cpu_ms, f.cpu_ms),
                    lambda r: r <= 2,
                )
            )
    found.append(
        Target(
            "zero acks over 3 s",
            "postgres",
            50,
            lambda f, o: float(o.slow_acks),
            lambda n: n == 0,
            unit="acks over 3 s",
            digits=0,
        )
    )
    found += [
        Target(f"ack {kind} p99 <= 1.5x floor", "postgres", 50, ack_p99_ratio(kind), le(1.5))
        for kind in ACK_KINDS
    ]
    found.append(
        Target(
            "throughput >= 3x floor",
            "postgres",
            50,
            lambda f, o: ratio(o.throughput, f.throughput),
            lambda r: r >= 3,
        )
    )
    found += [
        Target(
            "second Accept -> intro post p50 <= 2x floor",
            backend,
            1,
            lambda f, o: ratio(
                o.second_accept_to_introduction[0], f.second_accept_to_introduction[0]
            ),
            le(2),
        )
        for backend in ("sqlite", "postgres")
    ]
    return found


def le(limit: float) -> Callable[[float], bool]:
    return lambda r: r <= limit


def targets(results: list[BackendResult]) -> list[str]:
    """One line per target: the figure and PASS/FAIL, or why it was not measured."""
    by_backend = {r.backend: r for r in results}
    lines = []
    for target in all_targets(results):
        where = f"[{target.backend}, {people_label(target.people)}]"
        result = by_backend.get(target.backend)
        apps = result.levels.get(target.people) if result else None
        if apps is None:
            lines.append(f"{target.label} {where}: not measured in this run")
            continue
        figure = target.figure(apps["floor"], apps["introslack"])
        outcome = "PASS" if target.passes(figure) else "FAIL"
        lines.append(f"{target.label} {where}: {figure:.{target.digits}f} {target.unit} {outcome}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--concurrency", default="1,20,50", help="comma-separated people counts")
    parser.add_argument("--intros", type=int, default=30, help="per round (at least `people`)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per app and concurrency")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured intros per app first")
    parser.add_argument("--timeout", type=float, default=WAIT_TIMEOUT, help="per step, seconds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--report", type=Path, help="only print the figures saved with --json")
    args = parser.parse_args()
    if args.report:
        report(load(args.report))
        return
    levels = [int(n) for n in args.concurrency.split(",")]
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    started = time.monotonic()
    results = [
        run_backend(
            backend,
            levels,
            intros=args.intros,
            rounds=args.rounds,
            warmup=args.warmup,
            timeout=args.timeout,
        )
        for backend in backends
    ]
    if args.json:
        figures = {
            r.backend: {p: {n: asdict(s) for n, s in a.items()} for p, a in r.levels.items()}
            for r in results
        }
        args.json.write_text(json.dumps(figures, indent=2))
    report(results)
    print(f"\n(bench took {time.monotonic() - started:.0f}s)")


def load(path: Path) -> list[BackendResult]:
    saved = json.loads(path.read_text())
    return [
        BackendResult(
            backend,
            {int(p): {n: Summary(**s) for n, s in apps.items()} for p, apps in levels.items()},
        )
        for backend, levels in saved.items()
    ]


def report(results: list[BackendResult]) -> None:
    for result in results:
        print("\n".join(table(result)), end="\n\n")
        for people, apps in result.levels.items():
            for name, summary in apps.items():
                for example in summary.failure_examples:
                    print(f"unfinished ({result.backend}, {people} people, {name}): {example}")
    print("\n".join(targets(results)))


if __name__ == "__main__":
    main()
