"""Python API vs the original: import + build of one Google config, side by side.

    python3 scripts/perf/python_api.py MCPSTORE_PYTHON LABEL=PYTHON [LABEL=PYTHON ...] [--runs N]

e.g. `... target/perf-mcpstore-venv/bin/python "release wheel=target/perf-wheel-release/bin/python"
"CI wheel=target/perf-wheel-ci/bin/python"`. Every interpreter runs its script N times
(default 30) in a fresh process, round by round in rotating order so that each sees the same
load; reported are the medians of (a) the whole process and (b) import + build measured
inside the process (from before the first import of the script's module to the printed
config), and each wheel's speed-up over the original.
"""

import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
INNER = (
    # runpy.run_path imports pkgutil (and with it typing) lazily: done before the clock
    # starts, so neither side is charged for the harness (this favours the original, which
    # needs typing for pydantic).
    "import time, runpy, io, contextlib, pkgutil; t = time.perf_counter(); "
    "buf = io.StringIO()\n"
    "with contextlib.redirect_stdout(buf): runpy.run_path({script!r}, run_name='__main__')\n"
    "print((time.perf_counter() - t) * 1000)"
)


def run_once(python, script):
    start = time.perf_counter()
    out = subprocess.run(
        [python, "-c", INNER.format(script=script)],
        capture_output=True, text=True, check=True, timeout=60,
    )
    whole = (time.perf_counter() - start) * 1000
    return whole, float(out.stdout.strip().splitlines()[-1])


def main():
    args = sys.argv[1:]
    runs = 30
    if "--runs" in args:
        at = args.index("--runs")
        runs = int(args[at + 1])
        del args[at : at + 2]
    if len(args) < 2 or any("=" not in a for a in args[1:]):
        raise SystemExit(__doc__)
    original = ("MCPStore builder under pydantic", args[0], os.path.join(HERE, "mcpstore_google.py"))
    ours_script = os.path.join(HERE, "fastmcp_auth_google.py")
    rows = [original] + [(a.split("=", 1)[0], a.split("=", 1)[1], ours_script) for a in args[1:]]
    samples = {name: ([], []) for name, _, _ in rows}
    for round_ in range(runs):
        for name, python, script in rows[round_ % len(rows):] + rows[: round_ % len(rows)]:
            whole, inner = run_once(python, script)
            samples[name][0].append(whole)
            samples[name][1].append(inner)
    medians = {name: (statistics.median(w), statistics.median(i)) for name, (w, i) in samples.items()}
    ow, oi = medians[original[0]]
    print("| what | whole process | import + build | speed-up (whole / import + build) |")
    print("|---|---|---|---|")
    for name, _, _ in rows:
        w, i = medians[name]
        speed = "" if name == original[0] else f"{ow / w:.1f}x / **{oi / i:.0f}x**"
        print(f"| {name} | {w:.1f} ms | {i:.2f} ms | {speed} |")
    print(f"({runs} runs each, interleaved; load average {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    main()
