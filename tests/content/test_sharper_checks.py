"""Checks authors asked for (issue 19): links to package files outside assets/, the place of a
byte that is not UTF-8, and lessons too large to be text."""

from lms.content.loader import MAX_LESSON_BYTES, load_package


def problems(folder) -> list[str]:
    return [str(p) for p in load_package(folder)[1]]


def write_lesson(folder, text: str) -> None:
    (folder / "01-basics" / "case.md").write_text(text, encoding="utf-8")


def test_links_that_do_not_start_with_assets_are_named_with_the_fix(sample_copy):
    (sample_copy / "data").mkdir()
    (sample_copy / "data" / "jobs.csv").write_text("a,b\n")
    write_lesson(sample_copy, "\n".join([
        "# Case",
        "[Relative to the lesson](../assets/lq-calculator.csv)",
        "[Not under assets](../data/jobs.csv)",
        "[Nowhere](jobs.csv)",
        '<a href="notes.md">notes</a>',
        "[Way out](../../secrets.txt)",
        "[Fine](assets/lq-calculator.csv) [web](https://example.org/x.csv) [top](#case)",
        "Porter[^1] wrote it.",
        "```",
        "[In code](data.csv)",
        "```",
        "[^1]: Porter, *On Competition*, 1998.",
    ]) + "\n")
    assert problems(sample_copy) == [
        'sample/01-basics/case.md:2: link to "../assets/lq-calculator.csv": write it as '
        '"assets/lq-calculator.csv": links to package files start with assets/, whatever '
        "folder the lesson is in",
        'sample/01-basics/case.md:3: link to "../data/jobs.csv": learners can only open files '
        'under assets/; move "data/jobs.csv" to assets/ and link it as "assets/jobs.csv"',
        'sample/01-basics/case.md:4: link to "jobs.csv": there is no such file in the package, '
        'and learners would get "page not found"; put files under assets/ and link them as '
        '"assets/..." (web pages need https://)',
        'sample/01-basics/case.md:5: link to "notes.md": there is no such file in the package, '
        'and learners would get "page not found"; put files under assets/ and link them as '
        '"assets/..." (web pages need https://)',
        'sample/01-basics/case.md:6: link to "../../secrets.txt": it points outside the package',
    ]


def test_a_byte_that_is_not_utf8_is_located_by_line_and_column(sample_copy):
    text = "# Case\n\nA café in Łódź.\nThe r\xe9gion grows.\n"
    (sample_copy / "01-basics" / "case.md").write_bytes(
        text.encode("utf-8").replace("r\xe9gion".encode(), b"r\xe9gion"))
    assert problems(sample_copy) == [
        "sample/01-basics/case.md:4: the byte 0xe9 at column 6 is not UTF-8 text: save the "
        "file as UTF-8"]


def test_a_byte_order_mark_is_fine(sample_copy):
    (sample_copy / "01-basics" / "case.md").write_bytes(b"\xef\xbb\xbf# Case\n")
    assert problems(sample_copy) == []


def test_a_lesson_too_large_to_be_text_is_named_with_its_size(sample_copy):
    write_lesson(sample_copy, "# Case\n\n" + ("Pasted data, row after row. " * 40 + "\n")
                 * (MAX_LESSON_BYTES // 1000 + 100))
    found = problems(sample_copy)
    assert len(found) == 1
    assert found[0].startswith("sample/01-basics/case.md:1: lesson is 1.")
    assert "MB; the limit is 1 MB of text: split it" in found[0]
