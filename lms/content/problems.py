"""Problems found in a course package, reported as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package, located as precisely as the checker can."""

    file: str  # relative to the package folder's parent, e.g. "sample/course.toml"
    line: int  # 1-based; 1 when the checker cannot tell
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class PackageError(Exception):
    """Raised by callers that need a valid package and got problems instead."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid course package")
