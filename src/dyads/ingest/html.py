"""HTML pages to articles: the main text and its metadata (title, byline, date, outlet).

trafilatura finds the article body among navigation, adverts and comments; feed snippets
(already just the body) are cleaned with lxml_html_clean and flattened to text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from dyads.errors import InputError
from dyads.ingest.normalise import content_id, make_article, normalise_text
from dyads.ingest.readers import ReadResult, read_capped
from dyads.model import Article

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b)\s*")


def page_article_id(url: str | None, text: str) -> str:
    """A page's id: its text's hash, with the URL mixed in so that the same wire copy on two
    outlets' pages is two articles of one story rather than one article."""
    clean = normalise_text(text)
    return content_id(f"{url}\n{clean}") if url else content_id(clean)


def outlet_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def html_to_article(
    html: bytes | str,
    *,
    url: str | None = None,
    published: str | None = None,
    where: str | None = None,
) -> Article | InputError:
    """The main text and metadata of an HTML page, or an error saying why there is none."""
    import trafilatura

    where = where or url or "<html>"
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    except Exception as err:  # trafilatura raises many kinds on broken markup
        return InputError(where, f"HTML cannot be parsed ({type(err).__name__}: {err})")
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return InputError(where, "has no article text that could be extracted")
    title = getattr(doc, "title", None) or None
    if title and text.startswith(title + "\n"):
        # The headline is kept as the title; leaving it in the body would code it twice.
        text = text[len(title) + 1 :]
    page_url = getattr(doc, "url", None) or url
    author = getattr(doc, "author", None) or ""
    authors = [a for a in _AUTHOR_SPLIT.split(author) if a] if author else []
    article = make_article(
        text,
        article_id=page_article_id(page_url, text),
        title=title,
        url=page_url,
        published=published or getattr(doc, "date", None) or None,
        outlet=getattr(doc, "sitename", None) or outlet_of(page_url),
        authors=authors,
        source_path=where,
    )
    return article if article.text else InputError(where, "has only invisible text")


def fragment_text(fragment: str) -> str:
    """Text of an HTML snippet (a feed item's summary), with scripts and styles removed."""
    if "<" not in fragment:
        return fragment
    import lxml.html
    from lxml_html_clean import Cleaner

    try:
        tree = lxml.html.fromstring(f"<div>{fragment}</div>")
        cleaner = Cleaner(scripts=True, javascript=True, style=True, comments=True)
        cleaned = cleaner.clean_html(tree)
    except Exception:  # ParserError on empty input; ValueError on control characters in names
        return re.sub(r"<[^>]+>", " ", fragment)
    for block in cleaned.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return str(cleaned.text_content())


def read_html_file(path: Path, *, published: str | None = None) -> Iterator[ReadResult]:
    where = str(path)
    data = read_capped(path)
    if isinstance(data, InputError):
        yield data
        return
    yield html_to_article(data, published=published, where=where)
