"""Shared helpers: every generated config is built into a live FastMCP provider and server."""

import asyncio

import pytest
from fastmcp import FastMCP

import fastmcp_auth


@pytest.fixture
def serve():
    """build_provider(config, environ) mounted on a FastMCP server; returns the provider."""

    def serve(config, environ=None):
        provider = fastmcp_auth.build_provider(config, environ=environ or {})
        server = FastMCP("spec-example", auth=provider)
        assert server.auth is provider
        return provider

    return serve


@pytest.fixture
def accepts():
    """Whether FastMCP's JWTVerifier (issuer/audience/scopes as configured) accepts a token
    carrying `payload`, signed with a fresh key pair."""
    from authlib.jose import JsonWebToken
    from fastmcp.server.auth.providers.jwt import JWTVerifier, RSAKeyPair

    keys = RSAKeyPair.generate()

    def accepts(payload, issuer, audience, required_scopes):
        token = JsonWebToken(["RS256"]).encode(
            {"alg": "RS256"}, payload, keys.private_key.get_secret_value()
        ).decode()
        verifier = JWTVerifier(
            public_key=keys.public_key,
            issuer=issuer,
            audience=audience,
            required_scopes=required_scopes,
        )
        return asyncio.run(verifier.verify_token(token)) is not None

    return accepts
