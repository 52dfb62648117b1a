"""Normalise article text and give it a stable id. Offsets point into the normalised text."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from dyads.model import Article

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_ENDS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Lone surrogates (JSON's "\ud800", a feed's &#xD800;) cannot be encoded as UTF-8: no store
# or output could take them.
_SURROGATES = re.compile("[\ud800-\udfff]")
_FIELD_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """NFC, one kind of line end and space, no zero-width or control characters.

    Zero-width characters go because they split actor names ("Rus\u200bsia") invisibly.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text = _LINE_ENDS.sub("\n", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_field(value: str | None) -> str | None:
    """A metadata value (id, title, url, ...) as any store takes it: no control characters
    (PostgreSQL refuses NUL), no lone surrogates, no outer spaces; None when nothing is left."""
    if value is None:
        return None
    value = _FIELD_CONTROL.sub("", _SURROGATES.sub("\ufffd", value)).strip()
    return value or None


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ]\S.*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def read_published(value: str) -> str | None:
    """A publication date as ISO 8601: ISO dates and datetimes as given (checked), the compact
    ``20241022``, RFC 2822 (``Tue, 22 Oct 2024 09:30:00 +0000``, the date as the outlet
    wrote it); None when it is none of these (never a guess such as 2024-01-01)."""
    value = value.strip()
    iso = _ISO.fullmatch(value) or _COMPACT.fullmatch(value)
    if iso:
        year, month, day = iso.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return None
        if iso.re is _COMPACT:
            return f"{year}-{month}-{day}"
        return value
    import email.utils  # here: its import (sockets, charsets) costs every start ~10 ms

    parts = email.utils.parsedate_tz(value)
    if parts is None:
        return None
    try:
        return dt.date(parts[0], parts[1], parts[2]).isoformat()
    except ValueError:
        return None


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def make_article(
    text: str,
    *,
    article_id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    authors: tuple[str, ...] | list[str] = (),
    source_path: str | None = None,
) -> Article:
    clean = normalise_text(text)
    given_id = clean_field(str(article_id)) if article_id else None
    return Article(
        id=given_id or content_id(clean),
        text=clean,
        title=clean_field(title),
        url=clean_field(url),
        published=read_published(published) if (published := clean_field(published)) else None,
        outlet=clean_field(outlet),
        authors=tuple(a for a in map(clean_field, authors) if a),
        source_path=source_path,
    )
