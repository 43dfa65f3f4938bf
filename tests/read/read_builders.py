"""Builders for real input files (HTML, PDF, DOCX, WARC) the read tests write."""

from __future__ import annotations

import io

import docx
from reportlab.pdfgen import canvas
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PDF_PAGES = (
    ("Aarhus Byråd godkender venskabsbyaftale med Mykolaiv.", "Aftalen gælder i tre år."),
    ("Page two: Zürich and Kraków attend the signing ceremony.",),
)

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="da-DK"><head><meta charset="utf-8">
<title>København og Kyiv indgår venskabsbyaftale | Københavns Kommune</title>
<meta property="og:title" content="København og Kyiv indgår venskabsbyaftale">
<meta property="article:published_time" content="2023-06-01T10:00:00+02:00">
</head><body>
<header><nav class="main-menu"><ul>
<li><a href="/">Forside</a></li><li><a href="/borger">Borgerservice</a></li>
<li><a href="/erhverv">Erhverv og iværksætteri</a></li></ul></nav></header>
<aside class="sidebar"><h3>Genveje</h3><ul><li><a href="/affald">Affald og genbrug</a></li>
<li><a href="/parkering">Parkeringstilladelser</a></li></ul></aside>
<main><article><h1>København og Kyiv indgår venskabsbyaftale</h1>
<p>De to hovedstæder København og Kyiv har indgået en venskabsbyaftale, som skal styrke
samarbejdet om kultur, klima og genopbygning efter krigen. Aftalen gælder i tre år.</p>
<p>Overborgmester Sophie Hæstorp Andersen og borgmester Vitaliy Klitschko underskrev aftalen
på Københavns Rådhus. Samarbejdet omfatter også unge, veteraner og digitalisering.</p>
<p>Kommunen udarbejder nu en handlingsplan sammen med Kyivs bystyre, og borgerne inviteres
til at komme med idéer til konkrete projekter i de to byer.</p>
<div class="read-also"><h2>Læs også</h2><ul>
<li><a href="/nyt/1">Ny cykelbro over havnen åbner</a></li>
<li><a href="/nyt/2">Budgetaftale for 2024 er på plads</a></li></ul></div>
</article></main>
<footer><p>Københavns Kommune · Rådhuspladsen 1 · Cookiepolitik</p></footer>
</body></html>
"""


def pdf_bytes(pages: tuple[tuple[str, ...], ...] = PDF_PAGES, **options: object) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, **options)
    pdf.setTitle("Byrådsmøde 12. maj")
    for lines in pages:
        for number, line in enumerate(lines):
            pdf.drawString(72, 720 - 20 * number, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Samarbejdsaftale Odense–Zaporizjzja"
    document.core_properties.language = "da-DK"
    document.add_paragraph("Odense Kommune indgår en samarbejdsaftale med Zaporizjzja.")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, (("Tema", "Periode"), ("Energi", "2024–2026")), strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Aftalen underskrives i juni.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def warc_bytes(records: list[tuple[str, str, bytes, str | None]], *, gzip: bool) -> bytes:
    """(url, content type, payload, WARC-Date) responses, each followed by its request."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, content_type, payload, warc_date in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                   protocol="HTTP/1.1")
        extra = {"WARC-Date": warc_date} if warc_date else None
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=headers,
            warc_headers_dict=extra))
        writer.write_record(writer.create_warc_record(
            url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n")))
    return buffer.getvalue()
