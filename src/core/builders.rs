//! The specification's builders: `AuthContext` (the seed's `MCPStoreContext` entry points),
//! `AuthServiceBuilder` and `AuthProviderBuilder`. They are thin, typed doors into the one
//! generic path: `AuthProviderConfig` → `generate_with_warnings`.

use std::sync::Arc;

use super::catalog::Catalog;
use super::error::{AuthError, Result};
use super::generate::{Generated, generate_with_catalog};
use super::service::check_service_name;
use super::token::{AuthTokenBuilder, Clock, SystemClock};
use super::types::{AuthProviderConfig, AuthProviderType, FastMCPAuthConfig};
use super::value::ParamValue;
use super::warning::{Warning, WarningKind};

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
///         )
///         .generate_fastmcp_config()?;
///     assert_eq!(config.config_params["issuer"], ParamValue::from(format!("https://{tenant}.auth.example.com")));
/// }
/// # Ok::<(), fastmcp_auth::core::AuthError>(())
/// ```
#[derive(Clone)]
pub struct AuthContext {
    clock: Arc<dyn Clock>,
    catalog: CatalogRef,
}

/// The catalog a builder checks against: the built-in one unless a caller gave theirs.
#[derive(Clone, Default)]
struct CatalogRef(Option<Arc<Catalog>>);

impl CatalogRef {
    fn get(&self) -> &Catalog {
        self.0.as_deref().unwrap_or_else(|| Catalog::builtin())
    }
}

/// Same catalog object (a caller's catalogs are not compared field by field).
impl PartialEq for CatalogRef {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for CatalogRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "caller's catalog"
        } else {
            "built-in catalog"
        })
    }
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
            catalog: CatalogRef::default(),
        }
    }

    /// A context whose tokens take `iat`/`exp` from `clock`: a [`FixedClock`](crate::core::FixedClock) gives fixed, reproducible claims.
    pub fn with_clock(clock: impl Clock + 'static) -> Self {
        AuthContext {
            clock: Arc::new(clock),
            catalog: CatalogRef::default(),
        }
    }

    /// This context checking providers against `catalog` instead of the built-in one: the
    /// builders it makes look types up, validate and generate with it.
    ///
    /// # Examples
    ///
    /// A catalog of one provider, read from the caller's JSON:
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, Catalog};
    ///
    /// let catalog = Catalog::from_json(r#"{"providers": [{
    ///     "type": "bearer", "title": "JWT", "description": "JWKS only", "group": "Tokens",
    ///     "provider_class": "JWTVerifier", "import_path": "fastmcp.server.auth.providers.jwt",
    ///     "env_prefix": "FASTMCP_SERVER_AUTH_JWT", "scopes": {},
    ///     "fields": [{"name": "jwks_uri", "kind": "url", "label": "JWKS URL", "required": true,
    ///                 "example": "https://auth.example.com/.well-known/jwks.json",
    ///                 "help": "JWKS endpoint"}]
    /// }]}"#)?;
    /// let ctx = AuthContext::new().with_catalog(catalog);
    /// // Google is not in this catalog.
    /// assert!(ctx.auth_provider("google").is_err());
    /// let config = ctx
    ///     .auth_provider("bearer")?
    ///     .set_field("jwks_uri", "https://auth.example.com/.well-known/jwks.json")
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.provider_class, "JWTVerifier");
    /// // The built-in bearer entry would also require issuer and audience; this one does not.
    /// assert_eq!(config.config_params.len(), 1);
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn with_catalog(mut self, catalog: Catalog) -> Self {
        self.catalog = CatalogRef(Some(Arc::new(catalog)));
        self
    }

    /// The catalog this context checks against.
    pub fn catalog(&self) -> &Catalog {
        self.catalog.get()
    }

    /// Auth for one named service: scopes plus one provider.
    pub fn auth_service(&self, service_name: &str) -> AuthServiceBuilder {
        let mut service = AuthServiceBuilder::new(service_name);
        service.catalog = self.catalog.clone();
        service
    }

    /// A provider of any catalog type (`bearer`, `google`, `azure`, …). An unknown type is
    /// an error listing the known ones.
    ///
    /// # Errors
    ///
    /// [`AuthError::UnknownProviderType`](crate::core::AuthError::UnknownProviderType), listing the known types.
    pub fn auth_provider(&self, provider_type: &str) -> Result<AuthProviderBuilder> {
        let spec = self.catalog.get().get_or_err(provider_type)?;
        let mut provider = AuthProviderBuilder::new(AuthProviderType::of(spec));
        provider.catalog = self.catalog.clone();
        Ok(provider)
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
    catalog: CatalogRef,
}

impl AuthProviderBuilder {
    /// A builder for a provider of `provider_type`, with the catalog's default scopes.
    pub fn new(provider_type: AuthProviderType) -> Self {
        AuthProviderBuilder {
            config: AuthProviderConfig::new(provider_type),
            catalog: CatalogRef::default(),
        }
    }

    /// Starts from an existing config (e.g. one loaded from disk).
    pub fn from_config(config: AuthProviderConfig) -> Self {
        AuthProviderBuilder {
            config,
            catalog: CatalogRef::default(),
        }
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

    /// JWKS settings for `bearer`; the algorithm defaults to RS256 (see
    /// [`set_algorithm`](Self::set_algorithm)).
    ///
    /// # Examples
    ///
    /// The specification's global provider for a multi-tenant platform:
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, ParamValue};
    ///
    /// let config = AuthContext::new()
    ///     .auth_provider("bearer")?
    ///     .set_jwks_config(
    ///         "https://auth.saasplatform.com/.well-known/jwks.json",
    ///         "https://auth.saasplatform.com",
    ///         "saas-platform",
    ///     )
    ///     .set_algorithm("RS512")
    ///     .generate_fastmcp_config()?;
    /// assert_eq!(config.config_params["algorithm"], ParamValue::from("RS512"));
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn set_jwks_config(
        self,
        jwks_uri: impl Into<ParamValue>,
        issuer: impl Into<ParamValue>,
        audience: impl Into<ParamValue>,
    ) -> Self {
        self.set_field("jwks_uri", jwks_uri)
            .set_field("issuer", issuer)
            .set_field("audience", audience)
    }

    /// The JWT signing algorithm `bearer` accepts (`RS256` when not set).
    pub fn set_algorithm(self, algorithm: impl Into<ParamValue>) -> Self {
        self.set_field("algorithm", algorithm)
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

    /// The FastMCP release to generate for (default: the catalog's newest): a class or
    /// parameter that release lacks is refused (see [`compat`](super::compat)).
    pub fn fastmcp_version(mut self, target: super::FastmcpVersion) -> Self {
        self.config.fastmcp_version = Some(target);
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

    /// Generates the FastMCP config (the specification's call; its warnings are not
    /// returned: use [`generate`](Self::generate) to show them).
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when the config is incomplete or a value is invalid.
    pub fn generate_fastmcp_config(&self) -> Result<FastMCPAuthConfig> {
        self.generate().map(|g| g.config)
    }

    /// Generates the FastMCP config and the [`Warning`](crate::core::Warning)s the user
    /// should see (e.g. a secret literal replaced by a `${VAR}` reference).
    ///
    /// # Errors
    ///
    /// An [`AuthError`](crate::core::AuthError) naming the field when the config is incomplete or a value is invalid.
    pub fn generate(&self) -> Result<Generated> {
        generate_with_catalog(&self.config, self.catalog.get())
    }

    /// Same as [`generate`](Self::generate).
    ///
    /// # Errors
    ///
    /// As [`generate`](Self::generate).
    pub fn generate_with_warnings(&self) -> Result<Generated> {
        self.generate()
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
    /// Named options applied to the provider when generating, whatever the call order.
    options: ProviderOptions,
    catalog: CatalogRef,
    also_accept: Vec<AuthProviderBuilder>,
}

/// The specification's optional provider arguments, set by name on the service.
#[derive(Debug, Clone, Default, PartialEq)]
struct ProviderOptions {
    algorithm: Option<ParamValue>,
    required_scopes: Option<Vec<String>>,
    embed_secrets: Option<bool>,
}

impl AuthServiceBuilder {
    /// A service named `name`, without a provider yet.
    pub fn new(name: &str) -> Self {
        AuthServiceBuilder {
            name: name.to_string(),
            scopes: Vec::new(),
            provider: None,
            options: ProviderOptions::default(),
            catalog: CatalogRef::default(),
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
    ///     )
    ///     .with_algorithm("RS256")
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
    ) -> Self {
        self.use_provider(
            AuthProviderBuilder::new(AuthProviderType::Bearer)
                .set_jwks_config(jwks_uri, issuer, audience),
        )
    }

    /// The specification's `algorithm=` of `use_bearer_auth` (RS256 when not set).
    pub fn with_algorithm(mut self, algorithm: impl Into<ParamValue>) -> Self {
        self.options.algorithm = Some(algorithm.into());
        self
    }

    /// The specification's `required_scopes=` of `use_google_auth` / `use_github_auth`:
    /// the provider's own scopes (replacing the catalog's defaults), after the service's
    /// [`require_scopes`](Self::require_scopes). Any iterable of string-likes.
    pub fn with_required_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options.required_scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Write secret literals into the config instead of `${VAR}` references.
    pub fn embed_secrets(mut self, embed: bool) -> Self {
        self.options.embed_secrets = Some(embed);
        self
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

    /// Uses Google OAuth: `client_id`, `client_secret` and `base_url` (the secret as an
    /// environment reference unless embedding is asked for); the specification's optional
    /// `required_scopes=` is [`with_required_scopes`](Self::with_required_scopes).
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
    ///     )
    ///     .with_required_scopes(["openid", "email", "profile"])
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
    ) -> Self {
        self.use_provider(oauth_app_provider(
            AuthProviderType::Google,
            client_id,
            client_secret,
            base_url,
        ))
    }

    /// Uses GitHub OAuth: `client_id`, `client_secret` and `base_url`; the specification's
    /// optional `required_scopes=` is [`with_required_scopes`](Self::with_required_scopes).
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
    ///     )
    ///     .with_required_scopes(vec!["user".to_string(), "repo".to_string()])
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
    ) -> Self {
        self.use_provider(oauth_app_provider(
            AuthProviderType::GitHub,
            client_id,
            client_secret,
            base_url,
        ))
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
    ///     .use_github_auth("${GITHUB_CLIENT_ID}", "${GITHUB_CLIENT_SECRET}", "https://tools.example.com")
    ///     .also_accept(ctx.auth_provider("bearer")?.set_jwks_config(
    ///         "https://auth.example.com/.well-known/jwks.json",
    ///         "https://auth.example.com",
    ///         "dev-tools",
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

    /// The provider's config with this service's scopes merged in and its name recorded.
    /// Without a provider this is an error (the seed returned `None`).
    ///
    /// # Errors
    ///
    /// [`AuthError::NoProvider`](crate::core::AuthError::NoProvider) when no provider was chosen, else what the provider's generation reports.
    pub fn generate_fastmcp_config(&self) -> Result<FastMCPAuthConfig> {
        self.generate().map(|g| g.config)
    }

    /// Generates the service's config and the [`Warning`](crate::core::Warning)s the user
    /// should see; [`generate_fastmcp_config`](Self::generate_fastmcp_config) is this
    /// without the warnings.
    ///
    /// # Errors
    ///
    /// [`AuthError::NoProvider`](crate::core::AuthError::NoProvider) when no provider was chosen, else what the provider's generation reports.
    ///
    /// # Examples
    ///
    /// ```
    /// use fastmcp_auth::core::{AuthContext, WarningKind};
    ///
    /// let generated = AuthContext::new()
    ///     .auth_service("google-service")
    ///     .require_scopes(vec!["profile".to_string(), "email".to_string()])
    ///     .use_google_auth("id.apps.googleusercontent.com", "GOCSPX-typed-in-by-mistake", "https://myapp.com")
    ///     .generate()?;
    /// // The literal secret was not written: the config refers to the variable instead.
    /// assert_eq!(generated.warnings[0].kind, WarningKind::SecretReplacedByReference);
    /// assert_eq!(generated.config.config_params["client_secret"].env_var().unwrap().as_str(), "GOOGLE_CLIENT_SECRET");
    /// # Ok::<(), fastmcp_auth::core::AuthError>(())
    /// ```
    pub fn generate(&self) -> Result<Generated> {
        check_service_name(&self.name)?;
        let provider = self
            .provider
            .as_ref()
            .ok_or_else(|| AuthError::NoProvider {
                service: self.name.clone(),
            })?;
        let mut config = provider.config().clone();
        let options = &self.options;
        if let Some(algorithm) = &options.algorithm {
            config.config.insert("algorithm".into(), algorithm.clone());
        }
        if let Some(scopes) = &options.required_scopes {
            config.required_scopes = scopes.clone();
        }
        if let Some(embed) = options.embed_secrets {
            config.embed_secrets = embed;
        }
        let replaces_defaults = config.required_scopes.is_empty() && !self.scopes.is_empty();
        config
            .also_accept
            .extend(self.also_accept.iter().map(|v| v.config().clone()));
        // The service's scopes are required by every way in.
        let with_service_scopes = |scopes: &mut Vec<String>| {
            let own = std::mem::take(scopes);
            *scopes = self.scopes.iter().cloned().chain(own).collect();
        };
        with_service_scopes(&mut config.required_scopes);
        for extra in &mut config.also_accept {
            with_service_scopes(&mut extra.required_scopes);
        }
        // A provider made by a context with its own catalog keeps it; else the service's.
        let catalog = match &provider.catalog.0 {
            Some(_) => provider.catalog.get(),
            None => self.catalog.get(),
        };
        let mut generated = generate_with_catalog(&config, catalog)?;
        generated.config.service = Some(self.name.clone());
        if replaces_defaults {
            replaced_defaults_warning(&config, &generated.config, &mut generated.warnings);
        }
        Ok(generated)
    }

    /// Same as [`generate`](Self::generate).
    ///
    /// # Errors
    ///
    /// As [`generate`](Self::generate).
    pub fn generate_with_warnings(&self) -> Result<Generated> {
        self.generate()
    }
}

/// `require_scopes` given while the provider call named none: the service's scopes replace
/// the provider's default scopes instead of adding to them, which the user may not expect
/// (Google loses `openid`).
fn replaced_defaults_warning(
    config: &AuthProviderConfig,
    generated: &FastMCPAuthConfig,
    warnings: &mut Vec<Warning>,
) {
    let Some(spec) = super::catalog::Catalog::builtin().get(config.provider_type.as_str()) else {
        return;
    };
    // A scope FastMCP renames keeps the default it is renamed to (the short form is
    // warned about on its own).
    let as_fastmcp_names = |s: &str| {
        spec.scopes
            .rewrites
            .iter()
            .find(|r| r.from == s)
            .map_or(s.to_string(), |r| r.to.clone())
    };
    let written: Vec<String> = match generated.config_params.get(&spec.scopes.param) {
        Some(ParamValue::Literal(serde_json::Value::Array(items))) => items
            .iter()
            .filter_map(serde_json::Value::as_str)
            .map(as_fastmcp_names)
            .collect(),
        _ => Vec::new(),
    };
    let dropped: Vec<&str> = spec
        .scopes
        .default
        .iter()
        .map(String::as_str)
        .filter(|s| !written.iter().any(|w| w == s))
        .collect();
    if !dropped.is_empty() {
        warnings.push(Warning::new(
            WarningKind::ScopesReplaceDefaults,
            Some(&spec.scopes.param),
            format!(
                "{}: the service's require_scopes replace {}'s default scopes ({}) rather than \
                 adding to them; no longer required: {}. Name them in require_scopes (or the \
                 provider's scopes) to keep them",
                spec.scopes.param,
                spec.type_name,
                spec.scopes.default.join(" "),
                dropped.join(", ")
            ),
        ));
    }
}

/// An OAuth app provider (Google, GitHub): credentials and base URL.
pub(crate) fn oauth_app_provider(
    provider_type: AuthProviderType,
    client_id: impl Into<ParamValue>,
    client_secret: impl Into<ParamValue>,
    base_url: impl Into<ParamValue>,
) -> AuthProviderBuilder {
    AuthProviderBuilder::new(provider_type)
        .set_client_credentials(client_id, client_secret)
        .set_base_url(base_url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::AuthContext;

    fn google(service: AuthServiceBuilder, scopes: Option<&[&str]>) -> Generated {
        let service = service.use_google_auth(
            ParamValue::env("GOOGLE_CLIENT_ID").unwrap(),
            ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap(),
            "https://enterprise.example.com",
        );
        let service = match scopes {
            Some(scopes) => service.with_required_scopes(scopes.iter().copied()),
            None => service,
        };
        service.generate().unwrap()
    }

    fn messages(generated: &Generated) -> String {
        let lines: Vec<&str> = generated
            .warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect();
        lines.join("\n")
    }

    /// The specification's Google example without provider scopes: the service's scopes
    /// replace Google's defaults, `openid` is lost, and the app scope cannot be on a
    /// Google token. Each is said.
    #[test]
    fn service_scopes_replacing_defaults_and_app_scopes_are_said() {
        let service = AuthContext::new()
            .auth_service("google_workspace")
            .require_scopes(["profile", "email", "workspace:read"]);
        let generated = google(service.clone(), None);
        let warnings = messages(&generated);
        assert!(
            warnings.contains(
                "replace google's default scopes (openid \
                 https://www.googleapis.com/auth/userinfo.email \
                 https://www.googleapis.com/auth/userinfo.profile) rather than adding to them; no \
                 longer required: openid"
            ),
            "{warnings}"
        );
        assert!(
            warnings.contains("workspace:read is not a Google OAuth scope"),
            "{warnings}"
        );
        // The provider named its own scopes: they are kept, nothing was replaced.
        let generated = google(service, Some(&["openid"]));
        let warnings = messages(&generated);
        assert!(!warnings.contains("replace google's default"), "{warnings}");
        // Scopes that keep every default: nothing is lost, nothing said.
        let service = AuthContext::new()
            .auth_service("g")
            .require_scopes(["openid", "email", "profile"]);
        let warnings = messages(&google(service, None));
        assert!(!warnings.contains("replace google's default"), "{warnings}");
    }
}
