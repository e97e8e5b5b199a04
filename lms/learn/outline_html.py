"""The lesson page's course outline, built as HTML in one pass.

Forty items rendered one template expression at a time cost more than the rest of the
lesson page's markup (issue 23's profile); here each item is one string format. The
output is the same markup `learn/item.html` had inline, states in text and symbol, not
colour alone.
"""

from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

from lms.i18n.lookup import gettext as _

LOCK_ICON = Markup(
    '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" '
    'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
    'aria-hidden="true" focusable="false"><rect x="3" y="11" width="18" height="11" rx="2"/>'
    '<path d="M7 11V7a5 5 0 0 1 10 0v4"/></svg>')

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
    # gettext outside the f-strings: Babel's extractor does not look inside them.
    for_trainers, nav_label, locked_label = (
        escape(_("For trainers")), escape(_("Course outline")), escape(_("locked")))
    trainers_tag = f' <span class="tag tag-trainers">{for_trainers}</span>'
    current_id = item.id if item else None
    url_html = escape(item_url)
    state_labels = {state: escape(label) for state, label in labels.items()}
    # Plain f-strings with every dynamic value escaped: Markup.format is ten times slower.
    parts = [f'<nav class="outline" aria-label="{nav_label}">']
    for number, module in enumerate(modules, start=1):
        is_open = " open" if item is None or module.id == item.module_id else ""
        parts.append(f'<details class="outline-module"{is_open}><summary>{number}. '
                     f'{module.title_html}</summary><ol>')
        for entry in module.items:
            state = _state(states.get(entry.id))
            lock = locks.get(entry.id) if locks else None
            current = entry.id == current_id
            lock_html = ""
            if lock:
                after = _("After %(titles)s", titles=", ".join(f"“{t}”" for t in lock))
                lock_html = f'<span class="lock-reason">{LOCK_ICON} {escape(after)}</span>'
            classes = (" locked" if lock else "") + (" current" if current else "")
            aria = ' aria-current="page"' if current else ""
            parts.append(
                f'<li class="outline-item{classes}"><a href="{url_html}{entry.slug_html}"{aria}>'
                f'<span class="state state-{state}" aria-hidden="true">{symbols[state]}</span>'
                f'<span>{entry.title_html}{trainers_tag if entry.for_trainers else ""}'
                f'{lock_html}</span><span class="visually-hidden">'
                f'({locked_label if lock else state_labels[state]})</span></a></li>')
        parts.append("</ol></details>")
    parts.append("</nav>")
    # Every dynamic value above went through escape().
    return Markup("".join(parts))  # noqa: S704  # nosec B704
