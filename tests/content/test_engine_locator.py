"""Finding source lines for keys and tables, which tomllib does not report."""

from lms.content.tomldoc import LineLocator, TomlDocument, describe, syntax_problem

SOURCE = '''\
format = 1
"quoted" = 2
intro = """
slug = "not a key: inside a multi-line string"
"""

[[modules]]
slug = "a"

  [[modules.items]]
  slug = "a1"
  file = "a1.md"

[[modules]]
slug = "b"
items = [{ slug = "inline" }]

  [modules.extra]
  colour = "red"
'''


def test_keys_and_tables_map_to_their_lines():
    locator = LineLocator(SOURCE)
    assert locator.line(("format",)) == 1
    assert locator.line(("quoted",)) == 2
    assert locator.line(("modules", 0)) == 7
    assert locator.line(("modules", 0, "slug")) == 8
    assert locator.line(("modules", 0, "items", 0, "file")) == 12
    assert locator.line(("modules", 1, "slug")) == 15
    assert locator.line(("modules", 1, "extra", "colour")) == 19


def test_text_inside_multi_line_strings_is_not_a_key():
    assert LineLocator(SOURCE).line(("slug",)) == 1  # not line 4: falls back to the document


def test_unknown_places_fall_back_to_the_nearest_known_line():
    locator = LineLocator(SOURCE)
    assert locator.line(("modules", 1, "items", 0, "slug")) == 16  # inline table: its key
    assert locator.line(("modules", 0, "missing")) == 7  # missing key: its table
    assert locator.line(("modules", 9, "slug")) == 1
    assert locator.line(()) == 1


def test_describe_names_tables_by_slug_or_position():
    data = {"modules": [{"slug": "a", "items": [{"title": "no slug"}]}]}
    assert describe(data, ("modules", 0, "items", 0, "title")) == 'module "a", item 1'
    assert describe(data, ("format",)) == ""


def test_syntax_problem_at_end_of_document():
    problem = syntax_problem("x/course.toml", "a = 1\nb = \"", "Unterminated string "
                                                             "(at end of document)")
    assert str(problem) == "x/course.toml:2: invalid TOML: Unterminated string at end of file"


def test_deeply_nested_toml_is_a_problem_not_a_crash(tmp_path):
    file = tmp_path / "course.toml"
    file.write_text("a = " + "[" * 100_000 + "]" * 100_000)
    doc, problems = TomlDocument.load(file, "x/course.toml")
    assert doc is None
    assert [str(p) for p in problems] == [
        "x/course.toml:1: invalid TOML: values are nested too deeply"]
