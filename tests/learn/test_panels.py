"""Every item kind has its panel builder and its template; the lesson view builds the panel."""

from pathlib import Path

from lms.content.kinds import ITEM_KINDS
from lms.learn.panels import PANELS

TEMPLATES = Path(__file__).parents[2] / "lms" / "templates" / "learn"


def test_every_kind_has_a_panel_and_a_template():
    assert set(PANELS) == set(ITEM_KINDS)
    for name in ITEM_KINDS:
        assert (TEMPLATES / f"_item_{name}.html").is_file(), name


def test_templates_get_no_query_helpers(app):
    for name in ("quiz_panel", "reflection_panel", "forum_item_discussion",
                 "forum_cases_by_module"):
        assert name not in app.jinja_env.globals
    with app.test_request_context():
        context: dict = {}
        app.update_template_context(context)
        assert not {"forum_item_discussion", "forum_cases_by_module"} & set(context)
