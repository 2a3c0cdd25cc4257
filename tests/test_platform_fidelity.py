"""Issue 12, the server side of platform fidelity: JamAI Base's validation status and its RAG
references (an object, streamed first as its own event). Real uvicorn servers, raw httpx and the
generated client, as a user of each platform's SDK would meet them."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support import serve
from unified_chat import Client, UnprocessableEntityError
from unified_chat._platforms import PLATFORMS
from unified_chat.server import create_app

from unispec.backend import ReferenceBackend

KEY = "sk-fidelity"
AUTH = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
USER = [{"role": "user", "content": "How many days of paid leave do I get?"}]


@contextlib.contextmanager
def served(platform: str, **kwargs: Any) -> Iterator[tuple[str, httpx.Client]]:
    with serve(create_app(ReferenceBackend(), platform=platform, api_key=KEY, **kwargs)) as url:
        with httpx.Client(base_url=url + PLATFORMS[platform].base_path, headers=AUTH, timeout=10) as http:
            yield url, http


def chat(http: httpx.Client, raw: bytes | dict[str, Any]) -> httpx.Response:
    content = raw if isinstance(raw, bytes) else json.dumps(raw).encode()
    return http.post("/chat/completions", content=content)


# --- the status of an invalid request ----------------------------------------------------------------

INVALID = [
    pytest.param(b'{"messages": [', "invalid_json", None, id="malformed-json"),
    pytest.param(b"", "missing_required_parameter", "messages", id="empty-body"),
    pytest.param({"messages": USER, "wizard": 1}, "unknown_parameter", "wizard", id="unknown-field"),
    pytest.param({"messages": USER, "n": -1}, "invalid_value", "n", id="schema"),
    pytest.param({"messages": USER, "max_tokens": 5000}, "invalid_value", "max_tokens", id="limits"),
    # the backend's own check: a token id beyond its vocabulary
    pytest.param({"messages": USER, "logit_bias": {"99999": 1}}, "invalid_value", "logit_bias", id="backend"),
]


@pytest.mark.parametrize(("raw", "code", "param"), INVALID)
def test_an_invalid_request_gets_the_platforms_status(raw: Any, code: str, param: str | None) -> None:
    model = {"jamai": "unispec/unispec-mini", "openai": "unispec-mini"}
    for platform, status in (("jamai", 422), ("openai", 400), ("unify", 400)):
        assert PLATFORMS[platform].validation_status == status
        with served(platform) as (_, http):
            body = raw
            if isinstance(raw, dict):
                body = {"model": model.get(platform, PLATFORMS[platform].model_id("unispec-mini", "unispec")), **raw}
                if platform == "jamai":
                    body.pop("model")  # optional there
            r = chat(http, body)
            assert r.status_code == status, (platform, r.text[:200])
            error = r.json()["error"]
            assert error["code"] == code and error["param"] == param and error["type"] == "invalid_request_error"


def test_jamai_rule_refusal_is_the_sdks_bad_input_status() -> None:
    """JamAI's SDK maps 422 to BadInputError; the generated client types it UnprocessableEntityError."""
    with served("jamai") as (url, _):
        with Client(platform="jamai", api_key=KEY, base_url=url, max_retries=0) as c:
            with pytest.raises(UnprocessableEntityError) as info:
                c.chat.completions.create(messages=USER, temperature=0.0001)
            assert info.value.status_code == 422 and info.value.param == "temperature"
    # other statuses keep theirs: an unknown model is 404, a missing key 401, a wrong type 415
    with served("jamai") as (_, http):
        assert chat(http, {"model": "nope/none", "messages": USER}).status_code == 404
        assert http.post("/chat/completions", content=b"{}", headers={"Authorization": ""}).status_code == 401
        assert http.post("/chat/completions", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415
