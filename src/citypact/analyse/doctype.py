"""Document type: press_release, decision, news, consultation or other."""

from __future__ import annotations

from citypact.lexicon import Lexicon

# Cue counts are weighed; a decision needs this many decision cues to win over news.
DECISION_MIN_CUES = 2


def classify(text: str, lex: Lexicon, has_partnership: bool, is_consultation: bool) -> str:
    if is_consultation and not has_partnership:
        return "consultation"
    cues = {name: len(p.findall(text)) for name, p in lex.concept("doc_type").items()}
    if cues.get("press_release", 0) >= 1:
        return "press_release"
    if cues.get("decision", 0) >= DECISION_MIN_CUES:
        return "decision"
    if is_consultation:
        return "consultation"
    return "news" if has_partnership else "other"
