"""instructor (on the openai SDK) against every profile, in every mode it has for an OpenAI-compatible
chat-completions server: TOOLS, PARALLEL_TOOLS, JSON, MD_JSON, JSON_SCHEMA (RESPONSES_TOOLS needs the
Responses API, which none of the six gateways' chat surfaces serve)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import instructor
import openai
from _probe import TIMEOUT, expect, expect_raises, run
from pydantic import BaseModel

CLIENT = "instructor"
BAD_REQUEST = (openai.BadRequestError, openai.UnprocessableEntityError)
PROMPT = [{"role": "user", "content": "Extract the weather: it is 18 degrees in Paris."}]


class Weather(BaseModel):
    city: str
    degrees: int


def client(pc: dict[str, Any], mode: instructor.Mode, key: str | None = None) -> Any:
    key = key or pc["api_key"]
    headers = {"x-api-key": key} if pc["base_url"].endswith("/v5") else None
    raw = openai.OpenAI(base_url=pc["base_url"], api_key=key, default_headers=headers, max_retries=0, timeout=TIMEOUT)
    return instructor.from_openai(raw, mode=mode)


def _one(pc: dict[str, Any], mode: instructor.Mode) -> str:
    out = client(pc, mode).chat.completions.create(model=pc["model"], messages=PROMPT, response_model=Weather,
                                                   max_retries=0)
    expect(isinstance(out, Weather), f"not a Weather: {out!r}")
    return f"{out!r}"


def mode_TOOLS(pc: dict[str, Any]) -> str:
    return _one(pc, instructor.Mode.TOOLS)


def mode_JSON(pc: dict[str, Any]) -> str:
    return _one(pc, instructor.Mode.JSON)


def mode_MD_JSON(pc: dict[str, Any]) -> str:
    return _one(pc, instructor.Mode.MD_JSON)


def mode_JSON_SCHEMA(pc: dict[str, Any]) -> str:
    return _one(pc, instructor.Mode.JSON_SCHEMA)


def mode_PARALLEL_TOOLS(pc: dict[str, Any]) -> str:
    out = client(pc, instructor.Mode.PARALLEL_TOOLS).chat.completions.create(
        model=pc["model"], messages=PROMPT, response_model=Iterable[Weather], max_retries=0)
    items = list(out)
    expect(items and all(isinstance(i, Weather) for i in items), f"no Weather items: {items!r}")
    return f"{items!r}"


def auth_error(pc: dict[str, Any]) -> str:
    return expect_raises(
        lambda: client(pc, instructor.Mode.TOOLS, pc["wrong_key"]).chat.completions.create(
            model=pc["model"], messages=PROMPT, response_model=Weather, max_retries=0),
        (openai.AuthenticationError,), "openai.AuthenticationError")


def bad_request(pc: dict[str, Any]) -> str:
    return expect_raises(
        lambda: client(pc, instructor.Mode.TOOLS).chat.completions.create(
            model=pc["model"], messages=PROMPT, response_model=Weather, max_retries=0, temperature=-1),
        BAD_REQUEST, "openai.BadRequestError")


if __name__ == "__main__":
    run(CLIENT, {f.__name__: f for f in (mode_TOOLS, mode_PARALLEL_TOOLS, mode_JSON, mode_MD_JSON, mode_JSON_SCHEMA,
                                         auth_error, bad_request)}, BAD_REQUEST)
