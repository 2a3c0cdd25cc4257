"""The `unispec` command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .config import Config, ConfigError, resolve
from .spec import Spec, SpecLoadError, load_spec

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def _config(args: argparse.Namespace, cwd: Path | None = None) -> Config | None:
    """The project's settings with this command's flags over them, or None after saying why not."""
    try:
        return resolve(
            cwd,
            spec=getattr(args, "spec", None),
            output=getattr(args, "out", None),
            templates=getattr(args, "templates", None),
            package=getattr(args, "package", None),
            distribution=getattr(args, "distribution", None),
        )
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def _load(path: Path, config: Config | None = None) -> Spec | None:
    """The spec, or None after saying on stderr why it cannot be used (and which setting named it)."""
    try:
        return load_spec(path)
    except SpecLoadError as exc:
        origin = config.origin("spec") if config is not None else "default"
        how = "" if origin.startswith("--") else f" (the spec named by {origin}; pass --spec or run `unispec init`)"
        if origin == "default":
            how = " (no [tool.unispec] table found; pass --spec, or run `unispec init` to start a project)"
        print(f"error: {exc}{how}", file=sys.stderr)
        return None


def _project(args: argparse.Namespace) -> tuple[Config, Spec] | None:
    config = _config(args)
    if config is None:
        return None
    spec = _load(config.spec, config)
    return None if spec is None else (config, spec)


def _platform(args: argparse.Namespace, spec: Spec, preferred: str) -> str | None:
    """--platform, checked against the spec's own profiles (a profile added to the spec is a choice)."""
    names = list(spec.platforms)
    if args.platform is None:
        return preferred if preferred in names else (names[0] if names else None)
    if args.platform not in names:
        listed = ", ".join(names) or "none"
        print(
            f"error: argument --platform: invalid choice {args.platform!r}: {spec.path} defines {listed} "
            "(x-unispec-platforms)",
            file=sys.stderr,
        )
        return None
    return args.platform


def _use_generated(config: Config, spec: Spec) -> bool:
    """Import the package generated from `spec` for this process; False after saying why it cannot be."""
    from .project import ProjectError, load_generated

    try:
        load_generated(config, spec)
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return False
    return True


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import format_findings, validate_spec

    project = _project(args)
    if project is None:
        return EXIT_UNUSABLE
    _, spec = project
    findings = validate_spec(spec)
    if findings:
        print(format_findings(findings))
        print(f"{len(findings)} finding(s) in {spec.path}", file=sys.stderr)
        return EXIT_FINDINGS
    from .operations import read_operations, request_properties

    ops = read_operations(spec)
    props = sum(len(request_properties(spec, op)) for op in ops)
    print(
        f"{spec.path}: valid OpenAPI {spec.data.get('openapi')}, {len(ops)} operations, {props} request properties, "
        f"{len(spec.platforms)} platform profiles, no findings"
    )
    return EXIT_OK


def _cmd_generate(args: argparse.Namespace) -> int:
    import time

    from .generate import GenerationError, generate

    started = time.perf_counter()
    if args.check and not args.no_cache and not getattr(args, "diff", False):
        # The manifest decides from the spec's text alone: no YAML parse when nothing changed.
        config = _config(args)
        if config is None:
            return EXIT_UNUSABLE
        try:
            text = config.spec.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None  # the full path below says what is wrong
        if text is not None:
            from .generate import check_cached, inputs_hash

            unparsed = Spec(path=config.spec, text=text, data={}, positions={})
            cached = check_cached(config.output, inputs_hash(unparsed, config.templates, config.package, config.distribution))
            if cached == []:
                elapsed = time.perf_counter() - started
                print(f"{_shown(config.output)} is up to date with {config.spec} (by manifest) ({elapsed:.2f}s)")
                return EXIT_OK
    project = _project(args)
    if project is None:
        return EXIT_UNUSABLE
    config, spec = project
    out = _shown(config.output)
    if getattr(args, "diff", False) and not args.check:
        print("error: --diff only goes with --check", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        result = generate(
            spec,
            config.output,
            config.templates,
            check=args.check,
            use_cache=not args.no_cache,
            package=config.package,
            distribution=config.distribution,
            diff=getattr(args, "diff", False),
        )
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"{out} was left as it was.", file=sys.stderr)
        return EXIT_FINDINGS
    elapsed = time.perf_counter() - started
    how = " (by manifest)" if result.cached else ""
    if args.check:
        if result.changed:
            print(f"{out} is out of date with {spec.path}{how}; run `unispec generate`:")
            print("\n".join(f"  {line}" for line in result.changed))
            if result.diff:
                print(result.diff, end="")
            return EXIT_FINDINGS
        print(f"{out} is up to date with {spec.path}{how} ({elapsed:.2f}s)")
        return EXIT_OK
    if result.changed:
        print(f"wrote {len(result.changed)} file(s) to {out} ({elapsed:.2f}s):")
        print("\n".join(f"  {line}" for line in result.changed))
    else:
        print(f"{out} already up to date ({elapsed:.2f}s)")
    return EXIT_OK


def _shown(path: Path) -> Path:
    """A path as the user would type it: relative to the working directory when under it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _cmd_init(args: argparse.Namespace) -> int:
    import shutil

    from .config import DEFAULT_OUTPUT, DEFAULT_SPEC, check_distribution, check_package, read_pyproject, table_text
    from .generate import MANIFEST
    from .resources import ResourceError, starter_spec

    target = (args.dir or Path.cwd()).resolve()
    pyproject = target / "pyproject.toml"
    spec_path, output = target / DEFAULT_SPEC, target / DEFAULT_OUTPUT
    try:
        check_package(args.package, "--package")
        check_distribution(args.distribution, "--distribution")
        if target.exists() and not target.is_dir():
            raise ConfigError(f"{target} exists and is not a directory")
        if pyproject.is_file() and "unispec" in read_pyproject(pyproject).get("tool", {}):
            raise ConfigError(f"{pyproject} already has a [tool.unispec] table; nothing was changed")
        if output.exists() and any(output.iterdir()) and not (output / MANIFEST).is_file():
            raise ConfigError(f"{output} exists and was not made by unispec; nothing was changed")
        starter = starter_spec()
    except (ConfigError, ResourceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    # Checked first, written after: a refusal leaves the directory as it was.
    try:
        target.mkdir(parents=True, exist_ok=True)
        if spec_path.exists():
            print(f"kept      {_shown(spec_path)} (already there)")
        else:
            spec_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(starter, spec_path)
            print(f"created   {_shown(spec_path)} (the starter chat-completions spec)")
        table = table_text(args.package, args.distribution)
        if pyproject.is_file():
            text = pyproject.read_text(encoding="utf-8")
            pyproject.write_text(
                text + ("" if text.endswith("\n") or not text else "\n") + "\n" + table, encoding="utf-8"
            )
            print(f"updated   {_shown(pyproject)} (added [tool.unispec])")
        else:
            pyproject.write_text(table, encoding="utf-8")
            print(f"created   {_shown(pyproject)} ([tool.unispec])")
    except OSError as exc:
        print(f"error: cannot write in {target}: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    config = _config(argparse.Namespace(), cwd=target)
    if config is None:
        return EXIT_UNUSABLE
    from .generate import GenerationError, generate

    spec = _load(config.spec, config)
    if spec is None:
        return EXIT_UNUSABLE
    try:
        result = generate(
            spec, config.output, config.templates, package=config.package, distribution=config.distribution
        )
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"generated {_shown(config.output)}: package {config.package}, {len(result.changed)} file(s)")
    print(
        f"next: pip install -e '{_shown(config.output)}[server]'; edit {_shown(config.spec)}, then "
        "`unispec validate` and `unispec generate`"
    )
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    project = _project(args)
    if project is None:
        return EXIT_UNUSABLE
    config, spec = project
    platform = _platform(args, spec, "openai")
    if platform is None or not _use_generated(config, spec):
        return EXIT_UNUSABLE
    from .limits import limits_from_args
    from .serve import run

    limits, connection_limits, max_body_bytes = limits_from_args(args)
    return run(platform, args.host, args.port, args.api_key, args.unknown_fields, limits, connection_limits,
               args.keep_logs, max_body_bytes, args.cors_origin)


def _cmd_demo(args: argparse.Namespace) -> int:
    project = _project(args)
    if project is None:
        return EXIT_UNUSABLE
    config, spec = project
    platform = _platform(args, spec, "unify")
    if platform is None:
        return EXIT_UNUSABLE
    print("1/3 validate:", flush=True)
    rc = _cmd_validate(argparse.Namespace())
    if rc:
        return rc
    print(f"2/3 {_shown(config.output)} matches the spec:", flush=True)
    rc = _cmd_generate(argparse.Namespace(check=True, no_cache=False))
    if rc:
        return rc
    print("3/3 unispec serve answers the generated client:", flush=True)
    if not _use_generated(config, spec):
        return EXIT_UNUSABLE
    from .serve import demo

    return demo(platform)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _prepare_outputs(paths: list[Path]) -> str | None:
    """Make each report's directory before the run, so a bad path fails in a second, not after it."""
    for path in paths:
        if path.is_dir():
            return f"{path}: is a directory; name a file for the report"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"{path}: cannot create its directory {path.parent}: {exc.strerror or exc}"
        if not os.access(path.parent, os.W_OK):
            return f"{path}: the directory {path.parent} is not writable"
    return None


def _cmd_contract_matrix(args: argparse.Namespace) -> int:
    from .contract.matrix import MatrixError, differences, html_page, load_reports, markdown

    outputs = [p for p in (args.md, args.html) if p is not None]
    if (problem := _prepare_outputs(outputs)) is not None:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        reports = load_reports(args.matrix)
    except MatrixError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    text = markdown(reports)
    if args.md is not None:
        args.md.write_text(text, encoding="utf-8")
    if args.html is not None:
        args.html.write_text(html_page(reports), encoding="utf-8")
    diffs = differences(reports)
    if args.vs_spec:
        for provider, case, declared, measured in diffs:
            print(f"{provider}: {case}: {declared}, measured {measured}")
        print(f"{len(diffs)} difference(s) from the spec's x-platforms over {len(reports)} report(s)")
        return EXIT_FINDINGS if diffs else EXIT_OK
    if args.md is None and args.html is None:
        print(text, end="")
    return EXIT_OK


def _cmd_contract_gateway(args: argparse.Namespace, spec: Spec, headers: dict[str, str]) -> int:
    import asyncio
    import contextlib

    from .contract import ContractSetupError, run
    from .contract.gateway import GatewayStartError, gateway_process, upstream_server, watch
    from .contract.gateway import markdown as gateway_markdown
    from .contract.gateway import table as gateway_table
    from .contract.report import as_dict, junit, markdown, table
    from .serve import free_port

    with upstream_server(args.upstream_port) as (upstream, recorder):
        port = str(free_port())
        values = {"upstream": upstream, "upstream_port": upstream.rsplit(":", 1)[1].split("/")[0], "port": port}
        base_url = (args.base_url or "http://127.0.0.1:{port}").format(**values)
        sent = {k: v.format(**values) for k, v in headers.items()}
        print(f"upstream (the reference backend, as an OpenAI-compatible provider): {upstream}", flush=True)
        starting = (
            gateway_process(args.gateway_cmd, values, base_url, args.gateway_wait, args.gateway_log)
            if args.gateway_cmd
            else contextlib.nullcontext()
        )
        try:
            with starting:
                report = run(
                    spec, base_url=base_url, platform=args.platform, api_key=args.api_key, model=args.model,
                    only=_split(args.only), skip=_split(args.skip), concurrency=args.concurrency,
                    timeout=args.timeout, headers=sent,
                )
                report.label = args.label
                seen = asyncio.run(
                    watch(spec, recorder, upstream, base_url, args.platform, report.model,
                          {**sent, **_auth(args)}, args.timeout)
                )
        except (ContractSetupError, GatewayStartError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_UNUSABLE
    print(table(report))
    print()
    print(gateway_table(seen))
    data = {**as_dict(report), "gateway": seen.as_dict()}
    import json

    for path, text in (
        (args.report_json, json.dumps(data, indent=2) + "\n"),
        (args.report_md, markdown(report) + "\n" + gateway_markdown(seen)),
        (args.junit, junit(report) if args.junit else ""),
    ):
        if path is not None:
            path.write_text(text, encoding="utf-8")
    # A parameter lost or changed on the way is a finding; for an out-of-range probe value only a
    # silent rewrite is (refusing it, or passing it on for the provider to refuse, is right).
    lost = [
        f for f in seen.forwards
        if f.verdict == "altered" or (not f.param.startswith("probe.") and f.verdict in ("dropped", "rejected by the gateway"))
    ]
    return EXIT_OK if report.ok and not lost else EXIT_FINDINGS


def _auth(args: argparse.Namespace) -> dict[str, str]:
    from unified_chat import get_platform

    return get_platform(args.platform).auth_headers(args.api_key)


def _cmd_contract(args: argparse.Namespace) -> int:
    if args.matrix:
        return _cmd_contract_matrix(args)
    if args.md is not None or args.html is not None or args.vs_spec:
        print("error: --md, --html and --vs-spec go with --matrix REPORT.json ...", file=sys.stderr)
        return EXIT_UNUSABLE
    # Answers are judged by the models and profiles of the spec in use, --spec or the project's.
    project = _project(args)
    if project is None:
        return EXIT_UNUSABLE
    config, spec = project
    args.platform = _platform(args, spec, "openai")
    if args.platform is None or not _use_generated(config, spec):
        return EXIT_UNUSABLE
    if args.replay is not None:
        from .contract.replay import replay, summary

        if not args.replay.is_dir():
            print(f"error: {args.replay}: not a directory of recorded traffic", file=sys.stderr)
            return EXIT_UNUSABLE
        if args.report_json and (problem := _prepare_outputs([args.report_json])) is not None:
            print(f"error: {problem}", file=sys.stderr)
            return EXIT_UNUSABLE
        verdicts = replay(args.replay)
        print(summary(verdicts))
        if args.report_json:
            import json

            args.report_json.write_text(json.dumps([v.__dict__ for v in verdicts], indent=2) + "\n")
        return EXIT_OK if all(v.conforming for v in verdicts) else EXIT_FINDINGS
    if not args.base_url and not (args.gateway and args.gateway_cmd):
        print("error: pass --base-url URL (or --replay DIR, or --gateway --gateway-cmd CMD)", file=sys.stderr)
        return EXIT_UNUSABLE
    from .contract import ContractSetupError, run
    from .contract.report import junit, markdown, table, to_json

    headers: dict[str, str] = {}
    for item in args.header or []:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            print(f"error: --header {item!r}: expected NAME:VALUE", file=sys.stderr)
            return EXIT_UNUSABLE
        headers[name.strip()] = value.strip()
    outputs = [p for p in (args.report_json, args.report_md, args.junit) if p is not None]
    if (problem := _prepare_outputs(outputs)) is not None:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_UNUSABLE
    if args.gateway:
        return _cmd_contract_gateway(args, spec, headers)
    try:
        report = run(
            spec,
            base_url=args.base_url,
            platform=args.platform,
            api_key=args.api_key,
            model=args.model,
            only=_split(args.only),
            skip=_split(args.skip),
            concurrency=args.concurrency,
            timeout=args.timeout,
            headers=headers,
        )
        report.label = args.label
    except ContractSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(table(report))
    for path, render in ((args.report_json, to_json), (args.report_md, markdown), (args.junit, junit)):
        if path is not None:
            path.write_text(render(report), encoding="utf-8")
    return EXIT_OK if report.ok else EXIT_FINDINGS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unispec", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    spec_help = "the entry document (default: [tool.unispec] spec, else ./spec/openapi.yaml)"
    p = sub.add_parser("validate", help="check the spec: OpenAPI validity and unispec's lints")
    p.add_argument("--spec", type=Path, default=None, help=spec_help)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("init", help="start a project: a starter spec, the [tool.unispec] table, a first generate")
    p.add_argument("dir", type=Path, nargs="?", default=None, help="the project directory (default: the current one)")
    p.add_argument(
        "--package", default="unified_chat", help="import name of the generated package (default: %(default)s)"
    )
    p.add_argument(
        "--distribution",
        default="unified-chat",
        help="distribution name of the generated package (default: %(default)s)",
    )
    p.set_defaults(func=_cmd_init)

    p = sub.add_parser("generate", help="generate the project's package (models, client, server stub)")
    p.add_argument("--spec", type=Path, default=None, help=spec_help)
    p.add_argument(
        "--out", type=Path, default=None, help="the output directory (default: [tool.unispec] output, else ./generated)"
    )
    p.add_argument(
        "--templates",
        type=Path,
        default=None,
        help="the template directory (default: [tool.unispec] templates, else the bundled ones)",
    )
    p.add_argument("--package", default=None, help="import name (default: [tool.unispec] package, else unified_chat)")
    p.add_argument(
        "--distribution",
        default=None,
        help="distribution name (default: [tool.unispec] distribution, else unified-chat)",
    )
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 listing the files that differ")
    p.add_argument("--diff", action="store_true", help="with --check, also print a unified diff of what differs")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="with --check, regenerate in full instead of trusting the manifest of inputs",
    )
    p.set_defaults(func=_cmd_generate)

    platform_help = "a profile of the spec's x-unispec-platforms (default: {}, else the first)"
    p = sub.add_parser("serve", help="serve the reference backend as one platform")
    p.add_argument("--spec", type=Path, default=None, help=spec_help)
    p.add_argument("--platform", default=None, help=platform_help.format("openai"))
    p.add_argument("--host", default="127.0.0.1", help="the address to bind (default: %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="the port; 0 picks a free one (default: %(default)s)")
    p.add_argument(
        "--api-key",
        default=os.environ.get("UNISPEC_API_KEY"),
        help="require this key in the platform's auth header (default: $UNISPEC_API_KEY)",
    )
    p.add_argument(
        "--unknown-fields",
        choices=("reject", "passthrough", "ignore"),
        default=None,
        help="what to do with request fields the spec or platform does not define"
        " (default: the profile's unknown_arguments: refuse -> reject, ignore -> ignore)",
    )
    p.add_argument(
        "--cors-origin",
        action="append",
        default=None,
        metavar="ORIGIN",
        help="allow browser calls from this origin (repeatable; `*`: any); without it, no CORS",
    )
    from .limits import add_limit_flags

    add_limit_flags(p)
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("contract", help="test a provider against the spec, or judge recorded traffic")
    p.add_argument("--base-url", help="the provider's origin (the platform's base path is added if missing)")
    p.add_argument(
        "--platform", default=None, help="the profile the provider claims; " + platform_help.format("openai")
    )
    p.add_argument("--api-key", default=None, help="sent in the platform's auth header; never printed")
    p.add_argument("--model", default=None, help="the model to test (default: the first of GET /models)")
    p.add_argument(
        "--only", action="append", metavar="CASES", help="comma-separated case ids or parameter names (globs)"
    )
    p.add_argument(
        "--skip", action="append", metavar="CASES", help="comma-separated case ids or parameter names (globs)"
    )
    p.add_argument("--concurrency", type=int, default=4, help="cases in flight at once (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per call (default: %(default)s)")
    p.add_argument(
        "--header",
        action="append",
        metavar="NAME:VALUE",
        help="send this header on every request (repeatable), e.g. a gateway's routing header",
    )
    p.add_argument("--report-json", type=Path, metavar="F")
    p.add_argument("--report-md", type=Path, metavar="F")
    p.add_argument("--junit", type=Path, metavar="F")
    p.add_argument("--replay", type=Path, metavar="DIR", help="judge recorded traffic in DIR offline instead")
    p.add_argument("--label", help="the provider's name in the JSON report (and so in a matrix)")
    p.add_argument(
        "--gateway",
        action="store_true",
        help="gateway mode: run the reference backend as the gateway's upstream (its URL is printed) and "
        "report what the gateway forwards of each parameter and relays of each answer field",
    )
    p.add_argument(
        "--gateway-cmd",
        metavar="CMD",
        help="with --gateway: start the gateway with CMD; {upstream}, {upstream_port} and {port} are filled in "
        "(--base-url defaults to http://127.0.0.1:{port}; --header values take the same placeholders)",
    )
    p.add_argument("--upstream-port", type=int, default=0, help="with --gateway: the upstream's port (default: a free one)")
    p.add_argument("--gateway-wait", type=float, default=120.0, help="seconds to wait for the gateway to answer")
    p.add_argument("--gateway-log", metavar="F", help="with --gateway-cmd: write the gateway's output here")
    p.add_argument(
        "--matrix",
        nargs="+",
        type=Path,
        metavar="REPORT",
        help="combine --report-json files into one provider x parameter table instead of running",
    )
    p.add_argument("--md", type=Path, metavar="F", help="with --matrix: write the Markdown table here")
    p.add_argument("--html", type=Path, metavar="F", help="with --matrix: write a self-contained HTML page here")
    p.add_argument(
        "--vs-spec",
        action="store_true",
        help="with --matrix: list where measured support differs from the spec's x-platforms (exit 1 if any)",
    )
    p.add_argument("--spec", type=Path, default=None, help=spec_help)
    p.set_defaults(func=_cmd_contract)

    p = sub.add_parser("demo", help="the main job: validate, check generated/, serve and stream a reply")
    p.add_argument("--platform", default=None, help=platform_help.format("unify"))
    p.set_defaults(func=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
