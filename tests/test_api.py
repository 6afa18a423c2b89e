"""The HTTP API: every endpoint, every error path and the display modes, against a real index of the seeds."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import opencc
import pytest
from fastapi.testclient import TestClient

from tongwen.api.app import create_app
from tongwen.api.handle import SearcherHandle
from tongwen.api.settings import Settings
from tongwen.index.errors import IndexMissing, InvalidParameter
from tongwen.index.store import update_index

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TRADITIONAL_SEED = "000_aa450f02ddd20a6f.txt"
_t2s = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def client(seed_index):
    """A client of an app serving the seed index."""
    with TestClient(create_app(Settings(index_dir=seed_index, refresh_seconds=0))) as c:
        yield c


def _error(response, status: int, code: str) -> str:
    """Assert the JSON error shape and return its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]["message"]


def _marked(passage: dict) -> list[str]:
    """The highlighted substrings of a passage."""
    return [passage["text"][s:e] for s, e in passage["highlights"]]


def _seed_doc_id(client, name: str) -> str:
    """The id the index gave to the seed file called name."""
    ids = {r["doc_id"] for r in client.get("/search", params={"q": "海淀", "limit": 100}).json()["results"]}
    [doc_id] = [i for i in ids if i.endswith(name)]
    return doc_id


# --- /search -------------------------------------------------------------------------------------------------


def test_a_traditional_query_finds_documents_in_both_scripts_with_highlighted_passages(client):
    body = client.get("/search", params={"q": "中關村"}).json()
    assert body["query"] == "中關村"
    assert body["total"] == 5
    assert {r["script"] for r in body["results"]} >= {"hans", "hant"}
    for result in body["results"]:
        assert result["title"] and result["passages"]
        marked = [m for p in result["passages"] for m in _marked(p)]
        assert marked, result["doc_id"]
        assert all(_t2s.convert(m) == "中关村" for m in marked), marked


def test_passages_are_shown_as_each_document_wrote_them_by_default(client):
    body = client.get("/search", params={"q": "中关村", "display": "original"}).json()
    marks = {r["script"]: {m for p in r["passages"] for m in _marked(p)} for r in body["results"]}
    assert marks["hant"] == {"中關村"}
    assert marks["hans"] == {"中关村"}


# Characters that exist in one script only: none of them may survive a conversion to the other.
_ONLY_SIMPLIFIED = set("关区发产业国这为们时")
_ONLY_TRADITIONAL = set("關區發產業國這為們時")


@pytest.mark.parametrize("display, foreign", [("hans", _ONLY_TRADITIONAL), ("hant", _ONLY_SIMPLIFIED)])
def test_a_display_script_converts_every_passage_and_keeps_highlights_aligned(client, display, foreign):
    body = client.get("/search", params={"q": "中關村", "display": display}).json()
    assert body["total"] == 5
    expected_mark = "中关村" if display == "hans" else "中關村"
    for result in body["results"]:
        text = client.get(f"/documents/{result['doc_id']}").json()["text"]
        for passage in result["passages"]:
            original = text[passage["start"]:passage["end"]]
            assert len(passage["text"]) == len(original)
            assert _t2s.convert(passage["text"]) == _t2s.convert(original)
            assert not foreign & set(passage["text"]), passage["text"]
            assert _marked(passage) and set(_marked(passage)) == {expected_mark}


def test_paging_walks_through_all_results_without_repeats(client):
    first = client.get("/search", params={"q": "海淀", "limit": 2}).json()
    second = client.get("/search", params={"q": "海淀", "limit": 2, "offset": 2}).json()
    everything = client.get("/search", params={"q": "海淀", "limit": 100}).json()
    assert first["limit"] == 2 and first["offset"] == 0 and second["offset"] == 2
    assert len(first["results"]) == 2 and first["total"] == second["total"] == everything["total"] == 5
    ids = [r["doc_id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 4
    assert ids == [r["doc_id"] for r in everything["results"][:4]]


def test_an_offset_past_the_end_is_an_empty_page_not_an_error(client):
    body = client.get("/search", params={"q": "海淀", "offset": 50}).json()
    assert body["total"] == 5 and body["results"] == []


def test_matching_any_term_finds_at_least_what_matching_all_terms_finds(client):
    query = "中關村 孵化"
    every = client.get("/search", params={"q": query, "match": "all", "limit": 100}).json()
    some = client.get("/search", params={"q": query, "match": "any", "limit": 100}).json()
    assert {r["doc_id"] for r in every["results"]} <= {r["doc_id"] for r in some["results"]}
    assert some["total"] >= every["total"]


def test_a_script_filter_keeps_only_documents_in_that_script(client):
    body = client.get("/search", params={"q": "海淀", "script": "hant"}).json()
    assert body["total"] == 1
    assert [r["doc_id"] for r in body["results"]] == [_seed_doc_id(client, TRADITIONAL_SEED)]


def test_a_query_nothing_matches_is_an_empty_result(client):
    body = client.get("/search", params={"q": "zebraquokka"}).json()
    assert body["total"] == 0 and body["results"] == []


def test_chinese_in_responses_is_utf8_json(client):
    response = client.get("/search", params={"q": "中关村", "limit": 1})
    assert response.headers["content-type"] == "application/json"
    assert "中" in response.content.decode("utf-8")


# --- /search errors ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "中" * 1001}, "q"),
        ({"q": "海淀", "limit": 0}, "limit"),
        ({"q": "海淀", "limit": 101}, "limit"),
        ({"q": "海淀", "limit": "ten"}, "limit"),
        ({"q": "海淀", "offset": -1}, "offset"),
        ({"q": "海淀", "match": "most"}, "match"),
        ({"q": "海淀", "display": "pinyin"}, "display"),
        ({"q": "海淀", "script": "cyrillic"}, "script"),
        ({"q": "海淀", "year": "last"}, "year"),
        ({"q": "海淀", "year": "2020..2016"}, "year"),
        ({"q": "海淀 year:20160"}, "year"),
        ({"q": "海淀 script:latn"}, "script"),
    ],
)
def test_a_bad_parameter_is_a_422_that_names_the_parameter(client, params, parameter):
    message = _error(client.get("/search", params=params), 422, "invalid_parameter")
    assert message.startswith(f"{parameter}:"), message


def test_the_longest_allowed_query_is_answered(client):
    response = client.get("/search", params={"q": "中" * 1000})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        # Allowed length, but the searcher may still refuse to expand it.
        assert response.json()["error"]["code"] == "query_too_expensive"


def test_a_blank_query_is_refused_by_the_searcher_with_its_own_message(client):
    _error(client.get("/search", params={"q": "   "}), 422, "invalid_parameter")


def test_a_query_that_cannot_be_parsed_is_a_400(client):
    message = _error(client.get("/search", params={"q": '"中關村'}), 400, "query_syntax")
    assert message


# --- /documents/{doc_id} --------------------------------------------------------------------------------------


def test_a_document_is_returned_whole_and_its_passages_are_slices_of_its_text(client):
    hit = client.get("/search", params={"q": "中關村", "limit": 1}).json()["results"][0]
    doc = client.get(f"/documents/{hit['doc_id']}").json()
    assert doc["doc_id"] == hit["doc_id"] and doc["title"] == hit["title"] and doc["script"] == hit["script"]
    for passage in hit["passages"]:
        assert doc["text"][passage["start"]:passage["end"]] == passage["text"]
    for section in doc["sections"]:
        assert doc["text"][section["start"]:section["end"]] == section["text"]


def test_a_document_id_with_slashes_is_found(tmp_path):
    corpus = tmp_path / "corpus" / "reports" / "2021"
    corpus.mkdir(parents=True)
    (corpus / "plan.txt").write_text("海淀區創新規劃\n\n中關村科學城建設方案。\n", encoding="utf-8")
    update_index([tmp_path / "corpus"], tmp_path / "index")
    with TestClient(create_app(Settings(index_dir=tmp_path / "index", refresh_seconds=0))) as c:
        [hit] = c.get("/search", params={"q": "科学城"}).json()["results"]
        assert "/" in hit["doc_id"]
        doc = c.get(f"/documents/{hit['doc_id']}")
        assert doc.status_code == 200 and "中關村科學城" in doc.json()["text"]


def test_a_document_whose_file_name_holds_a_line_break_is_found(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "new\nline.txt").write_text("海淀區創新規劃\n\n中關村科學城建設方案。\n", encoding="utf-8")
    update_index([corpus], tmp_path / "index")
    with TestClient(create_app(Settings(index_dir=tmp_path / "index", refresh_seconds=0))) as c:
        [hit] = c.get("/search", params={"q": "科学城"}).json()["results"]
        assert hit["doc_id"] == "new\nline.txt"
        doc = c.get("/documents/new%0Aline.txt")
        assert doc.status_code == 200 and "中關村科學城" in doc.json()["text"]
        _error(c.get("/documents/new%0Aline.txt/more"), 404, "not_found")


def test_a_law_s_article_is_where_its_passages_say_and_an_article_not_there_is_a_404(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "law.txt").write_text("某某管理法\n\n第一章 总则\n\n第一条 为了规范管理，制定本法。\n\n第十七條 軟體應當登記。\n\n"
                                    "第十八条 本法自公布之日起施行。\n", encoding="utf-8")
    update_index([corpus], tmp_path / "index")
    with TestClient(create_app(Settings(index_dir=tmp_path / "index", refresh_seconds=0))) as c:
        doc = c.get("/documents/law.txt", params={"article": "第17条", "q": "软件"}).json()
        assert [doc["text"][p["start"]:p["end"]] for p in doc["passages"]] == ["第十七條 軟體應當登記。"]
        assert [doc["text"][s:e] for s, e in doc["highlights"]] == ["軟體"]
        assert len(c.get("/documents/law.txt").json()["passages"]) > 1
        _error(c.get("/documents/law.txt", params={"article": "第九十九条"}), 404, "not_found")
        _error(c.get("/documents/law.txt", params={"article": "总则"}), 422, "invalid_parameter")


def test_an_unknown_document_is_a_404(client):
    _error(client.get("/documents/no/such/document.txt"), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        "/documents/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/documents/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/documents//etc/passwd",
        "/documents/%2Fetc%2Fpasswd",
        "/documents/" + str(SEEDS / TRADITIONAL_SEED),
        "/documents/../pyproject.toml",
    ],
)
def test_a_document_id_is_never_opened_as_a_file(client, path):
    response = client.get(path)
    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "not_found"
    assert "root:" not in response.text and "海淀" not in response.text


# --- /health and /stats ----------------------------------------------------------------------------------------


def test_health_is_ok_while_the_index_is_readable(client):
    assert client.get("/health").json() == {"status": "ok", "documents": 5}


def test_stats_describe_the_index(client):
    stats = client.get("/stats").json()
    assert stats["documents"] == 5
    assert stats["passages"] >= 5 and stats["size_bytes"] > 0
    assert stats["built_at"] and stats["pipeline_version"] and stats["dictionary_version"]


def test_a_server_opens_its_index_before_its_first_request(tmp_path, write_corpus, monkeypatch):
    corpus = write_corpus({"a.txt": "海淀區\n\n中關村。\n"})
    update_index([corpus], tmp_path / "index")
    opened = []
    handle_get = SearcherHandle.get
    monkeypatch.setattr(SearcherHandle, "get", lambda self: opened.append(1) or handle_get(self))
    with TestClient(create_app(Settings(index_dir=tmp_path / "index", refresh_seconds=3600))) as c:
        assert opened and c.app.state.searchers._searcher is not None  # opened at start, no request made yet
        assert c.get("/search", params={"q": "中关村"}).json()["total"] == 1


def test_without_an_index_every_endpoint_but_the_page_is_a_503_until_one_is_written(tmp_path):
    index_dir = tmp_path / "index"
    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=0))) as c:
        for path in ("/health", "/stats", "/search?q=海淀", "/documents/a.txt"):
            _error(c.get(path), 503, "index_missing")
        assert c.get("/").status_code == 200
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "a.txt").write_text("海淀區\n\n中關村。\n", encoding="utf-8")
        update_index([corpus], index_dir)
        assert c.get("/health").json() == {"status": "ok", "documents": 1}


def test_an_index_built_by_another_pipeline_version_is_a_503_that_says_to_rebuild(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("海淀區\n\n中關村。\n", encoding="utf-8")
    update_index([corpus], tmp_path / "index")
    for manifest in (tmp_path / "index").glob("*/manifest.json"):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["pipeline_version"] = "0-older"
        manifest.write_text(json.dumps(data), encoding="utf-8")
    with TestClient(create_app(Settings(index_dir=tmp_path / "index", refresh_seconds=0))) as c:
        _error(c.get("/health"), 503, "index_version")
        _error(c.get("/search", params={"q": "海淀"}), 503, "index_version")


# --- framework errors ------------------------------------------------------------------------------------------


def test_an_unknown_route_is_a_json_404(client):
    assert "/nowhere" in _error(client.get("/nowhere"), 404, "not_found")


def test_a_wrong_method_is_a_json_405_that_says_which_method_is_allowed(client):
    response = client.post("/search", params={"q": "海淀"})
    assert "GET" in _error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET"


def test_an_unexpected_exception_is_a_generic_500_and_is_logged(seed_index, caplog):
    app = create_app(Settings(index_dir=seed_index))

    @app.get("/explode")
    def explode() -> None:
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as c, caplog.at_level(logging.ERROR, "tongwen.api"):
        response = c.get("/explode")
    message = _error(response, 500, "internal")
    assert "secret" not in message and "Traceback" not in response.text
    assert any("secret internal detail" in (r.exc_text or "") for r in caplog.records)


# --- page and schema -------------------------------------------------------------------------------------------


def test_the_search_page_and_its_assets_are_served_with_a_strict_content_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<input id="q"' in page.text
    for asset, kind in (("/static/app.js", "javascript"), ("/static/style.css", "text/css")):
        response = client.get(asset)
        assert response.status_code == 200 and kind in response.headers["content-type"]


def test_the_openapi_schema_documents_every_endpoint_and_its_errors(client):
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/search", "/documents/{doc_id}", "/health", "/stats"}
    search = schema["paths"]["/search"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {"q", "limit", "offset", "match", "display", "type"}
    assert {"200", "400", "422", "503"} <= set(search["responses"])
    assert "ErrorResponse" in json.dumps(search["responses"]["422"])
    assert client.get("/docs").status_code == 200


def test_the_openapi_schema_carries_the_result_fields_descriptions_and_a_span_is_two_numbers(client):
    shapes = client.get("/openapi.json").json()["components"]["schemas"]
    passage = shapes["Passage"]["properties"]
    assert passage["start"]["description"] == "Code-point offset of the passage in the document text."
    assert passage["highlights"]["items"] == {"type": "array", "items": {"type": "integer"}, "minItems": 2,
                                              "maxItems": 2}
    assert "every match" in shapes["SearchPage"]["properties"]["facets"]["description"]
    assert shapes["Stats"]["properties"]["readers_current"]["type"] == "boolean"


# --- settings and the searcher handle --------------------------------------------------------------------------


def test_settings_come_from_the_environment():
    settings = Settings.from_env({"TONGWEN_INDEX": "/srv/idx", "TONGWEN_REFRESH_SECONDS": "2"})
    assert settings == Settings(index_dir=Path("/srv/idx"), refresh_seconds=2.0)
    assert Settings.from_env({"TONGWEN_INDEX": "/srv/idx"}, index_dir=Path("/x")).index_dir == Path("/x")


@pytest.mark.parametrize("raw", ["soon", "-1", "nan"])
def test_a_bad_refresh_interval_is_refused(raw):
    with pytest.raises(InvalidParameter, match="TONGWEN_REFRESH_SECONDS"):
        Settings.from_env({"TONGWEN_REFRESH_SECONDS": raw})


class _RecordingSearcher:
    """Counts refreshes; fails them when told to."""

    def __init__(self) -> None:
        self.refreshes = 0
        self.fail = False

    def refresh(self) -> None:
        self.refreshes += 1
        if self.fail:
            raise IndexMissing("generation vanished")


def test_the_handle_opens_once_and_refreshes_at_most_once_per_interval():
    now = [100.0]
    opened = []

    def opener(path: Path) -> _RecordingSearcher:
        opened.append(path)
        return _RecordingSearcher()

    handle = SearcherHandle(Path("idx"), 0.5, opener=opener, clock=lambda: now[0])
    first = handle.get()
    assert handle.get() is first and first.refreshes == 0
    now[0] += 0.6
    handle.get()
    handle.get()
    assert first.refreshes == 1 and opened == [Path("idx")]


def test_a_failed_refresh_keeps_serving_the_open_searcher():
    searcher = _RecordingSearcher()
    searcher.fail = True
    handle = SearcherHandle(Path("idx"), 0, opener=lambda p: searcher)
    assert handle.get() is searcher
    assert handle.get() is searcher and searcher.refreshes == 1


def test_the_handle_retries_opening_until_an_index_exists():
    attempts = []

    def opener(path: Path):
        attempts.append(path)
        if len(attempts) == 1:
            raise IndexMissing("not yet")
        return _RecordingSearcher()

    handle = SearcherHandle(Path("idx"), 0, opener=opener)
    with pytest.raises(IndexMissing):
        handle.get()
    assert isinstance(handle.get(), _RecordingSearcher)


# --- sorting, the document view, links ----------------------------------------------------------------------


def _dated_corpus(write_corpus):
    notice = "北京市海淀区人民政府关于推进湿地公园建设的通知\n\n海政发〔{y}〕{n}号\n\n湿地公园建设要求。\n\n北京市海淀区人民政府\n\n{y}年5月{n}日"
    return write_corpus({
        "a.txt": notice.format(y=2015, n=1), "b.txt": notice.format(y=2019, n=2), "c.txt": notice.format(y=2017, n=3),
        "undated.txt": "湿地公园建设要求，湿地公园，湿地公园。",
    })


def test_sort_by_date_orders_newest_or_oldest_first_with_undated_documents_last_and_stable_pages(
        tmp_path, write_corpus):
    index_dir = tmp_path / "index"
    update_index([_dated_corpus(write_corpus)], index_dir)
    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=0))) as c:
        def ids(**params):
            return [r["doc_id"] for r in c.get("/search", params={"q": "湿地公园", **params}).json()["results"]]

        assert ids(sort="date") == ["b.txt", "c.txt", "a.txt", "undated.txt"]
        assert ids(sort="-date") == ["a.txt", "c.txt", "b.txt", "undated.txt"]
        assert ids()[0] == "undated.txt"  # relevance: the most occurrences
        paged = [d for offset in range(4) for d in ids(sort="date", limit=1, offset=offset)]
        assert paged == ids(sort="date")
        _error(c.get("/search", params={"q": "湿地", "sort": "size"}), 422, "invalid_parameter")


def test_sort_by_revised_orders_by_the_date_of_the_text_as_it_stands_a_law_s_latest_revision_where_it_has_one(
        tmp_path, write_corpus):
    articles = "".join(f"\n\n第{n}条 本市的湿地公园保护和利用，适用本条例第{n}项规定。" for n in "二三四五六七八")
    law = "北京市{name}条例\n\n{history}\n\n第一章 总则\n\n第一条 为了加强湿地公园保护，制定本条例。" + articles
    corpus = write_corpus({
        "a.txt": law.format(name="湿地", history="1996年3月17日北京市第十届人民代表大会常务委员会第四次会议通过\n\n"
                                                  "2021年1月22日北京市第十五届人民代表大会常务委员会第二十五次会议修订"),
        "b.txt": law.format(name="园林", history="2019年5月10日北京市第十五届人民代表大会常务委员会第十二次会议通过"),
        "c.txt": law.format(name="水务", history="2010年3月1日北京市第十三届人民代表大会常务委员会第十六次会议通过\n\n"
                                                  "2015年7月24日北京市第十四届人民代表大会常务委员会第二十次会议修正"),
        "undated.txt": "湿地公园保护要求，湿地公园保护，湿地公园保护。",
    })
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=0))) as c:
        def ids(**params):
            return [r["doc_id"] for r in c.get("/search", params={"q": "湿地公园保护", **params}).json()["results"]]

        assert ids(sort="date") == ["b.txt", "c.txt", "a.txt", "undated.txt"]
        assert ids(sort="revised") == ["a.txt", "b.txt", "c.txt", "undated.txt"]
        assert ids(sort="-revised") == ["c.txt", "b.txt", "a.txt", "undated.txt"]
        paged = [d for offset in range(4) for d in ids(sort="revised", limit=1, offset=offset)]
        assert paged == ids(sort="revised")


def test_a_document_with_a_query_marks_every_match_in_its_whole_text_in_the_chosen_script(client):
    doc_id = _seed_doc_id(client, "004_61be5e8a0eccf6bc.txt")
    body = client.get(f"/documents/{doc_id}", params={"q": "中關村 OR 軟體", "display": "hant"}).json()
    marked = {body["text"][s:e] for s, e in body["highlights"]}
    # 软件 in Traditional characters (the regional word matched); adjacent matches are one span.
    assert {"中關村", "軟件"} <= marked
    assert all(not m.replace("中關村", "").replace("軟件", "") for m in marked), marked
    assert len(body["highlights"]) > 10
    assert body["passages"][0]["start"] == 0 and all(p["end"] <= len(body["text"]) for p in body["passages"])
    plain = client.get(f"/documents/{doc_id}").json()
    assert plain["highlights"] == [] and len(plain["text"]) == len(body["text"])
    _error(client.get(f"/documents/{doc_id}", params={"q": '"abc'}), 400, "query_syntax")


def test_a_link_to_a_file_outside_the_folder_is_not_indexed_or_served_unless_asked(tmp_path, write_corpus):
    secret = write_corpus({"secret.txt": "机密文件：湿地公园的内部评估。"}, tmp_path / "private")
    corpus = write_corpus({"own.txt": "湿地公园建设要求。"}, tmp_path / "shared")
    (corpus / "peek.txt").symlink_to(secret / "secret.txt")
    (corpus / "inside.txt").symlink_to(corpus / "own.txt")
    index_dir = tmp_path / "index"
    warnings: list[str] = []
    update_index([corpus], index_dir, warn=warnings.append)
    assert warnings == ["peek.txt: a link to a place outside the folders given; skipped (--follow-symlinks indexes it)"]
    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=0))) as c:
        assert [r["doc_id"] for r in c.get("/search", params={"q": "湿地公园"}).json()["results"]] == ["inside.txt"]
        _error(c.get("/documents/peek.txt"), 404, "not_found")
        _error(c.get("/documents/" + str(secret / "secret.txt")), 404, "not_found")
    update_index([corpus], tmp_path / "opted", follow_symlinks=True)
    with TestClient(create_app(Settings(index_dir=tmp_path / "opted", refresh_seconds=0))) as c:
        assert "机密文件" in c.get("/documents/peek.txt").json()["text"]


def test_deeply_nested_and_very_wide_queries_are_4xx_never_5xx(client, monkeypatch):
    message = _error(client.get("/search", params={"q": "(" * 250 + "海淀" + ")" * 250}), 400, "query_syntax")
    assert "nested deeper than" in message
    _error(client.get("/search", params={"q": "NOT " * 60 + "海淀"}), 400, "query_syntax")
    wide = " OR ".join("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种")
    monkeypatch.setenv("TONGWEN_QUERY_MAX_POSTINGS", "2000")
    message = _error(client.get("/search", params={"q": wide}), 422, "query_too_expensive")
    assert "postings" in message
    assert client.get("/search", params={"q": "中关村科学城"}).status_code == 200  # an ordinary query still answers


@pytest.mark.parametrize("url", ["/health", "/search?q=海淀", "/", "/read?id=x", "/static/style.css", "/stats",
                                 "/documents/002_030fefaba4a1df5d.txt", "/nothing-here", "/search?q=title:"])
def test_head_answers_as_get_with_the_headers_only(client, url):
    # Uptime and link checkers ask with HEAD; a 405 there reads as a server down.
    got, head = client.get(url), client.head(url)
    assert head.status_code == got.status_code
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    # A search's took_ms may take another digit or two from one request to the next.
    assert abs(int(head.headers["content-length"]) - int(got.headers["content-length"])) <= (8 if "q=" in url else 0)


def test_a_method_the_api_does_not_serve_is_still_refused(client):
    assert _error(client.post("/search?q=海淀"), 405, "method_not_allowed")
    assert _error(client.delete("/documents/x"), 405, "method_not_allowed")
