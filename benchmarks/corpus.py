"""A crawl-like corpus: ~15 KB HTML pages with menus, sidebars and footers around prose.

Prose is drawn from frequent words of several languages with Zipf-like weights; about one
page in ten mentions "partner"/"cooperation" in passing (not a city partnership) and a few
percent report a real partnership between two cities. Deterministic for a given seed.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

WORDS = {
    "en": "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three".split(),
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei in prozent hatte kann gegen vom können schon wenn habe seine mark ihre dann unter wir soll ich eines es jahr zwei jahren diese dieser wieder keine seiner worden".split(),
    "fr": "de la le et les des en un du une que est pour qui dans a par plus pas au sur ne se ce il sont cette avec ou mais son aux elle on été nous leur sa ses deux fait comme être très entre bien dont aussi même tout ont peut depuis après sans était ils avait encore autres avant ans nouvelle temps selon trois".split(),
    "pl": "i w na z do nie się to że jest o jak po a co tak ale od za przez dla tylko jego być już może czy ich przy który była jej roku są było lub także które oraz tym też był jednak pod będzie mnie bardzo ten gdy dwa lat".split(),
    "uk": "і в на з що не до у це як за про від та але його є для по був так все вже коли ще вони було мене може тому під було можна або після також року один два дуже свою міста люди область".split(),
    "sv": "och i att det som en på är av för med till den har de inte om ett han var men sig så år från vid kan vi efter nu ska hade eller två än hon andra sedan mot under många alla".split(),
}
PASSING = {
    "en": "Our partner shops offer a discount and the cooperation with local clubs continues.",
    "de": "Unsere Partner im Handel bieten Rabatte, die Kooperation mit Vereinen geht weiter.",
    "fr": "Nos partenaires commerçants offrent une remise et la coopération avec les clubs continue.",
    "pl": "Nasi partnerzy oferują rabaty, a współpraca z klubami trwa.",
    "uk": "Наші партнери пропонують знижки, а співпраця з клубами триває.",
    "sv": "Våra partner erbjuder rabatt och samarbetet med klubbarna fortsätter.",
}
REPORTS = {
    "en": "The mayors of {a} and {b} signed a twinning agreement on {d} March 2024, opening cooperation on culture, youth exchanges and climate.",
    "de": "Die Oberbürgermeister von {a} und {b} haben am {d}. März 2024 einen Partnerschaftsvertrag unterzeichnet.",
    "fr": "Les maires de {a} et de {b} ont signé le {d} mars 2024 une charte de jumelage entre les deux villes.",
    "pl": "Prezydenci miast {a} i {b} podpisali {d} marca 2024 r. umowę o partnerstwie miast.",
    "uk": "{a} та {b} підписали угоду про побратимство {d} березня 2024 року.",
    "sv": "{a} och {b} undertecknade den {d} mars 2024 ett vänortsavtal.",
}
CITIES = {
    "en": ["Coventry", "Bristol", "Leeds", "Dresden", "Kyiv", "Lviv", "Porto", "Bordeaux"],
    "de": ["Freiburg", "Leipzig", "Hannover", "Poltawa", "Lemberg", "Krakau", "Lyon"],
    "fr": ["Lyon", "Nantes", "Lille", "Cracovie", "Kiev", "Turin", "Leipzig"],
    "pl": ["Lublin", "Gdańsk", "Wrocław", "Lwów", "Kraków", "Łuck", "Rzeszów"],
    "uk": ["Житомир", "Львів", "Харків", "Полтава", "Вінниця", "Луцьк"],
    "sv": ["Göteborg", "Malmö", "Uppsala", "Tartu", "Lund", "Umeå"],
}
NAV = ("<header><nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(40)) + "</ul></nav></header>")
SIDEBAR = ("<aside><h3>Most read</h3><ul>" + "".join(f"<li><a href='/a{i}'>Article headline number {i} about local affairs</a></li>"
                                                   for i in range(25)) + "</ul></aside>")
FOOTER = ("<footer><p>Contact the newsroom · Imprint · Privacy · Cookies · Accessibility</p>" +
          "".join(f"<a href='/f{i}'>Footer link {i}</a> " for i in range(40)) + "</footer>")


def prose(rng: random.Random, lang: str, words: int) -> str:
    vocabulary = WORDS[lang]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    out, sentence = [], []
    for word in rng.choices(vocabulary, weights, k=words):
        sentence.append(word)
        if len(sentence) > rng.randint(8, 20):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    return " ".join(out)


def page(rng: random.Random, index: int, partner_share: float = 0.03, passing_share: float = 0.1) -> tuple[str, bool]:
    lang = rng.choice(sorted(WORDS))
    paragraphs = [prose(rng, lang, rng.randint(90, 140)) for _ in range(6)]
    is_report = rng.random() < partner_share
    if is_report:
        a, b = rng.sample(CITIES[lang], 2)
        paragraphs.insert(1, REPORTS[lang].format(a=a, b=b, d=rng.randint(1, 28)))
    elif rng.random() < passing_share:
        paragraphs.insert(3, PASSING[lang])
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>Local news {index}</title>"
            f"<script>var analytics = {{id: {index}}};</script></head><body>{NAV}<div class='wrap'>{SIDEBAR}"
            f"<main><article><h1>Local news {index}</h1>{body}</article></main></div>{FOOTER}</body></html>")
    return html, is_report


def write_html(folder: Path, count: int, seed: int = 7) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    reports = 0
    for i in range(count):
        html, is_report = page(rng, i)
        reports += is_report
        (folder / f"page{i:06d}.html").write_text(html, encoding="utf-8")
    return reports


def write_warc(path: Path, count: int, seed: int = 7) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    reports = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(count):
            html, is_report = page(rng, i)
            reports += is_report
            data = html.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response",
                                                          payload=io.BytesIO(data), length=len(data),
                                                          http_headers=headers))
    return reports
