"""The tool item page and the workbook, through the app with the third-party growth-rate tool."""

import io

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from lms.extensions import db
from lms.models import ItemProgress, WorkbookEntry, WorkbookVersion
from tests.fixtures.workbook import ROWS, TOOL_URL, tool_item


@pytest.fixture
def config_overrides(tool_plugin):
    return {"TOOL_ENTRY_POINTS": True}


@pytest.fixture
def learner(workshop_cohort, auth):
    _, _, learner = workshop_cohort
    assert auth.login(learner).status_code == 302
    return learner


def _save(client, rows=ROWS, **extra):
    return client.post(f"{TOOL_URL}/tool", data={"rows": rows, **extra},
                       content_type="multipart/form-data")


def _entries():
    return db.session.scalars(sa.select(WorkbookEntry)).all()


def test_tool_page_shows_the_intro_and_the_tools_form(client, learner):
    page = client.get(TOOL_URL)
    assert page.status_code == 200
    assert "Enter each industry of your region" in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert 'name="rows"' in page.text and 'name="csrf_token"' in page.text
    assert "Download the template" in page.text
    assert "Your results" not in page.text


def test_saving_computes_keeps_a_version_and_completes_the_item(client, learner):
    response = _save(client)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).text
    assert "Saved as version 1 in your workbook." in page
    assert "Total change 5.5% over 2 rows" in page  # (2110 - 2000) / 2000
    assert "12.50%" in page and "-5.00%" in page  # the item's option: 2 decimals
    (entry,) = _entries()
    assert entry.version_count == 1 and entry.inputs["rows"][0]["label"] == "Food"
    done = db.session.scalar(sa.select(ItemProgress).where(
        ItemProgress.user_id == learner.id, ItemProgress.item_id == tool_item().id))
    assert done.completed_at is not None and done.completed_by == "tool"
    assert 'value="Food,1200,1350' not in page and "Food,1200,1350" in page  # form refilled


def test_an_uploaded_csv_is_used(client, learner):
    data = {"rows": "", "table": (io.BytesIO(b"label,start,end\nPorts,100,150\n"), "north.csv")}
    assert client.post(f"{TOOL_URL}/tool", data=data,
                       content_type="multipart/form-data").status_code == 303
    assert _entries()[0].results["change"] == 50.0


def test_bad_input_lists_every_problem_and_saves_nothing(client, learner):
    response = _save(client, rows="Food,12x0,1350\nPorts,-5,3\nShort,1\n")
    assert response.status_code == 422
    text = response.text
    assert "Nothing was saved." in text
    assert "Row 1, column “start”: Row 1, start: “12x0” is not a number." in text
    assert "Row 2, column “start”: Row 2, start: use a number of 0 or more." in text
    assert "Row 3: Row 3 has 2 columns; write label, start, end." in text
    assert 'class="lesson-layout"' in text  # still the lesson page
    assert ">Food,12x0,1350\nPorts,-5,3\nShort,1\n</textarea>" in text  # nothing typed is lost
    assert _entries() == []
    assert db.session.scalar(sa.select(ItemProgress.completed_at).where(
        ItemProgress.user_id == learner.id, ItemProgress.item_id == tool_item().id)) is None


def test_a_file_over_the_limit_is_refused_by_name(app, client, learner):
    app.config["TOOL_UPLOAD_MAX_BYTES"] = 100
    data = {"rows": "", "table": (io.BytesIO(b"label,start,end\n" + b"a,1,2\n" * 50), "big.csv")}
    response = client.post(f"{TOOL_URL}/tool", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "The file “big.csv” is larger than" in response.text
    assert _entries() == []


def test_without_a_csrf_token_nothing_is_saved(app, client, learner):
    app.config["WTF_CSRF_ENABLED"] = True
    assert _save(client).status_code == 400
    assert _entries() == []


def test_every_save_is_a_version_and_two_can_be_compared(client, learner):
    _save(client)
    _save(client, rows="label,start,end\nFood,1200,1500\n")
    (entry,) = _entries()
    assert entry.version_count == 2
    assert [v.number for v in db.session.scalars(sa.select(WorkbookVersion).order_by(
        WorkbookVersion.number))] == [1, 2]
    page = client.get(f"/workbook/entries/{entry.id}?version=2&compare=1").text
    assert "Compared with version 1" in page
    assert "Total change 25.0% over 1 row" in page and "Total change 5.5% over 2 rows" in page
    assert client.get(f"/workbook/entries/{entry.id}?version=9").status_code == 404


def test_my_workbook_lists_entries_with_summary_and_dates(client, learner):
    assert "Nothing here yet" in client.get("/workbook").text
    _save(client)
    page = client.get("/workbook").text
    assert "Your cluster&#39;s growth" in page or "Your cluster's growth" in page
    assert "Total change 5.5% over 2 rows" in page and "1 version" in page
    assert 'href="/workbook"' in client.get("/learn").text  # the nav link


def test_exports_csv_and_xlsx_with_live_formulas(client, learner):
    _save(client)
    entry = _entries()[0]
    csv = client.get(f"/workbook/entries/{entry.id}/export.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "growth-tool-v1.csv" in csv.headers["Content-Disposition"]
    assert csv.text.splitlines()[1] == "Food,1200.0,1350.0,12.5"
    xlsx = client.get(f"/workbook/entries/{entry.id}/export.xlsx")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["D2"].value == "=(C2-B2)/B2*100"
    printed = client.get(f"/workbook/entries/{entry.id}/print")
    assert printed.status_code == 200 and "Lars Learner" in printed.text
    assert "data-print" in printed.text


def test_template_download(client, learner):
    response = client.get(f"{TOOL_URL}/tool/template")
    assert response.status_code == 200
    assert response.data.startswith(b"label,start,end")


def test_prerequisites_hold_back_the_second_tool(client, learner):
    response = client.post("/courses/workshop/items/members-tool/tool",
                           data={"rows": ROWS}, content_type="multipart/form-data")
    assert response.status_code == 403
    assert _entries() == []


def test_a_tool_the_site_does_not_load_is_named_not_a_500(app, client, learner):
    tool_item().tool = "gone"
    db.session.commit()
    page = client.get(TOOL_URL)
    assert page.status_code == 200 and "The tool “gone” is not available" in page.text
    assert _save(client).status_code == 409


@pytest.mark.parametrize(("rows", "error"), [
    ("Food,12x0,1350", "ValueError: could not convert string to float: '12x0'"),
    ("Food,1200", "ValueError: not enough values to unpack"),
    ("Food,0,1350", "ZeroDivisionError"),  # the careless plugin divides by the first year
])
def test_a_plugin_that_raises_on_bad_input_gives_422_not_500(app, client, learner, caplog,
                                                            rows, error):
    tool_item().tool = "naive-growth"  # the fixture distribution's careless second tool
    db.session.commit()
    response = _save(client, rows=rows)
    assert response.status_code == 422
    assert "Nothing was saved." in response.text
    assert "The tool “Naive growth rate” could not work with this input" in response.text
    assert error in response.text.replace("&#39;", "'")
    assert "Check every row and column" in response.text
    assert _entries() == [] and db.session.scalars(sa.select(ItemProgress)).all() == []
    assert "tool 'naive-growth' failed on a submission" in caplog.text  # for its author
    assert _save(client, rows="Food,1200,1350").status_code == 303  # good input still saves


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.text(max_size=400), upload=st.binary(max_size=400),
       name=st.text(max_size=40), extra=st.text(max_size=40))
@example(rows="\r0", upload=b"", name="", extra="")  # a lone CR once crashed the CSV reader
def test_no_submission_gives_a_500_or_a_partial_save(client, learner, rows, upload, name, extra):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(WorkbookVersion))
    response = client.post(f"{TOOL_URL}/tool", content_type="multipart/form-data", data={
        "rows": rows, "other": extra, "table": (io.BytesIO(upload), name or "f.csv")})
    assert response.status_code in (303, 400, 422)  # 400: a NUL byte, refused at the door
    after = db.session.scalar(sa.select(sa.func.count()).select_from(WorkbookVersion))
    assert after == before + (response.status_code == 303)


def test_problems_the_tool_lists_itself_are_not_listed_twice(client, learner):
    client.post("/courses/workshop/items/growth-intro/done")
    text = client.post("/courses/workshop/items/members-tool/tool", data={"rows": "Food,x,1\n"},
                       content_type="multipart/form-data").text
    assert "listed with the form below" in text
    assert text.count("“x” is not a number") == 1
