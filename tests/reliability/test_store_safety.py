"""Nothing overwrites a store (review round 2): an export never lands on its own database or
leaves a truncated file, ``--db`` never opens a data file as a database, two ingests into one
PostgreSQL database store each story once, and CSV cells never run as formulas."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from dyads.runs.ingest import ingest

from .conftest import dump, write_corpus

DYADS = [sys.executable, "-m", "dyads"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DYADS, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stored")
    db = folder / "v.duckdb"
    ingest([str(write_corpus(folder / "in", 6))], store=db)
    return db


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "gdelt"])
def test_export_onto_its_own_database_is_refused(stored: Path, fmt: str) -> None:
    before = dump(stored)
    result = run("export", "--db", str(stored), "--format", fmt, "-o", str(stored))
    assert result.returncode == 1, result
    assert "is the database being exported" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert dump(stored) == before  # still a readable database, every row there


def test_a_failed_export_leaves_no_truncated_file(stored: Path, tmp_path: Path) -> None:
    """A real write failure (the file size limit, as a full disk would) mid-export: the old
    export stays whole and no partial file is left."""
    out = tmp_path / "events.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")
    script = (
        "import resource, signal, sys;"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000));"
        "from dyads.cli import main; main(sys.argv[1:])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "export", "--db", str(stored), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl"]


def test_csv_export_neutralises_formula_cells(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    docs = tmp_path / "in.jsonl"
    docs.write_text(
        '{"id": "f1", "outlet": "=HYPERLINK(\\"http://x.test\\",\\"go\\")", "title": "+1+2",'
        ' "text": "France condemned Russia on Monday over the border posts."}\n',
        encoding="utf-8",
    )
    ingest([str(docs)], store=db)
    out = tmp_path / "e.csv"
    assert run("export", "--db", str(db), "--format", "csv", "-o", str(out)).returncode == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "the test article has no event"
    cells = [v for row in rows for v in row.values() if v]
    assert any("HYPERLINK" in v for v in cells)
    assert not [v for v in cells if v[0] in "=+@"], cells


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".json"])
def test_db_naming_a_data_file_is_refused(tmp_path: Path, suffix: str) -> None:
    corpus = write_corpus(tmp_path / "in", 3)
    data = tmp_path / f"existing{suffix}"
    data.write_bytes(b'{"id": "x", "text": "Japan thanked Italy."}\n')
    before = data.read_bytes()
    for db in (data, tmp_path / f"new{suffix}"):
        result = run("ingest", str(corpus), "--db", str(db), "--quiet")
        assert result.returncode == 1, result
        assert "added" not in result.stdout, result.stdout
        assert f"{db}: " in result.stderr and "not a DuckDB database" in result.stderr
    assert data.read_bytes() == before
    assert not (tmp_path / f"new{suffix}").exists()


def test_db_naming_a_file_that_is_not_duckdb_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.duckdb"
    other.write_text("not a database at all\n", encoding="utf-8")
    result = run("stats", "--db", str(other))
    assert result.returncode == 1
    assert "not a DuckDB database" in result.stderr, result.stderr
    assert other.read_text(encoding="utf-8") == "not a database at all\n"


def near_copies(folder: Path, n: int) -> None:
    """A second outlet's copy of the first ``n`` articles: the same story, another article."""
    for source in sorted(folder.glob("*.txt"))[:n]:
        text = source.read_text(encoding="utf-8")
        (folder / f"copy-{source.name}").write_text(
            text + " The wire service filed this report.", encoding="utf-8"
        )


@pytest.mark.postgres
def test_three_ingests_into_one_postgres_database_equal_one_clean_ingest(tmp_path: Path) -> None:
    url = os.environ.get("DYADS_TEST_POSTGRES")
    if not url:
        pytest.skip("DYADS_TEST_POSTGRES is not set")
    from dyads.store.postgres import PostgresStore

    corpus = write_corpus(tmp_path / "in", 40)
    near_copies(corpus, 15)
    schemas = [f"twice_{uuid.uuid4().hex[:10]}", f"clean_{uuid.uuid4().hex[:10]}"]
    for name in schemas:
        PostgresStore(url, schema=name).close()
    joined = "&" if "?" in url else "?"

    def address(name: str) -> str:
        return f"{url}{joined}options=-csearch_path%3D{name}"

    children = [
        subprocess.Popen(
            [*DYADS, "ingest", str(corpus), "--db", address(schemas[0]), "--quiet", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for extra in (["--batch-size", "2"], ["--batch-size", "2"], ["--batch-size", "3"])
    ]
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, (out, err)
    assert run("ingest", str(corpus), "--db", address(schemas[1]), "--quiet").returncode == 0
    twice, clean = (PostgresStore(url, schema=name) for name in schemas)
    with twice, clean:
        assert twice.count("articles") == clean.count("articles") == 55
        stories = "SELECT COUNT(DISTINCT story_id) FROM articles"
        assert twice.fetch(stories) == clean.fetch(stories)
        assert dump(twice) == dump(clean)
