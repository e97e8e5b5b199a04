"""The sample package with a Greek translation: a copy of tests/fixtures/courses/sample with
tests/fixtures/sample_translations/ as its translations/ folder (the shared sample itself
stays translation-free, so other tests that edit its files are not affected)."""

import shutil
from pathlib import Path

import pytest

from tests.fixtures.content import SAMPLE, import_package

TRANSLATIONS = Path(__file__).resolve().parents[1] / "fixtures" / "sample_translations"


@pytest.fixture
def translated_sample(tmp_path) -> Path:
    """A writable copy of the sample package with its Greek translation."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    shutil.copytree(TRANSLATIONS, target / "translations")
    return target


@pytest.fixture
def greek_sample(app_ctx, translated_sample):
    """import it: the sample course, synced again with its Greek translation."""
    return lambda: import_package(translated_sample)
