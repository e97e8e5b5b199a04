"""The interface language: which one a request is read in, and the footer switch that sets it.

The person's own setting wins (their profile), then the choice made with the footer switch
(kept in the signed session cookie), then the browser's Accept-Language, then English.
"""

from contextlib import AbstractContextManager

from babel import Locale
from flask import Flask, has_request_context, request, session
from flask_babel import force_locale
from flask_login import current_user

from lms.content.kinds import ITEM_KINDS
from lms.content.question_types.base import set_number_format, set_translator
from lms.extensions import babel
from lms.i18n.formatting import format_number, format_percent
from lms.i18n.lookup import gettext, request_locale, translations
from lms.models import User

# Code -> the language's name in itself, as the switch and the profile offer it.
LANGUAGES = {"en": "English", "da": "Dansk", "es": "Español", "el": "Ελληνικά"}
DEFAULT_LANGUAGE = "en"
SESSION_KEY = "language"


def select_language() -> str:
    """The language code of the current request (outside a request: the default)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def current_language() -> str:
    """The code of the language this request is shown in ("el"), for <html lang> and content."""
    locale = request_locale()
    return str(locale.language) if locale else DEFAULT_LANGUAGE


def speaking(user: User) -> AbstractContextManager[None]:
    """Write an email to ``user`` in their language (their profile's, else the request's):
    `with speaking(user): queue_mail(user.email, _("..."), _("..."))`."""
    language = user.language if user.language in LANGUAGES else current_language()
    return force_locale(language)


def kind_label(kind: str) -> str:
    """What an item kind is called on tags, in the reader's language ("Θεωρία")."""
    return gettext(ITEM_KINDS[kind].label)


def locale() -> Locale:
    """The request's Babel locale, for formatting; English outside a request."""
    return request_locale() or Locale.parse(DEFAULT_LANGUAGE)


def _vary_on_language(response):
    """Public pages differ by Accept-Language: shared caches must keep one copy per language."""
    response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    """Wire Flask-Babel with the selector, and the template globals the footer switch uses."""
    babel.init_app(app, default_locale=DEFAULT_LANGUAGE, locale_selector=select_language)
    # As Flask-Babel installs them (jinja2.ext.i18n adds the method), with the kept catalog.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.globals.update(current_language=current_language, languages=LANGUAGES,
                                 kind_label=kind_label)
    set_translator(gettext)  # question types' labels and legends
    set_number_format(lambda value: format_number(value, 6, locale()))  # and their numbers
    from lms.i18n.commands import translations_cli

    app.cli.add_command(translations_cli)
    app.after_request(_vary_on_language)
    app.jinja_env.filters.update(
        number=lambda value, digits=1: format_number(value, digits, locale()),
        percent=lambda value, digits=1: format_percent(value, locale(), digits))
