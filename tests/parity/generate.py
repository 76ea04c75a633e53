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
spaces, tabs and newlines (after askama's `gen_ws_tests.py`). So is `long_lists`
(`write_long_lists`): bodies long enough to be cut into closures, and `long_nested` (the
same inside a block, a macro, a recursive loop and an include).

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


def write_long_lists() -> None:
    """Writes `parity/long_lists.html` and its data: bodies long enough (over 64 nodes) that
    Kiln cuts them into closures (`engine/src/codegen/chunks.rs`), around every construct a
    cut must respect: names a `set` or an `if` binds for later nodes, `set`s in branches
    assigning outer names, `break` and `continue`, macros, call blocks and includes."""

    def rows(tag: str, count: int = 25) -> str:
        return "".join(f"<p>{tag} {i}: {{{{ name }}}} {{{{ n + {i} }}}}</p>\n" for i in range(count))

    parts = [
        rows("head"),
        "{% set x = 1 %}",
        rows("after set"),
        "{% if flag %}", rows("branch"), "{% set x = x + 10 %}{% endif %}x={{ x }}\n",
        "{% if flag %}{% set y = 'declared by an if' %}{% endif %}",
        rows("after if"), "y={{ y }}\n",
        "{% for item in items %}", rows("loop", 12),
        "{% if item == 'b' %}{% continue %}{% endif %}[{{ item }}]",
        "{% if item == 'd' %}{% break %}{% endif %}{% endfor %}\n",
        "{% for item in items %}", rows("outer", 12),
        "{% for inner in items %}{% if inner == item %}{% break %}{% endif %}{{ inner }}{% endfor %}\n",
        "{% endfor %}",
        "{% set ns = namespace(count=0) %}{% for item in items %}", rows("ns", 12),
        "{% set ns.count = ns.count + loop.index %}{% endfor %}count={{ ns.count }}\n",
        "{% set captured %}", rows("captured"), "{% endset %}{{ captured|length }}\n",
        "{% macro card(title) %}", rows("macro", 25), "<h2>{{ title }}</h2>{% endmacro %}",
        "{{ card('one') }}{{ card('<two>') }}",
        "{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}",
        "{% call wrap() %}", rows("caller"), "{% endcall %}",
        "{% filter upper %}", rows("filtered"), "{% endfilter %}",
        "{% with z = n * 2 %}", rows("with"), "z={{ z }}{% endwith %}\n",
        "{% for item in items %}{% include 'parity/item_partial.html' %}{% endfor %}",
        rows("tail"),
    ]
    (CASES / "long_lists.html").write_text("".join(parts), encoding="utf-8", newline="")
    data = {"name": "Ada <&> \"Bob\"", "n": 5, "flag": True, "items": ["a", "b", "c", "d", "e"], "user": "Eve"}
    (DATA / "long_lists.json").write_text(json.dumps(data) + "\n", encoding="utf-8", newline="")

    # The same cut inside what a user nests and the list above does not: a block of an
    # extended template (with `super()`), a macro with a call block, a recursive loop, an
    # included template's loop.
    (CASES / "long_nested_base.html").write_text(
        "<html>{% block body %}" + rows("base") + "{% endblock %}</html>\n", encoding="utf-8", newline="")
    (CASES / "long_nested_part.html").write_text(
        "{% for node in tree %}" + rows("included", 12) + "{{ node.title }}{% endfor %}", encoding="utf-8", newline="")
    nested = [
        "{% extends 'parity/long_nested_base.html' %}{% block body %}{{ super() }}",
        "{% macro card(x) %}", rows("macro"),
        "{% if x > 1 %}{% set y = x * 2 %}{{ y }}{% endif %}",
        "{% if caller is defined %}{{ caller() }}{% endif %}{% endmacro %}",
        "{% for node in tree recursive %}", rows("recursive", 30), "{{ node.title }}",
        "{% if node.children %}{{ loop(node.children) }}{% endif %}",
        "{% if loop.last %}last{% else %}more{% endif %}{% endfor %}",
        "{% call card(2) %}", rows("caller"),
        "{% for i in [1, 2, 3] %}{% if i == 2 %}{% continue %}{% endif %}", rows("in caller", 30), "{% endfor %}",
        "{% endcall %}",
        "{% for i in range(3) %}{% set ns = namespace(t=0) %}", rows("ns", 30),
        "{% for j in range(4) %}{% set ns.t = ns.t + j %}{% if j == 2 %}{% break %}{% endif %}{% endfor %}",
        "t={{ ns.t }}{% else %}none{% endfor %}",
        "{% include 'parity/long_nested_part.html' %}{% endblock %}",
    ]
    (CASES / "long_nested.html").write_text("".join(nested), encoding="utf-8", newline="")
    leaf = {"href": "/", "kind": "page", "hidden": False, "tags": [], "children": []}
    tree = [
        {**leaf, "title": "Docs & <Guides>", "children": [{**leaf, "title": "Intro"}]},
        {**leaf, "title": "About"},
    ]
    data = {"name": "Ada <&> \"Bob\"", "n": 5, "tree": tree}
    (DATA / "long_nested.json").write_text(json.dumps(data) + "\n", encoding="utf-8", newline="")


def main() -> int:
    if not TEMPLATES.is_dir():
        print("run from the repository root: python3 tests/parity/generate.py", file=sys.stderr)
        return 2
    if not jinja2.__version__.startswith("3.1."):
        print(f"expected Jinja2 3.1, found {jinja2.__version__}", file=sys.stderr)
        return 2
    write_ws_matrix()
    write_long_lists()
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
