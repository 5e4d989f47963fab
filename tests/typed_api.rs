//! Typed results of the library: structured errors and warnings, secrets that do not
//! serialise in clear, argument types, a caller's catalog. Each test is written as the
//! failure it prevents.

use std::collections::HashSet;

use fastmcp_auth::core::{
    AuthContext, AuthError, AuthProviderConfig, AuthProviderType, Catalog, FastMCPAuthConfig,
    FixedClock, JWTPayloadConfig, ParamValue, ProblemKind, WarningKind,
};
use fastmcp_auth::export::{SecretDisplay, render_json};

const JWKS: &str = "https://auth.example.com/.well-known/jwks.json";
const ISSUER: &str = "https://auth.example.com";
const BASE: &str = "https://mcp.example.com";
const SECRET: &str = "GOCSPX-typed-secret-4a7f9c";

fn ctx() -> AuthContext {
    AuthContext::with_clock(FixedClock(1_700_000_000))
}

/// Bad inputs, one per problem the library reports, with the field each must name.
fn bad_inputs() -> Vec<(&'static str, AuthError, &'static str)> {
    let ctx = ctx();
    let bearer = |jwks: &str| {
        ctx.auth_service("api")
            .use_bearer_auth(jwks, ISSUER, "api")
            .generate_fastmcp_config()
            .unwrap_err()
    };
    let azure = ctx
        .auth_provider("azure")
        .unwrap()
        .set_client_credentials("app", ParamValue::env("AZURE_CLIENT_SECRET").unwrap())
        .set_field("tenant_id", "organizations")
        .set_base_url(BASE);
    let token = || ctx.auth_token("user123");
    vec![
        (
            "unknown type",
            ctx.auth_provider("gogle").unwrap_err(),
            "provider_type",
        ),
        ("relative URL", bearer("jwks.json"), "jwks_uri"),
        ("not a URL", bearer("not a url"), "jwks_uri"),
        ("empty host", bearer("https:///jwks.json"), "jwks_uri"),
        (
            "bad port",
            bearer("https://a.example.com:99999/j"),
            "jwks_uri",
        ),
        (
            "missing field",
            ctx.auth_service("api")
                .use_google_auth("id", ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap(), "")
                .generate_fastmcp_config()
                .unwrap_err(),
            "base_url",
        ),
        (
            "unknown field",
            azure
                .clone()
                .set_field("colour", "blue")
                .generate_fastmcp_config()
                .unwrap_err(),
            "colour",
        ),
        (
            "scope rule",
            azure
                .clone()
                .set_scopes(["openid"])
                .generate_fastmcp_config()
                .unwrap_err(),
            "required_scopes",
        ),
        (
            "bad scope",
            ctx.auth_service("api")
                .require_scopes(["read write"])
                .use_bearer_auth(JWKS, ISSUER, "api")
                .generate_fastmcp_config()
                .unwrap_err(),
            "required_scopes",
        ),
        (
            "HS256 with a JWKS",
            ctx.auth_service("api")
                .use_bearer_auth(JWKS, ISSUER, "api")
                .with_algorithm("HS256")
                .generate_fastmcp_config()
                .unwrap_err(),
            "public_key",
        ),
        (
            "pasted secret as a variable name",
            ParamValue::env("ghp_16C7e42F292c6912E7710c838347Ae178B4a").unwrap_err(),
            "variable",
        ),
        (
            "service name",
            ctx.auth_service("../etc")
                .use_bearer_auth(JWKS, ISSUER, "api")
                .generate_fastmcp_config()
                .unwrap_err(),
            "service_name",
        ),
        (
            "reserved exp",
            token().add_claim("exp", 1).generate_payload().unwrap_err(),
            "exp",
        ),
        (
            "reserved scope",
            token()
                .add_claim("scope", "a")
                .generate_payload()
                .unwrap_err(),
            "scope",
        ),
        (
            "iss twice",
            token()
                .issuer(ISSUER)
                .add_claim("iss", "x")
                .generate_payload()
                .unwrap_err(),
            "iss",
        ),
        (
            "zero lifetime",
            token().expires_in(0).generate_payload().unwrap_err(),
            "expires_in",
        ),
        (
            "too long lifetime",
            token().expires_in(u64::MAX).generate_payload().unwrap_err(),
            "expires_in",
        ),
        (
            "bad token scope",
            token().add_scopes(["a b"]).generate_payload().unwrap_err(),
            "scopes",
        ),
        (
            "empty client id",
            ctx.auth_token(" ").generate_payload().unwrap_err(),
            "client_id",
        ),
    ]
}

#[test]
fn errors_name_their_field_and_example_without_front_end_syntax() {
    for (case, err, field) in bad_inputs() {
        let shown = err.to_string();
        assert_eq!(err.field(), Some(field), "{case}: {shown}");
        // Named as written in code, or in words (`service name`).
        assert!(
            shown.contains(field) || shown.contains(&field.replace('_', " ")),
            "{case}: the message does not name {field}: {shown}"
        );
        let example = err
            .example()
            .unwrap_or_else(|| panic!("{case}: no example: {shown}"));
        assert!(!example.is_empty(), "{case}");
        // No CLI flags, no URL-parser jargon.
        assert!(
            !shown.contains("--"),
            "{case}: a command-line flag: {shown}"
        );
        assert!(!shown.contains("(CLI"), "{case}: {shown}");
        assert!(!shown.contains("relative URL"), "{case}: {shown}");
        assert!(!shown.contains("without a base"), "{case}: {shown}");
    }
}

#[test]
fn kinds_classify_without_reading_messages() {
    let kinds: Vec<(&str, ProblemKind)> = bad_inputs()
        .iter()
        .map(|(case, err, _)| (*case, err.kind()))
        .collect();
    let kind_of = |case: &str| kinds.iter().find(|(c, _)| *c == case).unwrap().1;
    assert_eq!(kind_of("unknown type"), ProblemKind::UnknownProvider);
    assert_eq!(kind_of("relative URL"), ProblemKind::Invalid);
    assert_eq!(kind_of("missing field"), ProblemKind::Missing);
    assert_eq!(kind_of("unknown field"), ProblemKind::UnknownField);
    assert_eq!(kind_of("scope rule"), ProblemKind::Scope);
    assert_eq!(kind_of("bad scope"), ProblemKind::Scope);
    assert_eq!(kind_of("HS256 with a JWKS"), ProblemKind::Conflict);
    assert_eq!(
        kind_of("pasted secret as a variable name"),
        ProblemKind::EnvVarName
    );
    assert_eq!(kind_of("reserved exp"), ProblemKind::ReservedClaim);
    assert_eq!(kind_of("too long lifetime"), ProblemKind::TooLarge);
}

#[test]
fn a_relative_url_is_explained_as_needing_an_absolute_one() {
    let err = ctx()
        .auth_provider("descope")
        .unwrap()
        .set_field("config_url", "api.descope.com/v1/apps/P2abc")
        .set_base_url(BASE)
        .generate_fastmcp_config()
        .unwrap_err();
    let shown = err.to_string();
    assert!(!shown.contains("relative URL without a base"), "{shown}");
}

// ---- warnings ------------------------------------------------------------------------

#[test]
fn builder_users_get_the_warning_that_a_literal_secret_was_replaced() {
    let service =
        ctx()
            .auth_service("docs")
            .use_google_auth("id.apps.googleusercontent.com", SECRET, BASE);
    let generated = service.generate().unwrap();
    // Google's default scopes also bring the scope-rename warning; this test is about the
    // secret.
    let about_secrets: Vec<_> = generated
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::SecretReplacedByReference)
        .collect();
    assert_eq!(about_secrets.len(), 1, "{:?}", generated.warnings);
    let warning = about_secrets[0];
    assert_eq!(warning.field.as_deref(), Some("client_secret"));
    assert!(!warning.to_string().contains(SECRET));
    assert!(!warning.message.contains("--"), "{warning}");
    // The specification's call returns the same config.
    assert_eq!(service.generate_fastmcp_config().unwrap(), generated.config);
    let provider = ctx()
        .auth_provider("google")
        .unwrap()
        .set_client_credentials("id", SECRET)
        .set_base_url(BASE);
    assert!(
        provider
            .generate()
            .unwrap()
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::SecretReplacedByReference)
    );
}

// ---- secrets -------------------------------------------------------------------------

fn embedded_google() -> FastMCPAuthConfig {
    ctx()
        .auth_service("docs")
        .use_google_auth(
            "id.apps.googleusercontent.com",
            ParamValue::secret(SECRET),
            BASE,
        )
        .embed_secrets(true)
        .generate_fastmcp_config()
        .unwrap()
}

#[test]
fn serde_never_writes_a_secret_in_clear() {
    let config = embedded_google();
    assert!(matches!(
        config.config_params["client_secret"],
        ParamValue::Secret(_)
    ));
    for result in [
        serde_json::to_string(&config),
        serde_json::to_string_pretty(&config),
        serde_json::to_value(&config).map(|v| v.to_string()),
        serde_json::to_string(&config.config_params["client_secret"]),
    ] {
        let err = result.expect_err("a secret was serialised").to_string();
        assert!(!err.contains(SECRET), "{err}");
        assert!(err.contains("to_json_with_secrets"), "{err}");
    }
    // Before generation too.
    let mut provider = AuthProviderConfig::new(AuthProviderType::Google);
    provider.set("client_secret", ParamValue::secret(SECRET));
    assert!(serde_json::to_string(&provider).is_err());
}

#[test]
fn embedding_is_the_explicit_path() {
    let config = embedded_google();
    assert_eq!(
        config.to_json_with_secrets()["config_params"]["client_secret"],
        SECRET
    );
    assert!(render_json(&config, SecretDisplay::Plain).contains(SECRET));
    for shown in [
        config.to_json().to_string(),
        config.to_string(),
        format!("{config:?}"),
        render_json(&config, SecretDisplay::Masked),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains("typed-secret"), "{shown}");
    }
}

#[test]
fn display_and_to_json_of_the_config_and_the_payload() {
    let config = ctx()
        .auth_service("api")
        .require_scopes(["read"])
        .use_bearer_auth(JWKS, ISSUER, "api")
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        config.to_string(),
        format!(
            "fastmcp.server.auth.providers.jwt.JWTVerifier(jwks_uri=\"{JWKS}\", issuer=\"{ISSUER}\", \
             audience=\"api\", algorithm=\"RS256\", required_scopes=[\"read\"])"
        )
    );
    assert_eq!(config.to_json(), serde_json::to_value(&config).unwrap());
    assert_eq!(
        embedded_google().to_string().matches("<redacted>").count(),
        1
    );

    let mut payload = JWTPayloadConfig::new("user\u{1b}[2J");
    payload.scopes = vec!["read".into(), "write".into()];
    payload.custom_claims.insert("role".into(), "admin".into());
    assert_eq!(
        payload.to_string(),
        "client_id=user\\u{1b}[2J scopes=[read write] expires_in=3600 custom_claims={\"role\":\"admin\"}"
    );
    assert_eq!(
        payload.to_json()["scopes"],
        serde_json::json!(["read", "write"])
    );
}

// ---- provider types ------------------------------------------------------------------

#[test]
fn other_with_a_seed_name_is_that_seed_type() {
    for (other, seed) in [
        ("google", AuthProviderType::Google),
        ("github", AuthProviderType::GitHub),
        ("bearer", AuthProviderType::Bearer),
        ("workos", AuthProviderType::WorkOS),
        ("oauth", AuthProviderType::OAuth),
        ("custom", AuthProviderType::Custom),
    ] {
        let other = AuthProviderType::Other(other.into());
        assert_eq!(other, seed);
        assert_eq!(seed, other);
        let set: HashSet<AuthProviderType> = [seed.clone()].into();
        assert!(set.contains(&other), "{other}: hash differs from {seed}");
        assert!(matches!(
            (other.clone().normalized(), &seed),
            (a, b) if std::mem::discriminant(&a) == std::mem::discriminant(b)
        ));
        assert_eq!(AuthProviderConfig::new(other).provider_type, seed);
    }
    assert_ne!(
        AuthProviderType::Other("azure".into()),
        AuthProviderType::Other("auth0".into())
    );
}

// ---- argument types ------------------------------------------------------------------

#[test]
fn scopes_are_any_iterable_of_string_likes() {
    let owned: Vec<String> = vec!["a:read".into(), "a:write".into()];
    let borrowed: &[&str] = &["a:read", "a:write"];
    let configs = [
        ctx().auth_service("s").require_scopes(owned.clone()),
        ctx()
            .auth_service("s")
            .require_scopes(borrowed.iter().copied()),
        ctx()
            .auth_service("s")
            .require_scopes(["a:read", "a:write"]),
        ctx().auth_service("s").require_scopes(&owned),
    ]
    .map(|s| {
        s.use_bearer_auth(JWKS, ISSUER, "s")
            .generate_fastmcp_config()
            .unwrap()
            .config_params["required_scopes"]
            .clone()
    });
    assert!(
        configs
            .iter()
            .all(|c| *c == ParamValue::list(["a:read", "a:write"]))
    );
    let google = ctx()
        .auth_service("g")
        .use_google_auth("id", ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap(), BASE)
        .with_required_scopes(&owned)
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        google.config_params["required_scopes"],
        ParamValue::list(["a:read", "a:write"])
    );
    let payload = ctx()
        .auth_token("u")
        .add_scopes(borrowed.iter().copied())
        .add_scopes(owned)
        .generate_payload()
        .unwrap();
    assert_eq!(payload["scope"], "a:read a:write");
}

#[test]
fn optional_arguments_are_named_whatever_the_call_order() {
    let before = ctx()
        .auth_service("dev")
        .with_algorithm("HS256")
        .use_provider(
            ctx()
                .auth_provider("bearer")
                .unwrap()
                .set_field("issuer", ISSUER)
                .set_field("audience", "dev")
                .set_field("public_key", ParamValue::env("JWT_SHARED_SECRET").unwrap()),
        );
    let config = before.generate_fastmcp_config().unwrap();
    assert_eq!(config.config_params["algorithm"], ParamValue::from("HS256"));
    let after = ctx()
        .auth_service("g")
        .with_required_scopes(["openid"])
        .use_github_auth("id", ParamValue::env("GITHUB_CLIENT_SECRET").unwrap(), BASE)
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        after.config_params["required_scopes"],
        ParamValue::list(["openid"])
    );
}

#[test]
fn fixed_iat_and_exp_from_the_clock_or_an_override() {
    let clocked = ctx()
        .auth_token("u")
        .expires_in(60)
        .generate_payload()
        .unwrap();
    assert_eq!(
        (clocked["iat"].as_u64(), clocked["exp"].as_u64()),
        (Some(1_700_000_000), Some(1_700_000_060))
    );
    let fixed = AuthContext::new()
        .auth_token("u")
        .issued_at(1_735_603_200)
        .expires_in(86_400)
        .generate_payload()
        .unwrap();
    assert_eq!(
        (fixed["iat"].as_u64(), fixed["exp"].as_u64()),
        (Some(1_735_603_200), Some(1_735_689_600))
    );
    // Giving them as claims is refused, naming the way that works.
    let err = ctx()
        .auth_token("u")
        .add_claim("iat", 1)
        .generate_payload()
        .unwrap_err();
    assert!(err.to_string().contains("issued_at()"), "{err}");
}

// ---- a caller's catalog --------------------------------------------------------------

const ONE_PROVIDER: &str = r#"{"providers": [{
    "type": "acme", "title": "Acme", "description": "Acme's verifier", "group": "In-house",
    "provider_class": "AcmeVerifier", "import_path": "acme.auth", "env_prefix": "ACME",
    "scopes": {},
    "fields": [{"name": "tenant", "kind": "text", "label": "Tenant", "required": true,
                "example": "acme-eu", "help": "The tenant"}]
}]}"#;

#[test]
fn builders_generate_with_a_callers_catalog() {
    let ctx = AuthContext::new().with_catalog(Catalog::from_json(ONE_PROVIDER).unwrap());
    assert!(AuthContext::new().auth_provider("acme").is_err());
    let provider = ctx.auth_provider("acme").unwrap();
    let err = provider.generate_fastmcp_config().unwrap_err();
    assert_eq!(
        (err.field(), err.example()),
        (Some("tenant"), Some("acme-eu"))
    );
    let config = ctx
        .auth_service("svc")
        .use_provider(provider.set_field("tenant", "acme-eu"))
        .generate_fastmcp_config()
        .unwrap();
    assert_eq!(
        (config.provider_class.as_str(), config.import_path.as_str()),
        ("AcmeVerifier", "acme.auth")
    );
    // A service of this context checks built-in types against the caller's catalog too.
    let err = ctx
        .auth_service("svc")
        .use_bearer_auth(JWKS, ISSUER, "svc")
        .generate_fastmcp_config()
        .unwrap_err();
    assert_eq!(err.kind(), ProblemKind::UnknownProvider);
}
