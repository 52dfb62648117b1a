"""The near-duplicate signatures as stored, with their stories: what a resumed ingest loads
into its index (``dyads.runs.ingest``), all of them or a window of the newest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol


class _Reader(Protocol):
    """What is read through: a store (dyads.store.base.SQLStore, which imports this module)."""

    def fetch(
        self, sql: str, params: tuple[Any, ...] | list[Any] = ()
    ) -> list[tuple[Any, ...]]: ...

    def stream(
        self, sql: str, params: tuple[Any, ...] | list[Any] = (), *, size: int = 5000
    ) -> Iterator[tuple[Any, ...]]: ...

    def count(self, table: str) -> int: ...


# Signatures with their stories: ``{articles}`` is the table or its newest rows.
SIGNED = (
    "SELECT m.article_id, a.story_id, m.signature, a.ingested_at FROM article_minhash m"
    " JOIN {articles} a ON a.id = m.article_id{limit}"
)


def stored_signatures(
    store: _Reader, recent: int | None = None
) -> Iterator[tuple[str, str, bytes]]:
    """``(article_id, story_id, signature)`` in ingest order: all, or the ``recent`` last."""
    if recent is None:
        sql = SIGNED.format(articles="articles", limit="")
        for article_id, story_id, signature, _ in store.stream(sql + " ORDER BY 4, 1"):
            yield article_id, story_id, bytes(signature)
        return
    # The join of every article with its signature held the whole store in memory: join
    # only the newest articles, more of them while some lack a signature (the newest
    # ``recent`` of the join are then among them).
    wanted, total, newest = max(0, recent), store.count("articles"), max(1, recent)
    while True:
        cut = (
            "(SELECT id, story_id, ingested_at FROM articles"
            f" ORDER BY ingested_at DESC, id DESC LIMIT {newest})"
        )
        sql = SIGNED.format(articles=cut, limit=" ORDER BY 4 DESC, 1 DESC LIMIT ?")
        found = store.fetch(sql, [wanted])
        if len(found) >= wanted or newest >= total:
            break
        newest *= 2
    for article_id, story_id, signature, _ in sorted(found, key=lambda r: (r[3], r[0])):
        yield article_id, story_id, bytes(signature)


__all__ = ["SIGNED", "stored_signatures"]
