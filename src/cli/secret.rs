//! `fastmcp-auth secret --fernet | --signing-key`: a fresh random key on stdout, for the
//! variables a shared deployment needs (`FASTMCP_STORAGE_KEY`, `FASTMCP_JWT_SIGNING_KEY`).
//! It is printed only, never written to a file: the operator puts it in their secret store
//! (`FASTMCP_STORAGE_KEY=$(fastmcp-auth secret --fernet)`).

use std::io::Write;

use clap::Args;
use rsa::rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use super::{CliError, write_out};
use crate::diagnose::b64;

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SecretArgs {
    /// A Fernet key (32 random bytes, url-safe base64) for the storage encryption variable
    #[arg(long)]
    pub fernet: bool,
    /// A signing key (32 random bytes, base64url) for jwt_signing_key
    #[arg(long)]
    pub signing_key: bool,
}

pub fn run(args: &SecretArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let key = if args.fernet {
        fernet_key()
    } else {
        signing_key()
    };
    write_out(out, &format!("{}\n", key.as_str()))?;
    let var = if args.fernet {
        "FASTMCP_STORAGE_KEY"
    } else {
        "FASTMCP_JWT_SIGNING_KEY"
    };
    let _ = writeln!(
        err,
        "store it in your secret manager, for example: {var}=$(fastmcp-auth secret {})",
        if args.fernet {
            "--fernet"
        } else {
            "--signing-key"
        }
    );
    Ok(())
}

fn random_32() -> Zeroizing<[u8; 32]> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(bytes.as_mut());
    bytes
}

/// What `cryptography.fernet.Fernet.generate_key()` makes: url-safe base64 with padding.
pub fn fernet_key() -> Zeroizing<String> {
    let mut key = Zeroizing::new(b64::encode(random_32().as_ref()));
    key.push('=');
    key
}

pub fn signing_key() -> Zeroizing<String> {
    Zeroizing::new(b64::encode(random_32().as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::EnvVarName;
    use crate::core::deployment::check_fernet_key;

    #[test]
    fn fernet_keys_have_fernets_form_and_differ() {
        let var = EnvVarName::parse("FASTMCP_STORAGE_KEY").unwrap();
        let (a, b) = (fernet_key(), fernet_key());
        assert_eq!(a.len(), 44);
        check_fernet_key(&var, &a).unwrap();
        assert_ne!(*a, *b);
        assert_eq!(
            b64::decode_strict(a.trim_end_matches('=')).unwrap().len(),
            32
        );
    }

    #[test]
    fn signing_keys_are_43_characters_of_32_bytes() {
        let key = signing_key();
        assert_eq!(key.len(), 43);
        assert_eq!(b64::decode_strict(&key).unwrap().len(), 32);
        assert_ne!(*key, *signing_key());
    }
}
