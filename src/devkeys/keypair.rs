//! A development RSA key pair: generated with the OS random source, or loaded from a
//! private key PEM; its PKCS#8 private PEM, SPKI public PEM (what `JWTVerifier(public_key=…)`
//! reads) and public JWK.
//!
//! The kid is the key's RFC 7638 JWK thumbprint (SHA-256, base64url): derived, not random, so
//! `keygen`, `token --sign-key` and the wizard always agree on it for the same key, and a
//! token's `kid` header finds its key in `jwks.json`.

use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse, ThumbprintHash};
use jsonwebtoken::{Algorithm, EncodingKey};
use rsa::RsaPrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::rand_core::OsRng;

use crate::core::Secret;

use super::error::DevKeyError;

/// RSA modulus size: the smallest RFC 7518 allows for RS256 and what common issuers use.
pub const KEY_BITS: usize = 2048;
/// The algorithm development key pairs sign with.
pub const DEV_KEY_ALGORITHM: &str = "RS256";

pub struct DevKeyPair {
    /// Registered for masking in panic messages, zeroed on drop.
    private_pem: Secret,
    public_pem: String,
    /// The public JWK, with `kid`, `use: sig` and `alg: RS256`.
    jwk: Jwk,
    /// The private key in the form `jsonwebtoken` signs with.
    signing_key: EncodingKey,
}

impl std::fmt::Debug for DevKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevKeyPair")
            .field("kid", &self.kid())
            .field("private_key", &"<redacted>")
            .finish()
    }
}

impl DevKeyPair {
    /// A new random key pair of [`KEY_BITS`] bits.
    pub fn generate() -> Result<Self, DevKeyError> {
        let key = RsaPrivateKey::new(&mut OsRng, KEY_BITS)
            .map_err(|e| DevKeyError::Generation(e.to_string()))?;
        Self::from_key(&key)
    }

    /// Loads a PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM.
    pub fn from_private_pem(pem: &str) -> Result<Self, DevKeyError> {
        if pem.contains("PUBLIC KEY-----") || pem.contains("BEGIN CERTIFICATE") {
            return Err(DevKeyError::PublicKeyGiven);
        }
        let key = RsaPrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
            .map_err(|_| DevKeyError::NotRsaPrivateKey)?;
        // A short key is forgeable; tokens signed with it must not look usable.
        let bits = rsa::traits::PublicKeyParts::size(&key) * 8;
        if bits < KEY_BITS {
            return Err(DevKeyError::WeakKey {
                bits,
                min_bits: KEY_BITS,
            });
        }
        Self::from_key(&key)
    }

    fn from_key(key: &RsaPrivateKey) -> Result<Self, DevKeyError> {
        let encoding = |e: &dyn std::fmt::Display| DevKeyError::Encoding(e.to_string());
        let private_pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|e| encoding(&e))?;
        let public_pem = key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| encoding(&e))?;
        let pkcs1 = key.to_pkcs1_der().map_err(|e| encoding(&e))?;
        let signing_key = EncodingKey::from_rsa_der(pkcs1.as_bytes());
        let mut jwk =
            Jwk::from_encoding_key(&signing_key, Algorithm::RS256).map_err(|e| encoding(&e))?;
        // The thumbprint covers only e, kty and n, so it is the same before and after these.
        jwk.common.key_id = Some(kid_of(&jwk));
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        Ok(DevKeyPair {
            private_pem: Secret::new(private_pem.to_string()),
            public_pem,
            jwk,
            signing_key,
        })
    }

    /// PKCS#8 PEM (`BEGIN PRIVATE KEY`), what `openssl genpkey` writes.
    pub fn private_pem(&self) -> &str {
        self.private_pem.expose()
    }

    /// SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`), what `JWTVerifier(public_key=…)` reads.
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// The RFC 7638 thumbprint of the public key.
    pub fn kid(&self) -> &str {
        self.jwk.common.key_id.as_deref().unwrap_or_default()
    }

    pub fn public_jwk(&self) -> &Jwk {
        &self.jwk
    }

    /// `{"keys": [the public JWK]}`, pretty-printed with a trailing newline: the document a
    /// `JWTVerifier(jwks_uri=…)` fetches.
    pub fn jwks_json(&self) -> String {
        let set = JwkSet {
            keys: vec![self.jwk.clone()],
        };
        let mut text = serde_json::to_string_pretty(&set).unwrap_or_default();
        text.push('\n');
        text
    }

    pub(super) fn signing_key(&self) -> &EncodingKey {
        &self.signing_key
    }
}

/// The kid of a public key: its RFC 7638 thumbprint (SHA-256, base64url without padding).
fn kid_of(jwk: &Jwk) -> String {
    jwk.thumbprint(ThumbprintHash::SHA256)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devkeys::test_pair as shared_pair;
    use jsonwebtoken::jwk::{AlgorithmParameters, RSAKeyParameters};

    #[test]
    fn pem_forms_and_jwks_carry_the_kid() {
        let pair = shared_pair();
        assert!(
            pair.private_pem()
                .starts_with("-----BEGIN PRIVATE KEY-----\n")
        );
        assert!(
            pair.public_pem()
                .starts_with("-----BEGIN PUBLIC KEY-----\n")
        );
        let jwks: serde_json::Value = serde_json::from_str(&pair.jwks_json()).unwrap();
        let key = &jwks["keys"][0];
        assert_eq!(jwks["keys"].as_array().unwrap().len(), 1);
        assert_eq!(key["kty"], "RSA");
        assert_eq!(key["alg"], "RS256");
        assert_eq!(key["use"], "sig");
        assert_eq!(key["e"], "AQAB");
        assert_eq!(key["kid"], pair.kid());
        assert!(key.get("d").is_none(), "no private part in the JWKS");
        // base64url of SHA-256: 43 characters, no padding.
        assert_eq!(pair.kid().len(), 43);
    }

    #[test]
    fn loading_the_private_pem_gives_the_same_key_and_kid() {
        let pair = shared_pair();
        let again = DevKeyPair::from_private_pem(pair.private_pem()).unwrap();
        assert_eq!(again.kid(), pair.kid());
        assert_eq!(again.public_pem(), pair.public_pem());
        // PKCS#1 ("BEGIN RSA PRIVATE KEY") is read too.
        let key = RsaPrivateKey::from_pkcs8_pem(pair.private_pem()).unwrap();
        let pkcs1 = key.to_pkcs1_pem(LineEnding::LF).unwrap();
        assert_eq!(
            DevKeyPair::from_private_pem(&pkcs1).unwrap().kid(),
            pair.kid()
        );
    }

    #[test]
    fn wrong_pem_is_named_without_echoing_it() {
        let pair = shared_pair();
        assert_eq!(
            DevKeyPair::from_private_pem(pair.public_pem()).unwrap_err(),
            DevKeyError::PublicKeyGiven
        );
        let garbage = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
        let err = DevKeyPair::from_private_pem(garbage).unwrap_err();
        assert_eq!(err, DevKeyError::NotRsaPrivateKey);
        assert!(!err.to_string().contains("bm90IGEga2V5"));
    }

    #[test]
    fn debug_output_hides_the_private_key() {
        let pair = shared_pair();
        let shown = format!("{pair:?}");
        assert!(
            shown.contains("<redacted>") && shown.contains(pair.kid()),
            "{shown}"
        );
        let body: String = pair.private_pem().lines().nth(1).unwrap().to_string();
        assert!(!shown.contains(&body));
    }

    /// RFC 7638 section 3.1's example key and thumbprint: the kid is the standard one.
    #[test]
    fn kid_is_the_rfc_7638_thumbprint() {
        let jwk = Jwk {
            common: Default::default(),
            algorithm: AlgorithmParameters::RSA(RSAKeyParameters {
                key_type: Default::default(),
                n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw".into(),
                e: "AQAB".into(),
            }),
        };
        assert_eq!(kid_of(&jwk), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    /// A 1024-bit key (made here, no openssl needed) is refused for signing.
    #[test]
    fn keys_under_2048_bits_are_refused() {
        let weak = RsaPrivateKey::new(&mut OsRng, 1024).unwrap();
        let pem = weak.to_pkcs8_pem(LineEnding::LF).unwrap();
        let err = DevKeyPair::from_private_pem(&pem).unwrap_err();
        assert_eq!(
            err,
            DevKeyError::WeakKey {
                bits: 1024,
                min_bits: 2048
            }
        );
        let message = err.to_string();
        assert!(
            message.contains("1024 bits") && message.contains("at least 2048"),
            "{message}"
        );
        assert!(!message.contains("PRIVATE KEY-----"), "{message}");
    }
}
