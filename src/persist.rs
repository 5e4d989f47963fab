//! Saving configs without ever losing one: the single save routine the wizard and the CLI
//! share, and where configs live by default.
//!
//! A save writes a temporary file in the target's directory, fsyncs it, gives it mode 0600,
//! keeps the previous file as `NAME.bak`, renames the temporary file over the target and
//! fsyncs the directory. A failure at any step leaves the previous file as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::core::FastMCPAuthConfig;

/// Where configs go by default: `<config dir>/fastmcp-auth` (`$XDG_CONFIG_HOME` honoured).
pub fn default_config_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("fastmcp-auth"))
}

/// `<config dir>/fastmcp-auth/<service>.json`.
pub fn default_path_for(service: &str) -> Option<PathBuf> {
    default_config_dir().map(|d| d.join(format!("{service}.json")))
}

/// A service name usable as a file name: letters, digits, `-`, `_`, `.`; not starting with
/// `.`; at most 64 characters.
pub fn check_service_name(name: &str) -> Result<(), String> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if name.is_empty() || name.len() > 64 || name.starts_with('.') || !ok_chars {
        return Err(format!(
            "service name '{name}' must be 1-64 letters, digits, '-', '_' or '.', not starting \
             with '.' (example: payments-api)"
        ));
    }
    Ok(())
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
fn describe(err: &io::Error) -> String {
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
}
