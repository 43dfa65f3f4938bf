"""Scores against a gold file, with the metrics of DESIGN.md (Evaluation)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from citypact.models import Extraction, Place

# Partnerships below this confidence are kept for review but are not assertions.
ASSERTION_CONFIDENCE = 0.5


@dataclass
class GoldDoc:
    doc: str
    lang: str
    is_partnership_doc: bool
    partnerships: list[dict[str, Any]]
    text: str | None = None  # inline text (test tables)
    published: str | None = None
    url: str | None = None  # the page's address ("source"), which names a town's own site


@dataclass(frozen=True)
class PairNote:
    """One missed or false pair of a document and the stage at fault."""

    doc: str
    lang: str
    kind: str  # missed | false
    parties: tuple[str, str]
    cause: str
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "lang": self.lang, "kind": self.kind, "parties": list(self.parties),
                "cause": self.cause, "detail": self.detail}


# The causes, in the order of the pipeline's stages.
MISSED_CAUSES = ("error", "dropped", "place not found", "wrong place", "pair not attributed", "low confidence")
FALSE_CAUSES = ("not a partnership", "wrong place", "doubtful place", "extra party", "wrong pairing")


@dataclass
class Tally:
    docs: int = 0
    docs_correct: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_ok: int = 0
    status_ok: int = 0
    matched: int = 0
    date_ok: int = 0
    date_n: int = 0
    theme_tp: int = 0
    theme_fp: int = 0
    theme_fn: int = 0
    duration_ok: int = 0
    sig_found: int = 0
    sig_n: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[PairNote] = field(default_factory=list)  # every missed and false pair, with its cause

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
            else:
                getattr(self, name).extend(value)

    def metrics(self) -> dict[str, float | int | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        precision = ratio(self.tp, self.tp + self.fp)
        recall = ratio(self.tp, self.tp + self.fn)
        f1 = _f1(self.tp, self.fp, self.fn)
        return {
            "documents": self.docs,
            "document_accuracy": ratio(self.docs_correct, self.docs),
            "pair_precision": precision,
            "pair_recall": recall,
            "pair_f1": f1,
            "pairs_gold": self.tp + self.fn,
            "pairs_predicted": self.tp + self.fp,
            "type_accuracy": ratio(self.type_ok, self.matched),
            "status_accuracy": ratio(self.status_ok, self.matched),
            "date_accuracy": ratio(self.date_ok, self.date_n),
            "theme_f1": _f1(self.theme_tp, self.theme_fp, self.theme_fn),
            "duration_accuracy": ratio(self.duration_ok, self.matched),
            "signatory_recall": ratio(self.sig_found, self.sig_n),
        }


def _f1(tp: int, fp: int, fn: int) -> float | None:
    if tp + fp + fn == 0:
        return None
    return round(2 * tp / (2 * tp + fp + fn), 3)


def norm(name: str | None) -> str:
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"[’'ʼ`]", "", stripped)  # "Arkhangel’sk" = "Arkhangelsk"
    return " ".join(stripped.replace("-", " ").replace("–", " ").split())


def load_gold(path: Path) -> list[GoldDoc]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                raw = json.loads(line)
                docs.append(GoldDoc(raw["doc"], raw.get("lang", "?"), bool(raw.get("is_partnership_doc")),
                                    raw.get("partnerships") or [], url=_address(raw.get("source"))))
    return docs


def load_cases(root: Path) -> list[GoldDoc]:
    """Per-language test tables (tests/lang/<xx>/cases.yaml) as gold documents."""
    docs = []
    for path in sorted(root.glob("*/cases.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        lang = str(raw.get("lang", path.parent.name))
        for i, case in enumerate(raw.get("cases") or []):
            partnerships = []
            for p in case.get("partnerships") or []:
                partnerships.append({
                    "parties": p.get("parties", []),
                    "parties_country": p.get("countries", []),
                    "members": p.get("members"),
                    "type": p.get("type"), "status": p.get("status"),
                    "date": str(p["date"]) if p.get("date") is not None else None,
                    "themes": p.get("themes"), "duration_years": p.get("duration_years"),
                    "signatories": p.get("signatories"),
                })
            docs.append(GoldDoc(f"{lang}#{i}", lang, bool(partnerships), partnerships, case["text"],
                                str(case.get("published") or raw.get("published") or "") or None))
    return docs


def _predicted_parties(party: dict[str, Any]) -> set[tuple[str, str]]:
    names = {party.get("name"), party.get("local_name")} | {m.get("name") for m in party.get("members") or []}
    country = party.get("country") or ""
    return {(norm(n), country) for n in names if n}


def _gold_party(p: dict[str, Any], index: int) -> set[tuple[str, str]]:
    countries = p.get("parties_country") or []
    country = countries[index] if index < len(countries) else ""
    names = {p["parties"][index]}
    if p.get("members") and index == _group_index(p):
        names |= set(p["members"])
    # the GeoNames main name of the place the gold name denotes ("Oryol" is Orël, "Loviisa" Lovisa)
    names |= {place.name for n in names for place in _gazetteer_names(n, country or None)}
    return {(norm(n), country or "") for n in names}


@lru_cache(maxsize=4096)
def _gazetteer_names(name: str, country: str | None) -> tuple[Place, ...]:
    """The best gazetteer place spelled `name` in the gold country (none without a country)."""
    if not country:
        return ()
    from citypact.gazetteer import get_gazetteer

    return tuple(get_gazetteer().lookup(name, country)[:1])


def _group_index(p: dict[str, Any]) -> int:
    """The gold party that the members belong to: the one whose name contains a member's."""
    members = [norm(m) for m in p.get("members") or []]
    for i, name in enumerate(p["parties"]):
        if any(m and m in norm(name) and m != norm(name) for m in members):
            return i
    return len(p["parties"]) - 1


def _same_place(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> bool:
    for name_a, country_a in a:
        for name_b, country_b in b:
            if name_a == name_b and (not country_a or not country_b or country_a == country_b):
                return True
    return False


def _pairs_of(parties: list[set[tuple[str, str]]]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(parties)) for j in range(i + 1, len(parties))]


def score_document(gold: GoldDoc, extraction: Extraction | None) -> Tally:
    tally = Tally(docs=1)
    predicted, doubtful = [], []
    if extraction is not None:
        predicted = [p.to_json() for p in extraction.partnerships if p.confidence >= ASSERTION_CONFIDENCE]
        doubtful = [p.to_json() for p in extraction.partnerships if p.confidence < ASSERTION_CONFIDENCE]
    tally.docs_correct = int(bool(predicted) == gold.is_partnership_doc)
    gold_pairs = []
    for g in gold.partnerships:
        parties = [_gold_party(g, i) for i in range(len(g["parties"]))]
        gold_pairs += [(parties[i], parties[j], g) for i, j in _pairs_of(parties)]
    pred_pairs = []
    for p in predicted:
        parties = [_predicted_parties(x) for x in p["parties"]]
        pred_pairs += [(parties[i], parties[j], p) for i, j in _pairs_of(parties)]
    used: set[int] = set()
    for pa, pb, p in pred_pairs:
        match = None
        for k, (ga, gb, g) in enumerate(gold_pairs):
            if k in used:
                continue
            if (_same_place(pa, ga) and _same_place(pb, gb)) or (_same_place(pa, gb) and _same_place(pb, ga)):
                match = k
                break
        if match is None:
            tally.fp += 1
            cause, detail = _false_cause(gold, gold_pairs, pa, pb, p, extraction)
            tally.notes.append(PairNote(gold.doc, gold.lang, "false", (_label(p, 0), _label(p, 1)), cause, detail))
            continue
        used.add(match)
        tally.tp += 1
        _score_attributes(tally, p, gold_pairs[match][2])
    tally.fn = len(gold_pairs) - len(used)
    low = [(parties[i], parties[j]) for p in doubtful
           for parties in [[_predicted_parties(x) for x in p["parties"]]] for i, j in _pairs_of(parties)]
    for k, (ga, gb, g) in enumerate(gold_pairs):
        if k not in used:
            cause, detail = _missed_cause(ga, gb, low, extraction)
            names = tuple(g["parties"][i] for i in _pair_indices(g, ga, gb))
            tally.notes.append(PairNote(gold.doc, gold.lang, "missed", names, cause, detail))
    return tally


def _label(p: dict[str, Any], index: int) -> str:
    party = p["parties"][index] if index < len(p["parties"]) else {}
    return f"{party.get('name')} ({party.get('country') or '?'}, '{party.get('local_name')}')"


def _pair_indices(g: dict[str, Any], ga, gb) -> tuple[int, int]:
    parties = [_gold_party(g, i) for i in range(len(g["parties"]))]
    return parties.index(ga), parties.index(gb)


def _place_names(place) -> set[tuple[str, str]]:
    names = {place.name} | {m.name for m in place.members}
    return {(norm(n), place.country or "") for n in names if n}


def _missed_cause(ga, gb, low, extraction: Extraction | None) -> tuple[str, str]:
    """Which stage lost a gold pair: the document was dropped, a party was not found or was
    resolved to another place, the pair was not tied, or it was kept below the assertion bar."""
    if extraction is None:
        return "error", ""
    if extraction.skipped:
        return "dropped", extraction.skipped
    if any((_same_place(a, ga) and _same_place(b, gb)) or (_same_place(a, gb) and _same_place(b, ga))
           for a, b in low):
        return "low confidence", ""
    entities = extraction.extra.get("places")
    if entities is None:
        return "dropped", "no place recognition ran (no partnership vocabulary)"
    analysed_end = extraction.extra.get("analysed_end", 0)
    for party in (ga, gb):
        hits = [e for e in entities if _same_place(_place_names(e.place), party)]
        name = next(iter(party))[0]
        if not hits:
            wrong = [e for e in entities if any(_same_place(_place_names(p), party) for p in e.alternatives)]
            if wrong:
                e = wrong[0]
                return "wrong place", f"'{e.surface}' → {e.place.name} ({e.place.country}) for {name}"
            return "place not found", name
        if all(e.start >= analysed_end for e in hits):
            return "dropped", f"{name} only after the analysed part (boilerplate cut at {analysed_end})"
    return "pair not attributed", ""


def _false_cause(gold: GoldDoc, gold_pairs, pa, pb, p: dict[str, Any],
                 extraction: Extraction | None) -> tuple[str, str]:
    """Why a predicted pair is not gold: no partnership in the document, a party resolved to the
    wrong place or far from anything gold names, a place that is no partner, or partners paired
    wrongly."""
    if not gold.is_partnership_doc:
        return "not a partnership", ""
    gold_parties = [g for ga, gb, _ in gold_pairs for g in (ga, gb)]
    gold_countries = {c for g in gold_parties for _, c in g if c}
    outside = [(i, party) for i, party in enumerate((pa, pb)) if not any(_same_place(party, g) for g in gold_parties)]
    if not outside:
        return "wrong pairing", ""
    index = outside[0][0]
    entities = (extraction.extra.get("places") or []) if extraction is not None else []
    predicted = p["parties"][index]
    for e in entities:
        if e.place.geonames_id == predicted.get("geonames_id") and e.surface == predicted.get("local_name"):
            if any(any(_same_place(_place_names(alt), g) for g in gold_parties) for alt in e.alternatives):
                return "wrong place", f"'{e.surface}' → {e.place.name} ({e.place.country})"
            break
    if predicted.get("country") not in gold_countries:
        return "doubtful place", f"'{predicted.get('local_name')}' → {predicted.get('name')} ({predicted.get('country')})"
    return "extra party", f"'{predicted.get('local_name')}' → {predicted.get('name')}"


def _score_attributes(tally: Tally, p: dict[str, Any], g: dict[str, Any]) -> None:
    tally.matched += 1
    tally.type_ok += int(p["type"] == g.get("type"))
    tally.status_ok += int(p["status"] == g.get("status"))
    if g.get("date"):
        tally.date_n += 1
        tally.date_ok += int(bool(p["date"]) and str(p["date"])[:len(g["date"])] == g["date"])
    if g.get("themes") is not None:
        gold_themes, pred_themes = set(g["themes"]), set(p["themes"])
        tally.theme_tp += len(gold_themes & pred_themes)
        tally.theme_fp += len(pred_themes - gold_themes)
        tally.theme_fn += len(gold_themes - pred_themes)
    tally.duration_ok += int(p.get("duration_years") == g.get("duration_years"))
    for name in g.get("signatories") or []:
        tally.sig_n += 1
        found = [norm(s["name"]) for s in p.get("signatories") or []]
        tally.sig_found += int(any(norm(name) in f or f in norm(name) for f in found if f))


def evaluate(golds: Iterable[GoldDoc], run: Callable[[GoldDoc], Extraction | None]) -> dict[str, Any]:
    overall = Tally()
    by_lang: dict[str, Tally] = defaultdict(Tally)
    for gold in golds:
        try:
            extraction = run(gold)
        except Exception as exc:  # noqa: BLE001 - a failing document is scored as empty and reported
            extraction = None
            overall.errors.append(f"{gold.doc}: {type(exc).__name__}: {exc}")
        tally = score_document(gold, extraction)
        overall.add(tally)
        by_lang[gold.lang].add(tally)
    return {
        "overall": overall.metrics(),
        "languages": {lang: t.metrics() for lang, t in sorted(by_lang.items())},
        "errors": overall.errors,
        "pairs": [n.to_json() for n in overall.notes],
    }


def cause_counts(notes: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """How many missed and false pairs each cause explains."""
    counts: dict[str, dict[str, int]] = {"missed": {}, "false": {}}
    for n in notes:
        bucket = counts[n["kind"]]
        bucket[n["cause"]] = bucket.get(n["cause"], 0) + 1
    order = {"missed": MISSED_CAUSES, "false": FALSE_CAUSES}
    return {kind: dict(sorted(c.items(), key=lambda kv: order[kind].index(kv[0]))) for kind, c in counts.items()}


def _address(source: object) -> str | None:
    """A gold file's `source` when it is a web address (it may also be a description)."""
    return source if isinstance(source, str) and source.startswith(("http://", "https://")) else None
