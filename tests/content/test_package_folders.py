"""COURSES_PATH may name several folders; `flask courses check FOLDER` on a folder of packages
checks each package in it (issue 19)."""

import os
import shutil

import pytest

from config import env_paths
from lms.content.discovery import discover_packages
from tests.fixtures.content import SAMPLE


@pytest.fixture
def two_folders(tmp_path):
    """Two folders of packages: "sample" in the first, "other" (a copy) in the second."""
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(SAMPLE, first / "sample")
    other = second / "other"
    shutil.copytree(SAMPLE, other)
    manifest = other / "course.toml"
    manifest.write_text(manifest.read_text().replace('slug = "sample"', 'slug = "other"', 1))
    return first, second


def test_several_courses_folders_are_searched_in_order(two_folders):
    first, second = two_folders
    found = discover_packages([first, second], entry_points_enabled=False)
    assert [path.name for path in found] == ["sample", "other"]
    assert discover_packages(first, entry_points_enabled=False) == [first / "sample"]


def test_a_package_named_as_a_courses_folder_is_taken_as_it_is(two_folders):
    first, _ = two_folders
    assert discover_packages([first / "sample"], entry_points_enabled=False) == \
        [first / "sample"]


def test_courses_path_from_the_environment_is_a_list(monkeypatch, two_folders):
    first, second = two_folders
    monkeypatch.setenv("COURSES_PATH", f"{first}{os.pathsep}{second}{os.pathsep}")
    assert env_paths("COURSES_PATH", first) == [first, second]
    monkeypatch.setenv("COURSES_PATH", "")
    assert env_paths("COURSES_PATH", second) == [second]


def test_check_on_a_folder_of_packages_checks_each(app, two_folders):
    first, second = two_folders
    runner = app.test_cli_runner()
    result = runner.invoke(args=["courses", "check", str(first), str(second)])
    assert result.exit_code == 0, result.output
    assert "2 package(s) checked, no problems." in result.output
    (second / "other" / "01-basics" / "intro.md").unlink()
    result = runner.invoke(args=["courses", "check", str(second)])
    assert result.exit_code == 1
    assert "other/course.toml:" in result.output and "intro.md" in result.output
    assert 'file "01-basics/intro.md" not found' in result.output


def test_check_on_a_folder_without_packages_still_says_so(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["courses", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "course.toml:1: file not found" in result.output
