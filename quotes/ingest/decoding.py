"""Bytes to text for article files: UTF-8 first, a sensible guess otherwise.

A newsroom wants the article, not a refusal, so text in a legacy encoding is
decoded (and the caller warns); only binary data is rejected.
"""

from __future__ import annotations

import codecs

import regex
from charset_normalizer import from_bytes

# Single-byte encodings of Latin-script text. charset-normalizer often names a
# Central European code page for Western text ("café" -> "cafľ"); for English
# news Windows-1252 is by far the likelier source, so it wins within the family.
LATIN_FAMILY = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "cp1258",
        "latin_1",
        "mac_roman",
        "mac_latin2",
        *(f"iso8859_{n}" for n in (1, 2, 3, 4, 9, 10, 13, 14, 15, 16)),
    }
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A well-formed 2-4 byte UTF-8 sequence; legacy encodings rarely produce one by chance.
_MULTIBYTE_UTF8 = regex.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_STRAYS = "quotes-cp1252-strays"


def _read_strays_as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error(_STRAYS, _read_strays_as_cp1252)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can name."""


def decode_text(data: bytes) -> tuple[str, str | None]:
    """``(text, encoding)``; ``encoding`` is None for UTF-8 (or a BOM), else the guess used.

    Line endings become ``\\n`` so offsets mean the same on every platform.
    Raises ``DecodeError`` for binary data.
    """
    text, guessed = _decode(data)
    if len(_CONTROL.findall(text[:100_000])) > max(2, len(text[:100_000]) // 100):
        raise DecodeError("binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), guessed


def _decode(data: bytes) -> tuple[str, str | None]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError:
                raise DecodeError(
                    f"starts with a {encoding} byte order mark but does not decode as {encoding}"
                ) from None
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few stray legacy bytes (text pasted from an old system):
    # keep the UTF-8 and read the strays as Windows-1252.
    invalid = len(data.decode("utf-8", errors="replace")) - len(data.decode("utf-8", errors="ignore"))
    utf8 = len(_MULTIBYTE_UTF8.findall(data))
    strays = data.decode("utf-8", errors=_STRAYS), "utf-8 with stray bytes read as cp1252"
    if utf8 >= 2 * invalid:
        return strays
    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        if utf8:
            return strays
        raise DecodeError("not UTF-8 and no known text encoding fits (binary?)")
    encoding = best.encoding
    mostly_ascii = sum(b >= 0x80 for b in data[:100_000]) < len(data[:100_000]) * 0.1
    if encoding in LATIN_FAMILY or "cp1252" in best.could_be_from_charset or mostly_ascii:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(f"not UTF-8 and does not decode as {encoding} either") from None
