"""A scriptable OpenAI-compatible HTTP server on 127.0.0.1 for tests, benchmarks and browser tests.

    with StubServer(script=[Reply.error(429, "slow down", retry_after=1), Reply("好")], rate=40) as srv:
        client = openai.OpenAI(base_url=srv.base_url, api_key="k")

CLI: python -m tests.support.openai_stub_server --port 8765 --rate 40 --first-token-delay 0.5 --reply-file x.txt
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sys
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Canned sentences for the default reply: plausible 党建 prose, so length and review checks have something real.
CANNED = [
    "支部坚持把政治建设摆在首位，认真落实“三会一课”制度，全年召开支部党员大会4次、支委会12次。",
    "围绕理论学习，支部采取集中学习与个人自学相结合的方式，组织党员深入学习党的创新理论，撰写心得体会。",
    "在组织建设方面，支部严格落实发展党员工作程序，做好入党积极分子的培养教育，党员队伍结构不断优化。",
    "支部扎实开展主题党日活动，组织党员到社区开展志愿服务，帮助群众解决急难愁盼问题，密切了党群关系。",
    "坚持把党风廉政建设与业务工作同部署、同落实，开展廉政警示教育，引导党员干部筑牢拒腐防变的思想防线。",
    "支部把党建工作与中心工作深度融合，党员在急难险重任务中当先锋、作表率，有力推动了各项任务完成。",
    "对照年初计划，支部也清醒地看到工作中存在的不足，理论学习的深度还不够，创新工作的方法还不多。",
    "下一步，支部将继续加强党员教育管理，完善工作制度，推动支部建设标准化规范化，不断提升组织力。",
]


def _last_user(body: dict[str, Any]) -> str:
    for msg in reversed(body.get("messages") or []):
        if msg.get("role") == "user":
            content = msg.get("content")
            return content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return ""


def canned_reply(body: dict[str, Any], paragraphs: list[str] | None = None) -> str:
    """A Chinese reply sized to what the prompt asks ("约400字"), seeded by the heading it names."""
    prompt = _last_user(body)
    sizes = [int(n) for n in re.findall(r"(\d{2,4})\s*字", prompt)]
    target = min(max(sizes), 3000) if sizes else 300
    heading = re.search(r"[“「《]([^”」》\n]{2,40})[”」》]", prompt)
    title = heading.group(1) if heading else ""
    pool = paragraphs or CANNED
    start = zlib.crc32(title.encode()) % len(pool)
    out, i = [], start
    while sum(len(s) for s in out) < target:
        out.append(pool[i % len(pool)])
        i += 1
    return "".join(out)[: max(target, 1)]


@dataclass
class Reply:
    """What the server does for one chat request: stream `text` or fail in a scripted way."""

    text: str | Callable[[dict[str, Any]], str] | None = None   # None: the server's default reply
    finish_reason: str = "stop"
    status: int = 200
    error_body: dict[str, Any] | None = None  # JSON error body for status >= 400
    headers: dict[str, str] = field(default_factory=dict)
    cut_after: int | None = None              # drop the connection after this many characters
    cached_tokens: int | None = None          # reported as usage.prompt_tokens_details.cached_tokens
    stream_error: dict[str, Any] | None = None  # an {"error": …} event after the text (mid-stream failure)

    @classmethod
    def error(cls, status: int, message: str, code: str | None = None, *, retry_after: str | float | None = None,
                    type_: str = "invalid_request_error") -> Reply:
        """A JSON error in OpenAI's shape, optionally with Retry-After."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        return cls(status=status, error_body={"error": {"message": message, "type": type_, "code": code}},
                   headers=headers)


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up (a closed stream, a dropped keep-alive) is normal here, not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError | OSError):
            super().handle_error(request, client_address)


@dataclass
class Received:
    """One request as the server saw it."""

    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    started: float
    ended: float = 0.0
    disconnected: bool = False


class StubServer:
    """An OpenAI-compatible server in a background thread; `script` replies are used in order, then `reply`."""

    def __init__(self, script: list[Reply] | None = None, *, reply: str | Callable[[dict[str, Any]], str] | None = None,
                 rate: float | None = None, first_token_delay: float = 0.0, token_chars: int = 1,
                 api_key: str | None = None, models: list[str] | None = None, serial: bool = False,
                 route: Callable[[dict[str, Any]], Reply | None] | None = None,
                 port: int = 0, host: str = "127.0.0.1") -> None:
        self.script: deque[Reply] = deque(script or [])
        self.route = route                    # picks a Reply from the request body (parallel tests); None: script
        self.reply = reply if reply is not None else canned_reply
        self.rate = rate                      # tokens per second per request; None: as fast as possible
        self.first_token_delay = first_token_delay
        self.token_chars = max(1, token_chars)  # characters per streamed chunk ("token")
        self.api_key = api_key                # when set, other keys get a 401 that echoes the key (as a leak trap)
        self.models = models                  # when set, other model names get a 404
        self.requests: list[Received] = []
        self._serial = threading.Lock() if serial else None  # serial=True imitates one llama.cpp slot
        self._lock = threading.Lock()
        self._httpd = _QuietServer((host, port), _make_handler(self))
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port."""
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """The OpenAI base_url (ends in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    def enqueue(self, *replies: Reply) -> StubServer:
        """Script the next requests."""
        with self._lock:
            self.script.extend(replies)
        return self

    def next_reply(self, body: dict[str, Any] | None = None) -> Reply:
        """The routed reply for this request, else the next scripted one, else the default."""
        if self.route is not None and body is not None and (chosen := self.route(body)) is not None:
            return chosen
        with self._lock:
            return self.script.popleft() if self.script else Reply()

    def start(self) -> StubServer:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name="openai-stub")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def chat_requests(self) -> list[Received]:
        """The chat completion requests received so far."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]


def _make_handler(server: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
            pass

        def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                names = server.models or ["stub-model"]
                self._json(200, {"object": "list", "data": [{"id": n, "object": "model", "owned_by": "stub",
                                                             "created": 0} for n in names]})
            else:
                self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            rec = Received(self.path, body, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
            with server._lock:
                server.requests.append(rec)
            if self.path.rstrip("/").endswith("/extras/tokenize/count"):  # llama_cpp.server's extra; 1 token a char
                return self._json(200, {"count": len(str(body.get("input", "")))})
            if not self.path.rstrip("/").endswith("/chat/completions"):
                return self._json(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
            key = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
            if server.api_key is not None and key != server.api_key:
                # Like OpenAI, the message names the key; the client must never pass it on unmasked.
                return self._json(401, {"error": {"message": f"Incorrect API key provided: {key}",
                                                  "type": "invalid_request_error", "code": "invalid_api_key"}})
            if server.models is not None and body.get("model") not in server.models:
                return self._json(404, {"error": {"message": f"The model `{body.get('model')}` does not exist",
                                                  "type": "invalid_request_error", "code": "model_not_found"}})
            reply = server.next_reply(body)
            if reply.status >= 400:
                return self._json(reply.status, reply.error_body or {"error": {"message": "error"}}, reply.headers)
            source = reply.text if reply.text is not None else server.reply
            text = source(body) if callable(source) else source
            if server._serial is not None:
                with server._serial:
                    self._answer(body, reply, text, rec)
            else:
                self._answer(body, reply, text, rec)
            rec.ended = time.monotonic()

        def _answer(self, body: dict[str, Any], reply: Reply, text: str, rec: Received) -> None:
            max_tokens = body.get("max_tokens") or body.get("max_completion_tokens")
            finish = reply.finish_reason
            pieces = [text[i:i + server.token_chars] for i in range(0, len(text), server.token_chars)]
            if max_tokens is not None and len(pieces) > max_tokens:
                pieces, finish = pieces[:max_tokens], "length"
            prompt_tokens = sum(len(str(m.get("content", ""))) for m in body.get("messages") or [])
            usage = {"prompt_tokens": prompt_tokens, "completion_tokens": len(pieces),
                     "total_tokens": prompt_tokens + len(pieces)}
            if reply.cached_tokens is not None:
                usage["prompt_tokens_details"] = {"cached_tokens": reply.cached_tokens}
            if not body.get("stream"):
                return self._json(200, {"id": "stub", "object": "chat.completion", "created": 0,
                                        "model": body.get("model"), "usage": usage, "choices": [
                                            {"index": 0, "finish_reason": finish,
                                             "message": {"role": "assistant", "content": "".join(pieces)}}]})
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            base = {"id": "stub", "object": "chat.completion.chunk", "created": 0, "model": body.get("model")}
            try:
                if server.first_token_delay:
                    time.sleep(server.first_token_delay)
                self._event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                                  "finish_reason": None}]})
                sent = 0
                t0 = time.monotonic()
                for n, piece in enumerate(pieces):
                    if reply.cut_after is not None and sent >= reply.cut_after:
                        # Drop the connection without the terminating chunk: a real mid-stream failure.
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                        return
                    if server.rate:
                        time.sleep(max(0.0, t0 + n / server.rate - time.monotonic()))
                    self._event({**base, "choices": [{"index": 0, "delta": {"content": piece},
                                                      "finish_reason": None}]})
                    sent += len(piece)
                if reply.stream_error is not None:
                    self._event({"error": reply.stream_error})
                else:
                    self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
                    if (body.get("stream_options") or {}).get("include_usage"):
                        self._event({**base, "choices": [], "usage": usage})
                self._chunk(b"data: [DONE]\n\n")
                self._chunk(b"")
            except (BrokenPipeError, ConnectionResetError, OSError):
                rec.disconnected = True  # the client closed the stream (the stop button)
                self.close_connection = True

        def _event(self, payload: dict[str, Any]) -> None:
            self._chunk(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted; replies are canned Chinese paragraphs sized to the prompt's “约N字”."""
    ap = argparse.ArgumentParser(description="OpenAI-compatible stub server for drafter tests and benchmarks")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--rate", type=float, default=None, help="tokens per second per request")
    ap.add_argument("--first-token-delay", type=float, default=0.0, help="seconds before the first token")
    ap.add_argument("--token-chars", type=int, default=1, help="characters per streamed token")
    ap.add_argument("--reply-file", type=Path, default=None,
                    help="UTF-8 text; paragraphs (blank-line separated) replace the canned sentences")
    ap.add_argument("--serial", action="store_true", help="one request at a time, like a single llama.cpp slot")
    ap.add_argument("--api-key", default=None, help="require this key (others get 401)")
    args = ap.parse_args(argv)
    reply: Callable[[dict[str, Any]], str] = canned_reply
    if args.reply_file:
        paragraphs = [p.strip() for p in args.reply_file.read_text(encoding="utf-8").split("\n\n") if p.strip()]

        def reply(body: dict[str, Any]) -> str:
            return canned_reply(body, paragraphs)

    srv = StubServer(reply=reply, rate=args.rate, first_token_delay=args.first_token_delay,
                     token_chars=args.token_chars, serial=args.serial, api_key=args.api_key,
                     port=args.port, host=args.host)
    print(f"openai stub server on {srv.base_url}", flush=True)
    try:
        srv._httpd.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        srv._httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
