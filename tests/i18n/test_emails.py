"""Emails go out in the recipient's language: their profile's, else the one they read in."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import OutboxMessage


def _queued() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_reset_link_is_written_in_the_accounts_language(client, make_user):
    make_user(email="eleni@example.org", name="Eleni", language="el")
    client.post("/account/forgot", data={"email": "eleni@example.org"},
                headers={"Accept-Language": "da"})  # the account's language wins
    [mail] = _queued()
    assert mail.subject == "Επαναφορά του κωδικού σας"
    assert mail.body.startswith("Γεια σας Eleni,") and "/account/reset/" in mail.body


def test_a_new_account_is_welcomed_in_the_language_of_the_site(client):
    client.post("/language", data={"language": "es"})
    client.post("/account/register", data={
        "name": "Lucía Gómez", "email": "lucia@example.org", "organisation": "", "country": "",
        "password": "a long enough password", "confirm": "a long enough password"})
    [mail] = _queued()
    assert mail.subject == "Tu cuenta de ClusterLearn está lista"
    assert "Te damos la bienvenida a ClusterLearn" in mail.body


def test_without_a_choice_emails_stay_in_english(client, make_user):
    make_user(email="tom@example.org", name="Tom")
    client.post("/account/forgot", data={"email": "tom@example.org"})
    [mail] = _queued()
    assert mail.subject == "Reset your password" and mail.body.startswith("Hello Tom,")
