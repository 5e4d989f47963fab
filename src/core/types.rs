//! The specification's data models: `AuthProviderType`, `AuthProviderConfig`,
//! `FastMCPAuthConfig` and `JWTPayloadConfig`.

use std::fmt;
use std::str::FromStr;

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::builders::{AuthProviderBuilder, oauth_app_provider};
use super::catalog::{Catalog, ProviderSpec};
use super::error::{AuthError, Result};
use super::text::escape_control;
use super::value::ParamValue;

/// A provider type. The specification's six have their own variants; every other catalog
/// entry (Azure, Auth0, …) is `Other` with its catalog name. Parsing checks the catalog, so
/// an unknown name is an error, never a silent fallback.
///
/// A type is its catalog name: `Other("google")` is `Google` (equal, same hash), and
/// [`AuthProviderType::normalized`] turns it into the variant.
///
/// ```
/// use fastmcp_auth::core::AuthProviderType;
///
/// let other = AuthProviderType::Other("google".into());
/// assert_eq!(other, AuthProviderType::Google);
/// assert!(matches!(other.normalized(), AuthProviderType::Google));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AuthProviderType {
    /// `bearer`: JWT verification.
    Bearer,
    /// `oauth`: a generic OIDC provider.
    OAuth,
    /// `google`.
    Google,
    /// `github`.
    GitHub,
    /// `workos`.
    WorkOS,
    /// `custom`: any class, by import path.
    Custom,
    /// Any other catalog type, by name.
    Other(String),
}

impl AuthProviderType {
    /// The catalog name of the type.
    pub fn as_str(&self) -> &str {
        match self {
            AuthProviderType::Bearer => "bearer",
            AuthProviderType::OAuth => "oauth",
            AuthProviderType::Google => "google",
            AuthProviderType::GitHub => "github",
            AuthProviderType::WorkOS => "workos",
            AuthProviderType::Custom => "custom",
            AuthProviderType::Other(name) => name,
        }
    }
}

impl AuthProviderType {
    /// The type of a catalog entry.
    pub fn of(spec: &ProviderSpec) -> Self {
        Self::named(&spec.type_name)
    }

    /// The type named `name`: one of the specification's six as its own variant, any
    /// other name as `Other` (unchecked; parse to check against the catalog).
    fn named(name: &str) -> Self {
        match name {
            "bearer" => AuthProviderType::Bearer,
            "oauth" => AuthProviderType::OAuth,
            "google" => AuthProviderType::Google,
            "github" => AuthProviderType::GitHub,
            "workos" => AuthProviderType::WorkOS,
            "custom" => AuthProviderType::Custom,
            other => AuthProviderType::Other(other.to_string()),
        }
    }

    /// The same type with `Other` holding one of the six names turned into its variant.
    #[must_use]
    pub fn normalized(self) -> Self {
        match self {
            AuthProviderType::Other(name) => Self::named(&name),
            known => known,
        }
    }
}

/// Equal when the catalog names are: `Other("google") == Google`.
impl PartialEq for AuthProviderType {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for AuthProviderType {}

/// Hashes the catalog name, consistently with `PartialEq`.
impl std::hash::Hash for AuthProviderType {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl FromStr for AuthProviderType {
    type Err = AuthError;

    fn from_str(s: &str) -> Result<Self> {
        Catalog::builtin().get_or_err(s).map(AuthProviderType::of)
    }
}

impl fmt::Display for AuthProviderType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AuthProviderType {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AuthProviderType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What a user chose for one provider, before validation: the type, every constructor
/// parameter by name (the specification's `config` plus its named fields), and scopes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthProviderConfig {
    /// The provider type.
    pub provider_type: AuthProviderType,
    /// Whether generation is allowed.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// Constructor parameters by name, in the order they were set.
    #[serde(default)]
    pub config: IndexMap<String, ParamValue>,
    /// Scopes every token must carry; the catalog's defaults apply when empty.
    #[serde(default)]
    pub required_scopes: Vec<String>,
    /// Write secret literals into the generated config instead of `${VAR}` references.
    #[serde(default)]
    pub embed_secrets: bool,
    /// The FastMCP release the config is for; the catalog's newest when absent
    /// (see [`compat`](super::compat)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fastmcp_version: Option<super::FastmcpVersion>,
    /// Parameters that take a token verifier (`OAuthProxy`'s `token_verifier`), each the
    /// config of a verifier type.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub verifier_params: IndexMap<String, AuthProviderConfig>,
    /// More token verifiers accepted besides this provider: FastMCP's `MultiAuth` ("people
    /// sign in with OAuth, machines present JWTs").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_accept: Vec<AuthProviderConfig>,
}

fn enabled_by_default() -> bool {
    true
}

/// Read access to the parameters the specification names as attributes.
macro_rules! param_accessors {
    ($($name:ident),*) => {
        $(
            /// The parameter's value, if set.
            pub fn $name(&self) -> Option<&ParamValue> {
                self.get(stringify!($name))
            }
        )*
    };
}

impl AuthProviderConfig {
    /// An empty, enabled config of `provider_type`.
    pub fn new(provider_type: AuthProviderType) -> Self {
        AuthProviderConfig {
            provider_type: provider_type.normalized(),
            enabled: true,
            config: IndexMap::new(),
            required_scopes: Vec::new(),
            embed_secrets: false,
            fastmcp_version: None,
            verifier_params: IndexMap::new(),
            also_accept: Vec::new(),
        }
    }

    /// The parameter `name`'s value, if set.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.config.get(name)
    }

    /// Sets a parameter; `required_scopes` given this way joins the scope list.
    pub fn set(&mut self, name: &str, value: impl Into<ParamValue>) {
        self.config.insert(name.to_string(), value.into());
    }

    param_accessors!(
        jwks_uri,
        issuer,
        audience,
        algorithm,
        client_id,
        client_secret,
        base_url,
        redirect_path
    );
}

/// The generated artifact: a FastMCP class, its module, and its constructor's keyword
/// arguments. A few lines of Python (see the README) turn it into a live provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FastMCPAuthConfig {
    /// The FastMCP class name.
    pub provider_class: String,
    /// The Python module holding the class.
    pub import_path: String,
    /// The constructor's keyword arguments.
    pub config_params: IndexMap<String, ParamValue>,
    /// The catalog type this was generated from (lets a file be loaded and edited again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_type: Option<String>,
    /// The FastMCP release the config was checked against (see [`compat`](super::compat)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fastmcp_version: Option<super::FastmcpVersion>,
    /// The service this config protects, when generated through `auth_service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Where OAuth state is kept (`core::deployment`); absent for FastMCP's default store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<super::deployment::Deployment>,
    /// Parameters that take a token verifier object, each the config of that verifier;
    /// the loaders construct it and pass it by this name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub verifier_params: IndexMap<String, FastMCPAuthConfig>,
    /// More token verifiers accepted besides this provider. When present, the server's auth
    /// is `MultiAuth(server=<this provider>, verifiers=[…])` (FastMCP 3.1.0+).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_accept: Vec<FastMCPAuthConfig>,
    /// Keys this tool does not know, kept so that a re-save loses nothing.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl FastMCPAuthConfig {
    /// This config and every config inside it (token verifiers, extra verifiers), outermost
    /// first: what a check of every value must walk.
    pub fn parts(&self) -> Vec<&FastMCPAuthConfig> {
        let mut parts = vec![self];
        for nested in self.verifier_params.values().chain(&self.also_accept) {
            parts.extend(nested.parts());
        }
        parts
    }

    /// `JWTVerifier` checking tokens against a JWKS endpoint, with RS256. Another algorithm
    /// is a named setter on the builder: `AuthProviderBuilder::new(AuthProviderType::Bearer)
    /// .set_jwks_config(…).set_algorithm("ES256")`.
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
    pub fn for_bearer_token(
        jwks_uri: impl Into<ParamValue>,
        issuer: impl Into<ParamValue>,
        audience: impl Into<ParamValue>,
    ) -> Result<Self> {
        AuthProviderBuilder::new(AuthProviderType::Bearer)
            .set_jwks_config(jwks_uri, issuer, audience)
            .generate_fastmcp_config()
    }

    /// `GoogleProvider` with the catalog's scopes (`openid` and Google's long
    /// `userinfo.email` / `userinfo.profile` names); other scopes
    /// are a named setter on the builder (`AuthProviderBuilder::set_scopes`).
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
    pub fn for_google_oauth(
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
    ) -> Result<Self> {
        oauth_app_provider(AuthProviderType::Google, client_id, client_secret, base_url)
            .generate_fastmcp_config()
    }

    /// `GitHubProvider` with the catalog's scopes (`read:user user:email`); other scopes
    /// are a named setter on the builder (`AuthProviderBuilder::set_scopes`).
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
    pub fn for_github_oauth(
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
    ) -> Result<Self> {
        oauth_app_provider(AuthProviderType::GitHub, client_id, client_secret, base_url)
            .generate_fastmcp_config()
    }

    /// `AuthKitProvider`; a bare domain (`your-project.authkit.app`) gets `https://`.
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
    pub fn for_workos_oauth(
        authkit_domain: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
    ) -> Result<Self> {
        AuthProviderBuilder::new(AuthProviderType::WorkOS)
            .set_authkit_domain(authkit_domain)
            .set_base_url(base_url)
            .generate_fastmcp_config()
    }
}

/// What a JWT payload is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JWTPayloadConfig {
    /// The token's `client_id` and `sub`.
    pub client_id: String,
    /// The `scope` claim's scopes.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Extra claims.
    #[serde(default)]
    pub custom_claims: IndexMap<String, serde_json::Value>,
    /// Lifetime in seconds.
    #[serde(default = "default_expires_in")]
    pub expires_in: u64,
}

pub const DEFAULT_EXPIRES_IN: u64 = 3600;

fn default_expires_in() -> u64 {
    DEFAULT_EXPIRES_IN
}

impl JWTPayloadConfig {
    /// A payload config for `client_id` with the default lifetime.
    pub fn new(client_id: impl Into<String>) -> Self {
        JWTPayloadConfig {
            client_id: client_id.into(),
            scopes: Vec::new(),
            custom_claims: IndexMap::new(),
            expires_in: DEFAULT_EXPIRES_IN,
        }
    }
}

impl FastMCPAuthConfig {
    /// The config as the JSON document FastMCP-auth saves, with every secret masked
    /// (`********` and at most its last 4 characters): safe to print or log. To write a
    /// file that holds embedded secrets, use [`to_json_with_secrets`](Self::to_json_with_secrets).
    ///
    /// # Examples
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ParamValue};
    ///
    /// let config = AuthContext::new()
    ///     .auth_service("api")
    ///     .use_google_auth("id.apps.googleusercontent.com", ParamValue::secret("GOCSPX-abcdefgh1234"), "https://mcp.example.com")
    ///     .embed_secrets(true)
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.to_json()["config_params"]["client_secret"], "********1234");
    /// assert_eq!(config.to_json_with_secrets()["config_params"]["client_secret"], "GOCSPX-abcdefgh1234");
    /// assert!(!config.to_string().contains("GOCSPX"));
    /// // Plain serde refuses to write the secret at all.
    /// assert!(serde_json::to_string(&config).is_err());
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        self.json_with(|secret| ParamValue::from(secret.masked()))
    }

    /// The config as JSON with secrets in clear: the explicit embedding path (a file the
    /// user asked to embed secrets in). Never print this.
    pub fn to_json_with_secrets(&self) -> serde_json::Value {
        self.json_with(|secret| {
            ParamValue::Literal(serde_json::Value::String(secret.expose().to_string()))
        })
    }

    /// The config with each secret replaced by `shown(secret)`, as JSON.
    fn json_with(&self, shown: impl Fn(&super::value::Secret) -> ParamValue) -> serde_json::Value {
        let mut copy = self.clone();
        copy.replace_secrets(&shown);
        // Only `Secret` values refuse to serialise, and none is left.
        serde_json::to_value(&copy).unwrap_or(serde_json::Value::Null)
    }

    /// Replaces every secret, nested verifiers' included, by `shown(secret)`.
    fn replace_secrets(&mut self, shown: &impl Fn(&super::value::Secret) -> ParamValue) {
        for value in self.config_params.values_mut() {
            if let ParamValue::Secret(secret) = value {
                *value = shown(secret);
            }
        }
        for nested in self.verifier_params.values_mut() {
            nested.replace_secrets(shown);
        }
        for extra in &mut self.also_accept {
            extra.replace_secrets(shown);
        }
    }
}

/// `module.Class(name=value, …)`, values as JSON, secrets as `<redacted>`, terminal
/// controls escaped.
impl fmt::Display for FastMCPAuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}(",
            escape_control(&self.import_path),
            escape_control(&self.provider_class)
        )?;
        for (i, (name, value)) in self.config_params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            let shown = match value {
                ParamValue::Secret(_) => "<redacted>".to_string(),
                ParamValue::Env(var) => var.placeholder(),
                ParamValue::Literal(literal) => literal.to_string(),
            };
            write!(f, "{}={}", escape_control(name), escape_control(&shown))?;
        }
        f.write_str(")")
    }
}

impl JWTPayloadConfig {
    /// The payload config as JSON (`client_id`, `scopes`, `custom_claims`, `expires_in`).
    ///
    /// # Examples
    ///
    /// ```
    /// use fastmcp_auth::core::JWTPayloadConfig;
    ///
    /// let mut config = JWTPayloadConfig::new("user123");
    /// config.scopes = vec!["read".into()];
    /// assert_eq!(config.to_json()["expires_in"], 3600);
    /// assert_eq!(config.to_string(), "client_id=user123 scopes=[read] expires_in=3600 custom_claims={}");
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        // Strings, numbers and JSON values only: serialising cannot fail.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// `client_id=… scopes=[…] expires_in=… custom_claims={…}`, terminal controls escaped.
impl fmt::Display for JWTPayloadConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let claims = serde_json::Value::Object(
            self.custom_claims
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
        write!(
            f,
            "client_id={} scopes=[{}] expires_in={} custom_claims={}",
            escape_control(&self.client_id),
            escape_control(&self.scopes.join(" ")),
            self.expires_in,
            escape_control(&claims.to_string())
        )
    }
}
