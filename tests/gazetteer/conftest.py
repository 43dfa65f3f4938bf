from pathlib import Path

import pytest

from citypact.gazetteer import Gazetteer

# A user override file merged on top of the packaged one: one added name (a made-up
# spelling for Sopot) and one removed name (the German name of Copenhagen).
USER_OVERRIDES = """
add:
  3085151: [Zoppotowo]
remove:
  2618425: [Kopenhagen]
"""


@pytest.fixture(scope="session")
def user_overrides(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("overrides") / "places.yaml"
    path.write_text(USER_OVERRIDES, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def gz_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="session")
def gz(gz_cache: Path, user_overrides: Path) -> Gazetteer:
    """The real GeoNames gazetteer (cities >= 5000), built once per test session."""
    return Gazetteer.load(min_population=5000, cache_dir=gz_cache, overrides=user_overrides)
