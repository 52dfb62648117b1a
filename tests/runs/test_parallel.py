from __future__ import annotations

from pathlib import Path

from dyads.errors import InputError
from dyads.ingest.normalise import make_article
from dyads.model import Extraction
from dyads.runs.batch import read_articles
from dyads.runs.parallel import ExtractorPool, PipelineSpec, parallel_extract


def _summary(results: list[Extraction | InputError]) -> list[object]:
    summary: list[object] = []
    for result in results:
        if isinstance(result, InputError):
            summary.append(("error", result.where))
        else:
            summary.append((result.article.id, [e.to_dict(result.text) for e in result.events]))
    return summary


def test_two_workers_give_the_one_process_results_in_order(articles_jsonl: Path) -> None:
    items = list(read_articles(str(articles_jsonl))) * 3  # several chunks per worker
    one = list(parallel_extract(items, workers=1))
    two = list(parallel_extract(items, workers=2, chunk_size=2))
    assert _summary(two) == _summary(one)
    assert any(isinstance(r, Extraction) and r.events for r in two)
    assert [type(r) for r in two].count(InputError) == 3  # the broken line, in place


def test_a_pool_codes_many_batches_and_keeps_actor_mode() -> None:
    articles = [make_article(f"Russia and China held talks. Day {n}.") for n in range(7)]
    with ExtractorPool(workers=2, spec=PipelineSpec(what="actors"), chunk_size=3) as pool:
        first = pool.code(articles[:4])
        second = pool.code(articles[4:])
    results = first + second
    assert [r.article.id for r in results if isinstance(r, Extraction)] == [a.id for a in articles]
    assert all(isinstance(r, Extraction) and not r.events and r.actors for r in results)
