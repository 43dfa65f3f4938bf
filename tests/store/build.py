"""Extractions built by hand for the store tests (no analysis involved)."""

from __future__ import annotations

import hashlib

from citypact.models import Document, Extraction, Partnership, Party, Place, Signatory, Span

KYIV = Place(703448, "Kyiv", "UA", 50.45, 30.52, 2797553)
COPENHAGEN = Place(2618425, "Copenhagen", "DK", 55.68, 12.57, 1153615)
LVIV = Place(702550, "Lviv", "UA", 49.84, 24.02, 717803)
GDANSK = Place(3099434, "Gdańsk", "PL", 54.35, 18.65, 461865)
GDYNIA = Place(3099424, "Gdynia", "PL", 54.52, 18.53, 253730)
PARIS = Place(2988507, "Paris", "FR", 48.85, 2.35, 2138551)
METROPOLIS = Place(None, "Gdańsk-Gdynia Metropolis", "PL", 54.4, 18.6, 0, "group", (GDANSK, GDYNIA))
LOCAL = {"Kyiv": "Київ", "Copenhagen": "København"}


def extraction(text, *partnerships, published=None, consultation=None, doc_type="news", source=None):
    doc = Document(text, source or f"docs/{hashlib.md5(text.encode()).hexdigest()[:8]}.txt", published=published,
                   content_hash=hashlib.sha256(text.encode()).hexdigest())
    return Extraction(doc, "en", doc_type, tuple(partnerships), consultation)


def partnership(a, b, type_="twinning", status="signed", date=None, themes=(), duration=None, confidence=0.9,
                evidence="Kyiv ", signatory="Vitali Klitschko"):
    return Partnership(
        (Party(a, LOCAL.get(a.name, a.name)), Party(b, LOCAL.get(b.name, b.name))), type_, status, date,
        tuple(themes), duration, (Signatory(signatory, "mayor", "Kyiv"),),
        (Span(0, len(evidence), evidence),), confidence)
