"""Dates, times, numbers and percentages written the way the reader's language writes them.

Babel's CLDR data does the work: "4. dec. 2026" in Danish, "4 Δεκ 2026" in Greek, decimal
commas in da, es and el. Times are converted to the reader's zone and labelled with it.
"""

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

DAY = "dd MMM y"  # "04 Dec 2026": the day and a short month, in every language
DAY_AND_TIME = "dd MMM y, HH:mm"
WEEKDAY = "EEE dd MMM y"  # "Fri 04 Dec 2026"


def format_day(value: date | datetime, locale: Locale | str) -> str:
    """A calendar day: "04 Dec 2026", "04 Δεκ 2026"."""
    return babel_dates.format_date(value, DAY, locale=locale)


def format_when(value: datetime, zone: str, locale: Locale | str) -> str:
    """A stored (naive UTC) time in ``zone`` with the zone's abbreviation: "04 Dec 2026, 19:10
    CET"; the abbreviation stays as the tz database writes it, which every reader knows."""
    local = value.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
    text = babel_dates.format_datetime(local.replace(tzinfo=None), DAY_AND_TIME, locale=locale)
    return f"{text} {local.tzname()}"


def format_local(value: datetime, pattern: str, locale: Locale | str) -> str:
    """A wall-clock (naive local) time with a CLDR pattern, e.g. WEEKDAY or "HH:mm"."""
    return babel_dates.format_datetime(value, pattern, locale=locale)


def format_number(value: float | int, digits: int, locale: Locale | str) -> str:
    """A number with at most ``digits`` decimals, grouped: "1,234.5", "1.234,5"."""
    return _number_text(value, digits, locale)


def format_percent(value: float | int, locale: Locale | str, digits: int = 1) -> str:
    """A percentage given in percent (45.5 -> "45.5%", "45,5 %"), as the language writes it."""
    return _percent_text(value, locale, digits)


# Pages write the same few numbers (whole percentages, counts) in four languages over and
# over, and Babel takes microseconds for each: the texts are kept, least recently used out.
# They hold no one's data, only what a number looks like in a language.
@lru_cache(maxsize=4096)
def _number_text(value: float | int, digits: int, locale: Locale | str) -> str:
    return _number_pattern(digits).apply(value, Locale.parse(locale))


@lru_cache(maxsize=4096)
def _percent_text(value: float | int, locale: Locale | str, digits: int) -> str:
    locale = Locale.parse(locale)
    return _percent_pattern(locale, digits).apply(value / 100, locale)


@lru_cache(maxsize=16)
def _number_pattern(digits: int) -> babel_numbers.NumberPattern:
    return babel_numbers.parse_pattern("#,##0" + ("." + "#" * digits if digits else ""))


@lru_cache(maxsize=64)
def _percent_pattern(locale: Locale, digits: int) -> babel_numbers.NumberPattern:
    pattern = locale.percent_formats[None].pattern
    if digits:
        pattern = re.sub(r"0([^0-9#]*%)", "0." + "#" * digits + r"\1", pattern, count=1)
    return babel_numbers.parse_pattern(pattern)


def decimal_sign(locale: Locale | str) -> str:
    """The language's decimal sign: "." in English, "," in Danish, Spanish and Greek."""
    return babel_numbers.get_decimal_symbol(locale)
