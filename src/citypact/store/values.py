"""Plain values of the registry: record keys, name folding, ISO dates, JSON columns, event order."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from citypact.errors import StoreError
from citypact.models import PARTNERSHIP_TYPES, STATUSES, THEMES, Place

# Later stages of an agreement's life win over earlier ones reported for the same date.
STATUS_RANK = {"existing": 0, "proposed": 1, "approved": 2, "signed": 3, "renewed": 4, "suspended": 5, "ended": 6}
# Statuses whose date starts a term (signing date + term = expiry).
TERM_STARTS = ("signed", "renewed")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_LEADING_DATE = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?![\d])")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def loads(value: str | None, default: Any = None) -> Any:
    return json.loads(value) if value else default


def parties_label(record: dict[str, Any]) -> str:
    """'Lviv (UA) – Lublin (PL)': the parties of a stored record, for one line of output."""
    return " – ".join(f"{p['name']} ({p.get('country') or '?'})" for p in record["parties"])


def record_key(parties: Iterable[Place], type_: str) -> str:
    """One record per set of parties and agreement type (the order of the parties is irrelevant)."""
    return type_ + "|" + "|".join(sorted({p.key for p in parties}))


def fold(name: str) -> str:
    """Matching form of a name: case-folded, without diacritics (`Київ` ~ `київ`, `Gdańsk` ~ `gdansk`)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def search_key(name: str, local_names: Iterable[str]) -> str:
    """`|name|local|…|` so that `LIKE '%|kyiv|%'` is an exact match on any one of the names."""
    names = dict.fromkeys(fold(n) for n in [name, *local_names] if n and "|" not in n)
    return "|" + "|".join(n for n in names if n) + "|"


def iso_date(value: str | None) -> str | None:
    """The ISO date at the start of a value (`2022-05-11T10:00+02:00` → `2022-05-11`), else None."""
    if not value:
        return None
    match = _LEADING_DATE.match(str(value))
    return match.group(1) if match else None


def checked_date(value: str | None, name: str) -> str | None:
    """A filter bound as the caller gave it; refuses anything that is not YYYY[-MM[-DD]]."""
    if value in (None, ""):
        return None
    if not ISO_DATE.fullmatch(str(value)):
        raise StoreError(f"{name} '{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return str(value)


def period_end(value: str) -> str:
    """The last possible date of a partial date, for `until`: `2020` → `2020-99-99`."""
    return value + "-99-99"[: 10 - len(value)] if len(value) < 10 else value


def add_years(date: str | None, years: int | None) -> str | None:
    """Term → expiry, at the precision of the start date (29 February → 1 March)."""
    if not date or not years:
        return None
    year = int(date[:4]) + years
    if date[4:] == "-02-29":
        return f"{year:04d}-03-01"
    return f"{year:04d}{date[4:]}"


def event_order(date: str | None, published: str | None, status: str, ingest_id: int) -> tuple:
    """Order of events in a record's life; the last one gives the record its status and date.

    By the event's own date, else the publication date of its document (an event without
    either counts as older than any dated one); for the same date, the later stage of the
    life cycle (existing < proposed < approved < signed < renewed < suspended < ended);
    then the order of ingest.
    """
    return (date or published or "", STATUS_RANK.get(status, 0), ingest_id)


def check_vocabulary(type_: str, status: str, themes: Iterable[str]) -> None:
    """Values outside DESIGN.md's vocabularies would make records no tool can read."""
    if type_ not in PARTNERSHIP_TYPES:
        raise StoreError(f"type '{type_}' is not valid (valid: {', '.join(PARTNERSHIP_TYPES)})")
    if status not in STATUSES:
        raise StoreError(f"status '{status}' is not valid (valid: {', '.join(STATUSES)})")
    unknown = [t for t in themes if t not in THEMES]
    if unknown:
        raise StoreError(f"themes {', '.join(unknown)} are not valid (valid: {', '.join(THEMES)})")


def ordered_themes(themes: Iterable[str]) -> list[str]:
    """Themes in the vocabulary's order, once each."""
    present = set(themes)
    return [t for t in THEMES if t in present]


def chunks(items: list, size: int = 900) -> list[list]:
    """Pieces small enough for an `IN (...)` list on every back end."""
    return [items[i:i + size] for i in range(0, len(items), size)]
