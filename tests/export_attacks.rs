//! The injection attacks of issue 10, each as the attack it prevents: a config string that
//! would add code to the Python export, a line to a `.env` file, run a command when the
//! `.env` is sourced, or be read back changed. Driven through the real binary where a user
//! would meet them, and through the library for configs made by hand.
#![cfg(unix)]

use std::fs;
use std::path::Path;

use fastmcp_auth::core::{AuthContext, FastMCPAuthConfig, ParamValue};
use fastmcp_auth::export::{
    ExportError, SecretDisplay, render_env, render_env_v2, render_json, render_python,
};
use serde_json::{Value, json};

mod common;

use common::cli::{Outcome, clean_command, run};
use common::python::fastmcp_python;
use common::readback::{EnvFile, read_with_python, read_with_sh};

/// The service name of the issue: closes the docstring and runs a command on import.
const CODE_SERVICE: &str = "x\"\"\"\nimport os; os.system(\"touch pwned\")\n\"\"\"";
/// A service name that adds a variable to `--format env`.
const LINE_SERVICE: &str = "docs\nFASTMCP_SERVER_AUTH=os.system";

fn google_args(more: &[&str]) -> Vec<String> {
    [
        "generate",
        "--provider",
        "google",
        "--set",
        "client_id=abc",
        "--env",
        "client_secret=GOOGLE_CLIENT_SECRET",
        "--set",
        "base_url=https://mcp.example.com",
    ]
    .iter()
    .chain(more)
    .map(|s| s.to_string())
    .collect()
}

fn run_in(dir: &Path, args: &[String], env: &[(&str, &str)]) -> Outcome {
    let mut cmd = clean_command(Some(dir));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

fn google_config() -> FastMCPAuthConfig {
    AuthContext::new()
        .auth_provider("google")
        .unwrap()
        .set_client_credentials("abc", ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap())
        .set_base_url("https://mcp.example.com")
        // A release env-v2 is for; json and python do not depend on it.
        .fastmcp_version("2.14.7".parse().unwrap())
        .generate_fastmcp_config()
        .unwrap()
}

// ---- the service name ------------------------------------------------------------------

#[test]
fn generate_refuses_a_service_that_would_be_code_even_without_save() {
    let dir = tempfile::tempdir().unwrap();
    for service in [CODE_SERVICE, LINE_SERVICE] {
        for format in ["python", "env", "json"] {
            let out = run_in(
                dir.path(),
                &google_args(&["--service", service, "--format", format]),
                &[],
            );
            assert_ne!(out.code, 0, "{format}: {}", out.stdout);
            assert!(out.stdout.is_empty(), "{format}: printed {}", out.stdout);
            assert!(
                out.stderr.contains("service name") && out.stderr.contains("example: payments-api"),
                "{}",
                out.stderr
            );
            assert!(!out.stderr.contains("\nimport os"), "{}", out.stderr);
        }
    }
    assert!(!dir.path().join("pwned").exists());
}

#[test]
fn a_file_with_such_a_service_is_not_ok_and_has_no_python_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut document = serde_json::to_value(google_config()).unwrap();
    for (i, service) in [CODE_SERVICE, LINE_SERVICE].into_iter().enumerate() {
        document["service"] = json!(service);
        let path = dir.path().join(format!("hostile{i}.json"));
        fs::write(&path, document.to_string()).unwrap();
        let path = path.to_string_lossy().into_owned();
        let validate = run_in(dir.path(), &["validate".into(), path.clone()], &[]);
        assert_eq!(validate.code, 1, "{}", validate.stdout);
        assert!(
            !validate.stdout.contains(": ok") && validate.stdout.contains("service name"),
            "{}",
            validate.stdout
        );
        for format in ["python", "env", "json"] {
            let show = run_in(
                dir.path(),
                &[
                    "show".into(),
                    path.clone(),
                    "--format".into(),
                    format.into(),
                ],
                &[],
            );
            assert_ne!(show.code, 0, "{format}: {}", show.stdout);
            assert!(!show.stdout.contains("import os"), "{}", show.stdout);
        }
        let list = run_in(
            dir.path(),
            &[
                "list".into(),
                "--dir".into(),
                dir.path().to_string_lossy().into(),
            ],
            &[],
        );
        assert!(list.stdout.contains("service name"), "{}", list.stdout);
    }
}

#[test]
fn builders_and_exports_refuse_such_a_service() {
    let built = AuthContext::new()
        .auth_service(CODE_SERVICE)
        .use_google_auth(
            "abc",
            ParamValue::env("S").unwrap(),
            "https://m.example.com",
        )
        .generate_fastmcp_config();
    assert!(built.unwrap_err().to_string().contains("service name"));
    // A config made by hand reaches the exports without the builders.
    for service in [CODE_SERVICE, LINE_SERVICE] {
        let mut config = google_config();
        config.service = Some(service.into());
        for result in [
            render_python(&config, SecretDisplay::Plain),
            render_env(&config, None),
            render_env_v2(&config, SecretDisplay::Plain),
        ] {
            assert!(
                matches!(result, Err(ExportError::InvalidService(_))),
                "{result:?}"
            );
        }
        // JSON carries any string as an escaped literal.
        let json = render_json(&config, SecretDisplay::Plain);
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["service"], service);
        assert!(!json.contains("\nimport os") && !json.contains("\nFASTMCP_SERVER_AUTH"));
    }
}

// ---- names written unquoted into Python ------------------------------------------------

#[test]
fn class_module_and_parameter_names_must_be_python_names() {
    let cases: [(&str, &str, &str); 6] = [
        (
            "provider_class",
            "X(); import os; os.system('id'); Y",
            "provider_class",
        ),
        ("provider_class", "os", "provider_class"),
        ("provider_class", "__name__", "provider_class"),
        ("import_path", "os; import subprocess", "import_path"),
        ("import_path", "my.if.auth", "import_path"),
        ("param", "class", "config_params key"),
    ];
    for (field, bad, what) in cases {
        let mut config = google_config();
        config.provider_type = Some("custom".into());
        match field {
            "provider_class" => config.provider_class = bad.into(),
            "import_path" => config.import_path = bad.into(),
            _ => {
                config
                    .config_params
                    .insert(bad.into(), ParamValue::from("x"));
            }
        }
        for result in [
            render_python(&config, SecretDisplay::Plain),
            render_env(&config, None),
        ] {
            match result {
                Err(ExportError::NotPythonName { what: got, .. }) => assert_eq!(got, what),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
    // Through the CLI, the same names are refused before anything is written.
    let dir = tempfile::tempdir().unwrap();
    for (field, bad) in [
        ("provider_class", "os"),
        ("import_path", "a.class"),
        ("lambda", "x"),
    ] {
        let mut args: Vec<String> = ["generate", "--provider", "custom", "--set"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let sets = [
            format!(
                "import_path={}",
                if field == "import_path" {
                    bad
                } else {
                    "my_pkg.auth"
                }
            ),
            format!(
                "provider_class={}",
                if field == "provider_class" {
                    bad
                } else {
                    "MyVerifier"
                }
            ),
        ];
        args.push(sets[0].clone());
        args.extend(["--set".into(), sets[1].clone()]);
        if field == "lambda" {
            args.extend(["--set".into(), "lambda=x".into()]);
        }
        args.extend(["--format".into(), "python".into()]);
        let out = run_in(dir.path(), &args, &[]);
        assert_eq!(out.code, 1, "{field}: {}", out.stdout);
        assert!(
            out.stdout.is_empty() && out.stderr.contains(field),
            "{}",
            out.stderr
        );
    }
}

/// A custom provider names its own class, but not one from the standard library: the
/// Python export would call it (`from os import system; auth = system(command=...)`).
#[test]
fn a_custom_class_from_the_standard_library_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut document = serde_json::to_value(google_config()).unwrap();
    document["provider_type"] = json!("custom");
    document["provider_class"] = json!("system");
    document["import_path"] = json!("os");
    document["config_params"] = json!({"command": "touch pwned"});
    let path = dir.path().join("stdlib.json");
    fs::write(&path, document.to_string()).unwrap();
    let path = path.to_string_lossy().into_owned();
    let validate = run_in(dir.path(), &["validate".into(), path.clone()], &[]);
    assert_eq!(validate.code, 1, "{}", validate.stdout);
    assert!(
        validate.stdout.contains("standard library"),
        "{}",
        validate.stdout
    );
    let show = run_in(
        dir.path(),
        &["show".into(), path, "--format".into(), "python".into()],
        &[],
    );
    assert_ne!(show.code, 0);
    assert!(!show.stdout.contains("from os import"), "{}", show.stdout);
    for (module, class) in [
        ("os", "system"),
        ("subprocess", "Popen"),
        ("builtins", "exec"),
    ] {
        let out = run_in(
            dir.path(),
            &[
                "generate",
                "--provider",
                "custom",
                "--set",
                &format!("import_path={module}"),
                "--set",
                &format!("provider_class={class}"),
                "--format",
                "python",
            ]
            .map(String::from),
            &[],
        );
        assert_eq!(out.code, 1, "{module}: {}", out.stdout);
        assert!(out.stderr.contains("standard library"), "{}", out.stderr);
        let config: FastMCPAuthConfig = serde_json::from_value(json!({
            "provider_class": class, "import_path": module, "config_params": {}
        }))
        .unwrap();
        assert!(matches!(
            render_python(&config, SecretDisplay::Plain),
            Err(ExportError::StdlibModule { .. })
        ));
    }
}

// ---- values reaching Python ------------------------------------------------------------

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn python_values_are_literals_that_read_back_exactly() {
    let python = fastmcp_python();
    let hostile = [
        "it's",
        "\"\"\"\nimport os; os.system('id')\n\"\"\"",
        "'''",
        "\\",
        "a\\'b",
        "\u{1b}]52;c;aGk=\u{7}\u{202e}",
    ];
    let mut config = google_config();
    config.config_params.insert(
        "required_scopes".into(),
        ParamValue::Literal(json!(hostile)),
    );
    config
        .config_params
        .insert("client_id".into(), ParamValue::from(hostile[1]));
    let code = render_python(&config, SecretDisplay::Plain).unwrap();
    assert!(
        !code.contains('\u{1b}') && !code.contains('\u{202e}'),
        "{code}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.py");
    fs::write(&path, &code).unwrap();
    let read = read_with_python(&python, &[], &[path], &[]);
    let values = read.modules[0]
        .as_ref()
        .unwrap_or_else(|e| panic!("{e}\n{code}"));
    assert_eq!(
        values["kwargs"]["required_scopes"],
        json!(hostile),
        "{code}"
    );
    assert_eq!(values["kwargs"]["client_id"], hostile[1], "{code}");
}

// ---- values reaching .env files --------------------------------------------------------

/// `generate --format env --embed-secrets` with the secret in the environment, sourced by
/// python-dotenv and by sh in `dir`.
fn embedded_env(dir: &Path, secret: &str) -> Outcome {
    run_in(
        dir,
        &google_args(&["--format", "env", "--embed-secrets", "--output", "app.env"]),
        &[("GOOGLE_CLIENT_SECRET", secret)],
    )
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn embedded_secrets_are_not_run_or_expanded_when_the_env_file_is_read() {
    let python = fastmcp_python();
    let pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\nAQAB\n-----END PUBLIC KEY-----\n";
    let secrets = [
        "s3cr3t$(touch pwned)`touch pwned2`",
        "$HOME and $(id) \"quoted\" \\n stays",
        "a\\\\b \"it's\" \\",
        pem,
    ];
    for secret in secrets {
        let dir = tempfile::tempdir().unwrap();
        let out = embedded_env(dir.path(), secret);
        assert_eq!(out.code, 0, "{secret:?}: {}", out.stderr);
        let file = EnvFile {
            path: dir.path().join("app.env"),
            vars: vec!["GOOGLE_CLIENT_SECRET".into()],
        };
        let text = fs::read_to_string(&file.path).unwrap();
        let sh = read_with_sh(std::slice::from_ref(&file), &[]);
        assert_eq!(sh[0][0].as_deref(), Some(secret), "sh read {text}");
        let dotenv = read_with_python(&python, std::slice::from_ref(&file), &[], &[]).dotenv;
        assert_eq!(
            dotenv[0][0].as_deref(),
            Some(secret),
            "python-dotenv read {text}"
        );
        assert!(!Path::new("pwned").exists() && !dir.path().join("pwned").exists());
    }
}

#[test]
fn env_values_without_a_common_form_are_refused_without_showing_them() {
    let dir = tempfile::tempdir().unwrap();
    for secret in [
        "Zx9-it's-$(touch pwned)",
        "Zx9-${HOME}-dotenv-expands-this",
        "Zx9-carriage\rreturn",
        "Zx9-escape\u{1b}[2J",
    ] {
        let out = embedded_env(dir.path(), secret);
        assert_eq!(out.code, 1, "{secret:?}: {}", out.stdout);
        assert!(
            out.stderr
                .contains("GOOGLE_CLIENT_SECRET: the value cannot be written to a .env file"),
            "{}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("Zx9"),
            "the secret leaked: {}",
            out.stderr
        );
        assert!(!dir.path().join("app.env").exists());
    }
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn env_v2_lists_and_quotes_read_back_exactly() {
    let python = fastmcp_python();
    let scopes = json!(["it's", "say \"hi\"", "back\\slash", "$HOME"]);
    let mut config = google_config();
    config.config_params.insert(
        "required_scopes".into(),
        ParamValue::Literal(scopes.clone()),
    );
    config.config_params.insert(
        "client_id".into(),
        ParamValue::from("id with 'quotes' and \\"),
    );
    let text = render_env_v2(&config, SecretDisplay::Plain).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = EnvFile {
        path: dir.path().join("v2.env"),
        vars: vec![
            "FASTMCP_SERVER_AUTH_GOOGLE_REQUIRED_SCOPES".into(),
            "FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_ID".into(),
            "FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET".into(),
        ],
    };
    fs::write(&file.path, &text).unwrap();
    let environ = [("GOOGLE_CLIENT_SECRET".to_string(), "from-env".to_string())];
    let by_dotenv = read_with_python(&python, std::slice::from_ref(&file), &[], &environ).dotenv;
    let by_sh = read_with_sh(std::slice::from_ref(&file), &environ);
    for read in [&by_dotenv[0], &by_sh[0]] {
        let listed: Value = serde_json::from_str(read[0].as_deref().unwrap_or("null")).unwrap();
        assert_eq!(listed, scopes, "{text}");
        assert_eq!(
            read[1].as_deref(),
            Some("id with 'quotes' and \\"),
            "{text}"
        );
        assert_eq!(
            read[2].as_deref(),
            Some("from-env"),
            "references expand: {text}"
        );
    }
}

// ---- terminal safety of printed exports -------------------------------------------------

#[test]
fn printed_exports_carry_no_raw_control_characters() {
    let mut config = google_config();
    let hostile = "a\u{7f}b\u{9b}[2J\u{202e}c\u{1b}]52;c;aGk=\u{7}";
    config
        .config_params
        .insert("client_id".into(), ParamValue::from(hostile));
    config.extra.insert("x-note\u{85}".into(), json!(hostile));
    for text in [
        render_json(&config, SecretDisplay::Plain),
        render_python(&config, SecretDisplay::Plain).unwrap(),
    ] {
        let raw = text
            .chars()
            .find(|&c| c != '\n' && fastmcp_auth::core::text::is_unsafe_for_terminal(c));
        assert_eq!(raw, None, "{text:?}");
    }
    // No .env form keeps such a value both exact and printable: refused.
    assert!(matches!(
        render_env_v2(&config, SecretDisplay::Plain),
        Err(ExportError::UnencodableEnvValue { .. })
    ));
}
