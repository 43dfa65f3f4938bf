"""The plain rules of the registry, without a database."""

from types import SimpleNamespace

import pytest

from citypact.errors import StoreError
from citypact.store.derive import derived_values
from citypact.store.values import (
    add_years,
    checked_date,
    event_order,
    fold,
    iso_date,
    period_end,
    record_key,
    search_key,
)

from .build import COPENHAGEN, GDANSK, GDYNIA, KYIV, METROPOLIS


@pytest.mark.parametrize("date, years, expected", [
    ("2022-05-11", 3, "2025-05-11"), ("2022-05", 3, "2025-05"), ("2022", 1, "2023"),
    ("2024-02-29", 3, "2027-03-01"), (None, 3, None), ("2022", None, None),
])
def test_term_gives_the_expiry_at_the_precision_of_the_date(date, years, expected):
    assert add_years(date, years) == expected


@pytest.mark.parametrize("value, expected", [
    ("2022-05-12T08:30:00+02:00", "2022-05-12"), ("2022-05", "2022-05"), ("2022", "2022"),
    ("12 May 2022", None), ("20221", None), ("", None), (None, None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_filter_bounds():
    assert period_end("2020") == "2020-99-99" and period_end("2020-05") == "2020-05-99"
    assert period_end("2020-05-01") == "2020-05-01"
    assert "2020-12-31" <= period_end("2020") < "2021"
    with pytest.raises(StoreError, match="YYYY"):
        checked_date("2020/05", "since")


def test_names_fold_case_and_diacritics():
    assert fold("КИЇВ") == fold("київ") and fold("Gdańsk") == "gdansk" and fold("København") == "københavn"
    assert search_key("Kyiv", ["Київ", "Kyiv", "KYIV"]) == f"|kyiv|{fold('Київ')}|"


def test_record_key_ignores_party_order_and_groups_match_by_members():
    assert record_key([KYIV, COPENHAGEN], "twinning") == record_key([COPENHAGEN, KYIV], "twinning")
    assert record_key([KYIV, COPENHAGEN], "twinning") != record_key([KYIV, COPENHAGEN], "cooperation")
    same_members = METROPOLIS.__class__(None, "Other name", "PL", kind="group", members=(GDYNIA, GDANSK))
    assert record_key([KYIV, METROPOLIS], "cooperation") == record_key([same_members, KYIV], "cooperation")


def test_event_order():
    assert event_order("2022", None, "signed", 1) < event_order("2022-05", None, "proposed", 2)
    assert event_order(None, "2023-01-01", "proposed", 1) > event_order("2022-12", None, "ended", 2)
    assert event_order(None, None, "ended", 1) < event_order("1990", None, "proposed", 2)
    assert event_order("2022", None, "signed", 5) < event_order("2022", None, "renewed", 1)
    assert event_order(None, None, "signed", 1) < event_order(None, None, "signed", 2)


def event(i, status, date=None, published=None, themes="[]", duration=None):
    return SimpleNamespace(id=i, status=status, date=date, published=published, themes=themes,
                           signatories="[]", duration_years=duration, confidence=0.9)


def test_derived_values_follow_the_latest_event_and_spare_curated_fields():
    record = SimpleNamespace(curated_fields="[]", status="signed", date=None, duration_years=None)
    rows = [event(1, "signed", "2020-01-10", themes='["youth"]', duration=3),
            event(2, "suspended", "2022-03", themes='["culture"]'),
            event(3, "proposed", "2019")]
    values = derived_values(rows, record)
    assert (values["status"], values["date"], values["duration_years"]) == ("suspended", "2022-03", 3)
    assert values["themes"] == '["culture", "youth"]' and values["expires"] == "2023-01-10"
    curated = SimpleNamespace(curated_fields='["status", "date"]', status="ended", date="2021",
                              duration_years=None)
    values = derived_values(rows, curated)
    assert "status" not in values and "date" not in values and values["expires"] == "2023-01-10"
