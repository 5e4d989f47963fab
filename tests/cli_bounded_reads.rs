//! Every file and stdin read of the binary is bounded and never blocks: `--set-file`,
//! `--sign-key`, `--secret-stdin`, and the configs of `show`, `validate` and `list` refuse
//! FIFOs, devices and inputs over their limit with a message naming the input. Each run has
//! a deadline: before, a FIFO hung forever and `/dev/zero` grew without bound.
#![cfg(unix)]

use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

mod common;

use common::cli::{Outcome, clean_command, run};

/// Generous: two cores are shared by many test binaries. A hang fails at the deadline.
const DEADLINE: Duration = Duration::from_secs(60);

struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox {
            root: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn fifo(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        let c_path = CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        path
    }

    fn file_of_size(&self, name: &str, bytes: usize) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, vec![b'a'; bytes]).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Outcome {
        run(clean_command(Some(self.root.path()))
            .args(args)
            .timeout(DEADLINE))
    }
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn assert_refused(out: &Outcome, code: i32, expected: &str) {
    assert_eq!(out.code, code, "{}", out.stderr);
    assert!(out.stderr.contains(expected), "{}", out.stderr);
}

#[test]
fn set_file_refuses_fifos_devices_and_oversized_files() {
    let sb = Sandbox::new();
    let fifo = sb.fifo("key.pem");
    let big = sb.file_of_size("big.pem", 256 * 1024 + 1);
    let at_limit = sb.file_of_size("limit.pem", 256 * 1024);
    let generate = |path: &Path| {
        sb.run(&[
            "generate",
            "--provider",
            "bearer",
            "--set-file",
            &format!("public_key={}", text(path)),
        ])
    };
    let cases = [
        (
            fifo.as_path(),
            "it is a FIFO (named pipe), not a regular file",
        ),
        (
            Path::new("/dev/zero"),
            "it is a character device, not a regular file",
        ),
        (
            big.as_path(),
            "it is larger than 256 KiB, the limit for a value read from a file",
        ),
    ];
    for (path, problem) in cases {
        let expected = format!(
            "--set-file public_key: cannot read '{}': {problem}",
            path.display()
        );
        assert_refused(&generate(path), 2, &expected);
    }
    // At the limit the file is read; what happens next is the value's business.
    let out = generate(&at_limit);
    assert!(!out.stderr.contains("cannot read"), "{}", out.stderr);
}

#[test]
fn sign_key_refuses_fifos_devices_and_oversized_files() {
    let sb = Sandbox::new();
    let fifo = sb.fifo("private.pem");
    let big = sb.file_of_size("big.pem", 64 * 1024 + 1);
    let cases = [
        (
            fifo.as_path(),
            "it is a FIFO (named pipe), not a regular file",
        ),
        (
            Path::new("/dev/zero"),
            "it is a character device, not a regular file",
        ),
        (
            big.as_path(),
            "it is larger than 64 KiB, the limit for a key file",
        ),
    ];
    for (path, problem) in cases {
        let out = sb.run(&["token", "--client-id", "c", "--sign-key", text(path)]);
        let expected = format!("--sign-key {}: cannot read it ({problem})", path.display());
        assert_refused(&out, 2, &expected);
    }
}

#[test]
fn secret_stdin_from_an_endless_device_fails_fast_at_its_limit() {
    let sb = Sandbox::new();
    // assert_cmd can only copy a file into stdin, which /dev/zero never ends: std it is.
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_fastmcp-auth"))
        .env_clear()
        .current_dir(sb.root.path())
        .args([
            "generate",
            "--provider",
            "github",
            "--set",
            "client_id=Ov23li",
            "--set",
            "base_url=https://mcp.example.com",
            "--secret-stdin",
            "client_secret",
            "--embed-secrets",
        ])
        .stdin(fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output().unwrap()));
    let out = rx
        .recv_timeout(DEADLINE)
        .expect("not done within the deadline");
    let out = Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert_refused(
        &out,
        2,
        "--secret-stdin: cannot read standard input (it is larger than 64 KiB, the limit for \
         a secret)",
    );
}

#[test]
fn show_and_validate_refuse_fifos_devices_and_oversized_configs() {
    let sb = Sandbox::new();
    let fifo = sb.fifo("x.json");
    let big = sb.file_of_size("big.json", 1024 * 1024 + 1);
    let cases = [
        (
            fifo.as_path(),
            "it is a FIFO (named pipe), not a regular file",
        ),
        (
            Path::new("/dev/zero"),
            "it is a character device, not a regular file",
        ),
        (
            big.as_path(),
            "it is larger than 1 MiB, the limit for a config file",
        ),
    ];
    for (path, problem) in cases {
        let expected = format!("{}: cannot read the file ({problem})", path.display());
        assert_refused(&sb.run(&["show", text(path)]), 1, &expected);
        let out = sb.run(&["validate", text(path)]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert_eq!(out.stdout, format!("{expected}\n"));
    }
}

#[test]
fn list_reports_a_fifo_named_like_a_config_without_hanging() {
    let sb = Sandbox::new();
    let dir = sb.path("configs");
    fs::create_dir(&dir).unwrap();
    let fifo = sb.fifo("configs/x.json");
    let out = sb.run(&["list", "--dir", text(&dir)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = out.stdout.lines().nth(1).unwrap_or_default();
    assert!(
        row.contains(text(&fifo))
            && row
                .ends_with("cannot read the file (it is a FIFO (named pipe), not a regular file)"),
        "{}",
        out.stdout
    );
}
