//! Python side of the test suite, shared by the test binaries that need real FastMCP:
//! virtual environments provisioned once under `target/` with FastMCP pinned, and an OIDC
//! discovery document served on loopback.
//!
//! The venvs are made by uv (pip-installed once into `target/uv-venv`): it resolves and
//! installs a FastMCP venv in seconds where pip takes most of a minute of CPU, and reaches
//! only the package index. Its cache is `target/uv-cache`.
//!
//! Needs `python3` with venv support and a package index on the first run;
//! `FASTMCP_AUTH_SKIP_PYTHON=1` makes the tests that use it ignored (see [`fastmcp_python`]).

#![allow(dead_code)] // each test binary uses its own subset

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use serde_json::json;

/// The FastMCP release the generated configs must load in (the main venv, with Redis): the
/// newest the catalog was checked against, so the compatibility suite reuses this venv for
/// it.
pub const FASTMCP_VERSION: &str = "4.2.3";
/// FastMCP's key-value library with the Redis client, for the shared-storage tests (the
/// version FastMCP 4.2.3 resolves to; it accepts `>=0.4.6,<0.6`).
pub const KEY_VALUE_REDIS: &str = "py-key-value-aio[redis]==0.5.0";
/// The releases the compatibility suite checks every catalog case against: the newest 4.x,
/// 3.4.x and 2.14.x. The newest is [`FASTMCP_VERSION`] (the main venv); the others get their
/// own venv from [`fastmcp_python_for`].
pub const COMPAT_VERSIONS: [&str; 3] = ["4.2.3", "3.4.11", "2.14.7"];
/// uv, the installer of every test venv; pip installs it (the tools venv of
/// tests/python_pkg.rs asks for the same range).
pub const UV_REQUIREMENT: &str = "uv>=0.8,<1";
pub const SKIP_VAR: &str = "FASTMCP_AUTH_SKIP_PYTHON";
pub const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The venv's python, provisioned once. Every test that calls it carries
/// `#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]`: with
/// `FASTMCP_AUTH_SKIP_PYTHON=1` the build script sets `skip_python`, and libtest reports
/// those tests as ignored instead of passing them unchecked. Panics with the provisioning
/// error, so a missing python3 fails the test.
pub fn fastmcp_python() -> PathBuf {
    fastmcp_python_for(FASTMCP_VERSION)
}

/// The python of a venv with exactly FastMCP `version` (and what that release needs pinned
/// to import), at `target/fastmcp-venv-VERSION` (the main venv for [`FASTMCP_VERSION`]),
/// provisioned once per test binary and reused across runs. Same `skip_python` rule and
/// panics as [`fastmcp_python`].
pub fn fastmcp_python_for(version: &str) -> PathBuf {
    match provision_versioned_venv(version) {
        Ok(python) => python,
        Err(e) => panic!("{e}"),
    }
}

/// Provisions the venvs of `versions` in parallel threads (uv mostly waits on the network
/// and on unpacking) and returns each python, in order.
pub fn fastmcp_pythons_for(versions: &[&str]) -> Vec<Result<PathBuf, String>> {
    thread::scope(|scope| {
        let handles: Vec<_> = versions
            .iter()
            .map(|v| scope.spawn(move || provision_versioned_venv(v)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("provisioning panicked".into()))
            })
            .collect()
    })
}

/// What a venv for FastMCP `version` installs: FastMCP itself, plus the pins an old
/// release needs because its own requirements leave newer, incompatible releases open.
pub fn requirements_for(version: &str) -> Vec<String> {
    let mut wanted = vec![format!("fastmcp=={version}")];
    let pins: &[&str] = match version {
        // FastMCP 2.12.x fails to import with pydantic 2.12 and later.
        v if v.starts_with("2.12.") => &["pydantic<2.12"],
        _ => &[],
    };
    wanted.extend(pins.iter().map(|p| p.to_string()));
    wanted
}

/// A venv being provisioned or provisioned, shared by the threads that ask for it.
type VenvCell = Arc<OnceLock<Result<PathBuf, String>>>;

/// One [`provision_venv_with`] per version and process; the main venv for
/// [`FASTMCP_VERSION`].
fn provision_versioned_venv(version: &str) -> Result<PathBuf, String> {
    static VENVS: OnceLock<std::sync::Mutex<HashMap<String, VenvCell>>> = OnceLock::new();
    let cell = VENVS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(version.to_string())
        .or_default()
        .clone();
    cell.get_or_init(|| {
        if version == FASTMCP_VERSION {
            provision_venv()
        } else {
            provision_venv_with(
                &format!("fastmcp-venv-{version}"),
                &requirements_for(version),
            )
        }
    })
    .clone()
}

pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// A JSON document served on a loopback port, for every request, until the process ends.
pub struct LoopbackServer {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// How many requests it has answered.
    pub requests: Arc<AtomicUsize>,
}

/// Serves the body `make_body` builds from the server's base URL (documents that name
/// their own URLs, like OIDC discovery, need it).
pub fn serve_json(make_body: impl FnOnce(&str) -> String) -> Result<LoopbackServer, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind loopback: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let base = format!("http://127.0.0.1:{port}");
    let body = make_body(&base);
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            answer(stream, &body);
        }
    });
    Ok(LoopbackServer { base, requests })
}

/// Serves a minimal OIDC discovery document on loopback (OIDCProxy fetches it while it is
/// constructed); returns its URL.
pub fn serve_discovery_document() -> Result<String, String> {
    let server = serve_json(|base| {
        let issuer = format!("{base}/oidc");
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": format!("{issuer}/oauth/token"),
            "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        })
        .to_string()
    })?;
    Ok(format!(
        "{}/oidc/.well-known/openid-configuration",
        server.base
    ))
}

/// Reads one request's head and answers it with `body` as JSON.
fn answer(mut stream: TcpStream, body: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
}

pub fn target_dir() -> PathBuf {
    Path::new(MANIFEST_DIR).join("target")
}

pub fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// `target/fastmcp-venv` with FastMCP [`FASTMCP_VERSION`] and the Redis key-value store
/// installed; returns its python.
pub fn provision_venv() -> Result<PathBuf, String> {
    provision_venv_with(
        "fastmcp-venv",
        &[
            format!("fastmcp=={FASTMCP_VERSION}"),
            KEY_VALUE_REDIS.to_string(),
        ],
    )
}

/// `target/NAME` with `requirements` installed by uv; returns its python. Reuses a venv whose
/// marker names the same requirements; anything else (missing, half-made, other pins) is
/// redone, under a lock so parallel test runs do not provision it twice.
pub fn provision_venv_with(name: &str, requirements: &[String]) -> Result<PathBuf, String> {
    provision(name, requirements, Installer::Uv)
}

/// What creates and fills a venv: pip only for the venv that holds uv itself.
#[derive(Clone, Copy)]
enum Installer {
    Pip,
    Uv,
}

/// The uv of `target/uv-venv` (pip-installed once, [`UV_REQUIREMENT`]).
fn uv() -> Result<PathBuf, String> {
    static UV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    UV.get_or_init(|| {
        let python = provision("uv-venv", &[UV_REQUIREMENT.to_string()], Installer::Pip)?;
        Ok(python.with_file_name(if cfg!(windows) { "uv.exe" } else { "uv" }))
    })
    .clone()
}

/// `uv` with its cache under target/, no user configuration, never a downloaded
/// interpreter, and the system's certificate store (what pip trusts here too).
fn uv_command(uv: &Path) -> Command {
    let mut command = Command::new(uv);
    command
        .env("UV_CACHE_DIR", target_dir().join("uv-cache"))
        .env("UV_NO_CONFIG", "1")
        .env("UV_PYTHON_DOWNLOADS", "never")
        .env("UV_NATIVE_TLS", "1")
        .env_remove("VIRTUAL_ENV")
        .stdin(Stdio::null());
    command
}

fn provision(name: &str, requirements: &[String], installer: Installer) -> Result<PathBuf, String> {
    let venv = target_dir().join(name);
    let marker = venv.join(".fastmcp-auth-compat");
    let wanted = requirements.join(" ");
    let ready = || fs::read_to_string(&marker).is_ok_and(|m| m.trim() == wanted);
    if ready() {
        return Ok(venv_python(&venv));
    }
    fs::create_dir_all(target_dir()).map_err(|e| format!("cannot create target/: {e}"))?;
    // Another `cargo test` may be provisioning right now.
    let _lock = LockFile::acquire(&target_dir().join(format!("{name}.lock")))?;
    if ready() {
        return Ok(venv_python(&venv));
    }

    let install_hint = format!(
        "install python3 with venv support (Debian/Ubuntu: apt install python3 python3-venv), \
         or set {SKIP_VAR}=1 to skip the FastMCP compatibility tests"
    );
    match Command::new("python3").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return Err(format!(
                "`python3 --version` failed ({}): {}\n{install_hint}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Err(e) => return Err(format!("python3 not found ({e}): {install_hint}")),
    }
    let uv = match installer {
        Installer::Uv => Some(uv()?),
        Installer::Pip => None,
    };
    let started = Instant::now();
    if venv.exists() {
        fs::remove_dir_all(&venv)
            .map_err(|e| format!("cannot remove half-made {}: {e}", venv.display()))?;
    }
    let mut create = match &uv {
        Some(uv) => {
            let mut command = uv_command(uv);
            command.args(["venv", "--quiet", "--python", "python3"]);
            command
        }
        None => {
            let mut command = Command::new("python3");
            command.args(["-m", "venv"]);
            command
        }
    };
    let out = create
        .arg(&venv)
        .output()
        .map_err(|e| format!("cannot create {}: {e}", venv.display()))?;
    if !out.status.success() {
        return Err(format!(
            "creating {} failed:\n{}{}\n{install_hint}",
            venv.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }

    let log_path = target_dir().join(format!("{name}-install.log"));
    let log = File::create(&log_path).map_err(|e| format!("cannot create install log: {e}"))?;
    let log_err = log.try_clone().map_err(|e| e.to_string())?;
    let python = venv_python(&venv);
    let mut install = match &uv {
        Some(uv) => {
            let mut command = uv_command(uv);
            command.args(["pip", "install", "--python"]).arg(&python);
            command
        }
        None => {
            let mut command = Command::new(&python);
            command.args(["-m", "pip", "install", "--disable-pip-version-check"]);
            command
        }
    };
    let status = install
        .args(requirements)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .status()
        .map_err(|e| format!("cannot run the installer for {}: {e}", venv.display()))?;
    if !status.success() {
        let log_text = fs::read_to_string(&log_path).unwrap_or_default();
        return Err(format!(
            "installing {wanted} into {} failed ({status}); the end of {}:\n{}",
            venv.display(),
            log_path.display(),
            tail(&log_text, 30)
        ));
    }
    fs::write(&marker, format!("{wanted}\n")).map_err(|e| format!("cannot write marker: {e}"))?;
    let _ = writeln!(
        std::io::stderr(),
        "fastmcp_compat: provisioned {} with {wanted} in {:.1?}",
        venv.display(),
        started.elapsed()
    );
    Ok(python)
}

/// A lock file made with `create_new`, removed on drop. A lock older than
/// [`LockFile::STALE`] was left by a killed run and is taken over.
struct LockFile(PathBuf);

impl LockFile {
    const STALE: Duration = Duration::from_secs(15 * 60);

    fn acquire(path: &Path) -> Result<LockFile, String> {
        let deadline = Instant::now() + Self::STALE;
        loop {
            match OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(LockFile(path.to_path_buf()));
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    let age = fs::metadata(path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok());
                    if age.is_some_and(|a| a > Self::STALE) {
                        let _ = fs::remove_file(path);
                    } else if Instant::now() > deadline {
                        return Err(format!(
                            "timed out waiting for {} (another test run provisioning the \
                             venv?); delete it if no run is active",
                            path.display()
                        ));
                    } else {
                        thread::sleep(Duration::from_millis(500));
                    }
                }
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}
