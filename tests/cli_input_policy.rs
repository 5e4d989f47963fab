//! Input policy at the command line, each test written as the attack it stops: a secret
//! given where a variable's name belongs, whitespace that slips a secret past the argv
//! rule, secret names the custom provider missed, user info in URLs, scopes outside RFC
//! 6749, JSON numbers that round, and unsafe signing inputs. Every refusal names the flag
//! or field and never repeats the secret.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;

use common::cli::{Outcome, clean_command, run};
use rsa::RsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};

fn fastmcp_auth(args: &[&str]) -> Outcome {
    run(clean_command(None).args(args))
}

fn generate(args: &[&str]) -> Outcome {
    run(clean_command(None).arg("generate").args(args))
}

/// Fails unless `out` is a refusal (exit 2 or 1) whose message has every `expected` text
/// and no `secret`.
fn assert_refused(out: &Outcome, expected: &[&str], secret: &str) {
    assert!(out.code == 1 || out.code == 2, "accepted: {}", out.stdout);
    for text in expected {
        assert!(
            out.stderr.contains(text),
            "{text:?} missing: {}",
            out.stderr
        );
    }
    assert!(
        !out.stderr.contains(secret) && !out.stdout.contains(secret),
        "the secret was echoed: {}{}",
        out.stdout,
        out.stderr
    );
}

const GOOGLE: [&str; 6] = [
    "--provider",
    "google",
    "--set",
    "client_id=123.apps.googleusercontent.com",
    "--set",
    "base_url=https://mcp.example.com",
];

/// Credentials of the shapes services issue, each a valid POSIX variable name or not.
const CREDENTIALS: [&str; 9] = [
    "gho_16C7e42F292c6912E7710c838347Ae178B4a",
    "ghp_R2d2C3p0xWing9TieFighter4Falcon7Luke1",
    "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOP0123456789",
    "GOCSPX-1a2B3c4D5e6F7g8H9i0JkLmNoP",
    "sk_live_51HqLyjWDarjtT1zdp7dcXeyJhbGciOiJIUzI1",
    "AKIAIOSFODNN7EXAMPLE",
    "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXRoZXJl",
    "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5",
];

#[test]
fn a_credential_given_as_a_variable_name_is_refused_without_echo() {
    for credential in CREDENTIALS {
        let assignment = format!("client_secret={credential}");
        let out = generate(&[&GOOGLE[..], &["--env", &assignment]].concat());
        assert_eq!(out.code, 2, "{credential}: {}{}", out.stdout, out.stderr);
        assert_refused(
            &out,
            &[
                "--env client_secret",
                "example: --env client_secret=GOOGLE_CLIENT_SECRET",
            ],
            credential,
        );
    }
    // Not a name at all: refused the same way, without repeating it.
    let out = generate(&[&GOOGLE[..], &["--env", "client_secret=s3cr3t!value"]].concat());
    assert_refused(
        &out,
        &["not a valid environment variable name"],
        "s3cr3t!value",
    );
    // Conventional names are still names.
    for name in [
        "GOOGLE_CLIENT_SECRET",
        "FASTMCP_JWT_SIGNING_KEY",
        "MY_SERVICE_CLIENT_SECRET_2",
        "googleClientSecret",
    ] {
        let assignment = format!("client_secret={name}");
        let out = generate(&[&GOOGLE[..], &["--env", &assignment]].concat());
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert!(
            out.stdout.contains(&format!("${{{name}}}")),
            "{}",
            out.stdout
        );
    }
}

/// `--set 'algorithm= HS256'` used to make `public_key` a non-secret for the argv check
/// while the core, which trims, generated an HS256 config holding the shared secret.
#[test]
fn whitespace_or_case_in_a_controlling_value_does_not_bypass_the_argv_rule() {
    const SHARED: &str = "argv-shared-secret-0123456789abcdefghij";
    for algorithm in [
        " HS256",
        "HS256 ",
        "\tHS256",
        "hs256",
        "\u{a0}HS384",
        " hs512\n",
    ] {
        let algorithm_arg = format!("algorithm={algorithm}");
        let key_arg = format!("public_key={SHARED}");
        let out = generate(&[
            "--provider",
            "bearer",
            "--set",
            &algorithm_arg,
            "--set",
            &key_arg,
        ]);
        assert_eq!(out.code, 2, "{algorithm:?}: {}", out.stdout);
        assert_refused(
            &out,
            &["public_key is a secret and cannot be given with --set"],
            SHARED,
        );
    }
}

/// Names the old substring list missed, for a custom provider: refused on argv.
#[test]
fn custom_secret_names_are_recognised_by_words() {
    const VALUE: &str = "custom-secret-value-0123456789";
    for name in [
        "apikey",
        "api_key",
        "apiKey",
        "APIKey",
        "passwd",
        "credentials",
        "access_key",
        "client_key",
        "private_key",
        "token",
        "authToken",
        "x_api_key",
    ] {
        let assignment = format!("{name}={VALUE}");
        let out = generate(&[
            "--provider",
            "custom",
            "--set",
            "import_path=my_pkg.auth",
            "--set",
            "provider_class=MyVerifier",
            "--set",
            &assignment,
        ]);
        assert_eq!(out.code, 2, "{name}: {}", out.stdout);
        assert_refused(&out, &[&format!("{name} is a secret")], VALUE);
    }
    // Names that describe a secret without holding it stay plain values.
    let out = generate(&[
        "--provider",
        "custom",
        "--set",
        "import_path=my_pkg.auth",
        "--set",
        "provider_class=MyVerifier",
        "--set",
        "token_endpoint=https://auth.example.com/token",
        "--set",
        "public_key_url=https://auth.example.com/key",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// `show` masks an embedded custom secret found by words (`apikey` was shown in clear).
#[test]
fn show_masks_custom_secrets_found_by_words() {
    const VALUE: &str = "embedded-apikey-value-0123456789";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("custom.json");
    let document = serde_json::json!({
        "provider_class": "MyVerifier",
        "import_path": "my_pkg.auth",
        "provider_type": "custom",
        "config_params": {"apikey": VALUE, "passwd": VALUE, "realm": "acme"},
    });
    fs::write(&path, document.to_string()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    for format in ["json", "python"] {
        let out = fastmcp_auth(&["show", path.to_str().unwrap(), "--format", format]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            !out.stdout.contains(VALUE),
            "shown in clear: {}",
            out.stdout
        );
        assert!(out.stdout.contains("********6789"), "{}", out.stdout);
        assert!(out.stdout.contains("acme"), "{}", out.stdout);
    }
}

/// A file that saved a token as `${gho_…}` (what `--env` used to accept): the "reference"
/// is read as the embedded secret it is, masked by `show` and pointed out.
#[test]
fn show_treats_a_credential_shaped_reference_as_an_embedded_secret() {
    let token = CREDENTIALS[0];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("google.json");
    let document = serde_json::json!({
        "provider_class": "GoogleProvider",
        "import_path": "fastmcp.server.auth.providers.google",
        "provider_type": "google",
        "config_params": {
            "client_id": "123.apps.googleusercontent.com",
            "client_secret": format!("${{{token}}}"),
            "base_url": "https://mcp.example.com",
        },
    });
    fs::write(&path, document.to_string()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let out = fastmcp_auth(&["show", path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("client_secret: the file holds the secret's value itself"),
        "{}",
        out.stderr
    );
    let body = &token[4..];
    assert!(
        !out.stdout.contains(body) && !out.stderr.contains(body),
        "the token was shown: {}{}",
        out.stdout,
        out.stderr
    );
}

#[test]
fn urls_with_user_info_are_refused_without_the_password() {
    for url in [
        "https://admin:Pw0rd-Sesame@mcp.example.com",
        "https:admin:Pw0rd-Sesame@mcp.example.com",
        "https://admin:Pw0rd-Sesame@mcp.example.com:8443/mcp",
    ] {
        let base = format!("base_url={url}");
        let out = generate(&[
            "--provider",
            "google",
            "--set",
            "client_id=x.apps",
            "--env",
            "client_secret=GOOGLE_CLIENT_SECRET",
            "--set",
            &base,
        ]);
        // `https:user:pw@host` is refused for its missing `//` first; either way the
        // password is not shown.
        let expected: &[&str] = if url.contains("://") {
            &["base_url:", "user name or password"]
        } else {
            &["base_url:", "the URL is not an absolute URL"]
        };
        assert_refused(&out, expected, "Pw0rd");
    }
}

#[test]
fn urls_are_written_normalised_never_as_typed() {
    let run_with = |url: &str| {
        let base = format!("base_url={url}");
        generate(&[
            "--provider",
            "google",
            "--set",
            "client_id=x.apps",
            "--env",
            "client_secret=GOOGLE_CLIENT_SECRET",
            "--set",
            &base,
        ])
    };
    for bad in [
        "https:mcp.example.com",
        "https:/mcp.example.com",
        "https:\\\\mcp.example.com",
        "https://mcp.example.com:0",
    ] {
        let out = run_with(bad);
        assert_eq!(out.code, 1, "{bad}: {}", out.stdout);
        assert!(
            out.stderr.contains("example: base_url=https://"),
            "{}",
            out.stderr
        );
    }
    let out = run_with("HTTPS://MCP.Example.com:443/Path");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("\"base_url\": \"https://mcp.example.com/Path\""),
        "{}",
        out.stdout
    );
}

#[test]
fn scopes_outside_the_rfc_6749_grammar_are_refused() {
    for scope in ["a\"b", "a\\b", "caf\u{e9}", "read\u{1b}[2J"] {
        let out =
            generate(&[&GOOGLE[..], &["--env", "client_secret=X", "--scope", scope]].concat());
        assert_eq!(out.code, 1, "{scope:?}: {}", out.stdout);
        assert!(out.stderr.contains("RFC 6749"), "{}", out.stderr);
        assert!(
            !out.stderr.contains('\u{1b}'),
            "raw escape in: {:?}",
            out.stderr
        );
    }
    let out = fastmcp_auth(&["token", "--client-id", "dev", "--scope", "a\"b"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("RFC 6749"), "{}", out.stderr);
}

#[test]
fn json_numbers_that_would_round_are_refused() {
    for number in [
        "1e400",
        "9007199254740993.0",
        "18446744073709551616",
        "1e-400",
    ] {
        let assignment = format!("audience={number}");
        let out = generate(&[
            "--provider",
            "bearer",
            "--set",
            "jwks_uri=https://auth.example.com/jwks.json",
            "--set-json",
            &assignment,
        ]);
        assert_eq!(out.code, 2, "{number}: {}", out.stdout);
        assert!(
            out.stderr.contains(
                "--set-json audience: the number at character 1 cannot be stored exactly"
            ),
            "{}",
            out.stderr
        );
        let claim = format!("n={number}");
        let out = fastmcp_auth(&["token", "--client-id", "dev", "--claim", &claim]);
        assert_eq!(out.code, 2, "{number}: {}", out.stdout);
        assert!(out.stderr.contains("--claim n:"), "{}", out.stderr);
    }
    let out = fastmcp_auth(&[
        "token",
        "--client-id",
        "dev",
        "--claim",
        "n=9007199254740992.0",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

fn write_key(dir: &std::path::Path, bits: usize, mode: u32) -> std::path::PathBuf {
    let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, bits).unwrap();
    let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap();
    let path = dir.join(format!("private-{bits}.pem"));
    fs::write(&path, pem.as_bytes()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    path
}

#[test]
fn token_refuses_rsa_keys_under_2048_bits() {
    let dir = tempfile::tempdir().unwrap();
    let weak = write_key(dir.path(), 1024, 0o600);
    let out = fastmcp_auth(&[
        "token",
        "--client-id",
        "dev",
        "--sign-key",
        weak.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2, "signed with a 1024-bit key: {}", out.stdout);
    assert!(
        out.stderr.contains("--sign-key")
            && out.stderr.contains("1024 bits")
            && out.stderr.contains("at least 2048"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("PRIVATE KEY-----\n"), "{}", out.stderr);
}

#[test]
fn token_warns_about_a_private_key_others_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let key = write_key(dir.path(), 2048, 0o644);
    let path = key.to_str().unwrap();
    let out = fastmcp_auth(&["token", "--client-id", "dev", "--sign-key", path]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("readable by other users (mode 0644)")
            && out.stderr.contains("chmod 600"),
        "{}",
        out.stderr
    );
    fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    let out = fastmcp_auth(&["token", "--client-id", "dev", "--sign-key", path]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("readable"), "{}", out.stderr);
}

#[test]
fn token_refuses_an_expiry_past_what_jwt_libraries_accept() {
    for huge in ["253402300799", "18446744073709551615"] {
        let out = fastmcp_auth(&["token", "--client-id", "dev", "--expires-in", huge]);
        assert_eq!(out.code, 2, "{huge}: {}", out.stdout);
        assert!(
            out.stderr.contains("--expires-in: too long")
                && out.stderr.contains("--expires-in 3600"),
            "{}",
            out.stderr
        );
    }
    // A lifetime of years is still fine.
    let out = fastmcp_auth(&["token", "--client-id", "dev", "--expires-in", "315360000"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}
