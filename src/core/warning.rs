//! Structured warnings: what a user should know about a generated or loaded config, with
//! the field it concerns and a kind front ends can add their own hint to.

use std::fmt;

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// A secret literal was not written: the config refers to an environment variable
    /// instead (set it where the server runs, or ask to embed secrets).
    SecretReplacedByReference,
    /// A loaded file holds a secret's value itself.
    SecretEmbedded,
    /// The provider is for development and tests only.
    DevelopmentOnly,
    /// A static token lacks a scope the config requires.
    TokenLacksScope,
    /// A loaded file names a provider type this version does not know.
    UnknownProviderType,
    /// A loaded OAuth-proxy file sets no client redirect URIs, so FastMCP accepts any.
    AnyClientRedirect,
    /// An OpenID discovery URL does not end in `/.well-known/openid-configuration`; the
    /// message gives the corrected URL.
    DiscoveryUrlWithoutWellKnown,
    /// A parameter the target FastMCP release lacks was left out because its value is the
    /// default there.
    LeftOutForTarget,
    /// FastMCP renames a scope (Google's `email` → `…/userinfo.email`): clients must
    /// request the new name.
    ScopeRenamedByFastmcp,
    /// A required scope the upstream provider never issues, so no request would pass.
    ScopeNotIssuedUpstream,
    /// The service's scopes replace the provider's default scopes instead of adding to them.
    ScopesReplaceDefaults,
    /// With several ways in (`MultiAuth`), every token from any source must also carry the
    /// primary provider's required scopes.
    ScopesRequiredOfEverySource,
}

/// One warning: its kind, the field it concerns (if any) and a message that names the
/// field and never holds a secret's characters.
///
/// # Examples
///
/// A literal secret is replaced by a reference to its conventional variable, and said so:
///
/// ```
/// use fastmcp_auth::core::{AuthContext, WarningKind};
///
/// let generated = AuthContext::new()
///     .auth_service("dev-tools")
///     .use_github_auth("Iv1.abc", "literal-secret-value", "https://dev.example.com")
///     .generate()?;
/// let warning = &generated.warnings[0];
/// assert_eq!(warning.kind, WarningKind::SecretReplacedByReference);
/// assert_eq!(warning.field.as_deref(), Some("client_secret"));
/// assert!(!warning.to_string().contains("literal-secret-value"));
/// # Ok::<(), fastmcp_auth::core::AuthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// The field (constructor parameter) the warning concerns.
    pub field: Option<String>,
    /// What the warning is about.
    pub kind: WarningKind,
    /// The message to show, free of any front end's syntax.
    pub message: String,
}

impl Warning {
    /// A warning about `field`.
    pub fn new(kind: WarningKind, field: Option<&str>, message: impl Into<String>) -> Self {
        Warning {
            field: field.map(str::to_string),
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
