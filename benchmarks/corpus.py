"""A crawl-like corpus: ~15 KB HTML pages of local news sites around prose in ten languages.

Each page has a header menu with sub-menus, a cookie notice, a "most read" sidebar, a
"related articles" list, a footer with address and links, and scripts, around 7-10
paragraphs drawn from the frequent words of its language with Zipf-like weights. About one
page in ten uses a word such as "partner" or "cooperation" in passing (shops, police, clubs,
universities: no city partnership), and a few percent report a real partnership between two
cities. Deterministic for a given seed.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

WORDS = {
    "en": ["the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "they", "you", "were", "her", "she", "there", "been", "one", "all", "we", "their", "has", "would", "when", "who", "will", "more", "no", "if", "out", "so", "said", "what", "up", "its", "about", "into", "than", "them", "can", "only", "other", "new", "some", "could", "time", "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "like", "our", "over", "even", "most", "made", "after", "also", "did", "many", "before", "must", "through", "back", "years", "where", "much", "your", "way", "well", "down", "should", "because", "each", "just", "those", "people", "how", "too", "little", "state", "good", "very", "make", "world", "still", "own", "see", "men", "work", "long", "get", "here", "between", "both", "life", "being", "under", "never", "day", "same", "another", "know", "while", "last", "might", "us", "great", "old", "year", "off", "come", "since", "against", "go", "came", "right", "used", "take", "three", "council", "road", "school", "market"],
    "de": ["der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus", "er", "hat", "dass", "sie", "nach", "wird", "bei", "einer", "um", "am", "sind", "noch", "wie", "einem", "über", "einen", "so", "zum", "war", "haben", "nur", "oder", "aber", "vor", "zur", "bis", "mehr", "durch", "man", "sein", "wurde", "sei", "prozent", "hatte", "kann", "gegen", "vom", "können", "schon", "wenn", "habe", "seine", "ihre", "dann", "unter", "wir", "soll", "ich", "eines", "jahr", "zwei", "jahren", "diese", "dieser", "wieder", "keine", "seiner", "worden", "stadt", "straße", "schule", "gemeinderat"],
    "fr": ["de", "la", "le", "et", "les", "des", "en", "un", "du", "une", "que", "est", "pour", "qui", "dans", "par", "plus", "pas", "au", "sur", "ne", "se", "ce", "il", "sont", "cette", "avec", "ou", "mais", "son", "aux", "elle", "on", "été", "nous", "leur", "sa", "ses", "deux", "fait", "comme", "être", "très", "entre", "bien", "dont", "aussi", "même", "tout", "ont", "peut", "depuis", "après", "sans", "était", "ils", "avait", "encore", "autres", "avant", "ans", "nouvelle", "temps", "selon", "trois", "ville", "rue", "école", "conseil", "marché"],
    "pl": ["i", "w", "na", "z", "do", "nie", "się", "to", "że", "jest", "o", "jak", "po", "a", "co", "tak", "ale", "od", "za", "przez", "dla", "tylko", "jego", "być", "już", "może", "czy", "ich", "przy", "który", "była", "jej", "roku", "są", "było", "lub", "także", "które", "oraz", "tym", "też", "był", "jednak", "pod", "będzie", "mnie", "bardzo", "ten", "gdy", "dwa", "lat", "miasto", "ulica", "szkoła", "rada"],
    "uk": ["і", "в", "на", "з", "що", "не", "до", "у", "це", "як", "за", "про", "від", "та", "але", "його", "є", "для", "по", "був", "так", "все", "вже", "коли", "ще", "вони", "було", "мене", "може", "тому", "під", "можна", "або", "після", "також", "року", "один", "два", "дуже", "свою", "міста", "люди", "область", "вулиця", "школа", "рада", "громада"],
    "sv": ["och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om", "ett", "han", "var", "men", "sig", "så", "år", "från", "vid", "kan", "vi", "efter", "nu", "ska", "hade", "eller", "två", "än", "hon", "andra", "sedan", "mot", "under", "många", "alla", "kommun", "gata", "skola"],
    "da": ["og", "i", "at", "det", "en", "til", "er", "som", "på", "de", "med", "han", "af", "for", "ikke", "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "havde", "ham", "hun", "nu", "over", "da", "fra", "du", "ud", "sin", "dem", "os", "op", "man", "hans", "hvor", "eller", "hvad", "skal", "selv", "her", "alle", "vil", "blev", "kunne", "ind", "når", "være", "kommune", "gade", "skole"],
    "es": ["de", "la", "que", "el", "en", "y", "a", "los", "se", "del", "las", "un", "por", "con", "no", "una", "su", "para", "es", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "o", "este", "sí", "porque", "esta", "entre", "cuando", "muy", "sin", "sobre", "también", "me", "hasta", "hay", "donde", "quien", "desde", "todo", "nos", "durante", "todos", "uno", "les", "ni", "contra", "otros", "ese", "eso", "ante", "ciudad", "calle", "escuela"],
    "it": ["di", "e", "il", "la", "che", "in", "a", "per", "un", "è", "non", "una", "sono", "del", "le", "con", "si", "da", "i", "al", "lo", "della", "come", "ma", "ha", "nel", "gli", "più", "anche", "alla", "se", "questo", "dei", "delle", "o", "ci", "hanno", "tra", "stato", "essere", "due", "dopo", "suo", "sua", "loro", "città", "via", "scuola", "comune"],
    "nl": ["de", "en", "van", "ik", "te", "dat", "die", "in", "een", "hij", "het", "niet", "zijn", "is", "was", "op", "aan", "met", "als", "voor", "had", "er", "maar", "om", "hem", "dan", "zou", "of", "wat", "mijn", "men", "dit", "zo", "door", "over", "ze", "zich", "bij", "ook", "tot", "je", "mij", "uit", "der", "daar", "haar", "naar", "heb", "hoe", "heeft", "hebben", "deze", "stad", "straat", "school", "gemeente"],
}
# "partner", "cooperation" and the like in passing: no agreement between cities.
PASSING = {
    "en": ["Our partner shops offer a discount this weekend.", "The police said cooperation with residents had helped.",
           "The club thanked its sponsors and partners.", "The university is looking for industry partners."],
    "de": ["Unsere Partner im Handel bieten Rabatte.", "Die Polizei lobte die Zusammenarbeit mit den Anwohnern.",
           "Der Verein dankt seinen Partnern und Sponsoren."],
    "fr": ["Nos partenaires commerçants offrent une remise.", "La police salue la coopération des habitants.",
           "Le club remercie ses partenaires."],
    "pl": ["Nasi partnerzy oferują rabaty.", "Policja chwali współpracę z mieszkańcami.", "Klub dziękuje partnerom."],
    "uk": ["Наші партнери пропонують знижки.", "Поліція дякує мешканцям за співпрацю.", "Клуб дякує своїм партнерам."],
    "sv": ["Våra partner erbjuder rabatt.", "Polisen tackar för samarbetet med de boende.", "Klubben tackar sina partner."],
    "da": ["Vores partnere giver rabat i weekenden.", "Politiet takker for samarbejdet med borgerne."],
    "es": ["Nuestros socios ofrecen descuentos.", "La policía agradece la cooperación de los vecinos."],
    "it": ["I nostri partner offrono sconti.", "La polizia ringrazia i cittadini per la collaborazione."],
    "nl": ["Onze partners bieden korting.", "De politie dankt bewoners voor de samenwerking."],
}
# Partnership reports, written as a city press office would; {a} and {b} are real cities.
REPORTS = {
    "en": "The mayors of {a} and {b} signed a twinning agreement on {d} March 2024 at the city hall, opening "
          "cooperation on culture, youth exchanges and climate. The agreement runs for five years.",
    "de": "Die Oberbürgermeister von {a} und {b} haben am {d}. März 2024 im Rathaus einen Partnerschaftsvertrag "
          "unterzeichnet. Die beiden Städte wollen beim Wiederaufbau, in der Bildung und im Sport zusammenarbeiten.",
    "fr": "Les maires de {a} et de {b} ont signé le {d} mars 2024 une charte de jumelage entre les deux villes, "
          "qui prévoit des échanges scolaires et culturels.",
    "pl": "Prezydenci miast {a} i {b} podpisali {d} marca 2024 r. umowę o partnerstwie miast. Współpraca obejmie "
          "kulturę, edukację i wymianę młodzieży.",
    "uk": "{d} березня 2024 року міські голови підписали угоду про побратимство між містами {a} та {b}. "
          "Співпраця охопить освіту, культуру та відбудову.",
    "sv": "{a} och {b} undertecknade den {d} mars 2024 ett vänortsavtal. Samarbetet gäller skola, kultur och klimat.",
    "da": "{a} og {b} har den {d}. marts 2024 indgået en venskabsbyaftale, der skal styrke samarbejdet om kultur, "
          "uddannelse og grøn omstilling.",
    "es": "Los alcaldes de {a} y {b} firmaron el {d} de marzo de 2024 un acuerdo de hermanamiento entre ambas ciudades.",
    "it": "I sindaci di {a} e {b} hanno firmato il {d} marzo 2024 un patto di gemellaggio tra le due città.",
    "nl": "De burgemeesters van {a} en {b} hebben op {d} maart 2024 een stedenbandovereenkomst ondertekend.",
}
CITIES = {
    "en": ["Coventry", "Bristol", "Leeds", "Dresden", "Kyiv", "Lviv", "Porto", "Bordeaux"],
    "de": ["Freiburg", "Leipzig", "Hannover", "Poltawa", "Lemberg", "Krakau", "Lyon"],
    "fr": ["Lyon", "Nantes", "Lille", "Cracovie", "Kiev", "Turin", "Leipzig"],
    "pl": ["Lublin", "Gdańsk", "Wrocław", "Lwów", "Kraków", "Łuck", "Rzeszów"],
    "uk": ["Житомир", "Львів", "Харків", "Полтава", "Вінниця", "Луцьк"],
    "sv": ["Göteborg", "Malmö", "Uppsala", "Tartu", "Lund", "Umeå"],
    "da": ["Aarhus", "Odense", "Aalborg", "Kharkiv", "Mykolaiv", "Viborg"],
    "es": ["Valencia", "Sevilla", "Bilbao", "Zaragoza", "Kiev", "Oporto"],
    "it": ["Torino", "Bologna", "Firenze", "Genova", "Leopoli", "Cracovia"],
    "nl": ["Utrecht", "Leiden", "Groningen", "Eindhoven", "Lviv", "Tartu"],
}


def _menu() -> str:
    items = "".join(f"<li class='menu-item'><a href='/section/{i}'>Section {i}</a><ul class='sub-menu'>"
                    + "".join(f"<li><a href='/section/{i}/{j}'>Topic {i}.{j}</a></li>" for j in range(4))
                    + "</ul></li>" for i in range(14))
    return (f"<header class='site-header'><div class='logo'><a href='/'><img src='/logo.svg' alt='Local News'></a>"
            f"</div><nav class='main-nav' role='navigation'><ul>{items}</ul></nav>"
            "<form class='search' action='/search'><input name='q' placeholder='Search'></form></header>")


MENU = _menu()
COOKIES = ("<div id='cookie-banner' class='cookie'><p>This site uses cookies for statistics and advertising. "
           "<a href='/privacy'>Read more</a></p><button>Accept all</button><button>Settings</button></div>")
SIDEBAR = ("<aside class='sidebar'><h3>Most read</h3><ol>" + "".join(
    f"<li><a href='/article/{i}'>Headline number {i} about the local affairs of the week</a></li>" for i in range(20))
           + "</ol><div class='ad'>Advertisement</div></aside>")
FOOTER = ("<footer class='site-footer'><div class='address'>Local News · Main Street 1 · 1000 City · "
          "Phone +00 12 34 56 78</div><ul>" + "".join(f"<li><a href='/f/{i}'>Footer link {i}</a></li>"
                                                    for i in range(30))
          + "</ul><p>© Local News. All rights reserved.</p></footer>")
SCRIPT = ("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
          "gtag('js',new Date());gtag('config','UA-000000-1');</script>")


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
    """One page and whether it reports a partnership."""
    lang = rng.choice(sorted(WORDS))
    paragraphs = [prose(rng, lang, rng.randint(100, 150)) for _ in range(rng.randint(9, 12))]
    is_report = rng.random() < partner_share
    if is_report:
        a, b = rng.sample(CITIES[lang], 2)
        paragraphs.insert(1, REPORTS[lang].format(a=a, b=b, d=rng.randint(1, 28)))
    elif rng.random() < passing_share:
        paragraphs.insert(rng.randint(1, 5), rng.choice(PASSING[lang]))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    related = "".join(f"<li><a href='/article/{index + k}'>Related story {index + k}</a></li>" for k in range(1, 8))
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>Local news {index}</title>"
            f"<meta name='viewport' content='width=device-width'><link rel='stylesheet' href='/style.css'>{SCRIPT}"
            f"</head><body>{COOKIES}{MENU}<div class='wrap'><main><article><h1>Local news {index}</h1>"
            f"<time datetime='2024-03-{index % 28 + 1:02d}'>2024-03-{index % 28 + 1:02d}</time>{body}</article>"
            f"<section class='related'><h2>Related</h2><ul>{related}</ul></section></main>{SIDEBAR}</div>"
            f"{FOOTER}</body></html>"), is_report


def write_html(folder: Path, count: int, seed: int = 7, start: int = 0) -> int:
    """`count` pages as files; returns how many report a partnership."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    reports = 0
    for i in range(start, start + count):
        html, is_report = page(rng, i)
        reports += is_report
        (folder / f"page{i:06d}.html").write_text(html, encoding="utf-8")
    return reports


def write_warc(path: Path, count: int, seed: int = 7) -> int:
    """`count` pages as response records of a gzipped WARC; returns the partnership reports."""
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


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write the crawl-like corpus.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--warc", action="store_true", help="one .warc.gz instead of HTML files")
    args = parser.parse_args()
    n = write_warc(args.out, args.pages) if args.warc else write_html(args.out, args.pages)
    print(f"{args.pages} pages, {n} partnership reports -> {args.out}")
