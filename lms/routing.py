"""URL converters that refuse, as a 404, path values the database cannot hold.

Every route gets them by construction: ``<int:...>`` accepts only ids that fit the INTEGER
primary keys (PostgreSQL's is 32-bit signed; a larger value raised an error there), and the
string and path converters never match a NUL byte, which PostgreSQL text cannot store.
"""

from flask import Flask
from werkzeug.datastructures import ImmutableDict
from werkzeug.routing import (
    IntegerConverter,
    Map,
    PathConverter,
    UnicodeConverter,
    ValidationError,
)

MAX_ID = 2**31 - 1  # the largest value of an INTEGER column on PostgreSQL


class IdConverter(IntegerConverter):
    """``<int:...>`` limited to what an INTEGER column holds."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int = MAX_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


class TextConverter(UnicodeConverter):
    """The default converter, without NUL bytes."""

    def to_python(self, value: str) -> str:
        """Refuse NUL (no route then matches: 404)."""
        if "\x00" in value:
            raise ValidationError()
        return value


class SafePathConverter(PathConverter):
    """``<path:...>`` without NUL bytes."""

    def to_python(self, value: str) -> str:
        """Refuse NUL (no route then matches: 404)."""
        if "\x00" in value:
            raise ValidationError()
        return value


class SafeMap(Map):
    """The URL map with the converters above in place of Werkzeug's."""

    default_converters = ImmutableDict({**Map.default_converters, "int": IdConverter,
                                        "default": TextConverter, "string": TextConverter,
                                        "path": SafePathConverter})


class App(Flask):
    """Flask with SafeMap, so even the static route (added in Flask's constructor) uses it."""

    url_map_class = SafeMap
