"""Renders the example site's pages with Jinja2 3.1, for the web tests to compare with.

Run from the repository root: python3 tests/web/expected/generate.py
The data is the same as in examples/site/src/lib.rs and tests/web/src/lib.rs.
"""
import pathlib

import jinja2

HERE = pathlib.Path(__file__).parent
env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE.parent.parent.parent / "examples/site/templates"),
    autoescape=jinja2.select_autoescape(["html"]),
)
tasks = [
    {"title": "Write the template", "done": True},
    {"title": "Serve it from <every> framework", "done": False},
    {"title": "Edit & refresh", "done": False},
]
HOSTILE = '<script>alert(1)</script> "onmouseover="alert(2)" & \'x\''


def write(name, text):
    (HERE / name).write_text(text, encoding="utf-8", newline="")


write("index.html", env.get_template("index.html").render(tasks=tasks))
index = env.get_template("index.html")
write("tasks.html", "".join(index.blocks["tasks"](index.new_context({"tasks": tasks}))))
write("echo.html", env.get_template("echo.html").render(message=HOSTILE))
write("not_found.html", env.get_template("not_found.html").render(path="/nope/it's&more"))
write(
    "robots.txt",
    env.get_template("robots.txt").render(site="Kiln example", private=["/echo", "/broken"]),
)
