//! Generator benchmarks: config generation for every catalog provider type, the whole
//! `generate` command in-process (argument parsing included), and parsing the catalog.
//!
//! Run with `cargo bench --bench generate`. Divan reports the median per benchmark; the
//! whole-process figures (exec, dynamic loading) come from `scripts/perf.sh`.

use std::time::Duration;

use divan::Bencher;
use fastmcp_auth::core::{
    AuthProviderConfig, AuthProviderType, Catalog, FieldKind, ParamValue, generate_with_warnings,
};
use fastmcp_auth::export::{SecretDisplay, render_json};

/// The catalog as shipped; parsed afresh here because `Catalog::builtin()` parses it once.
const CATALOG_JSON: &str = include_str!("../assets/providers.json");

/// One constructor argument of a sample, as `fastmcp-auth generate` receives it.
enum Input {
    /// `--set FIELD=TEXT` (a list field takes `a,b,c`).
    Set(&'static str, &'static str),
    /// `--set-json FIELD=JSON` (or a JSON file given with `--set-file`).
    Json(&'static str, &'static str),
    /// `--env FIELD=VAR`: a `${VAR}` reference, how secrets are given.
    Env(&'static str, &'static str),
}

use Input::{Env, Json, Set};

/// Valid sample values for one catalog provider type, mirroring the compatibility suite's
/// cases (FastMCP accepts what these generate). Generation never fetches a URL, so
/// discovery URLs are plain examples here.
struct Sample {
    provider: &'static str,
    inputs: &'static [Input],
    scopes: &'static [&'static str],
    embed_secrets: bool,
}

const BASE_URL: Input = Set("base_url", "https://mcp.example.com");
const DISCOVERY: &str = "https://auth.example.com/.well-known/openid-configuration";
const JWKS: &str = "https://auth.example.com/.well-known/jwks.json";
const TOKENS: &str = r#"{"dev-alice-token": {"client_id": "alice", "scopes": ["read", "write"]},
    "dev-bob-token": {"client_id": "bob", "scopes": ["read"], "expires_at": 4102444800}}"#;

const fn sample(provider: &'static str, inputs: &'static [Input]) -> Sample {
    Sample {
        provider,
        inputs,
        scopes: &[],
        embed_secrets: false,
    }
}

const fn with_scopes(mut sample: Sample, scopes: &'static [&'static str]) -> Sample {
    sample.scopes = scopes;
    sample
}

/// A catalog type without a sample here is named at start-up (see `main`), not benchmarked.
const SAMPLES: &[Sample] = &[
    with_scopes(
        sample(
            "bearer",
            &[
                Set("jwks_uri", JWKS),
                Set("issuer", "https://auth.example.com"),
                Set("audience", "my-mcp-server"),
                BASE_URL,
            ],
        ),
        &["read"],
    ),
    sample(
        "google",
        &[
            Set(
                "client_id",
                "123456789012-abc123def456.apps.googleusercontent.com",
            ),
            Env("client_secret", "GOOGLE_CLIENT_SECRET"),
            BASE_URL,
            Set("redirect_path", "/auth/callback"),
        ],
    ),
    with_scopes(
        sample(
            "github",
            &[
                Set("client_id", "Ov23liAbCdEfGhIjKlMn"),
                Env("client_secret", "GITHUB_CLIENT_SECRET"),
                BASE_URL,
            ],
        ),
        &["read:user", "read:org"],
    ),
    with_scopes(
        sample(
            "workos",
            &[Set("authkit_domain", "your-project.authkit.app"), BASE_URL],
        ),
        &["openid", "profile"],
    ),
    with_scopes(
        sample(
            "oauth",
            &[
                Set("config_url", DISCOVERY),
                Set("client_id", "mcp-server"),
                Env("client_secret", "OIDC_CLIENT_SECRET"),
                BASE_URL,
                Set("audience", "https://api.example.com"),
            ],
        ),
        &["openid", "email"],
    ),
    sample(
        "custom",
        &[
            Set("import_path", "fastmcp.server.auth.providers.jwt"),
            Set("provider_class", "JWTVerifier"),
            Set("jwks_uri", JWKS),
            Set("issuer", "https://auth.example.com"),
        ],
    ),
    with_scopes(
        sample(
            "azure",
            &[
                Set("client_id", "0f3a8e2b-7c4d-4e1f-9a6b-2d5c8e1f4a7b"),
                Env("client_secret", "AZURE_CLIENT_SECRET"),
                Set("tenant_id", "organizations"),
                BASE_URL,
                Set("identifier_uri", "api://mcp-server"),
                Set("additional_authorize_scopes", "User.Read,Mail.Read"),
            ],
        ),
        &["read", "openid"],
    ),
    with_scopes(
        sample(
            "auth0",
            &[
                Set("config_url", DISCOVERY),
                Set("client_id", "x3Fq9LmN2pRsT5vW8yZaBcDeFgHiJkLm"),
                Env("client_secret", "AUTH0_CLIENT_SECRET"),
                Set("audience", "https://api.example.com"),
                BASE_URL,
            ],
        ),
        &["openid", "profile"],
    ),
    sample(
        "aws-cognito",
        &[
            Set("user_pool_id", "us-east-1_AbC123xYz"),
            Set("aws_region", "us-east-1"),
            Set("client_id", "1example23456789abcdefghij"),
            Env("client_secret", "AWS_COGNITO_CLIENT_SECRET"),
            BASE_URL,
        ],
    ),
    sample(
        "clerk",
        &[
            Set("domain", "https://your-app.clerk.accounts.dev/"),
            Set("client_id", "AbC123dEf456GhI7"),
            Env("client_secret", "CLERK_CLIENT_SECRET"),
            BASE_URL,
        ],
    ),
    with_scopes(
        sample(
            "discord",
            &[
                Set("client_id", "1234567890123456789"),
                Env("client_secret", "DISCORD_CLIENT_SECRET"),
                BASE_URL,
            ],
        ),
        &["identify", "guilds"],
    ),
    sample(
        "huggingface",
        &[
            Set("client_id", "a1b2c3d4-e5f6-7890-abcd-ef1234567890"),
            Env("jwt_signing_key", "HUGGINGFACE_JWT_SIGNING_KEY"),
            BASE_URL,
        ],
    ),
    sample(
        "oci",
        &[
            Set("config_url", DISCOVERY),
            Set("client_id", "0123456789abcdef0123456789abcdef"),
            Env("client_secret", "OCI_CLIENT_SECRET"),
            BASE_URL,
        ],
    ),
    sample(
        "workos-oauth",
        &[
            Set("client_id", "client_01HXYZABCDEFGHJKMNPQRSTVWX"),
            Env("client_secret", "WORKOS_CLIENT_SECRET"),
            Set("authkit_domain", "your-project.authkit.app"),
            BASE_URL,
        ],
    ),
    with_scopes(
        sample(
            "keycloak",
            &[
                Set("realm_url", "https://keycloak.example.com/realms/mcp"),
                BASE_URL,
                Set("audience", "mcp-server"),
            ],
        ),
        &["openid", "profile"],
    ),
    sample(
        "supabase",
        &[
            Set("project_url", "https://abcdefghijklmnopqrst.supabase.co"),
            BASE_URL,
            Set("algorithm", "rs256"),
        ],
    ),
    sample(
        "descope",
        &[
            Set("project_id", "P2abcDEF123"),
            Set("descope_base_url", "api.descope.com"),
            BASE_URL,
        ],
    ),
    with_scopes(
        sample(
            "scalekit",
            &[
                Set("environment_url", "https://your-company.scalekit.dev"),
                Set("resource_id", "res_0123456789abcdef"),
                BASE_URL,
            ],
        ),
        &["usr:read"],
    ),
    with_scopes(
        sample(
            "introspection",
            &[
                Set(
                    "introspection_url",
                    "https://auth.example.com/oauth/introspect",
                ),
                Set("client_id", "mcp-resource-server"),
                Env("client_secret", "INTROSPECTION_CLIENT_SECRET"),
                Set("client_auth_method", "client_secret_post"),
                Json("audience", r#"["https://mcp.example.com", "mcp"]"#),
            ],
        ),
        &["read"],
    ),
    Sample {
        provider: "static",
        inputs: &[Json("tokens", TOKENS)],
        scopes: &["read"],
        // The token map is written into the config (as with --embed-secrets).
        embed_secrets: true,
    },
];

/// The same Google config the README shows, as `fastmcp-auth generate` receives it.
const GOOGLE_ARGS: &[&str] = &[
    "fastmcp-auth",
    "generate",
    "--provider",
    "google",
    "--env",
    "client_id=GOOGLE_CLIENT_ID",
    "--env",
    "client_secret=GOOGLE_CLIENT_SECRET",
    "--set",
    "base_url=https://mcp.example.com",
];

/// Half a second per benchmark at least: enough samples for a stable median on a noisy
/// machine, and the whole run stays well under a minute. `--min-time` overrides it.
fn main() {
    report_missing_samples();
    divan::Divan::default()
        .min_time(Duration::from_millis(500))
        .config_with_args()
        .main();
}

/// Names catalog types without a sample (and samples whose type left the catalog), so a
/// new provider is never silently left out of the measurements.
fn report_missing_samples() {
    let catalog = Catalog::builtin();
    let missing: Vec<&str> = catalog
        .providers
        .iter()
        .map(|p| p.type_name.as_str())
        .filter(|name| sample_for(name).is_none())
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "generate: NOT BENCHMARKED, no sample for provider type(s): {} \
             (add them to SAMPLES in benches/generate.rs)",
            missing.join(", ")
        );
    }
    for stale in SAMPLES.iter().filter(|s| catalog.get(s.provider).is_none()) {
        eprintln!(
            "generate: sample for '{}' has no catalog entry; remove it",
            stale.provider
        );
    }
}

fn sample_for(provider: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.provider == provider)
}

/// Catalog types that have a sample, in catalog order.
fn sampled_types() -> Vec<&'static str> {
    Catalog::builtin()
        .providers
        .iter()
        .map(|p| p.type_name.as_str())
        .filter(|name| sample_for(name).is_some())
        .collect()
}

fn sample_config(provider: &str) -> AuthProviderConfig {
    let sample = sample_for(provider).expect("only sampled types are benchmarked");
    let spec = Catalog::builtin()
        .get(provider)
        .expect("sampled types are catalog types");
    let mut config = AuthProviderConfig::new(AuthProviderType::of(spec));
    for input in sample.inputs {
        let (field, value) = match *input {
            // As the CLI reads `--set`: list fields split on commas.
            Set(field, text) if spec.field(field).is_some_and(|f| f.kind == FieldKind::List) => {
                (field, ParamValue::list(text.split(',').map(str::trim)))
            }
            Set(field, text) => (field, ParamValue::from(text)),
            Json(field, json) => (
                field,
                ParamValue::from(
                    serde_json::from_str::<serde_json::Value>(json).expect("sample JSON"),
                ),
            ),
            Env(field, var) => (
                field,
                ParamValue::env(var).expect("sample variable names are valid"),
            ),
        };
        config.set(field, value);
    }
    config.required_scopes = sample.scopes.iter().map(|s| s.to_string()).collect();
    config.embed_secrets = sample.embed_secrets;
    config
}

/// `AuthProviderConfig` → validated `FastMCPAuthConfig` → the JSON `generate` prints.
#[divan::bench(args = sampled_types())]
fn generate_json(bencher: Bencher, provider: &str) {
    let config = sample_config(provider);
    if let Err(err) = generate_with_warnings(&config) {
        panic!("the sample for '{provider}' does not generate: {err}");
    }
    bencher.bench(|| {
        let generated = generate_with_warnings(divan::black_box(&config)).expect("checked above");
        render_json(&generated.config, SecretDisplay::Plain)
    });
}

/// The `generate` command as the binary runs it, minus exec: clap parsing, flag handling,
/// generation, the environment check for warnings, and printing.
#[divan::bench]
fn cli_generate_google(bencher: Bencher) {
    bencher.bench(|| {
        let mut out = Vec::with_capacity(512);
        let mut err = Vec::new();
        fastmcp_auth::cli::run(divan::black_box(GOOGLE_ARGS), &mut out, &mut err);
        out
    });
}

/// Parsing the embedded catalog: what the first `Catalog::builtin()` of a process costs.
#[divan::bench]
fn catalog_parse(bencher: Bencher) {
    bencher.bench(|| Catalog::from_json(divan::black_box(CATALOG_JSON)).expect("valid catalog"));
}
