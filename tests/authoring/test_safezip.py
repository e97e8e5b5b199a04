"""Hostile zips are refused before anything is written; the temporary folder does not survive."""

import io
import os
import stat
import struct
import warnings
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.content.safezip import UnsafeZip, ZipLimits, extract_zip


def make_zip(entries, compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    """A zip in memory from (ZipInfo or name, bytes) pairs."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we want
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def entry(name: str, mode: int) -> zipfile.ZipInfo:
    """A ZipInfo with Unix mode bits, as `zip --symlinks` and tar-like tools write them."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


@pytest.fixture
def place(tmp_path):
    """The folder uploads unpack under, inside a sandbox we can check for stray files."""
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    return sandbox / "uploads"


def written_anywhere(place) -> list[str]:
    """Every file or folder under the sandbox, besides the (empty) uploads folder."""
    sandbox = place.parent
    found = []
    for folder, dirs, files in os.walk(sandbox):
        found += [os.path.join(folder, name) for name in dirs + files]
    return [path for path in found if path != str(place)]


def refuse(place, source, limits: ZipLimits | None = None) -> str:
    with pytest.raises(UnsafeZip) as raised:
        extract_zip(source, place, limits or ZipLimits())
    assert written_anywhere(place) == [], "a refused zip left files behind"
    return raised.value.message


def test_a_good_zip_unpacks_its_folders_and_skips_mac_junk(place):
    source = make_zip([("course/course.toml", b"format = 1\n"),
                       ("course/01/intro.md", b"# Hi\n"),
                       ("__MACOSX/course/._intro.md", b"junk")])
    target = extract_zip(source, place)
    assert target.parent == place
    assert (target / "course" / "course.toml").read_bytes() == b"format = 1\n"
    assert (target / "course" / "01" / "intro.md").read_text() == "# Hi\n"
    assert not (target / "__MACOSX").exists()


@pytest.mark.parametrize("name", ["../evil.txt", "course/../../evil.txt", "a/./../../evil.txt",
                                  "/tmp/evil.txt", "C:/evil.txt", "course\\..\\evil.txt"])
def test_paths_that_leave_the_package_are_refused(place, name):
    source = make_zip([("course/course.toml", b"ok"), (name, b"owned")])
    message = refuse(place, source)
    assert "evil.txt" in message
    assert not (place.parent.parent / "evil.txt").exists()


def test_a_symlink_entry_is_refused(place):
    link = entry("course/assets/passwd.csv", stat.S_IFLNK | 0o777)
    source = make_zip([("course/course.toml", b"ok"), (link, b"/etc/passwd")])
    assert "symbolic links" in refuse(place, source)


def test_a_device_file_is_refused(place):
    device = entry("course/assets/null.csv", stat.S_IFCHR | 0o666)
    assert "device" in refuse(place, make_zip([(device, b"")]))


def test_a_zip_bomb_is_refused_by_its_compression_ratio(place):
    bomb = make_zip([("course/assets/zeros.csv", b"\0" * (5 * 1024 * 1024))])
    assert "zip bomb" in refuse(place, bomb)


def test_a_bomb_whose_headers_lie_is_refused_while_writing(place):
    data = bytearray(make_zip([("course/zeros.md", b"\0" * 200_000)]).getvalue())
    # Understate the unpacked size (10 bytes) in both the local and the central header.
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 10)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)
    refuse(place, io.BytesIO(bytes(data)))


def test_a_huge_file_is_refused(place):
    source = make_zip([("course/big.pdf", os.urandom(4000))])
    assert "at most" in refuse(place, source, ZipLimits(max_file_bytes=3000))


def test_a_huge_total_is_refused(place):
    source = make_zip([(f"course/f{n}.md", os.urandom(900)) for n in range(5)])
    message = refuse(place, source, ZipLimits(max_file_bytes=1000, max_total_bytes=4000))
    assert "limit for a package" in message


def test_too_many_files_are_refused(place):
    source = make_zip([(f"course/f{n}.md", b"x") for n in range(11)])
    assert "the limit is 10" in refuse(place, source, ZipLimits(max_files=10))


def test_duplicate_names_are_refused(place):
    source = make_zip([("course/a.md", b"one"), ("course/A.md", b"two")])
    assert "twice" in refuse(place, source)


def test_a_file_that_is_also_a_folder_is_refused(place):
    source = make_zip([("course/a", b"one"), ("course/a/b.md", b"two")])
    assert "both a file and a folder" in refuse(place, source)


def test_a_file_that_is_not_a_zip_is_refused(place):
    assert "not a zip" in refuse(place, io.BytesIO(b"%PDF-1.4 not a zip"))


# Any entry name at all: either refused, or written inside the new folder and nowhere else.
_NAME_PARTS = st.sampled_from(["..", ".", "", "a", "b.md", "/", "\\", "C:", "~", "\x00", "é",
                               "assets", " ", "..."])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.lists(_NAME_PARTS, min_size=1, max_size=4).map("/".join),
                      min_size=1, max_size=4))
def test_any_names_are_refused_or_kept_inside(tmp_path_factory, names):
    place = tmp_path_factory.mktemp("fuzz") / "uploads"
    try:
        source = make_zip([(name, b"x") for name in names])
    except (ValueError, OSError, IndexError):
        return  # zipfile itself refuses to write some names
    try:
        target = extract_zip(source, place)
    except UnsafeZip:
        assert written_anywhere(place) == []
        return
    sandbox = place.parent.resolve()
    for found in written_anywhere(place):
        real = os.path.realpath(found)
        assert real.startswith(str(target.resolve())), found
        assert not os.path.islink(found)
    assert str(sandbox) in str(target.resolve())
