"""Build the benchmark's data set: 20 cohorts (500 learners in one, 50 in another, 20 in each
of the others), the full course plus a 60-item course, progress for everyone, discussion
threads short and long."""

import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from lms.content.loader import load_package
from lms.extensions import db
from lms.models import Cohort, Course, Enrolment, Item, ItemProgress, User, utcnow
from lms.passwords import hash_password
from lms.services import accounts
from lms.services.course_sync import sync_package

PASSWORD = "bench password 1"  # noqa: S105 - local benchmark account


@dataclass
class BenchData:
    """What the runner needs to know about the data it loads."""

    learner_email: str
    trainer_email: str
    big_cohort_id: int
    small_cohort_id: int
    lesson_url: str
    extra_pages: dict[str, str]
    learner_emails: list[str]  # learners of the real course who can sign in (PASSWORD)
    lesson_urls: list[str]  # every theory lesson and case of the real course
    thread_urls: list[str]  # short threads of the real course's shared space


def write_course(folder: Path, modules: int = 6, per_module: int = 10) -> Path:
    """A generated package of modules × per_module theory lessons of realistic length."""
    lines = ['format = 1', 'slug = "bench"', 'title = "Benchmark course"', 'summary = "s"']
    paragraph = ("A cluster organisation connects firms, universities and public bodies. "
                 "It measures specialisation with location quotients and plans services. ") * 6
    for m in range(modules):
        lines += ["", "[[modules]]", f'slug = "m{m}"', f'title = "Module {m}"']
        for i in range(per_module):
            slug = f"m{m}-l{i}"
            (folder / f"{slug}.md").write_text(
                "\n\n".join(f"## Part {k}\n\n{paragraph}" for k in range(8)))
            lines += ["[[modules.items]]", f'slug = "{slug}"', 'kind = "theory"',
                      f'title = "Lesson {m}.{i}"', f'file = "{slug}.md"', "minutes = 10"]
    (folder / "course.toml").write_text("\n".join(lines) + "\n")
    return folder


def _sync(path: Path) -> Course:
    package, problems = load_package(path)
    if package is None:
        raise SystemExit("\n".join(map(str, problems)))
    sync_package(package)
    db.session.commit()
    return db.session.scalar(sa.select(Course).where(Course.slug == package.slug))


def _bulk_learners(cohort: Cohort, count: int, tag: str,
                   password_hash: str = "x") -> list[int]:  # noqa: S107 - "x" signs nobody in
    now = utcnow()
    ids = list(db.session.scalars(
        sa.insert(User).returning(User.id, sort_by_parameter_order=True),
        [{"email": f"{tag}-{k}@bench.example", "name": f"Learner {tag} {k:04}",
          "organisation": f"Cluster {k % 37}", "country": "Denmark",
          "password_hash": password_hash,
          "role": "learner", "session_version": 1, "created_at": now} for k in range(count)]))
    db.session.execute(sa.insert(Enrolment), [
        {"cohort_id": cohort.id, "user_id": uid, "joined_at": now} for uid in ids])
    return ids


def _progress(user_ids: list[int], item_ids: list[int], always: frozenset = frozenset()) -> None:
    """Each learner has done a different share of the course, and always the `always` items
    (the prerequisites, so that every lesson opens)."""
    now = utcnow()
    rows = []
    for n, uid in enumerate(user_ids):
        reached = (n * 7) % (len(item_ids) + 1)
        for k, item_id in enumerate(item_ids):
            done = k < reached or item_id in always
            if k >= reached + 2 and not done:
                continue
            seen = now - timedelta(days=1 + (n + k) % 20)  # read on earlier days
            rows.append({"user_id": uid, "item_id": item_id, "first_seen_at": seen,
                         "last_seen_at": seen, "completed_at": seen if done else None,
                         "completed_by": "done" if done else None})
    for start in range(0, len(rows), 5000):
        db.session.execute(sa.insert(ItemProgress), rows[start:start + 5000])


def build(app: Flask, courses_path: Path) -> BenchData:
    """Migrate an empty database and fill it."""
    with app.app_context():
        upgrade()
        real = _sync(courses_path / "cluster-management")
        with tempfile.TemporaryDirectory() as tmp:
            bench = _sync(write_course(Path(tmp)))
        trainer = accounts.register_user(email="trainer@bench.example", name="Bench Trainer",
                                         password=PASSWORD, role="trainer")
        learner = accounts.register_user(email="learner@bench.example", name="Bench Learner",
                                         password=PASSWORD)
        cohorts = [Cohort(course_id=bench.id if k < 2 else real.id, name=f"Cohort {k:02}")
                   for k in range(20)]
        for cohort in cohorts:
            cohort.trainers.append(trainer)
        db.session.add_all(cohorts)
        db.session.flush()
        bench_items = list(db.session.scalars(
            sa.select(Item.id).where(Item.course_id == bench.id).order_by(Item.position)))
        lessons = db.session.scalars(  # trainer-only notes are 404 for learners: not in the plan
            sa.select(Item).where(Item.course_id == real.id, Item.for_learners())
            .order_by(Item.position)).all()
        real_items = [i.id for i in lessons]
        needed = {slug for i in lessons for slug in i.prerequisites or []}
        always = frozenset(i.id for i in lessons if i.slug in needed)
        read_lessons = [i.slug for i in lessons if i.kind_info.marked_done]  # theory and cases
        _progress(_bulk_learners(cohorts[0], 500, "big"), bench_items)
        _progress(_bulk_learners(cohorts[1], 50, "small"), bench_items)
        real_hash = hash_password(PASSWORD)  # one hash for all: signing in stays realistic
        for cohort in cohorts[2:]:
            _progress(_bulk_learners(cohort, 20, f"c{cohort.id}", real_hash), real_items,
                      always)
        db.session.add(Enrolment(cohort_id=cohorts[2].id, user_id=learner.id))
        db.session.commit()
        from bench.extra import build_extra, short_threads

        extra_pages = build_extra(app, cohorts[0], learner, trainer)
        from bench.tools import build_workbook

        extra_pages.update(build_workbook(learner))  # the learner is in a cohort of the course
        people = list(db.session.scalars(sa.select(User).join(Enrolment).where(
            Enrolment.cohort_id.in_([c.id for c in cohorts[2:]])).order_by(User.id).limit(40)))
        threads = short_threads(real, trainer, people)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("ANALYZE"))  # fresh statistics after the bulk load
        emails = list(db.session.scalars(
            sa.select(User.email).join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.cohort_id.in_([c.id for c in cohorts[2:]]), User.id != learner.id)
            .order_by(User.id)))
        urls = [f"/courses/cluster-management/items/{slug}" for slug in read_lessons]
        return BenchData(learner.email, trainer.email, cohorts[0].id, cohorts[1].id,
                         "/courses/cluster-management/items/mapping-measuring-concentration",
                         extra_pages, emails, urls, threads)
