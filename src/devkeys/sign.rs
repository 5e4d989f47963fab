//! Compact JWS (RFC 7515) over a claims map: RS256 with a development key (its kid in the
//! header, so a JWKS can find it), or HS256/384/512 with a shared secret.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Map, Value};

use super::error::DevKeyError;
use super::keypair::DevKeyPair;

/// The HMAC algorithms FastMCP's `JWTVerifier` accepts with a shared secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HmacAlgorithm {
    HS256,
    HS384,
    HS512,
}

impl HmacAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            HmacAlgorithm::HS256 => "HS256",
            HmacAlgorithm::HS384 => "HS384",
            HmacAlgorithm::HS512 => "HS512",
        }
    }

    /// RFC 7518 section 3.2: the key must be at least as long as the hash output.
    pub fn min_secret_bytes(self) -> usize {
        match self {
            HmacAlgorithm::HS256 => 32,
            HmacAlgorithm::HS384 => 48,
            HmacAlgorithm::HS512 => 64,
        }
    }

    fn algorithm(self) -> Algorithm {
        match self {
            HmacAlgorithm::HS256 => Algorithm::HS256,
            HmacAlgorithm::HS384 => Algorithm::HS384,
            HmacAlgorithm::HS512 => Algorithm::HS512,
        }
    }
}

/// A key ready to sign tokens, with the header it puts on them.
#[derive(Clone)]
pub struct JwsSigner {
    algorithm: Algorithm,
    key: EncodingKey,
    kid: Option<String>,
}

impl std::fmt::Debug for JwsSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwsSigner")
            .field("algorithm", &self.algorithm)
            .field("kid", &self.kid)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl JwsSigner {
    /// RS256 with `pair`, the header's kid being the pair's (its JWK thumbprint).
    pub fn rs256(pair: &DevKeyPair) -> Self {
        JwsSigner {
            algorithm: Algorithm::RS256,
            key: pair.signing_key().clone(),
            kid: Some(pair.kid().to_string()),
        }
    }

    /// Replaces the header's kid (e.g. to match a JWKS published under another name).
    pub fn with_kid(mut self, kid: &str) -> Result<Self, DevKeyError> {
        let kid = kid.trim();
        if kid.is_empty() {
            return Err(DevKeyError::EmptyKid);
        }
        self.kid = Some(kid.to_string());
        Ok(self)
    }

    /// HMAC with a shared secret; refuses one shorter than the algorithm needs.
    pub fn hmac(algorithm: HmacAlgorithm, secret: &[u8]) -> Result<Self, DevKeyError> {
        if secret.len() < algorithm.min_secret_bytes() {
            return Err(DevKeyError::ShortSecret {
                algorithm: algorithm.as_str(),
                min_bytes: algorithm.min_secret_bytes(),
            });
        }
        Ok(JwsSigner {
            algorithm: algorithm.algorithm(),
            key: EncodingKey::from_secret(secret),
            kid: None,
        })
    }

    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// `header.payload.signature`, base64url, with `typ: JWT`.
    pub fn sign(&self, claims: &Map<String, Value>) -> Result<String, DevKeyError> {
        let mut header = Header::new(self.algorithm);
        header.kid = self.kid.clone();
        jsonwebtoken::encode(&header, claims, &self.key)
            .map_err(|e| DevKeyError::Signing(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devkeys::test_pair;
    use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};
    use serde_json::json;

    const SECRET: &str = "an-hs256-shared-secret-of-40-characters!";

    fn claims() -> Map<String, Value> {
        let value = json!({"sub": "dev", "scope": "read write", "exp": 4_000_000_000u64});
        value.as_object().unwrap().clone()
    }

    #[test]
    fn rs256_token_verifies_with_the_public_pem_and_names_its_kid() {
        let pair = test_pair();
        let token = JwsSigner::rs256(pair).sign(&claims()).unwrap();
        let header = decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::RS256);
        assert_eq!(header.kid.as_deref(), Some(pair.kid()));
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        let key = DecodingKey::from_rsa_pem(pair.public_pem().as_bytes()).unwrap();
        let data = decode::<Value>(&token, &key, &Validation::new(Algorithm::RS256)).unwrap();
        assert_eq!(data.claims["scope"], "read write");
    }

    #[test]
    fn kid_can_be_overridden_but_not_emptied() {
        let signer = JwsSigner::rs256(test_pair()).with_kid("dev-key-1").unwrap();
        let token = signer.sign(&claims()).unwrap();
        assert_eq!(
            decode_header(&token).unwrap().kid.as_deref(),
            Some("dev-key-1")
        );
        let err = JwsSigner::rs256(test_pair()).with_kid("  ").unwrap_err();
        assert_eq!(
            err.to_string(),
            "kid: must not be empty (example: --kid dev-key-1)"
        );
    }

    #[test]
    fn hmac_tokens_verify_with_the_same_secret() {
        for (alg, jwt_alg) in [
            (HmacAlgorithm::HS256, Algorithm::HS256),
            (HmacAlgorithm::HS384, Algorithm::HS384),
            (HmacAlgorithm::HS512, Algorithm::HS512),
        ] {
            let secret = SECRET.repeat(2);
            let token = JwsSigner::hmac(alg, secret.as_bytes())
                .unwrap()
                .sign(&claims())
                .unwrap();
            let header = decode_header(&token).unwrap();
            assert_eq!((header.alg, header.kid), (jwt_alg, None));
            let key = DecodingKey::from_secret(secret.as_bytes());
            assert!(decode::<Value>(&token, &key, &Validation::new(jwt_alg)).is_ok());
            let wrong = DecodingKey::from_secret(b"another-secret-another-secret-another-secret!!");
            assert!(decode::<Value>(&token, &wrong, &Validation::new(jwt_alg)).is_err());
        }
    }

    #[test]
    fn short_secret_is_refused_without_showing_it() {
        let err = JwsSigner::hmac(HmacAlgorithm::HS256, &SECRET.as_bytes()[..31]).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("HS256") && message.contains("at least 32 bytes"),
            "{message}"
        );
        assert!(
            !message.contains(&SECRET[..31]) && !message.contains("31"),
            "{message}"
        );
        assert!(JwsSigner::hmac(HmacAlgorithm::HS256, &SECRET.as_bytes()[..32]).is_ok());
        assert!(JwsSigner::hmac(HmacAlgorithm::HS512, SECRET.as_bytes()).is_err());
        let debug = format!(
            "{:?}",
            JwsSigner::hmac(HmacAlgorithm::HS256, SECRET.as_bytes())
        );
        assert!(
            !debug.contains(SECRET) && debug.contains("<redacted>"),
            "{debug}"
        );
    }
}
