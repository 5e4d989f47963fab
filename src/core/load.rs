//! Reading a saved config back: its JSON document → `FastMCPAuthConfig` → the
//! `AuthProviderConfig` it was generated from, ready to edit and to generate again.
//!
//! Validating a loaded config means regenerating it through [`generate_with_warnings`], so a
//! file is judged by exactly the rules that produced it. For every config this tool
//! generates, load + regenerate gives the same config back. Pure: no files, no environment.

use indexmap::IndexMap;
use serde_json::{Map, Value};
use thiserror::Error;

use super::catalog::{Catalog, ProviderSpec};
use super::deployment::{Deployment, attach};
use super::error::{AuthError, Result};
use super::generate::{Generated, generate_with_warnings, is_secret_param};
use super::service::check_service_name;
use super::types::{AuthProviderConfig, FastMCPAuthConfig};
use super::value::ParamValue;
use super::warning::{Warning, WarningKind};

/// What is wrong with the shape of a config document (before any catalog check). Messages
/// name the key and never show a value: the value might be a secret.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ShapeError {
    /// The document is not a JSON object.
    #[error(
        "the file must hold a JSON object, not {found} (example: {{\"provider_class\": \
         \"GoogleProvider\", \"import_path\": \"fastmcp.server.auth.providers.google\", \
         \"config_params\": {{}}}})"
    )]
    NotAnObject {
        /// What it is instead.
        found: &'static str,
    },

    /// A required key is missing.
    #[error("missing key '{key}' (example: \"{key}\": {example})")]
    MissingKey {
        /// The key.
        key: &'static str,
        /// A valid example value.
        example: &'static str,
    },

    /// The `deployment` section; the message names the key and shows no value.
    #[error("{0}")]
    Deployment(String),

    /// A key has a value of the wrong type.
    #[error("'{key}' must be {expected}, not {found} (example: \"{key}\": {example})")]
    WrongType {
        /// The key.
        key: &'static str,
        /// The type it must have.
        expected: &'static str,
        /// The type it has.
        found: &'static str,
        /// A valid example value.
        example: &'static str,
    },
}

/// The top-level keys this tool writes, with what each must hold and an example.
struct KeySpec {
    key: &'static str,
    expected: &'static str,
    example: &'static str,
}

const PROVIDER_CLASS: KeySpec = KeySpec {
    key: "provider_class",
    expected: "a string",
    example: "\"GoogleProvider\"",
};
const IMPORT_PATH: KeySpec = KeySpec {
    key: "import_path",
    expected: "a string",
    example: "\"fastmcp.server.auth.providers.google\"",
};
const CONFIG_PARAMS: KeySpec = KeySpec {
    key: "config_params",
    expected: "an object of constructor parameters",
    example: "{\"client_id\": \"${GOOGLE_CLIENT_ID}\"}",
};
const PROVIDER_TYPE: KeySpec = KeySpec {
    key: "provider_type",
    expected: "a string",
    example: "\"google\"",
};
const FASTMCP_VERSION: KeySpec = KeySpec {
    key: "fastmcp_version",
    expected: "a FastMCP release number as a string",
    example: "\"4.2.3\"",
};
const SERVICE: KeySpec = KeySpec {
    key: "service",
    expected: "a string",
    example: "\"payments-api\"",
};

const VERIFIER_PARAMS: KeySpec = KeySpec {
    key: "verifier_params",
    expected: "an object of token verifier configs by parameter name",
    example: "{\"token_verifier\": {\"provider_class\": \"JWTVerifier\", \"import_path\": \
              \"fastmcp.server.auth.providers.jwt\", \"config_params\": {}}}",
};
const ALSO_ACCEPT: KeySpec = KeySpec {
    key: "also_accept",
    expected: "a list of token verifier configs",
    example: "[{\"provider_class\": \"JWTVerifier\", \"import_path\": \
              \"fastmcp.server.auth.providers.jwt\", \"config_params\": {}}]",
};

/// Checks the document's shape and splits it into the known keys and the `extra` ones.
///
/// # Errors
///
/// A [`ShapeError`] naming the key that is missing or of the wrong type.
pub fn parse_document(document: Value) -> Result<FastMCPAuthConfig, ShapeError> {
    let Value::Object(mut map) = document else {
        return Err(ShapeError::NotAnObject {
            found: type_name(&document),
        });
    };
    let provider_class = required_string(&mut map, &PROVIDER_CLASS)?;
    let import_path = required_string(&mut map, &IMPORT_PATH)?;
    let config_params = match map.remove(CONFIG_PARAMS.key) {
        None => return Err(missing(&CONFIG_PARAMS)),
        Some(Value::Object(params)) => params
            .into_iter()
            .map(|(name, value)| (name, ParamValue::from(value)))
            .collect(),
        Some(other) => return Err(wrong_type(&CONFIG_PARAMS, &other)),
    };
    let verifier_params = match map.remove(VERIFIER_PARAMS.key) {
        None | Some(Value::Null) => IndexMap::new(),
        Some(Value::Object(params)) => params
            .into_iter()
            .map(|(name, nested)| Ok((name, parse_document(nested)?)))
            .collect::<Result<_, ShapeError>>()?,
        Some(other) => return Err(wrong_type(&VERIFIER_PARAMS, &other)),
    };
    let also_accept = match map.remove(ALSO_ACCEPT.key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(parse_document)
            .collect::<Result<_, ShapeError>>()?,
        Some(other) => return Err(wrong_type(&ALSO_ACCEPT, &other)),
    };
    let provider_type = optional_string(&mut map, &PROVIDER_TYPE)?;
    let fastmcp_version = match optional_string(&mut map, &FASTMCP_VERSION)? {
        None => None,
        Some(text) => Some(text.parse().map_err(|_| ShapeError::WrongType {
            key: FASTMCP_VERSION.key,
            expected: FASTMCP_VERSION.expected,
            found: "a string that is not a release number",
            example: FASTMCP_VERSION.example,
        })?),
    };
    let service = optional_string(&mut map, &SERVICE)?;
    let deployment = match map.remove("deployment") {
        None | Some(Value::Null) => None,
        Some(section) => Some(Deployment::from_value(&section).map_err(ShapeError::Deployment)?),
    };
    Ok(FastMCPAuthConfig {
        provider_class,
        import_path,
        config_params,
        provider_type,
        fastmcp_version,
        service,
        deployment,
        verifier_params,
        also_accept,
        extra: map,
    })
}

fn required_string(map: &mut Map<String, Value>, spec: &KeySpec) -> Result<String, ShapeError> {
    optional_string(map, spec)?.ok_or_else(|| missing(spec))
}

/// A string, or nothing when the key is absent or `null`.
fn optional_string(
    map: &mut Map<String, Value>,
    spec: &KeySpec,
) -> Result<Option<String>, ShapeError> {
    match map.remove(spec.key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(wrong_type(spec, &other)),
    }
}

fn missing(spec: &KeySpec) -> ShapeError {
    ShapeError::MissingKey {
        key: spec.key,
        example: spec.example,
    }
}

fn wrong_type(spec: &KeySpec, found: &Value) -> ShapeError {
    ShapeError::WrongType {
        key: spec.key,
        expected: spec.expected,
        found: type_name(found),
        example: spec.example,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A config read from a file, as choices that can be edited and generated again.
///
/// # Examples
///
/// Validate, save, load and validate again. Saving here is `serde_json`; the `persist`
/// feature adds `persist::save_config` (exclusive creation, backups) and
/// `persist::load_config`.
///
/// ```
/// use fastmcp_auth::core::{AuthContext, LoadedConfig, parse_document, parse_exact};
///
/// let generated = AuthContext::new()
///     .auth_service("docs")
///     .use_github_auth("${GITHUB_CLIENT_ID}", "${GITHUB_CLIENT_SECRET}", "https://docs.example.com")
///     .generate_with_warnings()?;
/// let saved = serde_json::to_string_pretty(&generated.config).unwrap();
///
/// let document = parse_document(parse_exact(&saved).unwrap()).unwrap();
/// let loaded = LoadedConfig::from_document(&document)?;
/// let again = loaded.regenerate()?;
/// assert_eq!(again.config, generated.config);
/// # Ok::<(), fastmcp_auth::core::AuthError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedConfig {
    /// The provider choices behind the config.
    pub provider: AuthProviderConfig,
    /// The service the config is for, if any.
    pub service: Option<String>,
    /// Where OAuth state is kept; checked again by [`LoadedConfig::regenerate`].
    pub deployment: Option<Deployment>,
    /// Keys this tool does not know; written back unchanged.
    pub extra: Map<String, Value>,
    /// What the user should know about the file (an embedded secret, an unknown type).
    pub warnings: Vec<Warning>,
}

impl LoadedConfig {
    /// Recovers the choices behind `document`. The provider type comes from
    /// `provider_type`, else from the catalog entry with the same class and module, else it
    /// is `custom` with the document's class and module.
    ///
    /// # Errors
    ///
    /// An [`AuthError`] for an invalid service name or a provider the catalog cannot place.
    pub fn from_document(document: &FastMCPAuthConfig) -> Result<LoadedConfig> {
        if let Some(service) = &document.service {
            check_service_name(service)?;
        }
        let mut warnings = Vec::new();
        let mut provider = provider_of(document, &mut warnings)?;
        provider.fastmcp_version = document.fastmcp_version;
        Ok(LoadedConfig {
            provider,
            service: document.service.clone(),
            deployment: document.deployment.clone(),
            extra: document.extra.clone(),
            warnings,
        })
    }
}

/// The provider choices behind one config document, its token verifiers included.
fn provider_of(
    document: &FastMCPAuthConfig,
    warnings: &mut Vec<Warning>,
) -> Result<AuthProviderConfig> {
    let spec = provider_spec_of(document, warnings)?;
    let mut provider = AuthProviderConfig::new(spec.type_name.parse()?);
    if spec.custom {
        add_custom_class(spec, document, &mut provider)?;
    }
    for (name, value) in &document.config_params {
        let scopes = (*name == spec.scopes.param)
            .then(|| scope_list(value))
            .flatten();
        match scopes {
            Some(scopes) => provider.required_scopes = scopes,
            // Anything else, a malformed scope list included, is left for `generate`
            // to judge and to name.
            None => {
                provider.config.insert(name.clone(), value.clone());
            }
        }
    }
    keep_embedded_secrets(spec, &mut provider, warnings);
    for (name, nested) in &document.verifier_params {
        let nested = provider_of(nested, warnings)?;
        provider.verifier_params.insert(name.clone(), nested);
    }
    for extra in &document.also_accept {
        let extra = provider_of(extra, warnings)?;
        provider.also_accept.push(extra);
    }
    if spec.oauth_proxy
        && !document
            .config_params
            .contains_key("allowed_client_redirect_uris")
    {
        // FastMCP accepts any redirect URI when the parameter is absent; saving this file
        // again writes the catalog's loopback-only default, so say it.
        warnings.push(Warning::new(
            WarningKind::AnyClientRedirect,
            Some("allowed_client_redirect_uris"),
            "allowed_client_redirect_uris is not set in this file, so FastMCP accepts any \
             client redirect URI; saved again it allows loopback clients only \
             (http://localhost:*, http://127.0.0.1:*). Add hosted clients' callback URLs \
             to it (example: [\"http://localhost:*\", \
             \"https://claude.ai/api/mcp/auth_callback\"])",
        ));
    }
    Ok(provider)
}

impl LoadedConfig {
    /// Validates by generating the config again; the service and unknown keys are carried
    /// over and the loader's warnings come first.
    ///
    /// # Errors
    ///
    /// An [`AuthError`] naming the field when a required field is missing, a value is invalid, or fields conflict.
    pub fn regenerate(&self) -> Result<Generated> {
        let mut generated = generate_with_warnings(&self.provider)?;
        generated.config.service = self.service.clone();
        let spec = Catalog::builtin().get_or_err(self.provider.provider_type.as_str())?;
        attach(spec, &mut generated.config, self.deployment.clone())?;
        generated.config.extra = self.extra.clone();
        let mut warnings = self.warnings.clone();
        warnings.append(&mut generated.warnings);
        generated.warnings = warnings;
        Ok(generated)
    }
}

fn provider_spec_of<'a>(
    document: &FastMCPAuthConfig,
    warnings: &mut Vec<Warning>,
) -> Result<&'a ProviderSpec> {
    let catalog = Catalog::builtin();
    if let Some(type_name) = &document.provider_type {
        match catalog.get(type_name) {
            Some(spec) => return check_class_matches(spec, document).map(|()| spec),
            None => warnings.push(Warning::new(
                WarningKind::UnknownProviderType,
                Some("provider_type"),
                format!(
                    "provider_type '{type_name}' is not a provider type this version knows; \
                     the provider was identified by its class instead (known: {})",
                    catalog.type_names().join(", ")
                ),
            )),
        }
    }
    let by_class = catalog.providers.iter().find(|spec| {
        !spec.custom
            && spec.provider_class == document.provider_class
            && spec.import_path == document.import_path
    });
    match by_class {
        Some(spec) => Ok(spec),
        None => catalog
            .providers
            .iter()
            .find(|spec| spec.custom)
            .ok_or_else(|| AuthError::Catalog("no custom provider entry".into())),
    }
}

/// A type that names one class while the file names another would silently change the
/// class on a re-save; that is refused.
fn check_class_matches(spec: &ProviderSpec, document: &FastMCPAuthConfig) -> Result<()> {
    if spec.custom
        || (spec.provider_class == document.provider_class
            && spec.import_path == document.import_path)
    {
        return Ok(());
    }
    Err(AuthError::InvalidField {
        field: "provider_class".into(),
        problem: format!(
            "{} from {} does not match provider_type '{}', which is {} from {}; correct one \
             of them (or use provider_type custom for your own class)",
            document.provider_class,
            document.import_path,
            spec.type_name,
            spec.provider_class,
            spec.import_path
        ),
        example: spec.provider_class.clone(),
    })
}

/// The custom provider keeps its class and module in two fields of the same names, so a
/// constructor parameter with one of those names could not be written back.
fn add_custom_class(
    spec: &ProviderSpec,
    document: &FastMCPAuthConfig,
    provider: &mut AuthProviderConfig,
) -> Result<()> {
    for (field, text) in [
        ("import_path", &document.import_path),
        ("provider_class", &document.provider_class),
    ] {
        if document.config_params.contains_key(field) {
            return Err(AuthError::InvalidField {
                field: format!("config_params.{field}"),
                problem: format!(
                    "a custom provider's parameter cannot be named {field}: this tool keeps \
                     the {}'s {field} under that name; rename the parameter",
                    spec.type_name
                ),
                example: "config_params.realm=acme".into(),
            });
        }
        provider.set(field, ParamValue::Literal(Value::String(text.clone())));
    }
    Ok(())
}

/// A scope parameter in the form `generate` writes: a list of strings.
fn scope_list(value: &ParamValue) -> Option<Vec<String>> {
    let ParamValue::Literal(Value::Array(items)) = value else {
        return None;
    };
    items
        .iter()
        .map(|item| item.as_str().map(str::to_string))
        .collect()
}

/// A file holding a secret's value (written with embedding on) keeps it: the value is
/// marked secret so it is masked on screen, and embedding stays on so a re-save writes it
/// back instead of replacing it with a `${VAR}` reference.
fn keep_embedded_secrets(
    spec: &ProviderSpec,
    provider: &mut AuthProviderConfig,
    warnings: &mut Vec<Warning>,
) {
    let embedded: Vec<String> = provider
        .config
        .iter()
        .filter(|(name, value)| {
            value
                .as_literal_str()
                .is_some_and(|text| !text.trim().is_empty())
                && is_secret_param(spec, name, &provider.config)
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in embedded {
        if let Some(value) = provider.config.get_mut(&name) {
            *value = value.clone().into_secret();
        }
        let var = spec
            .field(&name)
            .and_then(|field| field.primary_env())
            .unwrap_or("MY_SECRET");
        warnings.push(Warning::new(
            WarningKind::SecretEmbedded,
            Some(&name),
            format!(
                "{name}: the file holds the secret's value itself; keep the file private, or \
                 refer to an environment variable instead (example: {name}=${{{var}}})"
            ),
        ));
        provider.embed_secrets = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::{FieldKind, Rule};
    use crate::core::value::EnvVarName;
    use serde_json::json;

    const SECRET: &str = "embedded-secret-value-4321";

    /// A valid provider of catalog type `spec` built from the catalog's own examples;
    /// secrets are `${VAR}` references, or literals when `embed` is set.
    fn example_provider(spec: &ProviderSpec, embed: bool) -> AuthProviderConfig {
        let mut provider = AuthProviderConfig::new(spec.type_name.parse().unwrap());
        provider.embed_secrets = embed;
        for field in &spec.fields {
            // Only what the default target has (AuthKit's client_id was 3.0.x only).
            if !field
                .versions()
                .contains(crate::core::compat::default_target())
            {
                continue;
            }
            let value = match field.kind {
                FieldKind::Secret if embed => ParamValue::secret(SECRET),
                FieldKind::Secret => {
                    ParamValue::Env(EnvVarName::parse(field.primary_env().unwrap()).unwrap())
                }
                FieldKind::List => ParamValue::list([field.example.as_str()]),
                _ => ParamValue::from(field.example.as_str()),
            };
            provider.config.insert(field.name.clone(), value);
        }
        for rule in &spec.rules {
            match rule {
                Rule::ExactlyOneOf(fields) => {
                    for extra in &fields[1..] {
                        provider.config.shift_remove(extra);
                    }
                }
                Rule::ScopeNotOnly(_) => provider.required_scopes.push("api://x/read".into()),
                Rule::AnyGroupComplete(_) | Rule::JwtAlgorithm { .. } => {}
            }
        }
        for field in &spec.verifier_fields {
            let verifier = Catalog::builtin().get(&field.example).unwrap();
            provider
                .verifier_params
                .insert(field.name.clone(), example_provider(verifier, embed));
        }
        if spec.custom {
            provider.set("realm", "acme");
            provider.set("token_url", ParamValue::env("TOKEN_URL").unwrap());
            provider.set("timeout", json!(30));
            provider.required_scopes.push("read".into());
            if embed {
                provider.set("api_key", ParamValue::secret(SECRET));
            }
        }
        provider
    }

    /// Generated → JSON text → loaded → regenerated.
    fn round_trip(original: &FastMCPAuthConfig) -> Generated {
        let text = serde_json::to_string_pretty(&original.to_json_with_secrets()).unwrap();
        let document = parse_document(serde_json::from_str(&text).unwrap()).unwrap();
        LoadedConfig::from_document(&document)
            .unwrap()
            .regenerate()
            .unwrap()
    }

    #[test]
    fn every_catalog_type_survives_load_and_regenerate() {
        for spec in &Catalog::builtin().providers {
            for embed in [false, true] {
                let mut original = generate_with_warnings(&example_provider(spec, embed))
                    .unwrap_or_else(|e| panic!("{} (embed {embed}): {e}", spec.type_name))
                    .config;
                original.service = Some("payments-api".into());
                original
                    .extra
                    .insert("x-owner".into(), json!({"team": "platform"}));
                let again = round_trip(&original).config;
                assert_eq!(again, original, "{} (embed {embed})", spec.type_name);
                assert_eq!(
                    serde_json::to_string_pretty(&again.to_json_with_secrets()).unwrap(),
                    serde_json::to_string_pretty(&original.to_json_with_secrets()).unwrap(),
                    "{} (embed {embed}): key order",
                    spec.type_name
                );
            }
        }
    }

    #[test]
    fn nested_and_extra_verifiers_survive_load_and_regenerate() {
        let catalog = Catalog::builtin();
        for embed in [false, true] {
            let mut provider = example_provider(catalog.get("oauth-proxy").unwrap(), embed);
            provider.required_scopes = vec!["mcp:use".into()];
            for verifier in catalog.verifier_specs() {
                let mut extra = example_provider(verifier, embed);
                // Distinct issuers, so MultiAuth can tell the JWT verifiers apart.
                if extra.config.contains_key("issuer") {
                    extra.set(
                        "issuer",
                        format!("https://{}.example.com", verifier.type_name),
                    );
                }
                provider.also_accept.push(extra);
            }
            let original = generate_with_warnings(&provider)
                .unwrap_or_else(|e| panic!("embed {embed}: {e}"))
                .config;
            let nested = &original.verifier_params["token_verifier"];
            assert_eq!(
                nested.config_params["required_scopes"],
                ParamValue::list(["mcp:use"]),
                "the proxy's scopes go to its verifier"
            );
            assert!(!original.config_params.contains_key("required_scopes"));
            assert_eq!(original.also_accept.len(), catalog.verifier_specs().count());
            let again = round_trip(&original).config;
            assert_eq!(again, original, "embed {embed}");
        }
    }

    #[test]
    fn bearer_key_variants_survive_load_and_regenerate() {
        let pem = include_str!("../../tests/keys/rsa2048.pem");
        let cases = [
            ("RS256", ParamValue::from(pem), false),
            (
                "HS256",
                ParamValue::env("JWT_SHARED_SECRET").unwrap(),
                false,
            ),
            ("HS512", ParamValue::secret(SECRET), true),
        ];
        for (algorithm, key, embed) in cases {
            let mut provider = AuthProviderConfig::new("bearer".parse().unwrap());
            provider.set("public_key", key);
            provider.set("algorithm", algorithm);
            provider.set("audience", json!(["a", "b"]));
            provider.embed_secrets = embed;
            let original = generate_with_warnings(&provider).unwrap().config;
            let loaded = round_trip(&original);
            assert_eq!(loaded.config, original, "{algorithm}");
            assert_eq!(loaded.warnings.is_empty(), !embed, "{:?}", loaded.warnings);
        }
    }

    #[test]
    fn service_and_unknown_keys_are_carried_over() {
        let text = r#"{
            "provider_class": "GitHubProvider",
            "import_path": "fastmcp.server.auth.providers.github",
            "config_params": {
                "client_id": "Ov23li",
                "client_secret": "${GITHUB_CLIENT_SECRET}",
                "base_url": "https://mcp.example.com",
                "required_scopes": ["repo"]
            },
            "service": "docs",
            "owner": {"team": "platform"},
            "x-note": "kept"
        }"#;
        let document = parse_document(serde_json::from_str(text).unwrap()).unwrap();
        let loaded = LoadedConfig::from_document(&document).unwrap();
        assert_eq!(loaded.provider.provider_type.as_str(), "github");
        assert_eq!(loaded.provider.required_scopes, ["repo"]);
        assert!(!loaded.provider.config.contains_key("required_scopes"));
        assert!(!loaded.provider.embed_secrets);
        let again = loaded.regenerate().unwrap().config;
        assert_eq!(again.service.as_deref(), Some("docs"));
        assert_eq!(again.extra["owner"], json!({"team": "platform"}));
        assert_eq!(again.extra["x-note"], "kept");
        assert_eq!(again.provider_type.as_deref(), Some("github"));
    }

    #[test]
    fn literal_secret_is_kept_masked_and_reported_without_its_value() {
        let document = parse_document(json!({
            "provider_class": "GoogleProvider",
            "import_path": "fastmcp.server.auth.providers.google",
            "config_params": {
                "client_id": "id",
                "client_secret": SECRET,
                "base_url": "https://mcp.example.com"
            }
        }))
        .unwrap();
        let loaded = LoadedConfig::from_document(&document).unwrap();
        assert!(loaded.provider.embed_secrets);
        assert!(matches!(
            loaded.provider.get("client_secret"),
            Some(ParamValue::Secret(_))
        ));
        // The other warning is about the redirect-URI default (`old_file_learns_...`).
        assert_eq!(loaded.warnings.len(), 2);
        assert_eq!(loaded.warnings[0].kind, WarningKind::SecretEmbedded);
        assert_eq!(loaded.warnings[0].field.as_deref(), Some("client_secret"));
        let warning = &loaded.warnings[0].message;
        assert!(
            warning.starts_with("client_secret:")
                && warning.contains("${GOOGLE_CLIENT_SECRET}")
                && !warning.contains(SECRET),
            "{warning}"
        );
        assert!(!format!("{loaded:?}").contains(SECRET));
        let again = loaded.regenerate().unwrap().config;
        assert_eq!(
            again.config_params["client_secret"].known_text(),
            Some(SECRET)
        );
    }

    #[test]
    fn a_service_name_that_is_not_one_is_refused() {
        for service in [
            "x\"\"\"\nimport os; os.system(\"id\")\n\"\"\"",
            "docs\nA=b",
            "../up",
        ] {
            let document = parse_document(json!({
                "provider_class": "MyVerifier",
                "import_path": "my_pkg.auth",
                "config_params": {},
                "service": service
            }))
            .unwrap();
            let err = LoadedConfig::from_document(&document).unwrap_err();
            assert!(matches!(err, AuthError::InvalidServiceName { .. }), "{err}");
            assert!(!err.to_string().contains('\n'), "{err}");
        }
    }

    #[test]
    fn unknown_class_falls_back_to_custom() {
        let document = parse_document(json!({
            "provider_class": "MyVerifier",
            "import_path": "my_pkg.auth",
            "config_params": {"realm": "acme"}
        }))
        .unwrap();
        let loaded = LoadedConfig::from_document(&document).unwrap();
        assert_eq!(loaded.provider.provider_type.as_str(), "custom");
        assert_eq!(
            loaded
                .provider
                .get("provider_class")
                .unwrap()
                .as_literal_str(),
            Some("MyVerifier")
        );
        let again = loaded.regenerate().unwrap().config;
        assert_eq!(
            (again.provider_class.as_str(), again.import_path.as_str()),
            ("MyVerifier", "my_pkg.auth")
        );
        assert_eq!(again.config_params["realm"].as_literal_str(), Some("acme"));
    }

    #[test]
    fn provider_is_found_by_class_without_provider_type() {
        let document = parse_document(json!({
            "provider_class": "AuthKitProvider",
            "import_path": "fastmcp.server.auth.providers.workos",
            "config_params": {
                "authkit_domain": "https://a.authkit.app",
                "base_url": "https://mcp.example.com"
            }
        }))
        .unwrap();
        let loaded = LoadedConfig::from_document(&document).unwrap();
        assert_eq!(loaded.provider.provider_type.as_str(), "workos");
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn unknown_provider_type_warns_and_uses_the_class() {
        let document = parse_document(json!({
            "provider_class": "GoogleProvider",
            "import_path": "fastmcp.server.auth.providers.google",
            "provider_type": "from-the-future",
            "config_params": {}
        }))
        .unwrap();
        let loaded = LoadedConfig::from_document(&document).unwrap();
        assert_eq!(loaded.provider.provider_type.as_str(), "google");
        assert!(loaded.warnings[0].message.contains("'from-the-future'"));
    }

    #[test]
    fn provider_type_that_contradicts_the_class_is_refused() {
        let document = parse_document(json!({
            "provider_class": "MyGoogle",
            "import_path": "my_pkg.auth",
            "provider_type": "google",
            "config_params": {}
        }))
        .unwrap();
        let err = LoadedConfig::from_document(&document)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("provider_class: MyGoogle from my_pkg.auth does not match")
                && err.contains("example: provider_class=GoogleProvider"),
            "{err}"
        );
    }

    #[test]
    fn custom_parameter_named_like_the_class_field_is_refused() {
        let document = parse_document(json!({
            "provider_class": "MyVerifier",
            "import_path": "my_pkg.auth",
            "config_params": {"import_path": "x"}
        }))
        .unwrap();
        let err = LoadedConfig::from_document(&document).unwrap_err();
        assert!(
            err.to_string().starts_with("config_params.import_path:"),
            "{err}"
        );
    }

    #[test]
    fn regenerating_names_the_invalid_field() {
        let document = parse_document(json!({
            "provider_class": "GoogleProvider",
            "import_path": "fastmcp.server.auth.providers.google",
            "config_params": {
                "client_id": "id",
                "client_secret": "${S}",
                "base_url": "mcp.example.com"
            }
        }))
        .unwrap();
        let err = LoadedConfig::from_document(&document)
            .unwrap()
            .regenerate()
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("base_url: 'mcp.example.com'"), "{err}");
        let document = parse_document(json!({
            "provider_class": "GoogleProvider",
            "import_path": "fastmcp.server.auth.providers.google",
            "config_params": {"client_id": "id", "client_secret": "${S}", "required_scopes": "${SCOPES}"}
        }))
        .unwrap();
        let err = LoadedConfig::from_document(&document)
            .unwrap()
            .regenerate()
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("required_scopes:"), "{err}");
    }

    #[test]
    fn shape_errors_name_the_key_and_never_the_value() {
        let base = || {
            json!({
                "provider_class": "GoogleProvider",
                "import_path": "m",
                "config_params": {}
            })
        };
        let cases: [(&str, Value, &str); 5] = [
            (
                "provider_class",
                Value::Null,
                "missing key 'provider_class'",
            ),
            (
                "import_path",
                json!(SECRET.len()),
                "'import_path' must be a string, not a number",
            ),
            (
                "config_params",
                json!(SECRET),
                "'config_params' must be an object of constructor parameters, not a string",
            ),
            (
                "service",
                json!([SECRET]),
                "'service' must be a string, not a list",
            ),
            (
                "provider_type",
                json!({"a": SECRET}),
                "'provider_type' must be a string, not an object",
            ),
        ];
        for (key, value, expected) in cases {
            let mut document = base();
            if value.is_null() {
                document.as_object_mut().unwrap().remove(key);
            } else {
                document[key] = value;
            }
            let err = parse_document(document).unwrap_err().to_string();
            assert!(err.starts_with(expected), "{key}: {err}");
            assert!(err.contains(&format!("(example: \"{key}\": ")), "{err}");
            assert!(!err.contains(SECRET), "{err}");
        }
        let err = parse_document(json!([1])).unwrap_err().to_string();
        assert!(
            err.starts_with("the file must hold a JSON object, not a list"),
            "{err}"
        );
    }

    #[test]
    fn old_file_learns_that_redirect_uris_become_loopback_only() {
        let document = parse_document(serde_json::json!({
            "provider_class": "GitHubProvider",
            "import_path": "fastmcp.server.auth.providers.github",
            "config_params": {"client_id": "id", "client_secret": "${GITHUB_CLIENT_SECRET}",
                              "base_url": "https://mcp.example.com"}
        }))
        .unwrap();
        let loaded = LoadedConfig::from_document(&document).unwrap();
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.kind == WarningKind::AnyClientRedirect
                    && w.message.starts_with("allowed_client_redirect_uris")),
            "{:?}",
            loaded.warnings
        );
        let params = loaded.regenerate().unwrap().config.config_params;
        assert_eq!(
            params["allowed_client_redirect_uris"],
            ParamValue::list(["http://localhost:*", "http://127.0.0.1:*"])
        );
        assert_eq!(
            params["require_authorization_consent"],
            ParamValue::Literal(serde_json::Value::Bool(true))
        );
    }

    #[test]
    fn deployment_section_survives_load_and_is_checked_again() {
        let redis = serde_json::json!({"storage": {"backend": "redis", "url": "${REDIS_URL}",
                                                   "encryption_keys": ["${K1}", "${K2}"]}});
        let doc = |params: serde_json::Value| {
            parse_document(serde_json::json!({
                "provider_class": "GitHubProvider",
                "import_path": "fastmcp.server.auth.providers.github",
                "provider_type": "github",
                "config_params": params,
                "deployment": redis.clone(),
            }))
            .unwrap()
        };
        let base = serde_json::json!({"client_id": "id", "client_secret": "${GITHUB_CLIENT_SECRET}",
                                      "base_url": "https://mcp.example.com",
                                      "jwt_signing_key": "${FASTMCP_JWT_SIGNING_KEY}"});
        let config = LoadedConfig::from_document(&doc(base.clone()))
            .unwrap()
            .regenerate()
            .unwrap()
            .config;
        assert_eq!(serde_json::to_value(&config).unwrap()["deployment"], redis);
        // Without a shared signing key the replicas could not check each other's tokens.
        let mut unsigned = base;
        unsigned.as_object_mut().unwrap().remove("jwt_signing_key");
        let err = LoadedConfig::from_document(&doc(unsigned))
            .unwrap()
            .regenerate()
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("jwt_signing_key:"), "{err}");
    }

    #[test]
    fn deployment_needs_an_oauth_proxy_provider() {
        let document = parse_document(serde_json::json!({
            "provider_class": "JWTVerifier",
            "import_path": "fastmcp.server.auth.providers.jwt",
            "config_params": {"jwks_uri": "https://a.example.com/jwks.json"},
            "deployment": {"storage": {"backend": "redis", "url": "${REDIS_URL}",
                                       "encryption_keys": ["${K1}"]}},
        }))
        .unwrap();
        let err = LoadedConfig::from_document(&document)
            .unwrap()
            .regenerate()
            .unwrap_err()
            .to_string();
        assert!(err.contains("OAuth-proxy providers only"), "{err}");
    }
}
