"""Time zones for in-person sessions: IANA names, local wall-clock time and naive UTC."""

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_TIMEZONE = "Europe/Copenhagen"
_REGIONS = ("Africa/", "America/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/",
            "Pacific/")


@cache
def timezone_names() -> tuple[str, ...]:
    """The IANA zones offered in forms: region/city names, sorted, plus UTC."""
    names = sorted(name for name in available_timezones() if name.startswith(_REGIONS))
    return ("UTC", *names)


def is_timezone(name: str) -> bool:
    """True for a zone name the forms offer and zoneinfo knows."""
    return name in timezone_names()


class NonexistentTime(ValueError):
    """A wall-clock time skipped by a daylight-saving change."""


def local_to_utc(local: datetime, zone: str) -> datetime:
    """Naive UTC for a naive local time in zone; raise NonexistentTime in a DST gap."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone {zone!r}.") from error
    aware = local.replace(tzinfo=tz)
    utc = aware.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != local:
        raise NonexistentTime(f"{local:%d %b %Y %H:%M} does not exist in {zone}: "
                              "the clocks skip that hour.")
    return utc.replace(tzinfo=None)


def utc_to_local(value: datetime, zone: str) -> datetime:
    """Naive local time in zone for a naive UTC datetime."""
    return value.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def local_label(value: datetime, zone: str, fmt: str = "%d %b %Y, %H:%M") -> str:
    """A naive UTC time written in zone with the zone's abbreviation: "26 Oct 2017, 09:00 CEST"."""
    local = value.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
    return f"{local.strftime(fmt)} {local.tzname()}"
