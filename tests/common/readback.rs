//! Reads exports back the way their consumers do, many at a time: `.env` files with
//! python-dotenv (`tests/python/read_exports.py`) and with a POSIX shell (`set -a; . FILE`),
//! Python modules by parsing them (`tests/python/export_shape.py`). One Python and one sh
//! process per batch, so a property test over many configs stays fast.

#![allow(dead_code)] // each test binary uses its own subset

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use super::python::MANIFEST_DIR;

/// A `.env` file and the variables to read from it.
pub struct EnvFile {
    pub path: PathBuf,
    pub vars: Vec<String>,
}

/// What came back: per `.env` file, each variable's value (None: not set) as python-dotenv
/// read it; per module, its values or why it does not have the expected shape.
pub struct PythonReadback {
    pub dotenv: Vec<Vec<Option<String>>>,
    pub modules: Vec<Result<Value, String>>,
}

/// Runs `read_exports.py` once over `env_files` and `modules`, with `environ` added to
/// the environment (what `${VAR}` references expand to).
pub fn read_with_python(
    python: &Path,
    env_files: &[EnvFile],
    modules: &[PathBuf],
    environ: &[(String, String)],
) -> PythonReadback {
    let manifest = json!({
        "env_files": env_files
            .iter()
            .map(|f| json!({"path": f.path, "vars": f.vars}))
            .collect::<Vec<_>>(),
        "modules": modules,
    });
    let mut child = Command::new(python)
        .arg(Path::new(MANIFEST_DIR).join("tests/python/read_exports.py"))
        .envs(environ.iter().cloned())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run python");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(manifest.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "read_exports.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("read_exports.py output");
    let dotenv = result["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|values| {
            values
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .collect();
    let modules = result["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| match m["ok"].as_bool() {
            Some(true) => Ok(m["values"].clone()),
            _ => Err(m["error"].as_str().unwrap_or("?").to_string()),
        })
        .collect();
    PythonReadback { dotenv, modules }
}

/// Sources each file in its own subshell of one `/bin/sh` (`set -a; . FILE`) and returns
/// each variable's value (None: the file did not source to the end).
pub fn read_with_sh(
    env_files: &[EnvFile],
    environ: &[(String, String)],
) -> Vec<Vec<Option<String>>> {
    let mut script = String::new();
    for (i, file) in env_files.iter().enumerate() {
        let path = file.path.to_str().expect("utf-8 temp path");
        assert!(!path.contains('\''), "temp path with a quote: {path}");
        let _ = write!(
            script,
            "printf 'file{i}\\0'; ( set -a; . '{path}' || exit 1; printf 'ok\\0'"
        );
        for var in &file.vars {
            let _ = write!(script, " && printf '%s\\0' \"${{{var}-}}\"");
        }
        script.push_str(" )\n");
    }
    let out = Command::new("/bin/sh")
        .args(["-c", &script])
        .envs(environ.iter().cloned())
        .stdin(Stdio::null())
        .output()
        .expect("cannot run /bin/sh");
    let stdout = String::from_utf8(out.stdout).expect("sh printed UTF-8");
    let mut fields = stdout.split('\0').peekable();
    let mut results = Vec::new();
    for (i, file) in env_files.iter().enumerate() {
        assert_eq!(
            fields.next(),
            Some(format!("file{i}").as_str()),
            "sh output: {stdout:?}"
        );
        if fields.peek() != Some(&"ok") {
            results.push(vec![None; file.vars.len()]);
            continue;
        }
        fields.next();
        results.push(
            file.vars
                .iter()
                .map(|_| fields.next().map(str::to_string))
                .collect(),
        );
    }
    results
}
