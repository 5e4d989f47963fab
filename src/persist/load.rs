//! Reading saved configs back: one config (`load_config`) and the configs in a directory
//! (`config_files`).
//!
//! A load reads the file through the bounded reader (a regular file of at most 1 MiB),
//! parses it (errors give line and column), checks its keys and then validates it against
//! the catalog by generating it again (see `core::load`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::read::{Limit, ReadError, read_file};
use crate::core::load::{LoadedConfig, ShapeError, parse_document};
use crate::core::{AuthError, FastMCPAuthConfig, Generated};

/// The config files in `dir`: `*.json` entries, sorted, without backups (`*.json.bak`),
/// hidden files (the save routine's temporary files are hidden) or directories. Anything
/// else named `*.json` (a FIFO, a device) is listed so loading it reports what it is.
pub fn config_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !name.starts_with('.') && name.ends_with(".json") && !path.is_dir() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// A config file that could not be loaded: the path and what is wrong with it.
#[derive(Debug, Error)]
#[error("{}: {problem}", path.display())]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: LoadProblem,
}

/// What is wrong with a config file. No variant holds a value from the file.
#[derive(Debug, Error)]
pub enum LoadProblem {
    /// Not readable, not a regular file, or over `Limit::CONFIG`.
    #[error("cannot read the file ({0})")]
    Read(ReadError),
    /// Not valid JSON.
    #[error("line {line}, column {column}: not valid JSON ({message})")]
    Syntax {
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// Valid JSON, but not the shape of a config.
    #[error(transparent)]
    Shape(#[from] ShapeError),
    /// A config the catalog's rules refuse (boxed: a structured error is large).
    #[error(transparent)]
    Invalid(Box<AuthError>),
}

impl From<AuthError> for LoadProblem {
    fn from(err: AuthError) -> Self {
        LoadProblem::Invalid(Box::new(err))
    }
}

/// A config file read back and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    /// The choices behind the file, to edit and generate again.
    pub loaded: LoadedConfig,
    /// The config as a re-save would write it; `warnings` starts with the loader's.
    pub generated: Generated,
}

/// Reads, parses and validates the config at `path`.
pub fn load_config(path: &Path) -> Result<LoadedFile, LoadError> {
    let fail = |problem: LoadProblem| LoadError {
        path: path.to_path_buf(),
        problem,
    };
    let bytes = read_file(path, Limit::CONFIG).map_err(|e| fail(LoadProblem::Read(e)))?;
    let document: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| fail(syntax_problem(&e)))?;
    let document: FastMCPAuthConfig =
        parse_document(document).map_err(|e| fail(LoadProblem::Shape(e)))?;
    let loaded = LoadedConfig::from_document(&document).map_err(|e| fail(e.into()))?;
    let generated = loaded.regenerate().map_err(|e| fail(e.into()))?;
    Ok(LoadedFile { loaded, generated })
}

/// serde_json's message without its " at line L column C" tail, which is reported apart.
fn syntax_problem(err: &serde_json::Error) -> LoadProblem {
    let (line, column) = (err.line(), err.column());
    let text = err.to_string();
    let message = text
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&text)
        .to_string();
    LoadProblem::Syntax {
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::{backup_path, save_config, save_text};

    const GITHUB_WITH_EXTRAS: &str = r#"{
  "provider_class": "GitHubProvider",
  "import_path": "fastmcp.server.auth.providers.github",
  "config_params": {
    "client_id": "Ov23li",
    "client_secret": "${GITHUB_CLIENT_SECRET}",
    "base_url": "https://mcp.example.com",
    "required_scopes": ["repo"]
  },
  "x-owner": {"team": "platform", "oncall": ["ana", "bo"]},
  "service": "docs",
  "notes": "kept as is"
}
"#;

    fn load_text(text: &[u8]) -> Result<LoadedFile, LoadError> {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("svc.json");
        fs::write(&path, text).unwrap();
        load_config(&path)
    }

    #[test]
    fn resave_of_a_loaded_config_keeps_unknown_keys_and_backs_up_the_original() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("docs.json");
        save_text(&path, GITHUB_WITH_EXTRAS.as_bytes(), false).unwrap();
        let file = load_config(&path).unwrap();
        assert_eq!(file.loaded.provider.required_scopes, ["repo"]);
        save_config(&path, &file.generated.config, true).unwrap();

        let before: serde_json::Value = serde_json::from_str(GITHUB_WITH_EXTRAS).unwrap();
        let after: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        for key in ["x-owner", "notes", "service"] {
            assert_eq!(after[key], before[key], "{key}");
        }
        // Every parameter kept; the file predates the locked-down OAuth-proxy defaults.
        let mut params = before["config_params"].clone();
        params["allowed_client_redirect_uris"] =
            serde_json::json!(["http://localhost:*", "http://127.0.0.1:*"]);
        params["require_authorization_consent"] = serde_json::json!(true);
        assert_eq!(after["config_params"], params);
        assert_eq!(after["provider_type"], "github");
        assert_eq!(
            fs::read(backup_path(&path)).unwrap(),
            GITHUB_WITH_EXTRAS.as_bytes()
        );
        // Loading what was saved gives the same config again, now without the warning about
        // the redirect-URI default (the saved file has it).
        let again = load_config(&path).unwrap().generated;
        assert_eq!(again.config, file.generated.config);
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    }

    #[test]
    fn malformed_json_reports_path_line_and_column() {
        let err = load_text(b"{\n  \"provider_class\": \"X\",\n  oops\n}").unwrap_err();
        assert!(
            matches!(
                err.problem,
                LoadProblem::Syntax {
                    line: 3,
                    column: 3,
                    ..
                }
            ),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(
            text.ends_with("svc.json: line 3, column 3: not valid JSON (key must be a string)"),
            "{text}"
        );
        let err = load_text(b"").unwrap_err().to_string();
        assert!(
            err.contains("line 1, column 0: not valid JSON (EOF"),
            "{err}"
        );
    }

    #[test]
    fn missing_key_and_invalid_field_are_named() {
        let err = load_text(br#"{"provider_class": "GoogleProvider", "config_params": {}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("svc.json: missing key 'import_path'"), "{err}");
        let text = GITHUB_WITH_EXTRAS.replace("https://mcp.example.com", "ftp://x.example.com");
        let err = load_text(text.as_bytes()).unwrap_err().to_string();
        assert!(
            err.contains("svc.json: base_url: 'ftp://x.example.com' must use https://"),
            "{err}"
        );
    }

    #[test]
    fn unreadable_and_oversized_files_are_problems_not_crashes() {
        let root = tempfile::tempdir().unwrap();
        let err = load_config(root.path()).unwrap_err().to_string();
        assert!(
            err.ends_with("cannot read the file (it is a directory, not a regular file)"),
            "{err}"
        );
        let err = load_config(&root.path().join("none.json"))
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("(no such file or directory)"), "{err}");
        let big = vec![b' '; Limit::CONFIG.bytes as usize + 1];
        let err = load_text(&big).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("svc.json: cannot read the file (it is larger than 1 MiB, the limit for a config file)"),
            "{err}"
        );
    }

    /// The attack: a FIFO or a device where a config is expected. Before, a FIFO made
    /// `show`/`validate`/`list`/`--edit` hang forever in open().
    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let root = tempfile::tempdir().unwrap();
        let fifo = root.path().join("x.json");
        crate::persist::read::tests::mkfifo(&fifo);
        let err = load_config(&fifo).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "x.json: cannot read the file (it is a FIFO (named pipe), not a regular file)"
            ),
            "{err}"
        );
        let err = load_config(Path::new("/dev/zero")).unwrap_err().to_string();
        assert_eq!(
            err,
            "/dev/zero: cannot read the file (it is a character device, not a regular file)"
        );
        // `list` shows it with its problem rather than skipping it silently.
        assert_eq!(config_files(root.path()).unwrap(), [fifo]);
    }

    #[test]
    fn config_files_are_json_files_without_backups_or_hidden_files() {
        let root = tempfile::tempdir().unwrap();
        for name in [
            "b.json",
            "a.json",
            "a.json.bak",
            ".fastmcp-auth-x.tmp",
            ".hidden.json",
            "notes.txt",
        ] {
            fs::write(root.path().join(name), b"{}").unwrap();
        }
        fs::create_dir(root.path().join("dir.json")).unwrap();
        let names: Vec<String> = config_files(root.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.json", "b.json"]);
    }
}
