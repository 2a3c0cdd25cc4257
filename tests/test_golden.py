"""Golden end-to-end specs (tests/golden/<feature>/spec.yaml): the spec-decided output of each is
committed under expected/, and the generated package of each is imported and exercised.
`python scripts/golden.py --update` rewrites the expected outputs after a deliberate change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import golden  # noqa: E402

FEATURES = [f.name for f in golden.features()]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each feature generated once, for both tests."""
    root = tmp_path_factory.mktemp("golden")
    for feature in FEATURES:
        golden.render_into(golden.GOLDEN / feature, root / feature)
    return {feature: root / feature for feature in FEATURES}


@pytest.mark.parametrize("feature", FEATURES)
def test_output_matches_the_expected_files(feature: str, generated: dict[str, Path]) -> None:
    got, want = golden.spec_decided(generated[feature]), golden.expected(golden.GOLDEN / feature)
    assert sorted(got) == sorted(want), "files added or missing; run scripts/golden.py --update if deliberate"
    for name in got:
        assert got[name].decode() == want[name].decode(), f"{feature}/{name} differs"


FUNCTIONAL = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
feature = sys.argv[2]
import pydantic
from unified_chat import Client, models, UnsupportedOperationError
from unified_chat._operations import BY_NAME
from unified_chat import server
out = {}
if feature == "operation":
    out["method"] = callable(Client(platform="alpha").things.create)
    out["handler"] = hasattr(server.ChatHandler, "create_thing")
    try:
        models.ThingRequest.model_validate({"name": ""})
    except pydantic.ValidationError as e:
        out["min_length"] = e.errors()[0]["type"]
    out["accepts"] = sorted(BY_NAME["things.create"].accepts["alpha"])
if feature == "streaming":
    op = BY_NAME["say.create"]
    out["terminators"] = [op.terminator_on("alpha").decode(), op.terminator_on("beta")]
if feature == "platform_only":
    op = BY_NAME["owners.list"]
    out["platforms"] = sorted(op.platforms)
    try:
        Client(platform="alpha").owners.list()
    except UnsupportedOperationError as e:
        out["refused"] = "owners.list" in str(e)
    things = BY_NAME["things.list"]
    out["paths"] = [things.paths.get("alpha", things.path), things.paths.get("beta")]
    out["shape_beta"] = str(things.response_on("beta"))
if feature == "renamed":
    out["alias"] = models.Score.model_validate({"logprobs": -1.5}).log_probs
    out["replaced"] = "use `max_chars`" in (Client(platform="alpha").things.score.__doc__ or "")
if feature == "nullable_union":
    out["square"] = type(models.ShapeRequest.model_validate({"shape": {"kind": "square", "side": 2}}).shape).__name__
    out["none"] = models.ShapeRequest.model_validate({"shape": None}).shape
    try:
        models.ShapeRequest.model_validate({"shape": {"kind": "triangle"}})
    except pydantic.ValidationError as e:
        out["tag"] = e.errors()[0]["type"]
    out["named"] = [hasattr(models, "Shape"), hasattr(models, "Colour")]
if feature == "content_text":
    from unified_chat._model_base import parse_answer
    note = parse_answer(models.Note, b'{"role": "a", "content": [{"type": "thinking", "thinking": "t"}, {"type": "text", "text": "hi"}]}')
    out["note"] = [note.content, note.reasoning_content, len(note.content_parts or [])]
    out["plain_base"] = models.ErrorResponse.__mro__[1].__name__
print(json.dumps(out))
"""

EXPECTED = {
    "operation": {"method": True, "handler": True, "min_length": "string_too_short", "accepts": ["name"]},
    "streaming": {"terminators": ["[END]", None]},
    "platform_only": {"platforms": ["beta"], "refused": True, "paths": ["/things", "/catalogue/things"], "shape_beta": "Names"},
    "renamed": {"alias": -1.5, "replaced": True},
    "nullable_union": {"square": "Square", "none": None, "tag": "union_tag_invalid", "named": [True, True]},
    "content_text": {"note": ["hi", "t", 2], "plain_base": "SpecModel"},
}


@pytest.mark.parametrize("feature", FEATURES)
def test_generated_package_works(feature: str, generated: dict[str, Path]) -> None:
    r = subprocess.run(
        [sys.executable, "-c", FUNCTIONAL, str(generated[feature]), feature], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == EXPECTED[feature]
