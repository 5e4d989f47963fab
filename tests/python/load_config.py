"""Load fastmcp-auth configs the way a FastMCP server would, and report what FastMCP says.

Usage: python load_config.py CONFIG.json [CONFIG.json ...]

For each file: expand ${VAR} references, import the provider class, construct it with the
config's parameters and hand it to FastMCP("compat", auth=provider). Prints one JSON line
per file and exits 0 only if every file loaded.
"""

import contextlib
import importlib
import json
import os
import sys


def expand(value):
    """Expand ${VAR} in strings, recursively through lists and dicts."""
    if isinstance(value, str):
        return os.path.expandvars(value)
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    return value


def load(path):
    with open(path, encoding="utf-8") as f:
        cfg = json.load(f)
    cls = getattr(importlib.import_module(cfg["import_path"]), cfg["provider_class"])
    provider = cls(**expand(cfg["config_params"]))

    from fastmcp import FastMCP

    FastMCP("compat", auth=provider)
    return type(provider).__name__


def main(paths):
    all_ok = True
    for path in paths:
        try:
            # Keep stdout for our JSON lines: anything FastMCP prints goes to stderr.
            with contextlib.redirect_stdout(sys.stderr):
                result = {"path": path, "ok": True, "class": load(path)}
        except Exception as e:  # report FastMCP's own error text
            all_ok = False
            result = {"path": path, "ok": False, "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(result), flush=True)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
