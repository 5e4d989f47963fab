//! What can go wrong with development keys and signing. No variant carries key material or
//! a secret's characters (not even its length).

use thiserror::Error;

/// Where to point a user who gave the wrong file.
const PRIVATE_KEY_EXAMPLE: &str = "the private.pem that `fastmcp-auth keygen --out keys` writes";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DevKeyError {
    #[error("cannot generate an RSA key pair: {0}")]
    Generation(String),

    #[error("cannot encode the key: {0}")]
    Encoding(String),

    #[error("this is a public key; signing needs the private key (example: {PRIVATE_KEY_EXAMPLE})")]
    PublicKeyGiven,

    #[error(
        "not an RSA private key in PEM form ('BEGIN PRIVATE KEY' or 'BEGIN RSA PRIVATE KEY'; \
         example: {PRIVATE_KEY_EXAMPLE})"
    )]
    NotRsaPrivateKey,

    #[error(
        "the RSA key has {bits} bits; RS256 needs at least {min_bits} (RFC 7518 section 3.3; \
         shorter keys can be factored, and FastMCP's JWT library warns about them) \
         (example: {PRIVATE_KEY_EXAMPLE})"
    )]
    WeakKey { bits: usize, min_bits: usize },

    #[error(
        "{algorithm} needs a shared secret of at least {min_bytes} bytes (RFC 7518 section \
         3.2); this one is shorter (example: export JWT_SECRET=\"$(openssl rand -base64 48)\")"
    )]
    ShortSecret {
        algorithm: &'static str,
        min_bytes: usize,
    },

    #[error("kid: must not be empty (example: --kid dev-key-1)")]
    EmptyKid,

    #[error("cannot sign the token: {0}")]
    Signing(String),
}
