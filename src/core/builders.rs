//! The specification's builders: `AuthContext` (the seed's `MCPStoreContext` entry points),
//! `AuthServiceBuilder` and `AuthProviderBuilder`. They are thin, typed doors into the one
//! generic path: `AuthProviderConfig` → `generate_with_warnings`.

use std::sync::Arc;

use super::error::{AuthError, Result};
use super::generate::{Generated, generate_with_warnings};
use super::service::check_service_name;
use super::token::{AuthTokenBuilder, Clock, SystemClock};
use super::types::{AuthProviderConfig, AuthProviderType, FastMCPAuthConfig};
use super::value::ParamValue;

/// Where the builders come from (the seed's `store.for_store()`). Holds the clock tokens
/// are stamped with, so tests can fix time.
///
/// # Examples
///
/// A multi-tenant SaaS platform: one service per tenant, each with its own scopes and
/// issuer, from one context:
///
/// ```
/// use fastmcp_auth::core::{AuthContext, ParamValue};
///
/// let ctx = AuthContext::new();
/// let tenants = [("acme", ["acme:read", "acme:write"]), ("globex", ["globex:read", "globex:admin"])];
/// for (tenant, scopes) in tenants {
///     let config = ctx
///         .auth_service(&format!("{tenant}-api"))
///         .require_scopes(scopes)
///         .use_bearer_auth(
///             format!("https://{tenant}.auth.example.com/.well-known/jwks.json"),
///             format!("https://{tenant}.auth.example.com"),
///             format!("{tenant}-api"),
///             None,
///         )
///         .generate_fastmcp_config()?;
///     assert_eq!(config.config_params["issuer"], ParamValue::from(format!("https://{tenant}.auth.example.com")));
/// }
/// # Ok::<(), fastmcp_auth::core::AuthError>(())
/// ```
#[derive(Clone)]
pub struct AuthContext {
    clock: Arc<dyn Clock>,
}

impl Default for AuthContext {
    fn default() -> Self {
        AuthContext::new()
    }
}

impl AuthContext {
    /// A context on the system clock.
    pub fn new() -> Self {
        AuthContext {
            clock: Arc::new(SystemClock),
        }
    }

    /// A context whose tokens take `iat`/`exp` from `clock`: a [`FixedClock`](crate::core::FixedClock) gives fixed, reproducible claims.
    pub fn with_clock(clock: impl Clock + 'static) -> Self {
        AuthContext {
            clock: Arc::new(clock),
        }
    }

    /// Auth for one named service: scopes plus one provider.
    pub fn auth_service(&self, service_name: &str) -> AuthServiceBuilder {
        AuthServiceBuilder::new(service_name)
    }

    /// A provider of any catalog type (`bearer`, `google`, `azure`, …). An unknown type is
    /// an error listing the known ones.
    ///
    /// # Errors
    ///
    /// [`AuthError::UnknownProviderType`](crate::core::AuthError::UnknownProviderType), listing the known types.
    pub fn auth_provider(&self, provider_type: &str) -> Result<AuthProviderBuilder> {
        Ok(AuthProviderBuilder::new(provider_type.parse()?))
    }

    /// The claims of a JWT for `client_id`.
    pub fn auth_jwt_payload(&self, client_id: &str) -> AuthTokenBuilder {
        AuthTokenBuilder::new(client_id, self.clock.clone())
    }

    /// Same as [`AuthContext::auth_jwt_payload`].
    pub fn auth_token(&self, client_id: &str) -> AuthTokenBuilder {
        self.auth_jwt_payload(client_id)
    }
}

/// Builds one provider's config. Setters consume and return the builder so calls chain;
/// every check happens in `generate_fastmcp_config`, which names the first problem.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a builder method returns the updated builder: use it (`let b = b.method(…);`)"]
pub struct AuthProviderBuilder {
    config: AuthProviderConfig,
}

impl AuthProviderBuilder {
    /// A builder for a provider of `provider_type`, with the catalog's default scopes.
    pub fn new(provider_type: AuthProviderType) -> Self {
        AuthProviderBuilder {
            config: AuthProviderConfig::new(provider_type),
        }
    }

    /// Starts from an existing config (e.g. one loaded from disk).
    pub fn from_config(config: AuthProviderConfig) -> Self {
        AuthProviderBuilder { config }
    }

    /// Sets `client_id` and `client_secret` (give the secret as [`ParamValue::env`](crate::core::ParamValue::env)).
    pub fn set_client_credentials(
        self,
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
    ) -> Self {
        self.set_field("client_id", client_id)
            .set_field("client_secret", client_secret)
    }

    /// Sets `base_url`: the public URL of the MCP server.
    pub fn set_base_url(self, base_url: impl Into<ParamValue>) -> Self {
        self.set_field("base_url", base_url)
    }

    /// JWKS settings for `bearer`; `algorithm` defaults to RS256.
    pub fn set_jwks_config(
        self,
        jwks_uri: impl Into<ParamValue>,
        issuer: impl Into<ParamValue>,
        audience: impl Into<ParamValue>,
        algorithm: Option<&str>,
    ) -> Self {
        let builder = self
            .set_field("jwks_uri", jwks_uri)
            .set_field("issuer", issuer)
            .set_field("audience", audience);
        match algorithm {
            Some(alg) => builder.set_field("algorithm", alg),
            None => builder,
        }
    }

    /// Replaces the required scopes.
    pub fn set_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config.required_scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Adds required scopes after the ones already set.
    pub fn add_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config
            .required_scopes
            .extend(scopes.into_iter().map(Into::into));
        self
    }

    /// WorkOS: the AuthKit domain (a bare domain gets `https://`).
    pub fn set_authkit_domain(self, domain: impl Into<ParamValue>) -> Self {
        self.set_field("authkit_domain", domain)
    }

    /// OIDC-discovery providers: the `/.well-known/openid-configuration` URL.
    pub fn set_config_url(self, config_url: impl Into<ParamValue>) -> Self {
        self.set_field("config_url", config_url)
    }

    /// Sets `redirect_path`: the OAuth callback path on the server.
    pub fn set_redirect_path(self, path: impl Into<ParamValue>) -> Self {
        self.set_field("redirect_path", path)
    }

    /// Any constructor parameter by name (checked against the catalog on generate).
    pub fn set_field(mut self, name: &str, value: impl Into<ParamValue>) -> Self {
        self.config.set(name, value);
        self
    }

    /// Sets a parameter that takes a token verifier (`OAuthProxy`'s and
    /// `RemoteAuthProvider`'s `token_verifier`) to a verifier of any verifier type
    /// (`bearer`, `introspection`, `auth0-jwt`, …).
    ///
    /// # Examples
    ///
    /// An OAuth server without OIDC discovery, its tokens checked against its JWKS:
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ParamValue};
    ///
    /// let ctx = AuthContext::new();
    /// let config = ctx
    ///     .auth_provider("oauth-proxy")?
    ///     .set_field("upstream_authorization_endpoint", "https://auth.example.com/authorize")
    ///     .set_field("upstream_token_endpoint", "https://auth.example.com/token")
    ///     .set_field("upstream_client_id", "mcp-app")
    ///     .set_field("upstream_client_secret", ParamValue::env("UPSTREAM_SECRET")?)
    ///     .set_base_url("https://mcp.example.com")
    ///     .set_token_verifier(ctx.auth_provider("bearer")?.set_jwks_config(
    ///         "https://auth.example.com/.well-known/jwks.json",
    ///         "https://auth.example.com",
    ///         "mcp-app",
    ///         None,
    ///     ))
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.provider_class, "OAuthProxy");
    /// assert_eq!(config.verifier_params["token_verifier"].provider_class, "JWTVerifier");
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn set_token_verifier(self, verifier: AuthProviderBuilder) -> Self {
        self.set_verifier_param("token_verifier", verifier)
    }

    /// Any parameter that takes a token verifier, by name (checked on generate).
    pub fn set_verifier_param(mut self, name: &str, verifier: AuthProviderBuilder) -> Self {
        self.config
            .verifier_params
            .insert(name.to_string(), verifier.into_config());
        self
    }

    /// Accepts the tokens of `verifier` as well (FastMCP's `MultiAuth`, 3.1.0+): this
    /// provider stays the one users sign in with, and tokens any verifier accepts pass too.
    pub fn also_accept(mut self, verifier: AuthProviderBuilder) -> Self {
        self.config.also_accept.push(verifier.into_config());
        self
    }

    /// Write secret literals into the config instead of `${VAR}` references.
    pub fn embed_secrets(mut self, embed: bool) -> Self {
        self.config.embed_secrets = embed;
        self
    }

    /// The provider config as built so far.
    pub fn config(&self) -> &AuthProviderConfig {
        &self.config
    }

    /// The provider config as built so far, by value.
    pub fn into_config(self) -> AuthProviderConfig {
        self.config
    }

    /// Generates the FastMCP config (warnings dropped: see [`generate_with_warnings`](Self::generate_with_warnings)).
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when the config is incomplete or a value is invalid.
    pub fn generate_fastmcp_config(&self) -> Result<FastMCPAuthConfig> {
        self.generate_with_warnings().map(|g| g.config)
    }

    /// Generates the FastMCP config and the warnings the user should see.
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when the config is incomplete or a value is invalid.
    pub fn generate_with_warnings(&self) -> Result<Generated> {
        generate_with_warnings(&self.config)
    }
}

/// Auth for one service: the scopes it requires and the provider that checks them.
///
/// Builder methods take and return the builder: chain them, or rebind
/// (`let service = service.require_scopes(["read"]);`). A bare `service.require_scopes(…);`
/// is warned about, since its result (the scopes) would be lost:
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// let service = fastmcp_auth::core::AuthContext::new().auth_service("api");
/// service.clone().require_scopes(["read"]);
/// ```
///
/// # Examples
///
/// Microservices, each checking the same issuer with its own audience and scopes:
///
/// ```
/// use fastmcp_auth::core::{AuthContext, ParamValue};
///
/// let ctx = AuthContext::new();
/// let services = [
///     ("user-service", vec!["users:read", "users:write"]),
///     ("order-service", vec!["orders:read", "orders:write"]),
///     ("payment-service", vec!["payments:process"]),
/// ];
/// for (name, scopes) in services {
///     let config = ctx
///         .auth_service(name)
///         .require_scopes(scopes)
///         .use_bearer_auth(
///             "https://auth.company.com/.well-known/jwks.json",
///             "https://auth.company.com",
///             name,
///             None,
///         )
///         .generate_fastmcp_config()?;
///     assert_eq!(config.config_params["audience"], ParamValue::from(name));
/// }
/// # Ok::<(), fastmcp_auth::core::AuthError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a builder method returns the updated builder: use it (`let b = b.method(…);`)"]
pub struct AuthServiceBuilder {
    name: String,
    scopes: Vec<String>,
    provider: Option<AuthProviderBuilder>,
    also_accept: Vec<AuthProviderBuilder>,
}

impl AuthServiceBuilder {
    /// A service named `name`, without a provider yet.
    pub fn new(name: &str) -> Self {
        AuthServiceBuilder {
            name: name.to_string(),
            scopes: Vec::new(),
            provider: None,
            also_accept: Vec::new(),
        }
    }

    /// The service's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Scopes every caller of this service must have; they reach the provider's
    /// `required_scopes` ahead of any the provider call adds.
    pub fn require_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// JWT bearer tokens checked against a JWKS (`JWTVerifier`).
    ///
    /// # Examples
    ///
    /// Simple bearer token auth (the specification's first example):
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ParamValue};
    ///
    /// let config = AuthContext::new()
    ///     .auth_service("secure-api")
    ///     .require_scopes(["api:read", "api:write"])
    ///     .use_bearer_auth(
    ///         "https://auth.company.com/.well-known/jwks.json",
    ///         "https://auth.company.com",
    ///         "secure-api",
    ///         Some("RS256"),
    ///     )
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.provider_class, "JWTVerifier");
    /// assert_eq!(config.config_params["required_scopes"], ParamValue::list(["api:read", "api:write"]));
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn use_bearer_auth(
        self,
        jwks_uri: impl Into<ParamValue>,
        issuer: impl Into<ParamValue>,
        audience: impl Into<ParamValue>,
        algorithm: Option<&str>,
    ) -> Self {
        self.use_provider(
            AuthProviderBuilder::new(AuthProviderType::Bearer)
                .set_jwks_config(jwks_uri, issuer, audience, algorithm),
        )
    }

    /// A generic OIDC issuer (`OIDCProxy`), found through its discovery URL.
    pub fn use_oauth_auth(
        self,
        config_url: impl Into<ParamValue>,
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
    ) -> Self {
        self.use_provider(
            AuthProviderBuilder::new(AuthProviderType::OAuth)
                .set_config_url(config_url)
                .set_client_credentials(client_id, client_secret)
                .set_base_url(base_url),
        )
    }

    /// Uses Google OAuth: `client_id`, `client_secret` and `base_url` (each an environment reference by default), and optionally the scopes.
    ///
    /// # Examples
    ///
    /// Google OAuth for an enterprise app, credentials from the environment:
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ParamValue};
    ///
    /// let config = AuthContext::new()
    ///     .auth_service("enterprise-tools")
    ///     .use_google_auth(
    ///         ParamValue::env("GOOGLE_CLIENT_ID")?,
    ///         ParamValue::env("GOOGLE_CLIENT_SECRET")?,
    ///         "https://tools.company.com",
    ///         Some(&["openid", "email", "profile"]),
    ///     )
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.provider_class, "GoogleProvider");
    /// assert_eq!(config.config_params["client_secret"], ParamValue::env("GOOGLE_CLIENT_SECRET")?);
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn use_google_auth(
        self,
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
        required_scopes: Option<&[&str]>,
    ) -> Self {
        self.use_oauth_app(
            AuthProviderType::Google,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        )
    }

    /// Uses GitHub OAuth: `client_id`, `client_secret` and `base_url`, and optionally the scopes.
    ///
    /// # Examples
    ///
    /// GitHub OAuth for a developer tool; a `"${VAR}"` string is an environment reference:
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ParamValue};
    ///
    /// let config = AuthContext::new()
    ///     .auth_service("dev-tools")
    ///     .use_github_auth(
    ///         "${GITHUB_CLIENT_ID}",
    ///         "${GITHUB_CLIENT_SECRET}",
    ///         "https://devtools.company.com",
    ///         Some(&["user", "repo"]),
    ///     )
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.provider_class, "GitHubProvider");
    /// assert_eq!(config.config_params["required_scopes"], ParamValue::list(["user", "repo"]));
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn use_github_auth(
        self,
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
        required_scopes: Option<&[&str]>,
    ) -> Self {
        self.use_oauth_app(
            AuthProviderType::GitHub,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        )
    }

    /// WorkOS AuthKit (`AuthKitProvider`).
    ///
    /// # Examples
    ///
    /// WorkOS enterprise SSO:
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ParamValue};
    ///
    /// let config = AuthContext::new()
    ///     .auth_service("enterprise-sso")
    ///     .use_workos_auth("your-domain.authkit.com", "https://enterprise.myapp.com")
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.provider_class, "AuthKitProvider");
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn use_workos_auth(
        self,
        authkit_domain: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
    ) -> Self {
        self.use_provider(
            AuthProviderBuilder::new(AuthProviderType::WorkOS)
                .set_authkit_domain(authkit_domain)
                .set_base_url(base_url),
        )
    }

    /// Any provider built with `AuthContext::auth_provider` (Azure, Auth0, custom …).
    pub fn use_provider(mut self, provider: AuthProviderBuilder) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Accepts the tokens of another verifier as well: "people sign in with OAuth, machines
    /// present JWTs" as one config (FastMCP's `MultiAuth`, 3.1.0+). The provider chosen
    /// with a `use_…` method is the one users sign in with; the service's scopes are
    /// required by every source.
    ///
    /// # Examples
    ///
    /// GitHub sign-in for people, JWTs from the company's issuer for machines:
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ParamValue};
    ///
    /// let ctx = AuthContext::new();
    /// let config = ctx
    ///     .auth_service("dev-tools")
    ///     .use_github_auth("${GITHUB_CLIENT_ID}", "${GITHUB_CLIENT_SECRET}", "https://tools.example.com", None)
    ///     .also_accept(ctx.auth_provider("bearer")?.set_jwks_config(
    ///         "https://auth.example.com/.well-known/jwks.json",
    ///         "https://auth.example.com",
    ///         "dev-tools",
    ///         None,
    ///     ))
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.provider_class, "GitHubProvider");
    /// assert_eq!(config.also_accept[0].provider_class, "JWTVerifier");
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn also_accept(mut self, verifier: AuthProviderBuilder) -> Self {
        self.also_accept.push(verifier);
        self
    }

    fn use_oauth_app(
        self,
        provider_type: AuthProviderType,
        client_id: impl Into<ParamValue>,
        client_secret: impl Into<ParamValue>,
        base_url: impl Into<ParamValue>,
        required_scopes: Option<&[&str]>,
    ) -> Self {
        self.use_provider(oauth_app_provider(
            provider_type,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        ))
    }

    /// The provider's config with this service's scopes merged in and its name recorded.
    /// Without a provider this is an error (the seed returned `None`).
    ///
    /// # Errors
    ///
    /// [`AuthError::NoProvider`](crate::core::AuthError::NoProvider) when no provider was chosen, else what the provider's generation reports.
    pub fn generate_fastmcp_config(&self) -> Result<FastMCPAuthConfig> {
        self.generate_with_warnings().map(|g| g.config)
    }

    /// Generates the service's config and the warnings the user should see.
    ///
    /// # Errors
    ///
    /// [`AuthError::NoProvider`](crate::core::AuthError::NoProvider) when no provider was chosen, else what the provider's generation reports.
    pub fn generate_with_warnings(&self) -> Result<Generated> {
        check_service_name(&self.name)?;
        let provider = self
            .provider
            .as_ref()
            .ok_or_else(|| AuthError::NoProvider {
                service: self.name.clone(),
            })?;
        let mut config = provider.config().clone();
        config
            .also_accept
            .extend(self.also_accept.iter().map(|v| v.config().clone()));
        let with_service_scopes = |scopes: &mut Vec<String>| {
            let own = std::mem::take(scopes);
            *scopes = self.scopes.iter().cloned().chain(own).collect();
        };
        with_service_scopes(&mut config.required_scopes);
        for extra in &mut config.also_accept {
            with_service_scopes(&mut extra.required_scopes);
        }
        let mut generated = generate_with_warnings(&config)?;
        generated.config.service = Some(self.name.clone());
        Ok(generated)
    }
}

/// An OAuth app provider (Google, GitHub): credentials, base URL and optional scopes.
pub(crate) fn oauth_app_provider(
    provider_type: AuthProviderType,
    client_id: impl Into<ParamValue>,
    client_secret: impl Into<ParamValue>,
    base_url: impl Into<ParamValue>,
    required_scopes: Option<&[&str]>,
) -> AuthProviderBuilder {
    let provider = AuthProviderBuilder::new(provider_type)
        .set_client_credentials(client_id, client_secret)
        .set_base_url(base_url);
    match required_scopes {
        Some(scopes) => provider.set_scopes(scopes.iter().copied()),
        None => provider,
    }
}
