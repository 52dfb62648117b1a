"""Shared, cheap fixtures. Objects are built by hand; the pipeline is loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "g7-naples.txt"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def actor_pipeline() -> Pipeline:
    return Pipeline(what="actors")


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seed/g7-naples.txt is not beside the project")
    return SEED.read_text(encoding="utf-8")
