"""The search page in a real headless Chromium, served by a real `tongwen serve` process."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from index.store import update_index

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = Path(os.environ.get("TONGWEN_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("TONGWEN_CHROMEDRIVER", "/usr/bin/chromedriver"))
WAIT_SECONDS = 30

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
    index_dir = root / "index"
    update_index([corpus], index_dir)
    port = _free_port()
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen(
        [*tongwen_command, "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            assert process.poll() is None, (root / "serve.log").read_text(errors="replace")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "tongwen serve did not become healthy"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


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
    browser.save_screenshot(str(tmp_path / "search.png"))

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
    browser.save_screenshot(str(tmp_path / "phone.png"))


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
