"""`dyads --help`, `--version` and the commands that need no web server or arrays don't import
FastAPI, pydantic or numpy: each command imports its library when it runs (timing is
measured with `python -X importtime`, see docs/performance.md, never in a test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("fastapi", "starlette", "pydantic", "numpy", "pyarrow", "duckdb", "uvicorn")
PROBE = """
import json, sys
from dyads.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = %r
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


def loaded_after(args: list[str], stdin: str = "") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    last = done.stdout.strip().splitlines()[-1]
    found: list[str] = json.loads(last)
    return sorted({name.split(".")[0] for name in found})


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["extract", "--help"],
        ["ingest", "--help"],
        ["serve", "--help"],
        ["events", "--help"],
        ["batch", "--help"],
        ["eval", "--help"],
    ],
    ids=" ".join,
)
def test_help_and_version_import_no_heavy_library(args: list[str]) -> None:
    assert loaded_after(args) == []


def test_extracting_one_sentence_imports_no_web_or_array_library() -> None:
    assert loaded_after(["extract", "-"], stdin="Chile praised Peru on Monday.\n") == []


def test_extracting_as_json_lines_imports_no_rich(tmp_path: Path) -> None:
    # rich draws tables and styled lines; JSON output and a warm data cache need neither it
    # nor PyYAML. The first run fills the cache (a fresh machine parses the YAML once).
    probe = PROBE.replace("heavy = %r", "heavy = ('rich', 'yaml')")
    env_run = {"DYADS_CACHE_DIR": str(tmp_path)}

    def loaded() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", probe, "extract", "-"],
            input="Chile praised Peru in Lima on Monday.\n",
            capture_output=True,
            text=True,
            timeout=120,
            env=os.environ | env_run,
        )
        return sorted({n.split(".")[0] for n in json.loads(done.stdout.strip().splitlines()[-1])})

    assert loaded() == ["yaml"]  # cold cache: the packaged files are parsed once
    assert loaded() == []


def test_the_probe_sees_a_heavy_import(tmp_path: Path) -> None:
    # An ingest needs numpy (story ids) and DuckDB: the probe must see what a run imports.
    (tmp_path / "a.txt").write_text("Chile praised Peru on Monday.\n", encoding="utf-8")
    args = ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.duckdb"), "-q"]
    assert {"numpy", "duckdb"} <= set(loaded_after(args))
