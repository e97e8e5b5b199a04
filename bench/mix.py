"""The realistic mixed workload: what many signed-in people do, as a plan of requests that
bench/mix.lua replays with wrk, and the statistics of what came back. Pure: no app, no I/O
beyond the plan file, so it is importable (and testable) anywhere.

A plan line is `kind<TAB>method<TAB>path<TAB>cookie<TAB>body`; wrk's connections share the
plan, connection i taking lines i, i + n, i + 2n, ... so no two send the same request at once.
"""

import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

# Shares of the mix, per 100 requests: mostly lessons, as in a course; every lesson view is
# a different (learner, lesson) pair, so each records "last seen" as a first view does.
SHARES = {"lesson": 62, "dashboard": 14, "thread": 15, "long thread": 2, "mark done": 4,
          "reply": 3}


@dataclass
class Learner:
    """A signed-in learner: the Cookie header of their session and a CSRF token for forms."""

    cookie: str
    csrf: str


def plan(learners: list[Learner], lessons: list[str], threads: list[str], long_thread: str,
         total: int, start: int = 0, seed: int = 23) -> list[tuple[str, str, str, str, str]]:
    """`total` requests in a shuffled but fixed order (the same seed gives the same plan);
    lesson views take the (learner, lesson) pairs from `start` on, so that plans for
    successive rounds view different pairs."""
    rng = random.Random(seed + start)  # noqa: S311 - a reproducible workload, not a secret
    pairs = [(who, path) for path in lessons for who in learners]
    rng.shuffle(pairs)
    kinds = [kind for kind, share in SHARES.items() for _ in range(share)]
    rows = []
    for n in range(total):
        kind = kinds[rng.randrange(len(kinds))]
        who = learners[rng.randrange(len(learners))]
        if kind == "lesson":
            who, path = pairs[(start + n) % len(pairs)]
            rows.append((kind, "GET", path, who.cookie, ""))
        elif kind == "mark done":
            who, path = pairs[(n * 7 + 1) % len(pairs)]
            rows.append((kind, "POST", f"{path}/done", who.cookie, f"csrf_token={who.csrf}"))
        elif kind == "dashboard":
            rows.append((kind, "GET", "/learn", who.cookie, ""))
        elif kind == "thread":
            rows.append((kind, "GET", rng.choice(threads), who.cookie, ""))
        elif kind == "long thread":
            rows.append((kind, "GET", long_thread, who.cookie, ""))
        else:
            body = f"csrf_token={who.csrf}&body=Our+members+pay+for+matchmaking+{n}"
            rows.append((kind, "POST", f"{rng.choice(threads)}/reply", who.cookie, body))
    return rows


def write_plan(rows, path: Path) -> Path:
    """The plan as the TSV file mix.lua reads."""
    for row in rows:
        if any("\t" in value or "\n" in value for value in row):
            raise ValueError(f"a tab or newline in a plan field: {row!r}")
    path.write_text("".join("\t".join(row) + "\n" for row in rows))
    return path


def read_plan(path: Path) -> list[tuple[str, ...]]:
    """A plan file written by hand or by `write_plan` (for another app's workload)."""
    rows = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or fields[1] not in ("GET", "POST"):
            raise ValueError(f"{path}:{number}: expected kind, GET or POST, path[, cookie, body]")
        rows.append(tuple((fields + ["", ""])[:5]))
    return rows


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


@dataclass
class KindStats:
    """What one kind of request measured under the mixed load."""

    count: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    queries: list[int] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 0.95) if self.latencies_ms else 0.0


SAMPLE = re.compile(r"^S (?P<kind>.+?)\t(?P<status>\d+)\t(?P<us>[\d.]+)\t(?P<queries>-?\d+)$")
TOTAL = re.compile(r"^BENCH rps=(?P<rps>[\d.]+) errors=(?P<errors>\d+)")


def parse_mix(output: str) -> tuple[float, int, dict[str, KindStats]]:
    """Requests/s, socket errors and per-kind statistics from mix.lua's output."""
    kinds: dict[str, KindStats] = {}
    rps, errors = 0.0, 0
    for line in output.splitlines():
        if match := SAMPLE.match(line):
            stats = kinds.setdefault(match["kind"], KindStats())
            stats.count += 1
            stats.latencies_ms.append(float(match["us"]) / 1000)
            status = int(match["status"])
            stats.statuses[status] = stats.statuses.get(status, 0) + 1
            if int(match["queries"]) >= 0:
                stats.queries.append(int(match["queries"]))
        elif match := TOTAL.match(line):
            rps, errors = float(match["rps"]), int(match["errors"])
    return rps, errors, kinds


def overall(kinds: dict[str, KindStats]) -> KindStats:
    """Every request of the mix together."""
    every = KindStats()
    for stats in kinds.values():
        every.count += stats.count
        every.latencies_ms += stats.latencies_ms
        every.queries += stats.queries
        for status, n in stats.statuses.items():
            every.statuses[status] = every.statuses.get(status, 0) + n
    return every
