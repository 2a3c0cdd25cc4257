"""Issue 4: the reference backend honours every request parameter, one test per bullet, through the
generated client over a real socket (`unispec.serve.background`, or our own `ReferenceBackend` behind
`create_app` when the test needs `backend.logs`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from support import serve
from unified_chat import Client, models
from unified_chat._exceptions import APIStatusError, BadRequestError, InternalServerError, NotFoundError
from unified_chat._operations import CREATE_CHAT_COMPLETION
from unified_chat.server import create_app

from unispec.backend import TOKEN_ID, VOCAB, ReferenceBackend, tokenize
from unispec.serve import background

KEY = "sk-backend-test"
PLATFORMS = ("openai", "unify", "jamai", "generic", "bifrost", "sgp")
P = "sgp"  # accepts nearly every OpenAI parameter, and top_k
USER = [{"role": "user", "content": "Tell me about the weather."}]
SEEDS = range(6)

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
            "required": ["city", "unit"],
        },
    },
}
BOOK = {
    "type": "function",
    "function": {
        "name": "book_table",
        "parameters": {
            "type": "object",
            "properties": {
                "guests": {"type": "integer", "minimum": 1, "maximum": 12},
                "date": {"type": "string", "minLength": 10, "maxLength": 10},
                "options": {"type": "array", "items": {"type": "string", "enum": ["window", "quiet", "terrace"]}},
            },
            "required": ["guests", "date", "options"],
            "additionalProperties": False,
        },
    },
}
SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "rating": {"type": "integer", "minimum": 1, "maximum": 5},
        "mood": {"type": "string", "enum": ["happy", "sad", "neutral"]},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3},
        "author": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "age": {"type": "integer", "exclusiveMinimum": 17, "maximum": 120},
            },
            "required": ["name", "age"],
            "additionalProperties": False,
        },
    },
    "required": ["title", "rating", "mood", "tags", "author"],
    "additionalProperties": False,
}


# --- servers and clients -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[Callable[[str], Client]]:
    """`client(platform)`: a generated client against `unispec serve` as that platform (started once)."""
    with contextlib.ExitStack() as stack:
        made: dict[str, Client] = {}

        def get(platform: str = P) -> Client:
            if platform not in made:
                url = stack.enter_context(background(platform, KEY))
                made[platform] = Client(platform=platform, api_key=KEY, base_url=url, max_retries=0, timeout=10)
                stack.callback(made[platform].close)
            return made[platform]

        yield get


@pytest.fixture
def c(client: Callable[[str], Client]) -> Client:
    return client(P)


def large(c: Client) -> str:
    return c.model_id("unispec-large", "unispec")


def mini(c: Client) -> str:
    return c.model_id("unispec-mini", "unispec")


def cap(c: Client, n: int) -> dict[str, int]:
    """A token limit in whichever of max_tokens / max_completion_tokens the platform accepts."""
    return {"max_tokens" if "max_tokens" in c.platform.accepts else "max_completion_tokens": n}


def create(c: Client, **kwargs: Any) -> Any:
    kwargs.setdefault("model", large(c))
    kwargs.setdefault("messages", USER)
    return c.chat.completions.create(**kwargs)


def text(c: Client, **kwargs: Any) -> str:
    return create(c, **kwargs).choices[0].message.content


def collect(c: Client, **kwargs: Any) -> list[Any]:
    with create(c, stream=True, **kwargs) as stream:
        return list(stream)


@contextlib.contextmanager
def own_backend(platform: str, keep_logs: int = 100) -> Iterator[tuple[Client, ReferenceBackend]]:
    backend = ReferenceBackend(keep_logs=keep_logs)
    with serve(create_app(backend, platform=platform, api_key=KEY)) as url:
        with Client(platform=platform, api_key=KEY, base_url=url, max_retries=0, timeout=10) as cl:
            yield cl, backend


def message_tokens(messages: list[dict[str, Any]]) -> int:
    total = 0
    for m in messages:
        content = m.get("content")
        if isinstance(content, list):
            words = sum(len(tokenize(p["text"])) for p in content if p.get("type") == "text")
        else:
            words = len(tokenize(content or ""))
        total += words + 3
    return total


# --- messages, model ids, /models ----------------------------------------------------------------------

ALL_ROLES = [
    {"role": "system", "content": "You are a helpful model."},
    {"role": "developer", "content": "Answer in one sentence."},
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is in this picture, and the sound?"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}},
            {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
            {"type": "file", "file": {"filename": "notes.txt", "file_data": "aGVsbG8="}},
            {"type": "text", "text": "Also the weather, please."},
        ],
    },
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "Mild and sunny, 21 degrees."},
    {"role": "assistant", "content": None, "function_call": {"name": "get_weather", "arguments": '{"city": "Lyon"}'}},
    {"role": "function", "name": "get_weather", "content": "Cloudy in Lyon."},
    {"role": "user", "content": "Thanks, and now?"},
]


def test_every_role_and_content_part_is_read_and_counted(client: Callable[[str], Client]) -> None:
    c = client("openai")
    result = create(c, messages=ALL_ROLES, temperature=0)
    assert result.choices[0].finish_reason == "stop"
    assert result.choices[0].message.role == "assistant"
    assert result.choices[0].message.content
    # Every message counts: its text parts (not the image/audio/file payloads) plus 3.
    assert result.usage.prompt_tokens == message_tokens(ALL_ROLES)
    # Each message changes the prompt: dropping any one of them changes the count by exactly its share.
    for k in range(len(ALL_ROLES) - 1):
        fewer = ALL_ROLES[:k] + ALL_ROLES[k + 1 :]
        assert create(c, messages=fewer, temperature=0).usage.prompt_tokens == message_tokens(fewer)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_model_ids_in_the_platform_format(client: Callable[[str], Client], platform: str) -> None:
    c = client(platform)
    model = large(c)
    assert model == c.platform.model_id("unispec-large", "unispec")
    result = create(c, model=model, **cap(c, 3))
    assert result.model == model
    unknown = c.model_id("no-such-model", "unispec")
    with pytest.raises(NotFoundError) as info:
        create(c, model=unknown)
    assert info.value.status_code == 404 and info.value.param == "model"
    assert info.value.code == "model_not_found"
    # the raw body is the error envelope
    body = info.value.body
    assert set(body["error"]) >= {"message", "type", "param", "code"} and body["error"]["param"] == "model"


@pytest.mark.parametrize(
    ("platform", "wrong"),
    [
        ("unify", "unispec-large"),
        ("bifrost", "unispec-large"),
        ("sgp", "unispec-large"),
        ("unify", "unispec-large@openai"),
        ("bifrost", "openai/unispec-large"),
    ],
)
def test_model_id_in_a_foreign_format_or_provider_is_404(
    client: Callable[[str], Client], platform: str, wrong: str
) -> None:
    with pytest.raises(NotFoundError) as info:
        create(client(platform), model=wrong)
    assert info.value.param == "model"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_models_lists_what_it_serves(client: Callable[[str], Client], platform: str) -> None:
    c = client(platform)
    listed = c.models.list()
    served = ("unispec-mini", "unispec-large", "unispec-broken")
    # Each platform's own shape: Unify's bare model names, Scale's `items`, the others' `data`.
    if isinstance(listed, list):
        assert sorted(listed) == sorted(served)
        ids = [c.platform.model_id(name, "unispec") for name in listed]
    elif isinstance(listed, models.SgpModelList):
        ids = [f"{m.model_vendor}/{m.model_name}" for m in listed.items]
    else:
        ids = [m.id for m in listed.data]
    assert type(listed).__name__ == {"unify": "list", "jamai": "JamaiModelInfoList", "sgp": "SgpModelList", "bifrost": "BifrostModelList"}.get(platform, "ModelList")
    assert sorted(ids) == sorted(c.platform.model_id(m, "unispec") for m in served)
    for model in ids:
        assert c.platform.model_pattern.match(model)
    # every listed id but the broken one answers
    for model in ids:
        if "broken" not in model:
            assert create(c, model=model, **cap(c, 2)).model == model


# --- n, max tokens, stop -------------------------------------------------------------------------------


def test_n_distinct_choices_at_positive_temperature(c: Client) -> None:
    for n in (2, 4):
        result = create(c, n=n, temperature=1, seed=11)
        assert [ch.index for ch in result.choices] == list(range(n))
        texts = [ch.message.content for ch in result.choices]
        assert len(set(texts)) == n, texts
        assert all(ch.finish_reason in ("stop", "length") for ch in result.choices)
    # at temperature 0 all n choices are the greedy one
    result = create(c, n=3, temperature=0)
    assert len(result.choices) == 3 and len({ch.message.content for ch in result.choices}) == 1


@pytest.mark.parametrize("platform", ["sgp", "jamai", "bifrost", "openai", "unify", "generic"])
def test_max_tokens_and_max_completion_tokens(client: Callable[[str], Client], platform: str) -> None:
    c = client(platform)
    # greedy: the 6-token sentence " A good answer is careful."; JamAI's temperature is >= 0.001, so ban "." there
    greedy: dict[str, Any] = (
        {"temperature": 0} if platform != "jamai" else {"temperature": 0.001, "logit_bias": {str(TOKEN_ID["."]): -100}}
    )
    fields = [f for f in ("max_tokens", "max_completion_tokens") if f in c.platform.accepts]
    for field in fields:
        for limit in (1, 3, 5):
            result = create(c, **greedy, **{field: limit})
            content = result.choices[0].message.content
            assert result.choices[0].finish_reason == "length"
            assert result.usage.completion_tokens == limit == len(tokenize(content))
    # Both: max_completion_tokens wins (JamAI Base's documented precedence), either way round.
    if len(fields) < 2:
        return
    for mt, mct in ((2, 4), (4, 2)):
        result = create(c, **greedy, max_tokens=mt, max_completion_tokens=mct)
        assert result.choices[0].finish_reason == "length"
        assert result.usage.completion_tokens == mct == len(tokenize(result.choices[0].message.content))


def test_stop_sequences(c: Client) -> None:
    full = create(c, temperature=0, logit_bias={str(TOKEN_ID["."]): -100}, max_tokens=12)
    unstopped = full.choices[0].message.content
    assert full.choices[0].finish_reason == "length"
    words = tokenize(unstopped)
    stop = words[3]  # a word the unstopped output contains
    assert stop in unstopped
    result = create(c, temperature=0, logit_bias={str(TOKEN_ID["."]): -100}, max_tokens=12, stop=stop)
    content = result.choices[0].message.content
    assert result.choices[0].finish_reason == "stop"
    assert stop not in content
    assert content == unstopped[: unstopped.index(stop)]
    assert result.usage.completion_tokens == len(tokenize(content))
    # up to 4: the earliest one that occurs wins; never in the output
    stops = ["zzz", words[4], words[2], "qqq"]
    result = create(c, temperature=0, logit_bias={str(TOKEN_ID["."]): -100}, max_tokens=12, stop=stops)
    content = result.choices[0].message.content
    assert result.choices[0].finish_reason == "stop"
    assert all(s not in content for s in stops)
    assert content == unstopped[: min(unstopped.index(s) for s in stops if s in unstopped)]
    assert content
    with pytest.raises(BadRequestError) as info:
        create(c, stop=["a", "b", "c", "d", "e"])
    assert info.value.param and info.value.param.startswith("stop")


# --- sampling ------------------------------------------------------------------------------------------


def test_same_seed_same_output_different_seeds_differ(c: Client) -> None:
    params = dict(temperature=1.3, top_p=0.95, frequency_penalty=0.4, presence_penalty=0.2, top_k=20)
    outputs = [text(c, seed=s, **params) for s in SEEDS]
    assert outputs == [text(c, seed=s, **params) for s in SEEDS]
    assert len(set(outputs)) > 1, outputs


def test_temperature_zero_is_greedy(c: Client) -> None:
    outputs = {text(c, seed=s, temperature=0) for s in SEEDS}
    assert len(outputs) == 1
    greedy = outputs.pop()
    # greedy: each token is the argmax; the logprobs say the chosen one is the top one
    result = create(c, temperature=0, logprobs=True, top_logprobs=5)
    assert result.choices[0].message.content == greedy
    for entry in result.choices[0].logprobs.content:
        assert entry.logprob == max(t.logprob for t in entry.top_logprobs)


def test_top_k_1_and_tiny_top_p_equal_greedy(c: Client) -> None:
    greedy = text(c, temperature=0)
    assert {text(c, seed=s, temperature=1.5, top_k=1) for s in SEEDS} == {greedy}
    assert {text(c, seed=s, temperature=1.5, top_p=1e-6) for s in SEEDS} == {greedy}
    # and without them, sampling at that temperature does leave the greedy path
    assert {text(c, seed=s, temperature=1.5) for s in SEEDS} != {greedy}


def test_logit_bias_ban(c: Client) -> None:
    greedy = text(c, temperature=0)
    banned = tokenize(greedy)[1]
    assert banned in tokenize(greedy)
    out = text(c, temperature=0, logit_bias={str(TOKEN_ID[banned]): -100})
    assert banned not in tokenize(out)
    assert out != greedy
    # also when sampling
    for s in SEEDS:
        assert banned not in tokenize(text(c, seed=s, temperature=1.5, logit_bias={str(TOKEN_ID[banned]): -100}))


def test_logit_bias_force(c: Client) -> None:
    forced = " model"
    for s in SEEDS[:3]:
        result = create(c, seed=s, temperature=1, max_tokens=6, logit_bias={str(TOKEN_ID[forced]): 100})
        assert tokenize(result.choices[0].message.content) == [forced] * 6
        assert result.choices[0].finish_reason == "length"
    with pytest.raises(BadRequestError) as info:
        create(c, logit_bias={str(len(VOCAB) + 5): 5})
    assert info.value.param == "logit_bias"


def test_penalties_change_the_output(c: Client) -> None:
    no_period = {str(TOKEN_ID["."]): -100}
    base = text(c, temperature=0, logit_bias=no_period, max_tokens=30)
    assert len(tokenize(base)) != len(set(tokenize(base)))  # it repeats itself
    for penalty in ({"frequency_penalty": 1.5}, {"presence_penalty": 1.5}):
        out = text(c, temperature=0, logit_bias=no_period, max_tokens=30, **penalty)
        assert out != base
        # fewer repeats with the penalty
        assert len(set(tokenize(out))) > len(set(tokenize(base)))
    sampled = [text(c, seed=s, temperature=1) for s in SEEDS]
    penalised = [text(c, seed=s, temperature=1, presence_penalty=2, frequency_penalty=2) for s in SEEDS]
    assert sampled != penalised


# --- logprobs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("top", [0, 1, 3, 5])
def test_logprobs(c: Client, top: int) -> None:
    for s in SEEDS[:3]:
        kwargs = dict(seed=s, temperature=1, logprobs=True)
        if top:
            kwargs["top_logprobs"] = top
        ch = create(c, **kwargs).choices[0]
        entries = ch.logprobs.content
        assert "".join(e.token for e in entries) == ch.message.content
        assert len(entries) == len(tokenize(ch.message.content))
        for e in entries:
            assert e.logprob <= 0
            assert e.bytes == list(e.token.encode())
            alts = e.top_logprobs or []
            assert len(alts) == top
            if top:
                values = [a.logprob for a in alts]
                assert values == sorted(values, reverse=True)
                assert all(v <= 0 for v in values)
                assert e.token in [a.token for a in alts]


def test_logprobs_without_request_are_null(c: Client) -> None:
    assert create(c).choices[0].logprobs is None


def test_logprobs_join_to_content_when_stop_cuts_a_token(c: Client) -> None:
    greedy = text(c, temperature=0)
    word = tokenize(greedy)[2]  # " answer"
    stop = word[3:]  # "swer": inside the token
    ch = create(c, temperature=0, logprobs=True, stop=stop).choices[0]
    assert ch.finish_reason == "stop" and stop not in ch.message.content
    assert "".join(e.token for e in ch.logprobs.content) == ch.message.content


def test_mini_drops_logprobs_or_refuses(client: Callable[[str], Client]) -> None:
    c = client("unify")
    result = create(c, model=mini(c), logprobs=True, top_logprobs=2)
    assert result.choices[0].logprobs is None
    assert result.choices[0].message.content
    result = create(c, model=mini(c), logprobs=True, drop_params=True)
    assert result.choices[0].logprobs is None
    with pytest.raises(BadRequestError) as info:
        create(c, model=mini(c), logprobs=True, drop_params=False)
    assert info.value.status_code == 400 and info.value.param == "logprobs"
    # the large model has them, drop_params or not
    assert create(c, logprobs=True, drop_params=False).choices[0].logprobs.content


# --- tools ---------------------------------------------------------------------------------------------


def check_calls(calls: list[Any], tools: list[dict[str, Any]]) -> None:
    by_name = {t["function"]["name"]: t["function"]["parameters"] for t in tools}
    for call in calls:
        assert call.type == "function" and call.id
        jsonschema.validate(json.loads(call.function.arguments), by_name[call.function.name])
    assert len({call.id for call in calls}) == len(calls)


@pytest.mark.parametrize("choice", [None, "auto", "required"])
def test_tool_calls(c: Client, choice: str | None) -> None:
    tools = [WEATHER, BOOK]
    for s in SEEDS:
        kwargs: dict[str, Any] = dict(tools=tools, seed=s)
        if choice:
            kwargs["tool_choice"] = choice
        ch = create(c, **kwargs).choices[0]
        assert ch.finish_reason == "tool_calls"
        assert [call.function.name for call in ch.message.tool_calls] == ["get_weather", "book_table"]
        check_calls(ch.message.tool_calls, tools)


def test_tool_choice_none_answers_in_text(c: Client) -> None:
    ch = create(c, tools=[WEATHER, BOOK], tool_choice="none", temperature=0).choices[0]
    assert ch.finish_reason == "stop" and not ch.message.tool_calls
    assert ch.message.content == text(c, temperature=0, tools=[WEATHER, BOOK], tool_choice="none", seed=3)


def test_named_tool_choice(c: Client) -> None:
    for name in ("get_weather", "book_table"):
        for s in SEEDS[:3]:
            ch = create(
                c, tools=[WEATHER, BOOK], seed=s, tool_choice={"type": "function", "function": {"name": name}}
            ).choices[0]
            assert ch.finish_reason == "tool_calls"
            assert [call.function.name for call in ch.message.tool_calls] == [name]
            check_calls(ch.message.tool_calls, [WEATHER, BOOK])
    with pytest.raises(BadRequestError) as info:
        create(c, tools=[WEATHER], tool_choice={"type": "function", "function": {"name": "book_table"}})
    assert info.value.param == "tool_choice"


def test_parallel_tool_calls(c: Client) -> None:
    ch = create(c, tools=[WEATHER, BOOK], parallel_tool_calls=True, seed=1).choices[0]
    assert len(ch.message.tool_calls) == 2
    ch = create(c, tools=[WEATHER, BOOK], parallel_tool_calls=False, seed=1).choices[0]
    assert len(ch.message.tool_calls) == 1
    assert ch.finish_reason == "tool_calls"
    check_calls(ch.message.tool_calls, [WEATHER, BOOK])


def test_legacy_functions(c: Client) -> None:
    functions = [WEATHER["function"], BOOK["function"]]
    for call in (None, "auto", {"name": "book_table"}):
        kwargs: dict[str, Any] = dict(functions=functions, seed=4)
        if call is not None:
            kwargs["function_call"] = call
        ch = create(c, **kwargs).choices[0]
        assert ch.finish_reason == "function_call"
        fc = ch.message.function_call
        assert not ch.message.tool_calls
        expected = call["name"] if isinstance(call, dict) else "get_weather"
        assert fc.name == expected
        jsonschema.validate(json.loads(fc.arguments), {f["name"]: f["parameters"] for f in functions}[fc.name])
    ch = create(c, functions=functions, function_call="none", temperature=0).choices[0]
    assert ch.finish_reason == "stop" and ch.message.function_call is None and ch.message.content
    with pytest.raises(BadRequestError) as info:
        create(c, functions=[WEATHER["function"]], function_call={"name": "book_table"})
    assert info.value.param == "function_call"


def test_after_a_tool_result_the_model_answers_in_text(c: Client) -> None:
    first = create(c, tools=[WEATHER], seed=5).choices[0].message
    call = first.tool_calls[0]
    messages = USER + [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump(mode="json", exclude_none=True)]},
        {"role": "tool", "tool_call_id": call.id, "content": "Mild, 21 degrees."},
    ]
    for choice in (None, "auto"):
        kwargs: dict[str, Any] = dict(messages=messages, tools=[WEATHER], seed=5)
        if choice:
            kwargs["tool_choice"] = choice
        ch = create(c, **kwargs).choices[0]
        assert ch.finish_reason == "stop"
        assert not ch.message.tool_calls and ch.message.content
    # required still calls
    assert (
        create(c, messages=messages, tools=[WEATHER], tool_choice="required").choices[0].finish_reason == "tool_calls"
    )


@pytest.mark.parametrize(
    "schema",
    [
        pytest.param(
            {"type": "integer", "maximum": -1},
        ),
        pytest.param(
            {"type": "number", "maximum": -5},
        ),
        pytest.param(
            {"type": "integer", "minimum": 1, "maximum": 100, "multipleOf": 7},
        ),
        pytest.param(
            {"type": "array", "items": {"type": "string", "enum": ["a", "b", "c"]}, "uniqueItems": True, "minItems": 2},
        ),
        pytest.param(
            {"type": "array", "items": {"type": "integer"}, "maxItems": 0},
        ),
        {"type": "integer", "exclusiveMinimum": 3, "exclusiveMaximum": 6},
        {"type": "number", "minimum": 0.5, "maximum": 0.75},
        {"type": "string", "minLength": 4, "maxLength": 6},
        {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 10, "maximum": 11}]},
    ],
    ids=[
        "int-max-only",
        "num-max-only",
        "multipleOf",
        "uniqueItems",
        "maxItems0",
        "int-exclusive",
        "num-range",
        "str-length",
        "anyOf",
    ],
)
def test_tool_arguments_valid_for_schema_keywords(c: Client, schema: dict[str, Any]) -> None:
    tool = {
        "type": "function",
        "function": {"name": "f", "parameters": {"type": "object", "properties": {"x": schema}, "required": ["x"]}},
    }
    for s in range(8):
        call = create(c, tools=[tool], seed=s).choices[0].message.tool_calls[0]
        jsonschema.validate(json.loads(call.function.arguments), tool["function"]["parameters"])


# --- response_format -----------------------------------------------------------------------------------


def test_response_format_json_object(c: Client) -> None:
    for s in SEEDS[:3]:
        ch = create(c, seed=s, response_format={"type": "json_object"}).choices[0]
        value = json.loads(ch.message.content)
        assert isinstance(value, dict) and value
        assert ch.finish_reason == "stop"


@pytest.mark.parametrize("strict", [True, False, None])
def test_response_format_json_schema(c: Client, strict: bool | None) -> None:
    fmt: dict[str, Any] = {"name": "review", "schema": SCHEMA}
    if strict is not None:
        fmt["strict"] = strict
    seen = set()
    for s in SEEDS:
        ch = create(c, seed=s, response_format={"type": "json_schema", "json_schema": fmt}).choices[0]
        value = json.loads(ch.message.content)
        jsonschema.validate(value, SCHEMA)
        seen.add(ch.message.content)
    assert len(seen) > 1  # not one canned answer


# --- streaming -----------------------------------------------------------------------------------------


def check_stream(chunks: list[Any], n: int = 1) -> tuple[dict[int, str], Any]:
    *body, usage_chunk = chunks
    assert usage_chunk.choices == [] and usage_chunk.usage is not None
    assert len({ch.id for ch in chunks}) == 1 and chunks[0].id
    assert all(ch.object == "chat.completion.chunk" for ch in chunks)
    texts: dict[int, str] = {}
    for i in range(n):
        mine = [ch.choices[0] for ch in body if ch.choices[0].index == i]
        assert all(len(ch.choices) == 1 for ch in body)
        assert mine[0].delta.role == "assistant"
        assert all(d.delta.role is None for d in mine[1:])
        assert all(d.finish_reason is None for d in mine[:-1])
        assert mine[-1].finish_reason is not None
        texts[i] = "".join(d.delta.content or "" for d in mine)
    assert all(ch.usage is None for ch in body)
    return texts, usage_chunk.usage


def test_stream_matches_non_streamed(c: Client) -> None:
    for kwargs in (
        dict(seed=9, temperature=1),
        dict(temperature=0),
        dict(),
        dict(seed=2, max_tokens=4),
        dict(seed=1, logprobs=True, top_logprobs=2),
    ):
        whole = create(c, **kwargs)
        chunks = collect(c, stream_options={"include_usage": True}, **kwargs)
        texts, usage = check_stream(chunks)
        assert texts[0] == whole.choices[0].message.content
        assert chunks[-2].choices[0].finish_reason == whole.choices[0].finish_reason
        assert usage.model_dump() == whole.usage.model_dump()
        assert chunks[0].id == whole.id
        if kwargs.get("logprobs"):
            streamed = [e for ch in chunks[:-1] if ch.choices[0].logprobs for e in ch.choices[0].logprobs.content]
            assert [e.token for e in streamed] == [e.token for e in whole.choices[0].logprobs.content]


def test_stream_n2_per_choice(c: Client) -> None:
    whole = create(c, n=2, seed=4, temperature=1)
    texts, usage = check_stream(collect(c, n=2, seed=4, temperature=1, stream_options={"include_usage": True}), n=2)
    assert texts == {ch.index: ch.message.content for ch in whole.choices}
    assert texts[0] != texts[1]
    assert usage.total_tokens == whole.usage.total_tokens


def test_stream_without_include_usage_has_no_usage_chunk(c: Client) -> None:
    chunks = collect(c, seed=1)
    assert all(ch.choices for ch in chunks)
    assert all(ch.usage is None for ch in chunks)


def test_stream_tool_calls_match(c: Client) -> None:
    tools = [WEATHER, BOOK]
    whole = create(c, tools=tools, seed=6).choices[0]
    chunks = collect(c, tools=tools, seed=6, stream_options={"include_usage": True})
    args: dict[int, str] = {}
    names: dict[int, str] = {}
    ids: dict[int, str] = {}
    for ch in chunks[:-1]:
        for tc in ch.choices[0].delta.tool_calls or []:
            args[tc.index] = args.get(tc.index, "") + (tc.function.arguments or "")
            if tc.function.name:
                names[tc.index] = tc.function.name
            if tc.id:
                ids[tc.index] = tc.id
    expected = whole.message.tool_calls
    assert [args[k] for k in sorted(args)] == [call.function.arguments for call in expected]
    assert [names[k] for k in sorted(names)] == [call.function.name for call in expected]
    assert [ids[k] for k in sorted(ids)] == [call.id for call in expected]
    assert chunks[-2].choices[0].finish_reason == "tool_calls"


def test_stream_legacy_function_call_matches(c: Client) -> None:
    functions = [BOOK["function"]]
    whole = create(c, functions=functions, seed=6).choices[0]
    chunks = collect(c, functions=functions, seed=6)
    args = "".join(
        (ch.choices[0].delta.function_call.arguments or "") for ch in chunks if ch.choices[0].delta.function_call
    )
    assert args == whole.message.function_call.arguments
    assert chunks[-1].choices[0].finish_reason == "function_call"


def test_stream_tool_arguments_keep_whitespace(c: Client) -> None:
    tool = {
        "type": "function",
        "function": {
            "name": "f",
            "parameters": {"type": "object", "properties": {"s": {"enum": ["in  stock"]}}, "required": ["s"]},
        },
    }
    for s in SEEDS[:4]:
        whole = create(c, tools=[tool], seed=s).choices[0].message.tool_calls[0].function.arguments
        chunks = collect(c, tools=[tool], seed=s)
        streamed = "".join(tc.function.arguments or "" for ch in chunks for tc in ch.choices[0].delta.tool_calls or [])
        assert streamed == whole


def test_stream_raw_sse_bytes(c: Client) -> None:
    body = {
        "model": large(c),
        "messages": USER,
        "stream": True,
        "stream_options": {"include_usage": True},
        "seed": 3,
        "n": 2,
    }
    url = str(c.base_url).rstrip("/") + "/chat/completions"
    with httpx.Client(timeout=10) as h:
        response = h.post(url, json=body, headers=c.platform.auth_headers(KEY))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    raw = response.content
    # `data: [DONE]` ends it, but on Scale's platform, whose SDK parses every event as JSON.
    terminator = CREATE_CHAT_COMPLETION.terminator_on(c.platform.name)
    assert terminator == (None if c.platform.name == "sgp" else b"[DONE]")
    events = raw.split(b"\n\n")
    assert events[-1] == b""
    events = events[:-1]
    assert all(e.startswith(b"data: ") for e in events)
    if terminator is not None:
        assert events.pop() == b"data: " + terminator
    payloads = [json.loads(e[6:]) for e in events]
    assert payloads[-1]["choices"] == [] and payloads[-1]["usage"]["total_tokens"] > 0
    assert len({p["id"] for p in payloads}) == 1
    for i in (0, 1):
        mine = [p["choices"][0] for p in payloads[:-1] if p["choices"][0]["index"] == i]
        assert "role" in mine[0]["delta"] and all("role" not in m["delta"] for m in mine[1:])
        reasons = [m["finish_reason"] for m in mine]
        assert reasons[:-1] == [None] * (len(mine) - 1) and reasons[-1] in ("stop", "length")
    assert all(p["usage"] is None for p in payloads[:-1])


# --- usage ---------------------------------------------------------------------------------------------


def test_usage_consistent_with_text(c: Client) -> None:
    messages: list[dict[str, Any]] = [{"role": "system", "content": "Be brief."}]
    previous = None
    for turn in ("Hello there, model!", "What is the weather in Paris?", "And tomorrow, please?"):
        messages.append({"role": "user", "content": turn})
        result = create(c, messages=messages, seed=1, n=2, temperature=1)
        usage = result.usage
        assert usage.prompt_tokens == message_tokens(messages)
        assert usage.completion_tokens == sum(len(tokenize(ch.message.content)) for ch in result.choices)
        assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
        if previous is not None:
            assert usage.prompt_tokens == previous + len(tokenize(turn)) + 3
        previous = usage.prompt_tokens
        reply = result.choices[0].message.content
        messages.append({"role": "assistant", "content": reply})
        previous += len(tokenize(reply)) + 3


def test_completion_tokens_match_the_content_when_sampling(c: Client) -> None:
    for s in range(12):
        result = create(c, seed=s, temperature=1.5, n=4)
        assert result.usage.completion_tokens == sum(len(tokenize(ch.message.content)) for ch in result.choices)


# --- platform arguments --------------------------------------------------------------------------------


def test_bifrost_fallbacks(client: Callable[[str], Client]) -> None:
    c = client("bifrost")
    broken, mini_id = "unispec/unispec-broken", "unispec/unispec-mini"
    result = create(c, model=broken, fallbacks=[mini_id], seed=1)
    assert result.model == mini_id
    assert result.extra_fields.model_requested == broken
    assert result.choices[0].message.content
    # the answer is the mini model's: the same as asking it directly
    assert result.choices[0].message.content == text(c, model=mini_id, seed=1)
    # a streamed fallback too
    chunks = collect(c, model=broken, fallbacks=[mini_id], seed=1)
    assert {ch.model for ch in chunks} == {mini_id}
    with pytest.raises(InternalServerError) as info:
        create(c, model=broken)
    assert info.value.status_code == 503
    with pytest.raises(InternalServerError):
        create(c, model=broken, fallbacks=[broken])


def test_jamai_rag_params(client: Callable[[str], Client]) -> None:
    c = client("jamai")
    question = [{"role": "user", "content": "How many days of paid leave do I get?"}]
    result = create(c, messages=question, rag_params={"table_id": "handbook", "k": 2}, temperature=0.001)
    content = result.choices[0].message.content
    # JamAI's References object: its chunks, the query searched with
    refs = result.references.chunks
    assert result.references.object == "chat.references"
    assert result.references.search_query == question[0]["content"]
    assert len(refs) == 2
    assert "25 days of paid leave" in refs[0].text
    assert refs[0].text in content
    plain = create(c, messages=question, temperature=0.001)
    assert plain.references is None and "references" not in plain.model_fields_set
    assert "25 days" not in plain.choices[0].message.content
    # the retrieved chunks are part of the prompt
    assert result.usage.prompt_tokens == plain.usage.prompt_tokens + sum(len(tokenize(r.text)) for r in refs)
    assert result.usage.completion_tokens == len(tokenize(content))
    # an explicit search query picks another chunk
    other = create(
        c, messages=question, rag_params={"table_id": "handbook", "k": 1, "search_query": "remote work Mondays"}
    )
    assert "remotely on Mondays" in other.choices[0].message.content
    with pytest.raises(NotFoundError) as info:
        create(c, messages=question, rag_params={"table_id": "nope"})
    assert info.value.param == "rag_params.table_id"


def test_jamai_rag_respects_max_tokens(client: Callable[[str], Client]) -> None:
    c = client("jamai")
    result = create(
        c, messages=[{"role": "user", "content": "leave days?"}], rag_params={"table_id": "handbook"}, max_tokens=5
    )
    assert result.choices[0].finish_reason == "length"
    assert result.usage.completion_tokens == 5 == len(tokenize(result.choices[0].message.content))


def test_logs_record_platform_arguments() -> None:
    with own_backend("unify") as (c, backend):
        result = create(c, tags=["alpha", "beta"], region="eu-west", signature="python", use_custom_keys=True, seed=1)
        (record,) = backend.logs
        assert record.id == result.id and record.model == result.model and record.platform == "unify"
        assert (record.tags, record.region, record.signature, record.use_custom_keys) == (
            ["alpha", "beta"],
            "eu-west",
            "python",
            True,
        )
        create(c, tags="one, two", seed=1)
        assert backend.logs[-1].tags == ["one", "two"]
        assert backend.logs[-1].region is None and backend.logs[-1].use_custom_keys is None
        collect(c, tags=["streamed"], seed=2)
        assert backend.logs[-1].tags == ["streamed"] and len(backend.logs) == 3
    with own_backend("jamai") as (c, backend):
        create(c, id="chat-42")
        assert backend.logs[-1].chat_id == "chat-42" and backend.logs[-1].platform == "jamai"


def test_logs_are_kept_only_when_asked() -> None:
    # The default keeps no request: nothing of one (its bodies least of all) outlives it.
    with own_backend("unify", keep_logs=0) as (c, backend):
        create(c, seed=1)
        collect(c, seed=2)
        assert len(backend.logs) == 0
    with own_backend("unify", keep_logs=2) as (c, backend):
        for seed in range(5):
            create(c, seed=seed)
        assert [r.query_body["seed"] for r in backend.logs] == [3, 4]


def test_logs_honour_log_body_flags() -> None:
    with own_backend("unify") as (c, backend):
        result = create(c, seed=1)
        record = backend.logs[-1]
        assert record.query_body["messages"] == USER and record.query_body["seed"] == 1
        assert record.response_body["choices"][0]["message"]["content"] == result.choices[0].message.content
        create(c, seed=1, log_query_body=False)
        assert backend.logs[-1].query_body is None and backend.logs[-1].response_body is not None
        create(c, seed=1, log_response_body=False)
        assert backend.logs[-1].query_body is not None and backend.logs[-1].response_body is None
        create(c, seed=1, log_query_body=False, log_response_body=False)
        assert backend.logs[-1].query_body is None and backend.logs[-1].response_body is None
        create(c, seed=1, log_query_body=True, log_response_body=True)
        assert backend.logs[-1].query_body is not None and backend.logs[-1].response_body is not None
        collect(c, seed=1, log_query_body=False, log_response_body=False)
        assert backend.logs[-1].query_body is None and backend.logs[-1].response_body is None
        assert len(backend.logs) == 6


def test_unsupported_argument_for_platform_is_rejected(client: Callable[[str], Client]) -> None:
    # top_k is sgp's; fallbacks bifrost's: elsewhere a 400 naming the argument, not silently ignored
    with pytest.raises(BadRequestError) as info:
        create(client("openai"), top_k=1)
    assert info.value.param == "top_k"
    with pytest.raises(APIStatusError) as info2:
        create(client("sgp"), fallbacks=["unispec/unispec-mini"])
    assert info2.value.status_code == 400 and info2.value.param == "fallbacks"
