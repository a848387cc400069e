"""The playground's HTTP server: the page's files and a small JSON API, on loopback by default.

    cybenko lab serve [--host 127.0.0.1] [--port 8765]      # or serve(host, port)

Routes (every error is JSON `{"error": message, "field": name or null}`, never a traceback):

    GET  /                                    the page (static/index.html)
    GET  /static/<name>                       its files: a plain name, no folders, no listing
    GET  /api/options                         choices, limits and defaults (settings.options())
    POST /api/session                 {settings}   -> {"id", "settings", "query"}   (or 400)
    POST /api/session/<id>/control    {"action": "play"|"pause"|"step"|"reset", "steps": n}
                                                   -> the snapshot ("steps": 1 to 1000)
    POST /api/session/<id>/settings   {settings}   -> the snapshot, rebuilt and paused (or 400,
                                                      the old run untouched)
    GET  /api/session/<id>/state[?points=1]        -> the snapshot
    GET  /api/session/<id>/graph                   -> image/svg+xml, the autograd graph of the
                                                      current batch's training loss
    GET  /api/session/<id>/export/model.safetensors    the primary net's state_dict
    GET  /api/session/<id>/export/script.py            a runnable `import cybenko as torch` script
    POST /api/session/<id>/close                   -> {"closed": true}   (sendBeacon on pagehide)

Settings are a JSON object with the URL's keys (settings.py); values may be strings, numbers or
lists. Status codes: 400 bad input (`field` names the setting), 404 unknown path or session
(a session closes after `close`, and is dropped after 10 minutes without requests or when a
ninth one is made), 405 wrong method, 413 a body over 64 KiB, 403 a Host header that is not
the loopback's (DNS rebinding) while serving on loopback.

The snapshot (session.py makes it):

    {"step": int, "epoch": int, "running": bool, "kind": "classify"|"regress",
     "engine": "cybenko"|"torch"|"both", "query": the settings as a URL query,
     "loss": {"cybenko": {"steps": [...], "train": [...], "test": [...]}, "torch": {...}?},
         one entry per recorded point, the last at the current step; null where not finite
     "last": {"train": float, "test": float},      the first engine's, at the current step
     "regions": {"size": 40, "extent": [x1min, x1max, x2min, x2max], "values": [size*size]}
         (2-D datasets) the probability of class 1 at the cell centres, row-major, top row
         first (largest x2); or, for 1-D datasets (dnnex0-2, sin_exp),
     "curve": {"x": [200], "y": [200]}             the fitted value (or probability) along x
     "points": {"train": [[x1, x2, y], ...], "test": [...]}   only with ?points=1
         ([x, y] pairs in 1-D)
     "network": {"layers": [n_in, h1, ..., n_out], "inputs": [feature names],
         "weights": [[[w_ji, ...] one row per neuron j of the layer] per layer],
         "biases": [[b_j, ...] per layer],
         "neurons": [[[grid values] per neuron] per layer, inputs first],
         "grid": {"size": 16, "dims": 2 or 1, "extent": [...]}}
         each neuron's output over a 16 x 16 grid of the plane (256 values, as regions), or
         along 16 points of x in 1-D; the output layer as a probability ("bce": sigmoid, "ce":
         softmax, one map per class) or a value ("mse")
     "message": a sentence, when the training paused by itself (diverged, page gone)}
"""

from __future__ import annotations

import io
import ipaddress
import json
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from . import export
from .session import MAX_STEPS_PER_REQUEST, REQUESTS, Session
from .settings import Settings, SettingsError, options

STATIC = Path(__file__).parent / "static"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
}
MAX_BODY = 64 * 1024
MAX_SESSIONS = 8
FORGET_AFTER = 600.0  # seconds without a request before a session is dropped
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}")
_SESSION_ROUTE = re.compile(
    r"/api/session/([A-Za-z0-9_-]{1,64})/"
    r"(control|settings|state|graph|close|export/model\.safetensors|export/script\.py)"
)


class HttpError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


class PlaygroundServer(ThreadingHTTPServer):
    """A threading HTTP server holding the sessions of its pages."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, loopback_only: bool):
        super().__init__(address, Handler)
        self.loopback_only = loopback_only
        self.sessions: dict[str, Session] = {}
        self.sessions_lock = threading.Lock()

    def handle_error(self, request, client_address) -> None:
        """socketserver's traceback on the console, except for a page that went away (its
        connection reset while the server read or wrote outside a request's answer)."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"

    def add(self, session: Session) -> str:
        with self.sessions_lock:
            now = time.monotonic()
            for key, old in list(self.sessions.items()):
                if now - old.last_seen > FORGET_AFTER:
                    self.drop(key)
            while len(self.sessions) >= MAX_SESSIONS:
                self.drop(min(self.sessions, key=lambda k: self.sessions[k].last_seen))
            key = secrets.token_urlsafe(12)
            self.sessions[key] = session
            return key

    def drop(self, key: str) -> None:
        session = self.sessions.pop(key, None)
        if session is not None:
            session.close()

    def session(self, key: str) -> Session:
        with self.sessions_lock:
            session = self.sessions.get(key)
        if session is None:
            raise HttpError(
                404, f"no session {key}: it was closed or forgotten; reload the page to start one"
            )
        session.touch()
        return session

    def server_close(self) -> None:
        with self.sessions_lock:
            for key in list(self.sessions):
                self.drop(key)
        super().server_close()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the page polls several times a second
    server_version = "cybenko-playground"
    sys_version = ""
    server: PlaygroundServer

    def log_message(self, format, *args):  # noqa: A002  quiet: the page polls all the time
        pass

    # -- dispatch -------------------------------------------------------------------------

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def _handle(self, method: str) -> None:
        with REQUESTS:  # the training threads step aside meanwhile
            try:
                self._answer(method)
            except (BrokenPipeError, ConnectionResetError):  # the page went away mid-answer
                self.close_connection = True

    def _answer(self, method: str) -> None:
        try:
            self._check_host()
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            body = self._read_body() if method == "POST" else b""
            self._route(method, path, query, body)
        except HttpError as e:
            self._json({"error": e.message, "field": e.field}, e.status)
        except SettingsError as e:
            self._json({"error": e.message, "field": e.field}, 400)
        except (BrokenPipeError, ConnectionResetError):
            raise
        except Exception as e:  # a bug: one line to the console, a JSON error to the page
            print(f"cybenko playground: {self.command} {self.path}: {e!r}", file=sys.stderr)
            self._json({"error": f"the server failed: {type(e).__name__}: {e}", "field": None}, 500)

    def _check_host(self) -> None:
        if not self.server.loopback_only:
            return
        host = (self.headers.get("Host") or "").strip()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]")
        if host and not is_loopback(name):
            raise HttpError(403, f"this playground answers on loopback only, not to {host!r}")

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise HttpError(400, "the request's Content-Length is not a number")
        if length > MAX_BODY:
            self.close_connection = True  # its body is left unread
            raise HttpError(413, f"the request body is over {MAX_BODY // 1024} KiB")
        return self.rfile.read(length)

    def _route(self, method: str, path: str, query: dict, body: bytes) -> None:
        if path in ("/", "/index.html"):
            self._want(method, "GET")
            return self._static("index.html")
        if path.startswith("/static/"):
            self._want(method, "GET")
            return self._static(unquote(path[len("/static/") :]))
        if path == "/api/options":
            self._want(method, "GET")
            return self._json(options())
        if path == "/api/session":
            self._want(method, "POST")
            settings = Settings.parse(_json_object(body))
            session = Session(settings)
            key = self.server.add(session)
            answer = {"id": key, "settings": settings.to_dict(), "query": settings.to_query()}
            return self._json(answer)
        match = _SESSION_ROUTE.fullmatch(path)
        if not match:
            raise HttpError(404, f"nothing at {path}")
        key, action = match.groups()
        if action == "close":
            self._want(method, "POST")
            with self.server.sessions_lock:
                found = key in self.server.sessions
                self.server.drop(key)
            return self._json({"closed": found})
        session = self.server.session(key)
        if action == "state":
            self._want(method, "GET")
            points = query.get("points", ["0"])[-1] in ("1", "true", "yes")
            return self._json(session.snapshot(points=points))
        if action == "control":
            self._want(method, "POST")
            request = _json_object(body)
            steps = request.get("steps", 1)
            if request.get("action") == "step":
                steps = _steps(steps)
            session.control(request.get("action"), steps=steps)
            return self._json(session.snapshot())
        if action == "settings":
            self._want(method, "POST")
            session.rebuild(Settings.parse(_json_object(body)))
            return self._json(session.snapshot())
        self._want(method, "GET")
        if action == "graph":
            return self._send(200, _render_svg(session.current_loss_graph()), "image/svg+xml")
        settings, step, n_train, arrays = session.export_arrays()
        if action == "export/script.py":
            text = export.script(settings, step, n_train)
            return self._send(
                200, text.encode(), "text/x-python; charset=utf-8", download="playground.py"
            )
        return self._send(
            200,
            export.safetensors_bytes(arrays),
            "application/octet-stream",
            download="model.safetensors",
        )

    def _want(self, method: str, allowed: str) -> None:
        if method != allowed:
            raise HttpError(405, f"use {allowed} here, not {method}")

    # -- answers --------------------------------------------------------------------------

    def _static(self, name: str) -> None:
        file = STATIC / name
        if not _NAME.fullmatch(name) or ".." in name or not file.is_file():
            raise HttpError(404, f"no file {name!r} in the playground's static files")
        content_type = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        self._send(200, file.read_bytes(), content_type, cache="no-cache")

    def _json(self, data, status: int = 200) -> None:
        body = json.dumps(data, separators=(",", ":"), allow_nan=False).encode()
        self._send(status, body, "application/json")

    def _send(
        self, status: int, body: bytes, content_type: str, *, download=None, cache="no-store"
    ) -> None:
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        if download:
            self.send_header("Content-Disposition", f'attachment; filename="{download}"')
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


def _json_object(body: bytes) -> dict:
    try:
        value = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise HttpError(400, f"the request body is not JSON: {e}") from None
    if not isinstance(value, dict):
        raise HttpError(400, "the request body must be a JSON object")
    return value


def _steps(value) -> int:
    top = MAX_STEPS_PER_REQUEST
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value != int(value)
        or not 1 <= value <= top
    ):
        raise HttpError(400, f"steps must be a whole number from 1 to {top}", "steps")
    return int(value)


def _render_svg(diagram) -> bytes:
    """The diagram as SVG: graphviz's dot when installed, else matplotlib (Agg)."""
    dot = shutil.which("dot")
    if dot:
        done = subprocess.run(
            [dot, "-Tsvg"], input=diagram.source.encode(), capture_output=True, timeout=30
        )
        if done.returncode == 0:
            return done.stdout
    try:
        figure = diagram.figure()
    except ImportError:
        raise HttpError(400, "drawing the graph needs matplotlib or graphviz") from None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def make_server(host: str = "127.0.0.1", port: int = 8765) -> PlaygroundServer:
    """A server bound to host:port (port 0: any free port), not yet serving."""
    return PlaygroundServer((host, port), loopback_only=is_loopback(host))


def serve(host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve the playground until Ctrl-C; prints its address first."""
    from . import session

    session.TORCH_THREADS = 1  # this process is the playground's: small nets, few cores
    server = make_server(host, port)
    print(f"cybenko playground at {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
