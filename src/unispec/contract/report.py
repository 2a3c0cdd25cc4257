"""Contract reports: the terminal table, JSON, Markdown and JUnit XML."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from .cases import OK_VERDICTS
from .run import Report


def as_dict(report: Report) -> dict[str, Any]:
    return {
        "provider": report.label or f"{report.platform} @ {report.base_url}",
        "base_url": report.base_url,
        "platform": report.platform,
        "model": report.model,
        "ok": report.ok,
        "seconds": round(report.seconds, 3),
        "setup": report.setup,
        "health": {"verdict": report.health.verdict, "detail": report.health.detail},
        "results": [
            {
                "case": r.case.id,
                "param": r.case.param,
                "kind": r.case.kind,
                "argument_class": r.case.argument_class,
                "claimed": r.case.claimed,
                "verdict": r.outcome.verdict,
                "ok": r.ok,
                "detail": r.outcome.detail,
                "warnings": r.outcome.warnings,
                "seconds": round(r.seconds, 3),
            }
            for r in report.results
        ],
        "warnings": report.warnings,
    }


def _rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for r in report.results:
        claimed = "probe" if r.case.kind == "probe" else ("yes" if r.case.claimed else "no")
        rows.append((r.case.id, claimed, r.outcome.verdict, "ok" if r.ok else "FAIL", r.outcome.detail))
    return rows


def table(report: Report, width: int = 140) -> str:
    head = ("case", "claimed", "verdict", "", "detail")
    rows = _rows(report)
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(head[:4])]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head[:4], widths, strict=True)) + "  " + head[4]]
    lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 6)
    room = max(20, width - sum(widths) - 8)
    for row in rows:
        detail = row[4] if len(row[4]) <= room else row[4][: room - 1] + "…"
        lines.append("  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True)) + "  " + detail)
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.outcome.verdict] = counts.get(r.outcome.verdict, 0) + 1
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    failing = sum(not r.ok for r in report.results)
    lines.append("")
    lines.append(f"{report.platform} at {report.base_url}, model {report.model}: {summary}; {report.health.detail}")
    if report.warnings:
        shown = report.warnings[:12]
        lines.append(
            f"warnings ({len(report.warnings)}): " + "; ".join(shown) + (" ..." if len(report.warnings) > 12 else "")
        )
    verdict = (
        "PASS: everything the platform claims is honoured" if report.ok else f"FAIL: {failing} case(s) not honoured"
    )
    lines.append(f"{verdict} ({report.seconds:.1f}s)")
    return "\n".join(lines)


def markdown(report: Report) -> str:
    lines = [
        f"# Contract report: {report.platform} at {report.base_url}",
        "",
        f"Model `{report.model}`; {'PASS' if report.ok else 'FAIL'} in {report.seconds:.1f}s. "
        + "; ".join(report.setup),
        "",
        "| case | claimed | verdict | ok | detail |",
        "|---|---|---|---|---|",
    ]
    for row in _rows(report):
        # a provider's multi-line error text must not break the table
        lines.append("| " + " | ".join(" ".join(c.split()).replace("|", "\\|") for c in row) + " |")
    if report.warnings:
        lines += ["", "## Warnings (unknown fields and other non-failures)", ""]
        lines += [f"- {w}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def junit(report: Report) -> str:
    suite = ET.Element(
        "testsuite",
        name=f"unispec-contract-{report.platform}",
        tests=str(len(report.results)),
        failures=str(sum(not r.ok for r in report.results)),
        skipped=str(sum(r.ok and r.outcome.verdict not in OK_VERDICTS for r in report.results)),
        time=f"{report.seconds:.3f}",
    )
    for r in report.results:
        case = ET.SubElement(
            suite, "testcase", classname=f"contract.{r.case.kind}", name=r.case.id, time=f"{r.seconds:.3f}"
        )
        if not r.ok:
            ET.SubElement(case, "failure", message=f"{r.outcome.verdict}: {r.outcome.detail}")
        elif r.outcome.verdict not in OK_VERDICTS:
            ET.SubElement(
                case, "skipped", message=f"not claimed by {report.platform}: {r.outcome.verdict}: {r.outcome.detail}"
            )
        if r.outcome.warnings:
            ET.SubElement(case, "system-out").text = "\n".join(r.outcome.warnings)
    # the health check after the run counts toward `ok`, so it is a test case of its own
    health = ET.SubElement(suite, "testcase", classname="contract.health", name="health")
    if report.health.verdict != "passed":
        ET.SubElement(health, "failure", message=report.health.detail)
    suite.set("tests", str(len(report.results) + 1))
    suite.set("failures", str(sum(not r.ok for r in report.results) + (report.health.verdict != "passed")))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def to_json(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2) + "\n"
