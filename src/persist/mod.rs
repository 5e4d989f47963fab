//! Configs on disk: where they live by default, the one save routine the wizard and the
//! CLI share (`save`), reading them back (`load`) and the bounded reader every file and
//! stdin read goes through (`read`).

mod load;
pub mod read;
mod save;
mod signals;

use std::io;
use std::path::PathBuf;

pub use load::{LoadError, LoadProblem, LoadedFile, config_files, load_config};
pub use read::{Limit, ReadError};
pub use save::{SaveError, SaveOutcome, backup_path, save_config, save_text};

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

/// io::Error's own text, minus the "(os error N)" noise, in plain words for common cases.
pub(crate) fn describe(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "read-only file system".into(),
        io::ErrorKind::NotADirectory => "a path component is a file, not a directory".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        io::ErrorKind::FileTooLarge => "the file size limit (ulimit -f) was reached".into(),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names() {
        assert!(check_service_name("payments-api_v2.1").is_ok());
        for bad in ["", ".hidden", "a/b", "a b", "..", &"x".repeat(65)] {
            let err = check_service_name(bad).unwrap_err();
            assert!(err.contains("example: payments-api"), "{bad}");
        }
    }

    #[test]
    fn plain_words_for_the_file_size_limit() {
        assert_eq!(
            describe(&io::Error::from(io::ErrorKind::FileTooLarge)),
            "the file size limit (ulimit -f) was reached"
        );
    }
}
