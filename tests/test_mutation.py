"""The mutation suite (issue 13): `unispec contract` against the reference backend behind a proxy
that injects one real-world deviation at a time (src/unispec/contract/mutants.py). Every mutant
must be caught AND attributed to the right case (its `expect` cases fail, with `why` in the detail,
and nothing outside `expect`/`allow` fails); the unmutated baseline must pass on every profile,
over a real loopback socket, twice in a row. docs/contract.md carries the measured score table.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from unispec.contract import run_contract
from unispec.contract.mutants import KNOWN_GAP_DETAILS, MUTANTS, MutationProxy, score_all, score_table
from unispec.serve import serve_in_thread
from unispec.spec import DEFAULT_SPEC, load_spec

DOC = Path(__file__).resolve().parents[1] / "docs" / "contract.md"
PLATFORMS = ("openai", "unify", "jamai", "generic", "bifrost", "sgp")
AGAIN = ("openai", "jamai")  # run a second time: the verdicts must not move


@pytest.fixture(scope="module")
def spec():
    return load_spec(DEFAULT_SPEC)


@pytest.fixture(scope="module")
def scores(spec):
    return asyncio.run(score_all(spec))


def test_the_baseline_passes_on_every_profile_stably(spec):
    with serve_in_thread(MutationProxy()) as url:

        async def both() -> list:
            gate = asyncio.Semaphore(4)

            async def one(platform: str):
                async with gate:
                    return await run_contract(spec, base_url=f"{url}/m/{platform}/none", platform=platform, progress=None)

            return await asyncio.gather(*(one(p) for p in (*PLATFORMS, *AGAIN)))

        reports = asyncio.run(both())
    for report in reports:
        failing = {r.case.id: r.outcome.detail for r in report.results if not r.ok}
        expected = {k for k, (profiles, _) in KNOWN_GAP_DETAILS.items() if report.platform in profiles}
        assert set(failing) == expected, (report.platform, failing)
        assert report.health.verdict == "passed"
        assert any("deterministic" in s and s.endswith("yes") for s in report.setup)
    # Stable: the same verdicts both times, per profile.
    for b in reports[len(PLATFORMS) :]:
        a = reports[PLATFORMS.index(b.platform)]
        assert [(r.case.id, r.outcome.verdict) for r in a.results] == [(r.case.id, r.outcome.verdict) for r in b.results]


def test_every_mutant_is_caught_and_attributed(scores):
    assert len(MUTANTS) >= 40 and len({m.name for m in MUTANTS}) == len(MUTANTS)
    missed = {s.mutant.name: (s.missed, s.stray, {k: v[1][:100] for k, v in s.failing.items()})
              for s in scores if not s.attributed}
    assert missed == {}
    assert sum(s.caught for s in scores) / len(scores) >= 0.95


def test_docs_carry_the_measured_score_table(scores):
    text = DOC.read_text(encoding="utf-8")
    for mutant in MUTANTS:
        assert f"| `{mutant.name}` |" in text, mutant.name
    m = re.search(r"^(\d+)/(\d+) caught, (\d+)/(\d+) attributed to the right case\.$", text, re.M)
    assert m, "the score line is missing from docs/contract.md"
    measured = score_table(scores).splitlines()[-1]
    assert m.group(0) == measured
