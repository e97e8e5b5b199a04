"""The request's kept catalog (lms/i18n/lookup.py) follows every change of locale."""

from flask_babel import force_locale, refresh

from lms.i18n.lookup import gettext, ngettext


def test_the_kept_catalog_follows_force_locale_and_refresh(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert gettext("Course outline") == "Índice del curso"
        with force_locale("el"):
            assert gettext("Course outline") == "Διάρθρωση του μαθήματος"
        assert gettext("Course outline") == "Índice del curso"
        with force_locale("en"):
            assert gettext("Course outline") == "Course outline"
            refresh()  # drops the forced locale's state; force_locale's exit restores it
        assert gettext("Course outline") == "Índice del curso"


def test_outside_a_request_it_is_the_source_language(app):
    with app.app_context():
        assert gettext("Course outline") == "Course outline"
    assert gettext("%(name)s wrote", name="Ana") == "Ana wrote"
    assert ngettext("%(num)d post", "%(num)d posts", 2) == "2 posts"
