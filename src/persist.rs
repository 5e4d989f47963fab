//! Configs on disk: the single save routine the wizard and the CLI share, reading a saved
//! config back, and where configs live by default.
//!
//! A save writes a temporary file in the target's directory, fsyncs it, gives it mode 0600,
//! keeps the previous file as `NAME.bak`, renames the temporary file over the target and
//! fsyncs the directory. A failure at any step leaves the previous file as it was.
//!
//! A load reads the file, parses it (errors give line and column), checks its keys and then
//! validates it against the catalog by generating it again (see `core::load`).

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::core::load::{LoadedConfig, ShapeError, parse_document};
use crate::core::{AuthError, FastMCPAuthConfig, Generated};

/// Where configs go by default: `<config dir>/fastmcp-auth` (`$XDG_CONFIG_HOME` honoured).
pub fn default_config_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("fastmcp-auth"))
}

/// `<config dir>/fastmcp-auth/<service>.json`.
pub fn default_path_for(service: &str) -> Option<PathBuf> {
    default_config_dir().map(|d| d.join(format!("{service}.json")))
}

/// A service name usable as a file name (see [`crate::core::service::check_service_name`]).
pub fn check_service_name(name: &str) -> Result<(), String> {
    crate::core::service::check_service_name(name).map_err(|e| e.to_string())
}

#[derive(Debug, Error)]
pub enum SaveError {
    #[error("{} already exists; confirm overwriting it (CLI: --force)", path.display())]
    Exists { path: PathBuf },
    #[error("cannot save {}: {what}", path.display())]
    Io {
        path: PathBuf,
        what: String,
        #[source]
        source: io::Error,
    },
}

impl SaveError {
    fn io(path: &Path, what: impl Into<String>, source: io::Error) -> Self {
        let what = format!("{} ({})", what.into(), describe(&source));
        SaveError::Io {
            path: path.to_path_buf(),
            what,
            source,
        }
    }
}

/// io::Error's own text, minus the "(os error N)" noise, in plain words for common cases.
pub(crate) fn describe(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "read-only file system".into(),
        io::ErrorKind::NotADirectory => "a path component is a file, not a directory".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => err.to_string(),
    }
}

/// What a successful save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    Created,
    /// The previous file was replaced and kept at this path.
    Replaced {
        backup: PathBuf,
    },
}

/// Serialises `config` (pretty JSON, trailing newline) and saves it atomically.
pub fn save_config(
    path: &Path,
    config: &FastMCPAuthConfig,
    overwrite: bool,
) -> Result<SaveOutcome, SaveError> {
    let mut text = serde_json::to_string_pretty(config).map_err(|e| {
        SaveError::io(
            path,
            "serialising the config",
            io::Error::other(e.to_string()),
        )
    })?;
    text.push('\n');
    save_text(path, text.as_bytes(), overwrite)
}

/// Saves `contents` at `path` atomically with mode 0600 (see the module docs).
pub fn save_text(path: &Path, contents: &[u8], overwrite: bool) -> Result<SaveOutcome, SaveError> {
    save_with_faults(path, contents, overwrite, &|_| Ok(()))
}

/// The steps of a save, named so tests can make any one of them fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    CreateTemp,
    Write,
    Backup,
    Rename,
}

pub(crate) fn save_with_faults(
    path: &Path,
    contents: &[u8],
    overwrite: bool,
    fault: &dyn Fn(Step) -> io::Result<()>,
) -> Result<SaveOutcome, SaveError> {
    if path.is_dir() {
        return Err(SaveError::io(
            path,
            "the target",
            io::Error::from(io::ErrorKind::IsADirectory),
        ));
    }
    let dir = parent_of(path);
    create_private_dir(&dir)
        .map_err(|e| SaveError::io(path, format!("creating {}", dir.display()), e))?;
    let exists = path.exists();
    if exists && !overwrite {
        return Err(SaveError::Exists {
            path: path.to_path_buf(),
        });
    }

    let mut temp = fault(Step::CreateTemp)
        .and_then(|()| {
            tempfile::Builder::new()
                .prefix(".fastmcp-auth-")
                .suffix(".tmp")
                .tempfile_in(&dir)
        })
        .map_err(|e| {
            SaveError::io(
                path,
                format!("creating a temporary file in {}", dir.display()),
                e,
            )
        })?;
    set_private(temp.path(), 0o600).map_err(|e| SaveError::io(path, "setting mode 0600", e))?;
    temp.write_all(contents)
        .and_then(|()| fault(Step::Write))
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| SaveError::io(path, "writing the temporary file", e))?;

    let outcome = if exists {
        let backup = backup_path(path);
        fault(Step::Backup)
            .and_then(|()| copy_private(path, &backup))
            .map_err(|e| {
                SaveError::io(path, format!("keeping a backup at {}", backup.display()), e)
            })?;
        SaveOutcome::Replaced { backup }
    } else {
        SaveOutcome::Created
    };
    // On any error below, the temporary file's drop guard removes it.
    fault(Step::Rename)
        .map_err(|e| SaveError::io(path, "renaming the temporary file into place", e))?;
    temp.persist(path)
        .map_err(|e| SaveError::io(path, "renaming the temporary file into place", e.error))?;
    sync_dir(&dir).map_err(|e| SaveError::io(path, "syncing the directory", e))?;
    Ok(outcome)
}

/// `NAME.json` → `NAME.json.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates missing directories with mode 0700; existing ones are left as they are.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Copies `from` to `to` through a temporary file, so a half-written backup never replaces
/// an older complete one.
fn copy_private(from: &Path, to: &Path) -> io::Result<()> {
    let dir = parent_of(to);
    let temp = tempfile::Builder::new()
        .prefix(".fastmcp-auth-")
        .suffix(".bak.tmp")
        .tempfile_in(&dir)?;
    set_private(temp.path(), 0o600)?;
    fs::copy(from, temp.path())?;
    temp.as_file().sync_all()?;
    temp.persist(to).map_err(|e| e.error)?;
    Ok(())
}

fn set_private(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// The config files in `dir`: `*.json`, sorted, without backups (`*.json.bak`), hidden
/// files (the save routine's temporary files are hidden) or directories.
pub fn config_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !name.starts_with('.') && name.ends_with(".json") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Configs are small; a larger file is not one (and reading stops there, so a device such
/// as `/dev/zero` cannot make a load run forever).
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A config file that could not be loaded: the path and what is wrong with it.
#[derive(Debug, Error)]
#[error("{}: {problem}", path.display())]
pub struct LoadError {
    pub path: PathBuf,
    pub problem: LoadProblem,
}

/// What is wrong with a config file. No variant holds a value from the file.
#[derive(Debug, Error)]
pub enum LoadProblem {
    #[error("cannot read the file ({0})")]
    Read(String),
    #[error("larger than 1 MiB, so not a fastmcp-auth config")]
    TooLarge,
    #[error("line {line}, column {column}: not valid JSON ({message})")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(transparent)]
    Shape(#[from] ShapeError),
    #[error(transparent)]
    Invalid(#[from] AuthError),
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
    let bytes = read_limited(path).map_err(fail)?;
    let document: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| fail(syntax_problem(&e)))?;
    let document: FastMCPAuthConfig =
        parse_document(document).map_err(|e| fail(LoadProblem::Shape(e)))?;
    let loaded = LoadedConfig::from_document(&document).map_err(|e| fail(e.into()))?;
    let generated = loaded.regenerate().map_err(|e| fail(e.into()))?;
    Ok(LoadedFile { loaded, generated })
}

fn read_limited(path: &Path) -> Result<Vec<u8>, LoadProblem> {
    let read_error = |e: io::Error| LoadProblem::Read(describe(&e));
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|file| file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(LoadProblem::TooLarge);
    }
    Ok(bytes)
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
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        #[cfg(unix)]
        {
            fs::metadata(path).unwrap().permissions().mode() & 0o777
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            0o600
        }
    }

    #[test]
    fn creates_private_file_and_directories() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a/b/svc.json");
        assert_eq!(
            save_text(&path, b"{}\n", false).unwrap(),
            SaveOutcome::Created
        );
        assert_eq!(fs::read(&path).unwrap(), b"{}\n");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&root.path().join("a")), 0o700);
        assert_eq!(mode(&root.path().join("a/b")), 0o700);
        // No temporary files left behind.
        assert_eq!(fs::read_dir(root.path().join("a/b")).unwrap().count(), 1);
    }

    #[test]
    fn overwrite_needs_consent_and_keeps_a_backup() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("svc.json");
        save_text(&path, b"old", false).unwrap();
        let err = save_text(&path, b"new", false).unwrap_err();
        assert!(matches!(err, SaveError::Exists { .. }));
        assert!(err.to_string().contains("--force"));
        assert_eq!(fs::read(&path).unwrap(), b"old");
        let outcome = save_text(&path, b"new", true).unwrap();
        let backup = root.path().join("svc.json.bak");
        assert_eq!(
            outcome,
            SaveOutcome::Replaced {
                backup: backup.clone()
            }
        );
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read(&backup).unwrap(), b"old");
        assert_eq!(mode(&backup), 0o600);
    }

    #[test]
    fn target_that_is_a_directory_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let err = save_text(root.path(), b"x", true).unwrap_err().to_string();
        assert!(
            err.contains("is a directory") && err.contains(&root.path().display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn parent_that_is_a_file_is_refused() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("file"), b"keep").unwrap();
        let err = save_text(&root.path().join("file/svc.json"), b"x", true).unwrap_err();
        assert!(err.to_string().contains("file/svc.json"), "{err}");
        assert_eq!(fs::read(root.path().join("file")).unwrap(), b"keep");
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_previous_file_untouched() {
        for failing in [Step::CreateTemp, Step::Write, Step::Backup, Step::Rename] {
            let root = tempfile::tempdir().unwrap();
            let path = root.path().join("svc.json");
            save_text(&path, b"{\"old\": true}\n", false).unwrap();
            let fault = |step: Step| {
                if step == failing {
                    Err(io::Error::from(io::ErrorKind::StorageFull))
                } else {
                    Ok(())
                }
            };
            let err = save_with_faults(&path, b"{\"new\": true}\n", true, &fault).unwrap_err();
            let text = err.to_string();
            assert!(
                text.contains("svc.json") && text.contains("the disk is full"),
                "{failing:?}: {text}"
            );
            assert_eq!(
                fs::read(&path).unwrap(),
                b"{\"old\": true}\n",
                "{failing:?}"
            );
            let names: Vec<String> = fs::read_dir(root.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert!(
                names.iter().all(|n| !n.ends_with(".tmp")),
                "{failing:?}: {names:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn unwritable_directory_is_reported_and_loses_nothing() {
        // Root ignores directory modes, so the directory is made unusable another way:
        // the target's parent path runs through /proc, where nobody can create files.
        let err = save_text(Path::new("/proc/fastmcp-auth-test/svc.json"), b"x", true).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot save /proc/fastmcp-auth-test/svc.json"),
            "{err}"
        );
    }

    #[test]
    fn service_names() {
        assert!(check_service_name("payments-api_v2.1").is_ok());
        for bad in ["", ".hidden", "a/b", "a b", "..", &"x".repeat(65)] {
            let err = check_service_name(bad).unwrap_err();
            assert!(err.contains("example: payments-api"), "{bad}");
        }
    }

    #[test]
    fn backup_name() {
        assert_eq!(
            backup_path(Path::new("/x/svc.json")),
            PathBuf::from("/x/svc.json.bak")
        );
    }

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
            err.ends_with("cannot read the file (it is a directory)"),
            "{err}"
        );
        let err = load_config(&root.path().join("none.json"))
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("(no such file or directory)"), "{err}");
        let big = vec![b' '; MAX_CONFIG_BYTES as usize + 1];
        let err = load_text(&big).unwrap_err();
        assert!(matches!(err.problem, LoadProblem::TooLarge), "{err}");
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
