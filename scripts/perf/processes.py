"""Wall time and peak memory of whole processes, printed as JSON.

Reads a JSON list of commands on stdin: {"name", "argv" (argv[0] an absolute path),
"runs", "expect" (text its standard output must contain; checked once before timing)}. Runs are interleaved round by
round, so every command sees the same machine load; each run is posix_spawn → wait4 with
stdout/stderr on /dev/null, timed with perf_counter (the driver's own cost is the same for
every command). Peak RSS comes from separate runs under GNU time (`TIME_BIN`, %M): a child
spawned from this Python process would report Python's pages in its ru_maxrss.
"""

import json
import os
import statistics
import subprocess
import sys
import time

from stats import summary

WARMUP = 5


def check_output(cmd):
    done = subprocess.run(cmd["argv"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or cmd.get("expect", "") not in done.stdout:
        # stderr may name a problem; it never holds a secret (none is passed).
        tail = done.stderr.strip().splitlines()[-3:]
        raise SystemExit(
            f"{cmd['name']}: exit {done.returncode}, expected output missing; {tail}"
        )


def spawn_time_ms(argv, devnull):
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, _ = os.wait4(pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[0]} failed during timing")
    return elapsed


def peak_rss_kib(argv, runs):
    time_bin = os.environ.get("TIME_BIN", "/usr/bin/time")
    if not os.access(time_bin, os.X_OK):
        return None
    values = []
    for _ in range(runs):
        done = subprocess.run(
            [time_bin, "-f", "%M", *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
        values.append(int(done.stderr.strip().splitlines()[-1]))
    return statistics.median(values)


def main():
    commands = json.load(sys.stdin)
    for cmd in commands:
        check_output(cmd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    rounds = max(c["runs"] for c in commands)
    times = {c["name"]: [] for c in commands}
    for cmd in commands:
        for _ in range(WARMUP if cmd["runs"] >= 20 else 1):
            spawn_time_ms(cmd["argv"], devnull)
    for r in range(rounds):
        # Rotate the order so no command always runs right after another.
        for i in range(len(commands)):
            cmd = commands[(r + i) % len(commands)]
            every = max(rounds // cmd["runs"], 1)
            if r % every == 0 and len(times[cmd["name"]]) < cmd["runs"]:
                times[cmd["name"]].append(spawn_time_ms(cmd["argv"], devnull))
    results = {}
    for cmd in commands:
        results[cmd["name"]] = {
            "argv": cmd["argv"],
            "wall_ms": summary(times[cmd["name"]]),
            "peak_rss_kib": peak_rss_kib(cmd["argv"], 3 if cmd["runs"] < 20 else 5),
        }
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
