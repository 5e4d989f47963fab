"""Whole-process wizard figures in a pseudo-terminal, printed as JSON:

- start to first complete frame: fork timestamp → the read that completes the frame the
  wizard settles on (compared cell for cell with a settled reference frame of an earlier
  run, so the footer line has arrived too), and the same harness's floor with /bin/echo;
- keystroke round trip: a key written to the terminal → its redrawn frame complete, and
  the same through `cat` (the pty's and the wake-ups' share);
- idle CPU on every screen reachable by keys: CPU time (schedstat ns and stat ticks),
  context switches and bytes written over a quiet window;
- peak resident memory of the whole session (VmHWM just before the last key).

Usage: wizard.py BINARY WORK_DIR [--runs N] [--idle SECONDS] [--keys N]
"""

import argparse
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pty_session import PtySession, Timeout  # noqa: E402
from stats import summary  # noqa: E402

ENTER, TAB, ESC, DOWN, UP, RIGHT = "\r", "\t", "\x1b", "\x1b[B", "\x1b[A", "\x1b[C"
CTRL_C, CTRL_G = "\x03", "\x07"
FIRST_SCREEN = "Choose how clients"


class Until:
    """Press `key` until `text` shows (at most `limit` times): robust to a form gaining or
    losing a field."""

    def __init__(self, key, text, limit=12):
        self.key, self.text, self.limit = key, text, limit


# Each walk: screens in order, each with the keys that reach it from the previous one and
# text that proves it is showing.
WALKS = {
    # Google with both credentials from the environment, as tests/wizard_pty.rs.
    "google": [
        ("provider", [], FIRST_SCREEN),
        ("help", ["?"], "Any key closes this help"),
        ("confirm quit", ["x", ESC], "Quit without saving"),
        ("credentials", ["n", DOWN, ENTER], "Client secret"),
        ("scopes", [ENTER, ENTER, "https://mcp.example.com", Until(ENTER, "[x] openid")],
         "[x] openid"),
        ("preview json", [ENTER], '"provider_class": "GoogleProvider"'),
        ("preview python", [RIGHT], "auth = GoogleProvider("),
        ("preview env", [RIGHT], "GOOGLE_CLIENT_SECRET="),
        ("save", [ENTER], "Service name"),
        ("done", [TAB, ENTER], "Saved"),
    ],
    # A JWT verifier with a development key pair (RSA key generation happens in-process),
    # through to the done screen with its sample token.
    "bearer + dev key pair": [
        ("bearer credentials", [ENTER], "JWKS"),
        # Not "preparing a development key pair…", shown while the key is generated.
        ("dev key pair ready", [CTRL_G], "Generated a development key pair"),
        ("bearer scopes", [Until(ENTER, "[ ] read")], "[ ] read"),
        ("bearer preview", [ENTER], "JWTVerifier"),
        ("bearer save", [ENTER], "Service name"),
        ("bearer done", [TAB, ENTER], "Saved"),
    ],
}


def wizard_env(work_dir):
    # Placeholder values: they only make the credentials screen prefill from the
    # environment. Nothing here prints them.
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TERM": "xterm-256color",
        "HOME": work_dir,
        "XDG_CONFIG_HOME": os.path.join(work_dir, "config"),
        "GOOGLE_CLIENT_ID": "perf-placeholder-client-id",
        "GOOGLE_CLIENT_SECRET": "perf-placeholder-secret",
    }



def first_frame(binary, env, cols, rows, runs):
    """Median time from spawn to the first complete frame, over `runs` fresh processes."""
    reference = None
    times = []
    for _ in range(runs + 1):
        with PtySession([binary], env, cols, rows) as s:
            if reference is None:
                # The first run only learns what the complete frame looks like.
                s.wait_until(lambda text: FIRST_SCREEN in text)
                s.wait_quiet(0.3)
                reference = s.screen.text()
                if "quit" not in "".join(reference.splitlines()[-3:]):
                    raise Timeout("the settled first frame has no footer (^C quit)")
            else:
                done = s.wait_until(lambda text: text == reference)
                times.append((done - s.spawned_at) * 1000)
            s.send(CTRL_C)
            s.wait_exit()
    return summary(times)


def harness_floor(cols, rows, runs):
    """The same spawn → text-on-screen measurement for `/bin/echo`: the driver's and the
    kernel's share of the first-frame figure."""
    times = []
    for _ in range(runs):
        with PtySession(["/bin/echo", "ready"], {"PATH": "/usr/bin:/bin"}, cols, rows) as s:
            done = s.wait_until(lambda text: "ready" in text)
            times.append((done - s.spawned_at) * 1000)
            s.wait_exit()
    return summary(times)


# Keys arrive this far apart, like an arrow key's auto-repeat: the machine idles between
# them as it does while a person types, which makes wake-ups part of the figure.
KEY_GAP_S = 0.03


def keystroke_round_trips(s, count):
    """Down/Up on the provider list: key written → the redrawn frame complete."""
    start = s.screen.text()
    s.send(DOWN)
    s.wait_quiet()
    moved = s.screen.text()
    s.send(UP)
    s.wait_quiet()
    if moved == start or s.screen.text() != start:
        raise Timeout("Down/Up on the provider list did not redraw as expected")
    times = []
    for i in range(count):
        key, target = (DOWN, moved) if i % 2 == 0 else (UP, start)
        time.sleep(KEY_GAP_S)
        sent = s.send(key)
        done = s.wait_until(lambda text, t=target: text == t)
        times.append((done - sent) * 1000)
    return summary(times)


def echo_round_trips(count, cols, rows):
    """The same round trip through `cat` in raw mode (a byte in, the byte out): what the
    pty, the wake-ups and this driver cost without the wizard."""
    times = []
    argv = ["/bin/sh", "-c", "stty raw -echo && echo ready && exec cat"]
    with PtySession(argv, {"PATH": "/usr/bin:/bin"}, cols, rows) as s:
        s.wait_until(lambda text: "ready" in text)
        s.wait_quiet()
        for _ in range(count):
            time.sleep(KEY_GAP_S)
            expected = s.output_bytes + 1
            sent = s.send("x")
            times.append((s.wait_output(expected) - sent) * 1000)
    return summary(times)  # leaving the session ends cat


def press(s, keys):
    for key in keys:
        if isinstance(key, Until):
            for _ in range(key.limit):
                if key.text in s.screen.text():
                    break
                s.send(key.key)
                s.wait_quiet(0.05)
        else:
            s.send(key)
            s.wait_quiet(0.05)  # one event at a time, as a person types


def walk(binary, env, cols, rows, name, screens, idle_s, keys):
    """Every screen of one walk in turn: idle cost on each (and keystroke round trips on
    the provider list), then the session's peak memory."""
    result = {"walk": name, "size": f"{cols}x{rows}", "screens": []}
    tick_hz = os.sysconf("SC_CLK_TCK")
    with PtySession([binary], env, cols, rows) as s:
        # Keys typed before raw mode is on would reach the terminal's line discipline.
        s.wait_until(lambda text: FIRST_SCREEN in text)
        for screen, keys_in, marker in screens:
            press(s, keys_in)
            try:
                s.wait_until(lambda text, m=marker: m in text)
            except Timeout:
                result["error"] = f"screen '{screen}' not reached (no '{marker}' on screen)"
                # What was showing instead (the wizard masks secrets; these are placeholders).
                result["screen_at_error"] = s.screen.text().splitlines()
                break
            s.wait_quiet(0.3)
            if screen == "provider" and keys:
                result["keystroke_ms"] = keystroke_round_trips(s, keys)
            ns0, ticks0, switches0 = s.cpu()
            written = s.drain_for(idle_s)
            ns1, ticks1, switches1 = s.cpu()
            result["screens"].append(
                {
                    "screen": screen,
                    "seconds": idle_s,
                    "cpu_ms": (ns1 - ns0) / 1e6 if ns0 is not None and ns1 is not None
                    else (ticks1 - ticks0) * 1000 / tick_hz,
                    "cpu_ticks": ticks1 - ticks0,
                    "context_switches": switches1 - switches0,
                    "bytes_written": written,
                }
            )
        # VmHWM, not the reaped child's ru_maxrss: a child forked from this Python process
        # carries the parent's resident pages into ru_maxrss until it execs.
        result["vm_hwm_kib"] = s.peak_rss_kib()
        if "error" not in result:
            s.send(ENTER)  # leave the done screen
            result["exit_status"] = s.wait_exit()
        else:
            s.send(CTRL_C)
            s.wait_exit()
    return result


def main():
    # `timeout` (or Ctrl+C) ends the driver through SystemExit, so every PtySession's
    # close() still ends its wizard.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("work_dir")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--idle", type=float, default=2.0)
    parser.add_argument("--keys", type=int, default=100)
    args = parser.parse_args()
    env = wizard_env(args.work_dir)
    out = {"first_frame_ms": {}, "walks": []}
    try:
        out["harness_floor_ms"] = harness_floor(80, 24, args.runs)
        out["echo_round_trip_ms"] = echo_round_trips(args.keys, 200, 60)
    except Timeout as err:
        out["harness_floor_ms"] = {"error": str(err)}
    for cols, rows in ((80, 24), (200, 60)):
        try:
            out["first_frame_ms"][f"{cols}x{rows}"] = first_frame(
                args.binary, env, cols, rows, args.runs
            )
        except Timeout as err:
            out["first_frame_ms"][f"{cols}x{rows}"] = {"error": str(err)}
    for i, (name, screens) in enumerate(WALKS.items()):
        # Each walk in a fresh home, so the second one finds no file from the first.
        home = os.path.join(args.work_dir, f"walk{i}")
        os.makedirs(home, exist_ok=True)
        try:
            out["walks"].append(
                walk(args.binary, wizard_env(home), 200, 60, name, screens, args.idle, args.keys)
            )
        except Timeout as err:
            out["walks"].append({"walk": name, "error": str(err), "screens": []})
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
