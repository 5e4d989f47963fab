//! `AuthTokenBuilder`: JWT claims that FastMCP's `JWTVerifier` reads.
//!
//! The builder computes `sub`, `client_id`, `scope` (space-separated: what FastMCP reads),
//! `scopes` (the list the specification documents; FastMCP ignores it), `iat` and
//! `exp = iat + expires_in`, then `iss` and `aud` when `issuer()` / `audience()` set them
//! (FastMCP checks them only when its verifier is configured with an issuer or audience, and
//! then rejects a token without them). Custom claims follow. `add_claim` may override `sub`
//! (a token's subject can differ from its client) but not the other computed claims: those
//! are errors naming the method to use instead, so a payload never contradicts itself.
//! `iss` and `aud` may be custom claims when `issuer()` / `audience()` are not used.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::error::{AuthError, Result};
use super::types::JWTPayloadConfig;
use super::validate::normalize_scopes;

/// The current time in seconds since the Unix epoch; injectable so tests can fix it.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now(&self) -> u64;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// A clock stopped at one instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn now(&self) -> u64 {
        self.0
    }
}

/// Claims the builder computes: the claim, what to call instead of `add_claim`, and the
/// payload setting that produces it (front ends name their own control for it).
const RESERVED: [(&str, &str, &str); 5] = [
    (
        "client_id",
        "it is the client id given to auth_token()",
        "client_id",
    ),
    ("scope", "use add_scopes()", "scopes"),
    ("scopes", "use add_scopes()", "scopes"),
    (
        "iat",
        "it is the clock's time when the payload is generated; fix it with issued_at() or \
         a FixedClock",
        "issued_at",
    ),
    ("exp", "use expires_in(), seconds after iat", "expires_in"),
];

/// Claims set by a builder method when it is used, with that method's name.
const RESERVED_WHEN_SET: [(&str, &str, &str); 2] = [
    (
        "iss",
        "it is set by issuer(); give it one way only",
        "issuer",
    ),
    (
        "aud",
        "it is set by audience(); give it one way only",
        "audience",
    ),
];

/// Builds a JWT payload for development and tests: `sub`, `client_id`, `scope`, `iat`, `exp` and custom claims. `iat`/`exp` come from the context's [`Clock`].
#[derive(Clone)]
#[must_use = "a builder method returns the updated builder: use it (`let b = b.method(…);`)"]
pub struct AuthTokenBuilder {
    config: JWTPayloadConfig,
    /// The `iss` claim, when set.
    issuer: Option<String>,
    /// The `aud` claim: one audience is a string, several a list.
    audiences: Vec<String>,
    /// A fixed `iat`, overriding the clock.
    issued_at: Option<u64>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for AuthTokenBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthTokenBuilder")
            .field("config", &self.config)
            .field("issuer", &self.issuer)
            .field("audiences", &self.audiences)
            .finish_non_exhaustive()
    }
}

/// The latest `exp` written: 9999-12-31T23:59:59Z, the last second RFC 3339 and Python's
/// `datetime` can write. FastMCP compares `exp` as a number, but a token also meets
/// gateways, clients and logs: Java's `Date` overflows at ~2^63 ms, JavaScript loses
/// precision past 2^53, and anything shown as a date fails past year 9999.
pub const MAX_EXP: u64 = 253_402_300_799;

impl AuthTokenBuilder {
    /// A builder for `client_id`'s token, timed by `clock`.
    pub fn new(client_id: &str, clock: Arc<dyn Clock>) -> Self {
        AuthTokenBuilder {
            config: JWTPayloadConfig::new(client_id),
            issuer: None,
            audiences: Vec::new(),
            issued_at: None,
            clock,
        }
    }

    /// Adds scopes (any iterable of string-likes).
    pub fn add_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config
            .scopes
            .extend(scopes.into_iter().map(Into::into));
        self
    }

    /// Adds a custom claim (`iat`, `exp`, `sub`, `scope` and `client_id` are computed and refused).
    ///
    /// # Examples
    ///
    /// A test token with custom claims and fixed `iat`/`exp` (a [`FixedClock`] stands in for the
    /// system clock):
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, FixedClock};
    /// use serde_json::json;
    ///
    /// let payload = AuthContext::with_clock(FixedClock(1_700_000_000))
    ///     .auth_jwt_payload("user123")
    ///     .add_scopes(["read", "write"])
    ///     .add_claim("role", "admin")
    ///     .add_claim("permissions", json!(["create", "read"]))
    ///     .expires_in(7200)
    ///     .generate_payload()?;
    /// assert_eq!(payload["role"], "admin");
    /// assert_eq!(payload["iat"], 1_700_000_000);
    /// assert_eq!(payload["exp"], 1_700_007_200);
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn add_claim(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.config
            .custom_claims
            .insert(key.to_string(), value.into());
        self
    }

    /// Sets the lifetime in seconds (default 3600).
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.config.expires_in = seconds;
        self
    }

    /// Fixes `iat` (seconds since the Unix epoch) instead of reading the clock; `exp` is
    /// still `iat + expires_in`. For reproducible test tokens, like the specification's
    /// hand-written `iat`/`exp` claims.
    ///
    /// # Examples
    ///
    /// ```
    /// use fastmcp_auth::core::AuthContext;
    ///
    /// let payload = AuthContext::new()
    ///     .auth_jwt_payload("user123")
    ///     .add_scopes(["read", "write", "execute"])
    ///     .issued_at(1_735_603_200)
    ///     .expires_in(86_400)
    ///     .generate_payload()?;
    /// assert_eq!(payload["iat"], 1_735_603_200);
    /// assert_eq!(payload["exp"], 1_735_689_600);
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn issued_at(mut self, iat: u64) -> Self {
        self.issued_at = Some(iat);
        self
    }

    /// The `iss` claim: who issued the token (FastMCP's `JWTVerifier(issuer=…)`).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Adds an `aud` value (FastMCP's `JWTVerifier(audience=…)`); call again for more.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audiences.push(audience.into());
        self
    }

    /// The payload config as built so far.
    pub fn config(&self) -> &JWTPayloadConfig {
        &self.config
    }

    /// Generates the payload.
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) for an empty client id, a zero or too long lifetime, an invalid scope or a reserved claim.
    pub fn generate_payload(&self) -> Result<Map<String, Value>> {
        let cfg = &self.config;
        let client_id = cfg.client_id.trim();
        if client_id.is_empty() {
            return Err(AuthError::EmptyClientId);
        }
        if cfg.expires_in == 0 {
            return Err(AuthError::InvalidExpiry);
        }
        if let Some((claim, hint, setting)) = RESERVED
            .iter()
            .find(|(name, _, _)| cfg.custom_claims.contains_key(*name))
        {
            return Err(AuthError::ReservedClaim {
                claim,
                hint,
                setting,
            });
        }
        let set_by_method = [self.issuer.is_some(), !self.audiences.is_empty()];
        if let Some((claim, hint, setting)) = RESERVED_WHEN_SET
            .iter()
            .zip(set_by_method)
            .find(|((name, _, _), set)| *set && cfg.custom_claims.contains_key(*name))
            .map(|(reserved, _)| reserved)
        {
            return Err(AuthError::ReservedClaim {
                claim,
                hint,
                setting,
            });
        }
        let issuer = self
            .issuer
            .as_deref()
            .map(|iss| non_empty("issuer", iss, "https://auth.example.com"))
            .transpose()?;
        let audiences = self
            .audiences
            .iter()
            .map(|aud| non_empty("audience", aud, "my-mcp-server"))
            .collect::<Result<Vec<_>>>()?;
        let scopes = normalize_scopes(&cfg.scopes).map_err(|e| match e {
            AuthError::InvalidScope { shown, problem, .. } => AuthError::InvalidScope {
                field: "scopes".into(),
                shown,
                problem,
            },
            other => other,
        })?;
        let iat = self.issued_at.unwrap_or_else(|| self.clock.now());
        let max_seconds = MAX_EXP.saturating_sub(iat);
        if cfg.expires_in > max_seconds {
            return Err(AuthError::ExpiryTooLate { max_seconds });
        }
        let exp = iat + cfg.expires_in;
        let mut payload = Map::new();
        payload.insert("sub".into(), client_id.into());
        payload.insert("client_id".into(), client_id.into());
        payload.insert("scope".into(), scopes.join(" ").into());
        payload.insert("scopes".into(), scopes.into());
        payload.insert("iat".into(), iat.into());
        payload.insert("exp".into(), exp.into());
        if let Some(iss) = issuer {
            payload.insert("iss".into(), iss.into());
        }
        match audiences.as_slice() {
            [] => {}
            [one] => {
                payload.insert("aud".into(), (*one).into());
            }
            several => {
                payload.insert("aud".into(), several.to_vec().into());
            }
        }
        for (key, value) in &cfg.custom_claims {
            payload.insert(key.clone(), value.clone());
        }
        Ok(payload)
    }
}

/// `value` trimmed, or an error naming `field` when nothing is left.
fn non_empty<'a>(field: &str, value: &'a str, example: &str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AuthError::InvalidField {
            field: field.to_string(),
            problem: "must not be empty".to_string(),
            example: example.to_string(),
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn builder() -> AuthTokenBuilder {
        AuthTokenBuilder::new("svc", Arc::new(FixedClock(1_700_000_000)))
    }

    /// An `exp` past 9999-12-31 is refused with the largest lifetime that fits, where it
    /// used to overflow into "must be at least 1 second" or be written as a u64.
    #[test]
    fn exp_stays_within_what_python_can_represent() {
        let max = MAX_EXP - 1_700_000_000;
        let payload = builder().expires_in(max).generate_payload().unwrap();
        assert_eq!(payload["exp"], json!(MAX_EXP));
        for too_long in [max + 1, u64::MAX] {
            let err = builder()
                .expires_in(too_long)
                .generate_payload()
                .unwrap_err();
            assert_eq!(err, AuthError::ExpiryTooLate { max_seconds: max });
            let message = err.to_string();
            assert!(message.starts_with("expires_in: too long"), "{message}");
            assert!(message.contains("example: 3600"), "{message}");
        }
    }

    #[test]
    fn issuer_and_one_audience_follow_exp() {
        let payload = builder()
            .issuer("https://auth.example.com")
            .audience("my-api")
            .add_claim("role", "admin")
            .generate_payload()
            .unwrap();
        let keys: Vec<&str> = payload.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "sub",
                "client_id",
                "scope",
                "scopes",
                "iat",
                "exp",
                "iss",
                "aud",
                "role"
            ]
        );
        assert_eq!(payload["iss"], "https://auth.example.com");
        assert_eq!(payload["aud"], "my-api");
    }

    #[test]
    fn several_audiences_are_a_list_and_none_leaves_aud_out() {
        let payload = builder()
            .audience("a")
            .audience("b")
            .generate_payload()
            .unwrap();
        assert_eq!(payload["aud"], json!(["a", "b"]));
        let plain = builder().generate_payload().unwrap();
        assert!(!plain.contains_key("aud") && !plain.contains_key("iss"));
    }

    #[test]
    fn iss_and_aud_are_custom_claims_unless_their_method_is_used() {
        let payload = builder()
            .add_claim("iss", "x")
            .add_claim("aud", "y")
            .generate_payload()
            .unwrap();
        assert_eq!(
            (&payload["iss"], &payload["aud"]),
            (&json!("x"), &json!("y"))
        );
        let err = builder()
            .issuer("https://a")
            .add_claim("iss", "x")
            .generate_payload()
            .unwrap_err();
        assert!(
            matches!(err, AuthError::ReservedClaim { claim: "iss", .. }),
            "{err}"
        );
        assert!(err.to_string().contains("issuer()"), "{err}");
        assert_eq!(err.field(), Some("iss"));
        let err = builder()
            .audience("a")
            .add_claim("aud", "y")
            .generate_payload()
            .unwrap_err();
        assert!(
            matches!(err, AuthError::ReservedClaim { claim: "aud", .. }),
            "{err}"
        );
    }

    #[test]
    fn empty_issuer_or_audience_is_named_with_an_example() {
        let err = builder().issuer(" ").generate_payload().unwrap_err();
        assert_eq!(
            err.to_string(),
            "issuer: must not be empty (example: issuer=https://auth.example.com)"
        );
        let err = builder().audience("").generate_payload().unwrap_err();
        assert_eq!(
            err.to_string(),
            "audience: must not be empty (example: audience=my-mcp-server)"
        );
    }
}
