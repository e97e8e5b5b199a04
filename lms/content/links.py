"""Find links and images to package assets in Markdown, with their line numbers."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

ASSET_PREFIX = "assets/"

_PATTERNS = [
    re.compile(r"\]\(\s*<(assets/[^>]*)>"),  # [text](<assets/with space.csv>)
    re.compile(r"\]\(\s*(assets/[^)\s]+)"),  # [text](assets/x.csv "title"), ![alt](assets/x.png)
    re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(assets/[^>\s]+)"),  # [ref]: assets/x.csv
    re.compile(r"""\b(?:href|src)\s*=\s*["']?(assets/[^"'\s>]+)""", re.IGNORECASE),  # raw HTML
]
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


# Any link target, for the check that package files are linked through assets/.
_ANY_PATTERNS = [
    re.compile(r"\]\(\s*<([^>]*)>"),
    re.compile(r"\]\(\s*([^)\s<][^)\s]*)"),
    re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?([^>\s]+)"),  # not a footnote "[^1]: text"
    re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE),
]
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def asset_links(markdown: str) -> list[tuple[int, str]]:
    """Return (1-based line, target as written) for each asset link outside code fences."""
    return _links(markdown, _PATTERNS)


def relative_links(markdown: str) -> list[tuple[int, str]]:
    """Links outside code fences that name a file by a relative path not starting with
    "assets/": learners would get a 404 for each, so the checker reports them."""
    return [(line, target) for line, target in sorted(set(_links(markdown, _ANY_PATTERNS)))
            if not _SCHEME_RE.match(target) and not target.startswith(("/", "#", "?"))
            and not target.startswith(ASSET_PREFIX) and not target.startswith("{")]


def _links(markdown: str, patterns: list[re.Pattern]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = _FENCE_RE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        for pattern in patterns:
            found.extend((number, match.group(1)) for match in pattern.finditer(line))
    return found


def asset_name(target: str) -> str:
    """Turn a link target like "assets/My%20file.pdf#page=2" into the name "My file.pdf"."""
    path = re.split(r"[?#]", target, maxsplit=1)[0]
    return unquote(path[len(ASSET_PREFIX):])


def split_fragment(target: str) -> tuple[str, str]:
    """Split "assets/x.pdf#page=2" into ("assets/x.pdf", "#page=2") (query kept with the suffix)."""
    match = re.search(r"[?#]", target)
    return (target[:match.start()], target[match.start():]) if match else (target, "")


def package_link_problem(root: Path, lesson: str, target: str) -> str:
    """Say how to fix a link from ``lesson`` (package-relative) that does not start with
    "assets/": where the file is, and how the link must be written."""
    path = unquote(re.split(r"[?#]", target, maxsplit=1)[0])
    parts: list[str] = []
    for part in (*PurePosixPath(lesson).parent.parts, *PurePosixPath(path).parts):
        if part == "..":
            if not parts:
                return f'link to "{target}": it points outside the package'
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    resolved = "/".join(parts)
    if resolved.startswith(ASSET_PREFIX):
        return (f'link to "{target}": write it as "{resolved}": links to package files start '
                "with assets/, whatever folder the lesson is in")
    name = PurePosixPath(resolved).name or "file"
    if resolved and (root / resolved).is_file():
        return (f'link to "{target}": learners can only open files under assets/; move '
                f'"{resolved}" to assets/ and link it as "assets/{name}"')
    return (f'link to "{target}": there is no such file in the package, and learners would '
            'get "page not found"; put files under assets/ and link them as "assets/..." '
            "(web pages need https://)")
