"""Bytes to text for article files: UTF-8 first, repaired only where it is not.

A newsroom wants the article, not a refusal. Text is decoded line by line:
a line that is UTF-8 stays UTF-8 (a stray legacy byte in it is read in the
file's legacy encoding), the other lines are read in that legacy encoding
(Windows-1252 for Latin script), and ftfy repairs double-encoded UTF-8
("cafÃ©") in a file that mixes encodings. UTF-16 without a byte order mark is
recognised. Every guess or repair comes back as a note for a warning; only
binary data is rejected.
"""

from __future__ import annotations

import codecs

import ftfy
import regex
from charset_normalizer import from_bytes
from ftfy.chardata import UTF8_DETECTOR_RE

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
SNIPPET = 60  # characters of a repaired line quoted in the warning
FEWEST_TO_GUESS = 100  # legacy bytes in a mixed file below which guessing is noise: Windows-1252


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can name."""


def decode_text(data: bytes) -> tuple[str, str | None]:
    """``(text, note)``; ``note`` is None for UTF-8 (or a byte order mark), else what was guessed or repaired.

    Line endings become ``\\n`` so offsets mean the same on every platform.
    Raises ``DecodeError`` for binary data.
    """
    text, note = _decode(data)
    if len(_CONTROL.findall(text[:100_000])) > max(2, len(text[:100_000]) // 100):
        raise DecodeError("binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


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
        return _utf16_without_bom(data)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    kinds = [_kind(raw) for raw in lines]
    if UTF8 not in kinds:
        return _legacy(data)
    legacy = b"\n".join(raw for raw, kind in zip(lines, kinds, strict=True) if kind == LEGACY)
    encoding = "cp1252"
    if sum(b >= 0x80 for b in legacy[:100_000]) >= FEWEST_TO_GUESS:
        try:
            encoding = _legacy_encodings(legacy)[0]
        except DecodeError:
            pass
    return _mixed(lines, kinds, encoding)


ASCII, UTF8, LEGACY = "ascii", "utf-8", "legacy"


def _kind(raw: bytes) -> str:
    """How one line reads: ASCII, UTF-8 (a stray legacy byte or two at most), or a legacy encoding."""
    if raw.isascii():
        return ASCII
    invalid = len(raw.decode("utf-8", errors="replace")) - len(raw.decode("utf-8", errors="ignore"))
    return UTF8 if len(_MULTIBYTE_UTF8.findall(raw)) > invalid else LEGACY


def _legacy_encodings(data: bytes) -> list[str]:
    """The likeliest legacy encodings of ``data``, best first (Windows-1252 for Latin script)."""
    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise DecodeError("not UTF-8 and no known text encoding fits (binary?)")
    mostly_ascii = sum(b >= 0x80 for b in data[:100_000]) < len(data[:100_000]) * 0.1
    latin = best.encoding in LATIN_FAMILY or "cp1252" in best.could_be_from_charset or mostly_ascii
    return ["cp1252", best.encoding] if latin else [best.encoding]


def _legacy(data: bytes) -> tuple[str, str]:
    """No line is UTF-8: the whole file in one legacy encoding."""
    encodings = _legacy_encodings(data)
    for encoding in encodings:
        try:
            return data.decode(encoding), f"not UTF-8; decoded as {encoding}"
        except (UnicodeDecodeError, LookupError):
            pass
    raise DecodeError(f"not UTF-8 and does not decode as {encodings[-1]} either")


def _mixed(lines: list[bytes], kinds: list[str], encoding: str) -> tuple[str, str]:
    """UTF-8 lines as UTF-8, everything else in ``encoding``; ftfy repairs mojibake in the UTF-8 lines.

    A file that mixes encodings has been through more than one system, so a
    line that is valid UTF-8 may still be double-encoded ("cafÃ©").
    """
    texts, repaired = [], []
    for n, (raw, kind) in enumerate(zip(lines, kinds, strict=True), start=1):
        if kind == UTF8:
            text = _utf8_with_strays(raw, encoding)
            fixed = ftfy.fix_encoding(text) if UTF8_DETECTOR_RE.search(text) else text  # ftfy's own quick test
            if fixed != text:
                repaired.append(n)
            texts.append(fixed)
        else:
            texts.append(raw.decode("ascii" if kind == ASCII else encoding, errors="replace"))
    utf8 = [n for n, kind in enumerate(kinds, start=1) if kind == UTF8]
    other = [n for n, kind in enumerate(kinds, start=1) if kind == LEGACY]
    if len(utf8) >= len(other):
        base, read_as = "UTF-8", encoding
        other += [n for n in utf8 if not _is_utf8(lines[n - 1])]  # UTF-8 lines with stray legacy bytes
    else:
        base, read_as, other = encoding, "UTF-8", utf8
    other.sort()
    first = texts[other[0] - 1]
    note = f'mixed encodings: {base} except {_lines(other)} read as {read_as}, e.g. "{_snippet(first)}"'
    return "\n".join(texts), note + (f"; mojibake repaired on {_lines(repaired)}" if repaired else "")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_with_strays(raw: bytes, encoding: str) -> str:
    """A UTF-8 line, its few invalid bytes read in ``encoding``."""
    out, pos = [], 0
    while True:
        try:
            out.append(raw[pos:].decode("utf-8"))
            return "".join(out)
        except UnicodeDecodeError as e:
            out.append(raw[pos : pos + e.start].decode("utf-8"))
            out.append(raw[pos + e.start : pos + e.end].decode(encoding, errors="replace"))
            pos += e.end


def _utf16_without_bom(data: bytes) -> tuple[str, str]:
    """Text in UTF-16 without a byte order mark, told from binary by where its zero bytes are.

    Every ASCII character in UTF-16 is a zero byte beside a letter, always on
    the same side, and text has spaces at least; in binary data zero bytes fall
    on both sides.
    """
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if min(even, odd) > max(even, odd) // 100 or max(even, odd) < len(data) // 40:
        raise DecodeError("binary file (contains NUL bytes), not text")
    encoding = "UTF-16-LE" if odd > even else "UTF-16-BE"
    looks = f"looks like {encoding} without a byte order mark, but"
    if len(data) % 2:
        raise DecodeError(f"{looks} has an odd number of bytes (cut short?)")
    try:
        return data.decode(encoding), f"no byte order mark; decoded as {encoding}"
    except UnicodeDecodeError as e:
        raise DecodeError(f"{looks} does not decode as {encoding} ({e.reason} at byte {e.start})") from None


def _lines(numbers: list[int]) -> str:
    """``line 5``, ``lines 5 and 9``, ``lines 1, 3, 5, 7, 9 and 4 more``."""
    shown = [str(n) for n in numbers]
    if len(shown) == 1:
        return f"line {shown[0]}"
    last = f"{len(shown) - 5} more" if len(shown) > 5 else shown.pop()
    return f"lines {', '.join(shown[:5])} and {last}"


def _snippet(line: str) -> str:
    """Up to ``SNIPPET`` characters of ``line`` from a little before its first non-ASCII character."""
    at = next((i for i, c in enumerate(line) if not c.isascii()), 0)
    start = max(0, at - SNIPPET // 3)
    piece = line[start : start + SNIPPET].strip()
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(line.rstrip()) else "")
