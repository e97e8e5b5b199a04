"""Which package assets may be served, and where a safe asset name points."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

ASSETS_DIR = "assets"
ALLOWED_EXTENSIONS = frozenset(
    ".png .jpg .jpeg .gif .svg .webp .pdf .csv .xlsx .ods .docx .odt .pptx .txt .md".split()
)
MAX_ASSET_BYTES = 10 * 1024 * 1024


def asset_name_problem(name: str) -> str | None:
    """Say why ``name`` (relative to ``assets/``) can never be a valid asset, or None."""
    if not name or "\x00" in name or "\\" in name:
        return "is not a valid file name"
    pure = PurePosixPath(name)
    if pure.is_absolute() or any(part in ("..", ".") for part in pure.parts):
        return "is outside the assets folder"
    if any(part.startswith(".") for part in pure.parts):
        return "is a hidden file"
    if pure.suffix.lower() not in ALLOWED_EXTENSIONS:
        return f"has a file type that is not allowed ({pure.suffix or 'no extension'})"
    return None


def resolve_asset(package_path: Path, name: str) -> Path | None:
    """Return the real path of asset ``name`` if it exists, is allowed and stays inside assets/."""
    if not isinstance(name, str) or asset_name_problem(name):
        return None
    root = package_path / ASSETS_DIR
    try:
        real_root = root.resolve()
        # resolve() follows symlinks, so a link pointing out of assets/ is caught here
        target = (root / name).resolve()
        if target.is_relative_to(real_root) and target.is_file():
            return target
    except (OSError, ValueError, RuntimeError):  # names the OS refuses; symlink loops
        return None
    return None


def asset_problem(package_path: Path, name: str) -> str | None:
    """Say why a link to asset ``name`` would be broken, or None if it is fine."""
    reason = asset_name_problem(name)
    if reason:
        return reason
    if resolve_asset(package_path, name) is None:
        return "does not exist"
    return None
