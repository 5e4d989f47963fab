//! A `CONFIG` argument: a saved config named by its service (`payments-api` →
//! `<config dir>/fastmcp-auth/payments-api.json`) or given by path. Any argument with a
//! path separator or a `.json` ending is a path; anything else must be a valid service name.

use std::path::{Path, PathBuf};

use super::CliError;
use crate::persist;

/// Resolves `arg` to the config file it means.
pub fn resolve(arg: &str) -> Result<PathBuf, CliError> {
    let looks_like_path = arg.contains(std::path::MAIN_SEPARATOR)
        || arg.contains('/')
        || arg.ends_with(".json")
        || Path::new(arg).is_file();
    if looks_like_path {
        return Ok(PathBuf::from(arg));
    }
    persist::check_service_name(arg).map_err(|e| {
        CliError::Usage(format!(
            "{e}; or give the config's path (example: ./payments-api.json)"
        ))
    })?;
    persist::default_path_for(arg).ok_or_else(|| {
        CliError::Usage(format!(
            "no config directory on this system to find '{arg}' in; give the config's path"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_stays_a_path_and_a_name_goes_to_the_config_dir() {
        assert_eq!(resolve("dir/x.json").unwrap(), PathBuf::from("dir/x.json"));
        assert_eq!(resolve("x.json").unwrap(), PathBuf::from("x.json"));
        let by_name = resolve("payments-api").unwrap();
        assert!(
            by_name.ends_with("fastmcp-auth/payments-api.json"),
            "{by_name:?}"
        );
    }

    #[test]
    fn a_name_that_is_neither_is_a_usage_error() {
        assert!(matches!(resolve("bad name!"), Err(CliError::Usage(_))));
        assert!(matches!(resolve(".hidden"), Err(CliError::Usage(_))));
    }
}
