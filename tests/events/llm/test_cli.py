"""The --llm-* options of extract, ingest, recode, eval and batch, through real subprocesses
against the fake server (tests of the CLI live here, beside the fake they need)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import FakeLLM, Reply, sentence_of


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dyads", *args], input=stdin, capture_output=True,
                          text=True, timeout=180, env=os.environ | (env or {}))  # fmt: skip


def coder(body: dict[str, Any]) -> Reply:
    """A fake model that codes "X sent aid to Y." and nothing else."""
    words = sentence_of(body).rstrip(".").split()
    if "sent aid to" not in " ".join(words):
        return Reply('{"events": []}')
    event = {"type": "AID", "source": words[0], "target": words[-1], "trigger": "sent aid"}
    return Reply(json.dumps({"events": [event]}))


def llm_args(fake: FakeLLM, tmp_path: Path) -> list[str]:
    return ["--extractor", "llm/1", "--llm-url", fake.url, "--llm-model", "fake",
            "--llm-cache", str(tmp_path / "cache")]  # fmt: skip


def test_extract_codes_prints_the_report_and_caches(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = coder
    args = ["extract", "-", *llm_args(fake_llm, tmp_path)]
    first = run(*args, stdin="Chile sent aid to Peru. Peru thanked Chile.")
    assert first.returncode == 0, first.stderr
    (record,) = [json.loads(line) for line in first.stdout.splitlines()]
    assert record["type"] == "AID" and record["extractor"] == "llm/1"
    assert "llm/1: 2 requests, 0 cache hits" in first.stderr
    again = run(*args, stdin="Chile sent aid to Peru. Peru thanked Chile.")
    assert again.stdout == first.stdout
    assert "llm/1: 0 requests, 2 cache hits" in again.stderr and len(fake_llm.requests) == 2


def test_settings_from_the_environment(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = coder
    env = {"DYADS_LLM_URL": fake_llm.url, "DYADS_LLM_MODEL": "env-model",
           "DYADS_LLM_CACHE_DIR": "off", "DYADS_LLM_API_KEY": "sk-env"}  # fmt: skip
    result = run("extract", "-", "--extractor", "llm/1", stdin="Chile sent aid to Peru.", env=env)
    assert result.returncode == 0, result.stderr
    assert fake_llm.requests[0]["model"] == "env-model"
    assert fake_llm.headers[0]["Authorization"] == "Bearer sk-env"
    assert "sk-env" not in result.stdout + result.stderr


def test_a_dead_server_is_one_line_and_a_failure(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.close()
    result = run("extract", "-", *llm_args(fake_llm, tmp_path), stdin="Chile sent aid to Peru.")
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: cannot reach the model server at http://127.0.0.1")


def test_no_url_is_a_one_line_error(tmp_path: Path) -> None:
    env = {"DYADS_LLM_URL": "", "DYADS_LLM_MODEL": "", "DYADS_LLM_CONFIG": ""}
    result = run("extract", "-", "--extractor", "llm/1", stdin="Chile sent aid to Peru.", env=env)
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "error: llm/1: no server URL: give --llm-url, DYADS_LLM_URL or a config file"
    )


def test_ingest_then_recode_in_verify_mode(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = coder
    article = tmp_path / "a.txt"
    article.write_text("Chile sent aid to Peru. Brazil and Peru share a border.")
    db = str(tmp_path / "events.duckdb")
    ingested = run("ingest", str(article), "--db", db, *llm_args(fake_llm, tmp_path))
    assert ingested.returncode == 0, ingested.stderr
    assert "1 events" in ingested.stdout or "events" in ingested.stdout
    assert "llm/1: 2 requests" in ingested.stderr
    fake_llm.script = lambda _b: Reply('{"decisions": [{"id": 0, "decision": "reject"}]}')
    version = stored_versions(db)
    assert "llm=fake;prompt=llm-prompt/" in version and ";mode=full" in version
    assert fake_llm.url not in version  # where the model is served is no part of it
    recoded = run("recode", "--db", db, *llm_args(fake_llm, tmp_path), "--llm-mode", "verify")
    assert recoded.returncode == 0, recoded.stderr
    assert "rejected" in recoded.stderr
    assert ";mode=verify;band=0.1-0.7;gate=" in stored_versions(db)
    renamed = [a if a != "fake" else "fake-2" for a in llm_args(fake_llm, tmp_path)]
    assert run("recode", "--db", db, *renamed).returncode == 0
    assert "llm=fake-2;" in stored_versions(db)


def stored_versions(db: str) -> str:
    import duckdb

    with duckdb.connect(db, read_only=True) as con:
        versions = {row[0] for row in con.execute("SELECT data_version FROM articles").fetchall()}
    (version,) = versions
    return str(version)


def test_batch_passes_the_settings_to_its_workers(fake_llm: FakeLLM, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    fake_llm.script = coder
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": f"a{i}", "text": f"{n} sent aid to Peru."} for i, n in enumerate(["Chile", "Japan"])
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    out = tmp_path / "out"
    result = run("batch", str(source), str(out), "--workers", "2", *llm_args(fake_llm, tmp_path))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out).to_pylist()
    assert sorted(r["type"] for r in table) == ["AID", "AID"] and len(fake_llm.requests) == 2
    # The run report adds up what both workers sent (each asked about one article).
    assert "llm/1: 2 requests, 0 cache hits, 240 tokens; 2 events proposed" in result.stderr


def test_batch_reports_requests_tokens_cache_hits_and_cost(
    fake_llm: FakeLLM, tmp_path: Path
) -> None:
    def script(body: dict[str, Any]) -> Reply:
        if not sentence_of(body).startswith("Chile"):
            return coder(body)
        made_up = {"type": "AID", "source": "Chile", "target": "Mars", "trigger": "sent aid"}
        return Reply(json.dumps({"events": [made_up]}))

    fake_llm.script = script
    source = tmp_path / "in.jsonl"
    texts = ["Chile sent aid to Peru.", "Japan sent aid to Chad. Chad thanked Japan."]
    source.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n"
                              for i, t in enumerate(texts)))  # fmt: skip
    prices = ["--llm-price-in", "2", "--llm-price-out", "10"]
    args = [*llm_args(fake_llm, tmp_path), *prices]
    first = run("batch", str(source), str(tmp_path / "one"), *args)
    assert first.returncode == 0, first.stderr
    # 3 sentences at 100 + 20 tokens: 300 * 2 + 60 * 10 per million = 0.0012; "Mars" is not
    # in its sentence, so that event is dropped as hallucinated.
    assert (
        "llm/1: 3 requests, 0 cache hits, 360 tokens, cost 0.0012; 2 events proposed, "
        "1 hallucinated" in first.stderr
    )
    again = run("batch", str(source), str(tmp_path / "two"), *args)
    assert "llm/1: 0 requests, 3 cache hits, 0 tokens; 2 events proposed" in again.stderr
    assert len(fake_llm.requests) == 3


def test_ingest_with_workers_adds_up_their_reports(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = coder
    source = tmp_path / "in.jsonl"
    names = ["Chile", "Japan", "Kenya", "Egypt"]
    source.write_text("".join(json.dumps({"id": n, "text": f"{n} sent aid to Peru."}) + "\n"
                              for n in names))  # fmt: skip
    db = str(tmp_path / "events.duckdb")
    result = run("ingest", str(source), "--db", db, "--workers", "2", "--batch-size", "2",
                 *llm_args(fake_llm, tmp_path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "llm/1: 4 requests, 0 cache hits, 480 tokens; 4 events proposed" in result.stderr


def test_eval_reports_tokens_and_time_per_item(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = coder
    gold = tmp_path / "eval" / "plover-gsr" / "gold_standard_records"
    gold.mkdir(parents=True)
    records = [
        {"id": f"T-AID-{i}", "event": "AID", "text": f"{s} sent aid to {t}.",
         "source": [{"actorText": s, "code": sc}], "target": [{"actorText": t, "code": tc}]}
        for i, (s, sc, t, tc) in enumerate([("Chile", "CHL", "Peru", "PER"),
                                            ("Japan", "JPN", "Chad", "TCD")])
    ]  # fmt: skip
    (gold / "PLOVER_GSR_CAMEO.txt").write_text(json.dumps(records), encoding="utf-8")
    result = run(
        "eval",
        str(tmp_path / "eval"),
        "--set",
        "plover-gsr",
        "--json",
        *llm_args(fake_llm, tmp_path),
    )
    assert result.returncode == 0, result.stderr
    (scored,) = json.loads(result.stdout)["sets"]
    used = scored["details"]["llm"]
    assert used["requests"] == 2 and used["tokens"] == 240 and used["tokens_per_item"] == 120.0
    assert used["seconds_per_item"] >= 0
