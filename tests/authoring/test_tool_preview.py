"""A tool item's preview shows the tool's own form, as learners will get it, without saving."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import PackageVersion, WorkbookEntry
from tests.authoring.conftest import zip_folder
from tests.fixtures.workbook import WORKSHOP


@pytest.fixture
def config_overrides(store, tool_plugin):
    """The workshop course's tool is the growth-rate plugin of tests/fixtures."""
    return {"AUTHORING_STORE": store, "TOOL_ENTRY_POINTS": True}


def test_the_tool_form_is_shown_disabled(login_as, upload, client):
    login_as("admin")
    assert upload(zip_folder(WORKSHOP, top="workshop")).status_code == 302
    version = db.session.scalar(sa.select(PackageVersion))
    page = client.get(f"/authoring/versions/{version.id}/items/growth-tool")
    assert page.status_code == 200
    assert '<fieldset class="tool-form tool-preview" disabled>' in page.text
    assert "Rows: label, start, end" in page.text  # the plugin's own field label
    assert 'action="/courses' not in page.text, "the preview form saves nothing"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WorkbookEntry)) == 0
