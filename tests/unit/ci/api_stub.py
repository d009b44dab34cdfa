"""A small stand-in for the GitHub REST API on 127.0.0.1 that records every request."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeGitHub:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    fail_with: int = 0  # answer every request with this HTTP status when set
    _next_id: int = 1000

    def add_comment(self, number: int, body: str, user_type: str = "Bot") -> int:
        self._next_id += 1
        self.comments.setdefault(number, []).append(
            {"id": self._next_id, "body": body, "user": {"login": "someone", "type": user_type}}
        )
        return self._next_id

    def handle(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        if self.fail_with:
            return self.fail_with, {"message": "Resource not accessible by integration"}
        route, _, query = path.partition("?")
        parts = route.strip("/").split("/")
        # /repos/{owner}/{repo}/issues/{n}/comments and /repos/{o}/{r}/issues/comments/{id}
        if parts[3:4] == ["issues"] and parts[-1] == "comments" and len(parts) == 6:
            number = int(parts[4])
            if method == "GET":
                page = int(dict(p.split("=") for p in query.split("&") if p).get("page", "1"))
                items = self.comments.get(number, [])
                return 200, items[(page - 1) * 100 : page * 100]
            self._next_id += 1
            comment = {"id": self._next_id, "body": body["body"], "user": {"type": "Bot"}}
            self.comments.setdefault(number, []).append(comment)
            return 201, comment
        if parts[3:5] == ["issues", "comments"] and method == "PATCH":
            for items in self.comments.values():
                for comment in items:
                    if comment["id"] == int(parts[5]):
                        comment["body"] = body["body"]
                        return 200, comment
        return 404, {"message": "Not Found"}


@contextmanager
def fake_github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            fake.requests.append(Recorded(self.command, self.path, headers, body))
            status, answer = fake.handle(self.command, self.path, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
