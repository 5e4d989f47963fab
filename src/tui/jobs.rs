//! Work that takes a moment (RSA key generation, writing files) runs on a worker thread
//! that posts its result back into the wizard's event channel as a `Msg`: the loop keeps
//! drawing and answering keys (Ctrl+C above all) meanwhile.

use std::io;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::thread;

use zeroize::Zeroizing;

use super::app::{Msg, SaveFailure};
use super::save_plan::same_config;
use crate::persist::{self, Limit, SaveError, SaveOutcome};

/// Runs `job` on a new thread and sends what it returns to `to_loop`.
pub fn spawn(
    name: &str,
    to_loop: Sender<io::Result<Msg>>,
    job: impl FnOnce() -> Msg + Send + 'static,
) -> io::Result<()> {
    thread::Builder::new().name(name.into()).spawn(move || {
        // The loop may have ended meanwhile (Ctrl+C): then nobody needs the result.
        let _ = to_loop.send(Ok(job()));
    })?;
    Ok(())
}

/// One file to write.
#[derive(Debug, PartialEq, Eq)]
pub struct FileToWrite {
    pub path: PathBuf,
    pub contents: Zeroizing<Vec<u8>>,
}

/// What saving did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Saved(SaveOutcome),
    /// The file already held these bytes: not rewritten, no backup made.
    Unchanged,
}

/// Writes `files` in order through the shared save routine (atomic, mode 0600). A file
/// that already holds the same bytes is left alone; any other existing file needs
/// `overwrite`, checked for every file before the first is written.
pub fn save_files(
    files: &[FileToWrite],
    overwrite: bool,
) -> Result<Vec<(PathBuf, Written)>, SaveFailure> {
    let unchanged: Vec<bool> = files.iter().map(holds_already).collect();
    if !overwrite {
        let existing = files
            .iter()
            .zip(&unchanged)
            .find(|(f, same)| !**same && f.path.symlink_metadata().is_ok());
        if let Some((file, _)) = existing {
            return Err(SaveFailure::Exists(file.path.clone()));
        }
    }
    let mut written = Vec::new();
    for (file, same) in files.iter().zip(unchanged) {
        let outcome = if same {
            Written::Unchanged
        } else {
            match persist::save_text(&file.path, &file.contents, overwrite) {
                Ok(outcome) => Written::Saved(outcome),
                Err(SaveError::Exists { .. }) => {
                    return Err(SaveFailure::Exists(file.path.clone()));
                }
                Err(other) => return Err(SaveFailure::Other(other.to_string())),
            }
        };
        written.push((file.path.clone(), outcome));
    }
    Ok(written)
}

/// The file exists and already holds `file.contents`: the same bytes, or for a JSON
/// config the same JSON document or the same config once defaults are filled in (a
/// hand-written config opened with `--edit` and saved without a change is not rewritten
/// either).
fn holds_already(file: &FileToWrite) -> bool {
    let Ok(existing) = persist::read::read_file(&file.path, Limit::CONFIG).map(Zeroizing::new)
    else {
        return false;
    };
    if *existing == *file.contents {
        return true;
    }
    let is_json = file.path.extension().is_some_and(|e| e == "json");
    let parse = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
    is_json
        && (parse(&existing).is_some_and(|old| Some(old) == parse(&file.contents))
            || same_config(&existing, &file.contents, &file.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: PathBuf, text: &str) -> FileToWrite {
        FileToWrite {
            path,
            contents: Zeroizing::new(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn identical_files_are_not_rewritten_and_get_no_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "same\n").unwrap();
        let result = save_files(&[file(path.clone(), "same\n")], false).unwrap();
        assert_eq!(result, [(path.clone(), Written::Unchanged)]);
        assert!(!dir.path().join("a.json.bak").exists());
    }

    #[test]
    fn a_config_with_the_same_document_in_another_layout_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "{\"b\": [1, 2], \"a\": \"x\"}").unwrap();
        let same = "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    2\n  ]\n}\n";
        let result = save_files(&[file(path.clone(), same)], false).unwrap();
        assert_eq!(result, [(path.clone(), Written::Unchanged)]);
        let changed = "{\"a\": \"y\", \"b\": [1, 2]}";
        assert_eq!(
            save_files(&[file(path.clone(), changed)], false),
            Err(SaveFailure::Exists(path))
        );
    }

    #[test]
    fn an_existing_file_stops_the_save_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join("a.env");
        let json = dir.path().join("a.json");
        std::fs::write(&json, "old\n").unwrap();
        let files = [file(env.clone(), "X=1\n"), file(json.clone(), "new\n")];
        assert_eq!(
            save_files(&files, false),
            Err(SaveFailure::Exists(json.clone()))
        );
        assert!(!env.exists(), "nothing is written before the question");
        let result = save_files(&files, true).unwrap();
        assert_eq!(
            result[0],
            (env.clone(), Written::Saved(SaveOutcome::Created))
        );
        assert!(matches!(
            result[1].1,
            Written::Saved(SaveOutcome::Replaced { .. })
        ));
        assert_eq!(std::fs::read_to_string(&json).unwrap(), "new\n");
    }

    #[test]
    fn a_job_posts_its_result_into_the_channel() {
        let (tx, rx) = std::sync::mpsc::channel();
        spawn("test-job", tx, || Msg::Resize(3, 4)).unwrap();
        let msg = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap()
            .unwrap();
        assert!(matches!(msg, Msg::Resize(3, 4)));
    }
}
