"""Frozen dataclasses passed between pipeline stages (read -> analyse -> resolve)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PARTNERSHIP_TYPES = ("twinning", "friendship", "cooperation", "memorandum", "other")
STATUSES = ("proposed", "approved", "signed", "renewed", "suspended", "ended", "existing")
THEMES = (
    "culture", "education", "youth", "sport", "health", "social", "veterans",
    "humanitarian", "climate", "environment", "energy", "water", "waste", "noise",
    "urban_planning", "construction", "infrastructure", "mobility", "it",
    "democracy", "economy", "tourism", "security", "science",
)
DOC_TYPES = ("press_release", "decision", "news", "consultation", "other")
PARTY_KINDS = ("city", "region", "group")


@dataclass(frozen=True)
class Document:
    """What a reader produced: the text every offset refers to, plus metadata."""

    text: str
    source: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when the metadata gives one
    language: str | None = None  # ISO 639-1 when the reader knows it (e.g. HTML lang)
    url: str | None = None
    content_hash: str = ""  # sha256 of the text; identity of a document in the store


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Place:
    """A canonical place: a GeoNames city, a region, or a group of cities."""

    geonames_id: int | None
    name: str  # GeoNames English name
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    kind: str = "city"
    members: tuple[Place, ...] = ()

    @property
    def key(self) -> str:
        """Stable identity used for merging and pair comparison."""
        if self.geonames_id is not None:
            return f"gn:{self.geonames_id}"
        if self.members:
            return "group:" + "+".join(sorted(m.key for m in self.members))
        return f"name:{self.name.casefold()}|{self.country or ''}"


@dataclass(frozen=True)
class PlaceMention:
    """A place found in the text, with exact offsets of the surface form."""

    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]  # ranked, best first

    @property
    def place(self) -> Place:
        return self.candidates[0]


@dataclass(frozen=True)
class Party:
    place: Place
    local_name: str

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.place.name,
            "local_name": self.local_name,
            "country": self.place.country,
            "geonames_id": self.place.geonames_id,
            "kind": self.place.kind,
        }
        if self.place.kind == "group":
            data["members"] = [
                {"name": m.name, "country": m.country, "geonames_id": m.geonames_id}
                for m in self.place.members
            ]
        return data


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str | None
    party: str | None  # English name of the party the signatory signed for

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "party": self.party}


@dataclass(frozen=True)
class Partnership:
    parties: tuple[Party, ...]
    type: str
    status: str
    date: str | None
    themes: tuple[str, ...] = ()
    duration_years: int | None = None
    signatories: tuple[Signatory, ...] = ()
    evidence: tuple[Span, ...] = ()
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "parties": [p.to_json() for p in self.parties],
            "type": self.type,
            "status": self.status,
            "date": self.date,
            "themes": list(self.themes),
            "duration_years": self.duration_years,
            "signatories": [s.to_json() for s in self.signatories],
            "evidence": [e.to_json() for e in self.evidence],
            "confidence": round(self.confidence, 2),
        }


@dataclass(frozen=True)
class Consultation:
    title: str | None
    authority: str | None
    period_start: str | None
    period_end: str | None
    deadline: str | None
    letter_date: str | None
    response_url: str | None
    case_numbers: tuple[str, ...] = ()
    contact: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "authority": self.authority,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "deadline": self.deadline,
            "letter_date": self.letter_date,
            "response_url": self.response_url,
            "case_numbers": list(self.case_numbers),
            "contact": self.contact,
        }


@dataclass(frozen=True)
class Extraction:
    """The per-document result; `to_json()` is one line of `extract --format jsonl`."""

    document: Document
    language: str | None
    doc_type: str
    partnerships: tuple[Partnership, ...] = ()
    consultation: Consultation | None = None
    skipped: str | None = None  # reason when the expensive stages were not run
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.document.source,
            "language": self.language,
            "doc_type": self.doc_type,
            "title": self.document.title,
            "published": self.document.published,
            "partnerships": [p.to_json() for p in self.partnerships],
            "consultation": self.consultation.to_json() if self.consultation else None,
        }
