"""RSS and Atom feeds: each item becomes an article, from its linked page when one is fetched,
else from the text the feed itself carries."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dyads.errors import InputError
from dyads.ingest.html import fragment_text, outlet_of, page_article_id
from dyads.ingest.normalise import make_article
from dyads.ingest.readers import ReadResult, read_capped


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str | None
    title: str | None
    published: str | None
    text: str  # the item's own content or summary, as text; may be empty
    authors: tuple[str, ...]
    outlet: str | None
    guid: str | None = None  # RSS <guid> or Atom <id>: the item's name, stable across edits

    def key(self) -> str | None:
        """The resume mark of the item: its page's URL, else its guid."""
        if self.link:
            return f"url:{self.link}"
        return f"guid:{self.guid}" if self.guid else None


@dataclass(frozen=True, slots=True)
class FeedArticle:
    """One item's article (or error), and a warning when its text is the feed's own because
    its page could not be had."""

    item: FeedItem
    result: ReadResult
    warning: str | None = None


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return (
        head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")
    ) and (b"<rss" in head or b"<feed" in head or b"<rdf" in head or b"<channel" in head)


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%d", parsed)
    except (TypeError, ValueError):
        return None


# A character reference to a code point no text may hold: NUL, a surrogate, past U+10FFFF.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _bad_reference(match: re.Match[bytes]) -> bytes:
    hexa, decimal = match.groups()
    point = int(hexa, 16) if hexa else int(decimal)
    if point == 0 or 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        return b"&#xFFFD;"
    return match.group(0)


def parse_feed(data: bytes, where: str) -> list[FeedItem] | InputError:
    import feedparser

    # feedparser turns &#xD800; into a lone surrogate and then fails to encode it.
    data = _CHAR_REF.sub(_bad_reference, data)
    try:
        parsed = feedparser.parse(data)
    except Exception as err:  # one broken feed is one error, never the end of an ingest
        return InputError(where, f"is not a readable RSS/Atom feed ({type(err).__name__})")
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            return InputError(where, f"is not a readable RSS/Atom feed ({problem})")
        return InputError(where, "is a feed without items")
    channel = parsed.get("feed", {})
    outlet = channel.get("title") or outlet_of(channel.get("link"))
    items = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        authors = tuple(a.get("name", "") for a in entry.get("authors", []) if a.get("name"))
        items.append(
            FeedItem(
                link=entry.get("link"),
                title=entry.get("title"),
                published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                text=fragment_text(body or "").strip(),
                authors=authors,
                outlet=outlet,
                guid=_guid(entry.get("id"), where),
            )
        )
    return items


MAX_GUID = 500


def _guid(value: object, where: str) -> str | None:
    """The article id a guid gives. One that names itself worldwide (a URL, ``urn:``, ``tag:``)
    is used as it is; a bare one ("1234") is only unique in its feed, so the feed's address
    is put before it."""
    if not isinstance(value, str) or not value.strip():
        return None
    guid = " ".join(value.split())[:MAX_GUID]
    return guid if ":" in guid else f"{where}#{guid}"


def with_guid(item: FeedItem, result: ReadResult) -> ReadResult:
    """The article under its item's guid, when the feed gives one: the same item keeps one id
    across rounds of a poller however its text or page changes."""
    if item.guid and not isinstance(result, InputError):
        return replace(result, id=item.guid)
    return result


def item_article(item: FeedItem, where: str, *, published: str | None) -> ReadResult:
    """The article a feed item carries by itself (no page fetched)."""
    if not item.text:
        return InputError(where, "feed item has no text and its page was not fetched")
    article = make_article(
        item.text,
        article_id=page_article_id(item.link, item.text),
        title=item.title,
        url=item.link,
        published=item.published or published,
        outlet=item.outlet,
        authors=item.authors,
        source_path=where,
    )
    if not article.text:
        return InputError(where, "feed item has only invisible text")
    return replace(article, body="summary", id=item.guid or article.id)


def feed_articles(
    items: list[FeedItem],
    where: str,
    *,
    published: str | None = None,
    fetch_page: Callable[[FeedItem], ReadResult | None] | None = None,
) -> Iterator[FeedArticle]:
    """Each item with its article: its page's when ``fetch_page`` gives one, else its own,
    with a warning naming the page and why when the page was tried and failed."""
    for number, item in enumerate(items, start=1):
        item_where = f"{where}#item{number}"
        result = fetch_page(item) if fetch_page and item.link else None
        warning = None
        if isinstance(result, InputError) and item.text:
            # The page failed, but the feed carries the text itself: use it, and say so.
            warning = f"{result}; using the feed's summary instead"
            result = None
        if result is None:
            result = item_article(item, item_where, published=published)
        yield FeedArticle(item, with_guid(item, result), warning)


def read_feed_file(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    """A local feed file's items, from the text the feed carries (no network)."""
    where = str(path)
    data = read_capped(path)
    if isinstance(data, InputError):
        yield data
        return
    items = parse_feed(data, where)
    if isinstance(items, InputError):
        yield items
        return
    for found in feed_articles(items, where, published=published):
        yield found.result
