"""Plain text: decode bytes in whatever encoding they came in, without altering the text."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read.base import make_document

BINARY = "not a text file (binary content)"

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Single-byte code pages in use for European languages, in order of preference when
# two decode a sample equally well (cp1252 first: it also reads latin-1 text).
_LEGACY = (
    "cp1252", "cp1251", "cp1250", "iso8859_2", "cp1257", "cp1253", "cp1254",
    "iso8859_15", "koi8_u", "koi8_r",
)

# Letters beyond ASCII per alphabet. Used only to choose between code pages that all
# decode a text without errors: a right decoding gives letters of one alphabet
# (æ ø å), a wrong one mixes alphabets (ć ř ĺ for the same bytes in cp1250).
_ALPHABETS = {
    "da_no": "æøåé", "sv": "åäöé", "fi": "äöåšž", "et": "äöõüšž", "is": "áðéíóúýþæö",
    "de": "äöüß", "nl": "ëïéèáóö", "fr": "éèêëàâîïôûùüÿçœæ", "es": "áéíóúñü",
    "pt": "áàâãéêíóôõúç", "it": "àèéìíòóù", "ca": "àèéíïòóúüç", "ro": "ăâîșțşţ",
    "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž",
    "hu": "áéíóöőúüű", "hr_sl": "čćđšž", "lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž",
    "tr": "çğıöşüâî", "mt": "ċġħżàèìòù", "sq": "çë",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr_mk": "абвгдђѓежзѕијклљмнњопрстћќуфхцчџш",
    "el": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",
}
_ALPHABET_SETS = [frozenset(letters) for letters in _ALPHABETS.values()]

# Non-letters above ASCII that ordinary text uses (typography, currency, NBSP, etc.).
_TYPOGRAPHY = frozenset("\u00a0–—‘’‚“”„«»‹›…•·€£¥$§°©®™¶†‡′″№½¼¾²³¹×÷±¦¤¢¡¿\u200b\u00ad")

_SAMPLE_BYTES = 65_536
# A sample counts as BOM-less UTF-16 when this share of the high bytes are NUL (spaces,
# digits and punctuation are NUL-high even in Cyrillic or Greek) and almost no low bytes.
_UTF16_MIN_NUL_HIGH = 0.05
_UTF16_MAX_NUL_LOW = 0.01
# A decoded text with more control characters than this share is binary, not text.
_MAX_CONTROL_SHARE = 0.02
# Web pages with a few stray NUL bytes are still pages; beyond this share they are not.
_MAX_STRAY_NUL_SHARE = 0.001
# Valid multi-byte UTF-8 characters needed per invalid byte to still call a file UTF-8.
_MIN_UTF8_PER_BROKEN_BYTE = 3
# charset-normalizer "chaos" above the best candidate's plus this margin rules a code page out.
_CHAOS_MARGIN = 0.05


def read_text(data: bytes, source: str, *, declared: str | None = None) -> Document:
    """A Document from a plain-text (or Markdown) file's bytes."""
    text = decode_bytes(data, source, declared=declared)
    if not text.strip():
        raise ReadError(source, "no text (only whitespace)")
    return make_document(text, source)


def decode_bytes(
    data: bytes, source: str, *, declared: str | None = None, stray_nul: bool = False
) -> str:
    """Decode text bytes: BOM, then UTF-16 without BOM, strict UTF-8, the declared
    charset, then the best European code page. Raises ReadError for binary content.
    A NUL byte means binary, unless `stray_nul` allows dropping a few (web pages)."""
    if not data:
        raise ReadError(source, "empty file")
    text = _decode_bom(data) or _decode_utf16_bomless(data)
    if text is None:
        if b"\x00" in data:
            if not stray_nul or data.count(0) > len(data) * _MAX_STRAY_NUL_SHARE:
                raise ReadError(source, BINARY)
            data = data.replace(b"\x00", b"")
        text = (_strict(data, "utf-8") or _strict(data, declared) or _mostly_utf8(data)
                or _decode_legacy(data))
    if text is None or _control_share(text) > _MAX_CONTROL_SHARE:
        raise ReadError(source, BINARY)
    return text


def _strict(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a file patched in another editor) stays UTF-8:
    legacy code pages never form many valid multi-byte sequences by chance."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    wellformed = sum(1 for char in text if char >= "\x80") - broken
    return text if wellformed >= _MIN_UTF8_PER_BROKEN_BYTE * broken else None


def _decode_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A BOM is trusted; a few broken bytes after it are replaced, not fatal.
            return data[len(bom):].decode(encoding, errors="replace")
    return None


def _decode_utf16_bomless(data: bytes) -> str | None:
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:_SAMPLE_BYTES]
    half = len(sample) // 2
    nul_even = sample[0::2].count(0) / half
    nul_odd = sample[1::2].count(0) / half
    for nul_high, nul_low, encoding in ((nul_odd, nul_even, "utf-16-le"),
                                        (nul_even, nul_odd, "utf-16-be")):
        if nul_high >= _UTF16_MIN_NUL_HIGH and nul_low <= _UTF16_MAX_NUL_LOW:
            return _strict(data, encoding)
    return None


def _decode_legacy(data: bytes) -> str | None:
    """Best single-byte decoding: charset-normalizer rules out code pages that give
    gibberish; among the rest, the one whose letters fit one alphabet wins."""
    matches = from_bytes(data, cp_isolation=list(_LEGACY))
    if not len(matches):
        best = from_bytes(data).best()
        return str(best) if best is not None else None
    lowest = min(m.chaos for m in matches)
    candidates = {
        encoding
        for m in matches if m.chaos <= lowest + _CHAOS_MARGIN
        for encoding in m.could_be_from_charset
    }
    sample = data[:_SAMPLE_BYTES]
    scored = []
    for rank, encoding in enumerate(e for e in _LEGACY if e in candidates):
        decoded = _strict(sample, encoding)
        if decoded is not None:
            scored.append((alphabet_score(decoded), -rank, encoding))
    if not scored:
        return str(matches.best())
    return _strict(data, max(scored)[2]) or str(matches.best())


def alphabet_score(text: str) -> float:
    """How plausible a decoding is: share of non-ASCII letters that fit the best single
    alphabet, minus the share of odd symbols and of capitals among those letters."""
    letters: list[str] = []
    odd = 0
    upper = 0
    for char in text:
        if char < "\x80":
            continue
        if char.isalpha():
            letters.append(char.lower())
            upper += char.isupper()
        elif char not in _TYPOGRAPHY:
            odd += 1
    total = len(letters) + odd
    if not total:
        return 1.0
    fit = max(sum(1 for c in letters if c in alphabet) for alphabet in _ALPHABET_SETS)
    # Real text is mostly lower case; KOI8 read as cp1251 (and back) swaps the case.
    capitals = max(0.0, upper / len(letters) - 0.5) if letters else 0.0
    return (fit - odd) / total - capitals


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:_SAMPLE_BYTES]
    controls = sum(
        1 for c in sample
        if (c < " " and c not in "\t\n\r\f\v") or c == "\ufffd"
        or (c >= "\x7f" and unicodedata.category(c) == "Cc")
    )
    return controls / len(sample)
