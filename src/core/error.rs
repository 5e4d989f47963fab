//! The one error type of the core. Every message names what is wrong and shows a value that
//! would be right. No variant ever carries a secret's characters.

use thiserror::Error;

use super::value::EnvNameProblem;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AuthError {
    #[error("unknown provider type '{given}': expected one of {known} (example: google)")]
    UnknownProviderType { given: String, known: String },

    #[error("{provider}: missing required field '{field}' (example: {field}={example})")]
    MissingField {
        provider: String,
        field: String,
        example: String,
    },

    #[error("{provider}: '{field}' is not a parameter of {class} (known: {known})")]
    UnknownField {
        provider: String,
        class: String,
        field: String,
        known: String,
    },

    #[error("{field}: {problem} (example: {field}={example})")]
    InvalidField {
        field: String,
        problem: String,
        example: String,
    },

    #[error("{provider}: {problem} (example: {example})")]
    Conflict {
        provider: String,
        problem: String,
        example: String,
    },

    #[error("scope {shown}: {problem} (example: read:user)")]
    InvalidScope { shown: String, problem: String },

    /// The text given is not repeated: it may be a secret typed where its variable's name
    /// belongs.
    #[error("{field}: {problem} (example: {example})")]
    InvalidEnvVarName {
        field: String,
        problem: EnvNameProblem,
        example: String,
    },

    #[error(
        "{field} is a secret and has no environment variable to refer to: give it as an \
         environment reference (example: {field}=${{MY_SECRET}}) or ask to embed secrets"
    )]
    SecretNeedsReference { field: String },

    #[error("{provider}: the provider is disabled (enabled=false); enable it to generate a config")]
    Disabled { provider: String },

    #[error(
        "service '{service}' has no auth provider: call use_bearer_auth, use_google_auth, … first"
    )]
    NoProvider { service: String },

    #[error("'{claim}' is computed by the token builder: {hint}")]
    ReservedClaim {
        claim: &'static str,
        hint: &'static str,
    },

    #[error(
        "service name '{shown}' must be 1-64 letters, digits, '-', '_' or '.', not starting \
         with '.' (example: payments-api)"
    )]
    InvalidServiceName { shown: String },

    #[error("client_id: must not be empty (example: user123)")]
    EmptyClientId,

    #[error("expires_in: must be at least 1 second (example: 3600)")]
    InvalidExpiry,

    #[error(
        "expires_in: too long: exp would fall after 9999-12-31T23:59:59Z, the last time \
         RFC 3339 and Python's datetime can write (later ones overflow in many JWT \
         libraries); give at most {max_seconds} seconds (example: 3600)"
    )]
    ExpiryTooLate { max_seconds: u64 },

    #[error("provider catalog is invalid: {0}")]
    Catalog(String),
}

pub type Result<T, E = AuthError> = std::result::Result<T, E>;
