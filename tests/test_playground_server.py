"""The playground's HTTP server (cybenko.lab.playground.server), driven with urllib on a free
port: every route of the API with the shapes the page relies on, the downloads (the script
runs and prints the page's losses; the checkpoint loads), JSON errors with status 400 on bad
input after which the server still answers, 404 on unknown paths, sessions and path
traversal, static files with their content types, loopback by default, and `lab serve`.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import cybenko
from cybenko.lab import cli
from cybenko.lab.playground import server as server_module
from cybenko.lab.playground.settings import Settings

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def static(tmp_path, monkeypatch):
    """A static folder of our own (the page's files are another branch's), beside a secret."""
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "index.html").write_text("<!doctype html><title>playground</title>")
    (folder / "playground.js").write_text("console.log('hi')")
    (folder / "playground.css").write_text("body{}")
    (folder / "sub").mkdir()
    (tmp_path / "secret.txt").write_text("TOP-SECRET-CONTENT")
    monkeypatch.setattr(server_module, "STATIC", folder)
    return folder


@pytest.fixture
def url(static):
    server = server_module.make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.url.rstrip("/")
    server.shutdown()
    server.server_close()
    thread.join(5)


def call(url: str, method: str = "GET", body=None, raw: bytes | None = None):
    """(status, content type, parsed JSON or bytes) of one request."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, kind, content = answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as e:
        status, kind, content = e.code, e.headers["Content-Type"], e.read()
    if kind == "application/json":
        return status, kind, json.loads(content)
    return status, kind, content


def raw_get(url: str, path: str, host: str | None = None):
    """A GET of `path` sent as it is (urllib would not normalise it either, but be sure)."""
    address = url.removeprefix("http://")
    connection = http.client.HTTPConnection(address, timeout=30)
    connection.putrequest("GET", path, skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    answer = connection.getresponse()
    status, body = answer.status, answer.read()
    connection.close()
    return status, body


def new_session(url: str, **settings) -> str:
    status, _, answer = call(f"{url}/api/session", "POST", settings)
    assert status == 200, answer
    return answer["id"]


def test_options(url):
    status, kind, options = call(f"{url}/api/options")
    assert status == 200 and kind == "application/json"
    assert {"datasets", "features", "activations", "inits", "losses", "optimizers", "engines",
            "limits", "defaults"} <= set(options)  # fmt: skip
    assert options["defaults"]["dataset"] == "xor"
    assert {"name", "kind", "title"} <= set(options["datasets"][0])


def test_create_control_state_and_settings(url):
    status, _, created = call(f"{url}/api/session", "POST", {"hidden": "4", "act": "tanh"})
    assert status == 200 and re.fullmatch(r"[A-Za-z0-9_-]+", created["id"])
    assert Settings.from_query(created["query"]) == Settings.parse(created["settings"])
    base = f"{url}/api/session/{created['id']}"
    status, _, state = call(f"{base}/state")
    assert status == 200 and state["step"] == 0 and state["running"] is False
    assert {"step", "epoch", "running", "kind", "loss", "last", "regions", "network"} <= set(state)
    assert "points" not in state and "points" in call(f"{base}/state?points=1")[2]
    _, _, state = call(f"{base}/control", "POST", {"action": "step", "steps": 25})
    assert state["step"] == 25 and state["loss"]["cybenko"]["steps"] == [0, 25]
    _, _, state = call(f"{base}/control", "POST", {"action": "step"})
    assert state["step"] == 26
    _, _, state = call(f"{base}/control", "POST", {"action": "play"})
    assert state["running"] is True
    time.sleep(0.3)
    _, _, state = call(f"{base}/control", "POST", {"action": "pause"})
    assert state["running"] is False and state["step"] > 26
    _, _, state = call(f"{base}/control", "POST", {"action": "reset"})
    assert state["step"] == 0
    status, _, state = call(f"{base}/settings", "POST", {"dataset": "sin_exp", "loss": "mse"})
    assert status == 200 and state["kind"] == "regress" and "curve" in state
    assert state["step"] == 0 and state["running"] is False


def test_bad_input_is_a_400_json_error_and_the_server_goes_on(url):
    status, kind, error = call(f"{url}/api/session", "POST", {"hidden": "4,0"})
    assert (status, kind) == (400, "application/json")
    assert error == {"error": "hidden layer 2 has 0 neurons; give 1 to 64", "field": "hidden"}
    status, _, error = call(f"{url}/api/session", "POST", raw=b"{not json")
    assert status == 400 and "not JSON" in error["error"] and error["field"] is None
    status, _, error = call(f"{url}/api/session", "POST", raw=b"[1, 2]")
    assert status == 400 and "JSON object" in error["error"]
    key = new_session(url, hidden="4")
    base = f"{url}/api/session/{key}"
    status, _, error = call(f"{base}/control", "POST", {"action": "jump"})
    assert (status, error["field"]) == (400, "action") and "play, pause, step or reset" in error[
        "error"
    ]
    for steps in (0, 1001, 2.5, "ten", True):
        status, _, error = call(f"{base}/control", "POST", {"action": "step", "steps": steps})
        assert (status, error["field"]) == (400, "steps")
    before = call(f"{base}/state")[2]
    status, _, error = call(f"{base}/settings", "POST", {"lr": -1})
    assert (status, error["field"]) == (400, "lr") and "out of range" in error["error"]
    after = call(f"{base}/state")[2]  # the old session is untouched
    assert after["query"] == before["query"] and after["network"] == before["network"]
    status, _, error = call(f"{url}/api/session", "POST", raw=b"x" * (65 * 1024))
    assert status == 413 and "64 KiB" in error["error"]
    assert call(f"{url}/api/options")[0] == 200


def test_unknown_paths_sessions_and_methods(url):
    unknown = ("/nope", "/api", "/api/sessions", "/api/session/abc/unknown", "/api/session//x")
    for path in unknown:
        status, kind, error = call(url + path)
        assert (status, kind) == (404, "application/json") and error["field"] is None
    status, _, error = call(f"{url}/api/session/nosuchsession/state")
    assert status == 404 and "reload the page" in error["error"]
    assert call(f"{url}/api/options", "POST", {})[0] == 405
    assert call(f"{url}/api/session")[0] == 405


@pytest.mark.parametrize(
    "path",
    [
        "/static/../settings.py",
        "/static/..%2fsettings.py",
        "/static/%2e%2e/secret.txt",
        "/static/../secret.txt",
        "/static/..%2Fsecret.txt",
        "/static/",
        "/static/sub",
        "/static/sub/",
        "/static/.hidden",
        "/static/%2Fetc%2Fpasswd",
        "/static//etc/passwd",
        "/static/index.html%00.js",
    ],
)
def test_path_traversal_and_listings_are_404(url, path):
    status, body = raw_get(url, path)
    assert status == 404 and b"TOP-SECRET" not in body and b"import" not in body
    assert json.loads(body)["field"] is None


def test_static_files_with_their_content_types(url):
    for path, kind in [
        ("/", "text/html; charset=utf-8"),
        ("/static/index.html", "text/html; charset=utf-8"),
        ("/static/playground.js", "text/javascript; charset=utf-8"),
        ("/static/playground.css", "text/css; charset=utf-8"),
    ]:
        status, got, _ = call(url + path)
        assert (status, got) == (200, kind)


def test_the_page_gets_more_than_5_updates_a_second_while_a_big_net_trains(url):
    key = new_session(url, dataset="circles", points=1000, hidden="64,64", act="relu")
    base = f"{url}/api/session/{key}"
    call(f"{base}/control", "POST", {"action": "play"})
    time.sleep(0.3)
    start, steps = time.perf_counter(), []
    for _ in range(10):
        steps.append(call(f"{base}/state")[2]["step"])
    seconds = time.perf_counter() - start
    call(f"{base}/control", "POST", {"action": "pause"})
    assert seconds < 2.0, f"10 snapshots took {seconds:.2f} s"
    assert steps[-1] > steps[0]  # and the training went on meanwhile


def test_the_graph_is_svg(url):
    key = new_session(url, hidden="3")
    status, kind, svg = call(f"{url}/api/session/{key}/graph")
    assert (status, kind) == (200, "image/svg+xml")
    assert b"<svg" in svg[:2000]


def test_the_script_download_runs_and_prints_the_pages_losses(url, tmp_path):
    key = new_session(url, dataset="circles", hidden="6,6", act="relu,tanh", dropout=0.1, l2=1e-3)
    base = f"{url}/api/session/{key}"
    state = call(f"{base}/control", "POST", {"action": "step", "steps": 40})[2]
    status, kind, text = call(f"{base}/export/script.py")
    assert status == 200 and kind.startswith("text/x-python")
    path = tmp_path / "playground.py"
    path.write_bytes(text)
    done = subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    assert words[:2] == ["step", "40"]
    assert float(words[4]) == pytest.approx(state["last"]["train"], rel=1e-6)
    assert float(words[7]) == pytest.approx(state["last"]["test"], rel=1e-6)


def test_the_checkpoint_download_loads_in_cybenko(url, tmp_path):
    key = new_session(url, hidden="5")
    status, kind, data = call(f"{url}/api/session/{key}/export/model.safetensors")
    assert (status, kind) == (200, "application/octet-stream")
    path = tmp_path / "model.safetensors"
    path.write_bytes(data)
    state = call(f"{url}/api/session/{key}/state")[2]
    loaded = cybenko.load(str(path))
    assert loaded["0.weight"].shape == (5, 2)
    weights = state["network"]["weights"][0]  # rounded to 4 decimals
    np.testing.assert_allclose(loaded["0.weight"].numpy(), weights, atol=1e-4)


def test_close_stops_the_session(url):
    key = new_session(url)
    call(f"{url}/api/session/{key}/control", "POST", {"action": "play"})
    assert call(f"{url}/api/session/{key}/close", "POST", raw=b"")[2] == {"closed": True}
    assert call(f"{url}/api/session/{key}/state")[0] == 404
    assert call(f"{url}/api/session/{key}/close", "POST", raw=b"")[2] == {"closed": False}


def test_a_foreign_host_header_is_refused_on_loopback(url):
    assert raw_get(url, "/api/options", host="evil.example:8765")[0] == 403
    assert raw_get(url, "/api/options", host="localhost:8765")[0] == 200
    assert raw_get(url, "/api/options", host="[::1]:8765")[0] == 200


def test_loopback_is_the_default():
    args = cli.build_parser().parse_args(["lab", "serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)
    assert server_module.make_server.__defaults__[0] == "127.0.0.1"


def test_lab_serve_prints_its_address(monkeypatch, capsys):
    def stop(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(server_module.PlaygroundServer, "serve_forever", stop)
    assert cli.main(["lab", "serve", "--port", "0"]) == 0
    printed = capsys.readouterr().out
    assert re.fullmatch(r"cybenko playground at http://127\.0\.0\.1:\d+/\n", printed)
    assert cli.main(["lab", "serve", "--port", "70000"]) == 2


def test_a_kept_alive_connection_reset_between_requests_is_let_go_quietly(url, capfd):
    """A page closing its connection while the server waits for its next request (HTTP/1.1
    keeps it open): no traceback on the console, and the server keeps answering."""
    import socket
    from urllib.parse import urlsplit

    host, port = urlsplit(url).hostname, urlsplit(url).port
    request = f"GET /api/options HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    reset_on_close = b"\x01\x00\x00\x00\x00\x00\x00\x00"  # SO_LINGER on, 0 s: a reset
    for _ in range(3):
        with socket.create_connection((host, port)) as sock:
            sock.sendall(request)
            answer = b""
            while b"\r\n\r\n" not in answer:
                answer += sock.recv(65536)
            time.sleep(0.05)  # the server is now reading the next request line
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, reset_on_close)
    time.sleep(0.3)
    assert call(url + "/api/options")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_a_page_that_goes_away_mid_answer_is_let_go_quietly(url, capfd):
    """A browser closing the tab while a snapshot is on its way: no traceback on the
    console, and the server keeps answering."""
    import socket
    from urllib.parse import urlsplit

    host, port = urlsplit(url).hostname, urlsplit(url).port
    key = call(url + "/api/session", "POST", {})[2]["id"]
    request = f"GET /api/session/{key}/state?points=1 HTTP/1.1\r\nHost: {host}\r\n\r\n"
    reset_on_close = b"\x01\x00\x00\x00\x00\x00\x00\x00"  # SO_LINGER on, 0 s: a reset
    for _ in range(20):
        with socket.create_connection((host, port)) as sock:
            sock.sendall(request.encode())
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, reset_on_close)
    time.sleep(0.3)
    assert call(url + "/api/options")[0] == 200
    assert "Traceback" not in capfd.readouterr().err
