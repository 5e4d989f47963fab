//! Where an OAuth-proxy provider keeps its state (client registrations, sign-ins in
//! progress, authorization codes, token mappings), saved as the config's `deployment`
//! section, next to `config_params` so that loaders that only know `config_params` keep
//! working:
//!
//! ```json
//! "deployment": {"storage": {"backend": "redis", "url": "${REDIS_URL}",
//!                            "encryption_keys": ["${FASTMCP_STORAGE_KEY}"]}}
//! ```
//!
//! The default store (no section) is FastMCP's encrypted file tree in the server's home
//! directory: one machine only. Redis is shared by every replica and survives redeploys.
//! Every value is a `${VAR}` reference, never a literal: a Redis URL may carry a password
//! and the Fernet keys decrypt the state. Messages about this section never show a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::catalog::ProviderSpec;
use super::error::{AuthError, Result};
use super::types::FastMCPAuthConfig;
use super::value::{EnvVarName, ParamValue};

/// The `--env` field name the storage URL's variable is given under on the command line.
pub const STORAGE_URL_FIELD: &str = "storage_url";
/// The `--env` field name of a Fernet key's variable (repeated for rotation, newest first).
pub const STORAGE_KEY_FIELD: &str = "storage_encryption_key";
/// The conventional variable for the Redis URL (the documented contract).
pub const DEFAULT_URL_VAR: &str = "REDIS_URL";
/// The conventional variable for the Fernet key that encrypts the OAuth state.
pub const DEFAULT_KEY_VAR: &str = "FASTMCP_STORAGE_KEY";
/// The conventional variable for the key that signs the tokens FastMCP issues.
pub const DEFAULT_SIGNING_VAR: &str = "FASTMCP_JWT_SIGNING_KEY";
/// The pip requirement that provides `key_value.aio.stores.redis`.
pub const REDIS_REQUIREMENT: &str = "py-key-value-aio[redis]";
/// URL schemes redis-py's `from_url` accepts.
pub const REDIS_SCHEMES: [&str; 3] = ["redis://", "rediss://", "unix://"];

const SECTION: &str = "deployment";
const EXAMPLE: &str = "{\"storage\": {\"backend\": \"redis\", \"url\": \"${REDIS_URL}\", \
                       \"encryption_keys\": [\"${FASTMCP_STORAGE_KEY}\"]}}";

/// The `deployment` section of a saved config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// Where the OAuth state lives.
    pub storage: Storage,
}

/// The store behind FastMCP's `client_storage`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// FastMCP's own per-machine file store.
    Default,
    /// Redis (or Valkey) through `py-key-value-aio`, values encrypted with Fernet.
    Redis {
        /// The variable holding the Redis URL (`redis://`, `rediss://` or `unix://`).
        url: EnvVarName,
        /// Newest first: the first encrypts, all of them decrypt (key rotation).
        encryption_keys: Vec<EnvVarName>,
    },
}

impl Storage {
    /// The backend's name as saved: `default` or `redis`.
    pub fn backend(&self) -> &'static str {
        match self {
            Storage::Default => "default",
            Storage::Redis { .. } => "redis",
        }
    }
}

impl Deployment {
    /// A Redis store at the URL in `url`, encrypted under `encryption_keys` (newest first).
    pub fn redis(url: EnvVarName, encryption_keys: Vec<EnvVarName>) -> Self {
        Deployment {
            storage: Storage::Redis {
                url,
                encryption_keys,
            },
        }
    }

    /// Whether the server runs as several replicas behind a balancer: then MCP sessions
    /// must not live in one replica's memory (the HTTP transport runs stateless).
    pub fn is_shared(&self) -> bool {
        matches!(self.storage, Storage::Redis { .. })
    }

    /// The variables this section refers to, with what each holds.
    pub fn variables(&self) -> Vec<(&'static str, &EnvVarName)> {
        match &self.storage {
            Storage::Default => Vec::new(),
            Storage::Redis {
                url,
                encryption_keys,
            } => std::iter::once((
                "deployment.storage.url: the Redis URL every replica shares (redis://, \
                 rediss:// or unix://)",
                url,
            ))
            .chain(encryption_keys.iter().enumerate().map(|(i, k)| {
                let label = if i == 0 {
                    "deployment.storage.encryption_keys: Fernet key that encrypts the OAuth \
                     state (make one with cryptography's Fernet.generate_key())"
                } else {
                    "deployment.storage.encryption_keys: an older Fernet key, still accepted \
                     for decryption (remove it once the state is re-encrypted or expired)"
                };
                (label, k)
            }))
            .collect(),
        }
    }

    /// The section as saved in the config's JSON, every value a `${VAR}` reference.
    pub fn to_value(&self) -> Value {
        match &self.storage {
            Storage::Default => json!({"storage": {"backend": "default"}}),
            Storage::Redis {
                url,
                encryption_keys,
            } => json!({"storage": {
                "backend": "redis",
                "url": url.placeholder(),
                "encryption_keys": encryption_keys.iter().map(EnvVarName::placeholder).collect::<Vec<_>>(),
            }}),
        }
    }

    /// Reads the section. Messages name the key and never the value found there.
    pub fn from_value(value: &Value) -> std::result::Result<Self, String> {
        let section = object(value, SECTION)?;
        only_keys(section, SECTION, &["storage"])?;
        let storage = section
            .get("storage")
            .ok_or_else(|| format!("{SECTION}: missing key 'storage' (example: {EXAMPLE})"))?;
        let storage_map = object(storage, "deployment.storage")?;
        let backend = match storage_map.get("backend") {
            Some(Value::String(b)) => b.as_str(),
            _ => {
                return Err(format!(
                    "deployment.storage.backend: must be \"default\" or \"redis\" (example: \
                     {EXAMPLE})"
                ));
            }
        };
        let storage = match backend {
            "default" => {
                only_keys(storage_map, "deployment.storage", &["backend"])?;
                Storage::Default
            }
            "redis" => {
                only_keys(
                    storage_map,
                    "deployment.storage",
                    &["backend", "url", "encryption_keys"],
                )?;
                let url = reference(storage_map.get("url"), "deployment.storage.url")?;
                let keys = match storage_map.get("encryption_keys") {
                    Some(Value::Array(items)) if !items.is_empty() => items
                        .iter()
                        .map(|k| reference(Some(k), "deployment.storage.encryption_keys"))
                        .collect::<std::result::Result<Vec<_>, _>>()?,
                    _ => {
                        return Err(format!(
                            "deployment.storage.encryption_keys: must be a non-empty list of \
                             ${{VAR}} references, newest key first (example: \
                             [\"${{{DEFAULT_KEY_VAR}}}\"])"
                        ));
                    }
                };
                Storage::Redis {
                    url,
                    encryption_keys: keys,
                }
            }
            _ => {
                return Err(format!(
                    "deployment.storage.backend: must be \"default\" or \"redis\" (example: \
                     {EXAMPLE})"
                ));
            }
        };
        Ok(Deployment { storage })
    }
}

fn object<'a>(value: &'a Value, key: &str) -> std::result::Result<&'a Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{key}: must be an object (example: {EXAMPLE})"))
}

fn only_keys(
    map: &Map<String, Value>,
    at: &str,
    known: &[&str],
) -> std::result::Result<(), String> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        // A key name is not a secret, but it may hold anything: show it escaped.
        Some(k) => Err(format!(
            "{at}: unknown key '{}' (known: {})",
            super::text::escape_control(k),
            known.join(", ")
        )),
        None => Ok(()),
    }
}

/// A `${VAR}` reference. A literal is refused without being repeated: it may be a Redis
/// URL with a password in it, or a key.
fn reference(value: Option<&Value>, key: &str) -> std::result::Result<EnvVarName, String> {
    let example = if key.ends_with("url") {
        DEFAULT_URL_VAR
    } else {
        DEFAULT_KEY_VAR
    };
    value
        .and_then(Value::as_str)
        .and_then(EnvVarName::from_placeholder)
        .ok_or_else(|| {
            format!(
                "{key}: must be a ${{VAR}} reference to an environment variable, not a value \
                 (example: \"${{{example}}}\")"
            )
        })
}

impl Serialize for Deployment {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Deployment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Deployment::from_value(&value).map_err(serde::de::Error::custom)
    }
}

/// Checks `deployment` against the provider and its parameters and stores it in `config`.
/// The default store is stored as no section, so such a config reads as it always did.
pub fn attach(
    spec: &ProviderSpec,
    config: &mut FastMCPAuthConfig,
    deployment: Option<Deployment>,
) -> Result<()> {
    let Some(deployment) = deployment.filter(Deployment::is_shared) else {
        config.deployment = None;
        return Ok(());
    };
    if !spec.oauth_proxy {
        return Err(AuthError::InvalidField {
            field: "storage".into(),
            problem: format!(
                "{} keeps no OAuth state: a shared store applies to OAuth-proxy providers \
                 only",
                spec.type_name
            ),
            example: "default".into(),
        });
    }
    if let Storage::Redis {
        url,
        encryption_keys,
    } = &deployment.storage
    {
        let mut seen = vec![url];
        for key in encryption_keys {
            if seen.contains(&key) {
                return Err(AuthError::InvalidField {
                    field: STORAGE_KEY_FIELD.into(),
                    problem: format!(
                        "${{{key}}} is named twice (the Redis URL and each Fernet key need \
                         their own variable)"
                    ),
                    example: format!("{STORAGE_KEY_FIELD}={DEFAULT_KEY_VAR}"),
                });
            }
            seen.push(key);
        }
    }
    // Replicas must sign and check client tokens with the same key; name it explicitly
    // rather than rely on every replica deriving it from the same client secret.
    match config.config_params.get("jwt_signing_key") {
        Some(ParamValue::Env(_)) => {}
        Some(_) => {
            return Err(AuthError::InvalidField {
                field: "jwt_signing_key".into(),
                problem: "must come from an environment variable every replica shares".into(),
                example: format!("${{{DEFAULT_SIGNING_VAR}}}"),
            });
        }
        None => {
            return Err(AuthError::InvalidField {
                field: "jwt_signing_key".into(),
                problem: "is required with a shared store: every replica must sign and check \
                          client tokens with the same key"
                    .into(),
                example: format!("${{{DEFAULT_SIGNING_VAR}}}"),
            });
        }
    }
    config.deployment = Some(deployment);
    Ok(())
}

/// Checks the value of the Redis URL variable (when it is set) without showing it.
pub fn check_redis_url(var: &EnvVarName, value: &str) -> std::result::Result<(), String> {
    let lower = value.trim().to_ascii_lowercase();
    if REDIS_SCHEMES.iter().any(|s| lower.starts_with(s)) {
        Ok(())
    } else {
        Err(format!(
            "${{{var}}} must be a Redis URL starting with {} (example: redis://redis:6379/0)",
            REDIS_SCHEMES.join(", ")
        ))
    }
}

/// Checks that a Fernet key has Fernet's form (32 bytes, url-safe base64 with its `=`),
/// without showing it.
pub fn check_fernet_key(var: &EnvVarName, value: &str) -> std::result::Result<(), String> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let value = value.trim();
    let body = value.strip_suffix('=').unwrap_or("");
    // As lenient as `cryptography` itself, which ignores the 2 spare bits of the last one.
    let ok = body.len() == 43 && body.chars().all(|c| ALPHABET.contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "${{{var}}} is not a Fernet key (32 bytes in url-safe base64, 44 characters ending \
             in '='); make one with cryptography's Fernet.generate_key()"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str) -> EnvVarName {
        EnvVarName::parse(name).unwrap()
    }

    #[test]
    fn redis_section_round_trips_through_json() {
        let d = Deployment::redis(var("REDIS_URL"), vec![var("NEW_KEY"), var("OLD_KEY")]);
        let value = serde_json::to_value(&d).unwrap();
        assert_eq!(
            value,
            json!({"storage": {"backend": "redis", "url": "${REDIS_URL}",
                               "encryption_keys": ["${NEW_KEY}", "${OLD_KEY}"]}})
        );
        assert_eq!(serde_json::from_value::<Deployment>(value).unwrap(), d);
    }

    #[test]
    fn literal_url_or_key_is_refused_without_being_shown() {
        let secret_url = "redis://:hunter2-password@cache:6379/0";
        for doc in [
            json!({"storage": {"backend": "redis", "url": secret_url, "encryption_keys": ["${K}"]}}),
            json!({"storage": {"backend": "redis", "url": "${U}", "encryption_keys": secret_url}}),
            json!({"storage": {"backend": "redis", "url": "${U}", "encryption_keys": [secret_url]}}),
            json!({"storage": {"backend": "redis", "url": ["x", secret_url], "encryption_keys": ["${K}"]}}),
        ] {
            let err = serde_json::from_value::<Deployment>(doc)
                .unwrap_err()
                .to_string();
            assert!(!err.contains("hunter2"), "{err}");
            assert!(err.contains("deployment.storage."), "{err}");
            assert!(err.contains("example"), "{err}");
        }
    }

    #[test]
    fn unknown_backend_and_keys_are_refused() {
        for doc in [
            json!({"storage": {"backend": "memcached"}}),
            json!({"storage": {"backend": "redis", "url": "${U}", "encryption_keys": ["${K}"], "pw": "x"}}),
            json!({"storage": {"backend": "redis", "url": "${U}", "encryption_keys": []}}),
            json!({"store": {}}),
        ] {
            assert!(Deployment::from_value(&doc).is_err(), "{doc}");
        }
    }

    #[test]
    fn fernet_key_form() {
        let v = var("FASTMCP_STORAGE_KEY");
        // Made by `cryptography.fernet.Fernet.generate_key()`.
        assert!(check_fernet_key(&v, "4nQbXfcv7B3l6oYjvS2yS4cS8ojN6C1lWq4wH0Uq8nE=").is_ok());
        for bad in [
            "",
            "4nQbXfcv7B3l6oYjvS2yS4cS8ojN6C1lWq4wH0Uq8nE",
            "4nQbXfcv7B3l6oYjvS2yS4cS8ojN6C1lWq4wH0Uq+nE=",
            "hunter2",
        ] {
            let err = check_fernet_key(&v, bad).unwrap_err();
            assert!(!err.contains("hunter2") && !err.contains("4nQb"), "{err}");
        }
    }

    #[test]
    fn redis_url_schemes() {
        let v = var("REDIS_URL");
        for ok in [
            "redis://r:6379/0",
            "rediss://u:p@r:6380",
            "unix:///run/redis.sock",
            "REDIS://x",
        ] {
            assert!(check_redis_url(&v, ok).is_ok(), "{ok}");
        }
        for bad in ["http://r:6379", "r:6379", "postgres://u:hunter2@db", ""] {
            let err = check_redis_url(&v, bad).unwrap_err();
            assert!(
                err.contains("$REDIS_URL") || err.contains("${REDIS_URL}"),
                "{err}"
            );
            assert!(!err.contains("hunter2"), "{err}");
        }
    }
}
