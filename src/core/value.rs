//! Parameter values: a literal, a secret literal, or a reference to an environment variable.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use super::error::AuthError;

/// A secret string (client secret, shared key). Its memory is zeroed on drop and `Debug`/
/// `Display` print a redaction, so a secret cannot leak through logs, errors or panics by
/// accident: the only way to the characters is [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret's characters. Call only where the value must really go (a file the user
    /// asked to embed secrets in, a masked input widget).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How a secret is shown: a fixed run of `*` (the length is not revealed) and, for
    /// secrets of 8 characters or more, the last 4 so the user can tell which one it is.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// See [`Secret::masked`].
pub fn mask(text: &str) -> String {
    const STARS: &str = "********";
    // Looks at 8 characters at most, so a long value costs no more than a short one.
    if text.chars().nth(7).is_none() {
        return STARS.to_string();
    }
    let mut tail: Vec<char> = text.chars().rev().take(4).collect();
    tail.reverse();
    format!("{STARS}{}", tail.into_iter().collect::<String>())
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The name of an environment variable: `[A-Za-z_][A-Za-z0-9_]*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnvVarName(String);

impl EnvVarName {
    pub fn parse(name: &str) -> Result<Self, AuthError> {
        let mut chars = name.chars();
        let valid = matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
            && chars.all(|c| c == '_' || c.is_ascii_alphanumeric());
        if valid {
            Ok(EnvVarName(name.to_string()))
        } else {
            Err(AuthError::InvalidEnvVarName {
                name: name.to_string(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value of this variable in the current process environment, if set and non-empty.
    pub fn lookup(&self) -> Option<String> {
        std::env::var(&self.0).ok().filter(|v| !v.is_empty())
    }

    /// `${NAME}`: the placeholder FastMCP's `fastmcp.json` and `os.path.expandvars` expand.
    pub fn placeholder(&self) -> String {
        format!("${{{}}}", self.0)
    }

    /// Parses `${NAME}` back into a name; anything else is not a reference.
    pub fn from_placeholder(text: &str) -> Option<Self> {
        let inner = text.strip_prefix("${")?.strip_suffix('}')?;
        EnvVarName::parse(inner).ok()
    }
}

impl fmt::Display for EnvVarName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One constructor parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A plain JSON value written as it is.
    Literal(serde_json::Value),
    /// A secret literal; written into a file only when the caller asked to embed secrets.
    Secret(Secret),
    /// A reference to an environment variable, written as `"${NAME}"`.
    Env(EnvVarName),
}

impl ParamValue {
    pub fn env(name: &str) -> Result<Self, AuthError> {
        EnvVarName::parse(name).map(ParamValue::Env)
    }

    pub fn secret(value: impl Into<String>) -> Self {
        ParamValue::Secret(Secret::new(value))
    }

    pub fn list<I, S>(items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ParamValue::Literal(serde_json::Value::Array(
            items
                .into_iter()
                .map(|s| serde_json::Value::String(s.into()))
                .collect(),
        ))
    }

    /// The literal text of a non-secret string value.
    pub fn as_literal_str(&self) -> Option<&str> {
        match self {
            ParamValue::Literal(serde_json::Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The text a check can look at: literal strings and secrets, not references.
    pub(crate) fn known_text(&self) -> Option<&str> {
        match self {
            ParamValue::Literal(serde_json::Value::String(s)) => Some(s),
            ParamValue::Secret(s) => Some(s.expose()),
            _ => None,
        }
    }

    pub fn env_var(&self) -> Option<&EnvVarName> {
        match self {
            ParamValue::Env(name) => Some(name),
            _ => None,
        }
    }

    /// Turns a literal string into a secret (used when the catalog says a field is secret).
    pub(crate) fn into_secret(self) -> Self {
        match self {
            ParamValue::Literal(serde_json::Value::String(s)) => ParamValue::secret(s),
            other => other,
        }
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::from(value.to_string())
    }
}

impl From<String> for ParamValue {
    /// A `"${NAME}"` string becomes a reference; anything else a literal.
    fn from(value: String) -> Self {
        match EnvVarName::from_placeholder(&value) {
            Some(name) => ParamValue::Env(name),
            None => ParamValue::Literal(serde_json::Value::String(value)),
        }
    }
}

impl From<EnvVarName> for ParamValue {
    fn from(value: EnvVarName) -> Self {
        ParamValue::Env(value)
    }
}

impl From<Secret> for ParamValue {
    fn from(value: Secret) -> Self {
        ParamValue::Secret(value)
    }
}

impl From<serde_json::Value> for ParamValue {
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::String(s) => ParamValue::from(s),
            other => ParamValue::Literal(other),
        }
    }
}

impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamValue::Literal(value) => value.serialize(serializer),
            ParamValue::Secret(secret) => serializer.serialize_str(secret.expose()),
            ParamValue::Env(name) => serializer.serialize_str(&name.placeholder()),
        }
    }
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(ParamValue::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names_are_checked() {
        assert!(EnvVarName::parse("GOOGLE_CLIENT_ID").is_ok());
        assert!(EnvVarName::parse("_x1").is_ok());
        for bad in ["", "1ABC", "A-B", "A B", "${A}", "é"] {
            assert!(EnvVarName::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn reference_round_trips_through_placeholder() {
        let value = ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap();
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, "\"${GOOGLE_CLIENT_SECRET}\"");
        let back: ParamValue = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
        // Not a whole placeholder: stays a literal.
        let literal: ParamValue = serde_json::from_str("\"prefix-${A}\"").unwrap();
        assert_eq!(literal.as_literal_str(), Some("prefix-${A}"));
    }

    #[test]
    fn masks_show_a_fixed_run_and_the_last_four() {
        assert_eq!(Secret::new("GOCSPX-abcdefgh1234").masked(), "********1234");
        assert_eq!(Secret::new("abcdefgh").masked(), "********efgh");
        assert_eq!(Secret::new("short").masked(), "********");
        assert_eq!(Secret::new("").masked(), "********");
    }

    #[test]
    fn secrets_do_not_print() {
        let value = ParamValue::secret("hunter2-very-secret");
        let debug = format!("{value:?} {}", Secret::new("hunter2-very-secret"));
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("redacted"));
    }
}
