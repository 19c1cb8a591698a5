"""The API keeps the promises of its OpenAPI description (``/api/openapi.json``), whatever it is sent.

schemathesis generates requests from the description, fitting it (positive) and not
(negative), for every operation, and calls the Flask app in-process (WSGI): no response is
a 5xx, and every response matches the status codes, content types and schemas described.

(``schemathesis.pytest.from_fixture`` fails under pytest 9 in schemathesis 4.32 — it sets
``request.node._nodeid`` — so each operation's hypothesis strategy is driven directly.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from search.config import load_settings
from search.ingest import ingest
from tests.robustness.conftest import make_app, make_corpus

EXAMPLES_PER_OPERATION = 60
#: "No 5xx, and every response as described." Left out: schemathesis's checks that schema-valid requests
#: succeed and schema-invalid ones fail; a query the parser refuses is a described 400, an empty
#: parameter counts as absent, and a schema cannot say which queries parse.
PROMISES = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, engine):
    base: Path = tmp_path_factory.mktemp("schema")
    settings_ = load_settings(make_corpus(base / "corpus", 4), base / "index")
    ingest(settings_)
    return schemathesis.openapi.from_wsgi("/api/openapi.json", make_app(settings_))


def exercise(operation, mode: GenerationMode) -> int:
    """Call ``operation`` with generated cases, validating each response; returns how many were made."""
    calls = 0

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case) -> None:
        nonlocal calls
        calls += 1
        case.call_and_validate(checks=PROMISES)

    try:
        call()
    except Unsatisfiable:  # nothing the description forbids can be sent (a free-text path segment, no parameters)
        assert mode == GenerationMode.NEGATIVE
    return calls


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_keeps_its_described_promises(api_schema, mode: GenerationMode) -> None:
    failures: dict[str, str] = {}
    calls: dict[str, int] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            calls[operation.label] = exercise(operation, mode)
        except Exception as failure:  # noqa: BLE001 - collected per operation, reported together
            failures[operation.label] = str(failure)[:3000]
    print(f"\n{mode}: requests per operation {calls}")
    assert len(calls) + len(failures) >= 5
    assert failures == {}
