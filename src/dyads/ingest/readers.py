"""Read articles from text files, standard input and JSON Lines (``formats`` picks a reader by
suffix and walks folders).

Readers yield ``Article`` or ``InputError`` items, never raise for one bad input: a broken
article in a batch is reported by the caller and the rest goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from dyads.errors import InputError
from dyads.ingest.normalise import make_article
from dyads.limits import DEFAULT_LIMITS
from dyads.model import Article

ReadResult = Article | InputError
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
MAX_ARTICLE_BYTES = DEFAULT_LIMITS.max_article_bytes


def decode_bytes(data: bytes, where: str) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM; refuse binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise InputError(where, "looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            where, f"is not valid UTF-8 (byte {err.start}); convert it to UTF-8 first"
        ) from None


def read_capped(path: Path) -> bytes | InputError:
    """A file's bytes, or why they can't be had: unreadable, or over the article size limit."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return InputError(str(path), f"cannot be read ({err.strerror or err})")
    if len(data) > MAX_ARTICLE_BYTES:
        return InputError(str(path), f"is larger than {MAX_ARTICLE_BYTES:,} bytes")
    return data


def read_text_file(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    where = str(path)
    data = read_capped(path)
    if isinstance(data, InputError):
        yield data
        return
    try:
        text = decode_bytes(data, where)
    except InputError as err:
        yield err
        return
    article = make_article(text, published=published, source_path=where)
    # Checked after normalising: text of only zero-width characters is empty too.
    yield article if article.text else InputError(where, "is empty")


def article_from_record(record: object, where: str, *, published: str | None) -> ReadResult:
    if not isinstance(record, dict):
        return InputError(where, "is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, "has no 'text' string")
    authors = record.get("authors") or ()
    if isinstance(authors, str):
        authors = [authors]
    article = make_article(
        text,
        article_id=record.get("id"),
        title=record.get("title"),
        url=record.get("url"),
        published=record.get("published") or published,
        outlet=record.get("outlet"),
        authors=[str(a) for a in authors],
        source_path=where,
    )
    return article if article.text else InputError(where, "has only invisible characters")


def read_jsonl_lines(
    lines: Iterable[str], name: str, *, published: str | None = None
) -> Iterator[ReadResult]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(where, f"is not valid JSON ({err.msg})")
            continue
        yield article_from_record(record, where, published=published)


def read_jsonl_file(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    try:
        handle = path.open(encoding="utf-8-sig", errors="strict")
    except OSError as err:
        yield InputError(str(path), f"cannot be read ({err.strerror or err})")
        return
    with handle:
        try:
            yield from read_jsonl_lines(handle, str(path), published=published)
        except UnicodeDecodeError:
            yield InputError(str(path), "is not valid UTF-8")


def looks_like_jsonl(text: str) -> bool:
    """Every non-empty line a JSON object with a ``text`` string: articles, not one article
    that happens to hold JSON (``head -2 news.jsonl | dyads extract -``)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not all(line.lstrip().startswith("{") for line in lines):
        return False
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            return False
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            return False
    return True


def read_stream(stream: IO[str], *, published: str | None = None) -> Iterator[ReadResult]:
    """Standard input: JSON Lines when it looks like JSON Lines, else one article."""
    text = stream.read()
    if looks_like_jsonl(text):
        yield from read_jsonl_lines(text.splitlines(), "<stdin>", published=published)
        return
    article = make_article(text, published=published, source_path="<stdin>")
    yield article if article.text else InputError("<stdin>", "is empty")
