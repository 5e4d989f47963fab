//! `--fastmcp VERSION|detect` (issue 13): output for a FastMCP release never holds a class or
//! parameter that release lacks; the target is recorded in the output and reported by
//! `validate`; detection asks an installed FastMCP, bounded in time and output; env-v2 is
//! FastMCP 2.12-2.14's and says what those releases cannot load or ignore.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fastmcp_auth::core::compat::default_target;
use serde_json::Value;

mod common;

use common::cli::{Outcome, clean_command, run};
use common::compat_cases::case_table;
use common::python::fastmcp_python_for;
use common::readback::{EnvFile, read_with_python, read_with_sh};

fn generate(dir: &Path, args: &[&str]) -> Outcome {
    run(clean_command(Some(dir)).arg("generate").args(args))
}

const CLERK: [&str; 10] = [
    "--provider",
    "clerk",
    "--set",
    "domain=your-app.clerk.accounts.dev",
    "--set",
    "client_id=AbC123dEf456GhI7",
    "--env",
    "client_secret=CLERK_CLIENT_SECRET",
    "--set",
    "base_url=https://mcp.example.com",
];

const INTROSPECTION: [&str; 8] = [
    "--provider",
    "introspection",
    "--set",
    "introspection_url=https://auth.example.com/oauth/introspect",
    "--set",
    "client_id=mcp-resource-server",
    "--env",
    "client_secret=INTROSPECTION_CLIENT_SECRET",
];

fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

fn json(out: &Outcome) -> Value {
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn a_class_the_target_lacks_is_refused_with_the_release_that_has_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = generate(dir.path(), &with(&CLERK, &["--fastmcp", "2.14.7"]));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.is_empty());
    for text in ["ClerkProvider", "FastMCP 2.14.7", "--fastmcp 3.4.11"] {
        assert!(out.stderr.contains(text), "{text:?} in {}", out.stderr);
    }
    let config = json(&generate(
        dir.path(),
        &with(&CLERK, &["--fastmcp", "3.4.11"]),
    ));
    assert_eq!(config["fastmcp_version"], "3.4.11");
}

#[test]
fn a_parameter_the_target_lacks_is_refused_and_a_default_it_lacks_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let audience = with(
        &INTROSPECTION,
        &[
            "--set",
            "audience=https://api.example.com",
            "--fastmcp",
            "3.4",
        ],
    );
    let out = generate(dir.path(), &audience);
    assert_eq!(out.code, 1);
    for text in ["parameter 'audience'", "FastMCP 3.4.0", "--fastmcp 4.1.2"] {
        assert!(out.stderr.contains(text), "{text:?} in {}", out.stderr);
    }

    // client_auth_method only repeats its default: left out for 2.14, and said so.
    let out = generate(dir.path(), &with(&INTROSPECTION, &["--fastmcp", "2.14.7"]));
    let config = json(&out);
    assert_eq!(config["fastmcp_version"], "2.14.7");
    assert!(
        config["config_params"].get("client_auth_method").is_none(),
        "{config}"
    );
    assert!(
        out.stderr.contains("client_auth_method is left out"),
        "{}",
        out.stderr
    );
    // Chosen explicitly, it is refused instead.
    let chosen = with(
        &INTROSPECTION,
        &[
            "--set",
            "client_auth_method=client_secret_post",
            "--fastmcp",
            "2.14.7",
        ],
    );
    let out = generate(dir.path(), &chosen);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("client_auth_method"), "{}", out.stderr);
}

#[test]
fn without_a_target_the_newest_release_is_recorded_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let newest = default_target().to_string();
    let config = json(&generate(dir.path(), &CLERK));
    assert_eq!(config["fastmcp_version"], newest.as_str());
    for format in ["python", "env"] {
        let out = generate(dir.path(), &with(&CLERK, &["--format", format]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout
                .contains(&format!("Checked for FastMCP {newest}.")),
            "{format}: {}",
            out.stdout
        );
    }
}

#[test]
fn a_malformed_target_is_a_usage_error_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let out = generate(dir.path(), &with(&CLERK, &["--fastmcp", "latest\u{1b}[2J"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--fastmcp"), "{}", out.stderr);
    assert!(out.stderr.contains("example: --fastmcp"), "{}", out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "escaped: {:?}", out.stderr);
}

/// A stand-in interpreter: a shell script that ignores its arguments.
fn fake_python(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn detect(dir: &Path, python: &Path) -> Outcome {
    let python = python.to_str().unwrap();
    generate(
        dir,
        &with(&CLERK, &["--fastmcp", "detect", "--python", python]),
    )
}

#[test]
fn detect_uses_the_release_the_interpreter_reports() {
    let dir = tempfile::tempdir().unwrap();
    let old = fake_python(dir.path(), "py-2-14", "echo 2.14.7");
    let out = detect(dir.path(), &old);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("FastMCP 2.14.7"), "{}", out.stderr);
    let new = fake_python(dir.path(), "py-3-4", "echo 3.4.11");
    assert_eq!(json(&detect(dir.path(), &new))["fastmcp_version"], "3.4.11");
}

#[test]
fn detect_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = fake_python(dir.path(), "py-no-fastmcp", "echo '!missing'");
    let out = detect(dir.path(), &missing);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("FastMCP is not installed"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("example: --fastmcp"), "{}", out.stderr);

    let out = detect(dir.path(), &dir.path().join("no-such-python"));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("cannot run"), "{}", out.stderr);
    assert!(out.stderr.contains("--python"), "{}", out.stderr);
}

/// An interpreter that never stops printing: only a bounded prefix is read, it is stopped,
/// and the answer is "not a release" at once.
#[test]
fn detect_reads_a_bounded_answer() {
    let dir = tempfile::tempdir().unwrap();
    let endless = fake_python(
        dir.path(),
        "py-endless",
        "while :; do printf 4444444444; done",
    );
    let started = Instant::now();
    let out = detect(dir.path(), &endless);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("did not print a FastMCP release"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.len() < 1000,
        "{} bytes of stderr",
        out.stderr.len()
    );
}

/// The real thing: FastMCP 2.14.7's own `__version__`.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn detect_asks_an_installed_fastmcp() {
    let dir = tempfile::tempdir().unwrap();
    let out = detect(dir.path(), &fastmcp_python_for("2.14.7"));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("ClerkProvider"), "{}", out.stderr);
    assert!(out.stderr.contains("FastMCP 2.14.7"), "{}", out.stderr);
}

#[test]
fn validate_reports_the_release_each_file_is_checked_for() {
    let dir = tempfile::tempdir().unwrap();
    let config = generate(dir.path(), &CLERK).stdout;
    fs::write(dir.path().join("clerk.json"), &config).unwrap();
    let out = run(clean_command(Some(dir.path())).args(["validate", "clerk.json"]));
    assert_eq!(
        out.stdout,
        format!("clerk.json: ok for FastMCP {}\n", default_target())
    );

    let out = run(clean_command(Some(dir.path())).args([
        "validate",
        "--fastmcp",
        "2.14.7",
        "clerk.json",
    ]));
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("clerk.json: clerk: ClerkProvider"),
        "{}",
        out.stdout
    );

    // The file's own record is what is checked, and a malformed one is named.
    let mut old: Value = serde_json::from_str(&config).unwrap();
    old["fastmcp_version"] = "2.14.7".into();
    fs::write(dir.path().join("old.json"), old.to_string()).unwrap();
    old["fastmcp_version"] = "four".into();
    fs::write(dir.path().join("bad.json"), old.to_string()).unwrap();
    let out = run(clean_command(Some(dir.path())).args(["validate", "old.json", "bad.json"]));
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].contains("FastMCP 2.14.7"), "{}", out.stdout);
    assert!(
        lines[1].contains("'fastmcp_version'") && lines[1].contains("\"4.2.3\""),
        "{}",
        out.stdout
    );
}

#[test]
fn env_v2_is_for_2_x_releases_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = generate(dir.path(), &with(&INTROSPECTION, &["--format", "env-v2"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("# Checked for FastMCP 2.14.7.\n"),
        "{}",
        out.stdout
    );

    let out = generate(
        dir.path(),
        &with(
            &INTROSPECTION,
            &["--format", "env-v2", "--fastmcp", "4.2.3"],
        ),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("--fastmcp 2.14.7 --format env-v2"),
        "{}",
        out.stderr
    );

    let out = generate(
        dir.path(),
        &with(
            &INTROSPECTION,
            &["--format", "env-v2", "--fastmcp", "2.12.5"],
        ),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("IntrospectionTokenVerifier"),
        "{}",
        out.stderr
    );
    // The first release the catalog records with the class (it introspects 2.12.5 and
    // 2.14.7; 2.13 was not introspected, so the claim stays on the safe side).
    assert!(out.stderr.contains("FastMCP 2.14.7"), "{}", out.stderr);

    for provider in ["discord", "oci", "scalekit", "supabase"] {
        let case = case_table()
            .cases
            .iter()
            .find(|c| c.provider == provider)
            .unwrap();
        if case.args.iter().any(|a| a.contains('{')) {
            continue; // needs a fixture; the class check comes before any value
        }
        let mut args = vec!["--provider", provider, "--format", "env-v2"];
        args.extend(case.args.iter().map(String::as_str));
        // FastMCP 2.14 loads each of them from its variables alone
        // (tests/data/fastmcp_v2_env.json).
        let out = generate(dir.path(), &args);
        assert_eq!(out.code, 0, "{provider}: {}", out.stderr);
        assert!(
            out.stdout
                .contains("\nFASTMCP_SERVER_AUTH=fastmcp.server.auth.providers."),
            "{provider}: {}",
            out.stdout
        );
    }
}

/// A parameter FastMCP 2.12 lacks is refused for a 2.12 target, naming the release that
/// has it; from that release on, the same arguments pass and nothing is said to be ignored.
#[test]
fn env_v2_refuses_what_2_12_lacks_and_accepts_it_from_2_14() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_table().case("azure");
    let args_for = |release: &'static str| {
        let mut args = vec![
            "--provider",
            "azure",
            "--format",
            "env-v2",
            "--fastmcp",
            release,
        ];
        args.extend(case.args.iter().map(String::as_str));
        args
    };
    let out = generate(dir.path(), &args_for("2.12.5"));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("identifier_uri"), "{}", out.stderr);
    assert!(out.stderr.contains("--fastmcp 2.14.7"), "{}", out.stderr);
    let out = generate(dir.path(), &args_for("2.14.7"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("ignores"), "{}", out.stderr);
}

/// A PEM key in env-v2 reads back intact in python-dotenv (what FastMCP 2's settings use)
/// and in a POSIX shell (`set -a; . FILE`).
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn env_v2_pem_keys_read_back_in_python_dotenv_and_sh() {
    let dir = tempfile::tempdir().unwrap();
    let pem = case_table().fixture("PEM_FILE");
    let pem_file = dir.path().join("public.pem");
    fs::write(&pem_file, pem).unwrap();
    let out = generate(
        dir.path(),
        &[
            "--provider",
            "bearer",
            "--set-file",
            &format!("public_key={}", pem_file.display()),
            "--set",
            "issuer=https://auth.example.com",
            "--format",
            "env-v2",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file = EnvFile {
        path: dir.path().join("v2.env"),
        vars: vec!["FASTMCP_SERVER_AUTH_JWT_PUBLIC_KEY".into()],
    };
    fs::write(&file.path, &out.stdout).unwrap();
    // --set-file drops the file's final newline, as a key pasted into a form would.
    let expected = Some(pem.trim_end().to_string());
    let files = [file];
    let dotenv = read_with_python(&fastmcp_python_for("2.14.7"), &files, &[], &[]);
    assert_eq!(dotenv.dotenv[0], vec![expected.clone()], "{}", out.stdout);
    assert_eq!(
        read_with_sh(&files, &[])[0],
        vec![expected],
        "{}",
        out.stdout
    );
}
