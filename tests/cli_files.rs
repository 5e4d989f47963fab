//! The command line's file handling, driven through the real binary: saving (`--output`,
//! `--save`, `--force`, backups, modes), output formats, `--secret-stdin`, and reading
//! configs back with `list`, `show` and `validate`.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

mod common;

use assert_cmd::Command;
use common::cli::{Outcome, clean_command, run};
use serde_json::{Value, json};

/// A temporary home: `HOME` and `XDG_CONFIG_HOME` point into it, nothing else is set.
struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox {
            root: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    /// Where `--save` and `list` look: `$XDG_CONFIG_HOME/fastmcp-auth`.
    fn config_dir(&self) -> PathBuf {
        self.path("xdg/fastmcp-auth")
    }

    fn cmd(&self) -> Command {
        clean_command(Some(self.root.path()))
    }

    fn run(&self, args: &[&str]) -> Outcome {
        run(self.cmd().args(args))
    }

    /// Writes a fixture file (not through the tool).
    fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// `generate` arguments for a valid GitHub config with the given base URL.
fn github(base_url: &str) -> Vec<String> {
    [
        "generate",
        "--provider",
        "github",
        "--set",
        "client_id=Ov23li",
        "--env",
        "client_secret=GITHUB_CLIENT_SECRET",
        "--set",
        &format!("base_url={base_url}"),
    ]
    .map(String::from)
    .to_vec()
}

fn with(mut args: Vec<String>, more: &[&str]) -> Vec<String> {
    args.extend(more.iter().map(|s| s.to_string()));
    args
}

fn run_args(sandbox: &Sandbox, args: &[String]) -> Outcome {
    run(sandbox.cmd().args(args))
}

// ---- saving ---------------------------------------------------------------------------

#[test]
fn output_creates_a_private_file_in_new_private_directories() {
    let sb = Sandbox::new();
    let target = sb.path("new/deeper/docs.json");
    let out = run_args(
        &sb,
        &with(
            github("https://mcp.example.com"),
            &["--output", target.to_str().unwrap()],
        ),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "", "a saved config is not printed");
    assert!(
        out.stderr.contains(&format!("saved {}", target.display())),
        "{}",
        out.stderr
    );
    assert_eq!(mode(&target), 0o600);
    assert_eq!(mode(&sb.path("new")), 0o700);
    assert_eq!(mode(&sb.path("new/deeper")), 0o700);
    let saved = read_json(&target);
    assert_eq!(saved["provider_class"], "GitHubProvider");
    assert_eq!(
        saved["config_params"]["client_secret"],
        "${GITHUB_CLIENT_SECRET}"
    );
}

#[test]
fn existing_file_without_force_is_refused_and_left_untouched() {
    let sb = Sandbox::new();
    let target = sb.write("docs.json", "my hand-written notes\n");
    let out = run_args(
        &sb,
        &with(
            github("https://mcp.example.com"),
            &["--output", "docs.json"],
        ),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("docs.json already exists; confirm overwriting it with --force"),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "my hand-written notes\n"
    );
    assert!(!sb.path("docs.json.bak").exists());
    assert_eq!(out.stdout, "");
}

#[test]
fn force_replaces_the_file_and_keeps_the_previous_one_as_bak() {
    let sb = Sandbox::new();
    let first = run_args(
        &sb,
        &with(
            github("https://old.example.com"),
            &["--output", "docs.json"],
        ),
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let old_bytes = fs::read(sb.path("docs.json")).unwrap();
    let second = run_args(
        &sb,
        &with(
            github("https://new.example.com"),
            &["--output", "docs.json", "--force"],
        ),
    );
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second.stderr.contains("previous version kept as")
            && second.stderr.contains("docs.json.bak"),
        "{}",
        second.stderr
    );
    assert_eq!(
        read_json(&sb.path("docs.json"))["config_params"]["base_url"],
        "https://new.example.com"
    );
    assert_eq!(fs::read(sb.path("docs.json.bak")).unwrap(), old_bytes);
    assert_eq!(mode(&sb.path("docs.json.bak")), 0o600);
}

#[test]
fn corrupt_file_overwritten_with_force_is_kept_as_bak_byte_for_byte() {
    let sb = Sandbox::new();
    let corrupt: &[u8] = b"{\"provider_class\": \"GitHub\xff\xfeProvider\", \x00 truncated";
    fs::write(sb.path("docs.json"), corrupt).unwrap();
    let out = run_args(
        &sb,
        &with(
            github("https://mcp.example.com"),
            &["--output", "docs.json", "--force"],
        ),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fs::read(sb.path("docs.json.bak")).unwrap(), corrupt);
    assert_eq!(read_json(&sb.path("docs.json"))["provider_type"], "github");
}

#[cfg(target_os = "linux")]
#[test]
fn save_writes_the_default_path_under_xdg_config_home() {
    let sb = Sandbox::new();
    let out = run_args(
        &sb,
        &with(
            github("https://mcp.example.com"),
            &["--service", "payments-api", "--save"],
        ),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let saved = sb.config_dir().join("payments-api.json");
    assert!(
        out.stderr.contains(&format!("saved {}", saved.display())),
        "{}",
        out.stderr
    );
    assert_eq!(read_json(&saved)["service"], "payments-api");
    assert_eq!(mode(&saved), 0o600);
    assert_eq!(mode(&sb.config_dir()), 0o700);
    assert!(!sb.path("home/.config").exists(), "XDG_CONFIG_HOME ignored");
}

#[test]
fn save_needs_a_usable_service_name_and_the_json_format() {
    let sb = Sandbox::new();
    let cases: [(&[&str], &str); 4] = [
        (&["--save"], "--service <NAME>"),
        (
            &["--save", "--service", "../escape"],
            "--service: service name '../escape' must be",
        ),
        (
            &["--save", "--service", "docs", "--format", "python"],
            "--save stores the json config",
        ),
        (
            &["--save", "--output", "x.json", "--service", "docs"],
            "cannot be used with",
        ),
    ];
    for (extra, expected) in cases {
        let out = run_args(&sb, &with(github("https://mcp.example.com"), extra));
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{extra:?}: {}", out.stderr);
    }
    let out = run_args(&sb, &with(github("https://mcp.example.com"), &["--force"]));
    assert_eq!(out.code, 2, "--force without a file: {}", out.stderr);
    assert!(!sb.path("xdg").exists(), "nothing may be written");
    assert!(!sb.path("escape.json").exists());
}

#[test]
fn target_that_is_a_directory_is_refused() {
    let sb = Sandbox::new();
    fs::create_dir(sb.path("configs")).unwrap();
    let out = run_args(
        &sb,
        &with(
            github("https://mcp.example.com"),
            &["--output", "configs", "--force"],
        ),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("cannot save configs") && out.stderr.contains("it is a directory"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_dir(sb.path("configs")).unwrap().count(), 0);
}

#[test]
fn target_whose_parent_is_a_file_is_refused() {
    let sb = Sandbox::new();
    let parent = sb.write("plain-file", "keep me");
    let out = run_args(
        &sb,
        &with(
            github("https://mcp.example.com"),
            &["--output", "plain-file/docs.json"],
        ),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("cannot save plain-file/docs.json"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_to_string(parent).unwrap(), "keep me");
}

#[test]
fn invalid_configuration_writes_nothing() {
    let sb = Sandbox::new();
    let out = run_args(
        &sb,
        &with(github("mcp.example.com"), &["--output", "docs.json"]),
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("base_url:"), "{}", out.stderr);
    assert!(!sb.path("docs.json").exists());
}

// ---- formats --------------------------------------------------------------------------

#[test]
fn formats_python_env_and_env_v2() {
    let sb = Sandbox::new();
    let base = with(github("https://mcp.example.com"), &["--service", "docs"]);
    let python = run_args(&sb, &with(base.clone(), &["--format", "python"]));
    assert_eq!(python.code, 0, "{}", python.stderr);
    for needle in [
        "from fastmcp.server.auth.providers.github import GitHubProvider\n",
        "    client_secret=os.environ[\"GITHUB_CLIENT_SECRET\"],\n",
        "mcp = FastMCP(\"docs\", auth=auth)",
    ] {
        assert!(
            python.stdout.contains(needle),
            "{needle:?}: {}",
            python.stdout
        );
    }
    let env = run_args(&sb, &with(base.clone(), &["--format", "env"]));
    assert_eq!(env.code, 0, "{}", env.stderr);
    assert!(
        env.stdout
            .contains("\n# client_secret\nGITHUB_CLIENT_SECRET=\n"),
        "{}",
        env.stdout
    );
    let v2 = run_args(&sb, &with(base.clone(), &["--format", "env-v2"]));
    assert_eq!(v2.code, 0, "{}", v2.stderr);
    assert!(
        v2.stdout
            .contains("FASTMCP_SERVER_AUTH=fastmcp.server.auth.providers.github.GitHubProvider\n")
            && v2
                .stdout
                .contains("FASTMCP_SERVER_AUTH_GITHUB_CLIENT_SECRET=${GITHUB_CLIENT_SECRET}\n"),
        "{}",
        v2.stdout
    );
    // A format saved to a file is the same text.
    let saved = run_args(
        &sb,
        &with(base, &["--format", "python", "--output", "server.py"]),
    );
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    assert_eq!(
        fs::read_to_string(sb.path("server.py")).unwrap(),
        python.stdout
    );
    // OIDCProxy has no FastMCP 2.x variables: asking for them is a usage error.
    let out = sb.run(&[
        "generate",
        "--provider",
        "oauth",
        "--set",
        "config_url=https://i.example.com/.well-known/openid-configuration",
        "--set",
        "client_id=c",
        "--env",
        "client_secret=S",
        "--set",
        "base_url=https://m.example.com",
        "--format",
        "env-v2",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("OIDCProxy has no FastMCP 2.x"),
        "{}",
        out.stderr
    );
}

#[test]
fn env_format_embeds_values_from_the_environment_only_when_asked() {
    let sb = Sandbox::new();
    let value = "env value with spaces";
    let base = with(github("https://mcp.example.com"), &["--format", "env"]);
    let out = run(sb.cmd().env("GITHUB_CLIENT_SECRET", value).args(&base));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("GITHUB_CLIENT_SECRET=\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains(value));
    let out = run(sb
        .cmd()
        .env("GITHUB_CLIENT_SECRET", value)
        .args(with(base, &["--embed-secrets"])));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("GITHUB_CLIENT_SECRET='{value}'\n")),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("warning: --embed-secrets"),
        "{}",
        out.stderr
    );
}

// ---- secrets from standard input -------------------------------------------------------

const STDIN_SECRET: &str = "gh-secret-from-stdin-5678";

fn github_with_stdin_secret(more: &[&str]) -> Vec<String> {
    with(
        [
            "generate",
            "--provider",
            "github",
            "--set",
            "client_id=Ov23li",
            "--set",
            "base_url=https://mcp.example.com",
            "--secret-stdin",
            "client_secret",
        ]
        .map(String::from)
        .to_vec(),
        more,
    )
}

#[test]
fn secret_stdin_is_embedded_only_with_embed_secrets() {
    let sb = Sandbox::new();
    let out = run(sb
        .cmd()
        .args(github_with_stdin_secret(&["--output", "gh.json"]))
        .write_stdin(format!("{STDIN_SECRET}\n")));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(
            "client_secret is a secret: a value read with --secret-stdin is written only with \
             --embed-secrets"
        ) && out
            .stderr
            .contains("--env client_secret=GITHUB_CLIENT_SECRET"),
        "{}",
        out.stderr
    );
    assert!(!sb.path("gh.json").exists());

    let out = run(sb
        .cmd()
        .args(github_with_stdin_secret(&[
            "--embed-secrets",
            "--output",
            "gh.json",
        ]))
        .write_stdin(format!("{STDIN_SECRET}\r\nignored second line\n")));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("warning: --embed-secrets"),
        "{}",
        out.stderr
    );
    assert_eq!(
        read_json(&sb.path("gh.json"))["config_params"]["client_secret"],
        STDIN_SECRET
    );
    assert!(!out.stderr.contains(STDIN_SECRET) && !out.stdout.contains(STDIN_SECRET));
}

#[test]
fn secret_stdin_refuses_empty_input_and_non_secret_fields() {
    let sb = Sandbox::new();
    let out = run(sb
        .cmd()
        .args(github_with_stdin_secret(&["--embed-secrets"]))
        .write_stdin("\n"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("standard input is empty"),
        "{}",
        out.stderr
    );
    let out = run(sb
        .cmd()
        .args([
            "generate",
            "--provider",
            "github",
            "--secret-stdin",
            "base_url",
            "--embed-secrets",
        ])
        .write_stdin("https://mcp.example.com\n"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--secret-stdin takes the name of a secret field of github (secret fields: client_secret, jwt_signing_key)"),
        "{}",
        out.stderr
    );
    let out = run(sb
        .cmd()
        .args(github_with_stdin_secret(&[
            "--env",
            "client_secret=GITHUB_CLIENT_SECRET",
            "--embed-secrets",
        ]))
        .write_stdin("x\n"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("client_secret is given twice"),
        "{}",
        out.stderr
    );
    // A .env file has no place for it: refused before anything is read.
    let out = run(sb
        .cmd()
        .args(github_with_stdin_secret(&[
            "--embed-secrets",
            "--format",
            "env",
        ]))
        .write_stdin(format!("{STDIN_SECRET}\n")));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--secret-stdin cannot be used with --format env"),
        "{}",
        out.stderr
    );
}

// ---- list, show, validate ---------------------------------------------------------------

const VALID_GOOGLE: &str = r#"{
  "provider_class": "GoogleProvider",
  "import_path": "fastmcp.server.auth.providers.google",
  "config_params": {
    "client_id": "${GOOGLE_CLIENT_ID}",
    "client_secret": "${GOOGLE_CLIENT_SECRET}",
    "base_url": "https://mcp.example.com",
    "required_scopes": ["openid", "email", "profile"]
  },
  "provider_type": "google",
  "service": "docs"
}
"#;

#[test]
fn validate_reports_one_line_per_file_and_exits_1_on_any_problem() {
    let sb = Sandbox::new();
    sb.write("valid.json", VALID_GOOGLE);
    sb.write(
        "malformed.json",
        "{\n  \"provider_class\": \"X\"\n  \"import_path\": \"y\"\n}\n",
    );
    sb.write(
        "missing-key.json",
        r#"{"provider_class": "GoogleProvider", "import_path": "fastmcp.server.auth.providers.google"}"#,
    );
    sb.write(
        "missing-field.json",
        &VALID_GOOGLE.replace("\"base_url\": \"https://mcp.example.com\",", ""),
    );
    sb.write(
        "bad-url.json",
        &VALID_GOOGLE.replace("https://mcp.example.com", "http://mcp.example.com"),
    );
    sb.write(
        "custom.json",
        r#"{"provider_class": "MyVerifier", "import_path": "my_pkg.auth", "config_params": {"realm": "acme"}}"#,
    );
    let names = [
        "valid.json",
        "malformed.json",
        "missing-key.json",
        "missing-field.json",
        "bad-url.json",
        "custom.json",
    ];
    let out = sb.run(&[&["validate"][..], &names[..]].concat());
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), names.len(), "{}", out.stdout);
    assert_eq!(lines[0], format!("valid.json: {}", ok()));
    assert_eq!(
        lines[1],
        "malformed.json: line 3, column 3: not valid JSON (expected `,` or `}`)"
    );
    assert_eq!(
        lines[2],
        "missing-key.json: missing key 'config_params' (example: \"config_params\": \
         {\"client_id\": \"${GOOGLE_CLIENT_ID}\"})"
    );
    assert_eq!(
        lines[3],
        "missing-field.json: google: missing required field 'base_url' (example: \
         base_url=https://mcp.example.com)"
    );
    assert!(
        lines[4].starts_with("bad-url.json: base_url: 'http://mcp.example.com' uses http://"),
        "{}",
        lines[4]
    );
    assert_eq!(
        lines[5],
        format!("custom.json: {}", ok()),
        "an unknown class is a custom provider"
    );
    assert!(
        out.stderr.contains("error: 4 of 6 files have problems"),
        "{}",
        out.stderr
    );

    let out = sb.run(&["validate", "valid.json", "custom.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("valid.json: {}\ncustom.json: {}\n", ok(), ok())
    );
    let out = sb.run(&["validate", "does-not-exist.json"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "does-not-exist.json: cannot read the file (no such file or directory)\n"
    );
    assert_eq!(sb.run(&["validate"]).code, 2, "no path is a usage error");
}

#[test]
fn validate_check_env_reports_unset_variables() {
    let sb = Sandbox::new();
    sb.write("valid.json", VALID_GOOGLE);
    let out =
        run(sb
            .cmd()
            .env("GOOGLE_CLIENT_ID", "id")
            .args(["validate", "--check-env", "valid.json"]));
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "valid.json: client_secret refers to ${GOOGLE_CLIENT_SECRET}, which is not set\n"
    );
    let out = run(sb
        .cmd()
        .env("GOOGLE_CLIENT_ID", "id")
        .env("GOOGLE_CLIENT_SECRET", "s")
        .args(["validate", "--check-env", "valid.json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, format!("valid.json: {}\n", ok()));
    // Without --check-env the environment is not consulted.
    assert_eq!(sb.run(&["validate", "valid.json"]).code, 0);
}

#[cfg(target_os = "linux")]
#[test]
fn list_shows_saved_configs_and_problems_and_skips_backups() {
    let sb = Sandbox::new();
    let out = sb.run(&["list"]);
    assert_eq!(
        out.code, 0,
        "no directory yet is not an error: {}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("no configs in"), "{}", out.stderr);

    let save = with(
        github("https://mcp.example.com"),
        &["--service", "payments-api", "--save", "--force"],
    );
    assert_eq!(run_args(&sb, &save).code, 0);
    assert_eq!(run_args(&sb, &save).code, 0, "second save makes a .bak");
    let dir = sb.config_dir();
    fs::write(dir.join("broken.json"), "{\"provider_class\": ").unwrap();
    fs::write(dir.join("notes.txt"), "not a config").unwrap();
    assert!(dir.join("payments-api.json.bak").exists());

    let out = sb.run(&["list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    let words = |line: &str| {
        line.split_whitespace()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        words(lines[0]),
        ["SERVICE", "TYPE", "CLASS", "PATH", "STATUS"]
    );
    let broken = dir.join("broken.json").display().to_string();
    assert_eq!(words(lines[1])[..4], ["-", "-", "-", broken.as_str()]);
    assert!(
        lines[1].ends_with("line 1, column 19: not valid JSON (EOF while parsing a value)"),
        "{}",
        lines[1]
    );
    let saved = dir.join("payments-api.json").display().to_string();
    assert_eq!(
        words(lines[2]),
        [
            "payments-api",
            "github",
            "GitHubProvider",
            saved.as_str(),
            "ok"
        ]
    );

    let out = sb.run(&["list", "--dir", "no-such-dir"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("cannot list no-such-dir: no such file or directory"),
        "{}",
        out.stderr
    );
}

#[test]
fn show_masks_embedded_secrets_in_every_format() {
    let sb = Sandbox::new();
    let out = run(sb
        .cmd()
        .args(github_with_stdin_secret(&[
            "--embed-secrets",
            "--service",
            "docs",
            "--output",
            "gh.json",
        ]))
        .write_stdin(format!("{STDIN_SECRET}\n")));
    assert_eq!(out.code, 0, "{}", out.stderr);

    let out = sb.run(&["show", "gh.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let shown: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(shown["config_params"]["client_secret"], "********5678");
    assert_eq!(shown["service"], "docs");
    assert!(
        out.stderr
            .contains("warning: gh.json: client_secret: the file holds the secret's value"),
        "{}",
        out.stderr
    );
    for format in ["json", "python", "env", "env-v2"] {
        let out = sb.run(&["show", "gh.json", "--format", format]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert!(
            !out.stdout.contains(STDIN_SECRET) && !out.stderr.contains(STDIN_SECRET),
            "{format}: {}",
            out.stdout
        );
    }
    let python = sb.run(&["show", "gh.json", "--format", "python"]);
    assert!(
        python
            .stdout
            .contains("    client_secret=\"********5678\",\n"),
        "{}",
        python.stdout
    );

    sb.write("broken.json", "[]");
    let out = sb.run(&["show", "broken.json"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("error: broken.json: the file must hold a JSON object, not a list"),
        "{}",
        out.stderr
    );
}

#[test]
fn show_keeps_unknown_keys() {
    let sb = Sandbox::new();
    let mut document: Value = serde_json::from_str(VALID_GOOGLE).unwrap();
    document["x-owner"] = json!({"team": "platform"});
    sb.write("docs.json", &document.to_string());
    let out = sb.run(&["show", "docs.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let shown: Value = serde_json::from_str(&out.stdout).unwrap();
    // The file predates the locked-down defaults: they are added, and the loader says so.
    document["config_params"]["allowed_client_redirect_uris"] =
        json!(["http://localhost:*", "http://127.0.0.1:*"]);
    document["config_params"]["require_authorization_consent"] = json!(true);
    // Checked for the newest release, and shown so.
    document["fastmcp_version"] = json!(fastmcp_auth::core::compat::default_target().to_string());
    assert_eq!(shown, document);
}

/// `validate`'s verdict for a good file: it names the release it was checked for (the
/// catalog's newest when the file records none).
fn ok() -> String {
    format!(
        "ok for FastMCP {}",
        fastmcp_auth::core::compat::default_target()
    )
}

/// Issue 11: a saved config is named by its service as well as by its path, in every
/// command that reads one (`wizard --edit` too: it fails on the same missing name).
#[test]
fn show_validate_and_edit_take_a_service_name() {
    let sb = Sandbox::new();
    let save = with(
        github("https://mcp.example.com"),
        &["--service", "docs", "--save"],
    );
    let out = sb.run(&save.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let by_path = sb.run(&["show", sb.config_dir().join("docs.json").to_str().unwrap()]);
    let by_name = sb.run(&["show", "docs"]);
    assert_eq!(by_name.code, 0, "{}", by_name.stderr);
    assert_eq!(by_name.stdout, by_path.stdout);
    assert!(by_name.stdout.contains("GitHubProvider"));
    let out = sb.run(&["validate", "docs"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.ends_with(&format!("docs.json: {}\n", ok())),
        "{}",
        out.stdout
    );
    // No terminal here: the wizard would stop at that, but a name is resolved first.
    let out = sb.run(&["wizard", "--edit", "bad name!"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("example: ./payments-api.json"),
        "{}",
        out.stderr
    );
}
