"""Verify tokens with FastMCP's own JWTVerifier, the way a FastMCP server would.

Usage: python verify_tokens.py CASES.json

CASES.json is a list of {"name": ..., "config": CONFIG.json, "token": ...} (optionally
"mcp_path": where the server mounts MCP, set on the provider before the first token;
"loader": "load_auth" to build it with python/fastmcp_auth_config.py's load_auth). For each case:
expand ${VAR} references in the config (os.path.expandvars, as FastMCP's fastmcp.json
does), construct the provider class it names, and await provider.verify_token(token)
(JWTVerifier: load_access_token; providers built on one delegate to it),
which returns None when FastMCP rejects the token. Every case runs in this one process
(importing FastMCP costs a second or two). Prints one JSON line per case:
  {"name", "class", "accepted", "client_id", "scopes", "expires_at", "claims"}
or {"name", "error"} when the config could not be loaded. Exits 0 when every config loaded.
"""

import asyncio
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


def load_provider(path, loader=None):
    if loader == "load_auth":
        # The loader users copy into their server (python/fastmcp_auth_config.py): it
        # builds nested token verifiers and MultiAuth.
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))
        from fastmcp_auth_config import load_auth

        return load_auth(path)
    with open(path, encoding="utf-8") as f:
        cfg = json.load(f)
    cls = getattr(importlib.import_module(cfg["import_path"]), cfg["provider_class"])
    return cls(**expand(cfg["config_params"]))


async def verify(case, providers):
    path = case["config"]
    if path not in providers:
        providers[path] = load_provider(path, case.get("loader"))
        if case.get("mcp_path"):
            # What the server does when it mounts the MCP endpoint (AuthKit binds its
            # verifier's audience to the resulting URL).
            providers[path].set_mcp_path(case["mcp_path"])
    provider = providers[path]
    # JWTVerifier.verify_token is load_access_token; providers built on a JWTVerifier
    # (Keycloak, Scalekit, ...) only have verify_token, which delegates to it.
    access = await provider.verify_token(case["token"])
    result = {"name": case["name"], "class": type(provider).__name__}
    if access is None:
        result["accepted"] = False
        return result
    result.update(
        accepted=True,
        client_id=access.client_id,
        scopes=list(access.scopes),
        expires_at=access.expires_at,
        claims=access.claims,
    )
    return result


async def main(cases_path):
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    providers = {}
    all_loaded = True
    for case in cases:
        try:
            # Keep stdout for our JSON lines: anything FastMCP prints goes to stderr.
            with contextlib.redirect_stdout(sys.stderr):
                result = await verify(case, providers)
        except Exception as e:  # report FastMCP's own error text
            all_loaded = False
            result = {"name": case["name"], "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(result), flush=True)
    return 0 if all_loaded else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1])))
