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
