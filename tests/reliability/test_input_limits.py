"""Size caps before reading, devices, FIFOs and links out of a folder (review round 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dyads.ingest.readers import MAX_ARTICLE_BYTES, MAX_LINE_BYTES
from dyads.pipeline import Pipeline
from dyads.runs.ingest import ingest
from dyads.store.duckdb import DuckDBStore

GOOD = "France condemned Russia on Monday over the {} dispute."
# Reads the file with the real CLI in a child, then prints its peak memory in MB (VmHWM: the
# child's own; ru_maxrss would carry the parent's peak across exec).
PEAK = (
    "import re, sys\n"
    "from dyads.cli import main\n"
    "try:\n    main(sys.argv[1:])\n"
    "except SystemExit as done:\n    code = done.code\n"
    "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
    "print('peak', int(hwm) // 1024, file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)


def ingest_child(db: Path, *inputs: str, timeout: float = 120) -> tuple[int, str, int]:
    result = subprocess.run(
        [sys.executable, "-c", PEAK, "ingest", "--db", str(db), "--quiet", *inputs],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    peak = int(result.stderr.rsplit("peak ", 1)[1].split()[0])
    return result.returncode, result.stderr, peak


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: 1.5 GB on paper, no disk
        handle.truncate(1_500_000_000)
    code, err, peak = ingest_child(tmp_path / "h.duckdb", str(big))
    assert code == 1
    assert f"huge.txt: is larger than {MAX_ARTICLE_BYTES:,} bytes" in err, err
    assert peak < 400, f"{peak} MB for a refused file"


def test_devices_and_fifos_are_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD.format("grain"), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "named.jsonl")
    code, err, _peak = ingest_child(
        tmp_path / "d.duckdb", "/dev/zero", str(folder), str(tmp_path / "named.jsonl"), timeout=60
    )
    assert code == 1
    assert "/dev/zero: is not a regular file" in err, err
    assert "pipe.txt: is not a regular file" in err, err
    assert "named.jsonl: is not a regular file" in err, err
    assert "MemoryError" not in err
    with DuckDBStore(tmp_path / "d.duckdb") as store:
        assert store.count("articles") == 1


def test_a_json_lines_line_over_the_byte_cap_is_skipped_unread(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "before", "text": GOOD.format("rail")}) + "\n")
        handle.write('{"id": "long", "text": "' + "a" * (MAX_LINE_BYTES + 10) + '"}\n')
        handle.write(json.dumps({"id": "after", "text": GOOD.format("gas")}) + "\n")
    report = ingest([str(path)], store=tmp_path / "l.duckdb", pipeline=pipeline)
    assert report.errors == [f"{path}:2: is a line longer than {MAX_LINE_BYTES:,} bytes"]
    assert report.added == 2


@pytest.mark.parametrize("how", ["file", "folder"])
def test_links_out_of_a_folder_are_not_followed(
    tmp_path: Path, pipeline: Pipeline, how: str
) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:Russia condemned France.\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD.format("ore"), encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # a link within the folder is fine
    if how == "file":
        (folder / "passwd.txt").symlink_to(outside / "passwd")
    else:
        (folder / "sub").symlink_to(outside, target_is_directory=True)
    report = ingest([str(folder)], store=tmp_path / "s.duckdb", pipeline=pipeline)
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        texts = [r[0] for r in store.fetch("SELECT text FROM articles")]
    assert not [t for t in texts if "root:x" in t]
    assert len(texts) == 1
    assert any("is a link out of the folder; not followed" in e for e in report.errors), report


def test_an_endless_standard_input_is_cut_at_the_limit(tmp_path: Path) -> None:
    """`yes | dyads extract -` used to read until memory ran out."""
    with subprocess.Popen(["yes", "France condemned Russia."], stdout=subprocess.PIPE) as source:
        result = subprocess.run(
            [sys.executable, "-m", "dyads", "extract", "-"],
            stdin=source.stdout,
            capture_output=True,
            text=True,
            timeout=120,
        )
        source.kill()
    assert result.returncode == 1
    assert f"<stdin>: is larger than {MAX_ARTICLE_BYTES:,} characters" in result.stderr
