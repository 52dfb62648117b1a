"""schemathesis over the app's own OpenAPI spec, in process (ASGI): generated requests to
every operation; no 5xx, every answer matching its documented schema, status and headers.

Examples are bounded (DYADS_SCHEMATHESIS_EXAMPLES, default 15 an operation) so that this runs
in well under a minute; ``make fuzz`` raises the number.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from dyads.api import create_app  # noqa: E402
from dyads.api.store_access import Limits  # noqa: E402
from dyads.runs.ingest import ingest  # noqa: E402

from .conftest import write_corpus  # noqa: E402

EXAMPLES = int(os.environ.get("DYADS_SCHEMATHESIS_EXAMPLES", "15"))


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("schemathesis")
    db = folder / "events.duckdb"
    ingest([str(write_corpus(folder / "in", 10))], store=db)
    # Small text limit: posted texts are coded live, and generated ones can be long.
    app = create_app(Path(db), limits=Limits(rate_per_s=0, max_text=2_000), cache=0)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_api_keeps_its_openapi_promises(api_schema: Any) -> None:
    # schemathesis' own pytest plugin does not load under pytest 9, so each operation's
    # strategy is driven by Hypothesis here: the same checks, case.call_and_validate().
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            # Cursors are opaque: a schema-valid string this server never gave out is a 400.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        try:
            check()
        except (Exception, BaseExceptionGroup) as err:  # report every failing operation
            failures.append(f"{operation.label}: {str(err)[:2000]}")
    assert not failures, "\n\n".join(failures)
