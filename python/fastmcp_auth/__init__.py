"""Build FastMCP authentication configs with the MCPStore auth API (core in Rust).

    from fastmcp_auth import auth_service, build_provider

    config = (auth_service("payments-api")
              .require_scopes("read", "write")
              .use_bearer_auth(jwks_uri="https://auth.example.com/.well-known/jwks.json",
                               issuer="https://auth.example.com", audience="payments-api")
              .generate_fastmcp_config())
    mcp = FastMCP("payments", auth=build_provider(config))

Configs and payloads are plain dicts; bad input raises a ``ValueError`` subclass
(``AuthConfigError``) whose ``.field`` names the parameter. Importing this module does not
import FastMCP; ``build_provider`` does, when called.
"""

import os

from ._native import (
    AuthConfigError,
    AuthProviderBuilder,
    AuthServiceBuilder,
    AuthTokenBuilder,
    ConflictError,
    FastMCPAuthConfig,
    InvalidFieldError,
    InvalidScopeError,
    MissingFieldError,
    NoProviderError,
    ReservedClaimError,
    SecretNeedsReferenceError,
    UnknownFieldError,
    UnknownProviderTypeError,
    __version__,
    auth_jwt_payload,
    auth_provider,
    auth_service,
    auth_token,
    generate_fastmcp_auth_config,
)

__all__ = [
    "AuthConfigError",
    "AuthProviderBuilder",
    "AuthProviderType",
    "AuthServiceBuilder",
    "AuthTokenBuilder",
    "ConflictError",
    "FastMCPAuthConfig",
    "InvalidFieldError",
    "InvalidScopeError",
    "MissingEnvironmentVariableError",
    "MissingFieldError",
    "NoProviderError",
    "ReservedClaimError",
    "SecretNeedsReferenceError",
    "UnknownFieldError",
    "UnknownProviderTypeError",
    "__version__",
    "auth_jwt_payload",
    "auth_provider",
    "auth_service",
    "auth_token",
    "build_provider",
    "generate_fastmcp_auth_config",
]


class AuthProviderType:
    """The specification's provider types (any other catalog name is accepted too)."""

    BEARER = "bearer"
    OAUTH = "oauth"
    GOOGLE = "google"
    GITHUB = "github"
    WORKOS = "workos"
    CUSTOM = "custom"


class MissingEnvironmentVariableError(AuthConfigError):
    """A ``${VAR}`` reference in the config names a variable that is not set."""


# Only FastMCP's own classes are constructed: a config file naming another module would
# otherwise make build_provider import (run) arbitrary code.
_ALLOWED_MODULE_PREFIX = "fastmcp."


def build_provider(config, environ=None):
    """The live FastMCP auth provider for ``config``.

    ``config`` is a dict from ``generate_fastmcp_config()`` or the path of a saved JSON
    config. Every ``"${VAR}"`` value is replaced by ``environ[VAR]`` (default
    ``os.environ``); a variable that is not set raises ``MissingEnvironmentVariableError``
    naming the parameter and the variable (never a value).
    """
    if isinstance(config, (str, os.PathLike)):
        import json

        with open(config, encoding="utf-8") as f:
            config = json.load(f)
    if not isinstance(config, dict):
        raise TypeError("build_provider: give a config dict or a path to a saved config")
    env = os.environ if environ is None else environ
    provider = _build(config, env, "")
    extras = [
        _build(extra, env, "also_accept.%d." % (i + 1))
        for i, extra in enumerate(config.get("also_accept") or [])
    ]
    if not extras:
        return provider
    try:
        from fastmcp.server.auth import MultiAuth
    except ImportError:
        error = AuthConfigError("also_accept: needs FastMCP 3.1.0 or newer (MultiAuth) (example: pip install -U fastmcp)")
        error.field = "also_accept"
        raise error from None
    return MultiAuth(server=provider, verifiers=extras)


def _build(config, env, at):
    """The object one config document describes, its token verifiers built first; ``at``
    prefixes the field names errors report (``token_verifier.``)."""
    if not isinstance(config, dict):
        raise TypeError("build_provider: %sconfig must be a dict" % (at,))
    import_path = _required(config, "import_path")
    class_name = _required(config, "provider_class")
    if not import_path.startswith(_ALLOWED_MODULE_PREFIX):
        error = AuthConfigError(
            "import_path: %r is not a FastMCP module (example: fastmcp.server.auth.providers.jwt)"
            % (import_path,)
        )
        error.field = at + "import_path"
        raise error
    params = config.get("config_params") or {}
    kwargs = {name: _expand(value, at + name, env) for name, value in params.items()}
    for name, nested in (config.get("verifier_params") or {}).items():
        kwargs[name] = _build(nested, env, "%s%s." % (at, name))

    import importlib

    cls = getattr(importlib.import_module(import_path), class_name)
    return cls(**kwargs)


def _required(config, key):
    value = config.get(key)
    if not isinstance(value, str) or not value:
        error = MissingFieldError(
            "config: missing '%s' (is this a generated config? example: %s)"
            % (key, "JWTVerifier" if key == "provider_class" else "fastmcp.server.auth.providers.jwt")
        )
        error.field = key
        raise error
    return value


def _env_reference(value):
    """NAME when ``value`` is exactly ``${NAME}`` (the form the generator writes)."""
    if len(value) > 3 and value.startswith("${") and value.endswith("}"):
        name = value[2:-1]
        if (name[0].isalpha() or name[0] == "_") and all(
            c.isascii() and (c.isalnum() or c == "_") for c in name
        ):
            return name
    return None


def _expand(value, field, env):
    if isinstance(value, str):
        name = _env_reference(value)
        if name is None:
            return value
        if name not in env:
            error = MissingEnvironmentVariableError(
                "%s: environment variable %s is not set (example: export %s=...)"
                % (field, name, name)
            )
            error.field = field
            raise error
        return env[name]
    if isinstance(value, list):
        return [_expand(item, field, env) for item in value]
    if isinstance(value, dict):
        return {key: _expand(item, field, env) for key, item in value.items()}
    return value
