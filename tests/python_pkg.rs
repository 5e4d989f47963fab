//! The Python wheel, end to end: builds it with maturin (profile `wheel-ci`), installs it
//! into a virtual environment under `target/` with FastMCP, and runs `tests/python_pkg/`
//! (the specification's examples fed to `build_provider` and FastMCP, the errors, and the
//! installed `fastmcp-auth` command).
//!
//! Needs `python3` with venv support and a package index on the first run;
//! `FASTMCP_AUTH_SKIP_PYTHON=1` skips it (it says so on stderr).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::python::{FASTMCP_VERSION, MANIFEST_DIR, tail, target_dir, venv_python};

/// What the package venv holds besides the wheel; its marker records this line.
fn requirements() -> Vec<String> {
    vec![
        format!("fastmcp=={FASTMCP_VERSION}"),
        "pytest>=8,<9".to_string(),
        "maturin>=1.9,<2".to_string(),
    ]
}

fn run(what: &str, command: &mut Command) -> Output {
    let out = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        tail(&String::from_utf8_lossy(&out.stdout), 60),
        tail(&String::from_utf8_lossy(&out.stderr), 40)
    );
    out
}

/// `target/python-pkg/venv` with FastMCP, pytest and maturin; redone when the marker differs.
fn package_venv(root: &Path) -> PathBuf {
    let venv = root.join("venv");
    let marker = venv.join(".fastmcp-auth-python-pkg");
    let wanted = requirements().join(" ");
    let python = venv_python(&venv);
    if fs::read_to_string(&marker).is_ok_and(|m| m.trim() == wanted) {
        return python;
    }
    if venv.exists() {
        fs::remove_dir_all(&venv).expect("remove half-made package venv");
    }
    run(
        "python3 -m venv",
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
    );
    run(
        "pip install (package venv)",
        Command::new(&python)
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(requirements()),
    );
    fs::write(&marker, format!("{wanted}\n")).expect("write venv marker");
    python
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn python_package_builds_installs_and_passes_its_suite() {
    let root = target_dir().join("python-pkg");
    fs::create_dir_all(&root).expect("create target/python-pkg");
    let python = package_venv(&root);
    let bin = python.parent().expect("venv bin dir").to_path_buf();

    // A fresh wheel every run: the old ones are removed so the one installed is this build's.
    let wheels = root.join("wheels");
    let _ = fs::remove_dir_all(&wheels);
    run(
        "maturin build",
        Command::new(bin.join("maturin"))
            .args(["build", "--profile", "wheel-ci", "--out"])
            .arg(&wheels)
            .arg("--interpreter")
            .arg(&python)
            .current_dir(MANIFEST_DIR),
    );
    let wheel = fs::read_dir(&wheels)
        .expect("wheels dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("maturin wrote no wheel");
    run(
        "pip install (the wheel)",
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                "--force-reinstall",
                "--no-deps",
            ])
            .arg(&wheel),
    );
    // Run from target/ so `import fastmcp_auth` is the installed wheel, not python/.
    let out = run(
        "pytest tests/python_pkg",
        Command::new(&python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(Path::new(MANIFEST_DIR).join("tests").join("python_pkg"))
            .current_dir(&root)
            .env("PATH", prepend_path(&bin)),
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains(" passed"), "{summary}");
    assert!(!summary.contains("skipped"), "{summary}");
}

fn prepend_path(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.to_path_buf()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).expect("PATH")
}
