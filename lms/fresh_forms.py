"""An empty form's markup, rendered once per form class and language, filled per request.

The discussion box under every lesson and the thread page show the same empty reply form
to everyone: only its action and the session's CSRF token differ. Rendering it field by
field through the form macros was an eighth of the lesson page, so its markup is rendered
once with placeholders and kept (least recently used out). Forms that come back with data
or errors are rendered by the macro, as every other form is.
"""

from functools import lru_cache

from flask import current_app, get_template_attribute
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from lms.i18n import current_language

ACTION, CSRF = "\x00action\x00", "\x00csrf\x00"  # NUL never occurs in rendered markup


@lru_cache(maxsize=128)
def _rendered(form_class: type[FlaskForm], language: str, csrf_in_forms: bool, submit: str,
              css_class: str, enctype: str | None, hints: tuple[tuple[str, str], ...]) -> str:
    """The macro's markup of a fresh form of this class, with placeholders. Rendered in the
    request that first needs it, whose language and CSRF setting are part of the key."""
    form = form_class(formdata=None)
    for name, hint in hints:
        form[name].description = hint
    if csrf_in_forms:
        form.csrf_token.current_token = CSRF
    render_form = get_template_attribute("_macros/forms.html", "render_form")
    return str(render_form(form, action=ACTION, submit=submit, enctype=enctype,
                           **{"class": css_class}))


def render_fresh_form(form_class: type[FlaskForm], action: str, submit: str,
                      css_class: str = "", enctype: str | None = None,
                      hints: tuple[tuple[str, str], ...] = ()) -> Markup:
    """The markup of an empty form of this class, posting to `action`; `hints` replace
    fields' descriptions (field name, text), as a view sets them from the configuration."""
    csrf_in_forms = current_app.config["WTF_CSRF_ENABLED"]
    markup = _rendered(form_class,  # type: ignore[arg-type]  # classes hash by identity
                       current_language(), csrf_in_forms, submit, css_class, enctype, hints)
    markup = markup.replace(ACTION, str(escape(action)))
    if csrf_in_forms:
        markup = markup.replace(CSRF, str(escape(generate_csrf())))
    return Markup(markup)  # noqa: S704  # nosec B704 - a rendered template, escaped values

def init_app(app) -> None:
    app.jinja_env.globals["render_fresh_form"] = render_fresh_form
