//! The single save routine the wizard and the CLI share.
//!
//! A save writes a temporary file (mode 0600) in the target's directory and fsyncs it. A
//! new file is then linked into place only if nothing has appeared at the target meanwhile
//! (`renameat2(RENAME_NOREPLACE)` or link+unlink), so of two concurrent saves of the same
//! new file exactly one wins and the other gets `SaveError::Exists`. Replacing a file
//! (overwrite) first copies the old one to `NAME.bak` (mode 0600, read without following a
//! link, written by rename so a link planted at `NAME.bak` is replaced, not followed), then
//! renames the temporary file over the target and fsyncs the directory. A failure at any
//! step leaves the previous file as it was.
//!
//! The target itself must be a regular file or absent: a symbolic link (even a dangling
//! one), a FIFO or a device there is refused, naming the path.
//!
//! From creating the temporary file until it is renamed or removed, termination signals
//! are held back (`signals`); one that arrived meanwhile cancels the save before the rename
//! and takes effect once the temporary file is gone.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::describe;
use super::read::special_kind;
use super::signals::HeldSignals;
use crate::core::FastMCPAuthConfig;

/// Temporary files start with this; they are hidden, and `list` skips them.
const TEMP_PREFIX: &str = ".fastmcp-auth-";

/// Why a config or text was not saved; the target is left as it was.
#[derive(Debug, Error)]
pub enum SaveError {
    /// The target exists and overwriting was not confirmed.
    #[error("{} already exists; it is replaced only when overwriting is confirmed", path.display())]
    Exists {
        /// The target.
        path: PathBuf,
    },
    /// Something other than a regular file is at the target.
    #[error("cannot save {}: {reason}", path.display())]
    Refused {
        /// The target.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A termination signal arrived during the save; the target was left as it was.
    #[error("{} not saved: interrupted by {signal}", path.display())]
    Interrupted {
        /// The target.
        path: PathBuf,
        /// The signal's name.
        signal: &'static str,
    },
    /// Reading, writing or renaming failed.
    #[error("cannot save {}: {what}", path.display())]
    Io {
        /// The target.
        path: PathBuf,
        /// What failed, in plain words.
        what: String,
        /// The operating system's error.
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

/// What a successful save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new file was created.
    Created,
    /// The previous file was replaced and kept as a backup.
    Replaced {
        /// Where the previous file now is.
        backup: PathBuf,
    },
}

/// Saves `config` atomically as the JSON export writes it (pretty, terminal controls
/// escaped, trailing newline), so a saved file and `generate`'s output are the same bytes.
pub fn save_config(
    path: &Path,
    config: &FastMCPAuthConfig,
    overwrite: bool,
) -> Result<SaveOutcome, SaveError> {
    let text = crate::export::render_json(config, crate::export::SecretDisplay::Plain);
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
    let exists = target_exists(path)?;
    let dir = parent_of(path);
    create_private_dir(&dir)
        .map_err(|e| SaveError::io(path, format!("creating {}", dir.display()), e))?;
    // Saves a write when the answer is known; the exclusive link below decides races.
    if exists && !overwrite {
        return Err(SaveError::Exists {
            path: path.to_path_buf(),
        });
    }
    // Declared before the temporary file so it is released after the file is dropped.
    let held = HeldSignals::hold()
        .map_err(|e| SaveError::io(path, "holding back termination signals", e))?;
    write_and_commit(
        path,
        &dir,
        contents,
        overwrite && exists,
        overwrite,
        fault,
        &held,
    )
}

fn write_and_commit(
    path: &Path,
    dir: &Path,
    contents: &[u8],
    backup: bool,
    overwrite: bool,
    fault: &dyn Fn(Step) -> io::Result<()>,
    held: &HeldSignals,
) -> Result<SaveOutcome, SaveError> {
    // On any error below, the temporary file's drop guard removes it.
    let mut temp = fault(Step::CreateTemp)
        .and_then(|()| private_temp_in(dir, ".tmp"))
        .map_err(|e| {
            SaveError::io(
                path,
                format!("creating a temporary file in {}", dir.display()),
                e,
            )
        })?;
    temp.write_all(contents)
        .and_then(|()| fault(Step::Write))
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| SaveError::io(path, "writing the temporary file", e))?;
    #[cfg(debug_assertions)]
    test_pause::after_temp_written(temp.path());

    let outcome = if backup {
        let backup = backup_path(path);
        fault(Step::Backup)
            .and_then(|()| copy_to_backup(path, &backup))
            .map_err(|e| {
                SaveError::io(path, format!("keeping a backup at {}", backup.display()), e)
            })?;
        SaveOutcome::Replaced { backup }
    } else {
        SaveOutcome::Created
    };
    let renaming = "renaming the temporary file into place";
    fault(Step::Rename).map_err(|e| SaveError::io(path, renaming, e))?;
    if let Some(signal) = held.pending_stop() {
        return Err(SaveError::Interrupted {
            path: path.to_path_buf(),
            signal,
        });
    }
    if overwrite {
        temp.persist(path)
            .map_err(|e| SaveError::io(path, renaming, e.error))?;
    } else {
        temp.persist_noclobber(path)
            .map_err(|e| match e.error.kind() {
                io::ErrorKind::AlreadyExists => SaveError::Exists {
                    path: path.to_path_buf(),
                },
                _ => SaveError::io(path, renaming, e.error),
            })?;
    }
    sync_dir(dir).map_err(|e| SaveError::io(path, "syncing the directory", e))?;
    Ok(outcome)
}

/// Whether a regular file is at `path`; anything else there (a link, even a dangling one,
/// a directory, a FIFO, a device) is refused.
fn target_exists(path: &Path) -> Result<bool, SaveError> {
    let metadata = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(SaveError::io(path, "the target", e)),
    };
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return Err(SaveError::io(
            path,
            "the target",
            io::Error::from(io::ErrorKind::IsADirectory),
        ));
    }
    match special_kind(&file_type) {
        None => Ok(true),
        Some(kind) if file_type.is_symlink() => Err(SaveError::Refused {
            path: path.to_path_buf(),
            reason: format!(
                "it is {kind}; saves do not write through links (give the path of the file \
                 itself, or remove the link)"
            ),
        }),
        Some(kind) => Err(SaveError::Refused {
            path: path.to_path_buf(),
            reason: format!("it is {kind}, not a regular file"),
        }),
    }
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

/// A new temporary file in `dir`, created exclusively with mode 0600.
fn private_temp_in(dir: &Path, suffix: &str) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    builder.tempfile_in(dir)
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

/// Copies the file at `from` (never through a link planted there) to a new private file
/// renamed onto `to`: the backup is 0600 whatever the old file's mode, a half-written
/// backup never replaces an older complete one, and a link at `to` is replaced, not
/// followed.
fn copy_to_backup(from: &Path, to: &Path) -> io::Result<()> {
    let mut old = open_no_follow(from)?;
    let file_type = old.metadata()?.file_type();
    if let Some(kind) = special_kind(&file_type) {
        return Err(io::Error::other(format!(
            "the previous file is {kind}, not a regular file"
        )));
    }
    let mut temp = private_temp_in(&parent_of(to), ".bak.tmp")?;
    io::copy(&mut old, temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    temp.persist(to).map_err(|e| e.error)?;
    Ok(())
}

fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
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

/// TEST-ONLY, debug builds only: with `FASTMCP_AUTH_TEST_SAVE_PAUSE=DIR` (DIR holding two
/// FIFOs, `ready` and `go`), a save writes the temporary file's path to `DIR/ready` once
/// the file is written, then waits until `DIR/go` is written and closed. Tests use the
/// pause to deliver a signal while the temporary file exists (tests/cli_save_signals.rs).
/// Release builds contain none of this.
#[cfg(debug_assertions)]
mod test_pause {
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};

    pub(super) fn after_temp_written(temp: &Path) {
        let Some(dir) = std::env::var_os("FASTMCP_AUTH_TEST_SAVE_PAUSE").map(PathBuf::from) else {
            return;
        };
        // Opening a FIFO blocks until the other end opens it: that is the handshake.
        if let Ok(mut ready) = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.join("ready"))
        {
            let _ = ready.write_all(temp.as_os_str().as_encoded_bytes());
        }
        if let Ok(mut go) = std::fs::File::open(dir.join("go")) {
            let _ = go.read_to_end(&mut Vec::new());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[cfg(unix)]
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
        assert_eq!(names_in(&root.path().join("a/b")), ["svc.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn overwrite_needs_consent_and_keeps_a_backup() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("svc.json");
        save_text(&path, b"old", false).unwrap();
        let err = save_text(&path, b"new", false).unwrap_err();
        assert!(matches!(err, SaveError::Exists { .. }));
        assert!(!err.to_string().contains("--"), "{err}");
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

    /// The attack: two saves of the same new file at once. Without an exclusive link both
    /// succeed and the second silently replaces the first.
    #[test]
    fn of_two_concurrent_saves_of_a_new_file_exactly_one_wins_every_round() {
        use std::sync::{Arc, Barrier};
        let root = tempfile::tempdir().unwrap();
        for round in 0..200 {
            let path = root.path().join(format!("svc-{round}.json"));
            let barrier = Arc::new(Barrier::new(2));
            let savers: Vec<_> = [&b"first"[..], &b"second"[..]]
                .into_iter()
                .map(|contents| {
                    let (path, barrier) = (path.clone(), Arc::clone(&barrier));
                    std::thread::spawn(move || {
                        barrier.wait();
                        (contents, save_text(&path, contents, false))
                    })
                })
                .collect();
            let results: Vec<_> = savers.into_iter().map(|t| t.join().unwrap()).collect();
            let winners: Vec<&[u8]> = results
                .iter()
                .filter(|(_, r)| matches!(r, Ok(SaveOutcome::Created)))
                .map(|(contents, _)| *contents)
                .collect();
            let losers = results
                .iter()
                .filter(|(_, r)| matches!(r, Err(SaveError::Exists { .. })))
                .count();
            assert_eq!(
                (winners.len(), losers),
                (1, 1),
                "round {round}: {results:?}"
            );
            assert_eq!(fs::read(&path).unwrap(), winners[0], "round {round}");
        }
        assert!(
            names_in(root.path())
                .iter()
                .all(|n| !n.starts_with(TEMP_PREFIX)),
            "temporary files left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_backup_is_private_whatever_the_old_files_mode() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("svc.json");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
        save_text(&path, b"new", true).unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"old");
        assert_eq!(mode(&backup_path(&path)), 0o600);
        assert_eq!(mode(&path), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_backup_path_is_replaced_not_followed() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside");
        fs::write(&outside, b"not yours").unwrap();
        let path = root.path().join("svc.json");
        fs::write(&path, b"old").unwrap();
        std::os::unix::fs::symlink(&outside, backup_path(&path)).unwrap();
        save_text(&path, b"new", true).unwrap();
        assert_eq!(fs::read(&outside).unwrap(), b"not yours");
        let backup = fs::symlink_metadata(backup_path(&path)).unwrap();
        assert!(backup.file_type().is_file());
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"old");
        assert_eq!(mode(&backup_path(&path)), 0o600);
    }

    /// The attack: a link at the target. Before, the save read the linked file into the
    /// backup (a world-readable copy of whatever it points to) and replaced the link; a
    /// dangling link was silently replaced.
    #[cfg(unix)]
    #[test]
    fn a_link_at_the_target_is_refused_naming_the_path_even_dangling() {
        let root = tempfile::tempdir().unwrap();
        let secret = root.path().join("secret");
        fs::write(&secret, b"do not copy").unwrap();
        for (name, points_to) in [
            ("live.json", secret.clone()),
            ("dangling.json", root.path().join("none")),
        ] {
            let path = root.path().join(name);
            std::os::unix::fs::symlink(&points_to, &path).unwrap();
            for overwrite in [false, true] {
                let err = save_text(&path, b"new", overwrite).unwrap_err();
                assert!(matches!(err, SaveError::Refused { .. }), "{err:?}");
                let text = err.to_string();
                assert!(
                    text.starts_with(&format!(
                        "cannot save {}: it is a symbolic link",
                        path.display()
                    )),
                    "{text}"
                );
            }
            assert!(
                fs::symlink_metadata(&path)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert!(
                fs::symlink_metadata(backup_path(&path)).is_err(),
                "{name}: backup made"
            );
        }
        assert_eq!(fs::read(&secret).unwrap(), b"do not copy");
        assert!(fs::symlink_metadata(root.path().join("none")).is_err());
        assert_eq!(
            names_in(root.path()),
            ["dangling.json", "live.json", "secret"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_at_the_target_is_refused_without_blocking() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("svc.json");
        super::super::read::tests::mkfifo(&path);
        for overwrite in [false, true] {
            let err = save_text(&path, b"new", overwrite).unwrap_err().to_string();
            assert!(
                err.ends_with("svc.json: it is a FIFO (named pipe), not a regular file"),
                "{err}"
            );
        }
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
            let names = names_in(root.path());
            assert!(
                names.iter().all(|n| !n.ends_with(".tmp")),
                "{failing:?}: {names:?}"
            );
        }
    }

    /// A stop signal that arrives while the temporary file exists cancels the save: the
    /// target is left as it was and no temporary file remains when the signal is let
    /// through. (The end-to-end version, with the signal's default action ending the
    /// process, is in tests/cli_save_signals.rs.)
    #[cfg(unix)]
    #[test]
    fn a_stop_signal_during_the_save_cancels_it_and_is_delivered_after_cleanup() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static TEMPS_AT_DELIVERY: AtomicUsize = AtomicUsize::new(usize::MAX);
        static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
        let root = tempfile::tempdir().unwrap();
        DIR.set(root.path().to_path_buf()).unwrap();
        // SIGINT: handled here so the test process survives, as the wizard's handlers do.
        let id = unsafe {
            signal_hook::low_level::register(libc::SIGINT, || {
                let dir = DIR.get().unwrap();
                let temps = fs::read_dir(dir)
                    .unwrap()
                    .filter(|e| {
                        let name = e.as_ref().unwrap().file_name();
                        name.to_string_lossy().starts_with(TEMP_PREFIX)
                    })
                    .count();
                TEMPS_AT_DELIVERY.store(temps, Ordering::SeqCst);
            })
        }
        .unwrap();
        let path = root.path().join("svc.json");
        fs::write(&path, b"old").unwrap();
        let raise_after_write = |step: Step| {
            if step == Step::Backup {
                // SAFETY: directed at this thread, which holds the signal.
                assert_eq!(unsafe { libc::raise(libc::SIGINT) }, 0);
            }
            Ok(())
        };
        let err = save_with_faults(&path, b"new", true, &raise_after_write).unwrap_err();
        signal_hook::low_level::unregister(id);
        assert_eq!(
            err.to_string(),
            format!("{} not saved: interrupted by SIGINT", path.display())
        );
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(TEMPS_AT_DELIVERY.load(Ordering::SeqCst), 0);
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
    fn backup_name() {
        assert_eq!(
            backup_path(Path::new("/x/svc.json")),
            PathBuf::from("/x/svc.json.bak")
        );
    }
}
