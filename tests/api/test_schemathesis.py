"""Property-based requests from the OpenAPI spec (schemathesis) against the app holding the
example registry: no input, valid or not, gives a server error, and every response conforms
to the documented status codes, content types and schemas. Writes go to a private copy."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from .conftest import AUTH, TOKEN
from .registry import copy_of

# examples per operation: enough to reach every parameter and the error paths, while the
# whole run stays within a minute or two
EXAMPLES_PER_OPERATION = 25
# An uploaded file is judged by reading it (empty, binary junk, a zip bomb: 422 with the
# reason); no schema can say which bytes make a readable document.
CONTENT_JUDGED_BY_READING = {("POST", "/api/documents")}


@pytest.fixture(scope="module")
def api_schema(registry_db, tmp_path_factory):
    from citypact.api import create_app

    db = copy_of(Path(registry_db), tmp_path_factory.mktemp("schemathesis"))
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db, TOKEN))


def test_no_server_error_and_responses_match_the_spec(api_schema):
    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            excluded = [positive_data_acceptance] if (case.method.upper(), case.path) in CONTENT_JUDGED_BY_READING else []
            case.call_and_validate(headers=AUTH, excluded_checks=excluded)

        try:
            check()
        except Exception as exc:  # noqa: BLE001 - gather every operation's failure, then report all
            failures.append(f"{operation.method.upper()} {operation.path}: {type(exc).__name__}: {str(exc)[:600]}")
    assert operations >= 10
    assert not failures, "\n\n".join(failures)
