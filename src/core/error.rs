//! The one error type of the core. Every message names what is wrong and shows a value that
//! would be right. No variant ever carries a secret's characters.

use thiserror::Error;

use super::value::EnvNameProblem;

/// Why a config, scope, token or name was refused. Messages name the field and give a valid example; they never repeat a value that may be a secret.
///
/// # Examples
///
/// Errors name the field and give an example; match on the variant to react:
///
/// ```
/// use fastmcp_auth::core::{AuthContext, AuthError};
///
/// let err = AuthContext::new().auth_provider("gogle").unwrap_err();
/// assert!(matches!(err, AuthError::UnknownProviderType { .. }));
///
/// let err = AuthContext::new()
///     .auth_service("api")
///     .generate_fastmcp_config()
///     .unwrap_err();
/// assert!(matches!(err, AuthError::NoProvider { .. }));
///
/// let err = AuthContext::new()
///     .auth_service("api")
///     .use_bearer_auth("not a url", "https://auth.example.com", "api", None)
///     .generate_fastmcp_config()
///     .unwrap_err();
/// assert!(err.to_string().contains("jwks_uri"), "{err}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The provider type is not in the catalog.
    #[error("unknown provider type '{given}': expected one of {known} (example: google)")]
    UnknownProviderType {
        /// The type asked for.
        given: String,
        /// The known types.
        known: String,
    },

    /// A required field has no value.
    #[error("{provider}: missing required field '{field}' (example: {field}={example})")]
    MissingField {
        /// The provider type.
        provider: String,
        /// The field.
        field: String,
        /// A valid example value.
        example: String,
    },

    /// The field is not a parameter of the provider's class.
    #[error("{provider}: '{field}' is not a parameter of {class} (known: {known})")]
    UnknownField {
        /// The provider type.
        provider: String,
        /// The FastMCP class.
        class: String,
        /// The field.
        field: String,
        /// The class's known parameters.
        known: String,
    },

    /// A field's value is invalid.
    #[error("{field}: {problem} (example: {field}={example})")]
    InvalidField {
        /// The field.
        field: String,
        /// What is wrong.
        problem: String,
        /// A valid example value.
        example: String,
    },

    /// Fields contradict each other.
    #[error("{provider}: {problem} (example: {example})")]
    Conflict {
        /// The provider type.
        provider: String,
        /// What is wrong.
        problem: String,
        /// A valid example.
        example: String,
    },

    /// A scope is not a valid scope token.
    #[error("scope {shown}: {problem} (example: read:user)")]
    InvalidScope {
        /// The scope, escaped for display.
        shown: String,
        /// What is wrong.
        problem: String,
    },

    /// The text given is not repeated: it may be a secret typed where its variable's name
    /// belongs.
    #[error("{field}: {problem} (example: {example})")]
    InvalidEnvVarName {
        /// The field.
        field: String,
        /// What is wrong with the name.
        problem: EnvNameProblem,
        /// A valid example.
        example: String,
    },

    /// A secret was given as a literal and embedding was not asked for.
    #[error(
        "{field} is a secret and has no environment variable to refer to: give it as an \
         environment reference (example: {field}=${{MY_SECRET}}) or ask to embed secrets"
    )]
    SecretNeedsReference {
        /// The field.
        field: String,
    },

    /// The provider is disabled.
    #[error("{provider}: the provider is disabled (enabled=false); enable it to generate a config")]
    Disabled {
        /// The provider type.
        provider: String,
    },

    /// The service has no provider.
    #[error(
        "service '{service}' has no auth provider: call use_bearer_auth, use_google_auth, … first"
    )]
    NoProvider {
        /// The service.
        service: String,
    },

    /// A claim the token builder computes was given as a custom claim.
    #[error("'{claim}' is computed by the token builder: {hint}")]
    ReservedClaim {
        /// The claim (`iat`, `exp`, …).
        claim: &'static str,
        /// What to use instead.
        hint: &'static str,
    },

    /// The service name cannot be a file name.
    #[error(
        "service name '{shown}' must be 1-64 letters, digits, '-', '_' or '.', not starting \
         with '.' (example: payments-api)"
    )]
    InvalidServiceName {
        /// The name, escaped for display.
        shown: String,
    },

    /// The token's client id is empty.
    #[error("client_id: must not be empty (example: user123)")]
    EmptyClientId,

    /// The token's lifetime is zero.
    #[error("expires_in: must be at least 1 second (example: 3600)")]
    InvalidExpiry,

    /// The token's expiry falls after year 9999.
    #[error(
        "expires_in: too long: exp would fall after 9999-12-31T23:59:59Z, the last time \
         RFC 3339 and Python's datetime can write (later ones overflow in many JWT \
         libraries); give at most {max_seconds} seconds (example: 3600)"
    )]
    ExpiryTooLate {
        /// The longest lifetime allowed.
        max_seconds: u64,
    },

    /// The catalog is invalid.
    #[error("provider catalog is invalid: {0}")]
    Catalog(String),

    /// A feature the target FastMCP release does not have yet (MultiAuth before 3.1.0).
    #[error(
        "{field}: {feature} needs FastMCP {since} or newer, and the target is FastMCP \
         {target}; target a newer release or drop {field} (example: {example})"
    )]
    NeedsNewerFastmcp {
        /// The config field that asks for the feature.
        field: String,
        /// What needs the newer release.
        feature: String,
        /// The first release with it.
        since: super::FastmcpVersion,
        /// The release the config is generated for.
        target: super::FastmcpVersion,
        /// A valid alternative.
        example: String,
    },
}

/// A result whose error is an [`AuthError`] by default.
pub type Result<T, E = AuthError> = std::result::Result<T, E>;
