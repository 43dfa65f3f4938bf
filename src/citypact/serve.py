"""`citypact serve`: the API and web UI with uvicorn."""

from __future__ import annotations

import uvicorn

from citypact.api import create_app


def serve(host: str, port: int, db: str, token: str | None) -> None:
    uvicorn.run(create_app(db, token), host=host, port=port, log_level="info")
