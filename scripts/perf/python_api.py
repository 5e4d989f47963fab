"""Python API vs the original: import + build of one Google config, side by side.

    python3 scripts/perf/python_api.py FASTMCP_AUTH_PYTHON MCPSTORE_PYTHON [RUNS]

Each interpreter runs its script RUNS times (default 30) in a fresh process; reported are
the medians of (a) the whole process and (b) import + build measured inside the process
(from before the first import of the script's module to the printed config).
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


def measure(python, script, runs):
    whole, inner = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [python, "-c", INNER.format(script=script)],
            capture_output=True, text=True, check=True,
        )
        whole.append((time.perf_counter() - start) * 1000)
        inner.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(whole), statistics.median(inner)


def main():
    ours, original = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    rows = [
        ("fastmcp_auth (this wheel)", measure(ours, os.path.join(HERE, "fastmcp_auth_google.py"), runs)),
        ("MCPStore builder under pydantic", measure(original, os.path.join(HERE, "mcpstore_google.py"), runs)),
    ]
    for name, (whole, inner) in rows:
        print(f"{name}: whole process {whole:.1f} ms, import + build {inner:.2f} ms")
    (_, (w1, i1)), (_, (w2, i2)) = rows
    print(f"speed-up: whole process {w2 / w1:.1f}x, import + build {i2 / i1:.0f}x")


if __name__ == "__main__":
    main()
