"""Load entry points with typed errors that name the broken plugin."""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points


class PluginError(Exception):
    """An entry-point plugin could not be loaded or gave something unusable."""


def load_entry_points(group: str) -> list[tuple[EntryPoint, object]]:
    """Load every entry point of ``group``, sorted by name, as (entry point, object) pairs."""
    loaded = []
    for ep in sorted(entry_points(group=group), key=lambda ep: ep.name):
        try:
            obj = ep.load()
        except Exception as exc:  # any import-time failure is the plugin's bug: name it
            raise PluginError(
                f"plugin {ep.name!r} in group {group!r} ({ep.value}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        loaded.append((ep, obj))
    return loaded
