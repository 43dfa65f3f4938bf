"""Response and request shapes of the HTTP API (they document the OpenAPI description).

Models allow extra keys so that a field the store adds later still reaches clients;
list responses are `XsPublic(data, count)`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from citypact.models import PARTNERSHIP_TYPES, STATUSES, THEMES


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class MemberPublic(Open):
    name: str
    country: str | None = None
    geonames_id: int | None = None


class PartyPublic(Open):
    place_id: int | None = None
    name: str = Field(description="GeoNames English name")
    local_name: str | None = Field(None, description="the name as the source wrote it")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2")
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str = Field("city", description="city, region or group")
    members: list[MemberPublic] | None = Field(None, description="the cities of a group party")


class EvidencePublic(Open):
    start: int = Field(description="offset into the document text, in code points")
    end: int
    text: str


class EventPublic(Open):
    status: str
    date: str | None = None
    type: str
    source: str
    document_id: int | None = None
    published: str | None = None
    confidence: float | None = None
    evidence: list[EvidencePublic] = []


class SignatoryPublic(Open):
    name: str
    role: str | None = None
    party: str | None = None


class AuditPublic(Open):
    at: str
    actor: str
    action: str
    field: str | None = None
    before: Any = None
    after: Any = None
    reason: str | None = None


class PartnershipPublic(Open):
    id: int
    parties: list[PartyPublic]
    type: str
    status: str
    date: str | None = None
    themes: list[str] = []
    duration_years: int | None = None
    expires: str | None = None
    signatories: list[SignatoryPublic] = []
    confidence: float | None = None
    review_state: str | None = None
    events: list[EventPublic] = []
    sources: list[str] = []


class PartnershipDetailPublic(PartnershipPublic):
    curated_fields: Any = None
    audit: list[AuditPublic] = []


class PartnershipsPublic(BaseModel):
    data: list[PartnershipPublic]
    count: int = Field(description="all records matching the filters, not only this page")


class PlacePublic(PartyPublic):
    partnerships: int = Field(0, description="number of partnerships of this place")


class PlacesPublic(BaseModel):
    data: list[PlacePublic]
    count: int


class PlaceDetailPublic(PartyPublic):
    local_names: list[str] = []
    resolved: bool = True
    partnerships: list[PartnershipPublic] = []


class DocumentSummaryPublic(Open):
    id: int
    source: str
    title: str | None = None
    published: str | None = None
    language: str | None = None
    doc_type: str | None = None
    ingested_at: str | None = None


class DocumentsPublic(BaseModel):
    data: list[DocumentSummaryPublic]
    count: int


class DocumentPublic(DocumentSummaryPublic):
    url: str | None = None
    text: str
    skipped: str | None = None
    content_hash: str | None = None


class ConsultationPublic(Open):
    document_id: int
    source: str | None = None
    title: str | None = None
    authority: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    deadline: str | None = None
    letter_date: str | None = None
    response_url: str | None = None
    case_numbers: list[str] = []
    contact: str | None = None


class ConsultationsPublic(BaseModel):
    data: list[ConsultationPublic]
    count: int


class StatsPublic(Open):
    partnerships: int
    documents: int
    places: int
    consultations: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    by_country: dict[str, int]


class MapPublic(BaseModel):
    places: list[list[Any]] = Field(description="[place_id, name, lat, lon] once per place")
    links: list[list[Any]] = Field(description="[place index, place index, status, partnership id]")


class GraphNodePublic(BaseModel):
    id: int
    name: str
    degree: int


class GraphPublic(BaseModel):
    nodes: list[GraphNodePublic] = Field(description="the best-connected places")
    edges: list[list[Any]] = Field(description="[place_id, place_id, status]")
    total_places: int


class IngestPublic(BaseModel):
    document_id: int
    new_document: bool
    partnership_ids: list[int]
    new_partnerships: list[int]
    extraction: dict[str, Any] = Field(description="the document's line of `citypact extract --format jsonl`")


class _CurationBase(BaseModel):
    actor: str = Field("api", min_length=1, max_length=100, pattern=r"\S", description="who made the change")
    reason: str | None = Field(None, max_length=2000)


class ReviewIn(_CurationBase):
    action: Literal["confirm", "reject"]


class MergeIn(_CurationBase):
    action: Literal["merge"]
    merge_id: int = Field(ge=1, le=2**63 - 1, description="the record folded into this one")


class _EditBase(_CurationBase):
    action: Literal["edit"]


class EditTypeIn(_EditBase):
    field: Literal["type"]
    value: Literal[PARTNERSHIP_TYPES]  # type: ignore[valid-type]


class EditStatusIn(_EditBase):
    field: Literal["status"]
    value: Literal[STATUSES]  # type: ignore[valid-type]


class EditDateIn(_EditBase):
    field: Literal["date"]
    value: str | None = Field(None, pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
                              description="YYYY, YYYY-MM or YYYY-MM-DD; null clears it")


class EditThemesIn(_EditBase):
    field: Literal["themes"]
    value: list[Literal[THEMES]] = Field(max_length=len(THEMES))  # type: ignore[valid-type]


class EditDurationIn(_EditBase):
    field: Literal["duration_years"]
    value: int | None = Field(None, ge=1, le=100, description="null clears it")


def _curation_tag(body: Any) -> str | None:
    """'confirm', 'reject', 'merge', or 'edit:<field>': which body model applies."""
    get = body.get if isinstance(body, dict) else lambda key: getattr(body, key, None)
    action = get("action")
    return f"edit:{get('field')}" if action == "edit" else action


# One body per action, and for an edit one per field, so the documented schema accepts
# exactly what the store accepts, and an error names the action or field that is wrong.
CurationIn = Annotated[
    Annotated[ReviewIn, Tag("confirm")] | Annotated[ReviewIn, Tag("reject")] | Annotated[MergeIn, Tag("merge")]
    | Annotated[EditTypeIn, Tag("edit:type")] | Annotated[EditStatusIn, Tag("edit:status")]
    | Annotated[EditDateIn, Tag("edit:date")] | Annotated[EditThemesIn, Tag("edit:themes")]
    | Annotated[EditDurationIn, Tag("edit:duration_years")],
    Discriminator(_curation_tag, custom_error_type="curation",
                  custom_error_message="action must be confirm, reject or merge, or edit with a field of "
                                       "type, status, date, themes or duration_years"),
]


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorPublic(BaseModel):
    error: ErrorBody


# What a write endpoint may answer besides its result: no or a wrong token, a read-only
# registry, a body over the size limit, a change the registry's state refuses.
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorPublic} for code in (401, 403, 409, 413)
}
