#!/usr/bin/env python3
"""Renders the Jinja2-parity fixtures with real Jinja2 and writes the expected output.

Every template `tests/templates/parity/<name>.<ext>` that has a data file
`tests/parity/data/<name>.json` is a case; the other templates there (base, layout,
partials) are only extended or included. The output goes to
`tests/parity/expected/<name>.<ext>`, byte for byte. The Rust side
(`tests/integration/parity.rs`) renders the same template with the same data and compares.

The special key `"_undefined": ["name", ...]` in a data file removes those names from the
context, so they are undefined for Jinja2; on the Rust side they are `Option` fields that
deserialize to `None`, which Kiln treats like Jinja's undefined.

Run from the repository root: `python3 tests/parity/generate.py`. Tests never call Python;
commit the expected files.
"""

import json
import sys
from pathlib import Path

import jinja2
from jinja2 import Environment, FileSystemLoader, select_autoescape

ROOT = Path("tests")
TEMPLATES = ROOT / "templates"
CASES = TEMPLATES / "parity"
DATA = ROOT / "parity" / "data"
EXPECTED = ROOT / "parity" / "expected"


def environment() -> Environment:
    # Everything else stays at Jinja2's defaults (keep_trailing_newline=False, ...).
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "htm", "xml"]),
        extensions=["jinja2.ext.loopcontrols"],
    )


def main() -> int:
    if not TEMPLATES.is_dir():
        print("run from the repository root: python3 tests/parity/generate.py", file=sys.stderr)
        return 2
    if not jinja2.__version__.startswith("3.1."):
        print(f"expected Jinja2 3.1, found {jinja2.__version__}", file=sys.stderr)
        return 2
    env = environment()
    EXPECTED.mkdir(parents=True, exist_ok=True)
    templates = {p.stem: p for p in sorted(CASES.iterdir()) if p.suffix in (".html", ".txt")}
    orphans = [d.name for d in sorted(DATA.glob("*.json")) if d.stem not in templates]
    if orphans:
        print(f"data files without a template: {', '.join(orphans)}", file=sys.stderr)
        return 1
    written = set()
    for name, path in templates.items():
        data_path = DATA / f"{name}.json"
        if not data_path.exists():
            continue  # a base, layout or partial: only extended or included
        with open(data_path, encoding="utf-8") as f:
            context = json.load(f)
        for undefined in context.pop("_undefined", []):
            context.pop(undefined, None)
        template = env.get_template(f"parity/{path.name}")
        output = template.render(context)
        out = EXPECTED / path.name
        with open(out, "w", encoding="utf-8", newline="") as f:
            f.write(output)
        written.add(out.name)
        print(f"wrote {out}")
    stale = [p.name for p in sorted(EXPECTED.iterdir()) if p.name not in written]
    for name in stale:
        print(f"warning: stale expected file {EXPECTED / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
