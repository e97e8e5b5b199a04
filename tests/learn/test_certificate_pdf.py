"""The certificate as a PDF: the print view's text, the verification link and its QR code."""

import segno
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Certificate, Item
from lms.services import progress
from tests.fixtures.pdf import pdf_lines, pdf_rectangles

ALL = ("basics-intro", "basics-case", "practice-quiz", "practice-reflection")


def _certified(client, make_user, make_cohort, login_as, name="Łukasz Παπαδόπουλος"):
    learner = make_user(name=name)
    learner.organisation = "Silesian Energy Cluster"
    make_cohort(learners=[learner])
    for slug in ALL:
        progress.mark_completed(learner, db.session.scalar(
            sa.select(Item).where(Item.slug == slug)), by="done")
    db.session.commit()
    login_as(user=learner)
    assert client.post("/courses/sample/certificate").status_code == 302
    return db.session.scalar(sa.select(Certificate))


def _qr_matrix(rectangles) -> list[list[int]]:
    """The QR code's modules read back from its squares (the only small filled shapes)."""
    squares = [r for r in rectangles if abs(r[3]) < 10]
    module = min(abs(r[3]) for r in squares)
    left, top = min(r[0] for r in squares), max(r[1] for r in squares)
    size = round((max(r[0] + r[2] for r in squares) - left) / module)
    matrix = [[0] * size for _ in range(size)]
    for x, y, width, _ in squares:
        row, col = round((top - y) / module), round((x - left) / module)
        for offset in range(round(width / module)):
            matrix[row][col + offset] = 1
    return matrix


def test_pdf_has_the_print_views_text_link_and_qr_code(
        app, client, make_user, make_cohort, login_as):
    certificate = _certified(client, make_user, make_cohort, login_as)
    page = client.get("/courses/sample/certificate").text
    assert 'href="/courses/sample/certificate.pdf"' in page and "<svg" in page
    response = client.get("/courses/sample/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="certificate-sample.pdf"' in response.headers["Content-Disposition"]
    lines = pdf_lines(response.data)
    link = (f"{app.config['PUBLIC_BASE_URL']}/certificates/verify?code={certificate.code}")
    assert lines[:7] == ["CERTIFICATE OF COMPLETION", "This certifies that",
                         "Łukasz Παπαδόπουλος", "Silesian Energy Cluster",
                         "has completed the course", "Sample course",
                         f"Issued on {certificate.issued_at:%d %B %Y}"]
    assert f"Verification code: {certificate.code}" in lines
    assert f"Check it at {link}" in lines
    for line in lines[1:7]:  # the print view shows the same lines
        assert line.replace("&", "&amp;") in page
    assert f"Check it at {link}".replace("&", "&amp;") in page
    expected = [list(row) for row in segno.make(link, error="m").matrix]
    assert _qr_matrix(pdf_rectangles(response.data)) == expected


def test_no_pdf_before_the_certificate_is_issued_and_not_for_others(
        client, make_user, make_cohort, login_as):
    learner = make_user()
    make_cohort(learners=[learner])
    login_as(user=learner)
    assert client.get("/courses/sample/certificate.pdf").status_code == 404
    _certified(client, make_user, make_cohort, login_as, name="Ines Carvalho")
    login_as(user=learner)  # someone else's certificate is not theirs to download
    assert client.get("/courses/sample/certificate.pdf").status_code == 404
    outsider = make_user(email="outsider@example.org")
    login_as(user=outsider)
    assert client.get("/courses/sample/certificate.pdf").status_code == 403
