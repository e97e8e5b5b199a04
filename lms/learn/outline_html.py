"""The lesson page's course outline, built as HTML in one pass.

Forty items rendered one template expression at a time cost more than the rest of the
lesson page's markup (issue 23's profile); here each item is one string format. The
output is the same markup `learn/item.html` had inline, states in text and symbol, not
colour alone.
"""

from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from markupsafe import Markup

LOCK_ICON = Markup(
    '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" '
    'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
    'aria-hidden="true" focusable="false"><rect x="3" y="11" width="18" height="11" rx="2"/>'
    '<path d="M7 11V7a5 5 0 0 1 10 0v4"/></svg>')

ITEM = Markup(
    '<li class="outline-item{li_class}"><a href="{href}"{current}>'
    '<span class="state {state_class}" aria-hidden="true">{symbol}</span>'
    '<span>{title}{tag}{lock}</span>'
    '<span class="visually-hidden">({status})</span></a></li>')


def _state(state) -> str:
    """done, seen or new, from an item's progress state (None: never opened)."""
    if state is None:
        return "new"
    return "done" if state.completed else "seen"


def outline_html(modules: Iterable, item, states: Mapping, locks: Mapping | None,
                 item_url: str) -> Markup:
    """The outline's <nav>: modules as <details> (the current one open), items with state,
    lock reason and the current page marked. `item_url` is the lesson URL without the slug."""
    labels = {"done": _("done"), "seen": _("started"), "new": _("not started")}
    symbols = {"done": "✓", "seen": "•", "new": ""}
    trainers_tag = Markup(' <span class="tag tag-trainers">{}</span>').format(_("For trainers"))
    locked_label = _("locked")
    current_id = item.id if item else None
    parts = [Markup('<nav class="outline" aria-label="{}">').format(_("Course outline"))]
    for number, module in enumerate(modules, start=1):
        is_open = item is None or module.id == item.module_id
        parts.append(Markup('<details class="outline-module"{}><summary>{}. {}</summary><ol>')
                     .format(Markup(" open") if is_open else "", number, module.title))
        for entry in module.items:
            state = _state(states.get(entry.id))
            lock = locks.get(entry.id) if locks else None
            current = entry.id == current_id
            li_class = (" locked" if lock else "") + (" current" if current else "")
            lock_html = Markup('<span class="lock-reason">{} {}</span>').format(
                LOCK_ICON, _("After %(titles)s", titles=", ".join(f"“{t}”" for t in lock))
            ) if lock else ""
            parts.append(ITEM.format(
                li_class=li_class, href=item_url + entry.slug,
                current=Markup(' aria-current="page"') if current else "",
                state_class="state-" + state, symbol=symbols[state], title=entry.title,
                tag=trainers_tag if entry.for_trainers else "", lock=lock_html,
                status=locked_label if lock else labels[state]))
        parts.append(Markup("</ol></details>"))
    parts.append(Markup("</nav>"))
    return Markup("").join(parts)
