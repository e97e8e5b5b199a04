"""Recalculate XLSX workbooks in LibreOffice headless and read back the values it computed.

openpyxl writes formulas without cached values, so every number read back here
was computed by LibreOffice from the formulas. Debian package:
libreoffice-calc-nogui (installed by .ci/run). Without it the tests are skipped
loudly, unless REQUIRE_LIBREOFFICE=1 (set by CI) turns that into a failure.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook


def soffice() -> str:
    """The soffice binary, or skip (fail on CI) when LibreOffice is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice is required (apt-get install libreoffice-calc-nogui)")
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-calc-nogui); "
                    "CI sets REQUIRE_LIBREOFFICE=1 and runs these tests")
    return found


def resave(workbooks: dict[str, bytes]) -> dict[str, bytes]:
    """Each workbook as LibreOffice saves it after opening it: formulas recalculated."""
    binary = soffice()
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, "in"), Path(tmp, "out")
        src.mkdir()
        for name, data in workbooks.items():
            (src / f"{name}.xlsx").write_bytes(data)
        subprocess.run(  # one process for all files: LibreOffice takes seconds to start
            [binary, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", "xlsx", "--outdir", str(out),
             *sorted(str(p) for p in src.iterdir())],
            check=True, capture_output=True, timeout=240)
        return {name: (out / f"{name}.xlsx").read_bytes() for name in workbooks}


def values(data: bytes) -> dict[str, list[tuple]]:
    """A workbook's sheets as rows of the values saved in it."""
    book = load_workbook(io.BytesIO(data), data_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


def recalculate(workbooks: dict[str, bytes]) -> dict[str, dict[str, list[tuple]]]:
    """Each workbook's sheets as rows of values, after LibreOffice recalculated and saved it."""
    return {name: values(data) for name, data in resave(workbooks).items()}
