//! Development keys and tokens: an RSA key pair for trying a `JWTVerifier` config locally,
//! its files (`private.pem`, `public.pem`, `jwks.json`), and compact signed tokens (RS256
//! with that key, or HS256/384/512 with a shared secret).
//!
//! The cryptography is the `rsa` crate's (key generation, PKCS#8/SPKI PEM) and
//! `jsonwebtoken`'s (JWS signing, JWK, RFC 7638 thumbprint), with the pure-Rust backend.
//!
//! - `keypair`: generating or loading a key pair, its PEM forms, JWK and kid;
//! - `sign`: turning a claims map into a compact JWS;
//! - `files`: where the three files live and writing them through `persist::save_text`.

mod error;
mod files;
mod keypair;
mod sign;

pub use error::DevKeyError;
pub use files::{
    JWKS_FILE, KeyFiles, KeyFilesError, KeyOrigin, PRIVATE_FILE, PUBLIC_FILE, keys_dir_for,
    load_or_create, write_key_files,
};
pub use keypair::{DEV_KEY_ALGORITHM, DevKeyPair, KEY_BITS};
pub use sign::{HmacAlgorithm, JwsSigner};

/// One key pair for every unit test in the crate: generating one costs a noticeable
/// fraction of a second even optimised.
#[cfg(test)]
pub(crate) fn test_pair() -> &'static DevKeyPair {
    static PAIR: std::sync::OnceLock<DevKeyPair> = std::sync::OnceLock::new();
    PAIR.get_or_init(|| DevKeyPair::generate().expect("key generation"))
}
