"""Composite configs through build_provider: a nested token verifier (OAuthProxy's
`token_verifier`) and MultiAuth (`also_accept`), from the wheel's own `fastmcp-auth`."""

import json

import pytest
from fastmcp.server.auth import MultiAuth, OAuthProxy
from fastmcp.server.auth.providers.jwt import JWTVerifier

import fastmcp_auth
from test_command import run

ENVIRON = {"UPSTREAM_SECRET": "upstream-client-secret-value"}


def generate_multi():
    out = run(
        "generate", "--provider", "oauth-proxy",
        "--set", "upstream_authorization_endpoint=https://auth.example.com/oauth/authorize",
        "--set", "upstream_token_endpoint=https://auth.example.com/oauth/token",
        "--set", "upstream_client_id=mcp-app",
        "--env", "upstream_client_secret=UPSTREAM_SECRET",
        "--set", "base_url=https://mcp.example.com",
        "--token-verifier", "bearer",
        "--set", "token_verifier.jwks_uri=https://auth.example.com/.well-known/jwks.json",
        "--set", "token_verifier.issuer=https://auth.example.com",
        "--scope", "read",
        "--also-accept", "bearer",
        "--set", "also_accept.1.jwks_uri=https://machines.example.com/.well-known/jwks.json",
        "--set", "also_accept.1.issuer=https://machines.example.com",
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_nested_verifier_and_extra_verifier_build_multi_auth(serve):
    auth = serve(generate_multi(), ENVIRON)
    assert isinstance(auth, MultiAuth)
    assert isinstance(auth.server, OAuthProxy)
    assert isinstance(auth.server._token_validator, JWTVerifier)
    assert auth.server._token_validator.required_scopes == ["read"]
    assert [type(v) for v in auth.verifiers] == [JWTVerifier]
    assert auth.verifiers[0].issuer == "https://machines.example.com"


def test_unset_variable_of_a_nested_verifier_names_its_path():
    config = generate_multi()
    config["verifier_params"]["token_verifier"]["config_params"]["public_key"] = "${JWT_KEY}"
    with pytest.raises(fastmcp_auth.MissingEnvironmentVariableError) as err:
        fastmcp_auth.build_provider(config, environ=ENVIRON)
    assert err.value.field == "token_verifier.public_key"
    assert "JWT_KEY" in str(err.value)


def test_nested_verifier_outside_fastmcp_is_refused():
    config = generate_multi()
    config["also_accept"][0]["import_path"] = "os"
    with pytest.raises(fastmcp_auth.AuthConfigError) as err:
        fastmcp_auth.build_provider(config, environ=ENVIRON)
    assert err.value.field == "also_accept.1.import_path"
