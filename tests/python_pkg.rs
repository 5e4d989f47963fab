//! The Python wheel, end to end, installed the ways the README gives:
//!
//! 1. `pip install .` from the source tree into a fresh venv (the PEP 517 path through
//!    maturin, profile `dev`, so the dependencies `cargo test` already compiled are reused):
//!    this compiles the extension;
//! 2. `pip wheel --no-deps -w DIR .`: the wheel every other install uses (cargo finds the
//!    extension compiled by step 1 and only packages it);
//! 3. `pipx install WHEEL` and `uvx --from WHEEL fastmcp-auth`;
//! 4. the wheel in a venv with FastMCP, running `tests/python_pkg/` (the specification's
//!    examples fed to `build_provider` and FastMCP, the errors, the installed command).
//!
//! Each installed command is run the same way: `--version`, `generate`, and the wizard
//! without a terminal (exit 2). The tools venv (FastMCP, pytest, pip, pipx and uv) is made
//! like every test venv (`common::python`, by uv); pipx's and uv's homes and caches, and
//! pip's, live under `target/python-pkg/`; uvx runs offline (the wheel has no dependencies),
//! pip and pipx reach only the package index.
//!
//! Needs `python3` with venv support and a package index on the first run;
//! `FASTMCP_AUTH_SKIP_PYTHON=1` skips it (it says so on stderr).

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use common::python::{
    FASTMCP_VERSION, MANIFEST_DIR, UV_REQUIREMENT, provision_venv_with, tail, target_dir,
    venv_python,
};

/// What the tools venv holds; its marker records this line. pip is asked for because uv
/// makes venvs without it, and this test installs the wheel with pip.
fn requirements() -> Vec<String> {
    vec![
        format!("fastmcp=={FASTMCP_VERSION}"),
        "pytest>=8,<9".to_string(),
        "pip".to_string(),
        "pipx>=1.7,<2".to_string(),
        UV_REQUIREMENT.to_string(),
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

/// Environment of every PEP 517 build: the `dev` profile (the test build's; only the crates
/// whose features differ without the dev-dependencies, and pyo3, are compiled again), and
/// the base interpreter for every venv so that pyo3's build configuration (and so the
/// compiled extension) is the same for all of them; pip's cache under target/.
fn pep517_env<'a>(command: &'a mut Command, root: &Path) -> &'a mut Command {
    command
        .env("MATURIN_PEP517_ARGS", "--profile dev")
        .env("MATURIN_PEP517_USE_BASE_PYTHON", "1")
        .env("PIP_CACHE_DIR", root.join("pip-cache"))
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .current_dir(MANIFEST_DIR)
}

/// How long each step took, printed at the end (`--nocapture`) to keep CI cost visible.
struct Steps(Vec<(&'static str, f64)>, Instant);

impl Steps {
    fn done(&mut self, step: &'static str) {
        let now = Instant::now();
        self.0.push((step, (now - self.1).as_secs_f64()));
        self.1 = now;
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        let line: Vec<String> = self.0.iter().map(|(s, t)| format!("{s} {t:.1}s")).collect();
        eprintln!("python_pkg steps: {}", line.join(", "));
    }
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn python_package_builds_installs_and_passes_its_suite() {
    let root = target_dir().join("python-pkg");
    fs::create_dir_all(&root).expect("create target/python-pkg");
    let mut steps = Steps(Vec::new(), Instant::now());
    let python =
        provision_venv_with("python-pkg/venv", &requirements()).unwrap_or_else(|e| panic!("{e}"));
    let bin = python.parent().expect("venv bin dir").to_path_buf();
    steps.done("tools venv");

    // 1. `pip install .` into a fresh venv.
    let fresh = root.join("pip-install-venv");
    if fresh.exists() {
        fs::remove_dir_all(&fresh).expect("remove the previous pip install venv");
    }
    run(
        "python3 -m venv (fresh)",
        Command::new(&python).args(["-m", "venv"]).arg(&fresh),
    );
    let fresh_python = venv_python(&fresh);
    run(
        "pip install . (fresh venv)",
        pep517_env(&mut Command::new(&fresh_python), &root)
            .args(["-m", "pip", "install", "-q", "."]),
    );
    steps.done("pip install . (compiles)");
    check_command("pip install .", &mut || {
        Command::new(fresh_python.with_file_name("fastmcp-auth"))
    });

    // 2. The one wheel the other installs use.
    let wheels = root.join("wheels");
    let _ = fs::remove_dir_all(&wheels);
    run(
        "pip wheel --no-deps .",
        pep517_env(&mut Command::new(&fresh_python), &root)
            .args(["-m", "pip", "wheel", "-q", "--no-deps", "-w"])
            .arg(&wheels)
            .arg("."),
    );
    let wheel = fs::read_dir(&wheels)
        .expect("wheels dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("pip wheel wrote no wheel");
    steps.done("pip wheel . (packages)");

    // 3. pipx and uvx, with their homes under target/.
    let home = root.join("home");
    fs::create_dir_all(&home).expect("create target/python-pkg/home");
    let pipx_dir = root.join("pipx");
    let isolated = |command: &mut Command| {
        command
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("PIP_CACHE_DIR", root.join("pip-cache"))
            .env("PIPX_HOME", pipx_dir.join("home"))
            .env("PIPX_BIN_DIR", pipx_dir.join("bin"))
            .env("PIPX_MAN_DIR", pipx_dir.join("man"))
            .env("PIPX_DEFAULT_PYTHON", &python)
            .env("UV_CACHE_DIR", root.join("uv-cache"))
            .env("UV_NO_CONFIG", "1")
            .env("UV_OFFLINE", "1")
            .env("UV_PYTHON_DOWNLOADS", "never")
            .env("UV_PYTHON", &python);
    };
    // A plain `pipx install` (as the README has it) needs the previous run's install gone.
    let _ = fs::remove_dir_all(pipx_dir.join("home").join("venvs").join("fastmcp-auth"));
    let _ = fs::remove_file(pipx_dir.join("bin").join("fastmcp-auth"));
    let mut pipx = Command::new(bin.join("pipx"));
    isolated(&mut pipx);
    run("pipx install WHEEL", pipx.arg("install").arg(&wheel));
    steps.done("pipx install WHEEL");
    let pipx_command = pipx_dir.join("bin").join("fastmcp-auth");
    check_command("pipx install WHEEL", &mut || Command::new(&pipx_command));
    steps.done("pipx: command checks");
    check_command("uvx --from WHEEL", &mut || {
        let mut uvx = Command::new(bin.join("uvx"));
        isolated(&mut uvx);
        uvx.arg("--from").arg(&wheel).arg("fastmcp-auth");
        uvx
    });
    steps.done("uvx --from WHEEL: command checks");

    // 4. The wheel with FastMCP, and the Python suite.
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
    steps.done("pytest");
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains(" passed"), "{summary}");
    assert!(!summary.contains("skipped"), "{summary}");
}

/// The installed command, the README's way: `--version`, `generate` (JSON FastMCP can load:
/// the Python suite loads the same command's output), and the wizard without a terminal.
fn check_command(how: &str, command: &mut dyn FnMut() -> Command) {
    let out = run(
        &format!("{how}: fastmcp-auth --version"),
        command().arg("--version"),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("fastmcp-auth {}", env!("CARGO_PKG_VERSION")),
        "{how}: --version"
    );

    let out = run(
        &format!("{how}: fastmcp-auth generate"),
        command().args([
            "generate",
            "--provider",
            "bearer",
            "--set",
            "jwks_uri=https://auth.example.com/.well-known/jwks.json",
            "--set",
            "issuer=https://auth.example.com",
            "--set",
            "audience=pkg-api",
            "--scope",
            "read",
        ]),
    );
    let config: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{how}: generate printed no JSON ({e})"));
    assert_eq!(config["provider_class"], "JWTVerifier", "{how}: {config}");
    assert_eq!(
        config["config_params"]["audience"], "pkg-api",
        "{how}: {config}"
    );

    // No arguments means the wizard; without a terminal it must refuse with status 2.
    let out = command()
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{how}: cannot run fastmcp-auth: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{how}: wizard without a terminal: {stderr}"
    );
    assert!(
        stderr.to_lowercase().contains("terminal"),
        "{how}: {stderr}"
    );
}

fn prepend_path(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.to_path_buf()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).expect("PATH")
}
