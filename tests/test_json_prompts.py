"""Issue 12: JSON mode with the schema written into the prompt (instructor's JSON mode, pydantic-ai's
prompted output, the Vercel AI SDK without structured outputs) gets an answer valid against that
schema, of sensible size; tool arguments are sized the same way. Through the generated client over a
real socket, against `unispec serve` as each profile."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from unified_chat import Client
from unified_chat._platforms import PLATFORMS as PROFILES

from unispec.instances import SCAN_CHARS, find_schema
from unispec.serve import background

KEY = "sk-json-prompts"
# Every profile that takes response_format (JamAI Base's chat has no JSON mode).
PLATFORMS = [name for name, p in PROFILES.items() if "response_format" in p.accepts]

# What pydantic's model_json_schema() gives for a model with a nested model, an enum, a date, an
# optional field and a list of models ($defs and $ref), as instructor and pydantic-ai send it.
PYDANTIC = {
    "$defs": {
        "Address": {
            "properties": {
                "city": {"title": "City", "type": "string"},
                "zip": {"maxLength": 5, "minLength": 5, "title": "Zip", "type": "string"},
            },
            "required": ["city", "zip"],
            "title": "Address",
            "type": "object",
        },
        "Role": {"enum": ["admin", "user"], "title": "Role", "type": "string"},
    },
    "properties": {
        "name": {"title": "Name", "type": "string"},
        "age": {"title": "Age", "type": "integer"},
        "born": {"format": "date", "title": "Born", "type": "string"},
        "email": {"format": "email", "title": "Email", "type": "string"},
        "role": {"$ref": "#/$defs/Role"},
        "home": {"$ref": "#/$defs/Address"},
        "past": {"items": {"$ref": "#/$defs/Address"}, "title": "Past", "type": "array"},
        "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None, "title": "Nickname"},
        "score": {"exclusiveMinimum": 0, "maximum": 1, "title": "Score", "type": "number"},
    },
    "required": ["name", "age", "born", "email", "role", "home", "past", "score"],
    "title": "Person",
    "type": "object",
}
# What zod-to-json-schema gives the AI SDK for z.object({...}): draft 07, JavaScript's safe-integer
# bounds on .int() (a uniform draw between them once came out as 8873638107999728), a uuid, a url.
ZOD = {
    "type": "object",
    "properties": {
        "count": {"type": "integer", "minimum": -9007199254740991, "maximum": 9007199254740991},
        "total": {"type": "number"},
        "id": {"type": "string", "format": "uuid"},
        "link": {"type": "string", "format": "uri"},
        "at": {"type": "string", "format": "date-time"},
        "kind": {"type": "string", "enum": ["a", "b"]},
        "fixed": {"type": "string", "const": "v1"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"label": {"type": "string"}, "done": {"type": "boolean"}},
                "required": ["label", "done"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["count", "total", "id", "link", "at", "kind", "fixed", "items"],
    "additionalProperties": False,
    "$schema": "http://json-schema.org/draft-07/schema#",
}
QUESTION = {"role": "user", "content": "Extract the person: Ada, 36, born 1815-12-10, ada@example.com."}


def instructor_messages(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """instructor's Mode.JSON: its system message, the schema as json.dumps(indent=2)."""
    system = (
        "\nAs a genius expert, your task is to understand the content and provide\n"
        "the parsed objects in json that match the following json_schema:\n\n\n"
        f"{json.dumps(schema, indent=2, ensure_ascii=False)}\n\n"
        "Make sure to return an instance of the JSON, not the schema itself\n"
    )
    return [{"role": "system", "content": system}, QUESTION]


def pydantic_ai_messages(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """pydantic-ai's PromptedOutput: its default template, appended to the instructions."""
    template = (
        "Always respond with a JSON object that's compatible with this schema:\n\n{schema}\n\n"
        "Don't include any text or Markdown fencing before or after.\n"
    )
    return [{"role": "system", "content": "Be precise.\n\n" + template.format(schema=json.dumps(schema))}, QUESTION]


def ai_sdk_messages(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The AI SDK's injectJsonInstruction: the system prompt, then the schema and its suffix."""
    system = "\n".join(
        [
            "You extract data.",
            "JSON schema:",
            json.dumps(schema),
            "You MUST answer with a JSON object that matches the JSON schema above.",
        ]
    )
    return [{"role": "system", "content": system}, QUESTION]


STYLES = {"instructor": instructor_messages, "pydantic-ai": pydantic_ai_messages, "ai-sdk": ai_sdk_messages}


@pytest.fixture(scope="module")
def client() -> Iterator[Callable[[str], Client]]:
    with contextlib.ExitStack() as stack:
        made: dict[str, Client] = {}

        def get(platform: str) -> Client:
            if platform not in made:
                url = stack.enter_context(background(platform, KEY))
                made[platform] = Client(platform=platform, api_key=KEY, base_url=url, max_retries=0, timeout=10)
                stack.callback(made[platform].close)
            return made[platform]

        yield get


def ask(c: Client, messages: list[dict[str, Any]], **kwargs: Any) -> Any:
    kwargs.setdefault("model", c.model_id("unispec-large", "unispec"))
    return c.chat.completions.create(messages=messages, response_format={"type": "json_object"}, **kwargs)


def assert_small(value: Any) -> None:
    """Sensible sizes: numbers of at most three digits, strings of a few words, short arrays."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        assert abs(value) <= 100, value
    elif isinstance(value, str):
        assert len(value) <= 40, value
    elif isinstance(value, list):
        assert len(value) <= 3, value
        for item in value:
            assert_small(item)
    elif isinstance(value, dict):
        for item in value.values():
            assert_small(item)


def valid(value: Any, schema: dict[str, Any]) -> None:
    cls = jsonschema.validators.validator_for(schema, default=Draft202012Validator)
    cls(schema, format_checker=FormatChecker()).validate(value)


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("schema", [PYDANTIC, ZOD], ids=["pydantic", "zod"])
def test_json_mode_answers_the_prompts_schema(
    client: Callable[[str], Client], platform: str, style: str, schema: dict[str, Any]
) -> None:
    c = client(platform)
    seen = set()
    for seed in range(4):
        messages = STYLES[style](schema)
        varied = {"seed": seed} if "seed" in c.platform.accepts else {}
        if not varied:  # no seed here: another question gives another draw
            messages = [*messages, {"role": "user", "content": f"Question {seed}."}]
        choice = ask(c, messages, **varied).choices[0]
        value = json.loads(choice.message.content)
        valid(value, schema)
        assert_small(value)
        assert choice.finish_reason == "stop"
        seen.add(choice.message.content)
    assert len(seen) > 1  # drawn per seed, not one canned answer


def test_streamed_answer_is_the_same_json(client: Callable[[str], Client]) -> None:
    c = client("openai")
    messages = instructor_messages(PYDANTIC)
    plain = ask(c, messages, seed=3).choices[0].message.content
    with ask(c, messages, seed=3, stream=True) as stream:
        streamed = "".join(ch.choices[0].delta.content or "" for ch in stream if ch.choices)
    assert streamed == plain
    valid(json.loads(streamed), PYDANTIC)


def test_the_last_schema_wins_and_answers_are_not_schemas(client: Callable[[str], Client]) -> None:
    c = client("openai")
    first = {"type": "object", "properties": {"old": {"type": "string"}}, "required": ["old"]}
    second = {"type": "object", "properties": {"new": {"type": "integer"}}, "required": ["new"]}
    messages = [
        {"role": "system", "content": f"Answer as JSON matching {json.dumps(first)}."},
        {"role": "user", "content": "First question."},
        # the assistant's earlier answer is an instance; a schema in its own turn is not read either
        {"role": "assistant", "content": json.dumps({"type": "object", "properties": {"x": {"type": "null"}}})},
        {"role": "user", "content": f'From now on use {json.dumps(second)}. An example: {{"new": 5}}'},
    ]
    value = json.loads(ask(c, messages, seed=1).choices[0].message.content)
    assert set(value) == {"new"} and isinstance(value["new"], int)


def test_without_a_schema_the_answer_is_the_plain_json_object(client: Callable[[str], Client]) -> None:
    c = client("openai")
    for content in ("Say hello as JSON.", 'An example, not a schema: {"name": "Ada", "age": 36}', "{not json"):
        value = json.loads(ask(c, [{"role": "user", "content": content}], seed=2).choices[0].message.content)
        assert list(value) == ["answer"] and isinstance(value["answer"], str) and value["answer"]


def test_a_schema_demanding_too_much_falls_back_to_the_plain_answer(client: Callable[[str], Client]) -> None:
    c = client("openai")
    greedy = {"type": "object", "properties": {"s": {"type": "string", "minLength": 10**9}}, "required": ["s"]}
    value = json.loads(ask(c, [{"role": "user", "content": json.dumps(greedy)}]).choices[0].message.content)
    assert list(value) == ["answer"]


def test_profiles_without_json_mode_are_left_out() -> None:
    assert "jamai" not in PLATFORMS and {"openai", "unify", "sgp"} <= set(PLATFORMS)


def test_the_scan_is_bounded() -> None:
    # Hostile prompts: thousands of unclosed objects, and a deep nest; each scan stays well under a second.
    for text in ('{"a": ' * 40_000, "{" * 300_000, '{"type": "object", "properties": ' * 5000 + "x"):
        started = time.perf_counter()
        assert find_schema([text]) is None
        assert time.perf_counter() - started < 1.0
    # Only the conversation's last SCAN_CHARS characters are read.
    schema = json.dumps({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]})
    assert find_schema([schema, "x" * (SCAN_CHARS - 10)]) is None
    assert find_schema([schema, "x" * (SCAN_CHARS - len(schema) - 10)]) == json.loads(schema)


@pytest.mark.parametrize("schema", [PYDANTIC, ZOD], ids=["pydantic", "zod"])
def test_tool_arguments_are_valid_and_small(client: Callable[[str], Client], schema: dict[str, Any]) -> None:
    c = client("openai")
    tool = {
        "type": "function",
        "function": {"name": "record", "parameters": {k: v for k, v in schema.items() if k != "$schema"}},
    }
    for seed in range(6):
        call = (
            c.chat.completions.create(
                model=c.model_id("unispec-large", "unispec"),
                messages=[QUESTION],
                tools=[tool],
                tool_choice="required",
                seed=seed,
            )
            .choices[0]
            .message.tool_calls[0]
        )
        args = json.loads(call.function.arguments)
        valid(args, tool["function"]["parameters"])
        assert_small(args)


def test_a_fenced_json_block_asked_for_without_json_mode(client: Callable[[str], Client]) -> None:
    # instructor's Mode.MD_JSON: no response_format; its system message carries the schema and the
    # last user message asks for the answer inside a ```json fence.
    ask_fenced = {"role": "user", "content": "Return the correct JSON response within a ```json codeblock. not the JSON_SCHEMA"}
    c = client("openai")
    model = c.model_id("unispec-large", "unispec")
    for schema in (PYDANTIC, ZOD):
        text = c.chat.completions.create(model=model, messages=[*instructor_messages(schema), ask_fenced]).choices[0].message.content or ""
        assert text.startswith("```json") and text.endswith("```"), text
        value = json.loads(text.removeprefix("```json").removesuffix("```"))
        valid(value, schema)
        assert_small(value)
    # A schema in the conversation alone, with no ask for a fenced block, is not an ask for JSON.
    text = c.chat.completions.create(model=model, messages=instructor_messages(PYDANTIC)).choices[0].message.content or ""
    assert not text.lstrip().startswith(("{", "```"))
