"""Learners read the course in their language where it is translated, the source otherwise;
progress and attempts are the same rows whatever the language."""

import sqlalchemy as sa

from lms.content.question_types.matching import right_token
from lms.extensions import db
from lms.learn.translated import course_texts, view
from lms.models import ContentTranslation, Course, Item, ItemProgress
from tests.fixtures.content import write_course
from tests.fixtures.quiz import QUIZ_URL, answers, choice_values, graded_attempts

INTRO = "/courses/sample/items/basics-intro"


def test_sync_stores_only_what_is_translated(app, greek_sample):
    greek_sample()
    rows = {(r.target, r.slug): r for r in db.session.scalars(sa.select(ContentTranslation))}
    assert {r.language for r in rows.values()} == {"el"}
    assert rows[("course", "")].title == "Δείγμα μαθήματος"
    intro = rows[("item", "basics-intro")]
    assert intro.title == "Εισαγωγή" and "Γιατί χαρτογραφούμε" in intro.body_html
    assert "<script" not in intro.body_html and "/courses/sample/assets/" in intro.body_html
    assert ("item", "basics-case") not in rows  # nothing of it is translated
    assert rows[("page", "glossary")].body_html is None  # the title only
    assert ("module", "practice") not in rows


def test_a_greek_learner_reads_the_lesson_in_greek(client, quiz_learner, greek_sample):
    quiz_learner(language="el")
    greek_sample()
    page = client.get(INTRO).text
    assert "<h1>Εισαγωγή</h1>" in page and "Γιατί χαρτογραφούμε ένα σύμπλεγμα;" in page
    assert "Δείγμα μαθήματος" in page and "Βασικές έννοιες" in page  # course and outline
    assert "not translated" not in page
    assert '<div class="prose">' in page


def test_an_untranslated_lesson_falls_back_to_the_source_with_a_note(client, quiz_learner,
                                                                     greek_sample):
    quiz_learner(language="el")
    greek_sample()
    page = client.get("/courses/sample/items/basics-case").text
    assert "<h1>A food cluster</h1>" in page
    assert 'class="muted translation-note" role="note"' in page
    assert '<div class="prose case" lang="en">' in page  # read aloud as English
    assert "Βασικές έννοιες" in page  # the outline beside it is still in Greek


def test_an_english_reader_sees_the_source(client, quiz_learner, greek_sample):
    quiz_learner()
    greek_sample()
    page = client.get(INTRO).text
    assert "<h1>Introduction</h1>" in page and "Εισαγωγή" not in page
    assert "translation-note" not in page


def test_outline_home_and_glossary_in_greek(client, quiz_learner, greek_sample):
    quiz_learner(language="el")
    greek_sample()
    outline = client.get("/courses/sample").text
    assert "Δείγμα μαθήματος" in outline and "Ελέγξτε τι καταλάβατε" in outline
    assert "A food cluster" in outline  # not translated: the source title
    home = client.get("/learn").text
    assert "Δείγμα μαθήματος" in home and "Βασικές έννοιες" in home
    glossary = client.get("/courses/sample/pages/glossary").text
    assert "Γλωσσάριο" in glossary and "A group of related firms" in glossary
    assert 'role="note"' in glossary and '<div class="prose" lang="en">' in glossary


GREEK_MATCHES = [f"0:{right_token('Κυρίως δημόσια αρχική χρηματοδότηση')}",
                 f"1:{right_token('Κυρίως συνδρομές και επί πληρωμή υπηρεσίες')}"]


def take_greek_quiz(client, values: dict):
    """Start the quiz and submit values, choices found by their Greek texts on the page."""
    attempt_url = client.post(f"{QUIZ_URL}/attempts").headers["Location"]
    course = db.session.scalar(sa.select(Course).where(Course.slug == "sample"))
    item = db.session.scalar(sa.select(Item).where(Item.slug == "practice-quiz"))
    greek = view(item, "item", course_texts(course, "el"))
    data = choice_values(client.get(attempt_url).text, greek, values)
    return attempt_url, client.post(f"{attempt_url}/submit", data=data)


def test_the_quiz_in_greek_is_graded_as_the_source(client, quiz_learner, greek_sample):
    quiz_learner(language="el")
    greek_sample()
    start = client.post(f"{QUIZ_URL}/attempts")
    attempt_page = client.get(start.headers["Location"]).text
    assert "Ελέγξτε τι καταλάβατε" in attempt_page and "1,8 φορές το εθνικό" in attempt_page
    assert "Βιομηχανία" in attempt_page and "Ανάδυση" in attempt_page
    # A Greek accepted answer, the Greek right-hand texts of the matching question.
    greek = answers(**{"q-helix-name": ["Τριπλή"], "q-lq-compute": ["2,0"],
                       "q-lifecycle-match": GREEK_MATCHES})
    attempt_url, response = take_greek_quiz(client, greek)
    assert response.status_code == 303
    [attempt] = graded_attempts()
    assert attempt.passed and attempt.score == 100
    result = client.get(attempt_url).text
    assert "Σωστά: ο συντελεστής είναι λόγος μεριδίων." in result  # translated feedback
    assert "Yes: industry." in result  # not translated: the source's feedback


def test_the_source_answer_stays_accepted_in_greek(client, quiz_learner, greek_sample):
    quiz_learner(language="el")
    greek_sample()
    take_greek_quiz(client, answers(**{"q-helix-name": ["triple"],
                                       "q-lifecycle-match": GREEK_MATCHES}))
    [attempt] = graded_attempts()
    assert attempt.passed


def test_progress_is_shared_across_languages(client, quiz_learner, greek_sample):
    learner = quiz_learner(language="el")
    greek_sample()
    client.post(f"{INTRO}/done")
    learner.language = "en"
    db.session.commit()
    page = client.get(INTRO).text
    assert "<h1>Introduction</h1>" in page and "✓ Done" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemProgress)) == 1


def _translated_course(folder, items: int):
    """The generated "big" course with a Greek translation of every lesson."""
    write_course(folder, items)
    greek = folder / "translations" / "el"
    (greek / "lessons").mkdir(parents=True)
    lines = ['title = "Μεγάλο"', "[modules.m]", 'title = "Ενότητα"']
    for n in range(items):
        (greek / "lessons" / f"l{n}.md").write_text(f"Μάθημα {n}\n")
        lines += [f"[items.l{n}]", f'title = "Μ{n}"']
    (greek / "course.toml").write_text("\n".join(lines) + "\n")
    return folder


def test_query_counts_do_not_grow_in_greek(client, tmp_path, make_user, make_cohort, login_as,
                                           count_queries):
    from tests.fixtures.content import import_package

    counts = {}
    for size in (5, 60):
        import_package(_translated_course(tmp_path / str(size), size))
        course = db.session.scalar(db.select(Course).where(Course.slug == "big"))
        for language in ("en", "el"):
            learner = make_user(language=language)
            make_cohort(course=course, learners=[learner])
            login_as(user=learner)
            client.get("/courses/big/items/l3")
            for url in ("/courses/big/items/l1", "/courses/big", "/learn"):
                with count_queries() as counter:
                    page = client.get(url)
                assert page.status_code == 200
                assert ("Μ1" in page.text) == (language == "el"), url
                counts[(size, language, url)] = counter.count
    for url in ("/courses/big/items/l1", "/courses/big", "/learn"):
        assert counts[(5, "el", url)] == counts[(60, "el", url)] <= counts[(5, "en", url)] + 1, \
            counts


def test_objectives_come_with_the_translated_text(client, translated_sample, make_user,
                                                  make_cohort, login_as):
    sample_copy = translated_sample
    from tests.fixtures.content import import_package

    source = sample_copy / "course.toml"
    text = source.read_text()
    for file in ("01-basics/intro.md", "01-basics/case.md"):
        text = text.replace(f'file = "{file}"', f'file = "{file}"\n  objectives = ["Read a map"]')
    source.write_text(text)
    greek = sample_copy / "translations" / "el" / "course.toml"
    greek.write_text(greek.read_text().replace(
        '[items.basics-intro]\ntitle = "Εισαγωγή"',
        '[items.basics-intro]\ntitle = "Εισαγωγή"\nobjectives = ["Να διαβάζετε έναν χάρτη"]')
        + '\n[items.basics-case]\nobjectives = ["Να διαβάζετε έναν χάρτη"]\n')
    learner = make_user(language="el")
    make_cohort(learners=[learner])
    import_package(sample_copy)
    login_as(user=learner)
    intro = client.get(INTRO).text
    assert "Μετά από αυτό το μάθημα θα μπορείτε να" in intro
    assert "Να διαβάζετε έναν χάρτη" in intro and "Read a map" not in intro
    client.post(f"{INTRO}/done")
    case = client.get("/courses/sample/items/basics-case").text  # its text is not translated
    assert "After this lesson you will be able to" in case and "Read a map" in case
    assert "translation-note" in case
