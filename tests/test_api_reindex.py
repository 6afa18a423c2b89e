"""Re-indexing while the server answers: no request fails and new content appears without a restart."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import httpx
import pytest
import uvicorn

from tongwen.api.app import create_app
from tongwen.api.settings import Settings
from tongwen.index.store import update_index

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CLIENT_THREADS = 4
# Each worker runs until the re-indexing is over, but never more than this many requests.
MAX_REQUESTS_PER_THREAD = 3000
CHANGE_ROUNDS = 5
QUERIES = ["海淀", "中關村", "创新", "zebraquokka", "孵化"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the seeds plus one small file that will be changed."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "notes.txt").write_text("會議紀要\n\n海淀區討論孵化器的選址。\n", encoding="utf-8")
    return folder


@pytest.fixture
def server(tmp_path, corpus):
    """A real uvicorn server on a free loopback port, in a thread, over an index of the corpus."""
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    app = create_app(Settings(index_dir=index_dir, refresh_seconds=0))
    config = uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    with httpx.Client(base_url=f"http://127.0.0.1:{config.port}", timeout=30) as client:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.05)
        assert server.started, "server did not start"
        yield client, index_dir
    server.should_exit = True
    thread.join(timeout=30)


def test_reindexing_under_load_fails_no_request_and_shows_new_content_afterwards(server, corpus):
    client, index_dir = server
    failures: list[str] = []
    statuses: list[int] = []
    stop = threading.Event()

    def hammer(worker: int) -> None:
        for i in range(MAX_REQUESTS_PER_THREAD):
            if stop.is_set():
                return
            q = QUERIES[(worker + i) % len(QUERIES)]
            try:
                response = client.get("/search", params={"q": q, "limit": 3})
                statuses.append(response.status_code)
                if response.status_code != 200:
                    failures.append(f"{q}: {response.status_code} {response.text}")
                else:
                    response.json()["results"]
                if i % 7 == 0:
                    health = client.get("/health")
                    if health.status_code != 200:
                        failures.append(f"health: {health.status_code} {health.text}")
            except httpx.HTTPError as exc:
                failures.append(f"{q}: {exc!r}")

    workers = [threading.Thread(target=hammer, args=(n,)) for n in range(CLIENT_THREADS)]
    for w in workers:
        w.start()

    # Generations written while the workers run: a new file, a file changed again and again, a removed file.
    (corpus / "added.txt").write_text("新增文件\n\n鈣鈦礦電池研究院落戶海淀。\n", encoding="utf-8")
    update_index([corpus], index_dir)
    for n in range(CHANGE_ROUNDS):
        (corpus / "notes.txt").write_text(f"會議紀要第{n}次\n\n討論潮汐發電實驗室的建設。\n", encoding="utf-8")
        update_index([corpus], index_dir)
    (corpus / "004_61be5e8a0eccf6bc.txt").unlink()
    update_index([corpus], index_dir)
    answered_while_indexing = len(statuses)
    stop.set()
    for w in workers:
        w.join(timeout=120)

    assert not failures, failures[:5]
    assert answered_while_indexing >= CLIENT_THREADS

    added = client.get("/search", params={"q": "钙钛矿"}).json()
    assert [r["doc_id"].endswith("added.txt") for r in added["results"]] == [True]
    changed = client.get("/search", params={"q": "潮汐"}).json()
    assert [r["doc_id"].endswith("notes.txt") for r in changed["results"]] == [True]
    gone = client.get("/search", params={"q": "孵化器", "limit": 100}).json()
    assert not any(r["doc_id"].endswith("notes.txt") for r in gone["results"])
    removed = client.get("/search", params={"q": "海淀", "limit": 100}).json()
    assert not any(r["doc_id"].endswith("004_61be5e8a0eccf6bc.txt") for r in removed["results"])
    assert client.get("/stats").json()["documents"] == 6
