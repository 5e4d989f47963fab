"""The wheel's `fastmcp-auth` command (the Rust command line run in-process)."""

import json
import os
import shutil
import subprocess
import sys

import fastmcp_auth

COMMAND = shutil.which("fastmcp-auth", path=os.path.dirname(sys.executable))


def run(*args):
    return subprocess.run(
        [COMMAND, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )


def test_command_is_installed_next_to_python():
    assert COMMAND, "fastmcp-auth not installed in the venv's bin directory"


def test_version():
    out = run("--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "fastmcp-auth " + fastmcp_auth.__version__


def test_generate_loads_in_fastmcp(serve):
    out = run(
        "generate", "--provider", "bearer",
        "--set", "jwks_uri=https://auth.example.com/.well-known/jwks.json",
        "--set", "issuer=https://auth.example.com",
        "--set", "audience=cli-api",
        "--scope", "read",
    )
    assert out.returncode == 0, out.stderr
    config = json.loads(out.stdout)
    assert serve(config).audience == "cli-api"


def test_wizard_without_a_terminal_exits_2():
    for args in ((), ("wizard",)):
        out = run(*args)
        assert out.returncode == 2, (args, out.returncode, out.stderr)
        assert "terminal" in out.stderr.lower(), out.stderr


def test_wizard_draws_in_a_terminal_and_ctrl_c_ends_it(tmp_path):
    # The wizard runs in-process under Python: it must draw the provider list in a
    # pseudo-terminal and end on Ctrl+C like the binary (status 130).
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "xdg"), TERM="xterm")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(COMMAND, ["fastmcp-auth"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    reaped = False
    try:
        screen, deadline = b"", time.monotonic() + 20
        while b"Google" not in screen and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.5)[0]:
                screen += os.read(fd, 65536)
        assert b"Google" in screen, screen[-500:]
        os.write(fd, b"\x03")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                reaped = True
                assert os.waitstatus_to_exitcode(status) == 130
                return
            if select.select([fd], [], [], 0.2)[0]:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
        raise AssertionError("the wizard did not end on Ctrl+C")
    finally:
        if not reaped:  # only our own child, and only while it is ours
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
