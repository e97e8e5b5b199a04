"""Discovery of packages and question types, including real entry points of a distribution.

Each plugin test builds a tiny installed distribution on disk (a module plus a
``*.dist-info`` folder with METADATA and entry_points.txt) and puts it on
sys.path, so importlib.metadata finds its entry points as it would in production.
"""

import shutil
import sys
from pathlib import Path

import pytest

from lms.content.discovery import PluginError, discover_packages
from lms.content.loader import load_package
from lms.content.questions import (
    QUESTION_TYPES,
    QuestionTypePluginError,
    UnknownQuestionType,
    get_question_type,
    load_question_type_plugins,
)

SAMPLE = Path(__file__).parents[1] / "fixtures" / "courses" / "sample"
GROUP = "lms.course_packages"


@pytest.fixture
def make_distribution(tmp_path, monkeypatch):
    """Return a factory that installs a distribution with one module and some entry points."""
    modules = []

    def make(name: str, module_source: str, entry_points: str) -> Path:
        site = tmp_path / f"site-{name}"
        site.mkdir()
        (site / f"{name}.py").write_text(module_source)
        info = site / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(entry_points)
        monkeypatch.syspath_prepend(str(site))
        modules.append(name)
        return site

    yield make
    for name in modules:  # so the next test imports its own module of that name
        sys.modules.pop(name, None)


@pytest.fixture
def courses(tmp_path) -> Path:
    """A courses folder with two packages and folders that must be skipped."""
    root = tmp_path / "courses"
    for name in ("zeta", "alpha", "_draft", ".hidden"):
        shutil.copytree(SAMPLE, root / name)
    (root / "not-a-package").mkdir()
    (root / "stray.toml").write_text("")
    return root


def test_folders_with_a_manifest_are_discovered_sorted(courses):
    assert discover_packages(courses, entry_points_enabled=False) == [
        courses / "alpha", courses / "zeta"]


def test_missing_courses_folder_gives_nothing(tmp_path):
    assert discover_packages(tmp_path / "nowhere", entry_points_enabled=False) == []


def test_entry_point_package_is_discovered_only_when_enabled(make_distribution, courses):
    site = make_distribution(
        "fake_course_plugin",
        "from pathlib import Path\nPACKAGE_PATH = Path(__file__).parent / 'course'\n",
        f"[{GROUP}]\nfake = fake_course_plugin:PACKAGE_PATH\n",
    )
    shutil.copytree(SAMPLE, site / "course")

    assert site / "course" not in discover_packages(courses, entry_points_enabled=False)
    found = discover_packages(courses, entry_points_enabled=True)
    assert found[:2] == [courses / "alpha", courses / "zeta"]
    assert site / "course" in found
    package, problems = load_package(site / "course")
    assert problems == [] and package.slug == "sample"


def test_entry_point_may_be_a_callable_returning_a_path(make_distribution, tmp_path):
    site = make_distribution(
        "fake_callable_plugin",
        "import os\ndef package_path():\n"
        "    return os.path.join(os.path.dirname(__file__), 'course')\n",
        "[lms.test_packages]\nfake = fake_callable_plugin:package_path\n",
    )
    shutil.copytree(SAMPLE, site / "course")
    found = discover_packages(tmp_path / "none", entry_points_enabled=True,
                              group="lms.test_packages")
    assert found == [site / "course"]


@pytest.mark.parametrize(("source", "target", "message"), [
    ("", "fake_broken_plugin:MISSING", "plugin 'broken' in group 'lms.test_packages'"),
    ("raise ImportError('no numpy')\n", "fake_broken_plugin:X", "ImportError: no numpy"),
    ("X = 42\n", "fake_broken_plugin:X", "course package plugin 'broken'"),
    ("X = '/nonexistent/course'\n", "fake_broken_plugin:X", "has no course.toml"),
    ("def X():\n    raise RuntimeError('boom')\n", "fake_broken_plugin:X", "RuntimeError: boom"),
])
def test_broken_entry_point_raises_a_plugin_error_naming_it(
        make_distribution, tmp_path, source, target, message):
    make_distribution("fake_broken_plugin", source, f"[lms.test_packages]\nbroken = {target}\n")
    with pytest.raises(PluginError, match="broken") as error:
        discover_packages(tmp_path, entry_points_enabled=True, group="lms.test_packages")
    assert message in str(error.value)
    # disabled plugins are never loaded, so a broken one cannot break discovery
    assert discover_packages(tmp_path, entry_points_enabled=False,
                             group="lms.test_packages") == []


ESSAY_PLUGIN = '''
from lms.content.questions import Grade, QuestionType
from lms.content.schema import Field


class Essay(QuestionType):
    name = "essay"
    fields = {"words": Field("int", required=True, min=1)}

    def parse_response(self, spec, values):
        return values[0] if values and values[0] else None

    def grade(self, spec, response):
        return Grade(float(bool(response)), bool(response), ())
'''


@pytest.fixture
def clean_registry():
    """Restore the question-type registry after a test adds plugins to it."""
    saved = dict(QUESTION_TYPES)
    yield
    QUESTION_TYPES.clear()
    QUESTION_TYPES.update(saved)


def test_question_type_plugin_registers_and_validates(make_distribution, clean_registry):
    make_distribution("fake_essay_plugin", ESSAY_PLUGIN,
                      "[lms.question_types]\nessay = fake_essay_plugin:Essay\n")
    assert load_question_type_plugins(False) == []
    with pytest.raises(UnknownQuestionType):
        get_question_type("essay")

    assert load_question_type_plugins(True) == ["essay"]
    assert load_question_type_plugins(True) == ["essay"]  # loading twice is harmless
    essay = get_question_type("essay")
    spec = {"slug": "e", "type": "essay", "prompt": "Write.", "words": 0}
    assert essay.validate(spec) == [("words", '"words" is 0; it must be 1 or more')]
    assert essay.grade(spec, essay.parse_response(spec, ["text"])).correct

    # the checker now accepts quizzes with that type
    problems = load_package(Path(__file__).parents[1] / "fixtures/broken/unknown-question-type")[1]
    assert [str(p) for p in problems] == [
        'unknown-question-type/quiz.toml:9: question "no-type": missing required key "type"']


@pytest.mark.parametrize(("source", "target", "message"), [
    ("", "fake_bad_types:Missing", "'bad' in group 'lms.question_types'"),
    ("X = object()\n", "fake_bad_types:X", "question type plugin 'bad'"),
    ("from lms.content.question_types.choice import SingleChoice\n"
     "class Clash(SingleChoice):\n    pass\n", "fake_bad_types:Clash", "already registered"),
])
def test_broken_question_type_plugin_raises_a_typed_error(
        make_distribution, clean_registry, source, target, message):
    make_distribution("fake_bad_types", source, f"[lms.question_types]\nbad = {target}\n")
    with pytest.raises(QuestionTypePluginError) as error:
        load_question_type_plugins(True)
    assert message in str(error.value)
    assert isinstance(error.value, PluginError)
