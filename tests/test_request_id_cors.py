"""Issue 12: `x-request-id` on every answer of the server, and CORS for browser clients (off unless
asked for). Real uvicorn servers and raw httpx, as a browser or a log-correlating client sees them."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from support import serve
from unified_chat.server import ChatHandler, create_app

from unispec.backend import ReferenceBackend

KEY = "sk-request-id"
AUTH = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
BODY = b'{"model": "unispec-mini", "messages": [{"role": "user", "content": "Say hello."}]}'
GENERATED = re.compile(r"req_[0-9a-f]{24}")


def rid(r: httpx.Response) -> str:
    values = r.headers.get_list("x-request-id")
    assert len(values) == 1, (r.status_code, r.headers)
    return values[0]


def test_every_answer_carries_a_request_id() -> None:
    with serve(create_app(ReferenceBackend(), platform="openai", api_key=KEY)) as url, httpx.Client(base_url=url) as c:
        answers = {
            "ok": c.post("/v1/chat/completions", content=BODY, headers=AUTH),
            "streamed": c.post("/v1/chat/completions", content=BODY[:-1] + b', "stream": true}', headers=AUTH),
            "unauthorized": c.post("/v1/chat/completions", content=BODY),
            "invalid": c.post("/v1/chat/completions", content=b"{", headers=AUTH),
            "model-not-found": c.post(
                "/v1/chat/completions", content=BODY.replace(b"unispec-mini", b"nope"), headers=AUTH
            ),
            "not-found": c.get("/nowhere"),
            "method-not-allowed": c.get("/v1/chat/completions"),
            "models": c.get("/v1/models", headers=AUTH),
            "openapi": c.get("/openapi.json"),
        }
        statuses = {name: r.status_code for name, r in answers.items()}
        assert statuses == {
            "ok": 200,
            "streamed": 200,
            "unauthorized": 401,
            "invalid": 400,
            "model-not-found": 404,
            "not-found": 404,
            "method-not-allowed": 405,
            "models": 200,
            "openapi": 200,
        }
        ids = {name: rid(r) for name, r in answers.items()}
        assert all(GENERATED.fullmatch(v) for v in ids.values()), ids
        assert len(set(ids.values())) == len(ids)  # one per request
        assert answers["streamed"].text.endswith("data: [DONE]\n\n")


def test_not_implemented_answer_carries_one() -> None:
    with serve(create_app(ChatHandler(), platform="openai")) as url:  # implements nothing: 501s
        r = httpx.get(f"{url}/v1/models")
        assert r.status_code == 501 and GENERATED.fullmatch(rid(r))


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [
        ("trace-42", True),
        ("0af7651916cd43dd8448eb211c80319c", True),
        ("x" * 128, True),
        ("x" * 129, False),  # too long
        ("two words", False),  # a space
        ("", False),
        ("tab\there", False),
    ],
)
def test_a_sane_client_request_id_is_echoed(sent: str, echoed: bool) -> None:
    with serve(create_app(ReferenceBackend(), platform="openai")) as url, httpx.Client(base_url=url) as c:
        for r in (
            c.post(
                "/v1/chat/completions", content=BODY, headers={"Content-Type": "application/json", "X-Request-ID": sent}
            ),
            c.get("/nowhere", headers={"x-request-id": sent}),
        ):
            got = rid(r)
            assert (got == sent) if echoed else (GENERATED.fullmatch(got) is not None), (sent, got)


def test_a_non_ascii_request_id_is_replaced() -> None:
    with serve(create_app(ReferenceBackend(), platform="openai")) as url:
        r = httpx.post(
            f"{url}/v1/chat/completions",
            content=BODY,
            headers=[(b"content-type", b"application/json"), (b"x-request-id", "caf\u00e9".encode())],
        )
        assert r.status_code == 200 and GENERATED.fullmatch(rid(r))


def test_a_request_id_with_user_middleware_too() -> None:
    """With a middleware of the user's, requests take the full stack; the header is added once."""
    app = create_app(ReferenceBackend(), platform="openai")

    @app.middleware("http")
    async def tag(request: Any, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["x-tagged"] = "1"
        return response

    with serve(app) as url, httpx.Client(base_url=url) as c:
        r = c.post(
            "/v1/chat/completions", content=BODY, headers={"Content-Type": "application/json", "x-request-id": "abc"}
        )
        assert r.status_code == 200 and r.headers["x-tagged"] == "1" and rid(r) == "abc"
        assert GENERATED.fullmatch(rid(c.get("/nowhere")))


# --- CORS, off unless asked for -----------------------------------------------------------------------

ORIGIN = "https://app.example"


def preflight(
    c: httpx.Client, path: str, origin: str = ORIGIN, headers: str = "authorization,content-type"
) -> httpx.Response:
    return c.options(
        path,
        headers={"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": headers},
    )


def test_without_cors_there_are_no_cors_headers_and_preflight_is_refused() -> None:
    with serve(create_app(ReferenceBackend(), platform="openai")) as url, httpx.Client(base_url=url) as c:
        assert preflight(c, "/v1/chat/completions").status_code == 405
        assert preflight(c, "/elsewhere").status_code == 404
        r = c.post("/v1/chat/completions", content=BODY, headers={"Content-Type": "application/json", "Origin": ORIGIN})
        assert r.status_code == 200
        assert not [h for h in r.headers if h.lower().startswith("access-control-")]


@pytest.mark.parametrize(
    ("platform", "auth_headers"),
    [
        ("openai", ["authorization"]),
        ("sgp", ["x-api-key", "x-selected-account-id"]),
        ("jamai", ["authorization", "x-user-id", "x-project-id"]),
    ],
)
def test_cors_preflight_allows_the_profiles_headers(platform: str, auth_headers: list[str]) -> None:
    from unified_chat._platforms import PLATFORMS

    base = PLATFORMS[platform].base_path
    app = create_app(ReferenceBackend(), platform=platform, cors_origins=[ORIGIN, "https://two.example"])
    with serve(app) as url, httpx.Client(base_url=url) as c:
        r = preflight(c, f"{base}/chat/completions", headers=",".join([*auth_headers, "content-type", "x-request-id"]))
        assert r.status_code == 200, r.text
        assert r.headers["access-control-allow-origin"] == ORIGIN
        assert {"GET", "POST"} <= {m.strip() for m in r.headers["access-control-allow-methods"].split(",")}
        allowed = {h.strip().lower() for h in r.headers["access-control-allow-headers"].split(",")}
        assert {*auth_headers, "content-type", "x-request-id"} <= allowed
        # A browser SDK's own headers too: the openai npm SDK sends X-Stainless-* on every call.
        stainless = preflight(c, f"{base}/chat/completions", headers="authorization,x-stainless-lang,x-stainless-retry-count")
        assert stainless.status_code == 200 and "x-stainless-lang" in stainless.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in stainless.headers
        assert GENERATED.fullmatch(rid(r))
        # another allowed origin is echoed; an origin not listed is refused, with no allow-origin
        assert (
            preflight(c, f"{base}/chat/completions", "https://two.example").headers["access-control-allow-origin"]
            == "https://two.example"
        )
        refused = preflight(c, f"{base}/chat/completions", "https://evil.example")
        assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


def test_cors_answers_carry_allow_origin_and_expose_the_request_id() -> None:
    app = create_app(ReferenceBackend(), platform="openai", api_key=KEY, cors_origins=[ORIGIN])
    with serve(app) as url, httpx.Client(base_url=url) as c:
        sent = {**AUTH, "Origin": ORIGIN, "x-request-id": "browser-1"}
        for body in (BODY, BODY[:-1] + b', "stream": true}'):
            r = c.post("/v1/chat/completions", content=body, headers=sent)
            assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ORIGIN
            assert "x-request-id" in r.headers["access-control-expose-headers"].lower()
            assert rid(r) == "browser-1"
        denied = c.post("/v1/chat/completions", content=BODY, headers={"Origin": ORIGIN})  # no key: 401, still readable
        assert (
            denied.status_code == 401
            and denied.headers["access-control-allow-origin"] == ORIGIN
            and GENERATED.fullmatch(rid(denied))
        )
        # a request from an origin not allowed is answered, without the header (the browser hides it)
        other = c.post("/v1/chat/completions", content=BODY, headers={**AUTH, "Origin": "https://evil.example"})
        assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
        # no Origin at all (curl, SDKs): no CORS headers
        assert "access-control-allow-origin" not in c.post("/v1/chat/completions", content=BODY, headers=AUTH).headers


def test_cors_any_origin() -> None:
    with (
        serve(create_app(ReferenceBackend(), platform="openai", cors_origins=["*"])) as url,
        httpx.Client(base_url=url) as c,
    ):
        r = preflight(c, "/v1/chat/completions", "https://anything.example")
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
        got = c.post(
            "/v1/chat/completions",
            content=BODY,
            headers={"Content-Type": "application/json", "Origin": "https://x.example"},
        )
        assert got.headers["access-control-allow-origin"] == "*"


def test_serve_cors_origin_flag() -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from unispec.serve import free_port

    port = free_port()
    cmd = [sys.executable, "-m", "unispec", "serve", "--platform", "sgp", "--port", str(port),
           "--cors-origin", ORIGIN, "--cors-origin", "https://two.example"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            try:
                r = preflight(
                    httpx.Client(base_url=f"http://127.0.0.1:{port}"),
                    "/v5/chat/completions",
                    "https://two.example",
                    "x-api-key",
                )
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://two.example"
        assert "x-api-key" in r.headers["access-control-allow-headers"].lower()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
    assert f"CORS:   {ORIGIN}, https://two.example" in out
