"""The specification's own examples (api-reference.md, configuration.md, examples.md), with
`store.for_store().` dropped. Each result goes through build_provider into FastMCP.

Adapted where the specification's behaviour was a defect (each says so):
- secrets: the specification passes `os.getenv("..._SECRET")` (a literal, written into the
  config); here the examples give "${VAR}" references, expanded by build_provider (a literal
  secret is turned into the catalog's reference too: test_errors.py).
- results are dicts (`config["provider_class"]`), not objects with attributes.
"""

import fastmcp_auth
from fastmcp_auth import (
    auth_jwt_payload,
    auth_provider,
    auth_service,
    auth_token,
    generate_fastmcp_auth_config,
)

JWKS = "https://auth.example.com/.well-known/jwks.json"


def test_bearer_basic(serve, accepts):
    # examples.md §1
    auth_config = (
        auth_service("secure_api")
        .require_scopes("read", "write")
        .use_bearer_auth(jwks_uri=JWKS, issuer="https://auth.example.com", audience="secure_api")
        .generate_fastmcp_config()
    )
    assert auth_config["provider_class"] == "JWTVerifier"
    assert auth_config["service"] == "secure_api"
    verifier = serve(auth_config)
    assert verifier.required_scopes == ["read", "write"]
    assert (verifier.jwks_uri, verifier.issuer, verifier.audience) == (
        JWKS,
        "https://auth.example.com",
        "secure_api",
    )
    user_token = (
        auth_jwt_payload("user123").add_scopes("read", "write").add_claim("role", "user").generate_payload()
    )
    assert user_token["scope"] == "read write" and user_token["role"] == "user"
    # FastMCP accepts the payload once issuer and audience are in it (the specification's
    # payload had neither, so a verifier configured with them rejected it: a defect).
    assert not accepts(user_token, "https://auth.example.com", "secure_api", ["read", "write"])
    signed = (
        auth_jwt_payload("user123")
        .add_scopes("read", "write")
        .issuer("https://auth.example.com")
        .audience("secure_api")
        .generate_payload()
    )
    assert accepts(signed, "https://auth.example.com", "secure_api", ["read", "write"])


def test_environment_references(serve):
    # examples.md §2, adapted: "${VAR}" references instead of os.getenv values.
    auth_config = (
        auth_service("payment_api")
        .require_scopes("payment:read", "payment:process")
        .use_bearer_auth(jwks_uri="${AUTH_JWKS_URI}", issuer="${AUTH_ISSUER}", audience="${AUTH_AUDIENCE}")
        .generate_fastmcp_config()
    )
    assert auth_config["config_params"]["issuer"] == "${AUTH_ISSUER}"
    verifier = serve(
        auth_config,
        {"AUTH_JWKS_URI": JWKS, "AUTH_ISSUER": "https://pay.example.com", "AUTH_AUDIENCE": "payments"},
    )
    assert (verifier.issuer, verifier.audience) == ("https://pay.example.com", "payments")


def test_google(serve):
    # examples.md §3 (secrets adapted to references)
    google_auth = (
        auth_service("google_workspace")
        .require_scopes("profile", "email", "workspace:read")
        .use_google_auth(
            client_id="${GOOGLE_CLIENT_ID}",
            client_secret="${GOOGLE_CLIENT_SECRET}",
            base_url="https://enterprise.myapp.com",
            required_scopes=[
                "openid",
                "email",
                "profile",
                "https://www.googleapis.com/auth/userinfo.profile",
            ],
        )
        .generate_fastmcp_config()
    )
    assert google_auth["provider_class"] == "GoogleProvider"
    assert google_auth["config_params"]["client_secret"] == "${GOOGLE_CLIENT_SECRET}"
    provider = serve(
        google_auth,
        {"GOOGLE_CLIENT_ID": "123.apps.googleusercontent.com", "GOOGLE_CLIENT_SECRET": "GOCSPX-test-secret"},
    )
    assert type(provider).__name__ == "GoogleProvider"
    # The service's scopes and the provider's both reach FastMCP.
    assert google_auth["config_params"]["required_scopes"][:3] == ["profile", "email", "workspace:read"]
    # (GoogleProvider itself expands the short names "profile" and "email" into URLs.)
    assert {"workspace:read", "openid"} <= set(provider.required_scopes)


def test_github(serve):
    # examples.md §4 (secrets adapted to references)
    github_auth = (
        auth_service("github_tools")
        .require_scopes("repo:read", "user:read")
        .use_github_auth(
            client_id="${GITHUB_CLIENT_ID}",
            client_secret="${GITHUB_CLIENT_SECRET}",
            base_url="https://dev.myapp.com",
            required_scopes=["read:user", "user:email", "repo"],
        )
        .generate_fastmcp_config()
    )
    provider = serve(github_auth, {"GITHUB_CLIENT_ID": "Iv1.abc", "GITHUB_CLIENT_SECRET": "gh-test-secret"})
    assert type(provider).__name__ == "GitHubProvider"
    developer_jwt = (
        auth_jwt_payload("developer123")
        .add_scopes("repo:read", "user:read")
        .add_claim("repositories", ["company/backend", "company/frontend"])
        .generate_payload()
    )
    assert developer_jwt["repositories"] == ["company/backend", "company/frontend"]


def test_workos(serve):
    # examples.md §5: a bare AuthKit domain gets https://
    workos_auth = (
        auth_service("enterprise_platform")
        .require_scopes("admin", "user:manage", "billing:read")
        .use_workos_auth(authkit_domain="your-project.authkit.app", base_url="https://enterprise.myapp.com")
        .generate_fastmcp_config()
    )
    assert workos_auth["config_params"]["authkit_domain"] == "https://your-project.authkit.app"
    provider = serve(workos_auth)
    assert type(provider).__name__ == "AuthKitProvider"
    assert provider.required_scopes == ["admin", "user:manage", "billing:read"]


def test_custom_claims():
    # api-reference.md add_claim / generate_payload, examples.md §5 (int claim)
    payload = (
        auth_token("user123")
        .add_scopes("read", "write")
        .add_claim("role", "admin")
        .add_claim("tenant_id", "company_abc")
        .add_claim("permissions", ["create", "read", "update", "delete"])
        .add_claim("managed_users", 50)
        .add_claim("debug_mode", True)
        .generate_payload()
    )
    assert payload["scopes"] == ["read", "write"]
    assert payload["role"] == "admin" and payload["tenant_id"] == "company_abc"
    assert payload["managed_users"] == 50 and payload["debug_mode"] is True
    assert payload["exp"] - payload["iat"] == 3600


def test_multi_tenant(serve, accepts):
    # examples.md §6
    main_auth = (
        auth_provider("bearer")
        .set_jwks_config(
            jwks_uri="https://auth.saasplatform.com/.well-known/jwks.json",
            issuer="https://auth.saasplatform.com",
            audience="saas-platform",
        )
        .generate_fastmcp_config()
    )
    assert serve(main_auth).audience == "saas-platform"
    for tenant in ["tenant_a", "tenant_b", "tenant_c"]:
        tenant_auth = (
            auth_service(f"{tenant}_api")
            .require_scopes("tenant:read", "tenant:write")
            .use_bearer_auth(
                jwks_uri="https://auth.saasplatform.com/.well-known/jwks.json",
                issuer="https://auth.saasplatform.com",
                audience=f"{tenant}-api",
            )
            .generate_fastmcp_config()
        )
        assert serve(tenant_auth).audience == f"{tenant}-api"
        admin = (
            auth_jwt_payload(f"admin@{tenant}.com")
            .add_scopes("tenant:read", "tenant:write")
            .issuer("https://auth.saasplatform.com")
            .audience(f"{tenant}-api")
            .add_claim("tenant_id", tenant)
            .generate_payload()
        )
        assert accepts(admin, "https://auth.saasplatform.com", f"{tenant}-api", ["tenant:read", "tenant:write"])
        # A token for another tenant's audience is refused.
        assert not accepts(admin, "https://auth.saasplatform.com", "other-api", ["tenant:read"])


def test_microservices(serve):
    # examples.md §7: varargs scopes from a list
    services = [
        {"name": "user_service", "audience": "user-api", "scopes": ["user:read", "user:write"]},
        {"name": "payment_service", "audience": "payment-api", "scopes": ["payment:process"]},
    ]
    for service in services:
        config = (
            auth_service(service["name"])
            .require_scopes(*service["scopes"])
            .use_bearer_auth(
                jwks_uri="https://auth.microservices.com/.well-known/jwks.json",
                issuer="https://auth.microservices.com",
                audience=service["audience"],
            )
            .generate_fastmcp_config()
        )
        verifier = serve(config)
        assert verifier.required_scopes == service["scopes"]


def test_generate_fastmcp_auth_config_function(serve):
    # api-reference.md generate_fastmcp_auth_config(AuthProviderConfig(...))
    config = generate_fastmcp_auth_config(
        provider_type=fastmcp_auth.AuthProviderType.BEARER,
        jwks_uri=JWKS,
        issuer="https://auth.example.com",
        audience="my-service",
    )
    assert serve(config).audience == "my-service"
    as_dict = generate_fastmcp_auth_config(
        {"provider_type": "bearer", "jwks_uri": JWKS, "issuer": "https://a.example.com", "audience": "x", "client_id": None}
    )
    assert as_dict["config_params"]["issuer"] == "https://a.example.com"
    builder = auth_provider("bearer").set_jwks_config(JWKS, "https://b.example.com", "y")
    assert generate_fastmcp_auth_config(builder)["config_params"]["audience"] == "y"


def test_saved_config_file(serve, tmp_path):
    import json

    config = auth_service("files").use_bearer_auth(JWKS, "https://auth.example.com", "files").generate_fastmcp_config()
    path = tmp_path / "files.json"
    path.write_text(json.dumps(config))
    assert fastmcp_auth.build_provider(str(path), environ={}).audience == "files"
