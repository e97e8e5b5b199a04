"""Render Markdown to HTML and sanitize it with an allowlist, whoever wrote it."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import markdown
import nh3
from markdown.extensions.toc import slugify
from markupsafe import Markup

from .assets import asset_name_problem
from .formulas import FormulaExtension
from .links import ASSET_PREFIX, asset_name, split_fragment

EXTENSIONS = ["tables", "footnotes", "admonition", "def_list", "fenced_code", "sane_lists", "toc"]

TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "em", "strong", "del", "sup", "sub",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "a", "img", "div",
    "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "div": {"class"},
    "p": {"class"},
    "code": {"class"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "sup": {"id"},
    "li": {"id"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
# MathML from course formulas (latex2mathml's output): presentation elements only. No
# <maction>, <semantics> or <annotation-xml> (which can carry HTML), no href or style.
MATH_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot",
    "msub", "msup", "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose",
}
MATH_ATTRIBUTES = {
    "math": {"display", "xmlns"},
    "mi": {"mathvariant"}, "mn": {"mathvariant"}, "mtext": {"mathvariant"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "form", "largeop",
           "movablelimits", "accent", "minsize", "maxsize", "symmetric", "mathvariant"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mfrac": {"linethickness"}, "mspace": {"width"}, "mpadded": {"width", "lspace"},
    "munder": {"accentunder"}, "mover": {"accent"}, "munderover": {"accent", "accentunder"},
    "mtable": {"columnalign", "rowspacing", "columnspacing", "displaystyle"},
    "mtd": {"columnalign"}, "mtr": {"columnalign"}, "menclose": {"notation"},
}
_MATH_VALUE_RE = re.compile(r"^[A-Za-z0-9 .%:/-]{0,60}$")  # words and lengths, nothing else
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

# Classes that Markdown extensions produce; anything else an author writes is dropped.
_CLASSES = {
    "div": {"admonition", "note", "tip", "warning", "danger", "important", "hint", "caution",
            "attention", "error", "footnote", "toc"},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
}
_LANGUAGE_CLASS_RE = re.compile(r"^language-[A-Za-z0-9_+#-]{1,30}$")
# Ids come only from footnotes (fn:1, fnref:1) and headings (h-...); the colon or hyphen keeps
# them from clobbering JavaScript globals, since window["fn:1"] is not a plain identifier.
_ID_RE = re.compile(r"^(fn:|fnref:|h-)[\w:-]{1,80}$")
_ALIGN = {"left", "right", "center"}
_APP_URL_RE = re.compile(r"^(/(?!/)|https?://)")


def _heading_id(value: str, separator: str) -> str:
    return "h-" + slugify(value, separator)


def _make_markdown(formulas: bool = False) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=EXTENSIONS + ([FormulaExtension()] if formulas else []),
        extension_configs={
            "tables": {"use_align_attribute": True},  # align="", not style="", which we strip
            "toc": {"slugify": _heading_id},
        },
    )


_converters = threading.local()


def _markdown(formulas: bool) -> markdown.Markdown:
    """This thread's converter, reset for a new document. Markdown objects keep state and are
    not thread-safe, so each thread has its own; building one cost more than converting a
    post (python-markdown documents reset() for reuse)."""
    kept: dict[bool, markdown.Markdown] = _converters.__dict__.setdefault("by_formulas", {})
    converter = kept.get(formulas)
    if converter is None:
        converter = kept[formulas] = _make_markdown(formulas)
    converter.reset()
    return converter


def _forget_markdown(formulas: bool) -> None:
    """Drop this thread's converter (after a failure left it in an unknown state)."""
    _converters.__dict__.get("by_formulas", {}).pop(formulas, None)


def _make_filter(asset_url: Callable[[str], str] | None) -> Callable[[str, str, str], str | None]:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        """Return the attribute value to keep (maybe rewritten), or None to drop it."""
        if tag in MATH_TAGS:
            if attribute == "xmlns":
                return value if value == "http://www.w3.org/1998/Math/MathML" else None
            return value if _MATH_VALUE_RE.match(value) else None
        if attribute == "class":
            if tag == "code":
                return value if _LANGUAGE_CLASS_RE.match(value) else None
            allowed = _CLASSES.get(tag, set())
            classes = [name for name in value.split() if name in allowed]
            return " ".join(classes) or None
        if attribute == "id":
            return value if _ID_RE.match(value) else None
        if attribute == "align":
            return value if value in _ALIGN else None
        if attribute in ("href", "src") and asset_url and value.startswith(ASSET_PREFIX):
            return _asset_href(value, asset_url)
        return value

    return keep


def _asset_href(value: str, asset_url: Callable[[str], str]) -> str | None:
    path, suffix = split_fragment(value)
    name = asset_name(path)
    if asset_name_problem(name):  # "assets/../x" must not become a URL to another route
        return None
    url = asset_url(name)
    # nh3 checks URL schemes before this filter runs, so check the app's URL here
    return url + suffix if _APP_URL_RE.match(url) else None


def sanitize_html(html: str, *, asset_url: Callable[[str], str] | None = None,
                  mathml: bool = False) -> Markup:
    """Keep only allowlisted tags, attributes, classes and URL schemes; drop scripts entirely.

    ``mathml`` also keeps the MathML of course formulas (course content only).
    """
    cleaned = nh3.clean(
        html,
        tags=TAGS | MATH_TAGS if mathml else TAGS,
        clean_content_tags={"script", "style"},
        attributes={**ATTRIBUTES, **MATH_ATTRIBUTES} if mathml else ATTRIBUTES,
        attribute_filter=_make_filter(asset_url),
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # Safe to mark: nh3 has just sanitized it with the allowlist above.
    return Markup(cleaned)  # noqa: S704  # nosec B704


def render_markdown(source: str, *, asset_url: Callable[[str], str] | None = None,
                    formulas: bool = False) -> Markup:
    """Render Markdown to sanitized HTML; ``asset_url`` maps an asset name to its URL.

    ``formulas`` turns `$...$` and `$$...$$` into MathML: for course content, which the
    checker has read first, not for what people post.
    """
    try:
        html = _markdown(formulas).convert(source)
    except RecursionError:
        _forget_markdown(formulas)
        # python-markdown recurses per nesting level; absurd nesting is shown as plain text
        return Markup("<p>{}</p>").format(source)
    return sanitize_html(html, asset_url=asset_url, mathml=formulas)
