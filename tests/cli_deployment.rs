//! Shared OAuth state on the command line: `generate --storage redis` with the documented
//! variable names, the saved `deployment` section, `validate` on the storage variables, the
//! `.env` template, and `secret`.

mod common;

use assert_cmd::Command;
use common::cli::{GITHUB_REDIS_CONTRACT as CONTRACT, Outcome, clean_command, run};
use serde_json::{Value, json};

/// A Redis URL with a password: it must never be repeated in any message.
const URL_WITH_PASSWORD: &str = "redis://:hunter2-do-not-leak@cache:6379/0";

fn bin() -> Command {
    clean_command(None)
}

fn contract() -> Command {
    let mut cmd = bin();
    cmd.args(CONTRACT)
        .arg("jwt_signing_key=FASTMCP_JWT_SIGNING_KEY");
    cmd
}

fn saved(dir: &tempfile::TempDir, extra: &[&str]) -> std::path::PathBuf {
    let path = dir.path().join("docs.json");
    let out = run(contract()
        .args(extra)
        .arg("--output")
        .arg(&path)
        .arg("--force"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    path
}

#[test]
fn contract_flags_write_the_deployment_section_and_the_signing_key() {
    let out = run(&mut contract());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let config: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        config["deployment"],
        json!({"storage": {"backend": "redis", "url": "${REDIS_URL}",
                           "encryption_keys": ["${FASTMCP_STORAGE_KEY}"]}})
    );
    let params = &config["config_params"];
    assert_eq!(params["jwt_signing_key"], "${FASTMCP_JWT_SIGNING_KEY}");
    assert_eq!(
        params["allowed_client_redirect_uris"],
        json!(["http://localhost:*", "http://127.0.0.1:*"])
    );
    assert_eq!(params["require_authorization_consent"], json!(true));
    // The loaders that only know config_params see no storage key there.
    assert!(params.get("storage_url").is_none() && params.get("client_storage").is_none());
    for var in [
        "REDIS_URL",
        "FASTMCP_STORAGE_KEY",
        "FASTMCP_JWT_SIGNING_KEY",
    ] {
        assert!(
            out.stderr
                .contains(&format!("${{{var}}}, which is not set")),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn rotation_keeps_the_keys_in_the_order_given_newest_first() {
    let out = run(contract().args(["--env", "storage_encryption_key=FASTMCP_STORAGE_KEY_OLD"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let config: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        config["deployment"]["storage"]["encryption_keys"],
        json!(["${FASTMCP_STORAGE_KEY}", "${FASTMCP_STORAGE_KEY_OLD}"])
    );
}

#[test]
fn storage_values_are_references_only_and_need_the_redis_backend() {
    // A URL where the variable's name belongs: refused, and not repeated.
    let out = run(bin()
        .args(&CONTRACT[..11])
        .args(["--env", &format!("storage_url={URL_WITH_PASSWORD}")]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--env storage_url:"), "{}", out.stderr);
    assert!(out.stderr.contains("example: --env storage_url=REDIS_URL"));
    assert!(!out.stderr.contains("hunter2"), "{}", out.stderr);
    // Storage values without --storage redis.
    let out = run(bin()
        .args(&CONTRACT[..9])
        .args(["--env", "storage_url=REDIS_URL"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("add --storage redis"), "{}", out.stderr);
    // A provider that keeps no OAuth state.
    let out = run(bin().args([
        "generate",
        "--provider",
        "bearer",
        "--set",
        "jwks_uri=https://auth.example.com/jwks.json",
        "--storage",
        "redis",
    ]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("OAuth-proxy providers only"),
        "{}",
        out.stderr
    );
}

#[test]
fn validate_checks_the_storage_variables() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(&dir, &[]);
    let out = run(bin().arg("validate").arg(&path));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    let out = run(bin().arg("validate").arg("--check-env").arg(&path));
    assert_eq!(out.code, 1);
    for var in [
        "REDIS_URL",
        "FASTMCP_STORAGE_KEY",
        "FASTMCP_JWT_SIGNING_KEY",
    ] {
        assert!(
            out.stdout.contains(&format!("${{{var}}}")),
            "{}",
            out.stdout
        );
    }

    // A wrong scheme is refused whenever the variable is set, without showing the URL.
    let out = run(bin()
        .env("REDIS_URL", "http://:hunter2-do-not-leak@cache:6379")
        .arg("validate")
        .arg(&path));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "${REDIS_URL} must be a Redis URL starting with redis://, rediss://, unix://"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("hunter2") && !out.stderr.contains("hunter2"));
    for good in [
        URL_WITH_PASSWORD,
        "rediss://cache:6380",
        "unix:///run/redis.sock",
    ] {
        let out = run(bin().env("REDIS_URL", good).arg("validate").arg(&path));
        assert_eq!(out.code, 0, "{good}: {}", out.stdout);
    }
    // So is a Fernet key that is not one.
    let out = run(bin()
        .env("FASTMCP_STORAGE_KEY", "not-a-fernet-key-hunter2")
        .arg("validate")
        .arg(&path));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("${FASTMCP_STORAGE_KEY} is not a Fernet key"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("hunter2"));
}

#[test]
fn a_literal_in_the_deployment_section_is_refused_without_being_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(&dir, &[]);
    let mut config: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    config["deployment"]["storage"]["url"] = json!(URL_WITH_PASSWORD);
    std::fs::write(&path, config.to_string()).unwrap();
    let out = run(bin().arg("validate").arg(&path));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("deployment.storage.url: must be a ${VAR} reference"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("hunter2") && !out.stderr.contains("hunter2"));
}

#[test]
fn env_template_lists_the_storage_variables_and_stateless_http() {
    let out = run(contract().args(["--format", "env"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for line in [
        "\nREDIS_URL=\n",
        "\nFASTMCP_STORAGE_KEY=\n",
        "\nFASTMCP_JWT_SIGNING_KEY=\n",
        "\nFASTMCP_STATELESS_HTTP=true\n",
    ] {
        assert!(out.stdout.contains(line), "{line:?} in\n{}", out.stdout);
    }
    // One instance: no storage variables, sessions as FastMCP keeps them.
    let out = run(bin().args(&CONTRACT[..9]).args(["--format", "env"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("REDIS_URL") && !out.stdout.contains("STATELESS"));
}

#[test]
fn python_export_names_the_extra_and_runs_stateless() {
    let out = run(contract().args([
        "--env",
        "storage_encryption_key=FASTMCP_STORAGE_KEY_OLD",
        "--format",
        "python",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let code = &out.stdout;
    assert!(
        code.contains("pip install fastmcp \"py-key-value-aio[redis]\""),
        "{code}"
    );
    assert!(code.contains("_redis_store(\"REDIS_URL\")"), "{code}");
    assert!(
        code.contains(
            "fernet=MultiFernet([_fernet(\"FASTMCP_STORAGE_KEY\"), _fernet(\"FASTMCP_STORAGE_KEY_OLD\")])"
        ),
        "{code}"
    );
    assert!(code.contains("client_storage=client_storage,"), "{code}");
    assert!(
        code.contains("mcp.run(transport=\"http\", stateless_http=True)"),
        "{code}"
    );
}

fn secret(flag: &str) -> Outcome {
    run(bin().args(["secret", flag]))
}

#[test]
fn secret_prints_fresh_keys_to_stdout_only() {
    let a = secret("--fernet");
    let b = secret("--fernet");
    assert_eq!(a.code, 0, "{}", a.stderr);
    let key = a.stdout.trim_end_matches('\n');
    assert_eq!(key.len(), 44, "{key}");
    assert!(key.ends_with('='));
    assert_ne!(a.stdout, b.stdout);
    assert!(
        !a.stderr.contains(key),
        "the key is printed once, on stdout"
    );
    let s = secret("--signing-key");
    assert_eq!(s.code, 0);
    assert_eq!(s.stdout.trim_end().len(), 43);
    // One kind at a time, and one is required.
    assert_eq!(run(bin().args(["secret"])).code, 2);
    assert_eq!(
        run(bin().args(["secret", "--fernet", "--signing-key"])).code,
        2
    );
}
