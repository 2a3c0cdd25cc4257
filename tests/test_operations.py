"""Operations come from the spec's paths (issue 10).

A new operation added to a copy of the spec (its path, request and response schemas, nothing
else) gets, with no template or Python edit: validate's lints, a client method (sync, async, raw)
that reaches it, a server route that answers, a handler method (501 until implemented), and a
contract case. Besides, every operation of the real spec reaches `unispec serve` on every platform
that has it, in that platform's own shape.
"""

from __future__ import annotations

import base64
import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from unified_chat import Client, UnsupportedOperationError, models
from unified_chat._operations import OPERATIONS

from unispec.serve import build_app, serve_in_thread

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "spec" / "openapi.yaml"
KEY = "sk-ops"

MODERATION_PATH = """
  /moderations:
    post:
      operationId: createModeration
      x-unispec-method: moderations.create
      summary: Classify text
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/ModerationRequest"
            examples:
              one:
                summary: One text
                value:
                  input: I like the river.
      responses:
        "200":
          description: The verdict.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ModerationResult"
"""
MODERATION_SCHEMAS = """
    ModerationRequest:
      type: object
      description: The body of `POST /moderations`.
      additionalProperties: false
      required: [input]
      properties:
        input:
          type: string
          minLength: 1
          description: The text to classify.
          x-argument-class: unified
          x-platforms: [openai, unify, jamai, generic, bifrost, sgp]
    ModerationResult:
      type: object
      description: Whether the text is flagged.
      required: [flagged]
      properties:
        flagged:
          type: boolean
          description: True when the text breaks the policy.
        length:
          type: integer
          description: The text's length.
"""


def _spec_with_moderation(tmp_path: Path, schemas: str = MODERATION_SCHEMAS) -> Path:
    text = SPEC.read_text(encoding="utf-8")
    text = text.replace("\ncomponents:\n", MODERATION_PATH.rstrip("\n") + "\n\ncomponents:\n", 1)
    text = text.rstrip("\n") + "\n" + schemas
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _unispec(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unispec", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=240
    )


SCRIPT = r"""
import asyncio, json, sys
sys.path.insert(0, sys.argv[1])
import unified_chat  # the package generated from the spec copy, before the toolkit imports it
assert unified_chat.__file__.startswith(sys.argv[1]), unified_chat.__file__
from unified_chat import AsyncClient, Client, NotFoundError, models
from unified_chat.server import ChatHandler, RequestContext, ServerError, create_app
from unispec.backend import ReferenceBackend
from unispec.contract import run
from unispec.serve import serve_in_thread
from unispec.spec import load_spec

class Handler(ReferenceBackend):
    async def create_moderation(self, request: models.ModerationRequest, context: RequestContext) -> models.ModerationResult:
        return models.ModerationResult(flagged="hate" in request.input, length=len(request.input))

out = {}
with serve_in_thread(create_app(Handler(), platform="unify", api_key="k")) as url:
    client = Client(platform="unify", api_key="k", base_url=url)
    answer = client.moderations.create(input="I hate bugs")
    out["typed"] = type(answer).__name__
    out["answer"] = answer.model_dump()
    raw = client.moderations.with_raw_response.create(input="calm")
    out["raw"] = [raw.status_code, raw.parse().flagged]
    async def use_async():
        async with AsyncClient(platform="unify", api_key="k", base_url=url) as c:
            return (await c.moderations.create(input="hate")).flagged
    out["async"] = asyncio.run(use_async())
    try:
        client.moderations.create(input="")
    except Exception as exc:
        out["bad"] = [type(exc).__name__, exc.param]
    report = run(load_spec(sys.argv[2]), base_url=url, platform="unify", api_key="k", progress=None,
                 only=["operation.*"])
    out["contract"] = {r.case.id: [r.outcome.verdict, r.outcome.detail] for r in report.results}
with serve_in_thread(create_app(ChatHandler(), platform="openai")) as url:
    import httpx
    r = httpx.post(url + "/v1/moderations", json={"input": "x"})
    out["unimplemented"] = [r.status_code, r.json()["error"]["code"]]
print(json.dumps(out))
"""


def test_an_operation_added_to_the_spec_reaches_everything(tmp_path: Path) -> None:
    spec = _spec_with_moderation(tmp_path)
    validated = _unispec("validate", "--spec", spec, cwd=tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr

    out = tmp_path / "out"
    generated = _unispec("generate", "--spec", spec, "--out", out, "--templates", REPO / "templates", cwd=tmp_path)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert (out / "unified_chat" / "resources" / "moderations.py").is_file()
    server_code = (out / "unified_chat" / "server.py").read_text(encoding="utf-8")
    assert "async def create_moderation(" in server_code

    r = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out), str(spec)], cwd=tmp_path, capture_output=True, text=True, timeout=240
    )
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got["typed"] == "ModerationResult"
    assert got["answer"] == {"flagged": True, "length": 11}
    assert got["raw"] == [200, False]
    assert got["async"] is True
    assert got["bad"] == ["BadRequestError", "input"]  # the spec's minLength, enforced by the route
    verdict, detail = got["contract"]["operation.moderations.create"]
    assert verdict == "honoured" and "ModerationResult" in detail, detail
    assert got["unimplemented"] == [501, "not_implemented"]


def test_validate_lints_a_new_operations_request(tmp_path: Path) -> None:
    broken = MODERATION_SCHEMAS.replace("          x-argument-class: unified\n", "", 1)
    spec = _spec_with_moderation(tmp_path, broken)
    r = _unispec("validate", "--spec", spec, cwd=tmp_path)
    assert r.returncode == 1
    assert "ModerationRequest/properties/input" in r.stdout and "x-argument-class" in r.stdout, r.stdout


# --- the real spec's other operations against `unispec serve` ---------------------------------------

SERVED = {
    (op.name, platform): op for op in OPERATIONS for platform in op.platforms
}


@pytest.fixture(scope="module")
def servers():
    with serve_in_thread(build_app(platform="openai", api_key=KEY, access_log=False)) as openai, serve_in_thread(
        build_app(platform="unify", api_key=KEY, access_log=False)
    ) as unify, serve_in_thread(build_app(platform="jamai", api_key=KEY, access_log=False)) as jamai, serve_in_thread(
        build_app(platform="bifrost", api_key=KEY, access_log=False)
    ) as bifrost, serve_in_thread(build_app(platform="sgp", api_key=KEY, access_log=False)) as sgp, serve_in_thread(
        build_app(platform="generic", api_key=KEY, access_log=False)
    ) as generic:
        yield {"openai": openai, "unify": unify, "jamai": jamai, "bifrost": bifrost, "sgp": sgp, "generic": generic}


def _client(servers: dict[str, str], platform: str) -> Client:
    return Client(platform=platform, api_key=KEY, base_url=servers[platform], max_retries=0)


@pytest.mark.parametrize("platform", [p for p in ("openai", "bifrost", "generic", "unify", "jamai", "sgp")])
def test_embeddings_where_served(servers: dict[str, str], platform: str) -> None:
    c = _client(servers, platform)
    if ("embeddings.create", platform) not in SERVED:
        with pytest.raises(UnsupportedOperationError):
            c.embeddings.create(model="x", input="y")
        return
    model = c.model_id("unispec-embed", provider="unispec")
    two = c.embeddings.create(model=model, input=["the river runs", "the river runs"], dimensions=32)
    assert [d.index for d in two.data] == [0, 1]
    a, b = (d.embedding for d in two.data)
    assert a == b and len(a) == 32  # stable: the same input, the same vector
    assert abs(sum(x * x for x in a) - 1.0) < 1e-9  # a unit vector, after shortening too
    other = c.embeddings.create(model=model, input="a quite different sentence", dimensions=32).data[0].embedding
    assert other != a
    packed = c.embeddings.create(model=model, input="the river runs", dimensions=32, encoding_format="base64")
    assert isinstance(packed.data[0].embedding, str)
    floats = struct.unpack("<32f", base64.b64decode(packed.data[0].embedding))
    assert max(abs(x - y) for x, y in zip(floats, a, strict=True)) < 1e-6  # float32 of the same vector
    tokens = c.embeddings.create(model=model, input=[[1, 2, 3], [4, 5]])
    assert len(tokens.data) == 2 and tokens.usage is not None and tokens.usage.prompt_tokens == 5
    with pytest.raises(Exception) as too_many:
        c.embeddings.create(model=model, input="x", dimensions=100000)
    assert getattr(too_many.value, "param", None) == "dimensions"


@pytest.mark.parametrize("platform", ["openai", "bifrost", "sgp", "unify"])
def test_legacy_completions_where_served(servers: dict[str, str], platform: str) -> None:
    c = _client(servers, platform)
    model = c.model_id("unispec-large", provider="unispec")
    if ("completions.create", platform) not in SERVED:
        with pytest.raises(UnsupportedOperationError):
            c.completions.create(model=model, prompt="x")
        return
    plain = c.completions.create(model=model, prompt="The model", max_tokens=6, seed=1)
    assert isinstance(plain, models.Completion) and plain.object == "text_completion"
    assert plain.usage is not None and 0 < plain.usage.completion_tokens <= 6
    streamed = "".join(
        ch.choices[0].text for ch in c.completions.create(model=model, prompt="The model", max_tokens=6, seed=1, stream=True) if ch.choices
    )
    assert streamed == plain.choices[0].text
    echoed = c.completions.create(model=model, prompt="The model", max_tokens=3, seed=1, echo=True, n=2)
    assert len(echoed.choices) == 2 and all(ch.text.startswith("The model") for ch in echoed.choices)
    with_logprobs = c.completions.create(model=model, prompt="The model", max_tokens=3, logprobs=2)
    lp = with_logprobs.choices[0].logprobs
    assert lp is not None and "".join(lp.tokens or []) == with_logprobs.choices[0].text


def test_each_platform_lists_in_its_own_shape(servers: dict[str, str]) -> None:
    shapes = {platform: _client(servers, platform).models.list() for platform in servers}
    assert shapes["unify"] == ["unispec-large", "unispec-mini", "unispec-broken"]
    assert isinstance(shapes["jamai"], models.JamaiModelInfoList) and shapes["jamai"].object == "models.info"
    assert isinstance(shapes["sgp"], models.SgpModelList) and shapes["sgp"].items[0].model_vendor == "unispec"
    assert isinstance(shapes["bifrost"], models.BifrostModelList) and "object" not in shapes["bifrost"].model_fields_set
    assert isinstance(shapes["openai"], models.ModelList) and isinstance(shapes["generic"], models.ModelList)
    unify = _client(servers, "unify")
    assert unify.endpoints.list(model="unispec-mini") == ["unispec-mini@unispec"]
    assert unify.providers.list() == ["unispec"]
    assert unify.models.list(provider="elsewhere") == []
    jamai = _client(servers, "jamai")
    # JamAI's ids are `{provider}/{model}`: its SDK refuses a listing of bare ones.
    assert jamai.models.ids(prefer="unispec/unispec-mini")[0] == "unispec/unispec-mini"
    assert all(m.id.startswith("unispec/") for m in shapes["jamai"].data)
    # Scale's listing is at its own path; Unify's own listings are only on Unify.
    raw = _client(servers, "sgp").models.with_raw_response.list()
    assert raw.http_response.url.path == "/v5/chat/completions/models"
    with pytest.raises(UnsupportedOperationError):
        _client(servers, "openai").endpoints.list()


def test_the_served_openapi_lists_only_what_the_app_serves(servers: dict[str, str]) -> None:
    import httpx

    for platform, url in servers.items():
        doc = httpx.get(url + "/openapi.json").json()
        served = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
        expected = {(op.method, op.paths.get(platform, op.path)) for op in OPERATIONS if op.serves(platform)}
        assert served == expected, platform
        for path, item in doc["paths"].items():
            for method in item:
                r = httpx.request(method.upper(), url + doc["servers"][0]["url"] + path, headers=_client(servers, platform).platform.auth_headers(KEY), json={} if method == "post" else None)
                assert r.status_code != 404, (platform, method, path)


def test_operation_table_is_the_specs() -> None:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    from_spec = {(method.upper(), path, op["x-unispec-method"]) for path, item in spec["paths"].items() for method, op in item.items()}
    assert {(op.method, op.path, op.name) for op in OPERATIONS} == from_spec
