//! FastMCP compatibility: every config `fastmcp-auth generate` prints must load in the real
//! FastMCP. The test provisions a virtual environment with FastMCP pinned to
//! [`FASTMCP_VERSION`] at `target/fastmcp-venv` (once; later runs reuse it), runs the binary
//! for sample arguments of every catalog provider type, and loads each result with
//! `tests/python/load_config.py`: import, construct with the parameters, `FastMCP(auth=...)`.
//!
//! The Python export of hostile configs is also parsed (`tests/python/export_shape.py`) and
//! run under an audit-hook sandbox (`tests/python/sandboxed_import.py`): it must build the
//! provider and the server and nothing else.
//!
//! All configs load in one Python process (importing FastMCP is the slow part); each
//! `#[test]` then checks its own cases. The venv and the loopback discovery server are in
//! `tests/common/python.rs`.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use fastmcp_auth::core::catalog::Rule;
use fastmcp_auth::core::{Catalog, FastmcpVersion};
use serde_json::{Value, json};

mod common;

use common::compat_cases::{case_table, env_references};
use common::python::{
    FASTMCP_VERSION, MANIFEST_DIR, provision_venv, serve_discovery_document, tail,
};

const BIN: &str = env!("CARGO_BIN_EXE_fastmcp-auth");

/// A `generate --provider <provider> <args>` run. In `args`, `{DISCOVERY_URL}` becomes the
/// OIDC discovery document this test serves on loopback, `{PEM_FILE}` a public-key file and
/// `{TOKENS_FILE}` a StaticTokenVerifier token map.
struct Case {
    name: &'static str,
    /// Catalog type name (not an alias).
    provider: &'static str,
    args: &'static [&'static str],
}

/// Sample arguments for every catalog provider type, from `tests/data/compat_cases.json`:
/// FastMCP must accept what the tool prints for each. A provider type missing there fails
/// `every_catalog_type_has_a_compat_case`.
fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        // Leaked once per test binary: `Case` borrows for the whole run, like `PROBES`.
        let leak = |text: &str| -> &'static str { Box::leak(text.to_string().into_boxed_str()) };
        case_table()
            .cases
            .iter()
            .map(|c| Case {
                name: leak(&c.name),
                provider: leak(&c.provider),
                args: Box::leak(
                    c.args
                        .iter()
                        .map(|a| leak(a))
                        .collect::<Vec<_>>()
                        .into_boxed_slice(),
                ),
            })
            .collect()
    })
}

/// Inputs the tool may accept or refuse; if it prints a config, FastMCP must accept it.
const PROBES: &[Case] = &[
    // OIDCProxy needs client_secret or jwt_signing_key.
    Case {
        name: "oauth-without-client-secret",
        provider: "oauth",
        args: &[
            "--set",
            "config_url={DISCOVERY_URL}",
            "--set",
            "client_id=mcp-public-client",
            "--set",
            "base_url=https://mcp.example.com",
        ],
    },
];

/// Input the tool refuses, written by hand as the config it would have been: FastMCP must
/// refuse it too, with an error containing `fastmcp_error`.
struct Rejection {
    name: &'static str,
    tool_args: &'static [&'static str],
    config: Value,
    fastmcp_error: &'static str,
}

const JWT: (&str, &str) = ("JWTVerifier", "fastmcp.server.auth.providers.jwt");
const AZURE: (&str, &str) = ("AzureProvider", "fastmcp.server.auth.providers.azure");
const DESCOPE: (&str, &str) = ("DescopeProvider", "fastmcp.server.auth.providers.descope");
const JWKS: &str = "https://auth.example.com/.well-known/jwks.json";

fn config((class, module): (&str, &str), params: Value) -> Value {
    json!({ "provider_class": class, "import_path": module, "config_params": params })
}

fn rejections() -> Vec<Rejection> {
    vec![
        Rejection {
            name: "bearer-jwks-and-public-key",
            tool_args: &[
                "--provider",
                "bearer",
                "--set",
                "jwks_uri=https://auth.example.com/.well-known/jwks.json",
                "--env",
                "public_key=JWT_PUBLIC_KEY",
            ],
            config: config(
                JWT,
                json!({ "jwks_uri": JWKS, "public_key": "${JWT_PUBLIC_KEY}" }),
            ),
            fastmcp_error: "not both",
        },
        Rejection {
            name: "bearer-hs256-with-jwks",
            tool_args: &[
                "--provider",
                "bearer",
                "--set",
                "jwks_uri=https://auth.example.com/.well-known/jwks.json",
                "--set",
                "algorithm=HS256",
            ],
            config: config(JWT, json!({ "jwks_uri": JWKS, "algorithm": "HS256" })),
            fastmcp_error: "Symmetric HS* algorithms cannot be used with jwks_uri",
        },
        Rejection {
            name: "bearer-hs256-with-pem",
            tool_args: &[
                "--provider",
                "bearer",
                "--set-file",
                "public_key={PEM_FILE}",
                "--set",
                "algorithm=HS256",
                "--embed-secrets",
            ],
            config: config(
                JWT,
                json!({ "public_key": public_key_pem().trim_end(), "algorithm": "HS256" }),
            ),
            fastmcp_error: "require a shared secret, not a public key",
        },
        Rejection {
            name: "bearer-unknown-algorithm",
            tool_args: &[
                "--provider",
                "bearer",
                "--set",
                "jwks_uri=https://auth.example.com/.well-known/jwks.json",
                "--set",
                "algorithm=none",
            ],
            config: config(JWT, json!({ "jwks_uri": JWKS, "algorithm": "none" })),
            fastmcp_error: "Unsupported algorithm",
        },
        Rejection {
            name: "github-without-client-secret",
            tool_args: &[
                "--provider",
                "github",
                "--set",
                "client_id=Ov23liAbCdEfGhIjKlMn",
                "--set",
                "base_url=https://mcp.example.com",
            ],
            config: config(
                ("GitHubProvider", "fastmcp.server.auth.providers.github"),
                json!({ "client_id": "Ov23liAbCdEfGhIjKlMn", "base_url": "https://mcp.example.com" }),
            ),
            fastmcp_error: "client_secret",
        },
        Rejection {
            name: "google-bare-base-url",
            tool_args: &[
                "--provider",
                "google",
                "--set",
                "client_id=123-abc.apps.googleusercontent.com",
                "--env",
                "client_secret=GOOGLE_CLIENT_SECRET",
                "--set",
                "base_url=mcp.example.com",
            ],
            config: config(
                ("GoogleProvider", "fastmcp.server.auth.providers.google"),
                json!({
                    "client_id": "123-abc.apps.googleusercontent.com",
                    "client_secret": "${GOOGLE_CLIENT_SECRET}",
                    "base_url": "mcp.example.com",
                }),
            ),
            fastmcp_error: "valid URL",
        },
        // Azure counts only API scopes: OIDC scopes are not in its access tokens.
        Rejection {
            name: "azure-only-oidc-scopes",
            tool_args: &[
                "--provider",
                "azure",
                "--set",
                "client_id=0f3a8e2b-7c4d-4e1f-9a6b-2d5c8e1f4a7b",
                "--env",
                "client_secret=AZURE_CLIENT_SECRET",
                "--set",
                "tenant_id=organizations",
                "--set",
                "base_url=https://mcp.example.com",
                "--scope",
                "openid",
                "--scope",
                "profile",
            ],
            config: config(
                AZURE,
                json!({
                    "client_id": "0f3a8e2b-7c4d-4e1f-9a6b-2d5c8e1f4a7b",
                    "client_secret": "${AZURE_CLIENT_SECRET}",
                    "tenant_id": "organizations",
                    "base_url": "https://mcp.example.com",
                    "required_scopes": ["openid", "profile"],
                }),
            ),
            fastmcp_error: "requires at least one non-OIDC scope",
        },
        Rejection {
            name: "clerk-without-secret-or-signing-key",
            tool_args: &[
                "--provider",
                "clerk",
                "--set",
                "domain=your-app.clerk.accounts.dev",
                "--set",
                "client_id=AbC123dEf456GhI7",
                "--set",
                "base_url=https://mcp.example.com",
            ],
            config: config(
                ("ClerkProvider", "fastmcp.server.auth.providers.clerk"),
                json!({
                    "domain": "your-app.clerk.accounts.dev",
                    "client_id": "AbC123dEf456GhI7",
                    "base_url": "https://mcp.example.com",
                }),
            ),
            fastmcp_error: "jwt_signing_key is required",
        },
        Rejection {
            name: "descope-project-id-alone",
            tool_args: &[
                "--provider",
                "descope",
                "--set",
                "project_id=P2abcDEF123",
                "--set",
                "base_url=https://mcp.example.com",
            ],
            config: config(
                DESCOPE,
                json!({ "project_id": "P2abcDEF123", "base_url": "https://mcp.example.com" }),
            ),
            fastmcp_error: "Either config_url (new API) or both project_id and descope_base_url",
        },
        Rejection {
            name: "descope-config-url-without-project",
            tool_args: &[
                "--provider",
                "descope",
                "--set",
                "config_url=https://api.descope.com",
                "--set",
                "base_url=https://mcp.example.com",
            ],
            config: config(
                DESCOPE,
                json!({ "config_url": "https://api.descope.com", "base_url": "https://mcp.example.com" }),
            ),
            fastmcp_error: "Could not extract project_id",
        },
        Rejection {
            name: "supabase-hs256",
            tool_args: &[
                "--provider",
                "supabase",
                "--set",
                "project_url=https://abcdefghijklmnopqrst.supabase.co",
                "--set",
                "base_url=https://mcp.example.com",
                "--set",
                "algorithm=HS256",
            ],
            config: config(
                ("SupabaseProvider", "fastmcp.server.auth.providers.supabase"),
                json!({
                    "project_url": "https://abcdefghijklmnopqrst.supabase.co",
                    "base_url": "https://mcp.example.com",
                    "algorithm": "HS256",
                }),
            ),
            fastmcp_error: "Symmetric HS* algorithms cannot be used with jwks_uri",
        },
        Rejection {
            name: "introspection-auth-method-shorthand",
            tool_args: &[
                "--provider",
                "introspection",
                "--set",
                "introspection_url=https://auth.example.com/oauth/introspect",
                "--set",
                "client_id=mcp-resource-server",
                "--env",
                "client_secret=INTROSPECTION_CLIENT_SECRET",
                "--set",
                "client_auth_method=basic",
            ],
            config: config(
                (
                    "IntrospectionTokenVerifier",
                    "fastmcp.server.auth.providers.introspection",
                ),
                json!({
                    "introspection_url": "https://auth.example.com/oauth/introspect",
                    "client_id": "mcp-resource-server",
                    "client_secret": "${INTROSPECTION_CLIENT_SECRET}",
                    "client_auth_method": "basic",
                }),
            ),
            fastmcp_error: "Invalid client_auth_method",
        },
        Rejection {
            name: "scalekit-without-base-url",
            tool_args: &[
                "--provider",
                "scalekit",
                "--set",
                "environment_url=https://your-company.scalekit.dev",
                "--set",
                "resource_id=res_0123456789abcdef",
            ],
            config: config(
                ("ScalekitProvider", "fastmcp.server.auth.providers.scalekit"),
                json!({
                    "environment_url": "https://your-company.scalekit.dev",
                    "resource_id": "res_0123456789abcdef",
                }),
            ),
            fastmcp_error: "Either base_url or mcp_url must be provided",
        },
    ]
}

/// The config the tool would print for `workos-bare-domain` without normalising the domain.
fn bare_authkit_config() -> Value {
    config(
        ("AuthKitProvider", "fastmcp.server.auth.providers.workos"),
        json!({ "authkit_domain": "your-project.authkit.app", "base_url": "https://mcp.example.com" }),
    )
}
const BARE_AUTHKIT: &str = "hand-written-bare-authkit-domain";

/// A valid RSA-2048 SubjectPublicKeyInfo PEM (generated with `cryptography`).
fn public_key_pem() -> &'static str {
    case_table().fixture("PEM_FILE")
}

/// Development tokens for `static` (made up; the tool treats them as secrets).
fn tokens_json() -> &'static str {
    case_table().fixture("TOKENS_FILE")
}

/// Each catalog type's first case again with every advanced field this FastMCP release has
/// set to its catalog example: FastMCP must accept them all together. Built from the
/// catalog, so a new advanced field is exercised without a new case.
fn advanced_cases() -> &'static [Case] {
    static ADVANCED: OnceLock<Vec<Case>> = OnceLock::new();
    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }
    ADVANCED.get_or_init(|| {
        let release: FastmcpVersion = FASTMCP_VERSION.parse().unwrap();
        Catalog::builtin()
            .providers
            .iter()
            .filter_map(|spec| {
                let base = cases().iter().find(|c| c.provider == spec.type_name)?;
                // A field the base case sets keeps its value there, and the alternative to
                // one it sets (public_key beside jwks_uri) stays out.
                let set_in_base = |name: &str| {
                    let prefix = format!("{name}=");
                    base.args.iter().any(|a| a.starts_with(&prefix))
                };
                let excluded = |name: &str| {
                    spec.rules.iter().any(|rule| match rule {
                        Rule::ExactlyOneOf(group) => {
                            group.iter().any(|g| g == name)
                                && group.iter().any(|g| g != name && set_in_base(g))
                        }
                        _ => false,
                    })
                };
                let advanced: Vec<_> = spec
                    .fields
                    .iter()
                    .filter(|f| f.advanced && f.versions().contains(release))
                    .collect();
                if advanced.is_empty() {
                    return None;
                }
                let fields = advanced
                    .into_iter()
                    .filter(|f| !set_in_base(&f.name) && !excluded(&f.name));
                let mut args: Vec<&'static str> = base.args.to_vec();
                for field in fields {
                    args.push("--set");
                    args.push(leak(format!("{}={}", field.name, field.example)));
                }
                Some(Case {
                    name: leak(format!("{}-every-advanced", spec.type_name)),
                    provider: base.provider,
                    args: Box::leak(args.into_boxed_slice()),
                })
            })
            .collect()
    })
}

// ---- the tests -------------------------------------------------------------------------

#[test]
fn every_catalog_type_has_a_compat_case() {
    let catalog = Catalog::builtin();
    let missing: Vec<&str> = catalog
        .type_names()
        .into_iter()
        .filter(|t| !cases().iter().any(|c| c.provider == *t))
        .collect();
    assert!(
        missing.is_empty(),
        "catalog provider types without a FastMCP compat case: {missing:?}. Add sample \
         `generate` arguments for each to tests/data/compat_cases.json"
    );
    for case in cases().iter().chain(PROBES) {
        assert!(
            catalog.type_names().contains(&case.provider),
            "case '{}' names provider '{}', which is not a catalog type name",
            case.name,
            case.provider
        );
    }
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_accepts_every_catalog_type() {
    let batch = batch();
    let mut failures = Vec::new();
    for type_name in Catalog::builtin().type_names() {
        let cases: Vec<&Case> = cases().iter().filter(|c| c.provider == type_name).collect();
        if cases.is_empty() {
            failures.push(format!("{type_name}: no compat case"));
        }
        failures.extend(
            cases
                .into_iter()
                .filter_map(|c| check_accepted(batch, c).err()),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every advanced parameter, set at once per class, loads in FastMCP as written.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_accepts_every_advanced_parameter() {
    let batch = batch();
    let cases = advanced_cases();
    let with_advanced = Catalog::builtin()
        .providers
        .iter()
        .filter(|p| p.fields.iter().any(|f| f.advanced))
        .count();
    assert_eq!(
        cases.len(),
        with_advanced,
        "a type with advanced fields has no case"
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check_accepted(batch, c).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The values reached FastMCP's constructor with their types (numbers, maps).
    let Outcome::Printed { json, .. } = &batch.outcomes["google-every-advanced"] else {
        panic!("google-every-advanced was refused");
    };
    let config: Value = serde_json::from_str(json).unwrap();
    let params = &config["config_params"];
    assert_eq!(
        params["fastmcp_access_token_expiry_seconds"],
        json!(86400),
        "{json}"
    );
    assert_eq!(
        params["extra_authorize_params"],
        json!({"prompt": "select_account"}),
        "{json}"
    );
    assert_eq!(params["enable_cimd"], json!(false), "{json}");
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_accepts_seed_secure_api_example() {
    let batch = batch();
    let case = cases()
        .iter()
        .find(|c| c.name == "seed-secure-api")
        .unwrap();
    check_accepted(batch, case).unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Printed { json, .. } = &batch.outcomes[case.name] else {
        unreachable!()
    };
    let config: Value = serde_json::from_str(json).unwrap();
    assert_eq!(config["provider_class"], "JWTVerifier", "{json}");
    assert_eq!(config["service"], "secure-api", "{json}");
    assert_eq!(
        config["config_params"]["required_scopes"],
        json!(["api:read", "api:write"]),
        "{json}"
    );
}

/// The presets reach FastMCP's redirect matcher as meant: loopback only by default, every
/// preset's client callback with all of them, and never a host no preset names.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_allows_exactly_the_chosen_client_presets() {
    let batch = batch();
    let allowed = |name: &str| {
        let case = cases().iter().find(|c| c.name == name).unwrap();
        check_accepted(batch, case).unwrap_or_else(|e| panic!("{e}"));
        let Outcome::Printed {
            redirects_allowed, ..
        } = &batch.outcomes[name]
        else {
            unreachable!()
        };
        redirects_allowed.clone()
    };
    assert_eq!(
        allowed("github"),
        [
            "http://localhost:33418/callback",
            "http://127.0.0.1:6274/oauth/callback"
        ]
    );
    assert_eq!(
        allowed("github-all-client-presets"),
        [
            "http://localhost:33418/callback",
            "http://127.0.0.1:6274/oauth/callback",
            "https://claude.ai/api/mcp/auth_callback",
            "https://claude.com/api/mcp/auth_callback",
            "https://chatgpt.com/connector_platform_oauth_redirect"
        ]
    );
}

/// Every catalog field is a parameter of its FastMCP class, every parameter FastMCP needs is
/// required by the catalog, and choices and defaults are FastMCP's own.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn catalog_matches_fastmcp_signatures() {
    let batch = batch();
    let checked = batch.signatures.as_ref().unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for spec in Catalog::builtin().providers.iter().filter(|p| !p.custom) {
        match checked.get(&spec.type_name) {
            None => failures.push(format!("{}: not checked", spec.type_name)),
            Some(problems) if !problems.is_empty() => {
                failures.push(format!("{}: {}", spec.type_name, problems.join("; ")));
            }
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// AWSCognitoProvider fetches its discovery document from AWS while it is constructed: the
/// loader answers from loopback, and the URL asked for shows that the pool and its region
/// reached FastMCP. Its parameters are checked against the signature, as for every case.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_builds_aws_cognito_for_the_pools_region() {
    let batch = batch();
    let case = cases().iter().find(|c| c.name == "aws-cognito").unwrap();
    check_accepted(batch, case).unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Printed { fetched, json, .. } = &batch.outcomes[case.name] else {
        unreachable!()
    };
    assert_eq!(
        fetched,
        &[
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xYz/.well-known/openid-configuration"
        ],
        "{json}"
    );
}

/// The suite talks only to loopback: every discovery fetch went to the document this test
/// serves (or, for Cognito, was answered with it).
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn constructors_fetched_only_the_loopback_discovery_document() {
    let batch = batch();
    let mut fetching = BTreeSet::new();
    for (name, outcome) in &batch.outcomes {
        let Outcome::Printed { fetched, .. } = outcome else {
            continue;
        };
        for url in fetched {
            assert!(
                *url == batch.discovery_url || url.starts_with("https://cognito-idp."),
                "{name} fetched {url}"
            );
            fetching.insert(name.as_str());
        }
    }
    // FastMCP caches a discovery document per URL for the process: Auth0 and OCI, which
    // use the same loopback URL, are answered from that cache.
    for expected in ["oauth-oidc-proxy", "aws-cognito"] {
        assert!(
            fetching.contains(expected),
            "{expected} fetched nothing: {fetching:?}"
        );
    }
}

/// FastMCP stores StaticTokenVerifier's tokens as given: the config must hold the map
/// itself (a `${VAR}` string would construct too, and then match no token).
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn static_tokens_reach_fastmcp_as_a_map() {
    let batch = batch();
    let case = cases()
        .iter()
        .find(|c| c.name == "static-tokens-file")
        .unwrap();
    check_accepted(batch, case).unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Printed { json, .. } = &batch.outcomes[case.name] else {
        unreachable!()
    };
    let config: Value = serde_json::from_str(json).unwrap();
    let expected: Value = serde_json::from_str(tokens_json()).unwrap();
    assert_eq!(config["config_params"]["tokens"], expected, "{json}");
    assert_eq!(config["config_params"]["required_scopes"], json!(["read"]));
}

/// Hosts and domains pasted with a scheme reach FastMCP in the form it builds URLs from.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn pasted_hosts_reach_fastmcp_in_its_form() {
    let batch = batch();
    for (name, param, expected) in [
        (
            "clerk-pasted-scheme",
            "domain",
            "your-app.clerk.accounts.dev",
        ),
        (
            "azure-signing-key-government-cloud",
            "base_authority",
            "login.microsoftonline.us",
        ),
        (
            "descope-project-id",
            "descope_base_url",
            "https://api.descope.com",
        ),
        (
            "workos-oauth-bare-domain",
            "authkit_domain",
            "https://your-project.authkit.app",
        ),
    ] {
        let case = cases().iter().find(|c| c.name == name).unwrap();
        check_accepted(batch, case).unwrap_or_else(|e| panic!("{e}"));
        let Outcome::Printed { json, .. } = &batch.outcomes[name] else {
            unreachable!()
        };
        let config: Value = serde_json::from_str(json).unwrap();
        assert_eq!(config["config_params"][param], expected, "{name}: {json}");
    }
}

/// Whatever the tool does with these inputs, it must not print a config FastMCP refuses.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn tool_never_prints_a_config_fastmcp_rejects() {
    let batch = batch();
    let failures: Vec<String> = PROBES
        .iter()
        .filter(|c| matches!(batch.outcomes[c.name], Outcome::Printed { .. }))
        .filter_map(|c| check_accepted(batch, c).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// FastMCP itself rejects a bare AuthKit domain, so the tool's https:// normalisation matters.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_rejects_bare_authkit_domain() {
    let batch = batch();
    let error = expect_rejected(batch, BARE_AUTHKIT, &bare_authkit_config());
    assert!(
        error.contains("valid URL"),
        "unexpected FastMCP error: {error}"
    );

    let case = cases()
        .iter()
        .find(|c| c.name == "workos-bare-domain")
        .unwrap();
    check_accepted(batch, case).unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Printed { json, .. } = &batch.outcomes[case.name] else {
        unreachable!()
    };
    let config: Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        config["config_params"]["authkit_domain"], "https://your-project.authkit.app",
        "{json}"
    );
}

/// Each input the tool refuses, written by hand as a config, is refused by FastMCP too.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_rejects_what_the_tool_rejects() {
    let batch = batch();
    for rejection in rejections() {
        let args: Vec<String> = rejection
            .tool_args
            .iter()
            .map(|a| substitute(a, batch))
            .collect();
        let out = Command::new(BIN)
            .arg("generate")
            .args(&args)
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{}: the tool accepted `generate {}` and printed:\n{}",
            rejection.name,
            args.join(" "),
            String::from_utf8_lossy(&out.stdout)
        );
        let error = expect_rejected(batch, rejection.name, &rejection.config);
        assert!(
            error.contains(rejection.fastmcp_error),
            "{}: FastMCP refused for another reason than expected ('{}'): {error}",
            rejection.name,
            rejection.fastmcp_error
        );
    }
}

// ---- checking outcomes -----------------------------------------------------------------

/// The `python` export is a FastMCP server module: importing it must construct the provider
/// and the server (and not start serving).
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_builds_the_python_export() {
    let batch = batch();
    let dir = tempfile::tempdir().unwrap();
    let exports = [
        "google",
        "github",
        "bearer-jwks",
        "bearer-pem-file",
        "bearer-hs256-env-secret",
        "oauth-oidc-proxy",
        "workos-bare-domain",
        "azure",
        "keycloak",
        "supabase-rs256",
        "introspection-post",
        "static-tokens-file",
        "oauth-proxy-with-jwt-verifier",
        "remote-auth-with-introspection",
        "azure-jwt",
        "cognito-jwt",
        "auth0-jwt",
        "google-token",
        "github-token",
        "workos-token",
        "multi-auth-google-plus-jwt-verifiers",
    ];
    // (module path, generated code, expected "Class FastMCP service" line)
    let mut modules: Vec<(PathBuf, String, String)> = Vec::new();
    let mut vars = BTreeSet::new();
    for name in exports {
        let case = cases()
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no compat case named {name}"));
        let service = format!("svc-{name}");
        let mut args = case_args(case, batch);
        args.extend([
            "--service".into(),
            service.clone(),
            "--format".into(),
            "python".into(),
        ]);
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let code = String::from_utf8(out.stdout).unwrap();
        vars.extend(
            code.split("os.environ[\"")
                .skip(1)
                .filter_map(|rest| rest.split_once('"').map(|(v, _)| v.to_string())),
        );
        let module = dir
            .path()
            .join(format!("server_{}.py", name.replace('-', "_")));
        fs::write(&module, &code).unwrap();
        let class = if case.args.contains(&"--also-accept") {
            "MultiAuth"
        } else {
            &Catalog::builtin()
                .get(case.provider)
                .unwrap()
                .provider_class
        };
        modules.push((module, code, format!("{class} FastMCP {service}")));
    }
    // One Python process imports every module (importing FastMCP is the slow part).
    let probe = "import importlib.util, sys\n\
        for path in sys.argv[1:]:\n    \
            spec = importlib.util.spec_from_file_location('server', path)\n    \
            mod = importlib.util.module_from_spec(spec)\n    \
            spec.loader.exec_module(mod)\n    \
            print(type(mod.auth).__name__, type(mod.mcp).__name__, mod.mcp.name, flush=True)\n";
    let out = Command::new(&batch.python)
        .args(["-c", probe])
        .args(modules.iter().map(|(path, _, _)| path))
        .envs(
            vars.iter()
                .map(|v| (v.clone(), format!("dummy-{v}-0123456789abcdef"))),
        )
        .env("FASTMCP_HOME", dir.path().join("home"))
        .env("FASTMCP_ENABLE_RICH_LOGGING", "false")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    for (i, (path, code, expected)) in modules.iter().enumerate() {
        assert!(
            lines.get(i) == Some(&expected.as_str()),
            "importing {} did not build {expected}.\n--- code ---\n{code}\n--- stdout ---\n{stdout}\n--- stderr ---\n{}",
            path.display(),
            tail(&String::from_utf8_lossy(&out.stderr), 30)
        );
    }
}

/// Strings that would add code to a module built by pasting text between quotes.
const HOSTILE: [&str; 5] = [
    "x\"\"\"\nimport os; os.system('touch pwned')\n\"\"\"",
    "');__import__('os').system('touch pwned');('",
    "\\\"; open('pwned', 'w'); \"\\",
    "'''\nexec(\"open('pwned','w')\")\n'''",
    "\u{1b}]52;c;aGk=\u{7}\u{202e}\u{2028}",
];

/// One line of `tests/python/sandboxed_import.py` per module.
fn sandboxed_import(python: &Path, dir: &Path, modules: &[PathBuf], shape: bool) -> Vec<Value> {
    let mut cmd = Command::new(python);
    // -I: no user site, no PYTHON* variables, no script directory on sys.path;
    // -B: no bytecode written (the sandbox refuses file writes).
    cmd.args(["-I", "-B"])
        .arg(Path::new(MANIFEST_DIR).join("tests/python/sandboxed_import.py"));
    if !shape {
        cmd.arg("--no-shape");
    }
    let out = cmd
        .args(modules)
        .env("FASTMCP_HOME", dir.join("home"))
        .env("FASTMCP_ENABLE_RICH_LOGGING", "false")
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(
        lines.len(),
        modules.len(),
        "sandboxed_import.py reported {} of {} modules; stderr:\n{}",
        lines.len(),
        modules.len(),
        tail(&String::from_utf8_lossy(&out.stderr), 30)
    );
    lines
}

/// The Python export of configs full of quote-breaking, code-like and control strings,
/// written by the binary and by the library for configs made by hand: the module has the
/// expected shape (parsed with `ast`), and executed in a sandboxed interpreter it builds
/// the provider and the FastMCP server and does nothing else. Control modules prove that
/// the sandbox refuses what an injected statement would do.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn hostile_python_exports_build_only_the_provider() {
    let batch = batch();
    let dir = tempfile::tempdir().unwrap();
    // (module file, code, expected service)
    let mut modules: Vec<(PathBuf, String, String)> = Vec::new();

    // Through the binary: a token file whose tokens and client ids try to break out.
    let tokens: serde_json::Map<String, Value> = HOSTILE[1..4]
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let token: String = format!("tok{i}{text}").split_whitespace().collect();
            (token, json!({"client_id": text, "scopes": ["read"]}))
        })
        .collect();
    let tokens_file = dir.path().join("hostile-tokens.json");
    fs::write(&tokens_file, Value::Object(tokens).to_string()).unwrap();
    let out = Command::new(BIN)
        .args(["generate", "--provider", "static", "--set-file"])
        .arg(format!("tokens={}", tokens_file.display()))
        .args([
            "--embed-secrets",
            "--service",
            "svc-static",
            "--format",
            "python",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    modules.push((
        dir.path().join("cli_static.py"),
        String::from_utf8(out.stdout).unwrap(),
        "svc-static".into(),
    ));

    // Made by hand: every string of the config hostile, newlines and escapes included.
    let hostile_tokens: serde_json::Map<String, Value> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, text)| {
            (
                format!("{text}{i}"),
                json!({"client_id": text, "scopes": [text, "read'"]}),
            )
        })
        .collect();
    let static_config = json!({
        "provider_class": "StaticTokenVerifier",
        "import_path": "fastmcp.server.auth.providers.jwt",
        "config_params": {"tokens": hostile_tokens, "required_scopes": HOSTILE},
        "service": "svc-hand-static",
    });
    let bearer_config = json!({
        "provider_class": "JWTVerifier",
        "import_path": "fastmcp.server.auth.providers.jwt",
        "config_params": {
            "public_key": public_key_pem(),
            "issuer": HOSTILE[0],
            "audience": HOSTILE,
            "algorithm": "RS256",
            "required_scopes": ["it's", HOSTILE[2]],
        },
        "service": "svc-hand-bearer",
    });
    for (name, config) in [
        ("hand_static", static_config),
        ("hand_bearer", bearer_config),
    ] {
        let config: fastmcp_auth::core::FastMCPAuthConfig = serde_json::from_value(config).unwrap();
        let code = fastmcp_auth::export::render_python(
            &config,
            fastmcp_auth::export::SecretDisplay::Plain,
        )
        .unwrap();
        modules.push((
            dir.path().join(format!("{name}.py")),
            code,
            config.service.clone().unwrap(),
        ));
    }
    for (path, code, _) in &modules {
        fs::write(path, code).unwrap();
    }
    let paths: Vec<PathBuf> = modules.iter().map(|(p, _, _)| p.clone()).collect();
    let results = sandboxed_import(&batch.python, dir.path(), &paths, true);
    for ((path, code, service), result) in modules.iter().zip(&results) {
        assert!(
            result["ok"] == true
                && result["auth_is_provider"] == true
                && result["is_fastmcp"] == true
                && result["service"] == service.as_str()
                && result["refused"] == json!([]),
            "{}: {result:#}\n--- code ---\n{code}",
            path.display()
        );
        let class = result["class"].as_str().unwrap();
        let mut expected = vec!["FastMCP", "auth", "mcp", "os", class];
        expected.sort();
        assert_eq!(result["globals"], json!(expected), "{}", path.display());
    }
    assert!(!dir.path().join("pwned").exists());

    // The controls: what an injected statement would do is refused and reported.
    let controls = [
        "import os\nos.system('touch pwned')\n",
        "open('pwned', 'w').write('x')\n",
        "exec(\"open('pwned', 'w')\")\n",
        "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=1)\n",
        "import subprocess\nsubprocess.run(['touch', 'pwned'])\n",
    ];
    let control_paths: Vec<PathBuf> = controls
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let path = dir.path().join(format!("control_{i}.py"));
            fs::write(&path, code).unwrap();
            path
        })
        .collect();
    let results = sandboxed_import(&batch.python, dir.path(), &control_paths, false);
    for (code, result) in controls.iter().zip(&results) {
        assert!(
            result["ok"] == false && !result["refused"].as_array().unwrap().is_empty(),
            "the sandbox let this run: {code}\n{result:#}"
        );
    }
    assert!(!dir.path().join("pwned").exists());
}

/// The tool printed a config for `case`, FastMCP loaded it as the catalog's class, and every
/// `--env FIELD=VAR` became a `${VAR}` reference.
fn check_accepted(batch: &Batch, case: &Case) -> Result<(), String> {
    let args = case_args(case, batch).join(" ");
    let (json, loaded, signature_problems) = match &batch.outcomes[case.name] {
        Outcome::Refused(stderr) => {
            return Err(format!(
                "case {}: `fastmcp-auth {args}` failed:\n{stderr}",
                case.name
            ));
        }
        Outcome::Printed {
            json,
            loaded,
            signature_problems,
            ..
        } => (json, loaded, signature_problems),
    };
    if !signature_problems.is_empty() {
        return Err(format!(
            "case {}: the parameters do not fit the FastMCP constructor: {}\n{json}",
            case.name,
            signature_problems.join("; ")
        ));
    }
    let class = loaded.as_ref().map_err(|error| {
        format!(
            "case {}: FastMCP {FASTMCP_VERSION} rejected the output of `fastmcp-auth {args}`\n\
             generated config:\n{json}\nFastMCP error: {error}",
            case.name
        )
    })?;
    let config: Value = serde_json::from_str(json).map_err(|e| format!("{}: {e}", case.name))?;
    let spec = Catalog::builtin().get(case.provider).unwrap();
    let multi_auth = config["also_accept"]
        .as_array()
        .is_some_and(|extras| !extras.is_empty());
    let expected = if spec.custom {
        config["provider_class"].as_str().unwrap_or_default()
    } else if multi_auth {
        "MultiAuth"
    } else {
        &spec.provider_class
    };
    if class != expected {
        return Err(format!(
            "case {}: FastMCP built {class}, expected {expected}\n{json}",
            case.name
        ));
    }
    for pair in case.args.windows(2).filter(|w| w[0] == "--env") {
        let (field, var) = pair[1].split_once('=').unwrap();
        let reference = format!("${{{var}}}");
        if param_at(&config, field) != reference.as_str() {
            return Err(format!(
                "case {}: {field} should be the reference {reference}\n{json}",
                case.name
            ));
        }
    }
    Ok(())
}

/// The value of `field` as the CLI addresses it: `name`, a token verifier's
/// `token_verifier.name`, or an extra verifier's `also_accept.N.name`.
fn param_at<'a>(config: &'a Value, field: &str) -> &'a Value {
    let parts: Vec<&str> = field.split('.').collect();
    match parts[..] {
        ["also_accept", n, name] => {
            let index = n.parse::<usize>().unwrap() - 1;
            &config["also_accept"][index]["config_params"][name]
        }
        [verifier, name] => &config["verifier_params"][verifier]["config_params"][name],
        _ => &config["config_params"][field],
    }
}

/// FastMCP's error for a hand-written config it must refuse.
fn expect_rejected(batch: &Batch, name: &str, config: &Value) -> String {
    match &batch.outcomes[name] {
        Outcome::Printed {
            loaded: Err(error), ..
        } => error.clone(),
        Outcome::Printed {
            loaded: Ok(class), ..
        } => panic!(
            "{name}: FastMCP {FASTMCP_VERSION} accepted a config it should refuse (built \
             {class}):\n{config:#}"
        ),
        Outcome::Refused(e) => panic!("{name}: {e}"),
    }
}

// ---- the shared batch: generate everything, load it in one Python process --------------

enum Outcome {
    /// The tool exited non-zero (its stderr).
    Refused(String),
    /// A config (generated or hand-written) and what FastMCP made of it: class or error,
    /// the URLs its constructor fetched, and its parameters' disagreements with the
    /// constructor's signature (checked before constructing).
    Printed {
        json: String,
        loaded: Result<String, String>,
        fetched: Vec<String>,
        signature_problems: Vec<String>,
        /// For OAuth proxies: the client callbacks FastMCP's matcher allows
        /// (`REDIRECT_PROBES` in load_config.py).
        redirects_allowed: Vec<String>,
    },
}

struct Batch {
    python: PathBuf,
    /// Holds the PEM file and the configs for as long as the tests run.
    workdir: Option<tempfile::TempDir>,
    outcomes: HashMap<String, Outcome>,
    pem_file: PathBuf,
    tokens_file: PathBuf,
    discovery_url: String,
    /// Each catalog type's disagreements with its FastMCP constructor, or why they could
    /// not be read.
    signatures: Result<HashMap<String, Vec<String>>, String>,
}

/// The loaded batch, built once. Panics with the provisioning error in every test that
/// needs it.
fn batch() -> &'static Batch {
    static BATCH: OnceLock<Result<Batch, String>> = OnceLock::new();
    match BATCH.get_or_init(load_batch) {
        Ok(batch) => batch,
        Err(e) => panic!("{e}"),
    }
}

fn case_args(case: &Case, batch: &Batch) -> Vec<String> {
    let mut args = vec![
        "generate".to_string(),
        "--provider".into(),
        case.provider.into(),
    ];
    args.extend(case.args.iter().map(|a| substitute(a, batch)));
    args
}

/// `arg` with the batch's placeholders filled in.
fn substitute(arg: &str, batch: &Batch) -> String {
    arg.replace("{DISCOVERY_URL}", &batch.discovery_url)
        .replace("{PEM_FILE}", &batch.pem_file.to_string_lossy())
        .replace("{TOKENS_FILE}", &batch.tokens_file.to_string_lossy())
}

fn load_batch() -> Result<Batch, String> {
    let started = Instant::now();
    let python = provision_venv()?;
    let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temp dir: {e}"))?;
    let pem_file = dir.path().join("public.pem");
    fs::write(&pem_file, public_key_pem()).map_err(|e| e.to_string())?;
    let tokens_file = dir.path().join("dev-tokens.json");
    fs::write(&tokens_file, tokens_json()).map_err(|e| e.to_string())?;
    // The catalog check runs beside the loading below (both mostly import FastMCP).
    let signature_check = Command::new(&python)
        .arg(Path::new(MANIFEST_DIR).join("tests/python/check_signatures.py"))
        .arg(Path::new(MANIFEST_DIR).join("assets/providers.json"))
        .env("FASTMCP_ENABLE_RICH_LOGGING", "false")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let mut batch = Batch {
        python: python.clone(),
        workdir: None,
        outcomes: HashMap::new(),
        pem_file,
        tokens_file,
        discovery_url: serve_discovery_document()?,
        signatures: Err("not checked".into()),
    };

    // name → config file to load
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut write_config = |name: &str, json: &str| -> Result<(), String> {
        let path = dir.path().join(format!("{name}.json"));
        fs::write(&path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        files.push((name.to_string(), path));
        Ok(())
    };
    for case in cases().iter().chain(PROBES).chain(advanced_cases()) {
        let out = Command::new(BIN)
            .args(case_args(case, &batch))
            .output()
            .map_err(|e| format!("cannot run {BIN}: {e}"))?;
        let outcome = if out.status.success() {
            let json = String::from_utf8_lossy(&out.stdout).into_owned();
            write_config(case.name, &json)?;
            Outcome::Printed {
                json,
                loaded: Err("not loaded".into()),
                fetched: Vec::new(),
                signature_problems: Vec::new(),
                redirects_allowed: Vec::new(),
            }
        } else {
            Outcome::Refused(String::from_utf8_lossy(&out.stderr).into_owned())
        };
        batch.outcomes.insert(case.name.to_string(), outcome);
    }
    let hand_written = rejections()
        .into_iter()
        .map(|r| (r.name, r.config))
        .chain([(BARE_AUTHKIT, bare_authkit_config())]);
    for (name, config) in hand_written {
        let json = format!("{config:#}");
        write_config(name, &json)?;
        batch.outcomes.insert(
            name.to_string(),
            Outcome::Printed {
                json,
                loaded: Err("not loaded".into()),
                fetched: Vec::new(),
                signature_problems: Vec::new(),
                redirects_allowed: Vec::new(),
            },
        );
    }

    // Every ${VAR} a config refers to gets a dummy value (long enough for an HS256 secret).
    let mut vars = BTreeSet::new();
    for (_, path) in &files {
        let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
        vars.extend(env_references(&text));
    }
    let home = dir.path().join("fastmcp-home");
    let no_proxy = ["127.0.0.1", "localhost"]
        .into_iter()
        .chain(std::env::var("NO_PROXY").ok().as_deref())
        .collect::<Vec<_>>()
        .join(",");
    let script = Path::new(MANIFEST_DIR).join("tests/python/load_config.py");
    let out = Command::new(&python)
        .arg(&script)
        .args(files.iter().map(|(_, p)| p))
        .envs(
            vars.iter()
                .map(|v| (v.clone(), format!("dummy-{v}-0123456789abcdef"))),
        )
        .env("FASTMCP_HOME", &home)
        .env("FASTMCP_ENABLE_RICH_LOGGING", "false")
        .env("FASTMCP_AUTH_TEST_DISCOVERY_URL", &batch.discovery_url)
        .env("NO_PROXY", &no_proxy)
        .env("no_proxy", &no_proxy)
        .current_dir(dir.path())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut results: HashMap<String, Value> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(result) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let path = result["path"].as_str().unwrap_or_default().to_string();
        results.insert(path, result);
    }
    for (name, path) in &files {
        let Some(Outcome::Printed {
            loaded,
            fetched,
            signature_problems,
            redirects_allowed,
            ..
        }) = batch.outcomes.get_mut(name)
        else {
            continue;
        };
        let Some(result) = results.remove(&path.to_string_lossy().into_owned()) else {
            *loaded = Err(format!(
                "load_config.py reported nothing for this file (exit {}); its stderr ends:\n{}",
                out.status,
                tail(&stderr, 30)
            ));
            continue;
        };
        *loaded = if result["ok"] == true {
            Ok(result["class"].as_str().unwrap_or_default().to_string())
        } else {
            Err(result["error"].as_str().unwrap_or("?").to_string())
        };
        *fetched = strings(&result["fetched"]);
        *signature_problems = strings(&result["signature_problems"]);
        *redirects_allowed = strings(&result["redirects_allowed"]);
    }
    batch.signatures = read_signature_check(signature_check);
    let _ = writeln!(
        std::io::stderr(),
        "fastmcp_compat: {} configs loaded in FastMCP {FASTMCP_VERSION} in {:.1?}",
        files.len(),
        started.elapsed()
    );
    batch.workdir = Some(dir);
    Ok(batch)
}

/// A JSON list of strings (anything else: empty).
fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `check_signatures.py`'s verdicts by catalog type.
fn read_signature_check(
    child: std::process::Child,
) -> Result<HashMap<String, Vec<String>>, String> {
    let out = child
        .wait_with_output()
        .map_err(|e| format!("check_signatures.py: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "check_signatures.py failed ({}):\n{}",
            out.status,
            tail(&String::from_utf8_lossy(&out.stderr), 30)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .map(|v| {
            let type_name = v["type"].as_str().unwrap_or_default().to_string();
            (type_name, strings(&v["problems"]))
        })
        .collect())
}
