"""Golden end-to-end specs: one small spec per generator feature, with its expected output.

    python scripts/golden.py            # compare; exit 1 listing what differs
    python scripts/golden.py --update   # rewrite tests/golden/*/expected after a deliberate change

Only what the spec decides is kept (models, params, operations, resources, client, server, README,
pyproject): the runtime copied verbatim from src/unispec/runtime is the same for every spec.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
sys.path.insert(0, str(REPO / "src"))

from unispec.generate import MANIFEST, RUNTIME, generate, on_disk  # noqa: E402
from unispec.spec import load_spec  # noqa: E402


def features() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())


def spec_decided(out: Path) -> dict[str, bytes]:
    """The files of a generated tree that the spec decides (path -> bytes)."""
    runtime = {p.name for p in RUNTIME.iterdir() if p.is_file()}
    return {
        path: data
        for path, data in on_disk(out).items()
        if path != MANIFEST and not (path.count("/") == 1 and path.split("/")[1] in runtime)
    }


def render_into(feature: Path, out: Path) -> None:
    generate(load_spec(feature / "spec.yaml"), out, REPO / "templates")


def rendered(feature: Path) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="unispec-golden-") as scratch:
        out = Path(scratch) / "generated"
        render_into(feature, out)
        return spec_decided(out)


def expected(feature: Path) -> dict[str, bytes]:
    root = feature / "expected"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()} if root.is_dir() else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the expected outputs")
    args = parser.parse_args()
    failed = 0
    for feature in features():
        got = rendered(feature)
        if args.update:
            shutil.rmtree(feature / "expected", ignore_errors=True)
            for path, data in got.items():
                target = feature / "expected" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            print(f"{feature.name}: {len(got)} files written")
            continue
        want = expected(feature)
        differs = sorted(p for p in set(got) | set(want) if got.get(p) != want.get(p))
        failed += bool(differs)
        print(f"{feature.name}: {'ok' if not differs else 'differs: ' + ', '.join(differs)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
