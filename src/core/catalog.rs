//! The provider catalog: what every FastMCP auth provider needs, as data
//! (`assets/providers.json`, embedded at compile time). Validation, defaults, the CLI's
//! `providers` listing and the wizard's forms all read it, so adding a provider is adding
//! an entry.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::error::AuthError;
use super::fastmcp_version::{FastmcpVersion, VersionRange};

const BUILTIN_JSON: &str = include_str!("../../assets/providers.json");

static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| {
    // The embedded catalog is checked by the test suite; failing here is a build defect.
    Catalog::from_json(BUILTIN_JSON).expect("embedded assets/providers.json is invalid")
});

/// The providers this tool knows: classes, import paths, fields and rules.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Fields every OAuth-proxy provider takes (FastMCP's `OAuthProxy` parameters); added to
    /// each provider marked `oauth_proxy` that does not declare the field itself.
    #[serde(default)]
    pub oauth_proxy_fields: Vec<FieldSpec>,
    /// Named groups of MCP-client callback URLs an operator can allow-list in
    /// `allowed_client_redirect_uris`, each with the page that documents them.
    #[serde(default)]
    pub client_redirect_presets: Vec<ClientRedirectPreset>,
    /// The FastMCP releases this catalog was checked against, oldest first; the last is the
    /// default target.
    #[serde(default)]
    pub fastmcp_versions: Vec<FastmcpVersion>,
    /// Every provider, in display order.
    pub providers: Vec<ProviderSpec>,
    /// The types that are FastMCP token verifiers: they can be the `token_verifier` of a
    /// provider that takes one, or an extra verifier of `MultiAuth`.
    #[serde(default)]
    pub token_verifiers: Vec<String>,
}

/// The OAuthProxy parameter the client presets fill.
pub const CLIENT_REDIRECTS_FIELD: &str = "allowed_client_redirect_uris";

/// A set of MCP clients whose OAuth callback URLs can be allowed together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientRedirectPreset {
    /// Short name used on the command line (`--allow-clients claude`).
    pub id: String,
    /// Who the preset is for, as the wizard shows it.
    pub title: String,
    /// The callback URL patterns allowed together.
    pub uris: Vec<String>,
    /// Where the client's vendor documents these callback URLs.
    pub source: String,
    /// Ticked when nothing else is chosen.
    #[serde(default)]
    pub default: bool,
}

/// Whether `uri` is a redirect pattern FastMCP can match: `http(s)://host[:port][/path]`
/// with a `*` only as the whole port, and loopback hosts only over plain `http`.
pub fn is_redirect_pattern(uri: &str) -> bool {
    let Some((scheme, rest)) = uri.split_once("://") else {
        return false;
    };
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let port_ok = match port {
        None => true,
        Some("*") => true,
        Some(p) => !p.is_empty() && p.parse::<u16>().is_ok(),
    };
    let loopback = host == "localhost" || host == "127.0.0.1";
    let scheme_ok = scheme == "https" || (scheme == "http" && loopback);
    scheme_ok && host_ok && port_ok && !path.contains('*')
}

/// One provider type: the FastMCP class it configures and the fields it takes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSpec {
    /// The type's name (`google`, `jwt`, …).
    #[serde(rename = "type")]
    pub type_name: String,
    /// Other names accepted for the type.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A short human title.
    pub title: String,
    /// What the provider is for.
    pub description: String,
    /// The heading the provider is listed under; a group's providers are contiguous.
    pub group: String,
    /// FastMCP class; empty for the custom provider, whose class the user names.
    pub provider_class: String,
    /// The Python module holding the class.
    pub import_path: String,
    /// A subclass of FastMCP's `OAuthProxy`: it keeps OAuth state in `client_storage`, so it
    /// can be deployed on several replicas with a shared store (see `core::deployment`).
    #[serde(default)]
    pub oauth_proxy: bool,
    /// The user names class and module (`import_path` / `provider_class` fields).
    #[serde(default)]
    pub custom: bool,
    /// Shown next to the title when the provider is meant for development only.
    #[serde(default)]
    pub development_only: bool,
    /// Prefix of the conventional variables (`GOOGLE` → `GOOGLE_CLIENT_ID`).
    pub env_prefix: String,
    /// FastMCP 2.12–2.14's prefix (`GOOGLE` → `FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_ID`).
    #[serde(default)]
    pub v2_prefix: Option<String>,
    /// Where the scopes go and which are suggested.
    pub scopes: ScopeSpec,
    /// Rules across fields (checked at generation).
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// The constructor parameters.
    pub fields: Vec<FieldSpec>,
    /// Constructor parameters that take a token verifier object (`OAuthProxy`'s
    /// `token_verifier`): a config gives each as the config of a verifier type.
    #[serde(default)]
    pub verifier_fields: Vec<VerifierField>,
    /// Constructor parameters a file cannot express (they take Python objects), each with
    /// the reason; together with `fields` they cover the class's whole signature.
    #[serde(default)]
    pub not_configurable: Vec<NotConfigurable>,
    /// The first FastMCP release with the class; absent: every release the catalog knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<FastmcpVersion>,
    /// The first FastMCP release without the class; absent: still there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<FastmcpVersion>,
}

/// A constructor parameter that takes a token verifier, given as a nested config of one of
/// the catalog's [`Catalog::token_verifiers`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifierField {
    /// The parameter's name.
    pub name: String,
    /// A short human label.
    pub label: String,
    /// Whether generation fails without it.
    #[serde(default)]
    pub required: bool,
    /// A line of help.
    pub help: String,
    /// A verifier type that fits.
    pub example: String,
}

/// A constructor parameter left out of the catalog on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotConfigurable {
    /// The parameter's name.
    pub name: String,
    /// Why a config file cannot set it (for example: it takes an `httpx.AsyncClient`).
    pub reason: String,
}

/// How a provider takes its scopes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeSpec {
    /// Constructor parameter the scopes go to.
    #[serde(default = "default_scope_param")]
    pub param: String,
    /// The first FastMCP release whose class takes that parameter; absent: as old as the
    /// class (Descope's came after its class).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<FastmcpVersion>,
    /// Scopes offered to choose from.
    #[serde(default)]
    pub suggested: Vec<String>,
    /// Scopes used when none are given.
    #[serde(default)]
    pub default: Vec<String>,
    /// What to know when choosing them (shown with the scope choice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Scopes FastMCP replaces by another name before using them (Google's `email` becomes
    /// its userinfo URL): MCP clients must then request the new name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewrites: Vec<ScopeRewrite>,
    /// The scopes the upstream identity provider issues, for providers whose tokens FastMCP
    /// checks the required scopes on (a trailing `*` matches any rest); empty: not known.
    /// A required scope outside them can never be on a token.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<String>,
    /// The class takes no scopes itself: they become the required scopes of the token
    /// verifier given as this parameter (`OAuthProxy`'s `token_verifier`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// A scope FastMCP renames before using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeRewrite {
    /// The name as given (`email`).
    pub from: String,
    /// The name FastMCP uses and clients must request.
    pub to: String,
    /// The first FastMCP release that rewrites it.
    pub since: FastmcpVersion,
}

impl ScopeSpec {
    /// Whether the upstream provider can issue `scope` (always, when its scopes are not
    /// known).
    pub fn upstream_issues(&self, scope: &str) -> bool {
        self.upstream.is_empty()
            || self
                .upstream
                .iter()
                .any(|pattern| match pattern.strip_suffix('*') {
                    Some(prefix) => scope.starts_with(prefix) && scope.len() > prefix.len(),
                    None => scope == pattern,
                })
    }
}

fn default_scope_param() -> String {
    "required_scopes".to_string()
}

/// The kind of value a field holds, which decides how it is checked and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FieldKind {
    /// A URL.
    Url,
    /// A secret: given as an environment reference unless embedding was asked for.
    Secret,
    /// Free text.
    Text,
    /// A list of strings.
    List,
    /// One of [`FieldSpec::choices`].
    Choice,
    /// A bare host name that FastMCP puts after `https://` itself (Clerk's `domain`).
    Host,
    /// Descope's discovery URL, from which FastMCP reads the project id.
    DescopeConfigUrl,
    /// An OpenID discovery document's URL (`…/.well-known/openid-configuration`), which
    /// FastMCP fetches as given: an issuer URL without the suffix is warned about.
    DiscoveryUrl,
    /// StaticTokenVerifier's `tokens`: a JSON object of token → `{client_id, scopes}`.
    TokenMap,
    /// `true` / `false`, written as a JSON boolean.
    Bool,
    /// A whole number of 0 or more (seconds, sizes), written as a JSON integer.
    Integer,
    /// A number of 0 or more that may have a fraction (seconds), written as a JSON number.
    Number,
    /// String keys to string values (extra OAuth request parameters), written as a JSON
    /// object.
    StringMap,
}

impl FieldKind {
    /// The kind's name in the catalog and in listings.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Url => "url",
            FieldKind::Secret => "secret",
            FieldKind::Text => "text",
            FieldKind::List => "list",
            FieldKind::Choice => "choice",
            FieldKind::Host => "host",
            FieldKind::DescopeConfigUrl | FieldKind::DiscoveryUrl => "url",
            FieldKind::TokenMap => "json",
            FieldKind::Bool => "bool",
            FieldKind::Integer => "integer",
            FieldKind::Number => "number",
            FieldKind::StringMap => "map",
        }
    }

    /// Values of this kind are kept out of sight and out of the command line. Static
    /// tokens are: whoever has one can call the server.
    pub fn is_secret(self) -> bool {
        matches!(self, FieldKind::Secret | FieldKind::TokenMap)
    }

    /// Whether a `${VAR}` reference can stand for the value: not for lists, maps, booleans
    /// and numbers, which `os.path.expandvars` can only turn into a string.
    pub fn takes_reference(self) -> bool {
        !matches!(
            self,
            FieldKind::List
                | FieldKind::TokenMap
                | FieldKind::Bool
                | FieldKind::Integer
                | FieldKind::Number
                | FieldKind::StringMap
        )
    }
}

/// One constructor parameter of a provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The parameter's name.
    pub name: String,
    /// What it holds.
    pub kind: FieldKind,
    /// A short human label.
    pub label: String,
    /// Whether generation fails without it.
    #[serde(default)]
    pub required: bool,
    /// A line of help.
    pub help: String,
    /// A valid example value.
    pub example: String,
    /// The value used when none is given.
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    /// The allowed values of a [`FieldKind::Choice`]; for a [`FieldKind::Bool`], the text
    /// values it takes besides true and false (`require_authorization_consent`'s
    /// `"remember"`).
    #[serde(default)]
    pub choices: Vec<String>,
    /// Values of `choices` only later releases accept, with the first release that does.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choice_since: BTreeMap<String, FastmcpVersion>,
    /// A text field that also accepts a list of strings (JWT `audience`).
    #[serde(default)]
    pub list_ok: bool,
    /// A list whose items are OAuth scopes (Azure's `additional_authorize_scopes`): each
    /// item is checked as a scope token, and typed text is split as scopes are.
    #[serde(default)]
    pub scopes: bool,
    /// A URL given without a scheme gets `https://` (WorkOS domains are usually pasted bare).
    #[serde(default)]
    pub normalize_scheme: bool,
    /// The field holds a secret only when another field has a value with this prefix
    /// (`public_key` is a shared secret when `algorithm` is HS*).
    #[serde(default)]
    pub secret_when: Option<SecretWhen>,
    /// Variables a value can come from; derived from the provider's prefixes when absent.
    #[serde(default)]
    pub env: Vec<String>,
    /// Shown under the wizard's "Advanced" fold rather than with the common fields.
    #[serde(default)]
    pub advanced: bool,
    /// The first FastMCP release with the parameter; absent: as old as its class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<FastmcpVersion>,
    /// The first FastMCP release without the parameter; absent: still there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<FastmcpVersion>,
    /// Releases before this one require the parameter although the catalog's rules let it
    /// be left out (Azure's `client_secret` before signing-key-only configs were accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_before: Option<FastmcpVersion>,
}

/// A condition: the field's value starts with a prefix.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretWhen {
    /// The field tested.
    pub field: String,
    /// The prefix its value starts with.
    pub prefix: String,
}

/// Cross-field rules, named by what they check.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Rule {
    /// Exactly one of these fields has a value.
    ExactlyOneOf(Vec<String>),
    /// At least one group has all of its fields set (Descope: config_url, or project_id
    /// together with descope_base_url).
    AnyGroupComplete(Vec<Vec<String>>),
    /// JWT key material agrees with the algorithm.
    JwtAlgorithm {
        /// The algorithm field.
        algorithm: String,
        /// The JWKS URI field.
        jwks_uri: String,
        /// The public key field.
        key: String,
    },
    /// At least one required scope is not one of these (Azure rejects OIDC-only scopes).
    ScopeNotOnly(Vec<String>),
}

impl Catalog {
    /// The newest FastMCP release the catalog was checked against: the default target.
    pub fn newest_fastmcp(&self) -> Option<FastmcpVersion> {
        self.fastmcp_versions.iter().max().copied()
    }

    /// The catalog compiled into this binary.
    pub fn builtin() -> &'static Catalog {
        &BUILTIN
    }

    /// Parses a catalog in the built-in catalog's JSON format.
    ///
    /// # Errors
    ///
    /// [`AuthError::Catalog`] when the text is not such a catalog.
    pub fn from_json(text: &str) -> Result<Catalog, AuthError> {
        let mut catalog: Catalog =
            serde_json::from_str(text).map_err(|e| AuthError::Catalog(e.to_string()))?;
        for (i, preset) in catalog.client_redirect_presets.iter().enumerate() {
            let problem = if !preset.source.starts_with("https://") {
                Some("its source must be an https:// page documenting the URLs".to_string())
            } else if preset.uris.is_empty() {
                Some("it has no URIs".to_string())
            } else if let Some(bad) = preset.uris.iter().find(|u| !is_redirect_pattern(u)) {
                Some(format!("{bad:?} is not a redirect pattern"))
            } else if catalog.client_redirect_presets[..i]
                .iter()
                .any(|p| p.id.eq_ignore_ascii_case(&preset.id))
            {
                Some("the id is used twice".to_string())
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(AuthError::Catalog(format!(
                    "client_redirect_presets {:?}: {problem}",
                    preset.id
                )));
            }
        }
        check_token_verifiers(&catalog)?;
        let shared = catalog.oauth_proxy_fields.clone();
        for provider in &mut catalog.providers {
            if provider.oauth_proxy {
                for field in &shared {
                    if provider.field(&field.name).is_none() {
                        provider.fields.push(field.clone());
                    }
                }
            }
            provider.derive_env_names();
        }
        Ok(catalog)
    }

    /// Looks a provider up by type name or alias, ignoring case.
    pub fn get(&self, type_name: &str) -> Option<&ProviderSpec> {
        let wanted = type_name.trim();
        self.providers.iter().find(|p| {
            p.type_name.eq_ignore_ascii_case(wanted)
                || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(wanted))
        })
    }

    /// The provider named `type_name` (or one of its aliases).
    ///
    /// # Errors
    ///
    /// [`AuthError::UnknownProviderType`], listing the known types.
    pub fn get_or_err(&self, type_name: &str) -> Result<&ProviderSpec, AuthError> {
        self.get(type_name)
            .ok_or_else(|| AuthError::UnknownProviderType {
                given: type_name.to_string(),
                known: self.type_names().join(", "),
            })
    }

    /// Looks a client-redirect preset up by id, ignoring case.
    pub fn client_preset(&self, id: &str) -> Option<&ClientRedirectPreset> {
        let wanted = id.trim();
        self.client_redirect_presets
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(wanted))
    }

    /// The ids of every client-redirect preset, in catalog order.
    pub fn client_preset_ids(&self) -> Vec<&str> {
        self.client_redirect_presets
            .iter()
            .map(|p| p.id.as_str())
            .collect()
    }

    /// The union of the named presets' URIs, in catalog order without repeats. An unknown
    /// id is an error that lists the valid ones with an example.
    pub fn client_redirect_uris(&self, ids: &[&str]) -> Result<Vec<String>, AuthError> {
        let mut uris: Vec<String> = Vec::new();
        for id in ids {
            let preset = self
                .client_preset(id)
                .ok_or_else(|| AuthError::InvalidField {
                    field: "allow-clients".into(),
                    problem: format!(
                        "unknown client preset \"{}\"; valid presets: {}",
                        crate::core::text::escape_control(id),
                        self.client_preset_ids().join(", ")
                    ),
                    example: "loopback,claude".into(),
                })?;
            for uri in &preset.uris {
                if !uris.contains(uri) {
                    uris.push(uri.clone());
                }
            }
        }
        Ok(uris)
    }

    /// Which presets `uris` covers entirely, and the URIs no ticked preset accounts for
    /// (kept as they are when a file is edited).
    pub fn split_client_redirect_uris(&self, uris: &[String]) -> (Vec<&str>, Vec<String>) {
        let covered: Vec<&str> = self
            .client_redirect_presets
            .iter()
            .filter(|p| p.uris.iter().all(|u| uris.contains(u)))
            .map(|p| p.id.as_str())
            .collect();
        let others = uris
            .iter()
            .filter(|u| {
                !self
                    .client_redirect_presets
                    .iter()
                    .any(|p| covered.contains(&p.id.as_str()) && p.uris.contains(u))
            })
            .cloned()
            .collect();
        (covered, others)
    }

    /// Whether `spec` is a token verifier (see [`Catalog::token_verifiers`]).
    pub fn is_token_verifier(&self, spec: &ProviderSpec) -> bool {
        self.token_verifiers
            .iter()
            .any(|name| name.eq_ignore_ascii_case(&spec.type_name))
    }

    /// The token verifier types, in catalog order.
    pub fn verifier_specs(&self) -> impl Iterator<Item = &ProviderSpec> {
        self.providers
            .iter()
            .filter(|spec| self.is_token_verifier(spec))
    }

    /// The names of all provider types, in catalog order.
    pub fn type_names(&self) -> Vec<&str> {
        self.providers
            .iter()
            .map(|p| p.type_name.as_str())
            .collect()
    }
}

/// Every listed verifier is a catalog type that takes no verifier itself (so nesting stops
/// at one level), and every verifier parameter and scope route names one.
fn check_token_verifiers(catalog: &Catalog) -> Result<(), AuthError> {
    let bad = |what: String| Err(AuthError::Catalog(what));
    for name in &catalog.token_verifiers {
        match catalog.get(name) {
            None => return bad(format!("token_verifiers: {name:?} is not a provider type")),
            Some(spec) if !spec.verifier_fields.is_empty() => {
                return bad(format!(
                    "token_verifiers: {name:?} takes a token verifier itself"
                ));
            }
            Some(_) => {}
        }
    }
    for spec in &catalog.providers {
        if let Some(via) = &spec.scopes.via {
            if spec.verifier_field(via).is_none() {
                return bad(format!(
                    "{}: scopes.via {via:?} is not one of its verifier_fields",
                    spec.type_name
                ));
            }
        }
    }
    Ok(())
}

impl ProviderSpec {
    /// The verifier parameter named `name`, if the provider has one.
    pub fn verifier_field(&self, name: &str) -> Option<&VerifierField> {
        self.verifier_fields.iter().find(|f| f.name == name)
    }

    /// The releases that have the class.
    pub fn versions(&self) -> VersionRange {
        VersionRange {
            since: self.since,
            removed: self.removed,
        }
    }

    /// The field named `name`, if the provider has one.
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The class shown to users: the custom provider has none of its own.
    pub fn class_label(&self) -> &str {
        if self.custom {
            "(your class)"
        } else {
            &self.provider_class
        }
    }

    fn derive_env_names(&mut self) {
        for field in &mut self.fields {
            if !field.env.is_empty() || !field.kind.takes_reference() || self.custom {
                continue;
            }
            let upper = field.name.to_ascii_uppercase();
            field.env.push(format!("{}_{upper}", self.env_prefix));
            if let Some(v2) = &self.v2_prefix {
                field.env.push(format!("FASTMCP_SERVER_AUTH_{v2}_{upper}"));
            }
        }
    }
}

impl FieldSpec {
    /// An optional free-text field outside the catalog (a custom provider's own keyword
    /// arguments); every other attribute has its neutral value.
    pub fn free_text(name: &str, help: &str, example: &str) -> FieldSpec {
        FieldSpec {
            name: name.to_string(),
            kind: FieldKind::Text,
            label: String::new(),
            required: false,
            help: help.to_string(),
            example: example.to_string(),
            default: None,
            choices: Vec::new(),
            choice_since: BTreeMap::new(),
            list_ok: true,
            scopes: false,
            normalize_scheme: false,
            secret_when: None,
            env: Vec::new(),
            advanced: false,
            since: None,
            removed: None,
            required_before: None,
        }
    }

    /// The releases that have the parameter.
    pub fn versions(&self) -> VersionRange {
        VersionRange {
            since: self.since,
            removed: self.removed,
        }
    }

    /// The variable a secret is referenced by when the caller did not name one.
    pub fn primary_env(&self) -> Option<&str> {
        self.env.first().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_loads_with_the_seed_types_first() {
        let names = Catalog::builtin().type_names();
        assert_eq!(
            &names[..6],
            ["bearer", "google", "github", "workos", "oauth", "custom"]
        );
    }

    #[test]
    fn env_names_are_derived_from_prefixes() {
        let google = Catalog::builtin().get("google").unwrap();
        assert_eq!(
            google.field("client_id").unwrap().env,
            ["GOOGLE_CLIENT_ID", "FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_ID"]
        );
        let workos = Catalog::builtin().get("WorkOS").unwrap();
        assert_eq!(
            workos.field("authkit_domain").unwrap().env[1],
            "FASTMCP_SERVER_AUTH_AUTHKITPROVIDER_AUTHKIT_DOMAIN"
        );
    }

    #[test]
    fn every_rule_names_existing_fields() {
        for p in &Catalog::builtin().providers {
            let names: Vec<&String> = match p.rules.first() {
                None => continue,
                Some(_) => p
                    .rules
                    .iter()
                    .flat_map(|r| match r {
                        Rule::ExactlyOneOf(f) => f.iter().collect::<Vec<_>>(),
                        Rule::AnyGroupComplete(g) => g.iter().flatten().collect(),
                        Rule::JwtAlgorithm {
                            algorithm,
                            jwks_uri,
                            key,
                        } => vec![algorithm, jwks_uri, key],
                        Rule::ScopeNotOnly(_) => vec![],
                    })
                    .collect(),
            };
            for n in names {
                assert!(
                    p.field(n).is_some(),
                    "{}: rule names unknown field {n}",
                    p.type_name
                );
            }
            for f in &p.fields {
                if f.kind == FieldKind::Choice {
                    assert!(
                        !f.choices.is_empty(),
                        "{}.{} has no choices",
                        p.type_name,
                        f.name
                    );
                }
                for value in f.choice_since.keys() {
                    assert!(
                        f.choices.contains(value),
                        "{}.{}: choice_since names {value}, which is not a choice",
                        p.type_name,
                        f.name
                    );
                }
                if let Some(w) = &f.secret_when {
                    assert!(p.field(&w.field).is_some(), "{}.{}", p.type_name, f.name);
                }
            }
        }
    }

    #[test]
    fn static_is_last_and_the_only_development_provider() {
        let providers = &Catalog::builtin().providers;
        let last = providers.last().unwrap();
        assert_eq!(last.type_name, "static");
        assert!(last.development_only);
        let dev: Vec<&str> = providers
            .iter()
            .filter(|p| p.development_only)
            .map(|p| p.type_name.as_str())
            .collect();
        assert_eq!(dev, ["static"]);
    }

    /// The wizard prints a heading where the group changes, so a group must not be split.
    #[test]
    fn groups_are_contiguous_and_the_seed_six_are_the_first() {
        let providers = &Catalog::builtin().providers;
        let mut seen: Vec<&str> = Vec::new();
        for p in providers {
            if seen.last() != Some(&p.group.as_str()) {
                assert!(
                    !seen.contains(&p.group.as_str()),
                    "group '{}' is split ({})",
                    p.group,
                    p.type_name
                );
                seen.push(&p.group);
            }
        }
        assert!(providers[..6].iter().all(|p| p.group == providers[0].group));
        assert_ne!(providers[6].group, providers[0].group);
    }

    #[test]
    fn maps_and_lists_have_no_env_variables() {
        let catalog = Catalog::builtin();
        assert!(catalog.get("static").unwrap().fields[0].env.is_empty());
        let azure = catalog.get("azure").unwrap();
        assert!(
            azure
                .field("additional_authorize_scopes")
                .unwrap()
                .env
                .is_empty()
        );
        assert_eq!(
            azure.field("tenant_id").unwrap().env,
            ["AZURE_TENANT_ID", "FASTMCP_SERVER_AUTH_AZURE_TENANT_ID"]
        );
    }

    #[test]
    fn client_presets_are_cited_valid_patterns_with_loopback_the_only_default() {
        let catalog = Catalog::builtin();
        let ids = catalog.client_preset_ids();
        assert_eq!(ids, ["loopback", "claude", "chatgpt"]);
        for preset in &catalog.client_redirect_presets {
            assert!(preset.source.starts_with("https://"), "{}", preset.id);
            assert!(!preset.uris.is_empty(), "{}", preset.id);
            for uri in &preset.uris {
                assert!(is_redirect_pattern(uri), "{}: {uri}", preset.id);
            }
        }
        let defaults: Vec<&str> = catalog
            .client_redirect_presets
            .iter()
            .filter(|p| p.default)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(defaults, ["loopback"]);
        // The shared field's default is exactly the default presets' URIs.
        let field = catalog
            .oauth_proxy_fields
            .iter()
            .find(|f| f.name == "allowed_client_redirect_uris")
            .unwrap();
        assert_eq!(
            field.default,
            Some(serde_json::json!(
                catalog.client_redirect_uris(&defaults).unwrap()
            ))
        );
    }

    #[test]
    fn redirect_patterns_reject_what_fastmcp_would_match_too_widely() {
        for bad in [
            "*",
            "http://*",
            "https://*.example.com/cb",
            "http://evil.example/cb",
            "https://claude.ai/*",
            "https://claude.ai:99999/cb",
            "https://claude.ai /cb",
            "claude.ai/api/mcp/auth_callback",
        ] {
            assert!(!is_redirect_pattern(bad), "{bad}");
        }
        for good in [
            "http://localhost:*",
            "https://app.example/cb",
            "http://127.0.0.1:8080/x",
        ] {
            assert!(is_redirect_pattern(good), "{good}");
        }
    }

    #[test]
    fn presets_union_and_split_keep_other_uris() {
        let catalog = Catalog::builtin();
        let uris = catalog
            .client_redirect_uris(&["claude", "loopback", "CLAUDE"])
            .unwrap();
        assert_eq!(
            uris,
            [
                "https://claude.ai/api/mcp/auth_callback",
                "https://claude.com/api/mcp/auth_callback",
                "http://localhost:*",
                "http://127.0.0.1:*"
            ]
        );
        let err = catalog
            .client_redirect_uris(&["loopback", "gemini"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"gemini\""), "{err}");
        assert!(err.contains("loopback, claude, chatgpt"), "{err}");
        assert!(err.contains("example"), "{err}");

        // Half a preset does not tick it; its URI is kept as an "other" one.
        let edited = vec![
            "http://localhost:*".to_string(),
            "http://127.0.0.1:*".to_string(),
            "https://claude.ai/api/mcp/auth_callback".to_string(),
            "https://app.example/cb".to_string(),
        ];
        let (ticked, others) = catalog.split_client_redirect_uris(&edited);
        assert_eq!(ticked, ["loopback"]);
        assert_eq!(
            others,
            [
                "https://claude.ai/api/mcp/auth_callback",
                "https://app.example/cb"
            ]
        );
    }

    #[test]
    fn a_preset_with_a_wildcard_host_or_no_source_is_refused() {
        for preset in [
            r#"{"id": "x", "title": "X", "uris": ["https://*"], "source": "https://x.example"}"#,
            r#"{"id": "x", "title": "X", "uris": ["https://x.example/cb"], "source": ""}"#,
            r#"{"id": "x", "title": "X", "uris": [], "source": "https://x.example"}"#,
        ] {
            let text = format!(r#"{{"client_redirect_presets": [{preset}], "providers": []}}"#);
            let err = Catalog::from_json(&text).unwrap_err();
            assert!(matches!(err, AuthError::Catalog(_)), "{preset}");
        }
    }

    #[test]
    fn unknown_catalog_keys_are_rejected() {
        let err = Catalog::from_json(r#"{"providers": [], "extra": 1}"#).unwrap_err();
        assert!(matches!(err, AuthError::Catalog(_)));
    }
}
