"""Read articles from text files, standard input and JSON Lines (``formats`` picks a reader by
suffix and walks folders).

Readers yield ``Article`` or ``InputError`` items, never raise for one bad input: a broken
article in a batch is reported by the caller and the rest goes on.
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from dyads.errors import InputError
from dyads.ingest.normalise import clean_field, make_article, read_published
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


def open_regular(path: Path) -> io.BufferedReader | InputError:
    """A regular file opened for reading, or why not: a FIFO would block for ever and a
    device such as /dev/zero never ends, so only regular files are read."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not hang before the check below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        return InputError(str(path), f"cannot be read ({err.strerror or err})")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return InputError(str(path), "is not a regular file (a device, FIFO or socket)")
    return io.BufferedReader(io.FileIO(fd, "rb"))


def read_capped(path: Path, limit: int | None = None) -> bytes | InputError:
    """A file's bytes, or why they can't be had: unreadable, not a regular file, or over the
    article size limit (checked before reading, so a huge file costs no memory)."""
    limit = MAX_ARTICLE_BYTES if limit is None else limit
    opened = open_regular(path)
    if isinstance(opened, InputError):
        return opened
    with opened as handle:
        too_big = InputError(str(path), f"is larger than {limit:,} bytes")
        if os.fstat(handle.fileno()).st_size > limit:
            return too_big
        try:
            data = handle.read(limit + 1)  # the file may have grown since
        except OSError as err:
            return InputError(str(path), f"cannot be read ({err.strerror or err})")
    return too_big if len(data) > limit else data


def folder_files(root: Path) -> Iterator[Path | InputError]:
    """The files under a folder, sorted, hidden ones left out; a link that leads out of the
    folder is reported, not followed (a folder of articles must not read /etc/passwd)."""
    top = root.resolve()
    for path in sorted(root.rglob("*")):
        if _hidden(path, root):
            continue
        if not path.resolve().is_relative_to(top):  # the path itself or a folder on the way
            yield InputError(str(path), "is a link out of the folder; not followed")
            continue
        if path.is_file() or (path.exists() and not path.is_dir()):
            yield path


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


# The metadata a record may carry, each a string (or absent).
TEXT_FIELDS = ("title", "url", "published", "outlet")
MAX_ID_CHARS = 1000
# A JSON Lines line longer than this is skipped unread: no article is near it, and reading it
# whole would put any size of line in memory.
MAX_LINE_BYTES = 2 * MAX_ARTICLE_BYTES


def _record_fields(record: dict[str, object]) -> dict[str, object] | str:
    """The record's metadata checked field by field, or what is wrong with it."""
    fields: dict[str, object] = {}
    for name in TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"has a {name!r} that is not a string"
        fields[name] = value or None
    article_id = record.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, str | int | None):
        return "has an 'id' that is neither a string nor a number"
    if article_id is not None and len(str(article_id)) > MAX_ID_CHARS:
        return f"has an 'id' longer than {MAX_ID_CHARS} characters"
    if isinstance(article_id, str) and {".", ".."} & set(
        (clean_field(article_id) or "").split("/")
    ):
        # Clients resolve such segments away: /api/articles/a/../b is /api/articles/b.
        return "has an 'id' with a '.' or '..' segment between slashes, which no URL can reach"
    fields["article_id"] = article_id
    authors = record.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        return "has 'authors' that are not a string or a list of strings"
    fields["authors"] = authors
    return fields


def article_from_record(record: object, where: str, *, published: str | None) -> ReadResult:
    if not isinstance(record, dict):
        return InputError(where, "is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, "has no 'text' string")
    fields = _record_fields(record)
    if isinstance(fields, str):
        return InputError(where, fields)
    given = clean_field(fields["published"]) if isinstance(fields["published"], str) else None
    if given is not None and read_published(given) is None:
        return InputError(
            where, f"has a 'published' date that is not ISO 8601 or RFC 2822 ({given!r})"
        )
    fields["published"] = given or published
    article = make_article(text, source_path=where, **fields)  # type: ignore[arg-type]
    return article if article.text else InputError(where, "has only invisible characters")


def _parse_line(line: str, where: str, published: str | None) -> ReadResult:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return InputError(where, f"is not valid JSON ({err.msg})")
    except RecursionError:
        return InputError(where, "is nested too deeply to be an article")
    except ValueError as err:  # a number past Python's digit limit
        return InputError(where, f"is not valid JSON ({str(err).split(';')[0]})")
    return article_from_record(record, where, published=published)


def read_jsonl_lines(
    lines: Iterable[str], name: str, *, published: str | None = None
) -> Iterator[ReadResult]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _parse_line(line, f"{name}:{number}", published)


def _byte_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """A binary file's lines, None for each line over ``limit`` bytes (skipped unread)."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


def _looks_binary(head: bytes) -> bool:
    """NUL bytes (which JSON text never holds) and a first line that is not UTF-8: an image or
    archive, one error for the file rather than one per "line" of it."""
    if b"\x00" not in head:
        return False
    try:
        head.split(b"\n", 1)[0].decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def read_jsonl_file(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    """One result per non-blank line; a line that is not UTF-8 or too long is one error and
    the lines around it are still read."""
    opened = open_regular(path)
    if isinstance(opened, InputError):
        yield opened
        return
    with opened as handle:
        if _looks_binary(handle.peek(8192)[:8192]):
            yield InputError(str(path), "looks like a binary file, not JSON Lines")
            return
        for number, raw in enumerate(_byte_lines(handle, MAX_LINE_BYTES), start=1):
            where = f"{path}:{number}"
            if raw is None:
                yield InputError(where, f"is a line longer than {MAX_LINE_BYTES:,} bytes")
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield InputError(where, f"is not valid UTF-8 (byte {err.start})")
                continue
            if line.strip():
                yield _parse_line(line, where, published)


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
    """Standard input: JSON Lines when it looks like JSON Lines, else one article; capped like a
    file (never all of an endless pipe), so JSON Lines on stdin hold at most that much."""
    text = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(text) > MAX_ARTICLE_BYTES:
        yield InputError("<stdin>", f"is larger than {MAX_ARTICLE_BYTES:,} characters")
        return
    if looks_like_jsonl(text):
        yield from read_jsonl_lines(text.splitlines(), "<stdin>", published=published)
        return
    article = make_article(text, published=published, source_path="<stdin>")
    yield article if article.text else InputError("<stdin>", "is empty")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
