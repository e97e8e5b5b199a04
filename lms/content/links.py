"""Find links and images to package assets in Markdown, with their line numbers."""

from __future__ import annotations

import re
from urllib.parse import unquote

ASSET_PREFIX = "assets/"

_PATTERNS = [
    re.compile(r"\]\(\s*<(assets/[^>]*)>"),  # [text](<assets/with space.csv>)
    re.compile(r"\]\(\s*(assets/[^)\s]+)"),  # [text](assets/x.csv "title"), ![alt](assets/x.png)
    re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(assets/[^>\s]+)"),  # [ref]: assets/x.csv
    re.compile(r"""\b(?:href|src)\s*=\s*["']?(assets/[^"'\s>]+)""", re.IGNORECASE),  # raw HTML
]
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def asset_links(markdown: str) -> list[tuple[int, str]]:
    """Return (1-based line, target as written) for each asset link outside code fences."""
    found = []
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
        for pattern in _PATTERNS:
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
