#!/usr/bin/env python3
"""Turn criterion's results for kiln-benches into Markdown tables and an SVG bar chart.

Usage (from anywhere, after `cargo bench -p kiln-benches`):

    python3 benches/report.py [--criterion DIR] [--results FILE] [--svg FILE]
                              [--baselines run1,run2,run3]

Reads every `<criterion>/**/new/estimates.json` (with the `benchmark.json` beside it), or with
`--baselines` the same files of each named baseline (`cargo bench -p kiln-benches --bench render --
--save-baseline run1`, and so on: several full runs, since one run on a shared machine can
move a benchmark by tens of percent), and:

- rewrites the part of RESULTS.md between the `<!-- report.py:begin -->` and
  `<!-- report.py:end -->` markers (everything outside them, such as the notes on method, is
  kept; a missing file or missing markers get a fresh file with default notes) with the date,
  `rustc --version`, the CPU (from /proc/cpuinfo), the engine versions (from Cargo.lock), a
  table of median times and a table of ratios to the hand-tuned renderer (with several runs:
  the median of the runs' medians, and Kiln / sailfish within each run: its median and
  range);
- writes results.svg: one group of bars per workload, each bar an engine's median time
  relative to the hand-tuned renderer (the floor, 1×), on a log scale.

Python 3 standard library only.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Criterion group ids in table order, with the label shown for each.
WORKLOADS = [
    ("big-table/10", "big-table 10×10"),
    ("big-table/100", "big-table 100×100"),
    ("big-table/300", "big-table 300×300"),
    ("teams", "teams"),
    ("escape-heavy", "escape-heavy"),
    ("inheritance", "inheritance"),
    ("filters", "filters"),
]

# Criterion function ids in column order, with the column heading and the bar colour.
ENGINES = [
    ("plain", "plain", "#b8b8b8"),
    ("tuned", "tuned", "#555555"),
    ("kiln", "**kiln**", "#d9480f"),
    ("sailfish", "sailfish", "#1c7ed6"),
    ("askama", "askama", "#37b24d"),
    ("minijinja", "minijinja", "#ae3ec9"),
    ("tera", "tera", "#f59f00"),
    ("handlebars", "handlebars", "#0ca678"),
]

FLOOR = "tuned"
BEGIN = "<!-- report.py:begin -->"
END = "<!-- report.py:end -->"

DEFAULT_NOTES = """# Benchmark results

{begin}
{end}
""".format(begin=BEGIN, end=END)


def load_results(criterion_dir, run="new"):
    """Returns {(group, function): {"median": ns, "bytes": n or None}} for one run."""
    results = {}
    for dirpath, _dirnames, filenames in os.walk(criterion_dir):
        if os.path.basename(dirpath) != run or "estimates.json" not in filenames:
            continue
        meta_path = os.path.join(dirpath, "benchmark.json")
        if not os.path.exists(meta_path):
            continue
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        with open(os.path.join(dirpath, "estimates.json"), encoding="utf-8") as f:
            estimates = json.load(f)
        throughput = meta.get("throughput") or {}
        key = (meta["group_id"], meta.get("function_id") or "")
        results[key] = {
            "median": estimates["median"]["point_estimate"],
            "bytes": throughput.get("Bytes"),
        }
    return results


def combine(runs):
    """Several runs' results as one: each benchmark's median over the runs, and in "runs"
    its median in each run (in the order given)."""
    combined = {}
    for key in set().union(*runs):
        medians = [run[key]["median"] for run in runs if key in run]
        first = next(run[key] for run in runs if key in run)
        combined[key] = {
            "median": statistics.median(medians),
            "bytes": first["bytes"],
            "runs": [run[key]["median"] if key in run else None for run in runs],
        }
    return combined


def kiln_over_sailfish(results, group):
    """Kiln / sailfish as text. With several runs, the ratio is taken within each run (the
    two engines measured minutes apart, in the same machine state), and the median and the
    range of those ratios are shown: the ratio of the two overall medians would compare
    numbers from different runs."""
    k, s = results.get((group, "kiln")), results.get((group, "sailfish"))
    if not k or not s:
        return "–"
    pairs = [(a, b) for a, b in zip(k.get("runs", []), s.get("runs", [])) if a and b]
    if len(pairs) < 2:
        return format_ratio(k["median"] / s["median"])
    ratios = [a / b for a, b in pairs]
    low, high = format_ratio(min(ratios)), format_ratio(max(ratios))
    return f"{format_ratio(statistics.median(ratios))} ({low}–{high})"


def format_time(ns):
    """3 significant digits with a unit: 85.3 ns, 57.9 µs, 1.57 ms."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1.0)):
        if ns >= scale or unit == "ns":
            value = ns / scale
            if value >= 100:
                return f"{value:.0f} {unit}"
            if value >= 10:
                return f"{value:.1f} {unit}"
            return f"{value:.2f} {unit}"
    raise AssertionError("unreachable")


def format_bytes(n):
    if n is None:
        return ""
    if n >= 1_000_000:
        return f"{n / 1e6:.2f} MB"
    if n >= 1000:
        return f"{n / 1e3:.1f} kB"
    return f"{n} B"


def format_ratio(r):
    if r >= 100:
        return f"{r:.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


def columns(results):
    """The workloads and engines that have results, in table order (unknown ones last)."""
    groups = [g for g, _ in WORKLOADS if any(k[0] == g for k in results)]
    groups += sorted({k[0] for k in results} - set(groups))
    engines = [e for e, _, _ in ENGINES if any(k[1] == e for k in results)]
    engines += sorted({k[1] for k in results} - set(engines))
    return groups, engines


def label(group):
    return dict(WORKLOADS).get(group, group)


def heading(engine):
    return {e: h for e, h, _ in ENGINES}.get(engine, engine)


def colour(engine):
    return {e: c for e, _, c in ENGINES}.get(engine, "#868e96")


def ratio(results, group, engine):
    cell, floor = results.get((group, engine)), results.get((group, FLOOR))
    if cell is None or floor is None:
        return None
    return cell["median"] / floor["median"]


def tables(results):
    groups, engines = columns(results)
    lines = ["### Median time per render (lower is better)", ""]
    lines.append("| workload | output | " + " | ".join(heading(e) for e in engines) + " |")
    lines.append("|---|---:|" + "---:|" * len(engines))
    for g in groups:
        out = next((r["bytes"] for (gg, _), r in results.items() if gg == g and r["bytes"]), None)
        cells = []
        for e in engines:
            r = results.get((g, e))
            text = format_time(r["median"]) if r else "–"
            cells.append(f"**{text}**" if e == "kiln" and r else text)
        lines.append(f"| {label(g)} | {format_bytes(out)} | " + " | ".join(cells) + " |")

    lines += ["", f"### Relative to the hand-tuned renderer (`{FLOOR}` = 1×; lower is better)", ""]
    others = [e for e in engines if e != FLOOR]
    extra = "kiln" in engines and "sailfish" in engines
    lines.append(
        "| workload | "
        + " | ".join(heading(e) for e in others)
        + (" | kiln / sailfish |" if extra else " |")
    )
    lines.append("|---|" + "---:|" * (len(others) + (1 if extra else 0)))
    for g in groups:
        cells = []
        for e in others:
            r = ratio(results, g, e)
            text = format_ratio(r) if r is not None else "–"
            cells.append(f"**{text}**" if e == "kiln" and r is not None else text)
        if extra:
            cells.append(kiln_over_sailfish(results, g))
        lines.append(f"| {label(g)} | " + " | ".join(cells) + " |")
    return lines


def cpu_description():
    model, count = None, 0
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name") and model is None:
                    model = line.split(":", 1)[1].strip()
                if line.startswith("processor"):
                    count += 1
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    memory = int(line.split()[1]) / (1024 * 1024)
    except OSError:
        pass
    parts = [model or platform.processor() or "unknown CPU"]
    if count:
        parts.append(f"{count} logical CPUs")
    if memory:
        parts.append(f"{memory:.0f} GiB")
    return ", ".join(parts) + f", {platform.system()} {platform.release()}"


def rustc_version():
    try:
        return subprocess.run(
            ["rustc", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def engine_versions():
    """Versions of the peer engines and criterion, from the workspace's Cargo.lock."""
    wanted = ["askama", "sailfish", "minijinja", "tera", "handlebars", "criterion"]
    found = {}
    try:
        with open(os.path.join(ROOT, "Cargo.lock"), encoding="utf-8") as f:
            lock = f.read()
    except OSError:
        return ""
    for block in lock.split("[[package]]"):
        name = re.search(r'^name = "([^"]+)"', block, re.M)
        version = re.search(r'^version = "([^"]+)"', block, re.M)
        if name and version and name.group(1) in wanted:
            found.setdefault(name.group(1), []).append(version.group(1))
    return ", ".join(f"{n} {'/'.join(found[n])}" for n in wanted if n in found)


def results_section(results, baselines):
    now = datetime.datetime.now(datetime.timezone.utc)
    if baselines:
        names = ", ".join(f"`{b}`" for b in baselines)
        command = (
            f"`cargo bench -p kiln-benches --bench render -- --save-baseline NAME` for each of {names}, "
            f"then `python3 benches/report.py --baselines {','.join(baselines)}`"
        )
        runs = (
            f"- **Runs:** {len(baselines)} full runs, one after another; each time is the "
            "median of the runs' medians; the last column is the median of Kiln / sailfish "
            "within each run, and its range over the runs"
        )
    else:
        command = "`cargo bench -p kiln-benches`, then `python3 benches/report.py`"
        runs = "- **Runs:** one"
    lines = [
        f"- **Date:** {now:%Y-%m-%d} (generated by `benches/report.py` at {now:%H:%M} UTC)",
        f"- **Machine:** {cpu_description()}",
        f"- **Toolchain:** {rustc_version()}, `bench` profile (optimised)",
        f"- **Command:** {command}",
        runs,
        f"- **Versions:** {engine_versions()}",
        "",
        "![Median render time relative to the hand-tuned renderer](results.svg)",
        "",
    ]
    lines += tables(results)
    return "\n".join(lines)


def write_results(path, results, baselines):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        text = ""
    if BEGIN not in text or END not in text:
        text = DEFAULT_NOTES
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + BEGIN + "\n" + results_section(results, baselines) + "\n" + END + tail)


def svg_chart(results):
    groups, engines = columns(results)
    bars = [e for e in engines if e != FLOOR]
    ratios = [ratio(results, g, e) for g in groups for e in bars]
    ratios = [r for r in ratios if r]
    if not ratios:
        raise SystemExit("no results relative to the tuned renderer")

    ticks = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    lo = max([t for t in ticks if t <= min(ratios + [1])] or [ticks[0]])
    hi = min([t for t in ticks if t >= max(ratios + [1])] or [ticks[-1]])

    bar_w, bar_gap, group_gap = 11, 2, 30
    left, right, top, bottom = 64, 16, 48, 58
    group_w = len(bars) * (bar_w + bar_gap) - bar_gap
    plot_w = len(groups) * group_w + (len(groups) - 1) * group_gap + group_gap
    plot_h = 340
    width = max(left + plot_w + right, 780)  # Room for the title and the legend.
    height = top + plot_h + bottom + 22 * math.ceil(len(bars) / 4)

    def y(r):
        return top + (math.log(hi) - math.log(r)) / (math.log(hi) - math.log(lo)) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="20" font-size="14" font-weight="bold">Median render time relative '
        "to the hand-tuned renderer (1× = tuned; log scale, lower is better)</text>",
        f'<text x="{left}" y="36" fill="#555">Bars start at the tuned renderer: up is slower, '
        "down is faster. Hover a bar for its time.</text>",
    ]
    for t in ticks:
        if lo <= t <= hi:
            ty = y(t)
            strong = t == 1
            out.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" '
                f'stroke="{"#222" if strong else "#ddd"}" stroke-width="{1.5 if strong else 1}"/>'
            )
            text = f"{t:g}×"
            out.append(
                f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" '
                f'fill="{"#222" if strong else "#666"}">{text}</text>'
            )
    base = y(1)
    for gi, g in enumerate(groups):
        gx = left + group_gap / 2 + gi * (group_w + group_gap)
        for bi, e in enumerate(bars):
            r = ratio(results, g, e)
            if not r:
                continue
            x = gx + bi * (bar_w + bar_gap)
            ry = y(min(max(r, lo), hi))
            y0, h = min(ry, base), abs(ry - base)
            tip = f"{label(g)}, {e}: {format_time(results[(g, e)]['median'])} ({format_ratio(r)})"
            out.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar_w}" height="{max(h, 1):.1f}" '
                f'fill="{colour(e)}"><title>{escape(tip)}</title></rect>'
            )
        out.append(
            f'<text x="{gx + group_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'font-weight="bold">{escape(g)}</text>'
        )
    out.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>'
    )
    legend_y = top + plot_h + 40
    for i, e in enumerate(bars):
        lx = left + (i % 4) * 150
        ly = legend_y + (i // 4) * 20
        name = heading(e).strip("*")
        out.append(f'<rect x="{lx}" y="{ly - 9}" width="12" height="12" fill="{colour(e)}"/>')
        out.append(f'<text x="{lx + 18}" y="{ly + 1}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--criterion",
        default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "criterion"),
        help="criterion's output folder (default: target/criterion of the workspace)",
    )
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--svg", default=os.path.join(HERE, "results.svg"))
    parser.add_argument(
        "--baselines",
        default="",
        help="comma-separated criterion baselines to combine (default: the latest run)",
    )
    args = parser.parse_args()

    baselines = [b for b in args.baselines.split(",") if b]
    if baselines:
        runs = [load_results(args.criterion, b) for b in baselines]
        missing = [b for b, run in zip(baselines, runs) if not run]
        if missing:
            sys.exit(f"no criterion results for baseline(s) {', '.join(missing)}")
        results = combine(runs)
    else:
        results = load_results(args.criterion)
    if not results:
        sys.exit(f"no criterion results under {args.criterion}; run `cargo bench -p kiln-benches`")
    write_results(args.results, results, baselines)
    with open(args.svg, "w", encoding="utf-8") as f:
        f.write(svg_chart(results))
    print(f"wrote {args.results} and {args.svg} ({len(results)} benchmarks)")


if __name__ == "__main__":
    main()
