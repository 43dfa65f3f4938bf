"""The publishing town of a page, the party a list of partner towns is about.

A town's own web address names it ("randers.dk", "www.rana.kommune.no",
"stadt-ulm.de"); else the text names it as an administration several times
("Københavns Kommune", "City of X"). Knowing it lets "our twin towns:" lists and
"vores venskabsby" references pair each partner with the publisher.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from urllib.parse import urlsplit

from citypact import lexicon
from citypact.analyse.entities import Entity
from citypact.models import Place

# A town named as an administration this often (each such mention counting 3) publishes the page.
HOME_MIN_WEIGHT = 3
# Country-code top-level domains that are not the ISO code of their country.
TLD_COUNTRY = {"uk": "GB", "el": "GR"}
_LABEL_WORD = re.compile(r"[a-z\u00e0-\u024f]+")


@lru_cache(maxsize=1)
def _domain_words() -> frozenset[str]:
    return lexicon.base_words("domain_words")


def address_candidates(url: str | None) -> tuple[list[str], str | None]:
    """Town names a web address may spell, longest first, and its ccTLD's country."""
    if not url or "://" not in url:
        return [], None
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    if len(labels) < 2:
        return [], None
    tld = labels[-1]
    country = TLD_COUNTRY.get(tld, tld.upper()) if len(tld) == 2 else None
    words = _domain_words()
    names: list[str] = []
    for label in labels[:-1]:
        parts = [p for p in re.split(r"[-_]", label) if p and p not in words and not p.isdigit()]
        if not parts or not all(_LABEL_WORD.fullmatch(p) for p in parts):
            continue
        names.append(" ".join(parts))
        if len(parts) > 1:
            names.extend(parts)
    return sorted(dict.fromkeys(names), key=len, reverse=True), country


def from_address(url: str | None, entities: list[Entity], gz) -> Place | None:
    """The town a page's address names: one the text names too, else one in the
    address's own country (a generic domain alone says nothing)."""
    names, country = address_candidates(url)
    if not names:
        return None
    named = {e.place.key: e.place for e in entities if e.place.kind == "city"}
    for name in names:
        # a village's own site names it as surely as a city's ("bjerkreim.kommune.no")
        places = [p for p in gz.lookup(name) if p.kind == "city"] + list(getattr(gz, "small", lambda _: ())(name))
        in_text = [p for p in places if p.key in named]
        if in_text:
            return named[in_text[0].key]
        if country:
            local = [p for p in places if p.country == country]
            if local:
                return local[0]
    return None


def from_text(text: str, entities: list[Entity], lex) -> Place | None:
    """The town the text names as an administration ('Københavns Kommune') often enough."""
    noun = lex.concept("references").get("city_noun")
    cities = [e for e in entities if e.place.kind == "city"]
    if not cities:
        return None
    weighted: Counter[str] = Counter()
    by_key = {}
    for e in cities:
        by_key[e.place.key] = e.place
        weighted[e.place.key] += 1
        if noun and noun.match(text, e.end + 1) and text[e.end:e.end + 1] == " ":
            weighted[e.place.key] += 3
    key, count = weighted.most_common(1)[0]
    return by_key[key] if count >= HOME_MIN_WEIGHT else None
