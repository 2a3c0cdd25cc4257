"""Running the cases against a provider: bounded concurrency, per-call timeouts, live progress."""

from __future__ import annotations

import asyncio
import fnmatch
import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

import httpx
from unified_chat import get_platform

from ..spec import Spec
from .cases import BROKEN, FAILED, OK_VERDICTS, PASSED, Case, Env, Outcome, build_cases
from .operations import operation_cases
from .probe import Provider


@dataclass
class Result:
    case: Case
    outcome: Outcome
    seconds: float

    @property
    def ok(self) -> bool:
        if self.case.kind == "probe":
            return self.outcome.verdict == PASSED
        return self.outcome.verdict in OK_VERDICTS or not self.case.claimed


@dataclass
class Report:
    base_url: str
    platform: str
    model: str
    results: list[Result]
    seconds: float
    health: Outcome
    setup: list[str] = field(default_factory=list)
    label: str | None = None  # the provider's name in a matrix (`--label`)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results) and self.health.verdict == PASSED

    @property
    def warnings(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.results:
            for w in r.outcome.warnings:
                seen.setdefault(w, None)
        return list(seen)


def select(cases: list[Case], only: list[str], skip: list[str]) -> list[Case]:
    # A parameter's probes are named probe.<param>.<constraint>, so `probe.top_p.*` selects them;
    # a bare parameter name selects its own case (and no probe).
    def hit(case: Case, patterns: list[str]) -> bool:
        return any(
            fnmatch.fnmatch(case.id, p) or (case.kind != "probe" and case.param and fnmatch.fnmatch(case.param, p))
            for p in patterns
        )

    chosen = [c for c in cases if not only or hit(c, only)]
    return [c for c in chosen if not hit(c, skip)]


class Progress:
    def __init__(self, total: int, stream: TextIO | None):
        self.total, self.done, self.stream = total, 0, stream
        self.live = bool(stream and stream.isatty())

    def tick(self, result: Result) -> None:
        self.done += 1
        if self.stream is None:
            return
        mark = "ok" if result.ok else "!!"
        line = f"[{self.done}/{self.total}] {mark} {result.case.id}: {result.outcome.verdict}"
        if self.live:
            self.stream.write("\r\033[K" + line)
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


async def _run_case(env: Env, case: Case, gate: asyncio.Semaphore, budget: float) -> Result:
    async with gate:
        started = time.perf_counter()
        try:
            outcome = await asyncio.wait_for(case.check(env, case.value), budget)
        except TimeoutError:
            outcome = Outcome(BROKEN if case.kind != "probe" else FAILED, f"the case did not finish within {budget:g}s")
        except Exception as exc:  # a check must never take the whole run down with it
            outcome = Outcome(BROKEN if case.kind != "probe" else FAILED, f"{type(exc).__name__}: {exc}")
        return Result(case, outcome, time.perf_counter() - started)


async def run_contract(
    spec: Spec,
    base_url: str,
    platform: str = "openai",
    api_key: str | None = None,
    model: str | None = None,
    only: list[str] | None = None,
    skip: list[str] | None = None,
    concurrency: int = 4,
    timeout: float = 30.0,
    progress: TextIO | None = sys.stderr,
    transport: httpx.AsyncBaseTransport | None = None,
    headers: dict[str, str] | None = None,
) -> Report:
    """Run every selected case. `headers` go on every request (a gateway's own routing or auth
    headers); raises ContractSetupError when no model can be found or the baseline request fails."""
    started = time.perf_counter()
    profile = get_platform(platform)
    root = base_url.rstrip("/")
    if not root.endswith(profile.base_path):
        root += profile.base_path
    sent = {**(headers or {}), **profile.auth_headers(api_key)}
    async with httpx.AsyncClient(transport=transport, timeout=timeout) as http:
        from unified_chat._operations import CREATE_CHAT_COMPLETION

        provider = Provider(http, root, sent, timeout, CREATE_CHAT_COMPLETION.terminator_on(profile.name))
        setup: list[str] = []
        if model is None:
            model, how = await _first_model(provider, profile)
            if model is None:
                raise ContractSetupError(f"cannot list models at {root} ({how}); pass --model")
            setup.append(f"model {model} ({how})")
        rule = profile.rules.get("temperature", {})
        greedy = float(max(0.0, rule.get("minimum", 0.0)))
        base = {
            "model": model,
            "messages": [{"role": "user", "content": "Describe the spec in one sentence."}],
            "temperature": greedy,
        }
        top_p_rule = profile.rules.get("top_p", {})
        env = Env(
            provider,
            model,
            platform,
            greedy,
            base,
            accepts=profile.accepts,
            max_temperature=float(rule.get("maximum", 2.0)),
            min_top_p=float(top_p_rule.get("minimum", 0.0)),
        )
        seeded = {"seed": 7} if "seed" in profile.accepts else {}
        first = await provider.complete(env.body(**seeded))
        if first.status is None or first.status >= 400:
            # Every case would fail the same way (and every probe "pass" on the same 4xx): stop here
            # with what the provider said, so the cause (a missing header, a wrong key) is plain.
            said = first.problem if first.status is None else f"HTTP {first.status}: {first.error_message()}"
            raise BaselineError(f"the baseline request to {root}/chat/completions failed: {said}")
        second = await provider.complete(env.body(**seeded))
        if first.ok and second.ok:
            a, b = first.completion.choices[0].message.content, second.completion.choices[0].message.content  # type: ignore[union-attr]
            env.deterministic = a == b and bool(a)
            env.baseline = a or ""
            env.base = env.body(**seeded)
            setup.append(f"deterministic at temperature {greedy:g}: {'yes' if env.deterministic else 'no'}")
        else:
            setup.append(f"the baseline request failed: {first.problem or first.status}")
        cases = select(build_cases(spec, platform) + operation_cases(spec, platform), only or [], skip or [])
        bar = Progress(len(cases), progress)
        gate = asyncio.Semaphore(max(1, concurrency))
        budget = timeout * 4

        async def one(case: Case) -> Result:
            result = await _run_case(env, case, gate, budget)
            bar.tick(result)
            return result

        results = list(await asyncio.gather(*(one(c) for c in cases)))
        health_answer = await provider.complete(env.body())
        health = (
            Outcome(PASSED, "still answers after the run")
            if health_answer.ok
            else Outcome(FAILED, f"unhealthy after the run: {health_answer.problem or health_answer.status}")
        )
    return Report(root, platform, model, results, time.perf_counter() - started, health, setup)


def _ids(body: Any) -> list[str]:
    """Model ids in the listing shapes the spec knows: `data[].id`, Scale's `items`, plain lists."""
    if isinstance(body, list):
        return [v for v in body if isinstance(v, str)]
    if isinstance(body, dict):
        if isinstance(body.get("data"), list):
            return [str(m["id"]) for m in body["data"] if isinstance(m, dict) and m.get("id")]
        if isinstance(body.get("items"), list):
            return [
                f"{m['model_vendor']}/{m['model_name']}"
                for m in body["items"]
                if isinstance(m, dict) and m.get("model_vendor") and m.get("model_name")
            ]
    return []


async def _first_model(provider: Provider, profile: Any) -> tuple[str | None, str]:
    """The first listed id in the platform's model-id format, from the listing operations the spec
    says it serves (Unify's `/models` lists bare names; its `/endpoints` has the ids)."""
    from unified_chat import OPERATIONS

    tried = []
    for op in OPERATIONS:
        if op.method != "GET" or not op.serves(profile.name) or any(q.required for q in op.query):
            continue
        path = op.paths.get(profile.name, op.path)
        listed = await provider.raw("GET", path)
        ids = [i for i in _ids(listed.body) if profile.model_pattern.match(i)] if listed.ok else []
        if ids:
            return ids[0], f"first of {len(ids)} listed at {path}"
        tried.append(f"{path}: {listed.problem or listed.status}")
    return None, "; ".join(tried) or "no listing operation"


class ContractSetupError(Exception):
    """The provider cannot be tested at all (no models, unreachable)."""


class BaselineError(ContractSetupError):
    """The plain baseline request got an error: nothing else can be judged."""


def run(spec: Spec, **kwargs: Any) -> Report:
    return asyncio.run(run_contract(spec, **kwargs))
