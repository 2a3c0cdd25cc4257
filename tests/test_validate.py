"""`unispec validate`, checked the way a new user would: break a copy of the spec, run the command,
and read what it says.

Each defect test makes one or two targeted edits to the YAML *text* of a copy of spec/openapi.yaml.
Edits are located by YAML path (with PyYAML's composer, independently of unispec's own position
code) rather than by a verbatim snippet, so the tests survive reformatting of the spec; every edit
then asserts that the edited document differs from the original exactly as intended. The expected
line and column of each finding are computed from the edited text, and the real spec has no
findings (asserted below), so each broken copy must produce exactly the listed findings.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from unispec.cli import main
from unispec.spec import SpecLoadError, load_spec
from unispec.validate import Finding, format_findings, validate_spec

REQUEST = ("components", "schemas", "ChatCompletionRequest", "properties")
CHAT_POST = ("paths", "/chat/completions", "post")
# file:line:col: rule: message (at #pointer)
FINDING_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z][a-z-]*): (?P<message>.+) \(at #(?P<pointer>/.*)\)$"
)

Keys = tuple[Any, ...]
# libyaml when available: the edits re-parse the spec text several times per test.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_YAML_LOADER)


def ptr(*keys: Any) -> str:
    """RFC 6901 JSON pointer (written here, not imported, so the tests do not trust the code under test)."""
    return "".join("/" + str(k).replace("~", "~0").replace("/", "~1") for k in keys)


# --------------------------------------------------------------------------------- YAML text editing


def _locate(text: str, keys: Keys) -> tuple[yaml.Node | None, yaml.Node]:
    """(key node or None for a sequence item, value node) at `keys` in the YAML text."""
    node = yaml.compose(text, Loader=_YAML_LOADER)
    key_node = None
    for k in keys:
        if isinstance(k, int):
            assert isinstance(node, yaml.SequenceNode), keys
            key_node, node = None, node.value[k]
        else:
            assert isinstance(node, yaml.MappingNode), keys
            hits = [(kn, vn) for kn, vn in node.value if kn.value == k]
            assert len(hits) == 1, f"{keys}: key {k!r} found {len(hits)} times"
            key_node, node = hits[0]
    return key_node, node


def position(text: str, keys: Keys) -> tuple[int, int]:
    """1-based line and column of the key at `keys` (or of the item, for a sequence index)."""
    key_node, value = _locate(text, keys)
    mark = (key_node or value).start_mark
    token = str(keys[-1]) if key_node is not None else None
    line_text = text.splitlines()[mark.line]
    if token is not None:  # the text really has the key there, quoted or not
        assert line_text[mark.column :].lstrip("\"'").startswith(token), (line_text, token)
    return mark.line + 1, mark.column + 1


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _is_block(node: yaml.Node) -> bool:
    return isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style


def _scalar_end(text: str, node: yaml.Node) -> int:
    """Index just past the line the (one-line) scalar or flow node ends on."""
    end = node.end_mark.index
    rest_end = text.index("\n", end)
    assert text[end:rest_end].strip() == "", f"unexpected text after the node: {text[end:rest_end]!r}"
    return rest_end + 1


@dataclass(frozen=True)
class Delete:
    keys: Keys

    def apply_text(self, text: str) -> str:
        key_node, value = _locate(text, self.keys)
        assert key_node is not None
        start = _line_start(text, key_node.start_mark.index)
        assert text[start : key_node.start_mark.index].strip() == "", "key does not start its line"
        end = _line_start(text, value.end_mark.index) if _is_block(value) else _scalar_end(text, value)
        return text[:start] + text[end:]

    def apply_data(self, data: Any) -> None:
        parent = _get(data, self.keys[:-1])
        del parent[self.keys[-1]]


@dataclass(frozen=True)
class Set:
    keys: Keys
    value: str  # one line of YAML

    def apply_text(self, text: str) -> str:
        key_node, node = _locate(text, self.keys)
        if _is_block(node):
            assert key_node is not None
            end = _line_start(text, node.end_mark.index)
            return text[: key_node.end_mark.index] + f": {self.value}\n" + text[end:]
        return text[: node.start_mark.index] + self.value + text[node.end_mark.index :]

    def apply_data(self, data: Any) -> None:
        _get(data, self.keys[:-1])[self.keys[-1]] = _load(self.value)


@dataclass(frozen=True)
class InsertBefore:
    sibling: Keys  # an existing key of a block mapping; the new key goes on the line above it
    key: str
    value: str  # one line of YAML

    def apply_text(self, text: str) -> str:
        key_node, _ = _locate(text, self.sibling)
        assert key_node is not None
        start = _line_start(text, key_node.start_mark.index)
        assert text[start : key_node.start_mark.index].strip() == ""
        line = " " * key_node.start_mark.column + f"{self.key}: {self.value}\n"
        return text[:start] + line + text[start:]

    def apply_data(self, data: Any) -> None:
        parent = _get(data, self.sibling[:-1])
        assert self.key not in parent
        parent[self.key] = _load(self.value)


Edit = Delete | Set | InsertBefore


def _get(data: Any, keys: Keys) -> Any:
    for k in keys:
        data = data[k]
    return data


def write_broken(tmp_path: Path, text: str, *edits: Edit) -> tuple[Path, str]:
    """Apply the edits to the text, check the document changed exactly as intended, write it."""
    expected = copy.deepcopy(_load(text))
    edited = text
    for edit in edits:
        edited = edit.apply_text(edited)
        edit.apply_data(expected)
    assert edited != text
    assert _load(edited) == expected, "the text edit changed more (or less) than intended"
    path = tmp_path / "openapi.yaml"
    path.write_text(edited, encoding="utf-8")
    return path, edited


# ------------------------------------------------------------------------------------------ checking


@dataclass(frozen=True)
class Expect:
    rule: str
    keys: Keys  # the node the finding must point at (its key's line and column)
    fragment: str  # must appear in the message


@dataclass(frozen=True)
class Case:
    edits: tuple[Edit, ...]
    expect: tuple[Expect, ...]


def run_cli_in_process(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = main(["validate", "--spec", str(path)])
    out, err = capsys.readouterr()
    return rc, out, err


def parse_output(out: str) -> list[dict[str, str]]:
    rows = []
    for line in out.splitlines():
        match = FINDING_LINE.match(line)
        assert match, f"output line not in `file:line:col: rule: message (at #pointer)` form: {line!r}"
        rows.append(match.groupdict())
    return rows


def check_case(case: Case, spec_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, edited = write_broken(tmp_path, spec_text, *case.edits)
    rc, out, err = run_cli_in_process(path, capsys)
    assert rc == 1, f"expected exit 1 (findings), got {rc}\nstdout:\n{out}\nstderr:\n{err}"
    got = parse_output(out)

    expected = {(str(path), *position(edited, e.keys), e.rule, ptr(*e.keys)) for e in case.expect}
    actual = {(g["file"], int(g["line"]), int(g["col"]), g["rule"], g["pointer"]) for g in got}
    assert actual == expected, f"\nstdout:\n{out}"
    assert len(got) == len(case.expect), f"duplicate findings:\n{out}"
    for e in case.expect:
        (row,) = [g for g in got if g["rule"] == e.rule and g["pointer"] == ptr(*e.keys)]
        assert e.fragment in row["message"], row["message"]
    assert f"{len(case.expect)} finding(s) in {path}" in err


@pytest.fixture(scope="module")
def spec_text(spec_path: Path) -> str:
    return spec_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def spec_data(spec_text: str) -> dict[str, Any]:
    return _load(spec_text)


def _one_line_flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


# ------------------------------------------------------------------------------------- the real spec


def test_real_spec_has_no_findings_in_process(spec_path: Path) -> None:
    # The defect tests assert the *exact* set of findings; that only means something if the
    # untouched spec is clean.
    assert validate_spec(load_spec(spec_path)) == []


def test_cli_validate_real_spec_exits_0(repo_root: Path, spec_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "unispec", "validate"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no findings" in proc.stdout
    assert str(spec_path) in proc.stdout
    assert proc.stderr == ""


def test_cli_validate_explicit_spec_from_elsewhere_exits_0(tmp_path: Path, spec_text: str) -> None:
    copy_path = tmp_path / "openapi.yaml"
    copy_path.write_text(spec_text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "unispec", "validate", "--spec", str(copy_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"{copy_path}: ")
    assert "no findings" in proc.stdout


# ---------------------------------------------------------------------- request-property lints

MESSAGES = (*REQUEST, "messages")


def test_argument_class_missing(spec_text, tmp_path, capsys):
    check_case(
        Case(
            (Delete((*MESSAGES, "x-argument-class")),),
            (Expect("argument-class", MESSAGES, "'messages' has no x-argument-class"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_argument_class_invalid(spec_text, tmp_path, capsys):
    check_case(
        Case(
            (Set((*MESSAGES, "x-argument-class"), "semi-unified"),),
            (Expect("argument-class", (*MESSAGES, "x-argument-class"), "x-argument-class 'semi-unified'; expected one of unified"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_platforms_missing(spec_text, tmp_path, capsys):
    check_case(
        Case(
            (Delete((*MESSAGES, "x-platforms")),),
            (Expect("platforms", MESSAGES, "'messages' has no x-platforms list"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_platforms_unknown(spec_data, spec_text, tmp_path, capsys):
    platforms = spec_data["components"]["schemas"]["ChatCompletionRequest"]["properties"]["messages"]["x-platforms"]
    check_case(
        Case(
            (Set((*MESSAGES, "x-platforms"), _one_line_flow([*platforms, "acme"])),),
            (Expect("platforms", (*MESSAGES, "x-platforms", len(platforms)), "names unknown platform 'acme'"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def _property_without_rules_missing_a_platform(spec_data: dict[str, Any]) -> tuple[str, str, str]:
    """(property, a platform it is defined for, a known platform it is not) for a rule-free request property."""
    known = list(spec_data["x-unispec-platforms"])
    for name, prop in spec_data["components"]["schemas"]["ChatCompletionRequest"]["properties"].items():
        missing = [p for p in known if p not in prop.get("x-platforms", [])]
        if "x-platform-rules" not in prop and missing and prop.get("x-platforms"):
            return name, prop["x-platforms"][0], missing[0]
    pytest.fail("no request property without x-platform-rules that some platform lacks")


def test_platform_rule_for_platform_not_in_x_platforms(spec_data, spec_text, tmp_path, capsys):
    name, _, missing = _property_without_rules_missing_a_platform(spec_data)
    prop = (*REQUEST, name)
    check_case(
        Case(
            (InsertBefore((*prop, "x-platforms"), "x-platform-rules", f"{{{missing}: {{required: true}}}}"),),
            (Expect("platform-rules", (*prop, "x-platform-rules", missing), f"rule for {missing!r} on {name!r}"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_platform_rule_with_unsupported_keyword(spec_data, spec_text, tmp_path, capsys):
    name, platform, _ = _property_without_rules_missing_a_platform(spec_data)
    prop = (*REQUEST, name)
    check_case(
        Case(
            (
                InsertBefore(
                    (*prop, "x-platforms"), "x-platform-rules", f'{{{platform}: {{maximum: 5, pattern: "^a"}}}}'
                ),
            ),
            (
                Expect(
                    "platform-rules",
                    (*prop, "x-platform-rules", platform, "pattern"),
                    "keyword 'pattern' is not supported in platform rules",
                ),
            ),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


# ------------------------------------------------------------------------------------- descriptions


def _deepest_described_property(spec_data: dict[str, Any]) -> Keys:
    """The most deeply nested property (outside the request) with a description, in a component schema."""
    best: Keys = ()

    def visit(node: Any, keys: Keys) -> None:
        nonlocal best
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                for name, prop in props.items():
                    if (
                        isinstance(prop, dict)
                        and "description" in prop
                        and keys.count("properties") + 1 > best.count("properties")
                    ):
                        best = (*keys, "properties", name)
            for k, v in node.items():
                if k not in ("example", "examples"):
                    visit(v, (*keys, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                visit(v, (*keys, i))

    for schema_name, schema in spec_data["components"]["schemas"].items():
        if schema_name != "ChatCompletionRequest":
            visit(schema, ("components", "schemas", schema_name))
    assert best.count("properties") >= 2, f"no property nested in another property's schema: {best}"
    return best


def test_description_missing_on_nested_property(spec_data, spec_text, tmp_path, capsys):
    keys = _deepest_described_property(spec_data)
    check_case(
        Case(
            (Delete((*keys, "description")),),
            (Expect("description", keys, f"property {keys[-1]!r} has no description"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_description_missing_on_request_property(spec_text, tmp_path, capsys):
    check_case(
        Case(
            (Delete((*MESSAGES, "description")),),
            (Expect("description", MESSAGES, "property 'messages' has no description"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_description_missing_on_component_schema(spec_text, tmp_path, capsys):
    model = ("components", "schemas", "Model")
    check_case(
        Case(
            (Delete((*model, "description")),),
            (Expect("description", model, "schema 'Model' has no description"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


# ----------------------------------------------------------------------------------------- examples


def test_request_example_does_not_validate(spec_text, tmp_path, capsys):
    messages = (*CHAT_POST, "requestBody", "content", "application/json", "examples", "plain", "value", "messages")
    check_case(
        Case(
            (Set(messages, "Say hello."),),
            (Expect("example", messages, "'Say hello.' is not of type 'array'"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_response_example_does_not_validate(spec_text, tmp_path, capsys):
    created = (
        *CHAT_POST,
        "responses",
        "200",
        "content",
        "application/json",
        "examples",
        "completion",
        "value",
        "created",
    )
    check_case(
        Case(
            (Set(created, "yesterday"),),
            (Expect("example", created, "'yesterday' is not of type 'integer'"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


# --------------------------------------------------------------------------------------------- refs


def test_dangling_ref(spec_text, tmp_path, capsys):
    # The typo also leaves ChatCompletionChunk unreferenced, which is reported too.
    ref = (*CHAT_POST, "responses", "200", "content", "text/event-stream", "schema", "$ref")
    check_case(
        Case(
            (Set(ref, '"#/components/schemas/ChatCompletionChunkz"'),),
            (
                Expect("ref", ref, "'#/components/schemas/ChatCompletionChunkz' does not resolve"),
                Expect(
                    "unused",
                    ("components", "schemas", "ChatCompletionChunk"),
                    "component 'ChatCompletionChunk' is never referenced",
                ),
            ),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_unused_component_schema(spec_text, tmp_path, capsys):
    check_case(
        Case(
            (
                InsertBefore(
                    ("components", "schemas", "Model"), "Orphan", "{type: object, description: Used by nothing.}"
                ),
            ),
            (Expect("unused", ("components", "schemas", "Orphan"), "component 'Orphan' is never referenced"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


# ------------------------------------------------------------------------------------------ profiles

PROFILES = ("x-unispec-platforms",)


def test_profile_missing_base_path(spec_text, tmp_path, capsys):
    check_case(
        Case(
            (Delete((*PROFILES, "sgp", "base_path")),),
            (Expect("profile", (*PROFILES, "sgp"), "profile 'sgp' is missing 'base_path'"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_profile_model_example_not_matching_model_format(spec_data, spec_text, tmp_path, capsys):
    fmt = spec_data["x-unispec-platforms"]["unify"]["model_format"]
    assert fmt == "{model}@{provider}"
    check_case(
        Case(
            (Set((*PROFILES, "unify", "model_example"), "gpt-4o-openai"),),
            (
                Expect(
                    "profile",
                    (*PROFILES, "unify", "model_example"),
                    f"model_example 'gpt-4o-openai' does not match model_format {fmt!r}",
                ),
            ),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_profile_auth_scheme_not_in_security_schemes(spec_text, tmp_path, capsys):
    check_case(
        Case(
            (Set((*PROFILES, "sgp", "auth", "scheme"), "sgpKey"),),
            (
                Expect(
                    "profile",
                    (*PROFILES, "sgp", "auth", "scheme"),
                    "auth scheme 'sgpKey' is not in components.securitySchemes",
                ),
            ),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


@pytest.mark.parametrize(("yaml", "status"), [("200", 200), ("500", 500), ('"422"', "422"), ("true", True)])
def test_profile_validation_status_must_be_a_4xx_code(spec_text, tmp_path, capsys, yaml, status):
    check_case(
        Case(
            (Set((*PROFILES, "jamai", "validation_status"), yaml),),
            (
                Expect(
                    "profile",
                    (*PROFILES, "jamai", "validation_status"),
                    f"validation_status {status!r} must be a 4xx status code (absent: 400)",
                ),
            ),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_profile_default_violates_property_schema(spec_text, tmp_path, capsys):
    # log_query_body is a boolean ("yes" would be one to YAML 1.1); unify has no rule default for it
    check_case(
        Case(
            (Set((*PROFILES, "unify", "defaults", "log_query_body"), "maybe"),),
            (
                Expect(
                    "profile",
                    (*PROFILES, "unify", "defaults", "log_query_body"),
                    "default 'maybe' for 'log_query_body' is not valid",
                ),
            ),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_a_default_in_a_platform_rule_belongs_in_the_profile(spec_text, tmp_path, capsys):
    # A platform's default is said once, in its profile's defaults; a rule saying it again is a finding.
    rule = (*REQUEST, "top_p", "x-platform-rules", "jamai")
    check_case(
        Case(
            (Set(rule, "{minimum: 0.001, default: 0.6}"),),
            (Expect("platform-rules", (*rule, "default"), "belongs in its profile: x-unispec-platforms/jamai/defaults/top_p"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


# -------------------------------------------------------------------------- openapi-spec-validator


def test_openapi_response_without_description(spec_text, tmp_path, capsys):
    ok = ("paths", "/models", "get", "responses", "200")
    check_case(
        Case(
            (Delete((*ok, "description")),),
            # the quotes differ between the jsonschema and jsonschema-rs backends
            (Expect("openapi", ok, "is a required property"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


def test_openapi_misspelt_type(spec_text, tmp_path, capsys):
    # ToolCallDelta is used by no example, so only openapi-spec-validator looks at it
    # (see test_bug_invalid_type_under_an_example_crashes for what happens otherwise).
    type_ = ("components", "schemas", "ToolCallDelta", "properties", "index", "type")
    check_case(
        Case(
            (Set(type_, "integr"),),
            (Expect("openapi", type_, "'integr' is not valid under any of the given schemas"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )


# ---------------------------------------------------------------- the real command, findings, exit 1


def test_cli_subprocess_exits_1_and_prints_findings(spec_data, spec_text, tmp_path):
    platforms = spec_data["components"]["schemas"]["ChatCompletionRequest"]["properties"]["messages"]["x-platforms"]
    item = (*MESSAGES, "x-platforms", len(platforms))
    path, edited = write_broken(
        tmp_path, spec_text, Set((*MESSAGES, "x-platforms"), _one_line_flow([*platforms, "acme"]))
    )
    proc = subprocess.run(
        [sys.executable, "-m", "unispec", "validate", "--spec", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    line, col = position(edited, item)
    profiles = ", ".join(sorted(spec_data["x-unispec-platforms"]))
    assert proc.stdout.splitlines() == [
        (
            f"{path}:{line}:{col}: platforms: request property 'messages' names unknown platform 'acme'; "
            f"profiles: {profiles} (at #{ptr(*item)})"
        )
    ]
    assert proc.stderr.strip() == f"1 finding(s) in {path}"


# ----------------------------------------------------------------------------- unusable input, exit 2


def _run_cli(spec: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unispec", "validate", "--spec", str(spec)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_exit_2_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "openapi.yaml"
    proc = _run_cli(missing, tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.strip() == f"error: {missing}: no such file"


def test_exit_2_yaml_syntax_error_names_line(spec_text: str, tmp_path: Path) -> None:
    # `key: a: b` is not allowed in a block mapping; the parser stops at the second colon.
    keys = ("x-unispec-platforms", "unify", "model_example")
    key_node, _ = _locate(spec_text, keys)
    line_start = _line_start(spec_text, key_node.start_mark.index)
    line_end = spec_text.index("\n", line_start)
    broken_line = spec_text[line_start : key_node.start_mark.index] + "model_example: gpt-4o: openai"
    edited = spec_text[:line_start] + broken_line + spec_text[line_end:]
    line, col = key_node.start_mark.line + 1, len(broken_line) - len(": openai") + 1
    path = tmp_path / "openapi.yaml"
    path.write_text(edited, encoding="utf-8")

    proc = _run_cli(path, tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"error: {path}:{line}:{col}: not valid YAML: "), proc.stderr
    assert "mapping values are not allowed" in proc.stderr
    assert "Traceback" not in proc.stderr
    with pytest.raises(SpecLoadError) as info:
        load_spec(path)
    assert (info.value.path, info.value.line, info.value.column) == (path, line, col)


def test_exit_2_top_level_list(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- openapi: 3.1.0\n- info: {title: t, version: '1'}\n", encoding="utf-8")
    proc = _run_cli(path, tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.strip() == f"error: {path}:1:1: expected a mapping at the top, found list"


def test_load_spec_rejects_empty_file_and_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(SpecLoadError, match="empty document"):
        load_spec(empty)
    with pytest.raises(SpecLoadError, match="is a directory"):
        load_spec(tmp_path)


# ------------------------------------------------------------------------------------ Finding format


def test_finding_string_format() -> None:
    finding = Finding(12, 5, "/paths/~1a~1b/get", "rule-x", "something is wrong", "spec/openapi.yaml")
    assert str(finding) == "spec/openapi.yaml:12:5: rule-x: something is wrong (at #/paths/~1a~1b/get)"
    assert FINDING_LINE.match(str(finding))
    other = Finding(3, 1, "/info", "openapi", "bad", "x.yaml")
    assert format_findings([finding, other]) == f"{finding}\n{other}"
    assert format_findings([]) == ""


def test_findings_from_validate_spec_match_cli_output(spec_text, tmp_path, capsys):
    scheme = (*PROFILES, "sgp", "auth", "scheme")
    path, edited = write_broken(tmp_path, spec_text, Set(scheme, "sgpKey"))
    (finding,) = validate_spec(load_spec(path))
    line, col = position(edited, scheme)
    assert (finding.file, finding.line, finding.column, finding.rule, finding.pointer) == (
        str(path),
        line,
        col,
        "profile",
        ptr(*scheme),
    )
    assert str(finding) == (
        f"{path}:{line}:{col}: profile: auth scheme 'sgpKey' is not in components.securitySchemes (at #{ptr(*scheme)})"
    )
    rc, out, _ = run_cli_in_process(path, capsys)
    assert rc == 1
    assert out.splitlines() == [str(finding)]


# ---------------------------------------------------------------------- regressions
# Defects found in review: a malformed profile or auth crashed lint_refs, a broken `type` under an
# example crashed lint_examples, pointer tokens were not escaped, a mapping to a bare name resolved
# to the document root, and defaults were not held to their platform's own rule.


def test_profile_not_a_mapping_is_a_finding(spec_text, tmp_path):
    path, _ = write_broken(tmp_path, spec_text, Set((*PROFILES, "generic"), "oops"))
    findings = validate_spec(load_spec(path))
    assert ("profile", ptr(*PROFILES, "generic")) in {(f.rule, f.pointer) for f in findings}


def test_auth_not_a_mapping_is_a_finding(spec_text, tmp_path):
    path, _ = write_broken(tmp_path, spec_text, Set((*PROFILES, "sgp", "auth"), "sgpApiKey"))
    findings = validate_spec(load_spec(path))
    assert ("profile", ptr(*PROFILES, "sgp", "auth")) in {(f.rule, f.pointer) for f in findings}


def test_invalid_type_under_an_example_crashes(spec_text, tmp_path):
    type_ = ("components", "schemas", "Model", "properties", "created", "type")  # used by the /models example
    path, _ = write_broken(tmp_path, spec_text, Set(type_, "integr"))
    findings = validate_spec(load_spec(path))
    assert ("openapi", ptr(*type_)) in {(f.rule, f.pointer) for f in findings}


def test_property_name_with_slash_is_escaped(spec_text, tmp_path):
    model = ("components", "schemas", "Model")
    path, edited = write_broken(
        tmp_path, spec_text, InsertBefore((*model, "properties", "id"), "owner/org", "{type: string}")
    )
    findings = validate_spec(load_spec(path))
    keys = (*model, "properties", "owner/org")
    line, col = position(edited, keys)
    assert [(f.rule, f.pointer, f.line, f.column) for f in findings] == [("description", ptr(*keys), line, col)]


def test_discriminator_mapping_to_missing_name(spec_text, tmp_path):
    mapping = ("components", "schemas", "Message", "discriminator", "mapping", "system")
    path, _ = write_broken(tmp_path, spec_text, Set(mapping, "NoSuchMessage"))
    findings = validate_spec(load_spec(path))
    assert ("ref", ptr(*mapping)) in {(f.rule, f.pointer) for f in findings}


def test_default_violating_platform_rule(spec_data, spec_text, tmp_path):
    rules = spec_data["components"]["schemas"]["ChatCompletionRequest"]["properties"]["temperature"]["x-platform-rules"]
    assert rules["openai"]["maximum"] == 2
    temperature = (*PROFILES, "openai", "defaults", "temperature")
    path, _ = write_broken(tmp_path, spec_text, Set(temperature, "3"))
    findings = validate_spec(load_spec(path))
    assert ("profile", ptr(*temperature)) in {(f.rule, f.pointer) for f in findings}


def test_cli_platform_choices_are_the_specs_profiles(spec_text, tmp_path, capsys):
    # `--platform` is checked against the spec in use, not a list in the CLI: a profile the spec
    # does not define is refused naming the ones it does, before anything is imported or served.
    path, _ = write_broken(tmp_path, spec_text, Set((*PROFILES, "sgp", "title"), "Scale GenAI (edited)"))
    for command in ("serve", "contract", "demo"):
        extra = ["--base-url", "http://127.0.0.1:9"] if command == "contract" else []
        argv = [command, "--platform", "nope", *extra] + (["--spec", str(path)] if command != "demo" else [])
        rc = main(argv)
        err = capsys.readouterr().err
        assert rc == 2, (command, err)
        assert "invalid choice 'nope'" in err and "openai, unify, jamai, generic, bifrost, sgp" in err, err


# ---------------------------------------------------------------------- issue 11: new lints
# Each case breaks a copy of the spec in one way and expects exactly the listed findings, at the
# line and column of the node, with its pointer (check_case), and exit 1.

MODELS_GET = ("paths", "/models", "get")
REPLACED = (*REQUEST, "functions", "x-replaced-by")


def test_duplicate_mapping_key(spec_text, tmp_path, capsys):
    # YAML loaders silently keep the last of two equal keys; the spec must not say one thing twice.
    lines = spec_text.splitlines(keepends=True)
    at = lines.index("  title: unispec unified chat completions\n")
    lines.insert(at + 2, "  title: a second title\n")
    path = tmp_path / "openapi.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    assert _load(path.read_text())["info"]["title"] == "a second title"
    rc, out, err = run_cli_in_process(path, capsys)
    assert rc == 1, out + err
    (row,) = parse_output(out)
    assert (row["file"], int(row["line"]), int(row["col"]), row["rule"], row["pointer"]) == (
        str(path), at + 3, 3, "duplicate-key", "/info/title"
    )
    assert f"first on line {at + 1}" in row["message"] and "'title'" in row["message"]


def test_duplicate_key_position_survives_the_validation_child(spec_text, tmp_path):
    # generate validates in a child process; the duplicate's own line must come back from it.
    from unispec.validate import ValidationJob

    text = spec_text.replace("  version: 0.1.0\n", "  version: 0.1.0\n  version: 0.1.1\n", 1)
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    spec = load_spec(path)
    job = ValidationJob(spec)
    assert job.result() == validate_spec(spec)
    assert job._proc is not None and job._proc.returncode == 0
    (finding,) = job.result()
    assert (finding.line, finding.rule) == (text.splitlines().index("  version: 0.1.1") + 1, "duplicate-key")


def test_replaced_by_names_no_property(spec_text, tmp_path, capsys):
    check_case(
        Case((Set(REPLACED, "toolz"),), (Expect("replaced-by", REPLACED, "'toolz', which is not a property"),)),
        spec_text, tmp_path, capsys,
    )


def test_discriminator_property_missing_from_a_member(spec_data, spec_text, tmp_path, capsys):
    message = spec_data["components"]["schemas"]["Message"]
    index = message["oneOf"].index({"$ref": "#/components/schemas/FunctionMessage"})
    function = ("components", "schemas", "FunctionMessage")
    required = [r for r in spec_data["components"]["schemas"]["FunctionMessage"]["required"] if r != "role"]
    member = ("components", "schemas", "Message", "oneOf", index, "$ref")
    check_case(
        Case(
            (Delete((*function, "properties", "role")), Set((*function, "required"), _one_line_flow(required))),
            (Expect("discriminator", member, "#/components/schemas/FunctionMessage has no property 'role'"),),
        ),
        spec_text, tmp_path, capsys,
    )


@pytest.mark.parametrize(
    ("keyword", "rule", "fragment"),
    [("maximum", '{maximum: "2"}', "must be a number"),
     ("minimum", "{minimum: true, maximum: 2}", "must be a number"),
     ("type", "{type: numbr, maximum: 2}", "must be a JSON Schema type")],
)
def test_platform_rule_value_of_the_wrong_type(spec_data, spec_text, tmp_path, capsys, keyword, rule, fragment):
    # today such a rule passes validate, and then every request carrying the field gets a 500
    rules = (*REQUEST, "temperature", "x-platform-rules", "openai")
    assert spec_data["components"]["schemas"]["ChatCompletionRequest"]["properties"]["temperature"][
        "x-platform-rules"]["openai"] == {"maximum": 2}
    check_case(Case((Set(rules, rule),), (Expect("platform-rules", (*rules, keyword), fragment),)), spec_text, tmp_path, capsys)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("schema", "attribute of pydantic's BaseModel"), ("from", "Python keyword"),
     ("top-a", "not a Python identifier"), ("model_size", "'model_'")],
)
def test_request_property_the_generator_would_rename(spec_text, tmp_path, capsys, name, reason):
    prop = "{type: string, description: d, x-argument-class: platform, x-platforms: [openai]}"
    check_case(
        Case((InsertBefore((*REQUEST, "model"), name, prop),), (Expect("property-name", (*REQUEST, name), reason),)),
        spec_text, tmp_path, capsys,
    )


def test_ref_cycle_is_reported_at_the_ref(spec_text, tmp_path, capsys):
    schemas = ("components", "schemas")
    edits = (
        InsertBefore((*schemas, "ChatCompletionRequest"), "CycleA", "{description: a, $ref: '#/components/schemas/CycleB'}"),
        InsertBefore((*schemas, "ChatCompletionRequest"), "CycleB", "{description: b, $ref: '#/components/schemas/CycleA'}"),
    )
    check_case(
        Case(edits, (Expect("ref", (*schemas, "CycleA", "$ref"), "#/components/schemas/CycleA -> #/components/schemas/CycleB -> #/components/schemas/CycleA"),)),
        spec_text, tmp_path, capsys,
    )


def test_empty_enum(spec_text, tmp_path, capsys):
    enum = (*REQUEST, "reasoning_effort", "enum")
    check_case(Case((Set(enum, "[]"),), (Expect("enum", enum, "enum is empty"),)), spec_text, tmp_path, capsys)


# ------------------------------------------------------------- operation lints (issue 10's design)


def test_operation_without_x_unispec_method(spec_text, tmp_path, capsys):
    check_case(
        Case((Delete((*MODELS_GET, "x-unispec-method")),), (Expect("operation", MODELS_GET, "no x-unispec-method"),)),
        spec_text, tmp_path, capsys,
    )


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("Models.list", "dotted lowercase identifiers"), ("models.class", "Python keyword"),
     ("chat.completions.create", "is also that of operation POST /chat/completions"),
     ("chat.completions.create.raw", "'chat.completions.create' would be both a method and a resource")],
)
def test_bad_x_unispec_method(spec_text, tmp_path, capsys, value, fragment):
    at = (*MODELS_GET, "x-unispec-method")
    check_case(Case((Set(at, value),), (Expect("operation", at, fragment),)), spec_text, tmp_path, capsys)


def test_operation_x_platforms_and_platform_paths(spec_text, tmp_path, capsys):
    paths = (*MODELS_GET, "x-platform-paths")
    check_case(
        Case(
            (
                InsertBefore((*MODELS_GET, "tags"), "x-platforms", "[openai, unify, nope, jamai, sgp, bifrost]"),
                Set((*MODELS_GET, "x-platform-paths"), "{unify: models, generic: /models}"),
            ),
            (
                Expect("operation", (*MODELS_GET, "x-platforms", 2), "unknown platform 'nope'"),
                Expect("operation", (*paths, "unify"), "must start with '/'"),
                Expect("operation", (*paths, "generic"), "'generic', which does not serve it"),
            ),
        ),
        spec_text, tmp_path, capsys,
    )


def test_platform_responses(spec_text, tmp_path, capsys):
    responses = (*MODELS_GET, "x-platform-responses")
    check_case(
        Case(
            (
                InsertBefore((*MODELS_GET, "tags"), "x-platforms", "[openai, unify, jamai, bifrost]"),
                Delete((*MODELS_GET, "x-platform-paths")),
                Set((*MODELS_GET, "x-platform-responses"),
                    "{unify: {type: array, items: {type: string}}, sgp: {$ref: '#/components/schemas/SgpModelList'}, openai: strings, "
                    "jamai: {$ref: '#/components/schemas/JamaiModelInfoList'}, bifrost: {$ref: '#/components/schemas/BifrostModelList'}}"),
            ),
            (
                Expect("operation", (*responses, "sgp"), "'sgp', which does not serve it"),
                Expect("operation", (*responses, "openai"), "must be a schema"),
            ),
        ),
        spec_text, tmp_path, capsys,
    )


def test_platform_response_ref_must_resolve(spec_text, tmp_path, capsys):
    responses = (*MODELS_GET, "x-platform-responses")
    check_case(
        Case(
            (Set((*MODELS_GET, "x-platform-responses"), "{unify: {$ref: '#/components/schemas/Nope'}, "
                 "jamai: {$ref: '#/components/schemas/JamaiModelInfoList'}, sgp: {$ref: '#/components/schemas/SgpModelList'}, "
                 "bifrost: {$ref: '#/components/schemas/BifrostModelList'}}"),),
            (Expect("ref", (*responses, "unify", "$ref"), "does not resolve"),),
        ),
        spec_text, tmp_path, capsys,
    )


def test_stream_without_terminator(spec_text, tmp_path, capsys):
    stream = (*CHAT_POST, "responses", "200", "content", "text/event-stream")
    check_case(
        Case((Delete((*stream, "x-sse-terminator")),), (Expect("stream", stream, "needs x-sse-terminator"),)),
        spec_text, tmp_path, capsys,
    )


def test_second_operation_request_is_linted_like_the_chat_request(spec_text, tmp_path, capsys):
    """A new streaming operation with an inline request schema: its properties get the request lints
    (argument class, platforms within the operation's), and streaming needs a boolean `stream`."""
    op = ("paths", "/legacy", "post")
    body = (*op, "requestBody", "content", "application/json", "schema", "properties")
    new_op = (
        "{post: {operationId: createLegacy, x-unispec-method: legacy.create, x-platforms: [openai, unify], "
        "requestBody: {content: {application/json: {schema: {type: object, description: d, properties: {"
        "prompt: {type: string, description: p, x-platforms: [openai]}, "
        "echo: {type: boolean, description: e, x-argument-class: platform, x-platforms: [openai, jamai]}}}}}}, "
        "responses: {'200': {description: ok, content: {text/event-stream: {schema: "
        "{$ref: '#/components/schemas/ChatCompletionChunk'}, x-sse-terminator: '[DONE]'}}}}}}"
    )
    check_case(
        Case(
            (InsertBefore(("paths", "/models"), "/legacy", new_op),),
            (
                Expect("argument-class", (*body, "prompt"), "has no x-argument-class"),
                Expect("platforms", (*body, "echo", "x-platforms", 1), "'jamai', which serves no operation taking it"),
                Expect("stream", (*op, "responses", "200", "content", "text/event-stream"), "boolean 'stream'"),
            ),
        ),
        spec_text, tmp_path, capsys,
    )


def test_query_parameter_needs_a_schema_and_a_usable_name(spec_text, tmp_path, capsys):
    params = (*MODELS_GET, "parameters")
    check_case(
        Case(
            (Set((*MODELS_GET, "parameters"),
                 "[{name: from, in: query, schema: {type: string}}, {name: owner, in: header, schema: {type: string}}, {name: page, in: query, content: {application/json: {schema: {type: integer}}}}]"),),
            (
                Expect("property-name", (*params, 0, "name"), "Python keyword"),
                Expect("parameter", (*params, 1, "in"), "supports query and path"),
                Expect("parameter", (*params, 2), "uses content; unispec needs a schema"),
            ),
        ),
        spec_text, tmp_path, capsys,
    )


def test_a_profiles_unknown_arguments_is_refuse_or_ignore(spec_text, tmp_path, capsys):
    at = ("x-unispec-platforms", "jamai", "unknown_arguments")
    check_case(
        Case((Set(at, "drop"),), (Expect("profile", at, "unknown_arguments 'drop' must be one of: refuse, ignore"),)),
        spec_text,
        tmp_path,
        capsys,
    )


def test_a_platform_rule_may_narrow_an_enum(spec_text, tmp_path, capsys):
    # `enum` is a rule keyword the runtime checks; a keyword it cannot check is still a finding.
    rule = (*REQUEST, "reasoning_effort", "x-platform-rules", "jamai")
    check_case(
        Case(
            (Set(rule, "{enum: [disable, low, null], pattern: '^d'}"),),
            (Expect("platform-rules", (*rule, "pattern"), "keyword 'pattern' is not supported in platform rules"),),
        ),
        spec_text,
        tmp_path,
        capsys,
    )
