"""Load fastmcp-auth configs the way a FastMCP server would, and report what FastMCP says.

Usage: python load_config.py CONFIG.json [CONFIG.json ...]

For each file: check its parameters against the class's signature, expand ${VAR}
references, import the provider class, construct it with the config's parameters and hand
it to FastMCP("compat", auth=provider). Prints one JSON line per file and exits 0 only if
every file loaded.

The test suite talks only to loopback. Providers that fetch their OIDC discovery document
while they are constructed get it from FASTMCP_AUTH_TEST_DISCOVERY_URL when their own URL
cannot be served locally (AWS Cognito builds https://cognito-idp.<region>.amazonaws.com/...);
every URL fetched is reported, and any other non-loopback fetch fails.
"""

import contextlib
import importlib
import inspect
import json
import os
import sys
from urllib.parse import urlparse

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
COGNITO_HOST_PREFIX = "cognito-idp."

# URLs fetched while the current config was constructed.
fetched = []


def guard_network():
    """Route discovery fetches to loopback; refuse anything else."""
    try:
        import httpx2
    except ImportError:  # FastMCP before 4 fetches with httpx
        import httpx as httpx2

    real_get = httpx2.get
    stand_in = os.environ.get("FASTMCP_AUTH_TEST_DISCOVERY_URL")

    def get(url, *args, **kwargs):
        url = str(url)
        fetched.append(url)
        host = urlparse(url).hostname or ""
        if host in LOOPBACK:
            return real_get(url, *args, **kwargs)
        if stand_in and host.startswith(COGNITO_HOST_PREFIX):
            return real_get(stand_in, *args, **kwargs)
        raise ConnectionError(f"compat suite: no network access outside loopback ({url})")

    httpx2.get = get


def expand(value):
    """Expand ${VAR} in strings, recursively through lists and dicts."""
    if isinstance(value, str):
        return os.path.expandvars(value)
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    return value


# Callbacks of real MCP clients (issue 12's presets) and one no preset allows.
REDIRECT_PROBES = [
    "http://localhost:33418/callback",
    "http://127.0.0.1:6274/oauth/callback",
    "https://claude.ai/api/mcp/auth_callback",
    "https://claude.com/api/mcp/auth_callback",
    "https://chatgpt.com/connector_platform_oauth_redirect",
    "https://evil.example/api/mcp/auth_callback",
]


def signature_problems(cls, params):
    """Parameters the constructor does not take, and required ones the config lacks."""
    signature = inspect.signature(cls.__init__)
    accepted = {n: p for n, p in signature.parameters.items() if n != "self"}
    if any(p.kind == p.VAR_KEYWORD for p in accepted.values()):
        unknown = []
    else:
        unknown = [f"unknown parameter {n}" for n in params if n not in accepted]
    missing = [
        f"missing required parameter {n}"
        for n, p in accepted.items()
        if p.default is p.empty
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        and n not in params
    ]
    return unknown + missing


def build(cfg, result, at=""):
    """The object a config document describes, its token verifiers (`verifier_params`)
    built first and passed by name, as `load_auth` does."""
    cls = getattr(importlib.import_module(cfg["import_path"]), cfg["provider_class"])
    kwargs = expand(cfg["config_params"])
    for name, nested in (cfg.get("verifier_params") or {}).items():
        kwargs[name] = build(nested, result, f"{at}{name}.")
    result.setdefault("signature_problems", []).extend(
        f"{at}{problem}" for problem in signature_problems(cls, kwargs)
    )
    return cls(**kwargs)


def load(path, result):
    with open(path, encoding="utf-8") as f:
        cfg = json.load(f)
    provider = build(cfg, result)
    extras = [build(extra, result, f"also_accept.{i}.") for i, extra in enumerate(cfg.get("also_accept") or [], 1)]
    auth = provider
    if extras:
        from fastmcp.server.auth import MultiAuth

        auth = MultiAuth(server=provider, verifiers=extras)
        result["server"] = type(provider).__name__
        result["verifiers"] = [type(v).__name__ for v in auth.verifiers]

    from fastmcp import FastMCP

    FastMCP("compat", auth=auth)
    if hasattr(provider, "_allowed_client_redirect_uris"):
        # Which MCP-client callbacks FastMCP's own matcher lets through with this config.
        from fastmcp.server.auth.redirect_validation import validate_redirect_uri

        patterns = provider._allowed_client_redirect_uris
        result["redirects_allowed"] = [
            uri for uri in REDIRECT_PROBES if validate_redirect_uri(uri, patterns)
        ]
    return type(auth).__name__


def main(paths):
    guard_network()
    all_ok = True
    for path in paths:
        fetched.clear()
        result = {"path": path}
        try:
            # Keep stdout for our JSON lines: anything FastMCP prints goes to stderr.
            with contextlib.redirect_stdout(sys.stderr):
                result.update(ok=True, **{"class": load(path, result)})
        except Exception as e:  # report FastMCP's own error text
            all_ok = False
            result.update(ok=False, error=f"{type(e).__name__}: {e}")
        result["fetched"] = list(fetched)
        print(json.dumps(result), flush=True)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
