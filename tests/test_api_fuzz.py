"""No input makes the API fail: random queries by Hypothesis, random requests by Schemathesis from /openapi.json."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongwen.api.app import create_app
from tongwen.api.settings import Settings


@pytest.fixture(scope="module")
def app(seed_index):
    """The app over the session's seed index (conftest.py)."""
    return create_app(Settings(index_dir=seed_index, refresh_seconds=0))


@pytest.fixture(scope="module")
def client(app):
    # raise_server_exceptions: an exception reaching the last-resort handler fails the test outright.
    with TestClient(app) as c:
        yield c


# Pieces a person (or an attacker) puts in a search box: both scripts, English terms, query operators and
# punctuation a parser might choke on.
_FRAGMENTS = st.sampled_from(
    [
        "中關村", "中关村", "海淀", "高新技術企業", "GDP", "RISC-V", "5G", "AND", "OR", "NOT", "-", "+", "*", "?",
        '"', "'", "“", "”", "「", "」", "(", ")", "[", "]", "{", "}", ":", "~", "^", "\\", "/", "title:", "doc_id:",
        "%", "&", "<script>", "\x00", "\u3000", " ", "\n", "\t", "𠀀", "\ufeff", "\u200b", "\ue000",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=40),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=6)), max_size=25).map("".join),
    st.lists(_FRAGMENTS, min_size=1, max_size=400).map(" ".join),
    st.text(min_size=990, max_size=1100),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERIES, match=st.sampled_from(["all", "any"]), display=st.sampled_from(["original", "hans", "hant"]))
def test_no_query_string_yields_a_server_error_and_every_answer_is_json(client, q, match, display):
    response = client.get("/search", params={"q": q, "match": match, "display": display, "limit": 5})
    assert response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200:
        assert body["total"] >= len(body["results"])
        for result in body["results"]:
            for passage in result["passages"]:
                for start, end in passage["highlights"]:
                    assert 0 <= start < end <= len(passage["text"])
    else:
        assert response.status_code in (400, 422), body
        assert set(body["error"]) == {"code", "message"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc_id=st.one_of(st.text(max_size=80), st.lists(st.sampled_from(["..", ".", "", "etc", "passwd", "%2e"]),
                                                        max_size=8).map("/".join)))
def test_no_document_id_yields_a_server_error(client, doc_id):
    # Every character escaped, dots too, so the id reaches the server as generated and no client normalizes it.
    response = client.get("/documents/" + quote(doc_id, safe="").replace(".", "%2E"))
    assert response.status_code in (200, 404, 422), response.text
    assert response.headers["content-type"].startswith("application/json")


# A schema-valid query can still be one the query language refuses: an unclosed bracket (400), only blanks or
# only negated terms (422). Everywhere else the default holds: valid data must be accepted.
FUZZ_CONFIG = """
[[operations]]
include-path = "/search"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "422"]
"""


@pytest.fixture(scope="module")
def api_schema(app):
    """The app's own OpenAPI schema, calling the app in-process."""
    config = schemathesis.config.SchemathesisConfig.from_str(FUZZ_CONFIG)
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_its_openapi_schema(case):
    case.call_and_validate()
