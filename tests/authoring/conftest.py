"""Authoring fixtures: a version store per test, and course packages zipped as authors do."""

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.fixtures.content import SAMPLE


@pytest.fixture
def store(tmp_path) -> Path:
    """The version store of this test's app."""
    return tmp_path / "store"


@pytest.fixture
def config_overrides(store):
    """Keep uploaded versions in the test's own folder."""
    return {"AUTHORING_STORE": store}


def zip_folder(folder: Path, top: str | None = "sample") -> bytes:
    """The folder's files as a zip, inside a top folder (as "Compress folder" makes it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                archive.write(path, f"{top}/{name}" if top else name)
    return buffer.getvalue()


@pytest.fixture
def package_copy(tmp_path):
    """A writable copy of the sample package: package_copy("name") -> its folder."""

    def copy(name: str = "edited") -> Path:
        target = tmp_path / "packages" / name
        shutil.copytree(SAMPLE, target)
        return target

    return copy


@pytest.fixture
def upload(client):
    """POST a zip (bytes) to the upload form; return the response."""

    def post(data: bytes, filename: str = "sample.zip"):
        return client.post("/authoring/upload",
                           data={"package": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data")

    return post


def stored_files(store: Path) -> list[str]:
    """Every file in the store, relative to it."""
    if not store.exists():
        return []
    return sorted(p.relative_to(store).as_posix() for p in store.rglob("*") if p.is_file())
