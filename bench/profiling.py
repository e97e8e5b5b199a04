"""`python bench/profiling.py`: where a signed-in page spends its time, in process, on PostgreSQL.

Builds the benchmark's data set in a fresh database (BENCH_DB, default lms_perf_profile),
signs in through the real form, then for each page kind serves PROFILE_REQUESTS requests
through the WSGI app under cProfile: lessons cycle through the course and through distinct
learners (so first views write progress, as real use does), and prints the mean time per
request, the SQL queries, and the functions with the largest cumulative time.
"""

import cProfile
import io
import os
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import PASSWORD, build  # noqa: E402
from bench.data import fresh_database  # noqa: E402

REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "400"))
TOP = int(os.environ.get("PROFILE_TOP", "18"))
# Where the time of a page goes, by the library function that does it (cumulative time).
CATEGORIES = {
    "SQL: ORM execute, round trips included": ("sqlalchemy/orm/session.py", "_execute_internal"),
    "SQL: commit": ("sqlalchemy/orm/session.py", "commit"),
    "templates: render_template": ("flask/templating.py", "render_template"),
    "url_for": ("flask/app.py", "url_for"),
    "CSRF token: generate_csrf": ("flask_wtf/csrf.py", "generate_csrf"),
    "loading the signed-in user": ("flask_login/utils.py", "_get_user"),
}


def signed_in(app, email: str):
    """A test client signed in through the login form."""
    client = app.test_client()  # https, as PREFERRED_URL_SCHEME says: CSRF wants a referrer
    client.environ_base["HTTP_REFERER"] = "https://localhost/account/login"
    page = client.get("/account/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/account/login", data={"csrf_token": token, "email": email,
                                                    "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def profile(name: str, calls) -> None:
    """Serve the first half of the calls plainly (timed), the second half under cProfile:
    distinct calls, so first views of a lesson stay first views."""
    half = len(calls) // 2
    for call in calls[:5]:
        call()  # warm: templates compiled, connections open
    started = time.perf_counter()
    for call in calls[5:half]:
        call()
    plain = 1000 * (time.perf_counter() - started) / (half - 5)
    profiler = cProfile.Profile()
    queries = []
    profiler.enable()
    for call in calls[half:]:
        response = call()
        queries.append(int(response.headers.get("X-Query-Count", -1)))
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt
    count = len(calls) - half
    print(f"\n=== {name}: {plain:.2f} ms per request, {1000 * total / count:.2f} ms under the "
          f"profiler; {min(queries)}-{max(queries)} queries; {len(response.data):,} bytes")
    rows = stats.stats  # (file, line, function) -> (primitive calls, calls, own, cumulative, _)
    for label, (file_part, function) in CATEGORIES.items():
        found = [(v[1], v[3]) for k, v in rows.items() if file_part in k[0] and k[2] == function]
        calls_, cum = sum(c for c, _ in found), sum(t for _, t in found)
        print(f"  {100 * cum / total:5.1f} %  {calls_ / count:7.1f} per request  {label}")
    ours = sorted(((v[3], v[1], k) for k, v in rows.items() if "/lms/" in k[0]), reverse=True)
    for cum, calls_, (file, line, function) in ours[:TOP]:
        where = file.split("/lms/", 1)[1]
        print(f"  {100 * cum / total:5.1f} %  {calls_ / count:7.1f} per request  "
              f"lms/{where}:{line}({function})")


def main() -> None:
    url = fresh_database(os.environ.get("BENCH_DB", "lms_perf_profile"))
    os.environ.update(DATABASE_URL=url, SECRET_KEY="bench-secret")  # noqa: S106 - local only
    from bench.wsgi import app

    data = build(app, ROOT / "courses")
    learners = [signed_in(app, email) for email in data.learner_emails[:20]]
    trainer = signed_in(app, data.trainer_email)
    lessons, thread = data.lesson_urls, data.extra_pages["thread, first page"]
    who = [learners[k % len(learners)] for k in range(REQUESTS)]
    pages = [lessons[(k // len(learners)) % len(lessons)] for k in range(REQUESTS)]  # no repeats
    calls = {
        "lesson page (distinct learners and lessons)": [
            (lambda c=who[k], u=pages[k]: c.get(u)) for k in range(REQUESTS)],
        "learner dashboard": [(lambda c=who[k]: c.get("/learn")) for k in range(REQUESTS)],
        "thread of 5,000 posts, first page": [
            (lambda c=who[k]: c.get(thread)) for k in range(REQUESTS // 2)],
        "trainer grid, 500 learners x 60 items": [
            (lambda: trainer.get(f"/trainer/cohorts/{data.big_cohort_id}"))
            for _ in range(REQUESTS // 4)],
    }
    only = os.environ.get("PROFILE_ONLY", "")
    for name, page_calls in calls.items():
        if only in name:
            profile(name, page_calls)


if __name__ == "__main__":
    main()
