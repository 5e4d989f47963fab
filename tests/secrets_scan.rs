//! Secrets stay where the user put them. Every command path that handles a secret runs with
//! one marker secret arriving every way a secret can (environment variable, standard input,
//! a file, even typed on the command line by mistake); then stdout, stderr, `--help` and
//! every file written are scanned for it. Only files the user explicitly asked to embed
//! secrets in (kept under `embedded/`) may contain it, and they must.
#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use assert_cmd::Command;
use common::cli::clean_command;

const MARKER: &str = "Zq81xVw27pLk03mNb4Rt";

/// Variables that hold the marker in every run.
const SECRET_VARS: [&str; 3] = [
    "GOOGLE_CLIENT_SECRET",
    "GITHUB_CLIENT_SECRET",
    "JWT_SHARED_SECRET",
];

/// Any 8 characters of the marker count as a leak (a masked preview shows only the last 4).
fn leaks(text: &[u8]) -> bool {
    let marker = MARKER.as_bytes();
    marker
        .windows(8)
        .any(|window| text.windows(8).any(|part| part == window))
}

struct Scan {
    root: tempfile::TempDir,
    runs: usize,
}

impl Scan {
    fn new() -> Self {
        let scan = Scan {
            root: tempfile::tempdir().unwrap(),
            runs: 0,
        };
        for dir in ["embedded", "fixtures", "plain", "xdg", "home"] {
            fs::create_dir(scan.path(dir)).unwrap();
        }
        fs::write(scan.path("fixtures/secret.txt"), format!("{MARKER}\n")).unwrap();
        scan
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    fn cmd(&self) -> Command {
        let mut cmd = clean_command(Some(self.root.path()));
        for var in SECRET_VARS {
            cmd.env(var, MARKER);
        }
        cmd
    }

    /// Runs the command and checks that neither stream carries the marker; returns the
    /// exit status.
    fn run(&mut self, args: &[&str], stdin: Option<&str>) -> i32 {
        let mut cmd = self.cmd();
        cmd.args(args);
        if let Some(input) = stdin {
            cmd.write_stdin(input);
        }
        let out = cmd.output().unwrap();
        self.runs += 1;
        assert!(
            !leaks(&out.stdout),
            "{args:?}: secret on stdout:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            !leaks(&out.stderr),
            "{args:?}: secret on stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.status.code().unwrap_or(-1)
    }

    fn expect(&mut self, code: i32, args: &[&str], stdin: Option<&str>) {
        assert_eq!(self.run(args, stdin), code, "{args:?}");
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

const GOOGLE: [&str; 7] = [
    "--provider",
    "google",
    "--set",
    "client_id=id.apps.googleusercontent.com",
    "--set",
    "base_url=https://mcp.example.com",
    "--service",
];
const GITHUB: [&str; 6] = [
    "--provider",
    "github",
    "--set",
    "client_id=Ov23li",
    "--set",
    "base_url=https://mcp.example.com",
];

fn args<'a>(parts: &[&[&'a str]]) -> Vec<&'a str> {
    parts.concat()
}

#[test]
fn no_command_path_leaks_a_secret() {
    let mut scan = Scan::new();
    let secret_file = format!(
        "client_secret={}",
        scan.path("fixtures/secret.txt").display()
    );
    let marker_stdin = format!("{MARKER}\n");
    let env_ref = ["--env", "client_secret=GOOGLE_CLIENT_SECRET"];

    // Help never shows the environment's values.
    for sub in [
        &[][..],
        &["generate"],
        &["list"],
        &["show"],
        &["validate"],
        &["providers"],
        &["token"],
    ] {
        scan.expect(0, &args(&[sub, &["--help"]]), None);
    }

    // Secrets referenced from the environment: printed and saved in every format.
    for format in ["json", "python", "env", "env-v2"] {
        let generate = args(&[&["generate"], &GOOGLE, &["docs"], &env_ref]);
        scan.expect(0, &args(&[&generate, &["--format", format]]), None);
        let target = format!("plain/google.{format}");
        let save = ["--format", format, "--output", &target];
        scan.expect(0, &args(&[&generate, &save]), None);
        scan.expect(0, &args(&[&generate, &save, &["--force"]]), None);
    }
    scan.expect(
        0,
        &args(&[&["generate"], &GOOGLE, &["docs"], &env_ref, &["--save"]]),
        None,
    );
    let hs256 = [
        "generate",
        "--provider",
        "bearer",
        "--set",
        "algorithm=HS256",
        "--env",
        "public_key=JWT_SHARED_SECRET",
        "--output",
        "plain/bearer.json",
    ];
    scan.expect(0, &hs256, None);

    // Secrets that arrive as values are refused without --embed-secrets, never echoed.
    let via_argv = format!("client_secret={MARKER}");
    let via_json = format!("client_secret=\"{MARKER}\"");
    scan.expect(
        2,
        &args(&[&["generate"], &GITHUB, &["--set", &via_argv]]),
        None,
    );
    scan.expect(
        2,
        &args(&[&["generate"], &GITHUB, &["--set-json", &via_json]]),
        None,
    );
    scan.expect(
        2,
        &args(&[&["generate"], &GITHUB, &["--set", MARKER]]),
        None,
    );
    let refused = ["--output", "plain/refused.json"];
    scan.expect(
        2,
        &args(&[
            &["generate"],
            &GITHUB,
            &["--set-file", &secret_file],
            &refused,
        ]),
        None,
    );
    scan.expect(
        2,
        &args(&[
            &["generate"],
            &GITHUB,
            &["--secret-stdin", "client_secret"],
            &refused,
        ]),
        Some(&marker_stdin),
    );
    // The secret given where its variable's name belongs (a valid POSIX name, so only the
    // credential check stops it), with whitespace hiding the HS algorithm, and in a URL.
    let via_env = format!("client_secret={MARKER}");
    scan.expect(
        2,
        &args(&[&["generate"], &GITHUB, &["--env", &via_env]]),
        None,
    );
    let via_public_key = format!("public_key={MARKER}");
    scan.expect(
        2,
        &[
            "generate",
            "--provider",
            "bearer",
            "--set",
            "algorithm= HS256",
            "--set",
            &via_public_key,
        ],
        None,
    );
    let via_url = format!("base_url=https://admin:{MARKER}@mcp.example.com");
    scan.expect(
        1,
        &[
            "generate",
            "--provider",
            "github",
            "--set",
            "client_id=Ov23li",
            "--env",
            "client_secret=GITHUB_CLIENT_SECRET",
            "--set",
            &via_url,
        ],
        None,
    );
    // The secret typed where the field name belongs.
    scan.expect(
        2,
        &args(&[
            &["generate"],
            &GITHUB,
            &["--secret-stdin", MARKER, "--embed-secrets"],
        ]),
        Some("x\n"),
    );
    // Refused for another reason after the secret was read.
    scan.expect(
        1,
        &[
            "generate",
            "--provider",
            "github",
            "--secret-stdin",
            "client_secret",
            "--embed-secrets",
        ],
        Some(&marker_stdin),
    );
    assert!(!scan.path("plain/refused.json").exists());

    // Explicitly embedded: only these files may hold the secret.
    let embed = ["--embed-secrets"];
    scan.expect(
        0,
        &args(&[
            &["generate"],
            &GITHUB,
            &[
                "--secret-stdin",
                "client_secret",
                "--output",
                "embedded/stdin.json",
            ],
            &embed,
        ]),
        Some(&marker_stdin),
    );
    scan.expect(
        0,
        &args(&[
            &["generate"],
            &GITHUB,
            &["--set-file", &secret_file, "--output", "embedded/file.json"],
            &embed,
        ]),
        None,
    );
    scan.expect(
        0,
        &args(&[
            &["generate"],
            &GOOGLE,
            &["docs"],
            &env_ref,
            &["--format", "env", "--output", "embedded/google.env"],
            &embed,
        ]),
        None,
    );
    scan.expect(
        0,
        &args(&[
            &["generate"],
            &GITHUB,
            &["--secret-stdin", "client_secret", "--format", "python"],
            &["--output", "embedded/server.py"],
            &embed,
        ]),
        Some(&marker_stdin),
    );

    // Reading embedded configs back: masked or named, never shown.
    for format in ["json", "python", "env", "env-v2"] {
        scan.expect(
            0,
            &["show", "embedded/stdin.json", "--format", format],
            None,
        );
    }
    scan.expect(
        0,
        &["validate", "embedded/stdin.json", "embedded/file.json"],
        None,
    );
    scan.expect(0, &["validate", "--check-env", "embedded/file.json"], None);
    scan.expect(0, &["list", "--dir", "embedded"], None);
    scan.expect(0, &["list"], None);

    // Broken files holding the secret: every error names the problem, not the value.
    let broken = [
        (
            "bad-url.json",
            format!(
                r#"{{"provider_class": "GitHubProvider", "import_path": "fastmcp.server.auth.providers.github",
                   "config_params": {{"client_id": "x", "client_secret": "{MARKER}", "base_url": "ftp://x"}}}}"#
            ),
        ),
        (
            "malformed.json",
            format!(r#"{{"config_params": {{"client_secret": "{MARKER}" "oops"}}}}"#),
        ),
        (
            "bad-escape.json",
            format!(r#"{{"client_secret": "{MARKER}\q"}}"#),
        ),
        (
            "shape.json",
            format!(
                r#"{{"provider_class": "X", "import_path": "y", "config_params": "{MARKER}"}}"#
            ),
        ),
        (
            "type.json",
            format!(r#"{{"provider_class": ["{MARKER}"]}}"#),
        ),
        (
            "custom.json",
            format!(
                r#"{{"provider_class": "V", "import_path": "m", "config_params": {{"api_key": "{MARKER}", "password": 5}}}}"#
            ),
        ),
    ];
    for (name, text) in &broken {
        let path = format!("fixtures/{name}");
        fs::write(scan.path(&path), text).unwrap();
        scan.run(&["validate", "--check-env", &path], None);
        scan.run(&["show", &path], None);
    }
    scan.run(&["list", "--dir", "fixtures"], None);
    assert!(scan.runs > 40, "only {} runs", scan.runs);

    // Every file written: only the embedded ones hold the secret, and all of them do.
    let mut embedded = 0;
    for file in files_under(scan.root.path()) {
        let relative = file.strip_prefix(scan.root.path()).unwrap();
        let contents = fs::read(&file).unwrap();
        if relative.starts_with("fixtures") {
            continue;
        }
        if relative.starts_with("embedded") {
            assert!(leaks(&contents), "{relative:?} lost the embedded secret");
            embedded += 1;
        } else {
            assert!(!leaks(&contents), "{relative:?} holds the secret");
        }
    }
    assert_eq!(embedded, 4);
    assert!(scan.path("xdg/fastmcp-auth/docs.json").exists());
    assert!(scan.path("plain/google.json.bak").exists());
}

#[test]
fn the_scanner_sees_a_partial_secret() {
    assert!(leaks(format!("x{}y", &MARKER[3..11]).as_bytes()));
    assert!(!leaks(format!("********{}", &MARKER[16..]).as_bytes()));
}

/// Set in the child process [`a_panic_prints_live_secrets_masked`] starts.
const PANIC_CHILD: &str = "FASTMCP_AUTH_SECRETS_SCAN_PANIC_CHILD";

/// A panic in a process running the command line prints its message with every live
/// secret masked, here the message std itself builds when a string is sliced out of
/// bounds (it quotes the string). The panic is this test's own: the shipped binary has no
/// way to be made to panic on purpose; the hook is the one `cli::run` installs.
#[test]
fn a_panic_prints_live_secrets_masked() {
    if std::env::var_os(PANIC_CHILD).is_some() {
        let code = fastmcp_auth::cli::run(
            ["fastmcp-auth", "--version"],
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert_eq!(code, std::process::ExitCode::SUCCESS);
        let secret = fastmcp_auth::core::Secret::new(format!("{MARKER}-held-by-the-command"));
        let text = secret.expose();
        let past_the_end = std::hint::black_box(text.len() + 1);
        let _ = &text[..past_the_end];
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_panic_prints_live_secrets_masked",
            "--nocapture",
        ])
        .env(PANIC_CHILD, "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "the child did not panic: {stderr}"
    );
    assert!(
        stderr.contains("is out of bounds of `<redacted>`"),
        "{stderr}"
    );
    assert!(!leaks(&output.stderr), "{stderr}");
    assert!(!leaks(&output.stdout));
}

/// Whatever holds a secret prints it redacted with `{:?}` (what a panic, a log line or an
/// `unwrap` shows): the config before and after generation, and the value itself.
#[test]
fn debug_output_of_configs_holding_a_secret_is_redacted() {
    use fastmcp_auth::core::{
        AuthContext, AuthProviderConfig, AuthProviderType, ParamValue, Secret,
        generate_with_warnings,
    };
    let mut provider = AuthProviderConfig::new(AuthProviderType::Google);
    provider.set("client_id", "123-abc.apps.googleusercontent.com");
    provider.set("client_secret", ParamValue::secret(MARKER));
    provider.set("base_url", "https://mcp.example.com");
    provider.embed_secrets = true;
    let generated = generate_with_warnings(&provider).unwrap();
    let service = AuthContext::new().auth_service("scan").use_google_auth(
        "123-abc.apps.googleusercontent.com",
        ParamValue::secret(MARKER),
        "https://mcp.example.com",
    );
    let debug = format!(
        "{provider:?} {generated:?} {:?} {service:?} {:?}",
        generated.config,
        Secret::new(MARKER)
    );
    assert!(debug.contains("<redacted>"), "{debug}");
    assert!(!leaks(debug.as_bytes()), "{debug}");
}
