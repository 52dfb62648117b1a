"""Normalise article text and give it a stable id. Offsets point into the normalised text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from dyads.model import Article

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_ENDS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """NFC, one kind of line end and space, no zero-width or control characters.

    Zero-width characters go because they split actor names ("Rus\u200bsia") invisibly.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_ENDS.sub("\n", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


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
    return Article(
        id=str(article_id) if article_id else content_id(clean),
        text=clean,
        title=title,
        url=url,
        published=published,
        outlet=outlet,
        authors=tuple(authors),
        source_path=source_path,
    )
