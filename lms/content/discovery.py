"""Find course packages: folders under the courses path, plus entry-point plugins."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .loader import MANIFEST
from .plugins import PluginError, load_entry_points

__all__ = ["PluginError", "discover_packages"]


def discover_packages(courses_path: Path | Iterable[Path], *, entry_points_enabled: bool,
                      group: str = "lms.course_packages") -> list[Path]:
    """List package folders: sorted subfolders with a course.toml of each courses folder (one
    or several, in order), then entry-point packages."""
    found: list[Path] = []
    seen: set[Path] = set()
    for folder in courses_folders(courses_path):
        # a folder of packages, or (forgiving a common slip) one package itself
        packages = [folder] if (folder / MANIFEST).is_file() else _folder_packages(folder)
        for path in packages:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.append(path)
    if entry_points_enabled:
        for path in _entry_point_packages(group):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.append(path)
    return found


def courses_folders(courses_path: Path | str | Iterable[Path]) -> list[Path]:
    """COURSES_PATH as a list of folders: one path, or several."""
    if isinstance(courses_path, str | os.PathLike):
        return [Path(courses_path)]
    return [Path(folder) for folder in courses_path]


def expand_package_paths(paths: Iterable[Path]) -> list[Path]:
    """Paths named on the command line: a package stays; a folder of packages becomes its
    packages (so `check courses/` checks each); anything else stays for the checker to report."""
    expanded = []
    for path in map(Path, paths):
        if (path / MANIFEST).is_file():
            expanded.append(path)
        else:
            expanded.extend(_folder_packages(path) or [path])
    return expanded


def _folder_packages(courses_path: Path) -> list[Path]:
    if not courses_path.is_dir():
        return []
    return sorted(
        child for child in courses_path.iterdir()
        # "_drafts" and ".git" are not packages: a leading _ lets trainers park work in progress
        if not child.name.startswith((".", "_")) and (child / MANIFEST).is_file()
    )


def _entry_point_packages(group: str) -> list[Path]:
    paths = []
    for entry_point, obj in load_entry_points(group):
        where = f"course package plugin {entry_point.name!r} ({entry_point.value})"
        if callable(obj) and not isinstance(obj, str | os.PathLike):
            try:
                obj = obj()
            except Exception as exc:  # the plugin's own bug: name it
                raise PluginError(f"{where} failed: {type(exc).__name__}: {exc}") from exc
        if not isinstance(obj, str | os.PathLike):
            raise PluginError(f"{where} gave {type(obj).__name__}, not a path to a package folder")
        path = Path(obj)
        if not (path / MANIFEST).is_file():
            raise PluginError(f"{where} points to {path}, which has no {MANIFEST}")
        paths.append(path)
    return paths
