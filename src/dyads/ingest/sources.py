"""Every kind of input an ingest reads, behind one iterator: paths, folders, URLs and feeds.

Each item comes with a resume key when reading it costs something worth skipping on a rerun
(a fetched page); plain files are cheap to re-read, and their articles are skipped by id.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from dyads.errors import InputError
from dyads.ingest import feeds, html, tables
from dyads.ingest.fetch import FetchPolicy, Page, fetch, is_url
from dyads.ingest.formats import FEED_SUFFIXES, read_path
from dyads.ingest.readers import ReadResult, folder_files, read_capped, read_stream


@dataclass(frozen=True, slots=True)
class SourceItem:
    result: ReadResult
    key: str | None = None  # a resume mark: "url:<address>" for fetched pages
    warning: str | None = None  # read, but not as asked (a feed's summary for its page)


@dataclass(frozen=True, slots=True)
class SourceOptions:
    published: str | None = None
    text_column: str = tables.DEFAULT_TEXT_COLUMN
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    fetch_links: bool = True  # fetch each feed item's page


def iter_sources(
    inputs: Iterable[str],
    *,
    options: SourceOptions | None = None,
    is_done: Callable[[str], bool] = lambda key: False,
) -> Iterator[SourceItem]:
    """Articles (or errors) from each input in order; fetched pages already done are skipped."""
    options = options or SourceOptions()
    for name in inputs:
        if is_url(name):
            yield from _url(name, options, is_done)
        elif name == "-":
            import sys

            for result in read_stream(sys.stdin, published=options.published):
                yield SourceItem(result)
        elif Path(name).is_dir():
            for file in folder_files(Path(name)):
                if isinstance(file, InputError):
                    yield SourceItem(file)
                else:
                    yield from _file(file, options, is_done)
        elif Path(name).exists():
            yield from _file(Path(name), options, is_done)
        else:
            yield SourceItem(InputError(name, "does not exist"))


def _file(
    path: Path, options: SourceOptions, is_done: Callable[[str], bool]
) -> Iterator[SourceItem]:
    if path.suffix.lower() in FEED_SUFFIXES:
        # A feed file's items carry marks as a fetched feed's do, so that an item edited since
        # (same guid or link, new text) is skipped as done, not refused as an id clash.
        data = read_capped(path)
        if isinstance(data, InputError):
            yield SourceItem(data)
            return
        yield from feed_items(data, str(path), replace(options, fetch_links=False), is_done)
        return
    if path.suffix.lower() == ".csv":
        results = tables.read_csv_file(
            path, published=options.published, text_column=options.text_column
        )
    else:
        results = read_path(path, published=options.published)
    try:
        for result in results:
            yield SourceItem(result)
    except Exception as err:  # a reader's own bug must cost one file, never the ingest
        yield SourceItem(InputError(str(path), f"cannot be read ({type(err).__name__}: {err})"))


def _url(name: str, options: SourceOptions, is_done: Callable[[str], bool]) -> Iterator[SourceItem]:
    key = f"url:{name}"
    try:
        page = fetch(name, policy=options.policy)
    except InputError as err:
        yield SourceItem(err, key=None)
        return
    if is_feed(page):
        yield from feed_items(page.body, page.url, options, is_done)
        return
    if is_done(key):
        return
    yield SourceItem(
        html.html_to_article(page.body, url=page.url, published=options.published, where=name),
        key=key,
    )


def is_feed(page: Page) -> bool:
    return feeds.looks_like_feed(page.body) or (
        "xml" in page.content_type and "html" not in page.content_type
    )


def feed_items(
    data: bytes,
    where: str,
    options: SourceOptions,
    is_done: Callable[[str], bool] = lambda key: False,
) -> Iterator[SourceItem]:
    """A fetched feed's items not done yet, each from its page (fetched) or its own text."""
    items = feeds.parse_feed(data, where)
    if isinstance(items, InputError):
        yield SourceItem(items)
        return

    # One budget for all the item pages: a feed of slow pages must not hold an ingest for
    # its items times the fetch limit.
    budget_end = time.monotonic() + options.policy.feed_seconds

    def fetch_page(item: feeds.FeedItem) -> ReadResult | None:
        left = budget_end - time.monotonic()
        if left <= 0:
            spent = f"{options.policy.feed_seconds:g} s"
            return InputError(item.link or where, f"not fetched: the feed's {spent} are spent")
        policy = replace(options.policy, timeout=min(options.policy.timeout, left))
        try:
            page = fetch(item.link or "", policy=policy)
        except InputError as err:
            return err
        result = html.html_to_article(page.body, url=page.url, where=item.link)
        if isinstance(result, InputError):
            return result
        # The feed knows the date and title of its items better than many pages declare them.
        return replace(
            result,
            title=result.title or item.title,
            published=item.published or result.published or options.published,
            outlet=result.outlet or item.outlet,
        )

    pending = [item for item in items if not ((key := item.key()) and is_done(key))]
    getter = fetch_page if options.fetch_links else None
    for found in feeds.feed_articles(
        pending, where, published=options.published, fetch_page=getter
    ):
        yield SourceItem(found.result, key=found.item.key(), warning=found.warning)
