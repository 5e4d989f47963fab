//! The core builder API, as a library user sees it: every builder method, every seed
//! provider type, every validation rule, and the JWT payload.

use fastmcp_auth::core::{
    AuthContext, AuthError, AuthProviderBuilder, AuthProviderConfig, AuthProviderType,
    FastMCPAuthConfig, FixedClock, ParamValue, generate_fastmcp_auth_config,
};
use serde_json::{Value, json};

fn ctx() -> AuthContext {
    AuthContext::with_clock(FixedClock(1_700_000_000))
}

/// The config as the JSON a user would save (secrets embedded where they were asked for).
fn json_of(config: &FastMCPAuthConfig) -> Value {
    config.to_json_with_secrets()
}

fn env(name: &str) -> ParamValue {
    ParamValue::env(name).unwrap()
}

const JWKS: &str = "https://auth.example.com/.well-known/jwks.json";
const BASE: &str = "https://mcp.example.com";
/// A real RSA-2048 public key: keys are parsed, so a truncated one would be refused.
const PEM: &str = include_str!("keys/rsa2048.pem");

// ---- entry points --------------------------------------------------------------------

#[test]
fn auth_provider_knows_every_seed_type_and_rejects_others() {
    for name in [
        "bearer", "google", "github", "workos", "oauth", "custom", "GOOGLE", " jwt ",
    ] {
        assert!(ctx().auth_provider(name).is_ok(), "{name}");
    }
    let err = ctx().auth_provider("anything-unknown").unwrap_err();
    assert!(matches!(err, AuthError::UnknownProviderType { .. }));
    let text = err.to_string();
    assert!(
        text.contains("anything-unknown") && text.contains("bearer, google"),
        "{text}"
    );
}

#[test]
fn provider_types_parse_display_and_serialise() {
    let t: AuthProviderType = "github".parse().unwrap();
    assert_eq!(t, AuthProviderType::GitHub);
    assert_eq!(t.to_string(), "github");
    assert_eq!(
        serde_json::to_value(&AuthProviderType::OAuth).unwrap(),
        json!("oauth")
    );
    let back: AuthProviderType = serde_json::from_value(json!("workos")).unwrap();
    assert_eq!(back, AuthProviderType::WorkOS);
    assert!(serde_json::from_value::<AuthProviderType>(json!("nope")).is_err());
}

// ---- AuthServiceBuilder --------------------------------------------------------------

#[test]
fn service_bearer_with_required_scopes_reaches_required_scopes() {
    let config = ctx()
        .auth_service("secure-api")
        .require_scopes(["api:read", "api:write"])
        .use_bearer_auth(JWKS, "https://auth.example.com", "secure-api")
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&config),
        json!({
            "provider_class": "JWTVerifier",
            "import_path": "fastmcp.server.auth.providers.jwt",
            "config_params": {
                "jwks_uri": JWKS,
                "issuer": "https://auth.example.com",
                "audience": "secure-api",
                "algorithm": "RS256",
                "required_scopes": ["api:read", "api:write"]
            },
            "provider_type": "bearer",
            "fastmcp_version": fastmcp_auth::core::compat::default_target().to_string(),
            "service": "secure-api"
        })
    );
}

#[test]
fn service_scopes_come_before_provider_scopes_without_duplicates() {
    let config = ctx()
        .auth_service("google-service")
        .require_scopes(["profile", "email"])
        .use_google_auth(env("GOOGLE_CLIENT_ID"), env("GOOGLE_CLIENT_SECRET"), BASE)
        .with_required_scopes(["openid", "email"])
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        config.config_params["required_scopes"],
        ParamValue::list(["profile", "email", "openid"])
    );
}

#[test]
fn service_google_defaults_and_secret_reference() {
    let config = ctx()
        .auth_service("docs")
        .use_google_auth(
            "123.apps.googleusercontent.com",
            env("GOOGLE_CLIENT_SECRET"),
            BASE,
        )
        .generate_fastmcp_config()
        .unwrap();
    let params = &json_of(&config)["config_params"];
    assert_eq!(params["client_id"], "123.apps.googleusercontent.com");
    assert_eq!(params["client_secret"], "${GOOGLE_CLIENT_SECRET}");
    assert_eq!(
        params["required_scopes"],
        json!([
            "openid",
            "https://www.googleapis.com/auth/userinfo.email",
            "https://www.googleapis.com/auth/userinfo.profile"
        ])
    );
    assert_eq!(config.provider_class, "GoogleProvider");
}

#[test]
fn service_github_defaults() {
    let config = ctx()
        .auth_service("dev-tools")
        .use_github_auth("Ov23li", env("GITHUB_CLIENT_SECRET"), BASE)
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(config.provider_class, "GitHubProvider");
    assert_eq!(config.import_path, "fastmcp.server.auth.providers.github");
    assert_eq!(
        json_of(&config)["config_params"]["required_scopes"],
        json!(["read:user", "user:email"])
    );
}

#[test]
fn service_workos_normalises_a_bare_domain() {
    let config = ctx()
        .auth_service("enterprise")
        .use_workos_auth("your-domain.authkit.com", "https://enterprise.myapp.com")
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(config.provider_class, "AuthKitProvider");
    assert_eq!(
        json_of(&config)["config_params"]["authkit_domain"],
        "https://your-domain.authkit.com"
    );
}

#[test]
fn service_oauth_targets_oidc_proxy() {
    let config = ctx()
        .auth_service("sso")
        .use_oauth_auth(
            "https://auth.example.com/.well-known/openid-configuration",
            "mcp-server",
            env("OIDC_CLIENT_SECRET"),
            BASE,
        )
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(config.provider_class, "OIDCProxy");
    assert_eq!(config.import_path, "fastmcp.server.auth.oidc_proxy");
    assert_eq!(
        json_of(&config)["config_params"]["required_scopes"],
        json!(["openid"])
    );
}

#[test]
fn service_without_provider_is_an_error_naming_it() {
    let err = ctx()
        .auth_service("lonely")
        .require_scopes(["read"])
        .generate_fastmcp_config()
        .unwrap_err();
    assert_eq!(
        err,
        AuthError::NoProvider {
            service: "lonely".into()
        }
    );
}

#[test]
fn service_use_provider_accepts_any_builder() {
    let provider = ctx()
        .auth_provider("custom")
        .unwrap()
        .set_field("import_path", "my_pkg.auth")
        .set_field("provider_class", "MyVerifier")
        .set_field("tenant", "acme");
    let config = ctx()
        .auth_service("svc")
        .require_scopes(["x"])
        .use_provider(provider)
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&config),
        json!({
            "provider_class": "MyVerifier",
            "import_path": "my_pkg.auth",
            "config_params": {"tenant": "acme", "required_scopes": ["x"]},
            "provider_type": "custom",
            "fastmcp_version": fastmcp_auth::core::compat::default_target().to_string(),
            "service": "svc"
        })
    );
}

// ---- AuthProviderBuilder -------------------------------------------------------------

#[test]
fn provider_builder_setters_for_google() {
    let config = ctx()
        .auth_provider("google")
        .unwrap()
        .set_client_credentials("client_id", env("GOOGLE_CLIENT_SECRET"))
        .set_base_url("https://myapp.com")
        .set_redirect_path("/oauth/done")
        .set_scopes(["openid", "email"])
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&config)["config_params"],
        json!({
            "client_id": "client_id",
            "client_secret": "${GOOGLE_CLIENT_SECRET}",
            "base_url": "https://myapp.com",
            "redirect_path": "/oauth/done",
            "allowed_client_redirect_uris": ["http://localhost:*", "http://127.0.0.1:*"],
            "require_authorization_consent": true,
            "required_scopes": ["openid", "email"]
        })
    );
    assert_eq!(config.service, None);
}

#[test]
fn provider_builder_set_jwks_config_with_algorithm() {
    let config = ctx()
        .auth_provider("bearer")
        .unwrap()
        .set_jwks_config(JWKS, "https://auth.example.com", "my-app")
        .set_algorithm("es256")
        .set_scopes(["read", "write", "admin"])
        .add_scopes(["read", "audit"])
        .generate_fastmcp_config()
        .unwrap();
    let params = &json_of(&config)["config_params"];
    assert_eq!(params["algorithm"], "ES256");
    assert_eq!(
        params["required_scopes"],
        json!(["read", "write", "admin", "audit"])
    );
}

#[test]
fn provider_builder_authkit_and_config_url_setters() {
    let workos = ctx()
        .auth_provider("workos")
        .unwrap()
        .set_authkit_domain("https://acme.authkit.app")
        .set_base_url(BASE)
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&workos)["config_params"]["authkit_domain"],
        "https://acme.authkit.app"
    );
    let oauth = ctx()
        .auth_provider("oauth")
        .unwrap()
        .set_config_url("http://127.0.0.1:9000/.well-known/openid-configuration")
        .set_client_credentials("mcp", env("OIDC_CLIENT_SECRET"))
        .set_base_url("http://localhost:8000")
        .set_field("audience", "https://api.example.com")
        .set_field("algorithm", "RS256")
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&oauth)["config_params"]["audience"],
        "https://api.example.com"
    );
}

#[test]
fn secret_literal_becomes_a_reference_unless_embedding_is_asked() {
    let builder = ctx()
        .auth_provider("github")
        .unwrap()
        .set_client_credentials("Ov23li", "gh-super-secret-value")
        .set_base_url(BASE);
    let generated = builder.generate_with_warnings().unwrap();
    let text = serde_json::to_string(&generated.config).unwrap();
    assert!(!text.contains("gh-super-secret-value"), "{text}");
    assert!(text.contains("${GITHUB_CLIENT_SECRET}"));
    assert_eq!(generated.warnings.len(), 1);
    assert!(
        generated.warnings[0]
            .message
            .contains("GITHUB_CLIENT_SECRET")
    );
    assert!(
        !generated.warnings[0]
            .message
            .contains("gh-super-secret-value")
    );

    let embedded = builder
        .embed_secrets(true)
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&embedded)["config_params"]["client_secret"],
        "gh-super-secret-value"
    );
    // Debug of the config never shows the secret.
    assert!(!format!("{embedded:?}").contains("gh-super-secret-value"));
}

#[test]
fn hs256_shared_key_is_a_secret_but_rs256_public_key_is_not() {
    let hs = ctx()
        .auth_provider("bearer")
        .unwrap()
        .set_field("public_key", "shared-secret-0123456789")
        .set_field("algorithm", "HS256")
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&hs)["config_params"]["public_key"],
        "${JWT_PUBLIC_KEY}"
    );
    let rs = ctx()
        .auth_provider("bearer")
        .unwrap()
        .set_field("public_key", PEM)
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(json_of(&rs)["config_params"]["public_key"], PEM);
}

// ---- validation rules ----------------------------------------------------------------

fn google() -> AuthProviderBuilder {
    ctx()
        .auth_provider("google")
        .unwrap()
        .set_client_credentials("id", env("GOOGLE_CLIENT_SECRET"))
        .set_base_url(BASE)
}

#[test]
fn missing_required_field_names_it_with_an_example() {
    let err = ctx()
        .auth_provider("google")
        .unwrap()
        .set_client_credentials("id", env("S"))
        .generate_fastmcp_config()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "google: missing required field 'base_url' (example: base_url=https://mcp.example.com)"
    );
    // Blank counts as missing.
    let err = google()
        .set_field("client_id", "  ")
        .generate_fastmcp_config()
        .unwrap_err();
    assert!(matches!(err, AuthError::MissingField { ref field, .. } if field == "client_id"));
}

#[test]
fn unknown_parameter_is_rejected_for_catalog_providers() {
    let err = google()
        .set_field("clientsecret", "x")
        .generate_fastmcp_config()
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("'clientsecret' is not a parameter of GoogleProvider"),
        "{text}"
    );
    assert!(text.contains("client_secret"), "{text}");
}

#[test]
fn urls_are_absolute_https_with_host() {
    for bad in [
        "myapp.com",
        "ftp://myapp.com",
        "http://myapp.com",
        "https://",
    ] {
        let err = google()
            .set_base_url(bad)
            .generate_fastmcp_config()
            .unwrap_err();
        assert!(
            matches!(err, AuthError::InvalidField { ref field, .. } if field == "base_url"),
            "{bad}: {err}"
        );
    }
    assert!(
        google()
            .set_base_url("http://127.0.0.1:8000")
            .generate_fastmcp_config()
            .is_ok()
    );
    // A reference's value is unknown until run time: accepted.
    assert!(
        google()
            .set_base_url(env("PUBLIC_URL"))
            .generate_fastmcp_config()
            .is_ok()
    );
}

#[test]
fn bearer_needs_exactly_one_key_source() {
    let none = ctx()
        .auth_provider("bearer")
        .unwrap()
        .set_field("issuer", "x");
    let err = none.generate_fastmcp_config().unwrap_err().to_string();
    assert!(err.contains("needs one of jwks_uri or public_key"), "{err}");
    let both = ctx()
        .auth_provider("bearer")
        .unwrap()
        .set_field("jwks_uri", JWKS)
        .set_field("public_key", PEM);
    let err = both.generate_fastmcp_config().unwrap_err().to_string();
    assert!(err.contains("only one of jwks_uri or public_key"), "{err}");
}

#[test]
fn bearer_algorithm_rules() {
    let bearer = || ctx().auth_provider("bearer").unwrap();
    let err = bearer()
        .set_jwks_config(JWKS, "i", "a")
        .set_algorithm("HS256")
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(err.contains("HS256") && err.contains("JWKS"), "{err}");
    let err = bearer()
        .set_jwks_config(JWKS, "i", "a")
        .set_algorithm("none")
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("algorithm: 'none' is not one of"), "{err}");
    let err = bearer()
        .set_field("public_key", "not a pem")
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(err.contains("must be a PEM public key"), "{err}");
    let err = bearer()
        .set_field(
            "public_key",
            "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
        )
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(err.contains("private key") && !err.contains("abc"), "{err}");
    // A PEM is not a shared secret.
    let err = bearer()
        .set_field("public_key", PEM)
        .set_field("algorithm", "HS512")
        .embed_secrets(true)
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(err.contains("shared secret"), "{err}");
}

#[test]
fn audience_may_be_a_list() {
    let config = ctx()
        .auth_provider("bearer")
        .unwrap()
        .set_field("jwks_uri", JWKS)
        .set_field("audience", json!(["a", "b"]))
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&config)["config_params"]["audience"],
        json!(["a", "b"])
    );
    let err = google()
        .set_field("client_id", json!(["a"]))
        .generate_fastmcp_config()
        .unwrap_err();
    assert!(err.to_string().contains("not a list"), "{err}");
}

#[test]
fn scopes_are_validated() {
    let err = google()
        .set_scopes(["openid email"])
        .generate_fastmcp_config()
        .unwrap_err();
    assert!(matches!(err, AuthError::InvalidScope { .. }));
    assert!(
        err.to_string()
            .contains("give each one separately (openid, email)")
    );
    assert!(google().set_scopes([""]).generate_fastmcp_config().is_err());
}

#[test]
fn custom_needs_module_and_class_and_protects_secret_looking_names() {
    let custom = || ctx().auth_provider("custom").unwrap();
    let err = custom().generate_fastmcp_config().unwrap_err().to_string();
    assert!(
        err.contains("missing required field 'import_path'"),
        "{err}"
    );
    let err = custom()
        .set_field("import_path", "my-pkg")
        .set_field("provider_class", "X")
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("import_path: must be a Python name"),
        "{err}"
    );
    let base = || {
        custom()
            .set_field("import_path", "pkg.auth")
            .set_field("provider_class", "Verifier")
    };
    let err = base()
        .set_field("api_key", "k-123")
        .generate_fastmcp_config()
        .unwrap_err();
    assert!(matches!(err, AuthError::SecretNeedsReference { .. }));
    assert!(!err.to_string().contains("k-123"));
    let ok = base()
        .set_field("api_key", env("MY_API_KEY"))
        .set_field("timeout", json!(30))
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&ok)["config_params"],
        json!({"api_key": "${MY_API_KEY}", "timeout": 30})
    );
    let err = base()
        .set_field("bad-name", "x")
        .generate_fastmcp_config()
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("bad-name: a keyword argument name"),
        "{err}"
    );
}

#[test]
fn list_fields_reject_references() {
    let err = google()
        .set_field("required_scopes", env("SCOPES"))
        .generate_fastmcp_config()
        .unwrap_err();
    assert!(err.to_string().contains("required_scopes"), "{err}");
}

#[test]
fn disabled_provider_is_an_error() {
    let mut cfg = google().into_config();
    cfg.enabled = false;
    assert!(matches!(
        generate_fastmcp_auth_config(&cfg),
        Err(AuthError::Disabled { .. })
    ));
}

// ---- data models ---------------------------------------------------------------------

#[test]
fn fastmcp_auth_config_constructors() {
    let bearer =
        FastMCPAuthConfig::for_bearer_token(JWKS, "https://auth.example.com", "svc").unwrap();
    assert_eq!(bearer.provider_class, "JWTVerifier");
    let google =
        FastMCPAuthConfig::for_google_oauth("id", env("GOOGLE_CLIENT_SECRET"), BASE).unwrap();
    assert_eq!(
        json_of(&google)["config_params"]["required_scopes"],
        json!([
            "openid",
            "https://www.googleapis.com/auth/userinfo.email",
            "https://www.googleapis.com/auth/userinfo.profile"
        ])
    );
    let github =
        FastMCPAuthConfig::for_github_oauth("id", env("GITHUB_CLIENT_SECRET"), BASE).unwrap();
    assert_eq!(github.provider_class, "GitHubProvider");
    let workos = FastMCPAuthConfig::for_workos_oauth("acme.authkit.app", BASE).unwrap();
    assert_eq!(
        json_of(&workos)["config_params"]["authkit_domain"],
        "https://acme.authkit.app"
    );
    assert!(FastMCPAuthConfig::for_workos_oauth("acme.authkit.app", "nope").is_err());
}

#[test]
fn generate_fastmcp_auth_config_from_a_provider_config() {
    let mut provider = AuthProviderConfig::new(AuthProviderType::Bearer);
    provider.set("jwks_uri", JWKS);
    provider.set("issuer", "https://auth.example.com");
    provider.set("audience", "my-service");
    assert_eq!(provider.jwks_uri(), Some(&ParamValue::from(JWKS)));
    assert_eq!(provider.client_id(), None);
    let config = generate_fastmcp_auth_config(&provider).unwrap();
    assert_eq!(config.provider_class, "JWTVerifier");
    // AuthProviderConfig round-trips through serde.
    let text = serde_json::to_string(&provider).unwrap();
    let back: AuthProviderConfig = serde_json::from_str(&text).unwrap();
    assert_eq!(back, provider);
}

#[test]
fn fastmcp_auth_config_keeps_unknown_keys() {
    let text = r#"{"provider_class":"GoogleProvider","import_path":"m","config_params":{"a":"${X}"},"note":"kept"}"#;
    let config: FastMCPAuthConfig = serde_json::from_str(text).unwrap();
    assert_eq!(config.config_params["a"], env("X"));
    assert_eq!(json_of(&config)["note"], "kept");
}

// ---- JWT payload ---------------------------------------------------------------------

#[test]
fn payload_has_the_claims_fastmcp_reads() {
    let payload = ctx()
        .auth_jwt_payload("user123")
        .add_scopes(["api:read", "api:write", "api:read"])
        .add_claim("role", "user")
        .add_claim("permissions", json!(["create", "read"]))
        .generate_payload()
        .unwrap();
    assert_eq!(
        Value::Object(payload),
        json!({
            "sub": "user123",
            "client_id": "user123",
            "scope": "api:read api:write",
            "scopes": ["api:read", "api:write"],
            "iat": 1_700_000_000u64,
            "exp": 1_700_003_600u64,
            "role": "user",
            "permissions": ["create", "read"]
        })
    );
}

#[test]
fn payload_expiry_sub_override_and_reserved_claims() {
    let payload = ctx()
        .auth_token("client-a")
        .expires_in(60)
        .add_claim("sub", "alice")
        .generate_payload()
        .unwrap();
    assert_eq!(payload["exp"], 1_700_000_060u64);
    assert_eq!(payload["sub"], "alice");
    assert_eq!(payload["client_id"], "client-a");
    for reserved in ["client_id", "scope", "scopes", "iat", "exp"] {
        let err = ctx()
            .auth_token("c")
            .add_claim(reserved, 1)
            .generate_payload()
            .unwrap_err();
        assert!(matches!(err, AuthError::ReservedClaim { claim, .. } if claim == reserved));
    }
    assert_eq!(
        ctx().auth_token(" ").generate_payload().unwrap_err(),
        AuthError::EmptyClientId
    );
    assert_eq!(
        ctx()
            .auth_token("c")
            .expires_in(0)
            .generate_payload()
            .unwrap_err(),
        AuthError::InvalidExpiry
    );
    assert!(
        ctx()
            .auth_token("c")
            .add_scopes(["a b"])
            .generate_payload()
            .is_err()
    );
}

// ---- the providers beyond the specification's six ---------------------------------------

#[test]
fn auth_provider_knows_every_catalog_type_and_their_aliases() {
    for name in [
        "azure",
        "entra",
        "auth0",
        "aws-cognito",
        "cognito",
        "clerk",
        "discord",
        "huggingface",
        "hf",
        "oci",
        "workos-oauth",
        "keycloak",
        "supabase",
        "descope",
        "scalekit",
        "introspection",
        "static",
    ] {
        assert!(ctx().auth_provider(name).is_ok(), "{name}");
    }
    let t: AuthProviderType = "Entra".parse().unwrap();
    assert_eq!(t, AuthProviderType::Other("azure".into()));
}

fn azure() -> AuthProviderBuilder {
    ctx()
        .auth_provider("azure")
        .unwrap()
        .set_field("client_id", "0f3a8e2b-7c4d-4e1f-9a6b-2d5c8e1f4a7b")
        .set_field("tenant_id", "organizations")
        .set_base_url(BASE)
}

#[test]
fn azure_needs_an_api_scope_and_a_secret_or_signing_key() {
    let only_oidc = azure()
        .set_field("client_secret", env("AZURE_CLIENT_SECRET"))
        .set_scopes(["openid", "profile", "email", "offline_access"])
        .generate_fastmcp_config()
        .unwrap_err();
    assert!(matches!(only_oidc, AuthError::Conflict { .. }));
    assert!(
        only_oidc
            .to_string()
            .contains("other than openid, profile, email, offline_access")
            && only_oidc
                .to_string()
                .contains("example: required_scopes=read"),
        "{only_oidc}"
    );
    assert_eq!(only_oidc.field(), Some("required_scopes"));
    let no_secret = azure()
        .set_scopes(["read"])
        .generate_fastmcp_config()
        .unwrap_err();
    assert!(
        no_secret
            .to_string()
            .contains("needs client_secret, or jwt_signing_key"),
        "{no_secret}"
    );
    let config = azure()
        .set_field("jwt_signing_key", env("AZURE_JWT_SIGNING_KEY"))
        .set_scopes(["read", "openid"])
        .generate_fastmcp_config()
        .unwrap();
    let value = json_of(&config);
    assert_eq!(value["provider_class"], "AzureProvider");
    assert_eq!(value["import_path"], "fastmcp.server.auth.providers.azure");
    assert_eq!(
        value["config_params"]["jwt_signing_key"],
        "${AZURE_JWT_SIGNING_KEY}"
    );
    assert_eq!(
        value["config_params"]["required_scopes"],
        json!(["read", "openid"])
    );
}

#[test]
fn descope_needs_config_url_or_project_id_with_base_url() {
    let descope = || ctx().auth_provider("descope").unwrap().set_base_url(BASE);
    let err = descope()
        .set_field("project_id", "P2abcDEF123")
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("needs config_url, or project_id + descope_base_url")
            && err.contains("example: config_url=https://api.descope.com/v1/apps/"),
        "{err}"
    );
    let by_project = descope()
        .set_field("project_id", "P2abcDEF123")
        .set_field("descope_base_url", "api.descope.com")
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        json_of(&by_project)["config_params"]["descope_base_url"],
        "https://api.descope.com"
    );
    let err = descope()
        .set_config_url("https://api.descope.com/.well-known/openid-configuration")
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("config_url:") && err.contains("Descope project"),
        "{err}"
    );
    assert!(
        descope()
            .set_config_url("https://api.descope.com/v1/apps/P2abcDEF123")
            .generate_fastmcp_config()
            .is_ok()
    );
}

#[test]
fn supabase_algorithm_is_rs256_or_es256_with_fastmcps_default() {
    let supabase = || {
        ctx()
            .auth_provider("supabase")
            .unwrap()
            .set_field("project_url", "https://abcdefghijklmnopqrst.supabase.co")
            .set_base_url(BASE)
    };
    let default = json_of(&supabase().generate_fastmcp_config().unwrap());
    assert_eq!(default["config_params"]["algorithm"], "ES256");
    let rs = json_of(
        &supabase()
            .set_field("algorithm", "rs256")
            .generate_fastmcp_config()
            .unwrap(),
    );
    assert_eq!(rs["config_params"]["algorithm"], "RS256");
    let err = supabase()
        .set_field("algorithm", "HS256")
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "algorithm: 'HS256' is not one of ES256, RS256 (example: algorithm=ES256)"
    );
}

#[test]
fn introspection_client_auth_method_is_basic_or_post_in_fastmcps_spelling() {
    let introspection = |method: &str| {
        ctx()
            .auth_provider("introspection")
            .unwrap()
            .set_field(
                "introspection_url",
                "https://auth.example.com/oauth/introspect",
            )
            .set_client_credentials("mcp-resource-server", env("INTROSPECTION_CLIENT_SECRET"))
            .set_field("client_auth_method", method)
            .generate_fastmcp_config()
    };
    let post = json_of(&introspection("client_secret_post").unwrap());
    assert_eq!(
        post["config_params"]["client_auth_method"],
        "client_secret_post"
    );
    let err = introspection("basic").unwrap_err().to_string();
    assert!(
        err.starts_with(
            "client_auth_method: 'basic' is not one of client_secret_basic, client_secret_post"
        ) && err.contains("did you mean client_secret_basic?"),
        "{err}"
    );
}

#[test]
fn new_secret_fields_become_references_to_their_provider_variables() {
    for (provider, var) in [
        ("auth0", "AUTH0_CLIENT_SECRET"),
        ("aws-cognito", "AWS_COGNITO_CLIENT_SECRET"),
        ("discord", "DISCORD_CLIENT_SECRET"),
        ("oci", "OCI_CLIENT_SECRET"),
        ("workos-oauth", "WORKOS_CLIENT_SECRET"),
        ("introspection", "INTROSPECTION_CLIENT_SECRET"),
        ("huggingface", "HUGGINGFACE_CLIENT_SECRET"),
    ] {
        let mut builder = ctx()
            .auth_provider(provider)
            .unwrap()
            .set_client_credentials("client-id", "literal-secret-value-9876");
        let spec = fastmcp_auth::core::Catalog::builtin()
            .get(provider)
            .unwrap();
        for field in spec.fields.iter().filter(|f| f.required) {
            if builder.config().get(&field.name).is_none() {
                builder = builder.set_field(&field.name, field.example.as_str());
            }
        }
        let generated = builder.generate_with_warnings().unwrap();
        let text = serde_json::to_string(&generated.config).unwrap();
        assert!(!text.contains("literal-secret-value"), "{provider}: {text}");
        assert_eq!(
            json_of(&generated.config)["config_params"]["client_secret"],
            format!("${{{var}}}"),
            "{provider}"
        );
    }
}

#[test]
fn static_tokens_are_written_as_a_map_with_a_development_warning() {
    let tokens = json!({
        "dev-alice-token": {"client_id": "alice", "scopes": ["read", "write"]},
        "dev-bob-token": {"client_id": "bob", "scopes": ["read"]},
    });
    let generated = ctx()
        .auth_provider("static")
        .unwrap()
        .set_field("tokens", ParamValue::Literal(tokens.clone()))
        .set_scopes(["write"])
        .generate_with_warnings()
        .unwrap();
    let value = json_of(&generated.config);
    assert_eq!(value["provider_class"], "StaticTokenVerifier");
    assert_eq!(value["import_path"], "fastmcp.server.auth.providers.jwt");
    assert_eq!(value["config_params"]["tokens"], tokens);
    let warnings = generated
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        warnings.contains("development and tests only"),
        "{warnings}"
    );
    assert!(
        warnings.contains("token 2 (client_id 'bob') lacks required scope write"),
        "{warnings}"
    );
    assert!(!warnings.contains("dev-bob-token"), "{warnings}");

    let err = ctx()
        .auth_provider("static")
        .unwrap()
        .set_field("tokens", env("DEV_TOKENS"))
        .generate_fastmcp_config()
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("tokens: must be written into the config"),
        "{err}"
    );
}

#[test]
fn aws_cognito_region_is_fastmcps_default_unless_given() {
    let cognito = || {
        ctx()
            .auth_provider("cognito")
            .unwrap()
            .set_field("user_pool_id", "eu-central-1_AbC123xYz")
            .set_client_credentials(
                "1example23456789abcdefghij",
                env("AWS_COGNITO_CLIENT_SECRET"),
            )
            .set_base_url(BASE)
    };
    let value = json_of(&cognito().generate_fastmcp_config().unwrap());
    assert_eq!(value["provider_class"], "AWSCognitoProvider");
    assert_eq!(value["config_params"]["aws_region"], "eu-central-1");
    assert_eq!(value["config_params"]["required_scopes"], json!(["openid"]));
    let value = json_of(
        &cognito()
            .set_field("aws_region", "us-east-1")
            .generate_fastmcp_config()
            .unwrap(),
    );
    assert_eq!(value["config_params"]["aws_region"], "us-east-1");
}

#[test]
fn clerk_domain_is_a_bare_host() {
    let clerk = |domain: &str| {
        ctx()
            .auth_provider("clerk")
            .unwrap()
            .set_field("domain", domain)
            .set_client_credentials("AbC123dEf456GhI7", env("CLERK_CLIENT_SECRET"))
            .set_base_url(BASE)
            .generate_fastmcp_config()
    };
    let value = json_of(&clerk("https://your-app.clerk.accounts.dev/").unwrap());
    assert_eq!(
        value["config_params"]["domain"],
        "your-app.clerk.accounts.dev"
    );
    assert_eq!(
        value["config_params"]["required_scopes"],
        json!(["openid", "email", "profile"])
    );
    let err = clerk("your-app.clerk.accounts.dev/oauth")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("domain:") && err.contains("without a path"),
        "{err}"
    );
}
