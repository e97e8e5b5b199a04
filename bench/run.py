"""`make bench`: serve the app with gunicorn and its production settings on PostgreSQL, and load
it with wrk as people use it: the headline is a realistic mixed workload (many signed-in
learners, each lesson view a different page, progress written, dashboards, threads, replies
with CSRF tokens); the breakdown loads single pages. Every figure is a ratio to a bare Flask
route served by the same gunicorn in the same run. Exits non-zero when a target is missed.

`python bench/run.py --peer module:app --plan FILE [--page NAME=PATH ...]` runs the same
method against another WSGI app (see docs/performance.md).
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import mix  # noqa: E402
from bench.targets import check_targets  # noqa: E402

DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
MIX_DURATION = int(os.environ.get("BENCH_MIX_SECONDS", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
MIX_ROUNDS = int(os.environ.get("BENCH_MIX_ROUNDS", "2"))
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "300"))
MIX_PLAN_SIZE = 60_000  # requests per round's plan: more than a round sends
# One browser's User-Agent for signing in and for the load, as a real browser keeps it: the
# login session is bound to it (session protection), and a changed one makes every response
# rewrite the session cookie, which no real visitor causes.
USER_AGENT = "lms-bench/1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(base: str, email: str, password: str) -> mix.Learner:
    """Sign in through the real form; the session cookie and a CSRF token for later forms."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/account/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    opener.open(base + "/account/login", data.encode())
    home = opener.open(base + "/learn").read().decode()
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', home).group(1)
    return mix.Learner("; ".join(f"{c.name}={c.value}" for c in jar), csrf)


def probe(url: str, cookie: str) -> tuple[int, str]:
    """Status and SQL query count of one request; warns when a page read rewrites the session
    cookie, a cost no page view should have."""
    request = urllib.request.Request(  # noqa: S310
        url, headers={"Cookie": cookie, "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 - our own server
            if cookie and response.headers.get("Set-Cookie"):
                print(f"  warning: {url} sets a cookie on a repeated view", flush=True)
            return response.status, response.headers.get("X-Query-Count", "?")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Query-Count", "?")


def wrk(args: list[str]) -> str:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own server
        [shutil.which("wrk"), f"-t{CONNECTIONS}", f"-c{CONNECTIONS}", "-H",
         f"User-Agent: {USER_AGENT}", *args],
        check=True, capture_output=True, text=True).stdout


def load(url: str, cookie: str) -> tuple[float, float]:
    """Requests per second and p95 latency (ms) of one URL under wrk."""
    # wrk's default 2 s timeout counted one stalled bare request as a failure and aborted
    # the run; the mix allows 10 s, and so does this (a slow request shows in the p95).
    out = wrk([f"-d{DURATION}s", "--timeout", "10s", "-s", str(ROOT / "bench" / "report.lua"),
               *(["-H", f"Cookie: {cookie}"] if cookie else []), url])
    match = re.search(r"BENCH rps=([\d.]+) p95_ms=([\d.]+) errors=(\d+)", out)
    if int(match.group(3)):
        raise SystemExit(f"{url}: {match.group(3)} failed requests\n{out}")
    return float(match.group(1)), float(match.group(2))


def load_mix(base: str, plan_file: Path) -> tuple[float, dict[str, mix.KindStats]]:
    """Requests per second and per-kind statistics of the mixed workload under wrk."""
    env = {**os.environ, "BENCH_PLAN": str(plan_file), "BENCH_THREADS": str(CONNECTIONS),
           "BENCH_USER_AGENT": USER_AGENT}
    out = subprocess.run(  # noqa: S603 - fixed arguments, our own server
        [shutil.which("wrk"), f"-t{CONNECTIONS}", f"-c{CONNECTIONS}", f"-d{MIX_DURATION}s",
         "--timeout", "10s", "-s", str(ROOT / "bench" / "mix.lua"), base],
        check=True, capture_output=True, text=True, env=env).stdout
    rps, errors, kinds = mix.parse_mix(out)
    if errors:
        raise SystemExit(f"mixed workload: {errors} socket errors")
    return rps, kinds


def serve(app_spec: str, env: dict) -> tuple[subprocess.Popen, str]:
    """gunicorn with the production settings of gunicorn.conf.py (2 × cores + 1 workers,
    2 threads each), without worker recycling in the middle of a measurement."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "-b",
         f"127.0.0.1:{port}", "--max-requests", "0", app_spec],
        cwd=ROOT, env={**os.environ, **env}, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/_bench/bare")  # noqa: S310
            return server, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"{app_spec} did not start")


def measure(base: str, plans: list[Path], pages: list[tuple[str, str, str]]) -> dict:
    """The mixed workload and the single pages, each after a bare-route run."""
    bare_runs, mix_runs, kinds = [], [], {}
    for number, plan_file in enumerate(plans, 1):
        print(f"  mixed workload, round {number} ...", flush=True)
        bare_runs.append(load(base + "/_bench/bare", ""))
        rps, round_kinds = load_mix(base, plan_file)
        mix_runs.append(rps)
        for kind, stats in round_kinds.items():
            merged = kinds.setdefault(kind, mix.KindStats())
            merged.count += stats.count
            merged.latencies_ms += stats.latencies_ms
            merged.queries += stats.queries
            for status, n in stats.statuses.items():
                merged.statuses[status] = merged.statuses.get(status, 0) + n
    runs: dict[str, list] = {name: [] for name, _, _ in pages}
    for round_number in range(1, ROUNDS + 1):
        # Every other round runs backwards, so a page early in one is late in the next.
        for name, path, cookie in pages if round_number % 2 else pages[::-1]:
            print(f"  round {round_number}: {name} ...", flush=True)
            bare_runs.append(load(base + "/_bench/bare", ""))
            status, queries = probe(base + path, cookie)
            rps, p95 = load(base + path, cookie)
            runs[name].append((rps, p95, queries, status))
    bare = mean(r for r, _ in bare_runs)
    every = mix.overall(kinds)
    results = {
        "bare": {"rps": bare, "p95_ms": max(p for _, p in bare_runs)},
        "mix": {"rps": mean(mix_runs), "ratio": mean(mix_runs) / bare, "p50_ms": every.p50,
                "p95_ms": every.p95, "requests": every.count, "statuses": every.statuses,
                "max_queries": max(every.queries, default=-1),
                "kinds": {kind: {"requests": s.count, "p50_ms": s.p50, "p95_ms": s.p95,
                                 "max_queries": max(s.queries, default=-1),
                                 "statuses": s.statuses} for kind, s in kinds.items()}},
        "pages": {name: {"rps": mean(r[0] for r in rows), "ratio": mean(r[0] for r in rows) / bare,
                         "p95_ms": max(r[1] for r in rows), "queries": max(r[2] for r in rows),
                         "status": rows[0][3]} for name, rows in runs.items()},
    }
    return results


def report(results: dict) -> None:
    """Print the headline and the breakdown."""
    m, bare = results["mix"], results["bare"]["rps"]
    print(f"\nMixed workload: {m['rps']:.1f} req/s against {bare:.1f} for the bare route: "
          f"ratio {m['ratio']:.3f}; p50 {m['p50_ms']:.1f} ms, p95 {m['p95_ms']:.1f} ms "
          f"({m['p95_ms'] / m['p50_ms']:.1f}× the median); {m['requests']} requests, "
          f"statuses {m['statuses']}")
    print(f"\n{'kind':14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}  statuses")
    for kind, k in sorted(m["kinds"].items(), key=lambda kv: -kv[1]["requests"]):
        print(f"{kind:14} {k['requests']:>8} {k['p50_ms']:>8.1f} {k['p95_ms']:>8.1f} "
              f"{k['max_queries']:>7}  {k['statuses']}")
    print(f"\n{'page':42} {'status':>6} {'queries':>7} {'req/s':>9} {'p95 ms':>8} {'ratio':>7}")
    print(f"{'bare route':42} {200:>6} {0:>7} {bare:>9.1f} "
          f"{results['bare']['p95_ms']:>8.2f} {1:>7.3f}")
    for name, p in results["pages"].items():
        print(f"{name:42} {p['status']:>6} {p['queries']:>7} {p['rps']:>9.1f} "
              f"{p['p95_ms']:>8.2f} {p['ratio']:>7.3f}")
    if "tools" in results:
        t = results["tools"]
        print(f"\nLocation quotient, {t['industries']} industries: compute "
              f"{t['compute_ms']:.2f} ms, parse and compute {t['parse_and_compute_ms']:.2f} ms")


def ours() -> int:
    """Build the data set in a fresh database and measure this app."""
    from bench.build import PASSWORD, build
    from bench.data import fresh_database

    url = fresh_database("lms_perf_bench")
    os.environ.update(DATABASE_URL=url, SECRET_KEY="bench-secret")  # noqa: S106 - local bench
    from bench.wsgi import app

    print(f"Building the data set in {url.split('@')[-1]} ...", flush=True)
    started = time.monotonic()
    data = build(app, ROOT / "courses")
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    server, base = serve("bench.wsgi:app", {})
    try:
        emails = data.learner_emails[:LEARNERS]
        print(f"  signing in {len(emails)} learners ...", flush=True)
        with ThreadPoolExecutor(CONNECTIONS) as pool:
            learners = list(pool.map(lambda e: sign_in(base, e, PASSWORD), emails))
        single = sign_in(base, data.learner_email, PASSWORD)
        trainer = sign_in(base, data.trainer_email, PASSWORD)
        with tempfile.TemporaryDirectory() as tmp:
            plans = [mix.write_plan(mix.plan(
                learners, data.lesson_urls, data.thread_urls,
                data.extra_pages["thread, first page"], MIX_PLAN_SIZE,
                start=round_number * MIX_PLAN_SIZE), Path(tmp) / f"plan-{round_number}.tsv")
                for round_number in range(MIX_ROUNDS)]
            pages = [
                ("lesson page (learner)", data.lesson_url, single.cookie),
                ("learner dashboard", "/learn", single.cookie),
                ("thread of 5 posts", data.thread_urls[0], single.cookie),
                ("trainer grid, 500 learners x 60 items",
                 f"/trainer/cohorts/{data.big_cohort_id}", trainer.cookie),
                ("trainer grid, 50 learners x 60 items",
                 f"/trainer/cohorts/{data.small_cohort_id}", trainer.cookie),
                *[(name, path, single.cookie) for name, path in data.extra_pages.items()],
            ]
            results = measure(base, plans, pages)
    finally:
        server.terminate()
        server.wait(timeout=20)
    results["learners"] = len(learners)
    from bench.tools import timings

    results["tools"] = timings()
    report(results)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "last.json").write_text(json.dumps(results, indent=2))
    return check_targets(results)


def peer(args) -> int:
    """The same method against another WSGI app: its plan, its pages, our bare route."""
    env = {"BENCH_PEER_APP": args.peer}
    if args.peer_path:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), args.peer_path,
                                             os.environ.get("PYTHONPATH", "")])
    rows = mix.read_plan(Path(args.plan))
    pages = []
    for spec in args.page:
        name, _, rest = spec.partition("=")
        path, _, cookie = rest.partition("|")
        pages.append((name, path, cookie))
    server, base = serve("bench.peer:app", env)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            plans = [mix.write_plan(rows, Path(tmp) / "plan.tsv")] * MIX_ROUNDS
            results = measure(base, plans, pages)
    finally:
        server.terminate()
        server.wait(timeout=20)
    report(results)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer", help="another WSGI app to measure, as module:attribute")
    parser.add_argument("--peer-path", help="a folder to import the peer app from")
    parser.add_argument("--plan", help="the peer's mixed workload: a TSV of kind, GET or "
                        "POST, path, Cookie header, form body (see bench/mix.py)")
    parser.add_argument("--page", action="append", default=[],
                        help="a single page for the breakdown: NAME=PATH or NAME=PATH|COOKIE")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    if args.peer:
        if not args.plan:
            parser.error("--peer needs --plan")
        return peer(args)
    return ours()


if __name__ == "__main__":
    sys.exit(main())
