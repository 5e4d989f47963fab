//! Parameter values: a literal, a secret literal, or a reference to an environment variable.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use super::error::AuthError;
use super::redaction::Registration;

/// A secret string (client secret, shared key). Its memory is zeroed on drop and `Debug`/
/// `Display` print a redaction, so a secret cannot leak through logs, errors or panics by
/// accident: the only way to the characters is [`Secret::expose`].
///
/// While it lives its text is also registered for the panic hook to mask
/// ([`redaction`](super::redaction)): a panic message quoting it prints `<redacted>`.
pub struct Secret {
    value: Zeroizing<String>,
    /// Unregisters the text when the secret is dropped.
    _registration: Registration,
}

impl Secret {
    /// Wraps a secret; it is zeroed when dropped.
    pub fn new(value: impl Into<String>) -> Self {
        let value = Zeroizing::new(value.into());
        let _registration = Registration::new(&value);
        Secret {
            value,
            _registration,
        }
    }

    /// The secret's characters. Call only where the value must really go (a file the user
    /// asked to embed secrets in, a masked input widget).
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.value.chars().count()
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// How a secret is shown: a fixed run of `*` (the length is not revealed) and, for
    /// secrets of 8 characters or more, the last 4 so the user can tell which one it is.
    pub fn masked(&self) -> String {
        mask(&self.value)
    }
}

/// See [`Secret::masked`].
pub(crate) fn mask(text: &str) -> String {
    const STARS: &str = "********";
    // Looks at 8 characters at most, so a long value costs no more than a short one.
    if text.chars().nth(7).is_none() {
        return STARS.to_string();
    }
    let mut tail: Vec<char> = text.chars().rev().take(4).collect();
    tail.reverse();
    format!("{STARS}{}", tail.into_iter().collect::<String>())
}

impl Clone for Secret {
    /// A clone is registered for masking on its own.
    fn clone(&self) -> Self {
        Secret::new(self.expose())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Secret {}

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

/// The name of an environment variable: `[A-Za-z_][A-Za-z0-9_]*` that does not look like a
/// credential. A token such as `ghp_…` or `AKIA…` is a valid POSIX name, so without the
/// second check a secret pasted where its variable's name belongs would be saved in clear as
/// `${ghp_…}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnvVarName(String);

/// Why a text cannot be the name of an environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvNameProblem {
    /// Not `[A-Za-z_][A-Za-z0-9_]*`.
    Malformed,
    /// Looks like a credential (`ghp_…`, `AKIA…`).
    LooksLikeSecret,
}

impl fmt::Display for EnvNameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EnvNameProblem::Malformed => {
                "not a valid environment variable name: use letters, digits and '_', not \
                 starting with a digit"
            }
            EnvNameProblem::LooksLikeSecret => {
                "looks like a secret value, not the name of an environment variable: keep the \
                 secret in a variable and give the variable's name"
            }
        })
    }
}

impl EnvVarName {
    /// Checks a variable name. The error never repeats `name`: it may be a secret typed
    /// where its variable's name belongs.
    ///
    /// # Errors
    ///
    /// [`AuthError::InvalidEnvVarName`](crate::core::AuthError::InvalidEnvVarName) when `name` is not a variable name or looks like a secret.
    pub fn parse(name: &str) -> Result<Self, AuthError> {
        Self::parse_for("variable", "GOOGLE_CLIENT_SECRET", name)
    }

    /// Like [`EnvVarName::parse`], with an error naming `field` and suggesting `example`.
    ///
    /// # Errors
    ///
    /// [`AuthError::InvalidEnvVarName`](crate::core::AuthError::InvalidEnvVarName) for `field`, with `example`, when `name` is not a variable name or looks like a secret.
    pub fn parse_for(field: &str, example: &str, name: &str) -> Result<Self, AuthError> {
        Self::check(name).map_err(|problem| AuthError::InvalidEnvVarName {
            field: field.to_string(),
            problem,
            example: example.to_string(),
        })
    }

    /// The name if `name` is one, else why not.
    ///
    /// # Errors
    ///
    /// The [`EnvNameProblem`] with `name`.
    pub fn check(name: &str) -> Result<Self, EnvNameProblem> {
        let mut chars = name.chars();
        let valid = matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
            && chars.all(|c| c == '_' || c.is_ascii_alphanumeric());
        if !valid {
            Err(EnvNameProblem::Malformed)
        } else if looks_like_credential(name) {
            Err(EnvNameProblem::LooksLikeSecret)
        } else {
            Ok(EnvVarName(name.to_string()))
        }
    }

    /// The name.
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

/// Prefixes of credentials that services issue: GitHub, Google OAuth clients, OpenAI and
/// Stripe, Slack, GitLab, npm, PyPI, Hugging Face, Google API keys and access tokens, JWTs
/// (`eyJ` is the base64 of `{"`), PEM blocks.
const CREDENTIAL_PREFIXES: [&str; 27] = [
    "gho_",
    "ghp_",
    "ghs_",
    "ghu_",
    "ghr_",
    "github_pat_",
    "GOCSPX-",
    "sk-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "whsec_",
    "xoxa-",
    "xoxb-",
    "xoxe-",
    "xoxp-",
    "xoxr-",
    "xoxs-",
    "xapp-",
    "glpat-",
    "npm_",
    "pypi-",
    "hf_",
    "AIza",
    "ya29.",
    "eyJ",
];

/// Whether `text` looks like a credential rather than a name: a known token prefix, an AWS
/// access key id, a PEM block, or a long random-looking string. Conventional variable
/// names (`GOOGLE_CLIENT_SECRET`, `FASTMCP_JWT_SIGNING_KEY`, `myApiKey`) do not.
pub fn looks_like_credential(text: &str) -> bool {
    let text = text.trim();
    if text.contains("-----BEGIN") {
        return true;
    }
    // The issued part is long and one run (only fine-grained GitHub tokens hold a `_`), so a
    // name that merely starts the same way (`hf_token`, `npm_registry_token`) stays a name.
    let issued = |prefix: &str| {
        text.strip_prefix(prefix).is_some_and(|rest| {
            rest.len() >= 16 && (prefix == "github_pat_" || !rest.contains('_'))
        })
    };
    if CREDENTIAL_PREFIXES.iter().any(|prefix| issued(prefix)) {
        return true;
    }
    is_aws_access_key_id(text) || looks_random(text)
}

/// `AKIA`/`ASIA` and 16 upper-case letters or digits.
fn is_aws_access_key_id(text: &str) -> bool {
    text.len() == 20
        && (text.starts_with("AKIA") || text.starts_with("ASIA"))
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A long run of letters and digits that changes between upper case, lower case and digits
/// at most characters (random base62 does at ~60% of them, words in camelCase at ~20–40%),
/// or a long hexadecimal string. Separators (`_`, `-`) split it into parts judged alone,
/// so `MY_SERVICE_CLIENT_SECRET_2` stays a name.
fn looks_random(text: &str) -> bool {
    text.split(['_', '-', '.', '/', '+', '='])
        .any(|part| looks_random_part(part) || is_long_hex(part))
}

fn looks_random_part(part: &str) -> bool {
    #[derive(PartialEq)]
    enum Class {
        Upper,
        Lower,
        Digit,
        Other,
    }
    let class = |c: char| {
        if c.is_ascii_uppercase() {
            Class::Upper
        } else if c.is_ascii_lowercase() {
            Class::Lower
        } else if c.is_ascii_digit() {
            Class::Digit
        } else {
            Class::Other
        }
    };
    let chars: Vec<char> = part.chars().collect();
    if chars.len() < 20 || chars.iter().any(|c| class(*c) == Class::Other) {
        return false;
    }
    let has = |wanted: Class| chars.iter().any(|c| class(*c) == wanted);
    if !(has(Class::Upper) && has(Class::Lower) && has(Class::Digit)) {
        return false;
    }
    let changes = chars
        .windows(2)
        .filter(|pair| class(pair[0]) != class(pair[1]))
        .count();
    changes * 100 >= (chars.len() - 1) * 45
}

fn is_long_hex(part: &str) -> bool {
    part.len() >= 32
        && part.bytes().all(|b| b.is_ascii_hexdigit())
        && part.bytes().any(|b| b.is_ascii_digit())
        && part.bytes().any(|b| b.is_ascii_alphabetic())
}

/// One constructor parameter's value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ParamValue {
    /// A plain JSON value written as it is.
    Literal(serde_json::Value),
    /// A secret literal; written into a file only when the caller asked to embed secrets.
    Secret(Secret),
    /// A reference to an environment variable, written as `"${NAME}"`.
    Env(EnvVarName),
}

impl ParamValue {
    /// A reference to the environment variable `name`.
    ///
    /// # Errors
    ///
    /// [`AuthError::InvalidEnvVarName`](crate::core::AuthError::InvalidEnvVarName) when `name` is not a variable name or looks like a secret.
    ///
    /// # Examples
    ///
    /// Secure configuration: secrets stay in the environment, the config names the variable:
    ///
    /// ```
    /// use fastmcp_auth::core::ParamValue;
    ///
    /// let secret = ParamValue::env("GOOGLE_CLIENT_SECRET")?;
    /// assert_eq!(secret.env_var().unwrap().as_str(), "GOOGLE_CLIENT_SECRET");
    /// // A pasted token is not a variable name: refused without repeating it.
    /// let err = ParamValue::env("ghp_16C7e42F292c6912E7710c838347Ae178B4a").unwrap_err();
    /// assert!(!err.to_string().contains("ghp_16C7"));
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn env(name: &str) -> Result<Self, AuthError> {
        EnvVarName::parse(name).map(ParamValue::Env)
    }

    /// A literal secret (embedded only when asked for).
    pub fn secret(value: impl Into<String>) -> Self {
        ParamValue::Secret(Secret::new(value))
    }

    /// A literal list of strings.
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

    /// The referenced variable, if this is a reference.
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

/// A secret is refused, never written: serde cannot know whether embedding was asked for.
/// The explicit paths are [`FastMCPAuthConfig::to_json_with_secrets`](crate::core::FastMCPAuthConfig::to_json_with_secrets)
/// and the exports with `SecretDisplay::Plain`.
impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamValue::Literal(value) => value.serialize(serializer),
            ParamValue::Secret(_) => Err(serde::ser::Error::custom(
                "a secret value is not serialised in clear: refer to an environment variable, \
                 or write it through FastMCPAuthConfig::to_json_with_secrets (embedding)",
            )),
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

    /// Credential shapes, each pasted where a variable name belongs; several are valid
    /// POSIX names, which is why the name check alone let them through.
    const CREDENTIALS: [&str; 14] = [
        "gho_16C7e42F292c6912E7710c838347Ae178B4a",
        "ghp_R2d2C3p0xWing9TieFighter4Falcon7Luke1",
        "ghs_abcdefghijklmnopqrstuvwxyz0123456789",
        "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOP0123456789",
        "GOCSPX-1a2B3c4D5e6F7g8H9i0JkLmNoP",
        "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
        "sk_live_51HqLyjWDarjtT1zdp7dcXeyJhbGciOiJIUzI1",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "AKIAIOSFODNN7EXAMPLE",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXRoZXJl",
        "-----BEGIN PRIVATE KEY-----",
        "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5",
        "Zq81xVw27pLk03mNb4Rt",
        "a8f5f167f44f4964e6c998dee827110c",
    ];

    #[test]
    fn credentials_are_not_variable_names_and_are_not_echoed() {
        for credential in CREDENTIALS {
            assert!(looks_like_credential(credential), "{credential}");
            let err = EnvVarName::parse_for(
                "client_secret",
                "client_secret=${GOOGLE_CLIENT_SECRET}",
                credential,
            )
            .unwrap_err()
            .to_string();
            assert!(err.starts_with("client_secret: "), "{err}");
            assert!(
                err.contains("example: client_secret=${GOOGLE_CLIENT_SECRET}"),
                "{err}"
            );
            assert!(!err.contains(credential), "echoed: {err}");
            assert!(ParamValue::env(credential).is_err(), "{credential}");
        }
        for malformed in ["not a name", "s3cr3t!", "1ABC"] {
            let err = EnvVarName::parse(malformed).unwrap_err().to_string();
            assert!(
                err.contains("not a valid environment variable name"),
                "{err}"
            );
            assert!(!err.contains(malformed), "echoed: {err}");
        }
    }

    #[test]
    fn conventional_names_are_not_credentials() {
        for name in [
            "GOOGLE_CLIENT_SECRET",
            "GITHUB_CLIENT_SECRET",
            "FASTMCP_JWT_SIGNING_KEY",
            "FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET",
            "MY_SERVICE_CLIENT_SECRET_2",
            "AWS_SECRET_ACCESS_KEY",
            "AKIA_KEY",
            "googleClientSecret",
            "MyServiceClientSecret2",
            "OPENAI_API_KEY",
            "HF_TOKEN",
            "hf_token",
            "hf_token_for_the_prod_server",
            "npm_registry_publish_token",
            "sk_KEY",
            "JWT_SHARED_SECRET",
            "_x1",
        ] {
            assert!(!looks_like_credential(name), "{name}");
            assert!(EnvVarName::parse(name).is_ok(), "{name}");
        }
    }

    proptest::proptest! {
        /// Every GitHub token, whatever its random part, is refused as a name.
        #[test]
        fn github_tokens_are_credentials(kind in "gh[opsur]_", body in "[A-Za-z0-9]{36}") {
            let token = format!("{kind}{body}");
            proptest::prop_assert!(looks_like_credential(&token));
            proptest::prop_assert!(EnvVarName::parse(&token).is_err());
        }

        /// Every UPPER_SNAKE name of two or more words (digits allowed) stays a name.
        #[test]
        fn upper_snake_names_are_names(words in proptest::collection::vec("[A-Z][A-Z0-9]{1,11}", 2..7)) {
            let name = words.join("_");
            proptest::prop_assert!(!looks_like_credential(&name), "{}", name);
            proptest::prop_assert!(EnvVarName::parse(&name).is_ok());
        }
    }

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
    fn secrets_are_registered_for_masking_while_they_live() {
        let text = "GOCSPX-registered-while-alive-4242";
        let secret = Secret::new(text);
        let copy = secret.clone();
        drop(secret);
        assert!(super::super::redaction::is_registered(text), "the clone's");
        drop(copy);
        assert!(!super::super::redaction::is_registered(text));
    }

    #[test]
    fn secrets_do_not_print() {
        let value = ParamValue::secret("hunter2-very-secret");
        let debug = format!("{value:?} {}", Secret::new("hunter2-very-secret"));
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("redacted"));
    }
}
