"""Registers the HTML, feed and CSV readers in ``readers.READERS`` (imported by readers.py).

The wrappers import their modules on first use: trafilatura and feedparser are slow to import,
and reading plain text must not pay for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dyads.ingest.readers import READERS, ReadResult

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


def register_readers() -> None:
    for suffix in HTML_SUFFIXES:
        READERS.setdefault(suffix, read_html)
    for suffix in FEED_SUFFIXES:
        READERS.setdefault(suffix, read_feed)
    READERS.setdefault(".csv", read_csv)


register_readers()
