"""Small inputs for the bulk tests: pages, a WARC writer."""

from __future__ import annotations

import io
from pathlib import Path

PARTNER_HTML = ("<html lang='en'><head><title>News</title></head><body><nav>Home | News | Contact</nav><article>"
                "<h1>Lviv and Lublin sign twinning</h1><p>The mayors of Lviv and Lublin signed a twinning "
                "agreement on 3 March 2024 in Lublin, opening cooperation on culture and education.</p>"
                "</article><footer>City hall</footer></body></html>")
PLAIN_HTML = ("<html><body><nav>Home | Sport | Weather</nav><article><p>The weather was mild and the market "
              "opened at nine.</p></article></body></html>")


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            data = html.encode()
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(data),
                                                          length=len(data), http_headers=headers))
