"""The gettext catalogs: extract the messages from the code, compile .po files to .mo.

`make install` compiles (the .mo files are build output, never committed); the completeness
test extracts again and compares (tests/i18n/test_catalogs.py). docs/i18n.md has the workflow.
"""

from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]  # the project folder, where babel.cfg is
CATALOGS = ROOT / "lms" / "translations"
TEMPLATE = CATALOGS / "messages.pot"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "N_": None}


def extract_messages(root: Path = ROOT) -> Catalog:
    """Every message marked in the code and templates, as babel.cfg maps them."""
    with (root / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog(project="ClusterLearn", copyright_holder="ClusterLearn",
                      msgid_bugs_address="")
    for _filename, _lineno, message, comments, context in extract_from_dir(
            str(root), method_map, options_map, keywords=KEYWORDS):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def write_template(catalog: Catalog, path: Path = TEMPLATE) -> None:
    """Write messages.pot the way the committed one is written (sorted, no locations)."""
    out = BytesIO()
    write_po(out, catalog, no_location=True, sort_output=True, width=100)
    path.write_bytes(out.getvalue())


def languages(root: Path = CATALOGS) -> list[str]:
    """The languages that have a catalog."""
    return sorted(p.parent.parent.name for p in root.glob("*/LC_MESSAGES/messages.po"))


def read_catalog(language: str, root: Path = CATALOGS) -> Catalog:
    """A language's .po catalog."""
    with (root / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=language)


def compile_catalogs(root: Path = CATALOGS, force: bool = False) -> list[Path]:
    """Write messages.mo beside each messages.po that is newer (fuzzy entries left out);
    return the files written."""
    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as file:
            catalog = read_po(file, locale=po.parent.parent.name)
        out = BytesIO()
        write_mo(out, catalog, use_fuzzy=False)
        mo.write_bytes(out.getvalue())
        written.append(mo)
    return written
