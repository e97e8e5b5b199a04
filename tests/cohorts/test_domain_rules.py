"""The named domain rules read the same on an object and in a query."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Course, Enrolment, Item
from lms.models.user import utcnow


def test_an_active_enrolment_is_one_not_removed(make_cohort, make_user):
    stays, leaves = make_user(), make_user()
    cohort = make_cohort(learners=[stays, leaves])
    enrolments = {e.user_id: e for e in db.session.scalars(
        sa.select(Enrolment).where(Enrolment.cohort_id == cohort.id))}
    enrolments[leaves.id].removed_at = utcnow()
    db.session.flush()
    active = db.session.scalars(sa.select(Enrolment.user_id).where(
        Enrolment.cohort_id == cohort.id, Enrolment.is_active)).all()
    assert active == [stays.id]
    assert enrolments[stays.id].is_active and not enrolments[leaves.id].is_active


def test_a_live_item_is_one_not_archived(load_sample_package):
    course = load_sample_package()
    items = db.session.scalars(sa.select(Item).where(Item.course_id == course.id)
                               .order_by(Item.id)).all()
    items[0].archived_at = utcnow()
    db.session.flush()
    live = set(db.session.scalars(sa.select(Item.id).where(
        Item.course_id == course.id, Item.is_live)))
    assert live == {i.id for i in items[1:]} and not items[0].is_live and items[1].is_live
    assert db.session.scalar(sa.select(Course.id).where(Course.id == course.id, Course.is_live))
