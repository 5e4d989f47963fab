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
///     .use_bearer_auth("not a url", "https://auth.example.com", "api")
///     .generate_fastmcp_config()
///     .unwrap_err();
/// assert!(err.to_string().contains("jwks_uri"), "{err}");
/// assert_eq!(err.field(), Some("jwks_uri"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The provider type is not in the catalog.
    #[error(
        "unknown provider type: provider_type '{given}' is not in the catalog; expected one of \
         {known} (example: provider_type=google)"
    )]
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
        /// The class's known parameters, comma-separated (the first is the example).
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
    #[error("{provider}: {problem} (example: {field}={example})")]
    Conflict {
        /// The provider type.
        provider: String,
        /// The field to change first (the rule's first field).
        field: String,
        /// What is wrong.
        problem: String,
        /// A valid value for `field`.
        example: String,
    },

    /// A scope is not a valid scope token.
    #[error("{field}: scope {shown}: {problem} (example: {field}=read:user)")]
    InvalidScope {
        /// The scope list's field: `required_scopes` for a provider, `scopes` for a token.
        field: String,
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
        /// What to use instead (a builder method).
        hint: &'static str,
        /// The payload setting that produces the claim (`scopes`, `expires_in`, …).
        setting: &'static str,
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

    /// The target FastMCP release lacks a class or parameter the config uses (or requires
    /// one it leaves out).
    #[error(
        "{}",
        super::compat::describe_release_problem(provider, field, value.as_deref(), *target, *since, *removed, *required, example)
    )]
    NotInFastmcpVersion {
        /// The provider type.
        provider: String,
        /// The parameter, or `provider_class` for the class itself.
        field: String,
        /// The parameter's value, when the target has the parameter but not this value.
        value: Option<String>,
        /// The release the config is for.
        target: super::FastmcpVersion,
        /// The first release that has it (with `required`: the first that lets it be left out).
        since: Option<super::FastmcpVersion>,
        /// The first release without it.
        removed: Option<super::FastmcpVersion>,
        /// The target requires the parameter, which the config leaves out.
        required: bool,
        /// A release that has it, to target instead (a `fastmcp_version` value).
        example: String,
    },

    /// The catalog is invalid.
    #[error("provider catalog is invalid: {0}")]
    Catalog(String),
}

/// What kind of problem an [`AuthError`] is, for a front end to choose its own hint (a CLI
/// flag, a wizard key) without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The provider type is not in the catalog.
    UnknownProvider,
    /// A required value is absent or empty.
    Missing,
    /// The field is not a parameter of the provider's class.
    UnknownField,
    /// The value is malformed or out of range.
    Invalid,
    /// A scope is not a scope token, or the scopes break a provider's rule.
    Scope,
    /// The text is not the name of an environment variable.
    EnvVarName,
    /// Fields contradict each other.
    Conflict,
    /// A secret literal needs an environment reference (or explicit embedding).
    SecretNeedsReference,
    /// The provider is disabled.
    Disabled,
    /// No provider was chosen.
    NoProvider,
    /// A claim the token builder computes was given by hand.
    ReservedClaim,
    /// The value is too large.
    TooLarge,
    /// The catalog itself is invalid.
    Catalog,
    /// The target FastMCP release lacks (or requires) something the config uses (or leaves
    /// out); the example is a release to target instead.
    NotInFastmcpVersion,
}

impl AuthError {
    /// The field (constructor parameter, payload setting or name) the problem is about.
    ///
    /// # Examples
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ProblemKind};
    ///
    /// let err = AuthContext::new()
    ///     .auth_service("api")
    ///     .use_bearer_auth("jwks.json", "https://auth.example.com", "api")
    ///     .generate_fastmcp_config()
    ///     .unwrap_err();
    /// assert_eq!(err.field(), Some("jwks_uri"));
    /// assert_eq!(err.kind(), ProblemKind::Invalid);
    /// assert!(err.example().unwrap().starts_with("https://"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        match self {
            AuthError::UnknownProviderType { .. } => Some("provider_type"),
            AuthError::MissingField { field, .. }
            | AuthError::UnknownField { field, .. }
            | AuthError::InvalidField { field, .. }
            | AuthError::Conflict { field, .. }
            | AuthError::InvalidScope { field, .. }
            | AuthError::InvalidEnvVarName { field, .. }
            | AuthError::SecretNeedsReference { field } => Some(field),
            AuthError::Disabled { .. } => Some("enabled"),
            AuthError::NoProvider { .. } | AuthError::Catalog(_) => None,
            AuthError::ReservedClaim { claim, .. } => Some(claim),
            AuthError::InvalidServiceName { .. } => Some("service_name"),
            AuthError::EmptyClientId => Some("client_id"),
            AuthError::InvalidExpiry | AuthError::ExpiryTooLate { .. } => Some("expires_in"),
            AuthError::NotInFastmcpVersion { field, .. } => Some(field),
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ProblemKind {
        match self {
            AuthError::UnknownProviderType { .. } => ProblemKind::UnknownProvider,
            AuthError::MissingField { .. } | AuthError::EmptyClientId => ProblemKind::Missing,
            AuthError::UnknownField { .. } => ProblemKind::UnknownField,
            AuthError::InvalidField { .. }
            | AuthError::InvalidServiceName { .. }
            | AuthError::InvalidExpiry => ProblemKind::Invalid,
            AuthError::InvalidScope { .. } => ProblemKind::Scope,
            // A rule about the scope list is a scope problem, whatever its wording.
            AuthError::Conflict { field, .. } if is_scope_field(field) => ProblemKind::Scope,
            AuthError::Conflict { .. } => ProblemKind::Conflict,
            AuthError::InvalidEnvVarName { .. } => ProblemKind::EnvVarName,
            AuthError::SecretNeedsReference { .. } => ProblemKind::SecretNeedsReference,
            AuthError::Disabled { .. } => ProblemKind::Disabled,
            AuthError::NoProvider { .. } => ProblemKind::NoProvider,
            AuthError::ReservedClaim { .. } => ProblemKind::ReservedClaim,
            AuthError::ExpiryTooLate { .. } => ProblemKind::TooLarge,
            AuthError::Catalog(_) => ProblemKind::Catalog,
            AuthError::NotInFastmcpVersion { .. } => ProblemKind::NotInFastmcpVersion,
        }
    }

    /// A valid value for [`field`](Self::field) (for a reserved claim: a value of the
    /// setting that produces it), or `None` when no single value fits (no provider chosen,
    /// invalid catalog).
    pub fn example(&self) -> Option<&str> {
        match self {
            AuthError::UnknownProviderType { .. } => Some("google"),
            AuthError::UnknownField { known, .. } => known.split(", ").next(),
            AuthError::MissingField { example, .. }
            | AuthError::InvalidField { example, .. }
            | AuthError::Conflict { example, .. }
            | AuthError::InvalidEnvVarName { example, .. } => Some(example),
            AuthError::InvalidScope { .. } => Some("read:user"),
            AuthError::SecretNeedsReference { .. } => Some("${MY_SECRET}"),
            AuthError::Disabled { .. } => Some("true"),
            AuthError::ReservedClaim { setting, .. } => match *setting {
                "expires_in" => Some("3600"),
                "scopes" => Some("read"),
                "issuer" | "audience" => Some("https://auth.example.com"),
                _ => Some("user123"),
            },
            AuthError::InvalidServiceName { .. } => Some("payments-api"),
            AuthError::EmptyClientId => Some("user123"),
            AuthError::InvalidExpiry | AuthError::ExpiryTooLate { .. } => Some("3600"),
            AuthError::NoProvider { .. } | AuthError::Catalog(_) => None,
            AuthError::NotInFastmcpVersion { example, .. } => Some(example),
        }
    }
}

/// The scope list's names: a provider's `required_scopes`, a token's `scopes`.
fn is_scope_field(field: &str) -> bool {
    matches!(field, "required_scopes" | "scopes")
}

/// A result whose error is an [`AuthError`] by default.
pub type Result<T, E = AuthError> = std::result::Result<T, E>;
