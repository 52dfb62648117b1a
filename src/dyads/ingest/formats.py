"""Which reader reads which path: by suffix (text, JSON Lines, HTML, feeds, CSV), folders
walked, ``-`` for standard input.

The HTML, feed and CSV wrappers import their modules on first use: trafilatura and feedparser
are slow to import, and reading plain text must not pay for them. Those modules build on
``readers`` and never import this one, so the table below is plain data, not a registration.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from dyads.errors import InputError
from dyads.ingest.readers import ReadResult, read_jsonl_file, read_stream, read_text_file

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")


def read_html(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    from dyads.ingest.html import read_html_file

    yield from read_html_file(path, published=published)


def read_feed(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    from dyads.ingest.feeds import read_feed_file

    yield from read_feed_file(path, published=published)


def read_csv(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    from dyads.ingest.tables import read_csv_file

    yield from read_csv_file(path, published=published)


# suffix -> reader(path, published=...); any other suffix is read as text.
READERS: dict[str, Callable[..., Iterator[ReadResult]]] = {
    ".jsonl": read_jsonl_file,
    **dict.fromkeys(HTML_SUFFIXES, read_html),
    **dict.fromkeys(FEED_SUFFIXES, read_feed),
    ".csv": read_csv,
}


def read_paths(paths: Iterable[str], *, published: str | None = None) -> Iterator[ReadResult]:
    """Yield articles (or errors) from files, folders (recursively) and ``-`` (stdin)."""
    for name in paths:
        if name == "-":
            yield from read_stream(sys.stdin, published=published)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            for file in files:
                yield from read_path(file, published=published)
        elif path.exists():
            yield from read_path(path, published=published)
        else:
            yield InputError(name, "does not exist")


def read_path(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    reader = READERS.get(path.suffix.lower(), read_text_file)
    yield from reader(path, published=published)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
