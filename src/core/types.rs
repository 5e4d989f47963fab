//! The specification's data models: `AuthProviderType`, `AuthProviderConfig`,
//! `FastMCPAuthConfig` and `JWTPayloadConfig`.

use std::fmt;
use std::str::FromStr;

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::builders::{AuthProviderBuilder, oauth_app_provider};
use super::catalog::{Catalog, ProviderSpec};
use super::error::{AuthError, Result};
use super::value::ParamValue;

/// A provider type. The specification's six have their own variants; every other catalog
/// entry (Azure, Auth0, …) is `Other` with its catalog name. Parsing checks the catalog, so
/// an unknown name is an error, never a silent fallback.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
        match spec.type_name.as_str() {
            "bearer" => AuthProviderType::Bearer,
            "oauth" => AuthProviderType::OAuth,
            "google" => AuthProviderType::Google,
            "github" => AuthProviderType::GitHub,
            "workos" => AuthProviderType::WorkOS,
            "custom" => AuthProviderType::Custom,
            other => AuthProviderType::Other(other.to_string()),
        }
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
            provider_type,
            enabled: true,
            config: IndexMap::new(),
            required_scopes: Vec::new(),
            embed_secrets: false,
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

    /// `JWTVerifier` checking tokens against a JWKS endpoint.
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
    pub fn for_bearer_token(
        jwks_uri: impl Into<ParamValue>,
        issuer: impl Into<ParamValue>,
        audience: impl Into<ParamValue>,
        algorithm: Option<&str>,
    ) -> Result<Self> {
        AuthProviderBuilder::new(AuthProviderType::Bearer)
            .set_jwks_config(jwks_uri, issuer, audience, algorithm)
            .generate_fastmcp_config()
    }

    /// `GoogleProvider`; `required_scopes` defaults to `openid email profile`.
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
    pub fn for_google_oauth(
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
        required_scopes: Option<&[&str]>,
    ) -> Result<Self> {
        oauth_app_provider(
            AuthProviderType::Google,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        )
        .generate_fastmcp_config()
    }

    /// `GitHubProvider`; `required_scopes` defaults to `read:user user:email`.
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
    pub fn for_github_oauth(
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
        required_scopes: Option<&[&str]>,
    ) -> Result<Self> {
        oauth_app_provider(
            AuthProviderType::GitHub,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        )
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
