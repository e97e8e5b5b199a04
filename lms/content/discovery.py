"""Find course packages: folders under the courses path, plus entry-point plugins."""

from __future__ import annotations

import os
from pathlib import Path

from .loader import MANIFEST
from .plugins import PluginError, load_entry_points

__all__ = ["PluginError", "discover_packages"]


def discover_packages(courses_path: Path, *, entry_points_enabled: bool,
                      group: str = "lms.course_packages") -> list[Path]:
    """List package folders: sorted subfolders with a course.toml, then entry-point packages."""
    found = _folder_packages(Path(courses_path))
    if entry_points_enabled:
        seen = {path.resolve() for path in found}
        for path in _entry_point_packages(group):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.append(path)
    return found


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
