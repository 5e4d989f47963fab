//! A development key pair on disk: `private.pem`, `public.pem` and `jwks.json` in one
//! directory, each written through the shared atomic save routine (mode 0600; a replaced
//! file is kept as `.bak`; new directories get mode 0700).
//!
//! The public files get 0600 too: that is the routine's one policy, they are read by the
//! same user in the development loop, and a `chmod` opens them up when they must be served
//! by someone else.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::error::DevKeyError;
use super::keypair::DevKeyPair;
use crate::persist::{self, SaveError, SaveOutcome};

pub const PRIVATE_FILE: &str = "private.pem";
pub const PUBLIC_FILE: &str = "public.pem";
pub const JWKS_FILE: &str = "jwks.json";

/// The paths of a key pair's files in one directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFiles {
    pub private: PathBuf,
    pub public: PathBuf,
    pub jwks: PathBuf,
}

impl KeyFiles {
    pub fn in_dir(dir: &Path) -> Self {
        KeyFiles {
            private: dir.join(PRIVATE_FILE),
            public: dir.join(PUBLIC_FILE),
            jwks: dir.join(JWKS_FILE),
        }
    }

    pub fn dir(&self) -> &Path {
        self.private.parent().unwrap_or(Path::new("."))
    }

    /// The files that exist already (anything at the path counts, even a directory).
    pub fn existing(&self) -> Vec<PathBuf> {
        [&self.private, &self.public, &self.jwks]
            .into_iter()
            .filter(|p| p.symlink_metadata().is_ok())
            .cloned()
            .collect()
    }
}

/// `<config dir>/keys/<name>`: where the wizard keeps the development keys of service `name`,
/// next to the configs (`<config dir>` is `~/.config/fastmcp-auth` by default).
pub fn keys_dir_for(config_dir: &Path, name: &str) -> PathBuf {
    config_dir.join("keys").join(name)
}

#[derive(Debug, Error)]
pub enum KeyFilesError {
    #[error(
        "{} already exist{}; replace the key pair with --force (the previous files are kept \
         as .bak)",
        list(paths),
        if paths.len() == 1 { "s" } else { "" }
    )]
    Exists { paths: Vec<PathBuf> },
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("cannot read {}: {problem}", path.display())]
    Read { path: PathBuf, problem: String },
    #[error("{}: {source}", path.display())]
    Key {
        path: PathBuf,
        #[source]
        source: DevKeyError,
    },
}

fn list(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

/// Writes the pair's three files into `dir`. Without `overwrite`, any of them existing is
/// refused before anything is written, so a refused run changes nothing.
pub fn write_key_files(
    pair: &DevKeyPair,
    dir: &Path,
    overwrite: bool,
) -> Result<Vec<(PathBuf, SaveOutcome)>, KeyFilesError> {
    let files = KeyFiles::in_dir(dir);
    let existing = files.existing();
    if !overwrite && !existing.is_empty() {
        return Err(KeyFilesError::Exists { paths: existing });
    }
    let jwks = pair.jwks_json();
    let contents: [(&PathBuf, &[u8]); 3] = [
        (&files.private, pair.private_pem().as_bytes()),
        (&files.public, pair.public_pem().as_bytes()),
        (&files.jwks, jwks.as_bytes()),
    ];
    let mut written = Vec::new();
    for (path, bytes) in contents {
        let outcome = persist::save_text(path, bytes, overwrite)?;
        written.push((path.clone(), outcome));
    }
    Ok(written)
}

/// Whether `load_or_create` made a new pair or found one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOrigin {
    Created,
    Existing,
}

/// The key pair in `dir`: the one already there (its missing public files are written), or
/// a new one. Asking twice gives the same key, so a config made with it stays valid.
pub fn load_or_create(dir: &Path) -> Result<(DevKeyPair, KeyOrigin), KeyFilesError> {
    let files = KeyFiles::in_dir(dir);
    if files.private.symlink_metadata().is_err() {
        let pair = DevKeyPair::generate().map_err(|source| KeyFilesError::Key {
            path: files.private.clone(),
            source,
        })?;
        // Public files without their private key belong to no key: replaced, kept as .bak.
        write_key_files(&pair, dir, true)?;
        return Ok((pair, KeyOrigin::Created));
    }
    let pem = persist::read::read_text_file(&files.private, persist::Limit::KEY).map_err(|e| {
        KeyFilesError::Read {
            path: files.private.clone(),
            problem: e.to_string(),
        }
    })?;
    let pair = DevKeyPair::from_private_pem(&pem).map_err(|source| KeyFilesError::Key {
        path: files.private.clone(),
        source,
    })?;
    if files.public.symlink_metadata().is_err() {
        persist::save_text(&files.public, pair.public_pem().as_bytes(), false)?;
    }
    if files.jwks.symlink_metadata().is_err() {
        persist::save_text(&files.jwks, pair.jwks_json().as_bytes(), false)?;
    }
    Ok((pair, KeyOrigin::Existing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devkeys::test_pair;

    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_three_private_files_and_refuses_to_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("keys/demo");
        let pair = test_pair();
        let written = write_key_files(pair, &dir, false).unwrap();
        assert_eq!(written.len(), 3);
        let files = KeyFiles::in_dir(&dir);
        assert_eq!(
            std::fs::read_to_string(&files.private).unwrap(),
            pair.private_pem()
        );
        assert_eq!(
            std::fs::read_to_string(&files.public).unwrap(),
            pair.public_pem()
        );
        assert_eq!(
            std::fs::read_to_string(&files.jwks).unwrap(),
            pair.jwks_json()
        );
        for path in [&files.private, &files.public, &files.jwks] {
            assert_eq!(mode(path), 0o600, "{}", path.display());
        }
        assert_eq!(mode(&dir), 0o700);

        // Only jwks.json is left from an earlier pair: still refused, nothing written.
        std::fs::remove_file(&files.private).unwrap();
        std::fs::remove_file(&files.public).unwrap();
        let err = write_key_files(pair, &dir, false).unwrap_err();
        assert!(
            matches!(&err, KeyFilesError::Exists { paths } if paths == std::slice::from_ref(&files.jwks))
        );
        assert!(
            err.to_string()
                .contains("jwks.json already exists; replace the key pair with --force"),
            "{err}"
        );
        assert!(!files.private.exists());

        let written = write_key_files(pair, &dir, true).unwrap();
        let backups: Vec<_> = written
            .iter()
            .filter(|(_, o)| matches!(o, SaveOutcome::Replaced { .. }))
            .collect();
        assert_eq!(backups.len(), 1);
        assert!(dir.join("jwks.json.bak").exists());
    }

    #[test]
    fn load_or_create_reuses_the_key_and_fills_in_public_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("demo");
        let files = KeyFiles::in_dir(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&files.private, test_pair().private_pem()).unwrap();
        let (pair, origin) = load_or_create(&dir).unwrap();
        assert_eq!(origin, KeyOrigin::Existing);
        assert_eq!(pair.kid(), test_pair().kid());
        assert_eq!(
            std::fs::read_to_string(&files.public).unwrap(),
            pair.public_pem()
        );
        assert_eq!(
            std::fs::read_to_string(&files.jwks).unwrap(),
            pair.jwks_json()
        );

        std::fs::write(&files.private, "not a key").unwrap();
        let err = load_or_create(&dir).unwrap_err().to_string();
        assert!(err.contains("private.pem: not an RSA private key"), "{err}");
        assert!(!err.contains("not a key"), "{err}");
    }

    #[test]
    fn load_or_create_makes_a_pair_and_keeps_stale_public_files_as_bak() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("demo");
        let files = KeyFiles::in_dir(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&files.public, "stale").unwrap();
        let (pair, origin) = load_or_create(&dir).unwrap();
        assert_eq!(origin, KeyOrigin::Created);
        assert_eq!(
            std::fs::read_to_string(&files.private).unwrap(),
            pair.private_pem()
        );
        assert_eq!(
            std::fs::read_to_string(&files.public).unwrap(),
            pair.public_pem()
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("public.pem.bak")).unwrap(),
            "stale"
        );
        let (again, origin) = load_or_create(&dir).unwrap();
        assert_eq!((origin, again.kid()), (KeyOrigin::Existing, pair.kid()));
    }
}
