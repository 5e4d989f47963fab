"""Read fastmcp-auth exports back the way their consumers do, for the round-trip tests.

Usage: python read_exports.py < manifest.json
manifest: {"env_files": [{"path": P, "vars": [NAME, ...]}], "modules": [PATH, ...]}

Prints one JSON document: {"env": [[value or null per var] per file], "modules": [
{"ok": true, "values": ...} or {"ok": false, "error": ...} per module]}. `.env` files are
read with python-dotenv's dotenv_values (default interpolation, against os.environ);
modules are only parsed (export_shape.module_values), never run.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dotenv import dotenv_values  # noqa: E402

from export_shape import module_values  # noqa: E402


def main():
    manifest = json.load(sys.stdin)
    env = []
    for entry in manifest["env_files"]:
        values = dotenv_values(entry["path"])
        env.append([values.get(var) for var in entry["vars"]])
    modules = []
    for path in manifest["modules"]:
        try:
            with open(path, encoding="utf-8") as f:
                modules.append({"ok": True, "values": module_values(f.read())})
        except Exception as e:  # reported, and the test fails on it
            modules.append({"ok": False, "error": f"{type(e).__name__}: {e}"})
    json.dump({"env": env, "modules": modules}, sys.stdout, ensure_ascii=True)


main()
