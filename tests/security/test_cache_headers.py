"""Finding 10 of issue 15: a signed-in person's pages and the trainer's CSV export are never
kept by browsers or shared caches."""


def test_signed_in_pages_are_private_and_not_stored(client, login_as):
    login_as()
    for url in ("/learn", "/my-training", "/account", "/discussions/notifications"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "private, no-store", url


def test_the_trainer_csv_export_is_private_and_not_stored(client, login_as, make_cohort):
    trainer = login_as("trainer")
    cohort = make_cohort(trainers=[trainer])
    response = client.get(f"/trainer/cohorts/{cohort.id}/progress.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_public_pages_and_static_files_stay_cacheable(client, login_as):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login_as()
    static = client.get("/static/css/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()
