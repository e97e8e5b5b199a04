"""`make bench`: build the data set, serve the app with gunicorn on 127.0.0.1, load each page
with wrk, and print requests/s and p95 as ratios against a bare Flask route."""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from statistics import mean

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import PASSWORD, build  # noqa: E402
from config import database_url  # noqa: E402

DURATION = os.environ.get("BENCH_SECONDS", "5")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def fresh_database() -> str:
    """A new, empty PostgreSQL database (the production engine), else a SQLite file."""
    try:
        admin = sa.create_engine(database_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text('DROP DATABASE IF EXISTS "lms_bench" WITH (FORCE)'))
            conn.execute(sa.text('CREATE DATABASE "lms_bench"'))
        admin.dispose()
        return database_url(PG_ADMIN_URL.rsplit("/", 1)[0] + "/lms_bench")
    except sa.exc.OperationalError:
        path = ROOT / "bench" / "results" / "bench.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login(base: str, email: str) -> str:
    """Sign in through the real form; return the session cookie for wrk."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/account/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
    opener.open(base + "/account/login", data.encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def probe(url: str, cookie: str) -> tuple[int, str]:
    """Status and SQL query count of one request."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310 - our own server
        return response.status, response.headers.get("X-Query-Count", "?")


def load(url: str, cookie: str) -> tuple[float, float]:
    """Requests per second and p95 latency (ms) under wrk."""
    out = subprocess.run(  # noqa: S603 - fixed arguments, our own server
        [shutil.which("wrk"), "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "-s",
         str(ROOT / "bench" / "report.lua"), "-H", f"Cookie: {cookie}", url],
        check=True, capture_output=True, text=True).stdout
    match = re.search(r"BENCH rps=([\d.]+) p95_ms=([\d.]+) errors=(\d+)", out)
    if int(match.group(3)):
        raise SystemExit(f"{url}: {match.group(3)} failed requests\n{out}")
    return float(match.group(1)), float(match.group(2))


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    url = fresh_database()
    os.environ.update(DATABASE_URL=url, SECRET_KEY="bench-secret",  # noqa: S106 - local bench
                      CACHE_KEY_PREFIX=f"lms-bench:{uuid.uuid4().hex}:")
    from bench.wsgi import app

    print(f"Building the data set in {url.split('@')[-1]} ...", flush=True)
    started = time.monotonic()
    data = build(app, ROOT / "courses")
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The production settings of gunicorn.conf.py (2 × cores + 1 workers, 2 threads each),
    # without worker recycling in the middle of a measurement.
    server = subprocess.Popen(  # noqa: S603 - our own server
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
         "--max-requests", "0", "bench.wsgi:app"], cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz")  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        learner, trainer = login(base, data.learner_email), login(base, data.trainer_email)
        pages = [
            ("lesson page (learner)", data.lesson_url, learner),
            ("learner dashboard", "/learn", learner),
            ("trainer grid, 500 learners x 60 items", f"/trainer/cohorts/{data.big_cohort_id}",
             trainer),
            ("trainer grid, 50 learners x 60 items", f"/trainer/cohorts/{data.small_cohort_id}",
             trainer),
            *[(name, path, learner) for name, path in data.extra_pages.items()],
        ]
        runs: dict[str, list] = {name: [] for name, _, _ in pages}
        bare_runs = []
        for round_number in range(1, ROUNDS + 1):
            # Every other round runs backwards, so a page early in one is late in the next.
            for name, path, cookie in pages if round_number % 2 else pages[::-1]:
                # The bare route is loaded before each page, and every page is loaded in each
                # round: the means average out the machine's drift over the run.
                print(f"  round {round_number}: {name} ...", flush=True)
                bare_runs.append(load(base + "/_bench/bare", ""))
                status, queries = probe(base + path, cookie)
                rps, p95 = load(base + path, cookie)
                runs[name].append((rps, p95, queries, status))
        bare = mean(r for r, _ in bare_runs)
        results = {"bare route": (bare, max(p for _, p in bare_runs), "0", 200, 1.0)}
        for name, rows in runs.items():
            rps = mean(r[0] for r in rows)
            results[name] = (rps, max(r[1] for r in rows), max(r[2] for r in rows), rows[0][3],
                             rps / bare)
        print(f"\n{'page':42} {'status':>6} {'queries':>7} {'req/s':>9} {'p95 ms':>8} {'ratio':>7}")
        for name, (rps, p95, queries, status, ratio) in results.items():
            print(f"{name:42} {status:>6} {queries:>7} {rps:>9.1f} {p95:>8.2f} {ratio:>7.3f}")
    finally:
        server.terminate()
        server.wait(timeout=20)
    return check_targets(results)


def check_targets(results: dict) -> int:
    """Compare against the targets of docs/performance.md; non-zero exit if one is missed."""
    ratio = {name: row[4] for name, row in results.items()}
    targets = [
        ("lesson page >= 0.40x bare", ratio["lesson page (learner)"] >= 0.40),
        ("grid 500 >= 0.05x bare", ratio["trainer grid, 500 learners x 60 items"] >= 0.05),
        ("grid 500 costs <= 5x grid 50", ratio["trainer grid, 50 learners x 60 items"]
         / ratio["trainer grid, 500 learners x 60 items"] <= 5),
        ("every page <= 10 queries",
         all(row[2] != "?" and int(row[2]) <= 10 for row in results.values())),
    ]
    from bench.tools import BUDGET_MS, INDUSTRIES, lq_milliseconds

    compute_ms, parse_ms = lq_milliseconds()
    print(f"\nLQ tool, {INDUSTRIES} industries: compute {compute_ms:.2f} ms, "
          f"parse and compute {parse_ms:.2f} ms")
    targets.append((f"LQ tool {INDUSTRIES} industries < {BUDGET_MS:.0f} ms", parse_ms < BUDGET_MS))
    if "thread, last page" in results:
        targets.append(("thread last page >= 0.8x first page",
                        results["thread, last page"][0] / results["thread, first page"][0]
                        >= 0.8))
    print()
    for label, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
