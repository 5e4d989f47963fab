//! Running the real binary from tests: a clean environment and its captured outcome.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::Path;

use assert_cmd::Command;

/// What one run of the binary did.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The binary with nothing in its environment but `PATH`, and, given a sandbox root,
/// `HOME` and `XDG_CONFIG_HOME` inside it (`home/`, `xdg/`) with the root as working
/// directory: only what a test sets is visible.
pub fn clean_command(sandbox: Option<&Path>) -> Command {
    let mut cmd = Command::cargo_bin("fastmcp-auth").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    if let Some(root) = sandbox {
        cmd.env("HOME", root.join("home"))
            .env("XDG_CONFIG_HOME", root.join("xdg"))
            .current_dir(root);
    }
    cmd
}

pub fn run(cmd: &mut Command) -> Outcome {
    let out = cmd.output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Issue 12's `generate` contract for GitHub (an OAuth-proxy provider): the first 9
/// arguments are a plain GitHub config, the rest put its state on Redis with the documented
/// variable names.
pub const GITHUB_REDIS_CONTRACT: [&str; 16] = [
    "generate",
    "--provider",
    "github",
    "--env",
    "client_id=GITHUB_CLIENT_ID",
    "--env",
    "client_secret=GITHUB_CLIENT_SECRET",
    "--set",
    "base_url=https://mcp.example.com",
    "--storage",
    "redis",
    "--env",
    "storage_url=REDIS_URL",
    "--env",
    "storage_encryption_key=FASTMCP_STORAGE_KEY",
    "--env",
];
