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

`"_env": {"trim_blocks": true, ...}` renders the case with those Jinja2 `Environment`
options (the Rust side sets the same keys in `#[template(...)]`), and `"_template":
"other.html"` renders another template of `tests/templates/parity/` under this case's name,
so one template can be checked under several option sets.

The whitespace-control case `ws_matrix` is itself generated here (`write_ws_matrix`): every
combination of `-`, `+` and no marker on each side of each kind of tag, between runs of
spaces, tabs and newlines (after askama's `gen_ws_tests.py`).

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


def environment(**options) -> Environment:
    # Everything else stays at Jinja2's defaults (keep_trailing_newline=False, ...).
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "htm", "xml"]),
        extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
        **options,
    )


def write_ws_matrix() -> None:
    """Writes `parity/ws_matrix.html` and its data: one line per combination of markers."""
    pad = " \n\t "
    lines = []

    def case(label: str, tag: str) -> None:
        lines.append(f"{label}:|{pad}{tag}{pad}|")

    # `{{+` is read by Jinja2 as unary plus, so it is only used on a number; `+}}` and `+` on
    # raw tags are syntax errors in Jinja2.
    for left in ("", "-", "+"):
        for right in ("", "-"):
            case(f"print {left or '.'}{right or '.'}", f"{{{{{left} n {right}}}}}")
    for left in ("", "-", "+"):
        for right in ("", "-", "+"):
            markers = f"{left or '.'}{right or '.'}"
            case(f"if {markers}", f"{{%{left} if flag {right}%}}{pad}yes{pad}{{%{left} endif {right}%}}")
            case(f"for {markers}", f"{{%{left} for x in items {right}%}}{pad}{{{{ x }}}}{pad}{{%{left} endfor {right}%}}")
            case(f"set {markers}", f"{{%{left} set v = 1 {right}%}}")
            case(f"comment {markers}", f"{{#{left} note {right}#}}")
    for ol in ("", "-"):
        for orr in ("", "-"):
            for cl in ("", "-"):
                for cr in ("", "-"):
                    markers = "".join(m or "." for m in (ol, orr, cl, cr))
                    case(f"raw {markers}", f"{{%{ol} raw {orr}%}}{pad}{{{{ kept }}}}{pad}{{%{cl} endraw {cr}%}}")
    (CASES / "ws_matrix.html").write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
    data = {"n": 7, "flag": True, "items": ["a", "b"]}
    (DATA / "ws_matrix.json").write_text(json.dumps(data) + "\n", encoding="utf-8", newline="")


def main() -> int:
    if not TEMPLATES.is_dir():
        print("run from the repository root: python3 tests/parity/generate.py", file=sys.stderr)
        return 2
    if not jinja2.__version__.startswith("3.1."):
        print(f"expected Jinja2 3.1, found {jinja2.__version__}", file=sys.stderr)
        return 2
    write_ws_matrix()
    env = environment()
    EXPECTED.mkdir(parents=True, exist_ok=True)
    templates = {p.stem: p for p in sorted(CASES.iterdir()) if p.suffix in (".html", ".txt")}
    written = set()
    for data_path in sorted(DATA.glob("*.json")):
        with open(data_path, encoding="utf-8") as f:
            context = json.load(f)
        name = data_path.stem
        source = context.pop("_template", None)
        path = CASES / source if source else templates.get(name)
        if path is None or not path.exists():
            print(f"{data_path}: no template {source or name}", file=sys.stderr)
            return 1
        for undefined in context.pop("_undefined", []):
            context.pop(undefined, None)
        options = context.pop("_env", {})
        template = (environment(**options) if options else env).get_template(f"parity/{path.name}")
        output = template.render(context)
        out = EXPECTED / f"{name}{path.suffix}"
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
