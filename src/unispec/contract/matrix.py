"""Several contract reports (`--report-json`) combined: one provider x parameter table, in Markdown
and as a self-contained HTML page, and where each provider's measured support differs from what the
spec declares for its platform (`x-platforms`, carried in each result as `claimed`)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

SUPPORTED = {"honoured", "accepted"}
MARK = {"honoured": "✔", "accepted": "○", "ignored": "✘ ignored", "rejected": "— rejected", "broken": "✘ broken"}
COLOUR = {"honoured": "#c8f7c5", "accepted": "#e4f2e1", "ignored": "#f9d6a5", "rejected": "#e6e6e6", "broken": "#f4b6b6"}


class MatrixError(Exception):
    """A file that is not a contract report."""


def load_reports(paths: list[Path]) -> list[dict[str, Any]]:
    reports = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise MatrixError(f"{path}: cannot read a JSON report: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("results"), list) or "platform" not in data:
            raise MatrixError(f"{path}: not a `unispec contract --report-json` report (no platform/results)")
        data.setdefault("provider", f"{data['platform']} @ {data.get('base_url', '?')}")
        reports.append(data)
    return reports


def _params(reports: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for report in reports:
        for r in report["results"]:
            if r.get("kind") != "probe":
                seen.setdefault(r["case"], None)
    return list(seen)


def _cell(report: dict[str, Any], case: str) -> dict[str, Any] | None:
    return next((r for r in report["results"] if r["case"] == case), None)


def _probes(report: dict[str, Any]) -> tuple[int, int]:
    probes = [r for r in report["results"] if r.get("kind") == "probe"]
    return sum(r["verdict"] == "passed" for r in probes), len(probes)


def differences(reports: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(provider, parameter, declared, measured) wherever the measurement and the spec disagree."""
    out = []
    for report in reports:
        for r in report["results"]:
            if r.get("kind") == "probe" or r.get("param") is None:
                continue
            declared = bool(r.get("claimed"))
            measured = r["verdict"] in SUPPORTED
            if declared != measured:
                said = f"declared for {report['platform']}" if declared else f"not declared for {report['platform']}"
                out.append((report["provider"], r["case"], said, f"{r['verdict']}: {' '.join(str(r['detail']).split())[:120]}"))
    return out


def markdown(reports: list[dict[str, Any]]) -> str:
    head = "| parameter | " + " | ".join(f"{r['provider']} ({r['platform']})" for r in reports) + " |"
    lines = [
        "# Contract matrix",
        "",
        "✔ honoured (effect seen), ○ accepted (effect not observable), ✘ ignored or broken, — rejected; "
        "`*` where the spec does not declare the parameter for that platform.",
        "",
        head,
        "|---|" + "---|" * len(reports),
    ]
    for case in _params(reports):
        cells = []
        for report in reports:
            r = _cell(report, case)
            if r is None:
                cells.append("")
                continue
            cells.append(MARK.get(r["verdict"], r["verdict"]) + ("" if r.get("claimed") else " *"))
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    probes = [f"{p}/{n} passed" for p, n in map(_probes, reports)]
    lines.append("| bad-input probes | " + " | ".join(probes) + " |")
    diffs = differences(reports)
    lines += ["", "## Measured support that differs from the spec's `x-platforms`", ""]
    if diffs:
        lines += ["| provider | parameter | spec | measured |", "|---|---|---|---|"]
        pipe = "\\|"  # a provider's message must not split the row
        lines += [f"| {p} | {c} | {d} | {m.replace('|', pipe)} |" for p, c, d, m in diffs]
    else:
        lines.append("None: every provider supports exactly what the spec declares for its platform.")
    return "\n".join(lines) + "\n"


def html_page(reports: list[dict[str, Any]]) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(r['provider'])}<br><small>{esc(r['platform'])}</small></th>" for r in reports)
    rows = []
    for case in _params(reports):
        tds = []
        for report in reports:
            r = _cell(report, case)
            if r is None:
                tds.append("<td></td>")
                continue
            star = "" if r.get("claimed") else " *"
            tds.append(
                f'<td style="background:{COLOUR.get(r["verdict"], "#fff")}" title="{esc(str(r["detail"]))}">'
                f"{esc(MARK.get(r['verdict'], r['verdict']) + star)}</td>"
            )
        rows.append(f"<tr><th>{esc(case)}</th>{''.join(tds)}</tr>")
    probes = "".join(f"<td>{p}/{n} passed</td>" for p, n in map(_probes, reports))
    rows.append(f"<tr><th>bad-input probes</th>{probes}</tr>")
    diffs = differences(reports)
    diff_rows = "".join(
        f"<tr><td>{esc(p)}</td><td>{esc(c)}</td><td>{esc(d)}</td><td>{esc(m)}</td></tr>" for p, c, d, m in diffs
    ) or '<tr><td colspan="4">None: every provider supports exactly what the spec declares.</td></tr>'
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>unispec contract matrix</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; margin-bottom: 2em; }}
th, td {{ border: 1px solid #bbb; padding: 3px 8px; text-align: left; }}
thead th {{ background: #f0f0f0; position: sticky; top: 0; }}
</style></head><body>
<h1>Contract matrix</h1>
<p>✔ honoured (effect seen), ○ accepted (effect not observable), ✘ ignored or broken, — rejected;
* where the spec does not declare the parameter for that platform. Hover a cell for the detail.</p>
<table><thead><tr><th>parameter</th>{head}</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
<h2>Measured support that differs from the spec's x-platforms</h2>
<table><thead><tr><th>provider</th><th>parameter</th><th>spec</th><th>measured</th></tr></thead><tbody>
{diff_rows}
</tbody></table>
</body></html>
"""
