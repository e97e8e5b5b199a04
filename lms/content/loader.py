"""Load a course package folder into a CoursePackage, reporting every problem found."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from . import tools as tool_plugins
from .assets import ASSETS_DIR, MAX_ASSET_BYTES, asset_name_problem, asset_problem
from .formulas import formula_problems
from .item_rules import ITEM_LIST_RULES
from .kinds import ITEM_KINDS, kinds_where
from .links import asset_links, asset_name, package_link_problem, relative_links
from .package import (
    CoursePackage,
    ItemSpec,
    ModuleSpec,
    PageSpec,
    QuizSpec,
    content_hash,
    package_files,
)
from .problems import Problem
from .quizfile import check_quiz
from .schema import Field, Issue, check_table, with_defaults
from .schema import Path as DataPath
from .tomldoc import TomlDocument, read_text
from .tools import Tool
from .translations import load_translations

FORMAT_VERSION = 1
MANIFEST = "course.toml"
VISIBILITIES = ("learners", "trainers")
_PREVIEW_KINDS = kinds_where(lambda kind: kind.previewable)  # the others need an account
_TOOL_KINDS = kinds_where(lambda kind: kind.uses_tool)
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")

ITEM_FIELDS = {
    "slug": Field("slug", required=True),
    "kind": Field("one_of", required=True, one_of=tuple(ITEM_KINDS)),
    "title": Field("text", required=True),
    "file": Field("str", default=""),  # required, except for a tool (see kinds.py)
    "minutes": Field("int", default=0, min=0),
    "prerequisites": Field("slug_list", default=[]),
    "visibility": Field("one_of", default="learners", one_of=VISIBILITIES),
    "objectives": Field("str_list", default=[]),  # shown at the top of the lesson
    "preview": Field("bool", default=False),  # visitors may read it before joining
    "tool": Field("str"),  # tool items only: the name of a loaded tool
    "options": Field("table", default={}),  # tool items only: checked by the tool
}
MAX_LESSON_BYTES = 1024 * 1024  # a lesson is text; bigger means pasted data or images
MODULE_FIELDS = {
    "slug": Field("slug", required=True),
    "title": Field("text", required=True),
    "summary": Field("str", default=""),
    "items": Field("tables", required=True, min=1, fields=ITEM_FIELDS),
}
PAGE_FIELDS = {
    "slug": Field("slug", required=True),
    "title": Field("text", required=True),
    "file": Field("str", required=True),
}
COURSE_FIELDS = {
    "format": Field("int", required=True),
    "slug": Field("slug", required=True),
    "title": Field("text", required=True),
    "summary": Field("str", default=""),
    "language": Field("str", default="en"),
    "authors": Field("str_list", default=[]),
    "licence": Field("str", default=""),
    "attendance_counts": Field("bool", default=False),
    "pages": Field("tables", default=[], fields=PAGE_FIELDS),
    "modules": Field("tables", required=True, min=1, fields=MODULE_FIELDS),
}


def load_package(path: Path, tools: Mapping[str, Tool] | None = None
                 ) -> tuple[CoursePackage | None, list[Problem]]:
    """Read and check a package folder; return (package, []) or (None, problems).

    ``tools`` are the workbook tools a tool item may name (default: the built-in ones).
    """
    root = Path(path)
    name = root.name or root.resolve().name
    if not root.is_dir():
        return None, [Problem(name, 1, "package folder not found")]
    doc, problems = TomlDocument.load(root / MANIFEST, f"{name}/{MANIFEST}")
    if doc is None:
        return None, problems
    if tools is None:
        tools = tool_plugins.load_tools(plugins=False)
    checker = _PackageChecker(root, name, doc, tools)
    package = checker.run()
    if package is not None:  # translations are checked against a valid source
        translations, problems = load_translations(package)
        if problems:
            return None, problems
        package = dataclasses.replace(package, translations=translations)
    return package, sorted(checker.problems, key=lambda p: (p.file, p.line))


def check_packages(paths: list[Path], tools: Mapping[str, Tool] | None = None
                   ) -> list[Problem]:
    """Check several packages, also reporting course slugs used by more than one."""
    problems: list[Problem] = []
    first_use: dict[str, str] = {}  # slug -> manifest that used it first
    for path in paths:
        package, found = load_package(path, tools)
        problems.extend(found)
        if package is None:
            continue
        manifest = f"{package.path.name}/{MANIFEST}"
        if package.slug in first_use:
            doc, _ = TomlDocument.load(package.path / MANIFEST, manifest)
            line = doc.line(("slug",)) if doc else 1
            problems.append(Problem(manifest, line, f'course slug "{package.slug}" is already '
                                    f"used by {first_use[package.slug]}"))
        else:
            first_use[package.slug] = manifest
    return problems


class _PackageChecker:
    """Walks one parsed course.toml, collecting problems and the files it refers to."""

    def __init__(self, root: Path, name: str, doc: TomlDocument, tools: Mapping[str, Tool]):
        self.root, self.name, self.doc, self.tools = root, name, doc, tools
        self.problems: list[Problem] = []
        self.texts: dict[str, str] = {}  # Markdown sources by relative file name
        self.quizzes: dict[DataPath, QuizSpec] = {}  # by the item's data path

    def run(self) -> CoursePackage | None:
        """Check everything; build the package only if nothing is wrong."""
        data = self.doc.data
        self._issues(check_table(data, COURSE_FIELDS))
        self._check_course_values(data)
        pages: list[tuple[DataPath, dict]] = [
            (("pages", i), page) for i, page in _tables(data.get("pages"))]
        modules: list[tuple[DataPath, dict]] = [
            (("modules", i), module) for i, module in _tables(data.get("modules"))]
        items: list[tuple[DataPath, dict]] = [(path + ("items", i), item)
                 for path, module in modules for i, item in _tables(module.get("items"))]
        for label, entries in (("page", pages), ("module", modules), ("item", items)):
            self._check_unique(label, entries)
        for path, page in pages:
            self._check_document(path, page, "page")
        for path, item in items:
            self._check_item_kind(path, item)
            self._check_document(path, item, "item")
        for rule in ITEM_LIST_RULES:
            rule(items, self._problem)
        self._check_preview(items)
        self._check_assets()
        if self.problems:
            return None
        try:
            digest = content_hash(self.root)
        except OSError as exc:
            self.problems.append(Problem(self.name, 1, f"cannot read package: {exc}"))
            return None
        return self._build(digest)

    def _display(self, relative: str) -> str:
        return f"{self.name}/{relative}"

    def _problem(self, path: DataPath, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def _issues(self, issues: list[Issue]) -> None:
        for path, message in issues:
            self._problem(path, message)

    def _check_course_values(self, data: dict) -> None:
        version = data.get("format")
        if isinstance(version, int) and not isinstance(version, bool) and version != FORMAT_VERSION:
            self._problem(("format",), f"format {version} is not supported; this LMS reads "
                                       f"format {FORMAT_VERSION}")
        language = data.get("language")
        if isinstance(language, str) and not _LANGUAGE_RE.match(language):
            self._problem(("language",), f'"language" is "{language}"; use a BCP 47 tag like '
                                         '"en" or "da-DK"')

    def _check_unique(self, label: str, entries: list[tuple[DataPath, dict]]) -> None:
        first: dict[str, int] = {}
        for path, table in entries:
            slug = table.get("slug")
            if not isinstance(slug, str):
                continue
            if slug in first:
                self._problem(path + ("slug",), f'duplicate {label} slug "{slug}" '
                                                f"(first used on line {first[slug]})")
            else:
                first[slug] = self.doc.line(path + ("slug",))

    def _check_item_kind(self, path: DataPath, item: dict) -> None:
        """What an item of a given kind needs: a file, or a known tool and valid options."""
        name = item.get("kind")
        kind = ITEM_KINDS.get(name) if isinstance(name, str) else None
        if kind is None:
            return  # reported by the schema
        if kind.file_required and not item.get("file"):
            self._problem(path, 'missing required key "file"')
        for key in ("tool", "options"):
            if key in item and not kind.uses_tool:
                self._problem(path + (key,), f'"{key}" is only for items of kind "tool"')
        if not kind.uses_tool:
            return
        name = item.get("tool")
        if not isinstance(name, str):
            if name is None:
                self._problem(path, 'missing required key "tool" (the name of a tool)')
            return
        tool = self.tools.get(name)
        if tool is None:
            known = ", ".join(sorted(self.tools)) or "none are installed"
            self._problem(path + ("tool",), f'unknown tool "{name}"; known tools: {known}')
            return
        options = item.get("options", {})
        if isinstance(options, dict):
            for dotted, message in tool.validate_options(options):
                parts = tuple(int(p) if p.isdigit() else p for p in dotted.split(".") if p)
                self._problem(path + ("options",) + parts, f"options: {message}")

    def _check_document(self, path: DataPath, table: dict, label: str) -> None:
        """Check the file of a page or item, then read its Markdown or quiz."""
        relative = table.get("file")
        if not isinstance(relative, str) or (label == "item" and not relative):
            return
        raw_kind = table.get("kind") if label == "item" else "page"
        kind = raw_kind if isinstance(raw_kind, str) else ""  # _check_item_kind reports it
        known_kind = label == "page" or kind in ITEM_KINDS
        extension = ITEM_KINDS[kind].suffix if label == "item" and known_kind else ".md"
        if known_kind and PurePosixPath(relative).suffix.lower() != extension:
            noun = "page" if label == "page" else f"{kind} item"
            self._problem(path + ("file",), f'a {noun} needs a {extension} file, not "{relative}"')
            return
        full, reason = _package_file(self.root, relative)
        if full is None:
            self._problem(path + ("file",), f'file "{relative}" {reason}')
        elif known_kind and extension == ".md":
            self._read_markdown(relative, full)
        elif known_kind:
            title = table.get("title")
            self._read_quiz(path, relative, full, title if isinstance(title, str) else "")

    def _read_markdown(self, relative: str, full: Path) -> None:
        if relative in self.texts:
            return
        text, error = read_text(full)
        if text is None:
            line, message = error or (1, "cannot read")
            self.problems.append(Problem(self._display(relative), line, message))
            return
        self.texts[relative] = text
        size = full.stat().st_size
        if size > MAX_LESSON_BYTES:
            self.problems.append(Problem(
                self._display(relative), 1,
                f"lesson is {size / 2**20:.1f} MB; the limit is {MAX_LESSON_BYTES // 2**20} MB "
                "of text: split it, or move images and data to assets/ and link them"))
        for line, message in formula_problems(text):
            self.problems.append(Problem(self._display(relative), line, message))
        for line, target in asset_links(text):
            reason = asset_problem(self.root, asset_name(target))
            if reason:
                self.problems.append(Problem(self._display(relative), line,
                                             f'link to "{target}": the asset {reason}'))
        for line, target in relative_links(text):
            self.problems.append(Problem(self._display(relative), line,
                                         package_link_problem(self.root, relative, target)))

    def _read_quiz(self, path: DataPath, relative: str, full: Path, title: str) -> None:
        doc, problems = TomlDocument.load(full, self._display(relative))
        if doc is not None:
            quiz, problems = check_quiz(doc, title, lambda name: asset_problem(self.root, name))
            if quiz is not None:
                self.quizzes[path] = quiz
        self.problems.extend(problems)

    def _check_preview(self, items: list[tuple[DataPath, dict]]) -> None:
        """Preview is for reading: theory and cases for learners, nothing that needs an account."""
        for path, item in items:
            if item.get("preview") is not True:
                continue
            if item.get("visibility") == "trainers":
                self._problem(path + ("preview",),
                              "an item for trainers only cannot be a preview for visitors")
            elif item.get("kind") not in _PREVIEW_KINDS:
                self._problem(path + ("preview",),
                              f'a {item.get("kind")} item cannot be a preview: only '
                              f'{" and ".join(_PREVIEW_KINDS)} items can be read without an '
                              "account")
            elif isinstance(item.get("file"), str) and item["file"] in self.texts:
                for line, target in asset_links(self.texts[item["file"]])[:1]:
                    self.problems.append(Problem(
                        self._display(item["file"]), line,
                        f'preview lesson links to "{target}": visitors cannot open assets, '
                        "so keep previews to text"))

    def _check_assets(self) -> None:
        assets = self.root / ASSETS_DIR
        if not assets.exists() and not assets.is_symlink():
            return
        if assets.is_symlink() or not assets.is_dir():
            self.problems.append(Problem(self._display(ASSETS_DIR), 1,
                                         "assets must be a folder inside the package"))
            return
        real_assets = assets.resolve()
        for relative in package_files(assets):
            file = assets / relative
            display = self._display(f"{ASSETS_DIR}/{relative}")
            reason = asset_name_problem(relative)
            if reason:
                self.problems.append(Problem(display, 1, f"asset {reason}"))
            elif not file.resolve().is_relative_to(real_assets):
                self.problems.append(Problem(display, 1, "asset links outside the assets folder"))
            elif file.stat().st_size > MAX_ASSET_BYTES:
                self.problems.append(Problem(display, 1, "asset is larger than 10 MB"))

    def _build(self, digest: str) -> CoursePackage:
        data = with_defaults(self.doc.data, COURSE_FIELDS)
        modules = []
        for m, module in enumerate(data["modules"]):
            module = with_defaults(module, MODULE_FIELDS)
            items = []
            for i, item in enumerate(module["items"]):
                item = with_defaults(item, ITEM_FIELDS)
                quiz = self.quizzes.get(("modules", m, "items", i))
                tool = self.tools.get(item["tool"]) if item["kind"] in _TOOL_KINDS else None
                items.append(ItemSpec(
                    slug=item["slug"], kind=item["kind"], title=item["title"], file=item["file"],
                    minutes=item["minutes"], prerequisites=tuple(item["prerequisites"]),
                    body="" if quiz or not item["file"] else self.texts[item["file"]], quiz=quiz,
                    tool=tool.name if tool else None,
                    options=with_defaults(item["options"], tool.option_fields) if tool else {},
                    visibility=item["visibility"], objectives=tuple(item["objectives"]),
                    preview=item["preview"],
                ))
            modules.append(ModuleSpec(module["slug"], module["title"], module["summary"],
                                      tuple(items)))
        pages = tuple(PageSpec(p["slug"], p["title"], p["file"], self.texts[p["file"]])
                      for p in data["pages"])
        return CoursePackage(
            path=self.root.resolve(), slug=data["slug"], title=data["title"],
            summary=data["summary"], language=data["language"], authors=tuple(data["authors"]),
            licence=data["licence"], attendance_counts=data["attendance_counts"],
            modules=tuple(modules), pages=pages, content_hash=digest,
        )


def _tables(value: object) -> list[tuple[int, dict]]:
    """Enumerate the tables of a list, skipping anything else (already reported)."""
    if not isinstance(value, list):
        return []
    return [(index, entry) for index, entry in enumerate(value) if isinstance(entry, dict)]


def _package_file(root: Path, relative: str) -> tuple[Path | None, str]:
    """Resolve a manifest file path; return (path, "") or (None, why it is unusable)."""
    pure = PurePosixPath(relative)
    if (not relative or "\x00" in relative or "\\" in relative or pure.is_absolute()
            or ".." in pure.parts):
        return None, 'must be a relative path inside the package, using "/" and no ".."'
    try:
        real_root = root.resolve()
        full = (root / relative).resolve()
        if not full.is_relative_to(real_root):
            return None, "is outside the package"
        if not full.exists():
            return None, "not found"
        if not full.is_file():
            return None, "is not a file"
    except (OSError, ValueError, RuntimeError):  # names the OS refuses; symlink loops
        return None, "cannot be opened"
    return full, ""
