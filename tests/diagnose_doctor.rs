//! `doctor` against loopback identity providers that are right, absent, silent (timeout),
//! serving a mismatched issuer, an empty JWKS, keys of the wrong type, or a redirect: each
//! gives its expected line and exit status. Also: unset variables, the redirect URI to
//! register, and `--fastmcp` constructing the provider in the test venv.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::cli::{Outcome, clean_command, run};
use common::http::{Answer, Server, closed, silent};
use common::python::{FASTMCP_VERSION, fastmcp_python};
use fastmcp_auth::devkeys::DevKeyPair;
use serde_json::{Value, json};

const REALM_PATH: &str = "/realms/demo";

fn write_config(dir: &Path, name: &str, config: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(config).unwrap()).unwrap();
    path.display().to_string()
}

fn keycloak(realm_url: &str) -> Value {
    json!({
        "provider_class": "KeycloakAuthProvider",
        "import_path": "fastmcp.server.auth.providers.keycloak",
        "config_params": {"realm_url": realm_url, "base_url": "https://mcp.example.com",
                          "required_scopes": ["openid", "mcp:read"]},
        "provider_type": "keycloak",
    })
}

fn discovery(issuer: &str) -> String {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/protocol/openid-connect/auth"),
        "token_endpoint": format!("{issuer}/protocol/openid-connect/token"),
        "jwks_uri": format!("{issuer}/protocol/openid-connect/certs"),
        "scopes_supported": ["openid", "profile", "mcp:read"],
    })
    .to_string()
}

fn rsa_jwks() -> String {
    use std::sync::OnceLock;
    static JWKS: OnceLock<String> = OnceLock::new();
    JWKS.get_or_init(|| DevKeyPair::generate().unwrap().jwks_json())
        .clone()
}

/// A Keycloak realm on loopback: discovery and JWKS as given.
fn realm(discovery_body: Option<String>, jwks: Answer) -> (Server, String) {
    let server = Server::start();
    let realm_url = server.url(REALM_PATH);
    let body = discovery_body.unwrap_or_else(|| discovery(&realm_url));
    server.route(
        &format!("{REALM_PATH}/.well-known/openid-configuration"),
        Answer::json(body),
    );
    server.route(&format!("{REALM_PATH}/protocol/openid-connect/certs"), jwks);
    (server, realm_url)
}

fn doctor(dir: &Path, config: &str, extra: &[&str], envs: &[(&str, &str)]) -> Outcome {
    let mut cmd = clean_command(None);
    cmd.current_dir(dir)
        .env("NO_PROXY", "127.0.0.1")
        .args(["doctor", config, "--timeout", "0.5"])
        .args(extra);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

fn line<'a>(outcome: &'a Outcome, status: &str, check: &str) -> &'a str {
    outcome
        .stdout
        .lines()
        .find(|l| {
            let mut words = l.split_whitespace();
            words.next() == Some(status) && words.next() == Some(check)
        })
        .unwrap_or_else(|| {
            panic!(
                "no `{status} {check}` line in:\n{}{}",
                outcome.stdout, outcome.stderr
            )
        })
}

#[test]
fn a_realm_that_is_right_passes_every_check() {
    let tmp = tempfile::tempdir().unwrap();
    let (server, realm_url) = realm(None, Answer::json(rsa_jwks()));
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    line(&outcome, "ok", "config");
    line(&outcome, "ok", "discovery");
    assert!(line(&outcome, "ok", "issuer").contains(&realm_url));
    line(&outcome, "ok", "endpoints");
    assert!(line(&outcome, "ok", "scopes").contains("mcp:read"));
    assert!(line(&outcome, "ok", "jwks").contains("1 RSA key(s)"));
    assert_eq!(server.requests.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[test]
fn an_absent_server_is_a_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let realm_url = format!("{}{REALM_PATH}", closed());
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(line(&outcome, "problem", "discovery").contains("cannot connect"));
    line(&outcome, "problem", "jwks");
}

#[test]
fn a_server_that_never_answers_times_out_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let realm_url = format!("{}{REALM_PATH}", silent());
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let started = Instant::now();
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(line(&outcome, "problem", "discovery").contains("no answer within 500ms"));
    assert!(line(&outcome, "problem", "jwks").contains("no answer within"));
}

#[test]
fn a_mismatched_issuer_is_a_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let (_server, realm_url) = realm(
        Some(discovery("https://other.example.com/realms/demo")),
        Answer::json(rsa_jwks()),
    );
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    let issuer = line(&outcome, "problem", "issuer");
    assert!(
        issuer.contains("https://other.example.com/realms/demo") && issuer.contains(&realm_url),
        "{issuer}"
    );
    line(&outcome, "ok", "jwks");
}

#[test]
fn an_empty_jwks_is_a_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let (_server, realm_url) = realm(None, Answer::json(r#"{"keys": []}"#));
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(line(&outcome, "problem", "jwks").contains("an empty key set"));
}

#[test]
fn jwks_keys_of_the_wrong_type_are_a_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let ec = json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": "ec-1",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]});
    let (_server, realm_url) = realm(None, Answer::json(ec.to_string()));
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    let jwks = line(&outcome, "problem", "jwks");
    assert!(
        jwks.contains("\"EC\"") && jwks.contains("RSA key for RS256"),
        "{jwks}"
    );
}

#[test]
fn a_redirect_is_reported_and_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = Server::start();
    elsewhere.route("/certs", Answer::json(rsa_jwks()));
    let (_server, realm_url) = realm(None, Answer::redirect(&elsewhere.url("/certs")));
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(line(&outcome, "problem", "jwks").contains("does not follow redirects"));
    assert_eq!(
        elsewhere.requests.load(std::sync::atomic::Ordering::SeqCst),
        0
    );
}

#[test]
fn control_characters_in_a_remote_document_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let (_server, realm_url) = realm(
        Some(discovery("https://evil\u{1b}]0;pwned\u{7}.example.com")),
        Answer::json(rsa_jwks()),
    );
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert!(!outcome.stdout.contains('\u{1b}') && !outcome.stdout.contains('\u{7}'));
    assert!(line(&outcome, "problem", "issuer").contains("\\u{1b}"));
}

#[test]
fn unset_variables_and_the_redirect_uri_of_an_oauth_proxy() {
    let tmp = tempfile::tempdir().unwrap();
    let google = json!({
        "provider_class": "GoogleProvider",
        "import_path": "fastmcp.server.auth.providers.google",
        "config_params": {"client_id": "${DOC_GOOGLE_ID}", "client_secret": "${DOC_GOOGLE_SECRET}",
            "base_url": "https://mcp.example.com/", "redirect_path": "/oauth/done",
            "required_scopes": ["openid"]},
        "provider_type": "google",
    });
    let config = write_config(tmp.path(), "google.json", &google);
    let secret = "google-client-secret-value-1234";
    let outcome = doctor(tmp.path(), &config, &[], &[("DOC_GOOGLE_ID", "id-1")]);
    assert_eq!(outcome.code, 1, "{}{}", outcome.stdout, outcome.stderr);
    assert!(line(&outcome, "ok", "variable").contains("${DOC_GOOGLE_ID} is set"));
    assert!(line(&outcome, "problem", "variable").contains("${DOC_GOOGLE_SECRET} is not set"));
    assert!(
        line(&outcome, "note", "redirect").contains("https://mcp.example.com/oauth/done"),
        "{}",
        outcome.stdout
    );
    let outcome = doctor(
        tmp.path(),
        &config,
        &[],
        &[("DOC_GOOGLE_ID", "id-1"), ("DOC_GOOGLE_SECRET", secret)],
    );
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    assert!(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret));
}

#[test]
fn an_invalid_config_is_a_problem_and_stops_there() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(tmp.path(), "bad.json", &json!({"provider_class": 3}));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert_eq!(outcome.code, 1);
    line(&outcome, "problem", "config");
    assert_eq!(outcome.stdout.lines().count(), 2, "{}", outcome.stdout);
}

/// `--fastmcp` names a release in generate/validate/show; doctor's old `--fastmcp[=PYTHON]`
/// is refused as a usage error pointing to `--python`, before anything is fetched or run,
/// and without echoing the path.
#[test]
fn fastmcp_on_doctor_points_to_python() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(
        tmp.path(),
        "kc.json",
        &keycloak("http://127.0.0.1:9/realms/x"),
    );
    for args in [
        &["--fastmcp=/opt/secret-venv/bin/python"][..],
        &["--fastmcp"][..],
        &["--fastmcp", "4.2"][..],
    ] {
        let outcome = doctor(tmp.path(), &config, args, &[]);
        assert_eq!(
            outcome.code, 2,
            "{args:?}: {}{}",
            outcome.stdout, outcome.stderr
        );
        assert!(
            outcome
                .stderr
                .contains("--python PATH (example: fastmcp-auth doctor CONFIG --python"),
            "{args:?}: {}",
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains("secret-venv"),
            "{}",
            outcome.stderr
        );
        assert!(outcome.stdout.is_empty(), "{args:?}: {}", outcome.stdout);
    }
    let help = doctor(tmp.path(), &config, &["--help"], &[]);
    assert!(help.stdout.contains("--python <PATH>"), "{}", help.stdout);
    assert!(!help.stdout.contains("--fastmcp"), "{}", help.stdout);
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn fastmcp_constructs_the_provider_and_reports_its_version() {
    let python = fastmcp_python();
    let tmp = tempfile::tempdir().unwrap();
    let (_server, realm_url) = realm(None, Answer::json(rsa_jwks()));
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let python = python.display().to_string();
    let home = tmp.path().join("fastmcp-home").display().to_string();
    let outcome = doctor(
        tmp.path(),
        &config,
        &["--python", &python],
        &[("FASTMCP_HOME", &home)],
    );
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    assert!(line(&outcome, "note", "fastmcp").contains(&format!("version {FASTMCP_VERSION}")));
    line(&outcome, "ok", "fastmcp");
}

#[test]
fn an_oidc_proxy_is_checked_through_its_discovery_and_no_secret_is_sent() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start();
    let issuer = server.url("/oidc");
    server.route(
        "/oidc/.well-known/openid-configuration",
        Answer::json(
            json!({
                "issuer": issuer,
                "authorization_endpoint": format!("{issuer}/authorize"),
                "token_endpoint": format!("{issuer}/token"),
                "jwks_uri": format!("{issuer}/jwks"),
            })
            .to_string(),
        ),
    );
    server.route("/oidc/jwks", Answer::json(rsa_jwks()));
    let oidc = json!({
        "provider_class": "OIDCProxy",
        "import_path": "fastmcp.server.auth.oidc_proxy",
        "config_params": {"config_url": format!("{issuer}/.well-known/openid-configuration"),
            "client_id": "${DOC_OIDC_ID}", "client_secret": "${DOC_OIDC_SECRET}",
            "base_url": "https://mcp.example.com"},
        "provider_type": "oauth",
    });
    let config = write_config(tmp.path(), "oidc.json", &oidc);
    let secret = "oidc-client-secret-never-sent-9876";
    let outcome = doctor(
        tmp.path(),
        &config,
        &[],
        &[("DOC_OIDC_ID", "client-1"), ("DOC_OIDC_SECRET", secret)],
    );
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    line(&outcome, "ok", "discovery");
    line(&outcome, "ok", "issuer");
    line(&outcome, "ok", "jwks");
    line(&outcome, "note", "redirect");
    let seen = server.seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    for head in seen.iter() {
        assert!(
            !head.contains(secret) && !head.contains("client-1"),
            "{head}"
        );
        assert!(
            !head.to_ascii_lowercase().contains("authorization:"),
            "{head}"
        );
    }
    assert!(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret));
}

#[test]
fn an_oversized_document_is_refused_not_read_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let huge = format!(
        r#"{{"keys": [], "pad": "{}"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let (_server, realm_url) = realm(None, Answer::json(huge));
    let config = write_config(tmp.path(), "kc.json", &keycloak(&realm_url));
    let outcome = doctor(tmp.path(), &config, &[], &[]);
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(
        line(&outcome, "problem", "jwks").contains("larger than 1048576 bytes"),
        "{}",
        outcome.stdout
    );
}
