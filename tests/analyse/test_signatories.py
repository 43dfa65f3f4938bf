"""Signatories: the names a role introduces, past the role's towns and titles."""

import pytest

from citypact.analyse import pipeline
from citypact.read.base import make_document


@pytest.mark.parametrize("lang,text,names", [
    ("hr", "Gradonačelnici Splita i Zadra, Ivo Horvat i Ana Kovač, potpisali su danas sporazum o bratimljenju.",
     ["Ivo Horvat", "Ana Kovač"]),
    ("sk", "Zmluvu o partnerstve podpísali primátor Žiliny Ing. Peter Novák a starosta Zlína JUDr. Jan Dvořák.",
     ["Peter Novák", "Jan Dvořák"]),
    ("da", "Overborgmester Sophie Hansen og borgmester Ole Jensen underskrev venskabsbyaftalen mellem Aarhus og Lviv.",
     ["Sophie Hansen", "Ole Jensen"]),
])
def test_names_after_a_role(gazetteer, lang, text, names):
    extraction = pipeline(make_document(text, "case", language=lang), gazetteer)
    found = [s.name for p in extraction.partnerships for s in p.signatories]
    assert found == names
