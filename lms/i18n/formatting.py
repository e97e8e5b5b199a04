"""Dates, times, numbers and percentages written the way the reader's language writes them.

Babel's CLDR data does the work: "4. dec. 2026" in Danish, "4 Δεκ 2026" in Greek, decimal
commas in da, es and el. Times are converted to the reader's zone and labelled with it.
"""

import re
from datetime import UTC, date, datetime
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
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale)


def format_percent(value: float | int, locale: Locale | str, digits: int = 1) -> str:
    """A percentage given in percent (45.5 -> "45.5%", "45,5 %"), as the language writes it."""
    pattern = Locale.parse(locale).percent_formats[None].pattern
    if digits:
        pattern = re.sub(r"0([^0-9#]*%)", "0." + "#" * digits + r"\1", pattern, count=1)
    return babel_numbers.format_percent(value / 100, format=pattern, locale=locale)


def decimal_sign(locale: Locale | str) -> str:
    """The language's decimal sign: "." in English, "," in Danish, Spanish and Greek."""
    return babel_numbers.get_decimal_symbol(locale)
