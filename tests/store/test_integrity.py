"""check() on every back end: a clean store has no problems; each kind of damage is named."""

from sqlalchemy import delete, insert, text, update

from citypact.store.schema import events, key_aliases, partnership_parties, partnerships

from .build import COPENHAGEN, KYIV, LVIV, PARIS, extraction, partnership


def test_clean_store_has_no_problems(store):
    store.ingest(extraction("a", partnership(KYIV, COPENHAGEN, date="2020", duration=3)))
    store.ingest(extraction("b", partnership(KYIV, COPENHAGEN, status="suspended", date="2022")))
    store.add_known_many([([KYIV, LVIV], None), ([PARIS, LVIV], None)], source="import:x.csv")
    assert store.check() == []


def test_damage_is_reported(store):
    for name in ("a", "b", "c", "d"):
        store.ingest(extraction(name, partnership(KYIV, {"a": COPENHAGEN, "b": LVIV, "c": PARIS, "d": PARIS}[name],
                                                  type_="cooperation" if name == "d" else "twinning")))
    a, b, c, d = [r["id"] for r in store.list_partnerships()]
    with store.engine.begin() as conn:
        conn.execute(update(partnerships).where(partnerships.c.id == a).values(status="ended"))
        conn.execute(delete(partnership_parties).where(partnership_parties.c.partnership_id == b))
        conn.execute(delete(events).where(events.c.partnership_id == c))
        key = conn.execute(text("SELECT key FROM partnerships WHERE id = :i"), {"i": a}).scalar()
        conn.execute(insert(key_aliases).values(key=key, partnership_id=d))
    problems = store.check()
    assert f"partnership {a} has status ended but its events say signed" in problems
    assert f"partnership {b} has fewer than two parties" in problems
    assert f"partnership {c} has no event" in problems
    assert any(p.startswith(f"key {key} is both") for p in problems)
    assert len(problems) == 4, problems


def test_orphans_are_reported(store_url):
    """Rows that foreign keys would refuse, written with the checks off (as a broken copy might be)."""
    from citypact.store import open_store

    store = open_store(store_url)
    store.ingest(extraction("a", partnership(KYIV, COPENHAGEN)))
    [event] = store.list_partnerships()[0]["events"]
    if store.dialect == "sqlite":
        raw = store.engine.raw_connection()
        cursor = raw.cursor()
        for statement in ("PRAGMA foreign_keys=OFF", "DELETE FROM documents", "PRAGMA foreign_keys=ON"):
            cursor.execute(statement)
        raw.close()
    else:
        with store.engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("DELETE FROM documents"))
    problems = store.check()
    store.close()
    assert problems == [f"event {event['event_id']} points to a missing document"]
