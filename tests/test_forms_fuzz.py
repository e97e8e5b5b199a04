"""Arbitrary form input never causes a 500 or a partial write."""

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lms.extensions import db
from lms.models import User
from lms.services import accounts

text = st.text(max_size=300)
fuzz = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzz
@given(name=text, email=text, password=text, confirm=text, organisation=text, country=text)
@example(name="", email="\x00", password="", confirm="", organisation="", country="")
def test_registration_never_fails_badly(app_ctx, client, name, email, password, confirm,
                                        organisation, country):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    taken = accounts.find_user_by_email(email) is not None
    response = client.post("/account/register", data={
        "name": name, "email": email, "password": password, "confirm": confirm,
        "organisation": organisation, "country": country})
    assert response.status_code in (302, 400, 422)
    after = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert after == before + (1 if response.status_code == 302 and not taken else 0)


@fuzz
@given(email=text, password=text, remember=text)
def test_login_never_fails_badly(client, email, password, remember):
    response = client.post("/account/login", data={"email": email, "password": password,
                                                    "remember": remember})
    assert response.status_code in (400, 422)


@pytest.fixture
def admin_client(client, login_as):
    login_as("admin")
    return client


@fuzz
@given(query=st.dictionaries(st.sampled_from(["q", "role", "page"]), text))
def test_admin_search_never_fails_badly(admin_client, query):
    assert admin_client.get("/admin/users", query_string=query).status_code in (200, 400)
