from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def example_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def gazetteer():
    """The real GeoNames gazetteer (cities >= 5000), built once into the user cache."""
    from citypact.gazetteer import get_gazetteer

    return get_gazetteer()
