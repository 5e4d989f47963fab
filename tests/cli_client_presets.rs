//! `generate --allow-clients`: named MCP-client presets fill
//! `allowed_client_redirect_uris` (issue 12), and `providers` lists them with sources.

mod common;

use assert_cmd::Command;
use common::cli::{GITHUB_REDIS_CONTRACT, clean_command, run};
use serde_json::{Value, json};

fn github() -> Command {
    let mut cmd = clean_command(None);
    // A plain GitHub config: the contract's arguments before its storage flags.
    cmd.args(&GITHUB_REDIS_CONTRACT[..9]);
    cmd
}

fn uris(stdout: &str) -> Value {
    let config: Value = serde_json::from_str(stdout).unwrap();
    config["config_params"]["allowed_client_redirect_uris"].clone()
}

#[test]
fn presets_given_as_a_list_or_repeated_give_the_union_of_their_urls() {
    let all = json!([
        "http://localhost:*",
        "http://127.0.0.1:*",
        "https://claude.ai/api/mcp/auth_callback",
        "https://claude.com/api/mcp/auth_callback",
        "https://chatgpt.com/connector_platform_oauth_redirect"
    ]);
    let out = run(github().args(["--allow-clients", "loopback,claude,chatgpt"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(uris(&out.stdout), all);
    let out = run(github().args([
        "--allow-clients",
        "loopback,claude",
        "--allow-clients",
        "chatgpt,loopback",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(uris(&out.stdout), all);
    // Hosted clients only: no loopback.
    let out = run(github().args(["--allow-clients", "claude"]));
    assert_eq!(
        uris(&out.stdout),
        json!([
            "https://claude.ai/api/mcp/auth_callback",
            "https://claude.com/api/mcp/auth_callback"
        ])
    );
}

#[test]
fn without_the_flag_loopback_only_and_set_json_still_works() {
    let out = run(&mut github());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        uris(&out.stdout),
        json!(["http://localhost:*", "http://127.0.0.1:*"])
    );
    let out = run(github().args([
        "--set-json",
        "allowed_client_redirect_uris=[\"https://app.example/cb\"]",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(uris(&out.stdout), json!(["https://app.example/cb"]));
}

#[test]
fn an_unknown_preset_is_a_usage_error_listing_the_valid_ones() {
    let out = run(github().args(["--allow-clients", "loopback,gemini"]));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stdout.is_empty());
    for part in [
        "--allow-clients",
        "'gemini'",
        "loopback, claude, chatgpt",
        "example: --allow-clients loopback,claude",
    ] {
        assert!(out.stderr.contains(part), "{part}: {}", out.stderr);
    }
    // Given twice (flag and --set-json) is refused rather than one silently winning.
    let out = run(github().args([
        "--allow-clients",
        "claude",
        "--set-json",
        "allowed_client_redirect_uris=[]",
    ]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("given twice"), "{}", out.stderr);
    // A provider without an OAuth proxy has nothing to allow-list.
    let out = run(clean_command(None).args([
        "generate",
        "--provider",
        "bearer",
        "--set",
        "jwks_uri=https://id.example/jwks",
        "--allow-clients",
        "loopback",
    ]));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("--allow-clients"), "{}", out.stderr);
}

#[test]
fn providers_lists_the_presets_with_their_sources() {
    let out = run(clean_command(None).args(["providers", "github"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for part in [
        "loopback",
        "http://127.0.0.1:*",
        "https://claude.com/api/mcp/auth_callback",
        "https://support.claude.com/en/articles/11503834-building-custom-connectors-via-remote-mcp-servers",
        "https://chatgpt.com/connector_platform_oauth_redirect",
        "https://developers.openai.com/apps-sdk/build/auth",
        "--allow-clients",
    ] {
        assert!(out.stdout.contains(part), "{part}: {}", out.stdout);
    }
    // Not for a provider that has no allow-list.
    let out = run(clean_command(None).args(["providers", "bearer"]));
    assert!(!out.stdout.contains("--allow-clients"), "{}", out.stdout);
}
