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
