"""A whole Extraction as JSON and back, so shards can be loaded into the store later.

The contract JSON (`Extraction.to_json`) leaves out what the store keeps besides: the
document text the evidence offsets point into, the content hash, and the places' coordinates
and group members. JSON rather than pickle keeps shards readable by other tools and by later
versions of citypact.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from citypact.models import (
    Consultation,
    Document,
    Extraction,
    Partnership,
    Party,
    Place,
    Signatory,
    Span,
)


def extraction_to_json(extraction: Extraction) -> str:
    data = dataclasses.asdict(extraction)
    data.pop("extra", None)
    return json.dumps(data, ensure_ascii=False)


def extraction_from_json(text: str) -> Extraction:
    data = json.loads(text)
    consultation = data.get("consultation")
    return Extraction(
        document=Document(**data["document"]),
        language=data.get("language"),
        doc_type=data.get("doc_type") or "other",
        partnerships=tuple(_partnership(p) for p in data.get("partnerships") or ()),
        consultation=Consultation(**{**consultation, "case_numbers": tuple(consultation.get("case_numbers") or ())})
        if consultation else None,
        skipped=data.get("skipped"),
    )


def _place(data: dict[str, Any]) -> Place:
    return Place(**{**data, "members": tuple(_place(m) for m in data.get("members") or ())})


def _partnership(data: dict[str, Any]) -> Partnership:
    return Partnership(
        parties=tuple(Party(_place(p["place"]), p["local_name"]) for p in data["parties"]),
        type=data["type"],
        status=data["status"],
        date=data.get("date"),
        themes=tuple(data.get("themes") or ()),
        duration_years=data.get("duration_years"),
        signatories=tuple(Signatory(**s) for s in data.get("signatories") or ()),
        evidence=tuple(Span(**e) for e in data.get("evidence") or ()),
        confidence=data.get("confidence", 1.0),
    )
