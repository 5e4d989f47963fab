//! `AuthTokenBuilder`: JWT claims that FastMCP's `JWTVerifier` reads.
//!
//! The builder computes `sub`, `client_id`, `scope` (space-separated: what FastMCP reads),
//! `scopes` (the list the specification documents; FastMCP ignores it), `iat` and
//! `exp = iat + expires_in`. Custom claims follow. `add_claim` may override `sub` (a token's
//! subject can differ from its client) but not the other computed claims: those are errors
//! naming the method to use instead, so a payload never contradicts itself.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::error::{AuthError, Result};
use super::types::JWTPayloadConfig;
use super::validate::normalize_scopes;

/// The current time in seconds since the Unix epoch; injectable so tests can fix it.
pub trait Clock: Send + Sync {
    fn now(&self) -> u64;
}

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

/// Claims the builder computes, with what to call instead of `add_claim`.
const RESERVED: [(&str, &str); 5] = [
    ("client_id", "it is the client id given to auth_token()"),
    ("scope", "use add_scopes() (CLI: --scope)"),
    ("scopes", "use add_scopes() (CLI: --scope)"),
    (
        "iat",
        "it is the clock's time when the payload is generated",
    ),
    (
        "exp",
        "use expires_in() (CLI: --expires-in), seconds after iat",
    ),
];

#[derive(Clone)]
pub struct AuthTokenBuilder {
    config: JWTPayloadConfig,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for AuthTokenBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthTokenBuilder")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AuthTokenBuilder {
    pub fn new(client_id: &str, clock: Arc<dyn Clock>) -> Self {
        AuthTokenBuilder {
            config: JWTPayloadConfig::new(client_id),
            clock,
        }
    }

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

    pub fn add_claim(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.config
            .custom_claims
            .insert(key.to_string(), value.into());
        self
    }

    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.config.expires_in = seconds;
        self
    }

    pub fn config(&self) -> &JWTPayloadConfig {
        &self.config
    }

    pub fn generate_payload(&self) -> Result<Map<String, Value>> {
        let cfg = &self.config;
        let client_id = cfg.client_id.trim();
        if client_id.is_empty() {
            return Err(AuthError::EmptyClientId);
        }
        if cfg.expires_in == 0 {
            return Err(AuthError::InvalidExpiry);
        }
        if let Some((claim, hint)) = RESERVED
            .iter()
            .find(|(name, _)| cfg.custom_claims.contains_key(*name))
        {
            return Err(AuthError::ReservedClaim { claim, hint });
        }
        let scopes = normalize_scopes(&cfg.scopes)?;
        let iat = self.clock.now();
        let exp = iat
            .checked_add(cfg.expires_in)
            .ok_or(AuthError::InvalidExpiry)?;
        let mut payload = Map::new();
        payload.insert("sub".into(), client_id.into());
        payload.insert("client_id".into(), client_id.into());
        payload.insert("scope".into(), scopes.join(" ").into());
        payload.insert("scopes".into(), scopes.into());
        payload.insert("iat".into(), iat.into());
        payload.insert("exp".into(), exp.into());
        for (key, value) in &cfg.custom_claims {
            payload.insert(key.clone(), value.clone());
        }
        Ok(payload)
    }
}
