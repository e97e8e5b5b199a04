"""The shared macros (forms, icons, avatars, breadcrumbs, pager) as template globals.

Each `{% from "_macros/forms.html" import render_form %}` made Jinja compare every
template global with the macro file's, on every render (Jinja 3.1.3 and later, for pages
rendered with extra globals): 5 % of a lesson page for its five imports. A global reaches
the same macro through the macro file's module, which Jinja builds once (and again when
the file changes, where templates reload). Macros never see the page's variables either
way: an import without context does not pass them.
"""

from flask import Flask
from jinja2 import Environment

MACRO_FILES = {
    "_macros/forms.html": ("render_form", "render_field", "post_button"),
    "_macros/icons.html": ("icon",),
    "_macros/nav.html": ("lesson_breadcrumb",),
    "_macros/pagination.html": ("pager",),
    "forum/_macros.html": ("avatar", "role_tag", "space_url", "space_name", "thread_badges"),
}


class SharedMacro:
    """One macro of a macro file, callable from any template (`{% call %}` blocks too)."""

    def __init__(self, environment: Environment, template: str, name: str):
        self.environment, self.template, self.name = environment, template, name

    def __call__(self, *args, **kwargs):
        module = self.environment.get_template(self.template).module
        return getattr(module, self.name)(*args, **kwargs)


def init_app(app: Flask) -> None:
    """Every macro of MACRO_FILES becomes a template global of its own name."""
    for template, names in MACRO_FILES.items():
        app.jinja_env.globals.update(
            {name: SharedMacro(app.jinja_env, template, name) for name in names})
