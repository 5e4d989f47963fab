"""Build a FastMCP auth provider from a fastmcp-auth JSON config.

    from fastmcp_auth_config import load_auth
    mcp = FastMCP("my-server", auth=load_auth("payments-api.json"))

`${VAR}` references are expanded from the environment (FastMCP's own `fastmcp.json`
convention). A `deployment.storage` section with backend "redis" gives the provider a
Redis store shared by every replica, encrypted with Fernet (newest key first: the first
encrypts, every key decrypts); it needs `pip install "py-key-value-aio[redis]"`. Every
failure this module expects ends with one line naming the variable or package, never a
value (a Redis URL may hold a password).

When the config has a shared store, run the server stateless
(`FASTMCP_STATELESS_HTTP=true`, or `mcp.run(transport="http", stateless_http=True)`):
behind a load balancer without sticky sessions, consecutive requests reach different
replicas.
"""

import importlib
import json
import os
import re

_REFERENCE = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")


class ConfigError(Exception):
    """A config or environment problem, stated in one line."""


def expand(value):
    """Expand ${VAR} in strings, recursively through lists and dicts."""
    if isinstance(value, str):
        return os.path.expandvars(value)
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    return value


def _variable(reference, where):
    """The value of the variable a `${VAR}` reference names; it must be set."""
    match = _REFERENCE.match(reference) if isinstance(reference, str) else None
    if match is None:
        raise ConfigError(f"{where} must be a ${{VAR}} reference")
    name = match.group(1)
    value = os.environ.get(name, "")
    if not value:
        raise ConfigError(f"{name} is not set ({where})")
    return name, value


def client_storage(cfg):
    """The `client_storage` a config's deployment section asks for, or None (FastMCP's
    default per-machine store)."""
    storage = (cfg.get("deployment") or {}).get("storage") or {"backend": "default"}
    backend = storage.get("backend")
    if backend == "default":
        return None
    if backend != "redis":
        raise ConfigError(f"deployment.storage.backend {backend!r} is not known here (default, redis)")
    try:
        import redis
        from key_value.aio.stores.redis import RedisStore
    except ImportError:
        raise ConfigError('RedisStore needs the Redis extra: pip install "py-key-value-aio[redis]"') from None
    from cryptography.fernet import Fernet, MultiFernet
    from key_value.aio.wrappers.encryption import FernetEncryptionWrapper

    url_name, url = _variable(storage.get("url"), "deployment.storage.url")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise ConfigError(
            f"cannot use Redis at ${url_name}: {type(exc).__name__}: check the URL and that the server is reachable"
        ) from None
    keys = []
    for reference in storage.get("encryption_keys") or []:
        key_name, key = _variable(reference, "deployment.storage.encryption_keys")
        try:
            keys.append(Fernet(key))
        except ValueError:
            raise ConfigError(f"{key_name} is not a Fernet key: make one with `fastmcp-auth secret --fernet`") from None
    if not keys:
        raise ConfigError("deployment.storage.encryption_keys must list at least one key")
    return FernetEncryptionWrapper(RedisStore(url=url), fernet=MultiFernet(keys))


def build(cfg, storage=None):
    """The object one config document describes; its `verifier_params` (token verifiers,
    e.g. OAuthProxy's `token_verifier`) are built the same way and passed by name."""
    cls = getattr(importlib.import_module(cfg["import_path"]), cfg["provider_class"])
    kwargs = {k: expand(v) for k, v in cfg["config_params"].items()}
    for name, nested in (cfg.get("verifier_params") or {}).items():
        kwargs[name] = build(nested)
    if storage is not None:
        kwargs["client_storage"] = storage
    return cls(**kwargs)


def load_auth(path):
    """The provider the config at `path` describes, with its storage. With `also_accept`
    (extra token verifiers) it is `MultiAuth(server=<provider>, verifiers=[...])`
    (FastMCP 3.1.0+): tokens any of them accepts pass."""
    with open(path, encoding="utf-8") as f:
        cfg = json.load(f)
    provider = build(cfg, client_storage(cfg))
    extras = [build(extra) for extra in cfg.get("also_accept") or []]
    if not extras:
        return provider
    try:
        from fastmcp.server.auth import MultiAuth
    except ImportError:
        raise ConfigError("also_accept needs FastMCP 3.1.0 or newer (MultiAuth): pip install -U fastmcp") from None
    return MultiAuth(server=provider, verifiers=extras)
