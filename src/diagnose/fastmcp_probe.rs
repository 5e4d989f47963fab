//! `doctor --fastmcp`: construct the provider in a Python that has FastMCP, the way the
//! README's loader does (`${VAR}` expanded from the environment, token verifiers and
//! MultiAuth's extra verifiers built too), and report FastMCP's
//! version and whether the constructor accepted the config. The config goes to Python as a
//! file path, never on a command line with its values; FastMCP's error text has every
//! secret of the config masked before it is shown.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use serde_json::Value;

use super::report::{Check, shorten};
use crate::core::value::mask;

const PROBE: &str = r#"
import importlib, json, os, sys
def expand(v):
    if isinstance(v, str): return os.path.expandvars(v)
    if isinstance(v, list): return [expand(x) for x in v]
    if isinstance(v, dict): return {k: expand(x) for k, x in v.items()}
    return v
out = {}
try:
    import fastmcp
    out["version"] = fastmcp.__version__
except Exception as e:
    out["error"] = "cannot import fastmcp: %s" % type(e).__name__
    print(json.dumps(out)); sys.exit(0)
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        cfg = json.load(f)
    def build(c):
        cls = getattr(importlib.import_module(c["import_path"]), c["provider_class"])
        kwargs = expand(c["config_params"])
        for name, nested in (c.get("verifier_params") or {}).items():
            kwargs[name] = build(nested)
        return cls(**kwargs)
    server = build(cfg)
    extras = [build(e) for e in cfg.get("also_accept") or []]
    if extras:
        from fastmcp.server.auth import MultiAuth
        MultiAuth(server=server, verifiers=extras)
    out["accepted"] = True
except Exception as e:
    out["error"] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
print(json.dumps(out))
"#;

/// Longest the interpreter may take (importing FastMCP takes a second or two; providers
/// that fetch discovery while constructed use their own timeouts).
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs the probe; `secrets` are the config's secret values, masked in anything shown.
pub fn probe(python: &Path, config: &Path, secrets: &[String]) -> Vec<Check> {
    let child = Command::new(python)
        .arg("-c")
        .arg(PROBE)
        .arg(config)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return vec![Check::problem(
                "fastmcp",
                format!("cannot run {}: {e}", python.display()),
                "a Python with FastMCP installed",
            )];
        }
    };
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut text = String::new();
        let _ = (&mut stdout).take(64 * 1024).read_to_string(&mut text);
        let _ = tx.send(text);
    });
    let text = match rx.recv_timeout(PROBE_TIMEOUT) {
        Ok(text) => text,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            return vec![Check::problem(
                "fastmcp",
                format!("no answer within {PROBE_TIMEOUT:?}"),
                "the provider constructed",
            )];
        }
    };
    let _ = child.wait();
    let answer: Value = match text.lines().last().map(serde_json::from_str) {
        Some(Ok(v)) => v,
        _ => {
            return vec![Check::problem(
                "fastmcp",
                format!("{} gave no answer", python.display()),
                "a Python with FastMCP installed",
            )];
        }
    };
    let redact = |text: &str| {
        let mut text = text.to_string();
        for secret in secrets.iter().filter(|s| s.len() >= 4) {
            text = text.replace(secret.as_str(), &mask(secret));
        }
        shorten(&text, 300)
    };
    let mut checks = Vec::new();
    if let Some(version) = answer.get("version").and_then(Value::as_str) {
        checks.push(Check::note("fastmcp", format!("version {version}"), ""));
    }
    match answer.get("error").and_then(Value::as_str) {
        Some(error) => checks.push(Check::problem(
            "fastmcp",
            redact(error),
            "FastMCP constructs the provider from the config",
        )),
        None => checks.push(Check::ok(
            "fastmcp",
            "the provider was constructed",
            "FastMCP constructs the provider from the config",
        )),
    }
    checks
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A stand-in interpreter whose "FastMCP" echoes a secret in its error, as pydantic's
    /// validation errors do with `input_value=…`.
    #[test]
    fn secrets_in_fastmcp_errors_are_masked() {
        let dir = tempfile::tempdir().unwrap();
        let python = dir.path().join("python");
        std::fs::write(
            &python,
            "#!/bin/sh\necho '{\"version\": \"9.9\", \"error\": \"ValueError: input_value=s3cr3t-client-secret-value\"}'\n",
        )
        .unwrap();
        std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
        let checks = probe(
            &python,
            Path::new("config.json"),
            &["s3cr3t-client-secret-value".to_string()],
        );
        let text: String = checks.iter().map(Check::render).collect();
        assert!(!text.contains("s3cr3t-client-secret-value"), "{text}");
        assert!(text.contains("input_value=********alue"), "{text}");
        assert!(text.contains("version 9.9"), "{text}");
        assert!(checks.iter().any(Check::is_problem));
    }

    #[test]
    fn a_missing_interpreter_is_a_problem_not_a_crash() {
        let checks = probe(Path::new("/nonexistent/python3"), Path::new("c.json"), &[]);
        assert!(checks[0].is_problem());
    }
}
