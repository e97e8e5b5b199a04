"""`flask translations ...`: bring the catalogs up to date with the code, compile them."""

from io import BytesIO

import click
from babel.messages.pofile import read_po, write_po
from flask.cli import AppGroup

from lms.i18n.catalogs import (
    CATALOGS,
    TEMPLATE,
    compile_catalogs,
    extract_messages,
    languages,
    read_catalog,
    write_template,
)

translations_cli = AppGroup("translations", help="Interface translation catalogs (docs/i18n.md).")


@translations_cli.command("update")
def update() -> None:
    """Extract the marked messages into messages.pot and add new ones to every .po file."""
    template = extract_messages()
    if TEMPLATE.exists():  # the same messages keep their date: no diff without a change
        with TEMPLATE.open("rb") as file:
            previous = read_po(file)
        if _ids(previous) == _ids(template):
            template.creation_date = previous.creation_date
    write_template(template)
    for language in languages():
        catalog = read_catalog(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()  # removed messages leave the catalog instead of piling up
        out = BytesIO()
        write_po(out, catalog, no_location=True, sort_output=True, width=100)
        (CATALOGS / language / "LC_MESSAGES" / "messages.po").write_bytes(out.getvalue())
        untranslated = sum(1 for m in catalog if m.id and not _done(m.string))
        click.echo(f"{language}: {len(catalog) - 1} messages, {untranslated} to translate")


@translations_cli.command("compile")
def compile_() -> None:
    """Write the .mo files the app reads (`make install` does it)."""
    for path in compile_catalogs(force=True):
        click.echo(f"compiled {path.relative_to(CATALOGS)}")


def _ids(catalog) -> set:
    return {message.id for message in catalog if message.id}


def _done(string) -> bool:
    strings = string if isinstance(string, tuple | list) else (string,)
    return all(strings)
