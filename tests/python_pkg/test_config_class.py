"""api-reference.md "FastMCPAuthConfig" class methods, called with the specification's
keyword arguments (and positionally, as its signatures allow). Each result goes through
build_provider into FastMCP.

Adapted where the specification's behaviour was a defect (as in test_spec_examples.py):
- the result is the config dict, not a FastMCPAuthConfig instance with attributes;
- secrets are "${VAR}" references; a literal secret is replaced by the catalog's reference.
"""

import inspect

import pytest

import fastmcp_auth
from fastmcp_auth import FastMCPAuthConfig, auth_service

JWKS = "https://auth.example.com/.well-known/jwks.json"


def test_for_bearer_token_with_the_specifications_keywords(serve):
    config = FastMCPAuthConfig.for_bearer_token(
        jwks_uri=JWKS, issuer="https://auth.example.com", audience="my-api", algorithm="RS256"
    )
    assert (config["provider_class"], config["import_path"]) == (
        "JWTVerifier",
        "fastmcp.server.auth.providers.jwt",
    )
    verifier = serve(config)
    assert (verifier.jwks_uri, verifier.issuer, verifier.audience, verifier.algorithm) == (
        JWKS,
        "https://auth.example.com",
        "my-api",
        "RS256",
    )


def test_for_bearer_token_positional_and_default_algorithm_match_the_service_builder(serve):
    # Same provider as the builder API gives; algorithm left to FastMCP's default (RS256).
    config = FastMCPAuthConfig.for_bearer_token(JWKS, "https://auth.example.com", "my-api")
    built = (
        fastmcp_auth.auth_provider("bearer")
        .set_jwks_config(JWKS, "https://auth.example.com", "my-api")
        .generate_fastmcp_config()
    )
    assert config == built
    assert serve(config).algorithm == "RS256"


def test_for_google_oauth(serve):
    config = FastMCPAuthConfig.for_google_oauth(
        client_id="${GOOGLE_CLIENT_ID}",
        client_secret="${GOOGLE_CLIENT_SECRET}",
        base_url="https://myapp.example.com",
        required_scopes=["openid", "email", "profile"],
    )
    assert config["provider_class"] == "GoogleProvider"
    assert config["config_params"]["required_scopes"] == ["openid", "email", "profile"]
    provider = serve(
        config,
        {"GOOGLE_CLIENT_ID": "123.apps.googleusercontent.com", "GOOGLE_CLIENT_SECRET": "GOCSPX-test"},
    )
    assert type(provider).__name__ == "GoogleProvider"


def test_for_google_oauth_default_scopes_and_literal_secret_becomes_reference(serve):
    secret = "GOCSPX-never-printed-5c4b3a"
    config = FastMCPAuthConfig.for_google_oauth(
        "123.apps.googleusercontent.com", secret, "https://myapp.example.com"
    )
    assert config["config_params"]["required_scopes"] == [
        "openid",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/userinfo.profile",
    ]
    assert config["config_params"]["client_secret"] == "${GOOGLE_CLIENT_SECRET}"
    assert secret not in repr(config)
    assert type(serve(config, {"GOOGLE_CLIENT_SECRET": secret})).__name__ == "GoogleProvider"


def test_for_github_oauth(serve):
    config = FastMCPAuthConfig.for_github_oauth(
        client_id="${GITHUB_CLIENT_ID}",
        client_secret="${GITHUB_CLIENT_SECRET}",
        base_url="https://dev.example.com",
        required_scopes=["read:user", "user:email", "repo"],
    )
    assert config["provider_class"] == "GitHubProvider"
    provider = serve(config, {"GITHUB_CLIENT_ID": "Iv1.abc", "GITHUB_CLIENT_SECRET": "gh-test"})
    assert type(provider).__name__ == "GitHubProvider"
    assert provider.required_scopes == ["read:user", "user:email", "repo"]
    default = FastMCPAuthConfig.for_github_oauth("${GITHUB_CLIENT_ID}", "${GITHUB_CLIENT_SECRET}", "https://dev.example.com")
    assert default["config_params"]["required_scopes"] == ["read:user", "user:email"]


def test_for_workos_oauth_matches_use_workos_auth(serve):
    config = FastMCPAuthConfig.for_workos_oauth(
        authkit_domain="your-project.authkit.app", base_url="https://enterprise.example.com"
    )
    assert config["config_params"]["authkit_domain"] == "https://your-project.authkit.app"
    assert type(serve(config)).__name__ == "AuthKitProvider"
    via_service = (
        auth_service("x")
        .use_workos_auth(authkit_domain="your-project.authkit.app", base_url="https://enterprise.example.com")
        .generate_fastmcp_config()
    )
    assert via_service["config_params"]["authkit_domain"] == config["config_params"]["authkit_domain"]


def test_keyword_names_are_the_specifications():
    # api-reference.md's signatures, parameter for parameter.
    expected = {
        "for_bearer_token": ["jwks_uri", "issuer", "audience", "algorithm"],
        "for_google_oauth": ["client_id", "client_secret", "base_url", "required_scopes"],
        "for_github_oauth": ["client_id", "client_secret", "base_url", "required_scopes"],
        "for_workos_oauth": ["authkit_domain", "base_url"],
    }
    for name, params in expected.items():
        signature = inspect.signature(getattr(FastMCPAuthConfig, name))
        assert list(signature.parameters) == params, (name, signature)


def test_errors_name_the_field():
    with pytest.raises(fastmcp_auth.AuthConfigError) as caught:
        FastMCPAuthConfig.for_bearer_token(
            jwks_uri="ftp://auth.example.com/jwks.json", issuer="https://auth.example.com", audience="a"
        )
    assert caught.value.field == "jwks_uri"
    with pytest.raises(fastmcp_auth.InvalidFieldError) as caught:
        FastMCPAuthConfig.for_google_oauth(client_id=None, client_secret="${S}", base_url="https://x.example.com")
    assert caught.value.field == "client_id"
    with pytest.raises(TypeError):
        FastMCPAuthConfig.for_workos_oauth(domain="your-project.authkit.app", base_url="https://x.example.com")


def test_the_class_is_not_instantiated():
    with pytest.raises(TypeError):
        FastMCPAuthConfig()
