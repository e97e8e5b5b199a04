"""Markdown rendering: features still work, and hostile input always comes out inert."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from lms.content.rendering import TAGS, render_markdown

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  JAVASCRIPT:alert(1)">x</a>',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](data:text/html,<script>alert(1)</script>)",
    '<img src="data:image/png;base64,AAAA">',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=a><button>go</button></form>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<p style="position:fixed;top:0">overlay</p>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    "<<script>alert(1);//<</script>",
    "<img src=x onerror=alert(1)//",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<details open ontoggle=alert(1)>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mtext></math>',
    "<!--><script>alert(1)</script>-->",
    "[x](https://ok.example){onclick=alert(1)}",
    "## Title {#x onclick=alert(1)}",
    '<div class="admonition" id="x" onmouseover="alert(1)">hover</div>',
    '<a href="https://ok.example" target="_blank" rel="opener">x</a>',
    '```\n<script>alert(1)</script>\n```',
    "`<img src=x onerror=alert(1)>`",
    '<h2 id="location">clobber</h2><img name="cookie" src="x">',
    "<template><script>alert(1)</script></template>",
    '<input autofocus onfocus=alert(1)>',
    '<body onload=alert(1)>',
]

SAFE_TAGS = TAGS  # the renderer's own allowlist; the test checks the output keeps to it
# Allowed schemes, or no scheme at all: a colon only counts as one after a valid scheme name
# (RFC 3986: a letter, then letters, digits, "+", "-" or "."), so ":" alone is a relative URL.
SAFE_URL = re.compile(r"^(https?://|mailto:|#|/assets/|(?![a-z][a-z0-9+.-]*:).*$)",
                      re.IGNORECASE | re.DOTALL)


class TagCollector(HTMLParser):
    """Collect the real tags and attributes of HTML, as a browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    for tag, attrs in collector.tags:
        assert tag in SAFE_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in ("style", "name", "target"), name
            if name in ("href", "src"):
                # browsers ignore tabs and newlines inside URLs, so strip them before judging
                assert SAFE_URL.match(re.sub(r"[\t\n\r ]", "", value or "")), value
            if name == "id":
                assert re.match(r"^(fn:|fnref:|h-)", value or ""), value
            if name == "rel":
                assert value == "noopener noreferrer nofollow"


@pytest.mark.parametrize("payload", XSS)
def test_hostile_markdown_is_rendered_inert(payload):
    html = render_markdown(payload)
    assert isinstance(html, Markup)
    assert_inert(str(html))
    assert "<script" not in str(html).lower()


def test_links_get_rel_and_keep_safe_schemes():
    html = str(render_markdown(
        "[web](https://example.org/a?b=1) [mail](mailto:a@example.org) [rel](other.html)"))
    assert '<a href="https://example.org/a?b=1" rel="noopener noreferrer nofollow">web</a>' in html
    assert 'href="mailto:a@example.org"' in html
    assert 'href="other.html"' in html  # relative links that are not assets are left alone
    assert html.count('rel="noopener noreferrer nofollow"') == 3


def test_tables_footnotes_admonitions_and_definition_lists_render():
    html = str(render_markdown(
        "Text[^1].\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n"
        '!!! warning "Careful"\n    A common mistake.\n\n'
        "Term\n: Definition\n\n## Section\n\n1. one\n2. two\n\n"
        "```python\nx = 1\n```\n\n> quoted\n\n~~gone~~ **bold** *em*\n\n---\n\n[^1]: The note."
    ))
    for fragment in ('<th align="center">a</th>', "<td>2</td>",
                     '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"',
                     '<li id="fn:1">', 'class="footnote-backref"',
                     '<div class="admonition warning">', '<p class="admonition-title">Careful</p>',
                     "<dl>", "<dt>Term</dt>", "<dd>Definition</dd>", '<h2 id="h-section">',
                     "<ol>", '<code class="language-python">', "<blockquote>",
                     "<strong>bold</strong>", "<em>em</em>", "<hr>"):
        assert fragment in html, fragment


def test_unknown_classes_are_dropped():
    html = str(render_markdown('!!! note "x"\n    y\n\n<div class="note evil">z</div>\n\n'
                               '<p class="x">p</p>\n\n```bad"class\ncode\n```'))
    assert '<div class="admonition note">' in html
    assert '<div class="note">z</div>' in html
    assert "evil" not in html and 'class="x"' not in html


def test_raw_html_outside_the_allowlist_is_removed_but_text_kept():
    html = str(render_markdown("<span>kept text</span> <marquee>also</marquee>"))
    assert "<span" not in html and "<marquee" not in html
    assert "kept text" in html and "also" in html


def test_asset_links_and_images_are_rewritten():
    html = str(render_markdown(
        "[Canvas](assets/canvas.csv) ![Map](assets/maps/value%20chain.png \"Map\") "
        "[Page 2](assets/guide.pdf#page=2) [Other](notes/assets/x.csv) [Web](https://x.org/assets/y)",
        asset_url=lambda name: f"/learn/sample/assets/{name}",
    ))
    assert 'href="/learn/sample/assets/canvas.csv"' in html
    assert 'src="/learn/sample/assets/maps/value chain.png"' in html
    assert 'href="/learn/sample/assets/guide.pdf#page=2"' in html
    assert 'href="notes/assets/x.csv"' in html and 'href="https://x.org/assets/y"' in html


def test_asset_links_that_are_not_valid_asset_names_are_dropped():
    html = str(render_markdown("[a](assets/../course.toml) [b](assets/x.exe) [c](assets/ok.csv)",
                               asset_url=lambda name: f"/a/{name}"))
    assert html.count("href=") == 1 and 'href="/a/ok.csv"' in html


def test_asset_url_results_must_be_app_urls():
    for url in ("javascript:alert(1)", "//evil.example/x", "data:text/html,x"):
        html = str(render_markdown("[a](assets/ok.csv)", asset_url=lambda name, url=url: url))
        assert "href" not in html, url


def test_asset_links_stay_relative_without_asset_url():
    assert 'href="assets/canvas.csv"' in str(render_markdown("[c](assets/canvas.csv)"))


@pytest.mark.parametrize("source", ["- " * 3000 + "x", "*" * 10000 + "x" + "*" * 10000,
                                    "<div>" * 5000, ">" * 5000 + " x"])
def test_absurd_nesting_renders_without_error(source):
    assert_inert(str(render_markdown(source)))


def test_empty_source():
    assert render_markdown("") == Markup("")


FRAGMENTS = XSS + ["[", "](", ")", "![", "<", ">", '"', "'", "=", "javascript:", "data:",
                   " onerror=", "<a href=", "<img src=", "<div class=", "!!! note ", "\n",
                   "    ", "[^1]", "[^1]: ", "`", "```", "&#", "&#x6A;", "assets/", "{#", "|"]


@settings(max_examples=300, deadline=None)
@given(source=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=10), max_size=12)
       .map("".join))
def test_any_markdown_renders_inert(source):
    assert_inert(str(render_markdown(source, asset_url=lambda name: "/assets/" + name)))


def test_a_reused_converter_carries_nothing_from_one_document_to_the_next():
    """Each thread keeps its Markdown converter between documents (building one cost more
    than a post): footnotes, heading ids and stashed HTML must not leak into the next."""
    first = render_markdown("# Fees\n\nSee the note.[^1]\n\n[^1]: The first document's note.")
    second = render_markdown("# Fees\n\nNo notes here.")
    assert "first document" in first and 'id="h-fees"' in first
    assert "first document" not in second and "footnote" not in second
    assert 'id="h-fees"' in second  # not "h-fees_1": the used ids were forgotten
    with_formula = render_markdown("Area $a^2$", formulas=True)
    assert "<math" in with_formula and "<math" not in render_markdown("Area $a^2$")
