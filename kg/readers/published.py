"""Publication times as sources state them, read into timezone-aware UTC datetimes.

A time with an offset (``2019-09-07T13:43:45+08:00``, ``Tue, 09 Apr 2024 15:17:04 GMT``, epoch
milliseconds) is read as stated. A time without one (``2019-12-10 07:57:40``, ``2019年9月7日 15:10``) is
read in the outlet's zone when ``kg/data/outlet_timezones.tsv`` knows the outlet's host, else in UTC;
``PublishedTime`` says which. Nothing here guesses a missing date: a value that is not a full date
(day, month and year) raises ``ValueError``.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..resources import DATA_DIR, DataFileError, _rows

ZONES_FILE = DATA_DIR / "outlet_timezones.tsv"
_EPOCH = re.compile(r"\d{9,14}(\.\d+)?")
# dateparser reads absolute dates only: never "yesterday" or a date missing its year (that would be a
# guess against the clock of the machine that reads it).
_DATEPARSER_SETTINGS = {"PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
                        "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}


@dataclass(frozen=True)
class PublishedTime:
    """A publication time: ``utc`` timezone-aware in UTC; ``zone`` the zone it was read in (IANA name,
    ``UTC``, or the stated offset such as ``+08:00``); ``basis``: ``stated`` (the source gave the offset),
    ``outlet`` (the outlet's zone from the table), ``default`` (UTC: the outlet's zone is not known)."""

    utc: datetime
    zone: str
    basis: str


class OutletZones:
    """Outlet host -> IANA zone, from ``outlet_timezones.tsv`` (``host``, ``zone``, ``outlet`` columns).

    Raises ``DataFileError`` naming the file and line for a bad row or an unknown zone name.
    """

    def __init__(self, path: Path | str | None = None):
        path = Path(path) if path else ZONES_FILE
        self.zones: dict[str, str] = {}
        for line, row in _rows(path, ("host", "zone", "outlet")):
            try:
                ZoneInfo(row["zone"])
            except (ZoneInfoNotFoundError, ValueError) as e:
                raise DataFileError(path, line, f"unknown time zone {row['zone']!r}") from e
            self.zones[row["host"].lower().removeprefix("www.")] = row["zone"]

    def zone_of(self, host: str) -> str | None:
        """The zone of ``host`` or of the longest listed domain it is under; ``None`` when none is listed."""
        parts = host.lower().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            zone = self.zones.get(".".join(parts[i:]))
            if zone:
                return zone
        return None


def parse_time(value: str | int | float | datetime | None) -> datetime:
    """A time as written: a ``datetime``; epoch seconds or milliseconds (a number, or digits); ISO 8601;
    RFC 822 (feeds, e-mail); or a written date such as ``2019年9月7日 15:10`` or ``7 Sep 2019`` (dateparser,
    absolute dates only). The result is naive when the value states no zone.

    Raises ``ValueError`` when the value is ``None``, empty or not a full date.
    """
    if value is None:
        raise ValueError("no publication time")
    if isinstance(value, datetime):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        raise ValueError("no publication time")
    if _EPOCH.fullmatch(text):
        return _from_epoch(float(text))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed
    import dateparser

    parsed = dateparser.parse(text, languages=["zh", "en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        raise ValueError(f"not a full date: {text[:60]!r}")
    return parsed


def _from_epoch(number: float) -> datetime:
    seconds = number / 1000 if number >= 1e11 else number  # 12 digits or more: milliseconds
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def in_zone(moment: datetime, host: str, zones: OutletZones) -> PublishedTime:
    """``moment`` as a ``PublishedTime``: as stated when it is aware, else read in ``host``'s zone (see
    ``OutletZones.zone_of``) or, when that is unknown, in UTC."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        offset = moment.utcoffset()
        zone = "UTC" if not offset else _offset_name(offset.total_seconds())
        return PublishedTime(moment.astimezone(timezone.utc), zone, "stated")
    name = zones.zone_of(host) if host else None
    if name:
        return PublishedTime(moment.replace(tzinfo=ZoneInfo(name)).astimezone(timezone.utc), name, "outlet")
    return PublishedTime(moment.replace(tzinfo=timezone.utc), "UTC", "default")


def _offset_name(seconds: float) -> str:
    sign = "-" if seconds < 0 else "+"
    minutes = int(abs(seconds)) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def published_time(value, host: str, zones: OutletZones) -> PublishedTime:
    """``parse_time`` then ``in_zone``. Raises ``ValueError`` (see ``parse_time``)."""
    return in_zone(parse_time(value), host, zones)
