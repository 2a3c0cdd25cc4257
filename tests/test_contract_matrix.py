"""`unispec contract --matrix`: JSON reports combined into one provider x parameter table (Markdown
and a self-contained HTML page), and `--vs-spec` listing where measured support differs from the
spec's declared `x-platforms`."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from unispec.serve import background

REPO = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "unispec", "contract", *args],
                          capture_output=True, text=True, timeout=120, cwd=REPO)


def test_matrix_from_two_profiles_and_a_deviant_report(tmp_path):
    reports = {}
    for platform in ("openai", "jamai"):
        out = tmp_path / f"{platform}.json"
        with background(platform, None) as url:
            proc = cli("--base-url", url, "--platform", platform, "--only", "n,seed,logprobs,top_k,probe.n.*",
                       "--label", f"serve-{platform}", "--report-json", str(out))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        reports[platform] = out
    # A provider that ignores n although its platform declares it: a difference from the spec.
    deviant = json.loads(reports["openai"].read_text())
    deviant["provider"] = "deviant"
    for r in deviant["results"]:
        if r["case"] == "n":
            r.update(verdict="ignored", ok=False, detail="asked for 2 choices, got 1")
    (tmp_path / "deviant.json").write_text(json.dumps(deviant))

    md, page = tmp_path / "out" / "m.md", tmp_path / "out" / "m.html"
    paths = [str(reports["openai"]), str(reports["jamai"]), str(tmp_path / "deviant.json")]
    proc = cli("--matrix", *paths, "--md", str(md), "--html", str(page))
    assert proc.returncode == 0, proc.stderr
    text = md.read_text()
    assert "| parameter | serve-openai (openai) | serve-jamai (jamai) | deviant (openai) |" in text
    assert "| n | ✔ | ✔ | ✘ ignored |" in text
    # OpenAI refuses what it does not define; JamAI Base ignores it (its profile's
    # unknown_arguments): both marked as not declared there.
    assert "| top_k | — rejected * | ✘ ignored * | — rejected * |" in text
    assert "| seed | ✔ | ✘ ignored * | ✔ |" in text
    assert "| bad-input probes | 3/3 passed | 3/3 passed | 3/3 passed |" in text
    assert "| deviant | n | declared for openai | ignored: asked for 2 choices, got 1 |" in text

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.cells: list[str] = []
            self.external: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.external += [v for k, v in attrs if k in ("src", "href") and v]

        def handle_data(self, data):
            if data.strip():
                self.cells.append(data.strip())

    parser = Cells()
    parser.feed(page.read_text())
    assert parser.external == []  # self-contained: no scripts, styles or images fetched
    assert "✘ ignored" in parser.cells and "deviant" in parser.cells

    proc = cli("--matrix", *paths, "--vs-spec")
    assert proc.returncode == 1
    assert "deviant: n: declared for openai, measured ignored: asked for 2 choices, got 1" in proc.stdout
    assert "1 difference(s) from the spec's x-platforms over 3 report(s)" in proc.stdout
    proc = cli("--matrix", str(reports["openai"]), str(reports["jamai"]), "--vs-spec")
    assert proc.returncode == 0 and "0 difference(s)" in proc.stdout


def test_matrix_refuses_what_is_not_a_report(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}')
    proc = cli("--matrix", str(bad))
    assert proc.returncode == 2 and "not a `unispec contract --report-json` report" in proc.stderr
    proc = cli("--matrix", str(tmp_path / "missing.json"))
    assert proc.returncode == 2 and "cannot read" in proc.stderr
    proc = cli("--md", str(tmp_path / "m.md"), "--base-url", "http://127.0.0.1:9")
    assert proc.returncode == 2 and "go with --matrix" in proc.stderr


def test_committed_matrix_covers_every_profile():
    text = (REPO / "docs" / "contract-matrix.md").read_text()
    for platform in ("openai", "unify", "jamai", "generic", "bifrost", "sgp"):
        assert f"({platform}) |" in text.splitlines()[4] or f"({platform})" in text
    assert (REPO / "docs" / "contract-matrix.html").read_text().startswith("<!doctype html>")
