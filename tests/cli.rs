//! The command line, driven as a user would: the real binary, its stdout, stderr and
//! exit status.

mod common;

use assert_cmd::Command;
use common::cli::{Outcome, clean_command, run};
use serde_json::{Value, json};

const SECRET: &str = "GOCSPX-do-not-leak-0123456789";

fn bin() -> Command {
    clean_command(None)
}

fn generate(args: &[&str]) -> Outcome {
    run(bin().arg("generate").args(args))
}

fn json(out: &Outcome) -> Value {
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn generate_google_with_env_references() {
    let out = run(bin()
        .env("GOOGLE_CLIENT_SECRET", SECRET)
        .args(["generate", "--provider", "google", "--service", "docs"])
        .args([
            "--env",
            "client_id=GOOGLE_CLIENT_ID",
            "--env",
            "client_secret=GOOGLE_CLIENT_SECRET",
        ])
        .args(["--set", "base_url=https://mcp.example.com"]));
    assert_eq!(
        json(&out),
        json!({
            "provider_class": "GoogleProvider",
            "import_path": "fastmcp.server.auth.providers.google",
            "config_params": {
                "client_id": "${GOOGLE_CLIENT_ID}",
                "client_secret": "${GOOGLE_CLIENT_SECRET}",
                "base_url": "https://mcp.example.com",
                "allowed_client_redirect_uris": ["http://localhost:*", "http://127.0.0.1:*"],
                "require_authorization_consent": true,
                "required_scopes": ["openid", "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/userinfo.profile"]
            },
            "provider_type": "google",
            "fastmcp_version": fastmcp_auth::core::compat::default_target().to_string(),
            "service": "docs"
        })
    );
    // Unset variable: a warning, not a failure; the set one is not mentioned.
    assert!(
        out.stderr
            .contains("client_id refers to ${GOOGLE_CLIENT_ID}, which is not set"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("GOOGLE_CLIENT_SECRET}, which"),
        "{}",
        out.stderr
    );
    assert!(!out.stdout.contains(SECRET) && !out.stderr.contains(SECRET));
}

#[test]
fn generate_each_seed_type() {
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "--provider",
                "bearer",
                "--set",
                "jwks_uri=https://a.example.com/jwks.json",
                "--set",
                "audience=svc",
            ],
            "JWTVerifier",
        ),
        (
            &[
                "--provider",
                "google",
                "--set",
                "client_id=x",
                "--env",
                "client_secret=S",
                "--set",
                "base_url=https://m.example.com",
            ],
            "GoogleProvider",
        ),
        (
            &[
                "--provider",
                "github",
                "--set",
                "client_id=x",
                "--env",
                "client_secret=S",
                "--set",
                "base_url=https://m.example.com",
            ],
            "GitHubProvider",
        ),
        (
            &[
                "--provider",
                "workos",
                "--set",
                "authkit_domain=acme.authkit.app",
                "--set",
                "base_url=https://m.example.com",
            ],
            "AuthKitProvider",
        ),
        (
            &[
                "--provider",
                "oauth",
                "--set",
                "config_url=https://i.example.com/.well-known/openid-configuration",
                "--set",
                "client_id=x",
                "--env",
                "client_secret=S",
                "--set",
                "base_url=https://m.example.com",
            ],
            "OIDCProxy",
        ),
        (
            &[
                "--provider",
                "custom",
                "--set",
                "import_path=my_pkg.auth",
                "--set",
                "provider_class=MyVerifier",
                "--set",
                "realm=acme",
            ],
            "MyVerifier",
        ),
    ];
    for (args, class) in cases {
        let value = json(&generate(args));
        assert_eq!(value["provider_class"], class, "{args:?}");
    }
}

#[test]
fn scopes_and_lists() {
    let value = json(&generate(&[
        "--provider",
        "github",
        "--set",
        "client_id=x",
        "--env",
        "client_secret=S",
        "--set",
        "base_url=https://m.example.com",
        "--scope",
        "repo",
        "--scope",
        "read:org",
        "--scope",
        "repo",
    ]));
    assert_eq!(
        value["config_params"]["required_scopes"],
        json!(["repo", "read:org"])
    );
    let value = json(&generate(&[
        "--provider",
        "bearer",
        "--set",
        "jwks_uri=https://a.example.com/jwks.json",
        "--set-json",
        r#"audience=["a","b"]"#,
    ]));
    assert_eq!(value["config_params"]["audience"], json!(["a", "b"]));
    let out = generate(&[
        "--provider",
        "bearer",
        "--set",
        "jwks_uri=https://a.example.com/j",
        "--scope",
        "read \"write",
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("printable ASCII"), "{}", out.stderr);
}

#[test]
fn secret_on_the_command_line_is_refused_without_echo() {
    let out = generate(&[
        "--provider",
        "google",
        "--set",
        "client_id=x",
        "--set",
        &format!("client_secret={SECRET}"),
        "--set",
        "base_url=https://m.example.com",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("client_secret is a secret"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("--env client_secret=GOOGLE_CLIENT_SECRET"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(SECRET) && out.stdout.is_empty());
    // The same through --set-json, and an HS256 shared key through --set.
    let out = generate(&[
        "--provider",
        "github",
        "--set-json",
        &format!("client_secret=\"{SECRET}\""),
    ]);
    assert_eq!(out.code, 2);
    assert!(!out.stderr.contains(SECRET));
    let out = generate(&[
        "--provider",
        "bearer",
        "--set",
        "algorithm=HS256",
        "--set",
        &format!("public_key={SECRET}"),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("public_key is a secret") && !out.stderr.contains(SECRET));
    // A malformed flag does not echo its text either.
    let out = generate(&["--provider", "github", "--set", SECRET]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--set takes FIELD=VALUE") && !out.stderr.contains(SECRET));
}

#[test]
fn secret_from_file_needs_embed_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.txt");
    std::fs::write(&path, format!("{SECRET}\n")).unwrap();
    let file_arg = format!("client_secret={}", path.display());
    let base = [
        "--provider",
        "github",
        "--set",
        "client_id=x",
        "--set",
        "base_url=https://m.example.com",
        "--set-file",
        &file_arg,
    ];
    let out = generate(&base);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--embed-secrets") && !out.stderr.contains(SECRET));
    let mut args = base.to_vec();
    args.push("--embed-secrets");
    let out = generate(&args);
    assert_eq!(json(&out)["config_params"]["client_secret"], SECRET);
    assert!(out.stderr.contains("--embed-secrets") && !out.stderr.contains(SECRET));
}

#[test]
fn invalid_configuration_exits_1_naming_field_and_example() {
    let out = generate(&[
        "--provider",
        "google",
        "--set",
        "client_id=x",
        "--env",
        "client_secret=S",
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr.trim(),
        "error: google: missing required field 'base_url' (example: base_url=https://mcp.example.com)\n\
         hint: --set base_url=https://mcp.example.com"
    );
    let out = generate(&[
        "--provider",
        "workos",
        "--set",
        "authkit_domain=a.authkit.app",
        "--set",
        "base_url=mcp.example.com",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("base_url: 'mcp.example.com' is not an absolute URL"),
        "{}",
        out.stderr
    );
    let out = generate(&[
        "--provider",
        "bearer",
        "--set",
        "jwks_uri=https://a.example.com/j",
        "--set",
        "algorithm=HS256",
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("HS256"), "{}", out.stderr);
    let out = generate(&["--provider", "google", "--set", "clientid=x"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("'clientid' is not a parameter of GoogleProvider"),
        "{}",
        out.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = generate(&["--provider", "anything-unknown"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("unknown provider type 'anything-unknown'")
            && out.stderr.contains("--provider google")
    );
    let out = generate(&["--provider", "google", "--env", "client_secret=not-a-var!"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not a valid environment variable name"),
        "{}",
        out.stderr
    );
    let out = generate(&[
        "--provider",
        "google",
        "--set",
        "client_id=a",
        "--env",
        "client_id=B",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("client_id is given twice"),
        "{}",
        out.stderr
    );
    let out = generate(&["--provider", "bearer", "--set-json", "audience=[oops"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--set-json audience: not valid JSON"),
        "{}",
        out.stderr
    );
    let out = run(bin().args(["generate"]));
    assert_eq!(out.code, 2);
    let out = run(bin().args([
        "generate",
        "--provider",
        "bearer",
        "--set-file",
        "public_key=/nonexistent/x.pem",
    ]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot read '/nonexistent/x.pem'"),
        "{}",
        out.stderr
    );
}

#[test]
fn public_key_from_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("public.pem");
    let pem = include_str!("keys/rsa2048.pem").trim_end();
    std::fs::write(&path, format!("{pem}\n")).unwrap();
    let value = json(&generate(&[
        "--provider",
        "bearer",
        "--set-file",
        &format!("public_key={}", path.display()),
    ]));
    assert_eq!(value["config_params"]["public_key"], pem);
    assert_eq!(value["config_params"]["algorithm"], "RS256");
}

#[test]
fn providers_lists_types_classes_and_required_fields() {
    let out = run(bin().arg("providers"));
    assert_eq!(out.code, 0);
    for needle in [
        "bearer",
        "JWTVerifier from fastmcp.server.auth.providers.jwt",
        "OIDCProxy",
        "* client_secret",
        "FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_ID",
        "default scopes: read:user user:email",
    ] {
        assert!(out.stdout.contains(needle), "missing {needle:?}");
    }
    let out = run(bin().args(["providers", "github", "--json"]));
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(value[0]["provider_class"], "GitHubProvider");
    let out = run(bin().args(["providers", "nope"]));
    assert_eq!(out.code, 2);
}

#[test]
fn token_prints_the_payload() {
    let out = run(bin()
        .args([
            "token",
            "--client-id",
            "user123",
            "--scope",
            "read",
            "--scope",
            "write",
        ])
        .args([
            "--claim",
            "role=admin",
            "--claim",
            "tenant=\"42\"",
            "--claim",
            "n=5",
            "--expires-in",
            "60",
        ]));
    let value = json(&out);
    assert_eq!(value["sub"], "user123");
    assert_eq!(value["client_id"], "user123");
    assert_eq!(value["scope"], "read write");
    assert_eq!(value["scopes"], json!(["read", "write"]));
    assert_eq!(
        value["exp"].as_u64().unwrap() - value["iat"].as_u64().unwrap(),
        60
    );
    assert_eq!(value["role"], "admin");
    assert_eq!(value["tenant"], "42");
    assert_eq!(value["n"], 5);
    let out = run(bin().args(["token", "--client-id", "u", "--claim", "scope=x"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("'scope' is computed"), "{}", out.stderr);
}

#[test]
fn help_mentions_no_secret_from_the_environment() {
    let out = run(bin()
        .env("GOOGLE_CLIENT_SECRET", SECRET)
        .args(["generate", "--help"]));
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("--env <FIELD=VAR>"));
    assert!(!out.stdout.contains(SECRET));
}

#[test]
fn static_tokens_point_to_a_file_not_a_variable() {
    let out = generate(&[
        "--provider",
        "static",
        "--set-json",
        r#"tokens={"dev-token-abcdef123456": {"client_id": "alice", "scopes": []}}"#,
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--set-file tokens=dev-tokens.json --embed-secrets"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("dev-token-abcdef"), "{}", out.stderr);
}

/// The library's message carries no flag; the command line adds its own hint line.
#[test]
fn invalid_configs_get_the_command_lines_own_hint() {
    let out = generate(&[
        "--provider",
        "azure",
        "--set",
        "client_id=app",
        "--env",
        "client_secret=AZURE_CLIENT_SECRET",
        "--set",
        "tenant_id=organizations",
        "--set",
        "base_url=https://mcp.example.com",
        "--scope",
        "openid",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines[0].starts_with("error: azure: needs at least one required scope")
            && !lines[0].contains("--"),
        "{}",
        out.stderr
    );
    assert!(lines[1].starts_with("hint: --scope"), "{}", out.stderr);

    let out = generate(&[
        "--provider",
        "bearer",
        "--set",
        "jwks_uri=jwks.json",
        "--set",
        "issuer=https://auth.example.com",
        "--set",
        "audience=api",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("not an absolute URL") && !out.stderr.contains("relative URL"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("hint: --set jwks_uri=https://"),
        "{}",
        out.stderr
    );
}

#[test]
fn token_errors_get_token_flags_as_hints() {
    let out = run(bin().args(["token", "--client-id", "u", "--claim", "exp=5"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines[0].contains("'exp'") && !lines[0].contains("--"),
        "{}",
        out.stderr
    );
    assert_eq!(lines[1], "hint: --expires-in 3600", "{}", out.stderr);
}

#[test]
fn an_embedded_secret_warning_names_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.json");
    let file = json!({
        "provider_class": "GitHubProvider",
        "import_path": "fastmcp.server.auth.providers.github",
        "config_params": {
            "client_id": "Iv1.abc",
            "client_secret": "literal-value-0123",
            "base_url": "https://mcp.example.com",
            "allowed_client_redirect_uris": ["http://localhost:*"]
        },
        "provider_type": "github"
    });
    std::fs::write(&path, file.to_string()).unwrap();
    let out = run(bin().arg("validate").arg(&path));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("client_secret: the file holds the secret's value itself"))
        .unwrap_or_else(|| panic!("{}", out.stderr));
    assert!(!lines[at].contains("--"), "{}", out.stderr);
    assert_eq!(
        lines[at + 1],
        "hint: --env client_secret=VAR refers to a variable instead"
    );
    assert!(!out.stderr.contains("literal-value"), "{}", out.stderr);
}

const PROXY: &[&str] = &[
    "--provider",
    "oauth-proxy",
    "--set",
    "upstream_authorization_endpoint=https://auth.example.com/oauth/authorize",
    "--set",
    "upstream_token_endpoint=https://auth.example.com/oauth/token",
    "--set",
    "upstream_client_id=mcp-app",
    "--env",
    "upstream_client_secret=UPSTREAM_CLIENT_SECRET",
    "--set",
    "base_url=https://mcp.example.com",
];

#[test]
fn token_verifier_and_extra_verifiers_from_flags() {
    let mut args = PROXY.to_vec();
    args.extend([
        "--token-verifier",
        "introspection",
        "--set",
        "token_verifier.introspection_url=https://auth.example.com/introspect",
        "--set",
        "token_verifier.client_id=rs",
        "--env",
        "token_verifier.client_secret=INTROSPECTION_SECRET",
        "--scope",
        "read",
        "--also-accept",
        "bearer",
        "--set",
        "also_accept.1.jwks_uri=https://ci.example.com/jwks.json",
        "--set",
        "also_accept.1.issuer=https://ci.example.com",
        "--set",
        "also_accept.1.required_scopes=deploy,read",
    ]);
    let config = json(&generate(&args));
    let nested = &config["verifier_params"]["token_verifier"];
    assert_eq!(nested["provider_class"], "IntrospectionTokenVerifier");
    assert_eq!(
        nested["config_params"]["client_secret"],
        "${INTROSPECTION_SECRET}"
    );
    assert_eq!(nested["config_params"]["required_scopes"], json!(["read"]));
    assert!(config["config_params"].get("required_scopes").is_none());
    let extra = &config["also_accept"][0];
    assert_eq!(extra["provider_class"], "JWTVerifier");
    assert_eq!(
        extra["config_params"]["required_scopes"],
        json!(["deploy", "read"])
    );
}

#[test]
fn composite_flag_mistakes_are_usage_errors_naming_the_flag() {
    let google = [
        "--provider",
        "google",
        "--env",
        "client_id=G",
        "--env",
        "client_secret=S",
        "--set",
        "base_url=https://mcp.example.com",
    ];
    let secret_flag = format!("token_verifier.client_secret={SECRET}");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            [&google[..], &["--token-verifier", "bearer"]].concat(),
            "--token-verifier: google takes no token verifier; providers that do: oauth-proxy, remote-auth",
        ),
        (
            [&google[..], &["--also-accept", "github"]].concat(),
            "--also-accept: 'github' is not a token verifier type; expected one of bearer,",
        ),
        (
            [
                &google[..],
                &["--also-accept", "bearer", "--set", "also_accept.2.issuer=x"],
            ]
            .concat(),
            "also_accept.2.issuer: an extra verifier's field is also_accept.N.FIELD, N from 1 to the number of --also-accept flags (1)",
        ),
        (
            [PROXY, &["--set", "token_verifier.issuer=x"]].concat(),
            "token_verifier.issuer: choose the verifier's type first (example: --token-verifier bearer",
        ),
        (
            [
                PROXY,
                &["--token-verifier", "introspection", "--set", &secret_flag],
            ]
            .concat(),
            "token_verifier.client_secret is a secret and cannot be given with --set",
        ),
    ];
    for (args, expected) in cases {
        let out = generate(&args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains(SECRET), "{}", out.stderr);
    }
}

#[test]
fn multi_auth_env_v2_is_refused_and_python_builds_it() {
    let mut args = vec![
        "--provider",
        "bearer",
        "--set",
        "jwks_uri=https://a.example.com/jwks.json",
        "--also-accept",
        "github-token",
    ];
    let out = generate(&[&args[..], &["--format", "env-v2"]].concat());
    assert_eq!(out.code, 1, "{}", out.stderr);
    // env-v2 is FastMCP 2.x's format, and MultiAuth first appears in 3.1.0.
    assert!(
        out.stderr
            .contains("(MultiAuth) first appears in FastMCP 3.1.0")
            && out.stderr.contains("the target is FastMCP 2."),
        "{}",
        out.stderr
    );
    // The hint leads away from env-v2 rather than to a release env-v2 cannot target.
    assert!(
        out.stderr.contains(
            "hint: --fastmcp 3.1.0 with --format json, python or env (env-v2 is 2.x only)"
        ),
        "{}",
        out.stderr
    );
    args.extend(["--format", "python"]);
    let out = generate(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("verifiers=[\n        GitHubTokenVerifier(\n"),
        "{}",
        out.stdout
    );
}
