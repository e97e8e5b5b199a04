"""Data for the discussion pages of the benchmark: a thread of 5,000 posts, and short threads
of five posts such as most discussions are."""

from datetime import timedelta

import sqlalchemy as sa

from lms.extensions import db
from lms.keyset import LATEST
from lms.models import Course, Post, Thread
from lms.services import forum

POSTS = 5000


SHORT_THREADS = 30


def short_threads(course: Course, trainer, learners: list) -> list[str]:
    """Threads of five posts in the course-wide space, by the course's learners."""
    space = forum.course_space(course)
    urls = []
    for n in range(SHORT_THREADS):
        author = learners[n % len(learners)]
        thread = forum.start_thread(author, space, f"Member services, question {n}",
                                    "Which services do your members pay for?")
        db.session.flush()
        for k in range(4):
            forum.reply(learners[(n + k + 1) % len(learners)] if k % 2 else trainer, thread,
                        f"In our cluster, matchmaking and project development, reply {k}.")
        urls.append(f"/discussions/threads/{thread.id}")
    return urls


def build_extra(app, cohort, learner, trainer) -> dict[str, str]:
    """A long thread in the course-wide space of the real course; its first and last page."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == "cluster-management"))
    thread = forum.start_thread(trainer, forum.course_space(course), "Funding after the grant",
                                "How did your cluster replace its start-up grant?")
    db.session.flush()
    start = thread.created_at + timedelta(seconds=1)
    body = "In our cluster we moved from core funding to paid services, step by step. "
    rows = [{"thread_id": thread.id, "author_id": learner.id if i % 2 else trainer.id,
             "body": body + str(i), "body_html": f"<p>{body}{i}</p>", "like_count": i % 4,
             "created_at": start + timedelta(seconds=i)} for i in range(POSTS - 1)]
    for begin in range(0, len(rows), 1000):
        db.session.execute(sa.insert(Post), rows[begin:begin + 1000])
    db.session.execute(sa.update(Thread).where(Thread.id == thread.id)
                       .values(post_count=POSTS, last_activity_at=start + timedelta(seconds=POSTS)))
    return {"thread, first page": f"/discussions/threads/{thread.id}",
            "thread, last page": f"/discussions/threads/{thread.id}?before={LATEST}"}
