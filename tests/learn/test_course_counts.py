"""The course page counts in words that agree with the number: "1 module", not "1 modules"."""

from tests.fixtures.content import import_package, write_course


def test_one_module_one_lesson_one_hour(app_ctx, client, tmp_path):
    folder = write_course(tmp_path / "one", 1)
    manifest = folder / "course.toml"
    manifest.write_text(manifest.read_text().replace("minutes = 5", "minutes = 50"))
    import_package(folder)
    page = client.get("/courses/big")
    assert "1 module · 1 lesson · about 1 hour" in page.text


def test_several_modules_in_the_plural(app, client, load_sample_package):
    load_sample_package()
    assert "2 modules · 4 lessons · about 1 hour" in client.get("/courses/sample").text
