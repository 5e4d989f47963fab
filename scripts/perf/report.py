"""Turns the raw results of scripts/perf.sh (JSON files in one directory) into the
budget table, Markdown, ready for the README's "Performance" section.

Usage: report.py RESULTS_DIR
"""

import json
import os
import re
import sys

MIB = 1024


def load(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def ms(value):
    if value is None:
        return "n/a"
    if value < 1:
        return f"{value * 1000:.0f} µs"
    if value < 10:
        return f"{value:.2f} ms"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def mib(kib):
    return "n/a" if kib is None else f"{kib / MIB:.1f} MiB"


def verdict(ok):
    return "n/a" if ok is None else ("ok" if ok else "**MISS**")


def divan_medians(text, group):
    """Medians (ms) of the benchmarks under `group` in divan's tree output, e.g.
    `╰─ keystroke_200x60` followed by `   ├─ Credentials  279.6 µs │ 538.8 µs │ 317.3 µs …`."""
    units = {"ns": 1e-6, "µs": 1e-3, "ms": 1.0, "s": 1000.0}
    medians, inside = {}, False
    for line in text.splitlines():
        named = re.search(r"[├╰]─ (.+?)(\s{2,}|$)", line)
        if not named:
            continue
        if line.startswith(("├─", "╰─")):  # a top-level group or benchmark
            inside = named.group(1) == group
            continue
        times = re.findall(r"([\d.]+) (ns|µs|ms|s)\b", line)
        if inside and len(times) >= 3:
            value, unit = times[2]  # fastest, slowest, median, mean
            medians[named.group(1)] = float(value) * units[unit]
    return medians


def divan_medians_top(text, name):
    """The median (ms) of a top-level benchmark, e.g. `├─ catalog_parse  100.6 µs │ …`."""
    units = {"ns": 1e-6, "µs": 1e-3, "ms": 1.0, "s": 1000.0}
    for line in text.splitlines():
        if line.startswith(("├─ ", "╰─ ")) and line[3:].split()[0] == name:
            times = re.findall(r"([\d.]+) (ns|µs|ms|s)\b", line)
            if len(times) >= 3:
                return float(times[2][0]) * units[times[2][1]]
    return None


def main():
    directory = sys.argv[1]
    meta = load(directory, "meta.json") or {}
    procs = load(directory, "processes.json") or {}
    wizard = load(directory, "wizard.json") or {}
    rows = []

    true_ms = procs.get("true", {}).get("wall_ms", {}).get("median")
    gen = procs.get("generate", {})
    gen_ms = gen.get("wall_ms", {}).get("median")
    if gen_ms and true_ms:
        ratio = gen_ms / true_ms
        rows.append((
            "`generate --provider google …`, whole process",
            f"{ms(gen_ms)} = {ratio:.2f}× `/bin/true` ({ms(true_ms)})",
            "≤ 3× `/bin/true`",
            verdict(ratio <= 3),
        ))
    ref = procs.get("reference", {})
    ref_ms = ref.get("wall_ms", {}).get("median")
    if ref_ms and gen_ms:
        speedup = ref_ms / gen_ms
        rows.append((
            "Python reference: MCPStore's builder under pydantic, one Google config",
            f"{ms(ref_ms)}, {mib(ref.get('peak_rss_kib'))}; `generate` is {speedup:.0f}× faster",
            "≥ 50× slower than `generate`",
            verdict(speedup >= 50),
        ))
    else:
        rows.append((
            "Python reference (MCPStore's builder)",
            meta.get("reference_note", "not measured"),
            "≥ 50× slower than `generate`",
            "n/a",
        ))
    whole = procs.get("reference-whole-package", {})
    if whole.get("wall_ms"):
        rows.append((
            "(context) the same through `import mcpstore…` (whole package)",
            f"{ms(whole['wall_ms']['median'])}, {mib(whole.get('peak_rss_kib'))}",
            "",
            "",
        ))

    for size, result in (wizard.get("first_frame_ms") or {}).items():
        value = (result or {}).get("median")
        rows.append((
            f"wizard: process start → first complete frame, {size.replace('x', '×')}",
            ms(value) if value is not None else (result or {}).get("error", "n/a"),
            "≤ 50 ms",
            verdict(None if value is None else value <= 50),
        ))

    floor = (wizard.get("harness_floor_ms") or {}).get("median")
    if floor is not None:
        rows.append((
            "(context) the same pty harness with `/bin/echo`: fork → text on screen",
            ms(floor),
            "",
            "",
        ))

    bench_path = os.path.join(directory, "bench-wizard.txt")
    if os.path.exists(bench_path):
        with open(bench_path) as f:
            medians = divan_medians(f.read(), "keystroke_200x60")
        if medians:
            worst = max(medians, key=medians.get)
            rows.append((
                "wizard: keystroke, `update` + full redraw at 200×60 (cargo bench, slowest screen)",
                f"{ms(medians[worst])} ({worst})",
                "≤ 1 ms",
                verdict(medians[worst] <= 1),
            ))
    walks = wizard.get("walks") or []
    keys = next((w["keystroke_ms"] for w in walks if w.get("keystroke_ms")), None)
    echo = (wizard.get("echo_round_trip_ms") or {}).get("median")
    if keys and echo is not None:
        share = keys["median"] - echo
        rows.append((
            "wizard: keystroke in a pty at 200×60, key written → redrawn frame complete",
            f"{ms(keys['median'])}; `cat` in the same pty {ms(echo)}; the wizard's share {ms(share)}",
            "≤ 1 ms (the wizard's share)",
            verdict(share <= 1),
        ))
    screens = [s for w in walks for s in w.get("screens", [])]
    if screens:
        cpu = max(s["cpu_ms"] for s in screens)
        wakeups = sum(s["context_switches"] for s in screens)
        written = sum(s["bytes_written"] for s in screens)
        seconds = screens[0]["seconds"]
        rows.append((
            f"wizard: CPU while idle, {len(screens)} screens × {seconds:g} s each",
            f"max {cpu:.3f} ms CPU on a screen; {wakeups} wakeups, {written} bytes written in all",
            "0",
            verdict(cpu == 0 and wakeups == 0 and written == 0),
        ))
    for w in walks:
        if w.get("error"):
            rows.append((f"wizard walk '{w['walk']}'", w["error"], "", "**MISS**"))
    for w in walks:
        hwm = w.get("vm_hwm_kib")
        rows.append((
            f"wizard: peak resident memory, walk '{w['walk']}' (VmHWM, file saved)",
            mib(hwm),
            "≤ 12 MiB",
            verdict(None if hwm is None else hwm <= 12 * MIB),
        ))
    bench_path = os.path.join(directory, "bench-generate.txt")
    if os.path.exists(bench_path):
        with open(bench_path) as f:
            text = f.read()
        parse = divan_medians_top(text, "catalog_parse")
        if parse is not None:
            rows.append((
                "(context) catalog parse, in-process (cargo bench; once per process)",
                ms(parse),
                "",
                "",
            ))
        per_type = divan_medians(text, "generate_json")
        if per_type:
            worst = max(per_type, key=per_type.get)
            rows.append((
                f"(context) generation + JSON, in-process, slowest of {len(per_type)} provider types",
                f"{ms(per_type[worst])} ({worst})",
                "",
                "",
            ))
    gen_rss = gen.get("peak_rss_kib")
    rows.append(("`generate`: peak resident memory", mib(gen_rss), "", ""))
    size = int(meta.get("binary_bytes") or 0)
    if size:
        rows.append((
            "release binary (LTO, codegen-units=1, strip, opt-level 3)",
            f"{size / MIB / MIB:.2f} MiB ({size} bytes)",
            "report",
            "",
        ))

    print(f"Measured {meta.get('date', '')} on {meta.get('cpu', 'this machine')}, "
          f"{meta.get('cores', '?')} cores; load average {meta.get('load_before', '?')} before, "
          f"{meta.get('load_after', '?')} after. Medians.")
    print()
    print("| what | measured | budget | |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
