"""The `unispec` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .spec import DEFAULT_SPEC, SpecLoadError, load_spec

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import format_findings, validate_spec

    try:
        spec = load_spec(args.spec)
    except SpecLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    findings = validate_spec(spec)
    if findings:
        print(format_findings(findings))
        print(f"{len(findings)} finding(s) in {spec.path}", file=sys.stderr)
        return EXIT_FINDINGS
    props = len(spec.request_properties)
    print(f"{spec.path}: valid OpenAPI {spec.data.get('openapi')}, {props} request properties, "
          f"{len(spec.platforms)} platform profiles, no findings")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unispec", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the spec: OpenAPI validity and unispec's lints")
    p.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="the entry document (default: %(default)s)")
    p.set_defaults(func=_cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
