"""Unpack an uploaded zip into a fresh temporary folder, refusing anything hostile.

An author's zip is untrusted input. Every entry is checked before a byte is written
(no absolute paths, no "..", no symlinks or device files, no duplicate names, no
encryption, limits on count, sizes and compression ratio), and sizes are counted again
while writing, because a zip's headers can lie. On any refusal the temporary folder is
removed, so nothing is left behind.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

_CHUNK = 64 * 1024
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
# Entries zip tools add that are never part of a package.
_JUNK_PREFIXES = ("__MACOSX/",)


@dataclass(frozen=True)
class ZipLimits:
    """How much one upload may unpack to."""

    max_total_bytes: int = 60 * 1024 * 1024
    max_files: int = 2000
    max_file_bytes: int = 12 * 1024 * 1024
    max_ratio: int = 100  # uncompressed / compressed, per file
    ratio_floor: int = 1024 * 1024  # files smaller than this may compress as well as they like


class UnsafeZip(Exception):
    """The upload is not a zip we are willing to unpack; the message says why, for the author."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def extract_zip(source: BinaryIO | str | os.PathLike, parent: str | os.PathLike,
                limits: ZipLimits = ZipLimits()) -> Path:
    """Unpack ``source`` into a new folder under ``parent`` and return it.

    Raises UnsafeZip (with the folder already removed) if any entry is refused.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnsafeZip("This file is not a zip archive (save the package folder as .zip).") \
            from error
    with archive:
        members = _checked_members(archive, limits)
        Path(parent).mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(prefix="upload-", dir=parent))
        try:
            _write_members(archive, members, target, limits)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
    return target


def _checked_members(archive: zipfile.ZipFile, limits: ZipLimits
                     ) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Every entry to write, with its safe relative path; refuse the whole zip on any doubt."""
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        raise UnsafeZip(f"The zip holds {len(infos)} entries; the limit is {limits.max_files}.")
    seen: set[str] = set()
    members, total = [], 0
    for info in infos:
        if info.filename.startswith(_JUNK_PREFIXES):
            continue
        path = _safe_path(info.filename)
        _check_type(info)
        key = path.as_posix().casefold()
        if key in seen:
            raise UnsafeZip(f"{info.filename}: the zip holds this name twice.")
        seen.add(key)
        if info.flag_bits & 0x1:
            raise UnsafeZip(f"{info.filename}: encrypted entries are not accepted.")
        if info.is_dir():
            continue
        _check_size(info, limits)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnsafeZip(f"The zip unpacks to more than {_mb(limits.max_total_bytes)}, "
                            "the limit for a package.")
        members.append((info, path))
    _check_no_file_dir_clash(members)
    return members


def _safe_path(name: str) -> PurePosixPath:
    """The entry's path relative to the package, or UnsafeZip if it could leave it."""
    if not name or "\x00" in name or "\\" in name:
        raise UnsafeZip(f"{name!r}: not a valid file name in a package.")
    if name.startswith("/") or _DRIVE_RE.match(name):
        raise UnsafeZip(f"{name}: absolute paths are not allowed; zip the package folder "
                        "itself.")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UnsafeZip(f"{name}: paths with '..' would leave the package; they are refused.")
    if not parts:
        raise UnsafeZip(f"{name!r}: not a valid file name in a package.")
    return PurePosixPath(*parts)


def _check_type(info: zipfile.ZipInfo) -> None:
    """Only regular files and folders: symlinks, devices, pipes and sockets are refused."""
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise UnsafeZip(f"{info.filename}: symbolic links are not allowed in a package.")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise UnsafeZip(f"{info.filename}: only plain files and folders are allowed "
                        "(this is a device, pipe or socket).")


def _check_size(info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    if info.file_size > limits.max_file_bytes:
        raise UnsafeZip(f"{info.filename}: {_mb(info.file_size)} unpacked; a file may be at "
                        f"most {_mb(limits.max_file_bytes)}.")
    if info.file_size > limits.ratio_floor and \
            info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise UnsafeZip(f"{info.filename}: compressed more than {limits.max_ratio} to 1, "
                        "which only a zip bomb does.")


def _check_no_file_dir_clash(members: list[tuple[zipfile.ZipInfo, PurePosixPath]]) -> None:
    """Refuse "a" as a file when "a/b" is also there: one would overwrite the other."""
    files = {path.as_posix().casefold() for _, path in members}
    for info, path in members:
        for parent in path.parents:
            if parent.as_posix().casefold() in files:
                raise UnsafeZip(f"{info.filename}: {parent} is both a file and a folder.")


def _write_members(archive: zipfile.ZipFile, members: list[tuple[zipfile.ZipInfo, PurePosixPath]],
                   target: Path, limits: ZipLimits) -> None:
    """Write each file under target, counting real bytes (headers may understate them)."""
    root = target.resolve()
    total = 0
    for info, path in members:
        destination = root.joinpath(*path.parts)
        if not destination.resolve().is_relative_to(root):  # belt and braces after _safe_path
            raise UnsafeZip(f"{info.filename}: would be written outside the package.")
        destination.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        written = 0
        try:
            with archive.open(info) as reader, os.fdopen(os.open(destination, flags, 0o600),
                                                        "wb") as writer:
                while chunk := reader.read(_CHUNK):
                    written += len(chunk)
                    total += len(chunk)
                    if written > min(info.file_size, limits.max_file_bytes) or \
                            total > limits.max_total_bytes:
                        raise UnsafeZip(f"{info.filename}: unpacks to more than its header "
                                        "says; the zip is refused.")
                    writer.write(chunk)
        except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as error:
            raise UnsafeZip(f"{info.filename}: cannot be read from the zip ({error}).") \
                from error


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
