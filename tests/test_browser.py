"""The search page in a real headless Chromium, served by a real `tongwen serve` process."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.benchmarks.tongwen_bench import stop_server
from tongwen.index.store import update_index

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = Path(os.environ.get("TONGWEN_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("TONGWEN_CHROMEDRIVER", "/usr/bin/chromedriver"))
WAIT_SECONDS = 30
# Screenshots are kept as test artifacts here (CI can collect the folder); git ignores it.
ARTIFACTS = Path(os.environ.get("TONGWEN_ARTIFACTS", Path(__file__).resolve().parent / "artifacts")) / "browser"


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    reason = f"needs Chromium at {CHROMIUM} and chromedriver at {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
    if os.environ.get("CI", "").lower() == "true":
        # In CI a missing browser is a broken setup, not a reason to skip.
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(process: subprocess.Popen, base: str, log: Path) -> None:
    """Until the server at ``base`` answers /health with 200 (its log is shown if it dies first)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "tongwen serve did not become healthy"
        time.sleep(0.1)


@contextmanager
def serving(tongwen_command: list[str], index_dir: Path, log_path: Path, *options: str,
            env: dict | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """`tongwen serve` over ``index_dir`` on a free loopback port, healthy: (its process, its base URL); stopped
    (killed if it will not end) when the block ends. Its output goes to ``log_path``."""
    port = _free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen([*tongwen_command, "serve", "--index", str(index_dir), "--host", "127.0.0.1",
                                    "--port", str(port), *options], stdout=log, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(process, base, log_path)
            yield process, base
        finally:
            stop_server(process, timeout=15)


@pytest.fixture(scope="module")
def served(tmp_path_factory, tongwen_command):
    """`tongwen serve` over the seeds plus one hostile document, on a free loopback port."""
    root = tmp_path_factory.mktemp("browser")
    corpus = root / "corpus"
    corpus.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "hostile.txt").write_text(
        "藍藻報告 <script>window.__tongwenInjected = 1</script>\n\n"
        '藍藻實驗室 <img src=x onerror="window.__tongwenInjected = 2"> 的建設。\n',
        encoding="utf-8",
    )
    for n in range(1, 13):
        (corpus / f"lab-{n:02d}.txt").write_text(f"苔蘚簡報第{n}期\n\n苔蘚標本室第{n}號。\n", encoding="utf-8")
    # Notices with metadata, for facets, sorting and the document view: two agencies, three years, two types.
    for n, (agency, short, year, kind) in enumerate([
        ("北京市海淀区人民政府", "海政发", 2015, "通知"), ("北京市海淀区人民政府", "海政发", 2016, "意见"),
        ("北京市朝阳区人民政府", "朝政发", 2016, "通知"), ("北京市朝阳区人民政府", "朝政发", 2017, "通知"),
    ]):
        body = "\n\n".join(
            [f"{agency}关于推进湿地公园建设的{kind}", f"{short}〔{year}〕{n + 1}号", "各有关单位："]
            + [f"第{i}段：湿地公园是城市生态的重要部分，应当加强保护，推进建设。" + "规划与管理并重。" * 30
               for i in range(1, 9)]
            + [agency, f"{year}年3月{n + 1}日"]
        )
        (corpus / f"notice-{n}.txt").write_text(body, encoding="utf-8")
    index_dir = root / "index"
    update_index([corpus], index_dir)
    with serving(tongwen_command, index_dir, root / "serve.log") as (_, base):
        yield base


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium with a fresh profile and nothing that reaches the network."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1200,1400",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def _search(driver, query: str) -> None:
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query, Keys.ENTER)


def _texts(driver, css: str) -> list[str]:
    """Texts of the elements matching css, read in one go (the page may re-render between two reads)."""
    script = "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent)"
    return driver.execute_script(script, css)


def _wait_for_results(driver) -> None:
    """Until the page shows results, an empty state or an error."""
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script(
            "return document.getElementById('results').getAttribute('aria-busy') === 'false' && "
            "(document.querySelector('#result-list .result') !== null || !document.getElementById('error').hidden)"
        )
    )


def test_a_traditional_query_shows_highlighted_simplified_passages(served, browser, tmp_path):
    browser.get(served + "/")
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    _search(browser, "中關村")
    _wait_for_results(browser)
    WebDriverWait(browser, WAIT_SECONDS).until(ec.url_contains("q="))

    marks = _texts(browser, "#result-list mark")
    assert "中关村" in marks, marks
    assert "中關村" in marks, marks
    assert browser.find_elements(By.CSS_SELECTOR, ".result-title")[0].text
    assert browser.find_element(By.ID, "status").text.startswith("5 results")
    browser.save_screenshot(str(_artifact("search.png")))

    # The script switch re-renders every passage in Traditional; the back button returns to the original.
    browser.find_element(By.CSS_SELECTOR, "label[for=display-hant]").click()
    WebDriverWait(browser, WAIT_SECONDS).until(ec.url_contains("display=hant"))
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: set(_texts(d, "#result-list mark")) == {"中關村"}
    )
    browser.back()
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: "中关村" in _texts(d, "#result-list mark")
    )
    assert browser.find_element(By.ID, "display-original").is_selected()


def test_the_page_is_usable_at_phone_width(served, browser, tmp_path):
    browser.set_window_size(390, 844)
    browser.get(served + "/?q=" + "海淀")
    _wait_for_results(browser)
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    browser.save_screenshot(str(_artifact("phone.png")))


def test_document_markup_is_shown_as_text_and_never_runs(served, browser, tmp_path):
    browser.get(served + "/?q=蓝藻")
    _wait_for_results(browser)
    page_text = browser.find_element(By.ID, "result-list").text
    assert "<script>" in page_text or "<img" in page_text, page_text
    assert browser.execute_script("return window.__tongwenInjected === undefined")
    assert not browser.find_elements(By.CSS_SELECTOR, "#result-list script, #result-list img")


def test_a_query_without_results_and_an_error_are_explained(served, browser):
    browser.get(served + "/?q=zebraquokka")
    _wait_for_results(browser)
    assert "No results" in browser.find_element(By.CSS_SELECTOR, ".result-empty").text
    browser.get(served + "/?q=" + "中" * 1001)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_element(By.ID, "error").is_displayed())
    assert "q:" in browser.find_element(By.ID, "error").text


def test_paging_moves_through_results_and_back(served, browser):
    browser.get(served + "/?q=苔蘚")
    _wait_for_results(browser)
    assert "Page 1 of 2" in browser.find_element(By.ID, "page-info").text
    first = _texts(browser, ".doc-id")
    assert len(first) == 10 and not browser.find_element(By.ID, "prev").is_enabled()

    browser.find_element(By.ID, "next").click()
    WebDriverWait(browser, WAIT_SECONDS).until(ec.url_contains("offset=10"))
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: _texts(d, "#page-info") == ["Page 2 of 2"])
    second = _texts(browser, ".doc-id")
    assert len(second) == 2 and not set(first) & set(second)
    assert not browser.find_element(By.ID, "next").is_enabled()

    browser.back()
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: _texts(d, ".doc-id") == first
    )


def _notices(driver) -> list[str]:
    return [t for t in _texts(driver, ".doc-id") if t.startswith("notice-")]


def test_facets_narrow_by_two_fields_and_a_chip_removes_one(served, browser, tmp_path):
    browser.get(served + "/?q=湿地公园")
    _wait_for_results(browser)
    assert sorted(_notices(browser)) == ["notice-0.txt", "notice-1.txt", "notice-2.txt", "notice-3.txt"]
    years = dict(zip(_texts(browser, "[data-facet=year] .facet-name"), _texts(browser, "[data-facet=year] .facet-count")))
    assert years == {"2017": "1", "2016": "2", "2015": "1"}

    browser.find_element(By.CSS_SELECTOR, "[data-facet=year] [data-value='2016']").click()
    WebDriverWait(browser, WAIT_SECONDS).until(ec.url_contains("year=2016"))
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: sorted(_notices(d)) == ["notice-1.txt", "notice-2.txt"])
    browser.find_element(By.CSS_SELECTOR, "[data-facet=type] [data-value='通知']").click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: _notices(d) == ["notice-2.txt"])
    assert "type=" in browser.current_url and "year=2016" in browser.current_url
    chips = _texts(browser, "#chips .chip")
    assert len(chips) == 2 and any("2016" in c for c in chips) and any("通知" in c for c in chips)
    browser.save_screenshot(str(_artifact("facets.png")))

    # The URL reproduces the view in a fresh page.
    url = browser.current_url
    browser.get("about:blank")
    browser.get(url)
    _wait_for_results(browser)
    assert _notices(browser) == ["notice-2.txt"] and len(_texts(browser, "#chips .chip")) == 2

    browser.find_element(By.CSS_SELECTOR, "#chips [data-filter=year]").click()
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: sorted(_notices(d)) == ["notice-0.txt", "notice-2.txt", "notice-3.txt"]
    )
    assert "year=" not in browser.current_url and len(_texts(browser, "#chips .chip")) == 1
    browser.back()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: _notices(d) == ["notice-2.txt"])


def test_sorting_by_date_puts_the_newest_or_the_oldest_first(served, browser):
    browser.get(served + "/?q=湿地公园")
    _wait_for_results(browser)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, "sort")).select_by_value("date")
    WebDriverWait(browser, WAIT_SECONDS).until(ec.url_contains("sort=date"))
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: _notices(d) == ["notice-3.txt", "notice-2.txt", "notice-1.txt", "notice-0.txt"]
    )
    dates = _texts(browser, ".meta-date")
    assert dates[:2] == ["2017-03-04", "2016-03-03"]
    Select(browser.find_element(By.ID, "sort")).select_by_value("-date")
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: _notices(d) == ["notice-0.txt", "notice-1.txt", "notice-2.txt", "notice-3.txt"]
    )
    assert browser.find_element(By.ID, "sort").get_attribute("value") == "-date"


def test_a_result_opens_its_document_at_the_clicked_passage_with_every_match_marked(served, browser, tmp_path):
    browser.get(served + "/?q=第7段&display=hant")
    _wait_for_results(browser)
    card = browser.find_element(By.CSS_SELECTOR, "#result-list .result")
    passage_text = card.find_element(By.CSS_SELECTOR, ".passage-text").text
    assert "第7段" in passage_text
    card.find_element(By.CSS_SELECTOR, ".read-link").click()
    WebDriverWait(browser, WAIT_SECONDS).until(ec.url_contains("/read?"))
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: d.execute_script("return document.querySelector('.doc-passage.target') !== null")
    )
    target = browser.find_element(By.CSS_SELECTOR, ".doc-passage.target")
    assert "第7段" in target.text
    assert "海淀區人民政府關於" in browser.find_element(By.ID, "doc-text").text  # the chosen display script
    current = browser.find_element(By.CSS_SELECTOR, "mark.current")
    assert current.text == "第7段"
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight", current
    ), "the clicked passage's match is not in view"
    marks = browser.find_elements(By.CSS_SELECTOR, "#doc-text mark")
    position = [m.get_attribute("class") for m in marks].index("current") + 1
    assert browser.find_element(By.ID, "match-count").text == f"Match {position} of {len(marks)}"
    browser.save_screenshot(str(_artifact("document.png")))

    # The URL reproduces the document view; the link back returns to the results.
    url = browser.current_url
    browser.get("about:blank")
    browser.get(url)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.current"))
    browser.find_element(By.ID, "back").click()
    _wait_for_results(browser)
    assert "q=" in browser.current_url and "/read" not in browser.current_url


def test_next_and_previous_match_step_through_the_document_and_the_outline_jumps(served, browser):
    browser.get(served + "/?q=中关村")
    _wait_for_results(browser)
    link = browser.find_element(By.CSS_SELECTOR, "a[href*='004_61be5e8a0eccf6bc']")
    link.click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.current"))
    count = browser.find_element(By.ID, "match-count").text
    total = int(count.split(" of ")[1])
    assert total > 5 and len(browser.find_elements(By.CSS_SELECTOR, "#doc-text mark")) == total
    first = int(count.split(" ")[1])
    browser.find_element(By.ID, "next-match").click()
    assert browser.find_element(By.ID, "match-count").text == f"Match {first % total + 1} of {total}"
    browser.find_element(By.ID, "prev-match").click()
    browser.find_element(By.ID, "prev-match").click()
    assert browser.find_element(By.ID, "match-count").text == f"Match {(first - 2) % total + 1} of {total}"
    entries = browser.find_elements(By.CSS_SELECTOR, "#outline-list .outline-link")
    assert len(entries) > 5
    last = entries[-1]
    browser.execute_script("window.scrollTo(0, 0)")
    last.click()
    assert browser.execute_script("return window.scrollY") > 0


def test_the_slash_key_focuses_the_search_box(served, browser):
    browser.get(served + "/?q=海淀")
    _wait_for_results(browser)
    browser.find_element(By.TAG_NAME, "body").click()
    browser.find_element(By.TAG_NAME, "body").send_keys("/")
    assert browser.switch_to.active_element.get_attribute("id") == "q"


def test_facets_and_the_document_view_fit_a_phone(served, browser, tmp_path):
    browser.set_window_size(390, 844)
    browser.get(served + "/?q=湿地公园&year=2016")
    _wait_for_results(browser)
    assert browser.find_element(By.ID, "facets").is_displayed()
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    browser.save_screenshot(str(_artifact("phone-facets.png")))
    browser.find_element(By.CSS_SELECTOR, ".result-title a").click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.current"))
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    browser.save_screenshot(str(_artifact("phone-document.png")))


def test_cards_show_policy_metadata_and_a_fragment_that_expands_to_the_whole_passage(served, browser):
    browser.get(served + "/?q=湿地公园&agency=朝阳区")
    _wait_for_results(browser)
    card = browser.find_element(By.CSS_SELECTOR, "#result-list .result")
    assert card.find_element(By.CSS_SELECTOR, ".meta-agency").text == "北京市朝阳区人民政府"
    assert card.find_element(By.CSS_SELECTOR, ".meta-number").text.startswith("朝政发〔201")
    assert card.find_element(By.CSS_SELECTOR, ".meta-type").text == "通知"
    passage = next(p for p in card.find_elements(By.CSS_SELECTOR, ".passage")
                   if p.find_elements(By.CSS_SELECTOR, ".expand"))
    text = passage.find_element(By.CSS_SELECTOR, ".passage-text")
    short = text.text
    assert short.endswith("…") and "湿地公园" in [m.text for m in text.find_elements(By.TAG_NAME, "mark")]
    toggle = passage.find_element(By.CSS_SELECTOR, ".expand")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    whole = text.text
    assert len(whole) > len(short) and not whole.endswith("…") and whole.endswith("规划与管理并重。")
    toggle.click()
    assert text.text == short


@contextmanager
def below_a_path(target: str, prefix: str) -> Iterator[str]:
    """A reverse proxy serving ``target`` below ``prefix``, as nginx's ``location /tongwen/ { proxy_pass
    http://127.0.0.1:8000/; }`` does: its base URL."""
    import threading

    import uvicorn

    client = httpx.AsyncClient(base_url=target)

    async def proxy(scope, receive, send):
        path = scope["path"]
        if not path.startswith(prefix):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        query = scope["query_string"].decode()
        answer = await client.get("/" + path[len(prefix):] + (f"?{query}" if query else ""))
        headers = [(k.encode(), v.encode()) for k, v in answer.headers.items()
                   if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")]
        await send({"type": "http.response.start", "status": answer.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": answer.content})

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(proxy, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_SECONDS
    while not server.started:
        assert time.monotonic() < deadline, "the proxy did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_page_works_below_a_path_a_proxy_serves_it_at(served, browser):
    with below_a_path(served, "/tongwen/") as proxy:
        browser.get(proxy + "/tongwen/")
        _search(browser, "湿地公园")
        _wait_for_results(browser)
        assert browser.current_url.startswith(proxy + "/tongwen/?q=")
        assert "湿地公园" in _texts(browser, "#result-list mark")
        assert browser.execute_script(
            "return Array.from(document.styleSheets).some(sheet => sheet.href.endsWith('/tongwen/static/style.css') "
            "&& sheet.cssRules.length > 0)"), "the style sheet was not loaded"
        browser.find_element(By.CSS_SELECTOR, "#result-list .result .read-link").click()
        WebDriverWait(browser, WAIT_SECONDS).until(ec.url_contains("/tongwen/read?"))
        WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#doc-text mark"))
        browser.find_element(By.ID, "back").click()
        _wait_for_results(browser)
        assert browser.current_url.startswith(proxy + "/tongwen/?q=")
