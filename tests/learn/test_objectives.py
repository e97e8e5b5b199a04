"""Learning objectives (the item key "objectives") are shown at the top of the lesson."""

from tests.fixtures.content import import_package


def test_objectives_open_the_lesson(client, login_as, make_user, make_cohort, sample_copy):
    manifest = sample_copy / "course.toml"
    text = manifest.read_text()
    anchor = 'file = "01-basics/intro.md"\n'
    manifest.write_text(text.replace(anchor, anchor + 'objectives = ["Compute a location '
                                     'quotient by hand", "Tell size from specialisation"]\n', 1))
    import_package(sample_copy)
    learner = make_user()
    make_cohort(learners=[learner])
    login_as(user=learner)
    page = client.get("/courses/sample/items/basics-intro").text
    lesson = page[page.index('<div class="prose">'):]
    box = lesson.index("After this lesson you will be able to")
    assert box < 200  # the first thing in the lesson body
    assert "<li>Compute a location quotient by hand</li>" in lesson
    assert lesson.index("Tell size from specialisation") < lesson.index("Why map a cluster?")
