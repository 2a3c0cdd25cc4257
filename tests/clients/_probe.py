"""Shared by the Python probes of the client-fidelity suite (run by a clients venv's python, never by pytest).

A probe reads its config from $CLIENT_PROBE_CONFIG (or argv[1]): {"client", "platforms": {name: {origin,
base_url, api_key, wrong_key, model, checks, refusals}}} (scripts/clients.py probe_config), runs each
listed check against each platform, and prints one JSON line per check:
{client, platform, check, ok, detail, seconds}.

A check is a function (platform config) -> detail string that raises when the client does not get what
its user would expect. Where the real platform refuses the feature (config "refusals"), the check passes
only when the call raises one of the probe's bad-request types; its detail starts "refused as expected". Where
the real platform accepts the request and drops the feature (config "ignored"), the check passes unless the
server refused the request with a bad-request error; its detail starts "ignored as expected".
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

Check = Callable[[dict[str, Any]], str]

MESSAGES = [{"role": "user", "content": "Say something about the weather."}]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
            "additionalProperties": False,
        },
    },
}
TIMEOUT = 20.0


def config() -> dict[str, Any]:
    raw = sys.argv[1] if len(sys.argv) > 1 else os.environ["CLIENT_PROBE_CONFIG"]
    return json.loads(raw)


def emit(client: str, platform: str, check: str, ok: bool, detail: str, seconds: float) -> None:
    detail = " ".join(str(detail).split())
    print(json.dumps({"client": client, "platform": platform, "check": check, "ok": ok,
                      "detail": detail[:1500], "seconds": round(seconds, 2)}), flush=True)


def describe(exc: BaseException) -> str:
    status = getattr(exc, "status_code", None) or getattr(exc, "status", None)
    body = getattr(exc, "body", None)
    text = f"{type(exc).__module__}.{type(exc).__name__}"
    if status:
        text += f" [{status}]"
    text += f": {exc}"
    if body and str(body) not in text:
        text += f" body={body}"
    cause = exc.__cause__
    if cause is not None and str(cause) not in text:
        text += f" <- {type(cause).__name__}: {cause}"
    return text


def caused_by(exc: BaseException, types: tuple[type[BaseException], ...]) -> BaseException | None:
    """`exc` or the first exception it was raised from that is one of `types` (wrappers such as
    instructor's InstructorRetryException or pydantic-ai's errors keep the SDK's error as __cause__)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, types):
            return cur
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return None


def run(client: str, checks: dict[str, Check], bad_request_types: tuple[type[BaseException], ...]) -> None:
    cfg = config()
    for platform, pc in cfg["platforms"].items():
        for name in pc["checks"]:
            started = time.monotonic()
            why = pc["refusals"].get(name)
            ignored = pc.get("ignored", {}).get(name)
            fn = checks.get(name)
            if fn is None:
                emit(client, platform, name, False, "the probe has no such check", 0)
                continue
            try:
                detail = fn(pc)
            except Exception as exc:  # noqa: BLE001 - every failure is a result
                cause = caused_by(exc, bad_request_types)
                if ignored is not None:
                    if cause is None:
                        emit(client, platform, name, True, f"ignored as expected: {ignored}; the client then got "
                             f"{describe(exc)}", time.monotonic() - started)
                    else:
                        emit(client, platform, name, False, f"refused, but the real platform accepts the request: "
                             f"{ignored}; got {describe(cause)}", time.monotonic() - started)
                    continue
                if why is not None and cause is not None:
                    via = "" if cause is exc else f" via {type(exc).__name__}"
                    emit(client, platform, name, True, f"refused as expected: {why} ({describe(cause)}{via})",
                         time.monotonic() - started)
                else:
                    where = traceback.extract_tb(exc.__traceback__)[-1]
                    emit(client, platform, name, False,
                         f"{describe(exc)} (at {os.path.basename(where.filename)}:{where.lineno})",
                         time.monotonic() - started)
                continue
            if ignored is not None:
                emit(client, platform, name, True, f"ignored as expected: {ignored}; the client got {detail}",
                     time.monotonic() - started)
            elif why is not None:
                emit(client, platform, name, False, f"accepted, but the real platform refuses it: {why}; got {detail}",
                     time.monotonic() - started)
            else:
                emit(client, platform, name, True, detail, time.monotonic() - started)


def expect(cond: Any, message: str) -> None:
    if not cond:
        raise AssertionError(message)


def expect_raises(fn: Callable[[], Any], types: tuple[type[BaseException], ...], what: str) -> str:
    try:
        got = fn()
    except Exception as exc:  # noqa: BLE001
        cause = caused_by(exc, types)
        if cause is not None:
            via = "" if cause is exc else f" (raised as {type(exc).__module__}.{type(exc).__name__})"
            return f"raised {describe(cause)}"[:300] + via
        raise AssertionError(f"expected {what} ({', '.join(t.__name__ for t in types)}), got {describe(exc)}") from exc
    raise AssertionError(f"expected {what}, but the call succeeded: {str(got)[:200]}")
