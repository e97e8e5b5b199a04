"""Parse a TOML file and locate keys and tables in its text, since tomllib gives no lines."""

from __future__ import annotations

import codecs
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .schema import Path as DataPath

_HEADER_RE = re.compile(r"^\s*(\[\[?)([^\[\]]+)\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]""")
_ERROR_LINE_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_ERROR_END_RE = re.compile(r"\s*\(at end of document\)$")

# How each list of tables is called in messages, e.g. item "x" or choice 2.
_SINGULAR = {"modules": "module", "items": "item", "pages": "page", "questions": "question",
             "choices": "choice", "pairs": "pair"}


@dataclass
class _Table:
    line: int
    keys: dict[str, int] = field(default_factory=dict)
    children: dict[str, list[_Table]] = field(default_factory=dict)


class LineLocator:
    """Map data paths like ("modules", 0, "items", 1, "file") to 1-based source lines."""

    def __init__(self, text: str):
        self.root = _Table(line=1)
        current = self.root
        open_string: str | None = None  # the delimiter of a multi-line string we are inside
        for number, line in enumerate(text.splitlines(), start=1):
            if open_string:
                if open_string in line:
                    open_string = None
                continue
            header = _HEADER_RE.match(line)
            if header:
                current = self._add_table(header.group(2), header.group(1) == "[[", number)
                continue
            key = _KEY_RE.match(line)
            if key:
                current.keys.setdefault(key.group(1).strip("\"'"), number)
            for delimiter in ('"""', "'''"):
                if line.count(delimiter) % 2 == 1:
                    open_string = delimiter
                    break

    def _add_table(self, dotted: str, is_array: bool, number: int) -> _Table:
        parts = [part.strip().strip("\"'") for part in dotted.split(".")]
        parent = self.root
        for part in parts[:-1]:  # [[a.b]] belongs to the latest [[a]]
            entries = parent.children.setdefault(part, [_Table(line=number)])
            parent = entries[-1]
        table = _Table(line=number)
        entries = parent.children.setdefault(parts[-1], [])
        if is_array or not entries:
            entries.append(table)
        else:
            table = entries[-1]
        return table

    def line(self, path: DataPath) -> int:
        """Return the line of the key or table at ``path``, or of its nearest known parent."""
        table, line, index = self.root, 1, 0
        while index < len(path):
            part = path[index]
            if isinstance(part, int) or part not in table.children:
                if isinstance(part, str) and part in table.keys:
                    return table.keys[part]
                return line  # an inline table or a missing key: the enclosing table will do
            entries = table.children[part]
            following = path[index + 1] if index + 1 < len(path) else None
            if isinstance(following, int):
                if following >= len(entries):
                    return table.keys.get(part, line)
                table, index = entries[following], index + 2
            else:
                table, index = entries[0], index + 1
            line = table.line
        return line


def describe(data: dict, path: DataPath) -> str:
    """Name the tables along ``path``, e.g. 'module "mapping", item "intro"'."""
    labels = []
    node: object = data
    for index, part in enumerate(path):
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            entry = node[part]
            key = path[index - 1]
            label = _SINGULAR.get(str(key), str(key))
            slug = entry.get("slug") if isinstance(entry, dict) else None
            labels.append(f'{label} "{slug}"' if isinstance(slug, str) and slug
                          else f"{label} {part + 1}")
            node = entry
        elif isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
        else:
            break
    return ", ".join(labels)


class TomlDocument:
    """A parsed TOML file that turns (path, message) issues into located Problems."""

    def __init__(self, display: str, text: str, data: dict):
        self.display = display
        self.data = data
        self.locator = LineLocator(text)

    @classmethod
    def load(cls, file: Path, display: str) -> tuple[TomlDocument | None, list[Problem]]:
        """Read and parse ``file``; on failure return None and the located problems."""
        text, error = read_text(file)
        if text is None:
            line, message = error or (1, "cannot read file")
            return None, [Problem(display, line, message)]
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            return None, [syntax_problem(display, text, str(exc))]
        except RecursionError:  # tomllib recurses once per level of nested arrays or tables
            return None, [Problem(display, 1, "invalid TOML: values are nested too deeply")]
        return cls(display, text, data), []

    def line(self, path: DataPath) -> int:
        """Return the source line of ``path``."""
        return self.locator.line(path)

    def problem(self, path: DataPath, message: str) -> Problem:
        """Build a Problem at ``path``, prefixed with the tables it is in."""
        where = describe(self.data, path)
        return Problem(self.display, self.line(path), f"{where}: {message}" if where else message)


def syntax_problem(display: str, text: str, error: str) -> Problem:
    """Turn a tomllib error message into a Problem on the line it names."""
    located = _ERROR_LINE_RE.search(error)
    if located:
        message = f"invalid TOML: {error[:located.start()]} (column {located.group(2)})"
        return Problem(display, int(located.group(1)), message)
    line = max(1, len(text.splitlines()))
    return Problem(display, line, f"invalid TOML: {_ERROR_END_RE.sub('', error)} at end of file")


def read_text(file: Path) -> tuple[str | None, tuple[int, str] | None]:
    """Read a UTF-8 text file, returning (text, None) or (None, (line, why it failed))."""
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return None, (1, "file not found")
    except OSError as exc:
        return None, (1, f"cannot read file: {exc.strerror or exc}")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, _decode_problem(data, exc.start)


def _decode_problem(data: bytes, start: int) -> tuple[int, str]:
    """Where the first byte that is not UTF-8 is, in the words an author can act on."""
    line_start = data.rfind(b"\n", 0, start) + 1
    line = data.count(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", "replace")) + 1
    return line, (f"the byte 0x{data[start]:02x} at column {column} is not UTF-8 text: save "
                  "the file as UTF-8")
