//! `generate_fastmcp_auth_config`: a user's choices + the catalog → a validated
//! `FastMCPAuthConfig`. Pure: it reads no environment and no files, so the CLI, the wizard
//! and tests all get the same answer for the same input.

use indexmap::IndexMap;
use serde_json::Value;

use super::catalog::{Catalog, FieldKind, FieldSpec, ProviderSpec, Rule};
use super::composite;
use super::error::{AuthError, Result};
use super::stdlib_modules::is_stdlib_module;
use super::types::{AuthProviderConfig, FastMCPAuthConfig};
use super::validate::{
    check_choice, check_descope_config_url, check_host, check_token_map, check_url, is_module_path,
    is_provider_class_name, is_python_identifier, normalize_scopes,
};
use super::value::{EnvVarName, ParamValue};

/// A generated config and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "the config is in `.config`, and the `.warnings` are meant to be shown"]
pub struct Generated {
    /// The generated config.
    pub config: FastMCPAuthConfig,
    /// What the user should know (e.g. an embedded secret); meant to be shown.
    pub warnings: Vec<String>,
}

/// The specification's entry point: validates `provider` against the catalog and returns
/// the FastMCP class, module and keyword arguments.
///
/// # Errors
///
/// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
pub fn generate_fastmcp_auth_config(provider: &AuthProviderConfig) -> Result<FastMCPAuthConfig> {
    generate_with_warnings(provider).map(|g| g.config)
}

/// Like [`generate_fastmcp_auth_config`], also returning warnings (e.g. a secret literal that
/// was replaced by a `${VAR}` reference).
///
/// # Errors
///
/// An [`AuthError`](crate::core::AuthError) naming the field when a required field is missing, a value is invalid, or fields conflict.
pub fn generate_with_warnings(provider: &AuthProviderConfig) -> Result<Generated> {
    let spec = Catalog::builtin().get_or_err(provider.provider_type.as_str())?;
    if !provider.enabled {
        return Err(AuthError::Disabled {
            provider: spec.type_name.clone(),
        });
    }
    let mut warnings = Vec::new();
    let scopes = collect_scopes(spec, provider)?;
    let (provider_class, import_path, mut params) = if spec.custom {
        custom_params(spec, provider)?
    } else {
        let params = catalog_params(spec, provider, &mut warnings)?;
        (
            spec.provider_class.clone(),
            spec.import_path.clone(),
            params,
        )
    };
    for rule in &spec.rules {
        check_rule(spec, rule, &params, &scopes)?;
    }
    development_warnings(spec, &params, &scopes, &mut warnings);
    let verifier_params = composite::verifier_params(spec, provider, &scopes, &mut warnings)?;
    if !scopes.is_empty() && spec.scopes.via.is_none() {
        params.insert(spec.scopes.param.clone(), ParamValue::list(scopes));
    }
    let mut config = FastMCPAuthConfig {
        provider_class,
        import_path,
        config_params: params,
        provider_type: Some(spec.type_name.clone()),
        service: None,
        deployment: None,
        verifier_params,
        also_accept: Vec::new(),
        extra: serde_json::Map::new(),
    };
    config.also_accept = composite::also_accept(&config, provider, &mut warnings)?;
    Ok(Generated { config, warnings })
}

/// Required scopes from the scope list and from a `required_scopes` parameter, checked,
/// de-duplicated; the catalog's defaults when none were given.
fn collect_scopes(spec: &ProviderSpec, provider: &AuthProviderConfig) -> Result<Vec<String>> {
    let mut scopes = provider.required_scopes.clone();
    match provider.config.get(&spec.scopes.param) {
        None => {}
        Some(ParamValue::Literal(Value::Array(items))) => {
            for item in items {
                match item {
                    Value::String(s) => scopes.push(s.clone()),
                    other => {
                        return Err(AuthError::InvalidScope {
                            shown: other.to_string(),
                            problem: "a scope must be a string".into(),
                        });
                    }
                }
            }
        }
        Some(ParamValue::Literal(Value::String(s))) => scopes.push(s.clone()),
        Some(_) => {
            return Err(AuthError::InvalidField {
                field: spec.scopes.param.clone(),
                problem: "must be a list of scopes, not an environment reference".into(),
                example: "[\"read\", \"write\"]".into(),
            });
        }
    }
    let scopes = normalize_scopes(scopes)?;
    Ok(if scopes.is_empty() {
        spec.scopes.default.clone()
    } else {
        scopes
    })
}

/// Parameters of a catalog provider, in catalog order, with defaults applied and every
/// value checked against its field.
fn catalog_params(
    spec: &ProviderSpec,
    provider: &AuthProviderConfig,
    warnings: &mut Vec<String>,
) -> Result<IndexMap<String, ParamValue>> {
    if let Some(name) = provider
        .config
        .keys()
        .find(|name| **name != spec.scopes.param && spec.field(name).is_none())
    {
        return Err(AuthError::UnknownField {
            provider: spec.type_name.clone(),
            class: spec.provider_class.clone(),
            field: name.clone(),
            known: spec
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .chain([spec.scopes.param.as_str()])
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let mut params = IndexMap::new();
    for field in &spec.fields {
        let given = provider
            .config
            .get(&field.name)
            .filter(|v| !is_blank(v))
            .cloned()
            .or_else(|| field.default.clone().map(ParamValue::from));
        match given {
            Some(value) => {
                params.insert(field.name.clone(), check_value(field, value)?);
            }
            None if field.required => {
                return Err(AuthError::MissingField {
                    provider: spec.type_name.clone(),
                    field: field.name.clone(),
                    example: field.example.clone(),
                });
            }
            None => {}
        }
    }
    // Secrets last: whether `public_key` is one depends on the algorithm chosen above.
    for field in &spec.fields {
        if is_secret(field, &params) {
            if let Some(value) = params.get_mut(&field.name) {
                *value = protect_secret(field, value.clone(), provider.embed_secrets, warnings)?;
            }
        }
    }
    Ok(params)
}

fn is_blank(value: &ParamValue) -> bool {
    match value {
        ParamValue::Literal(Value::Null) => true,
        ParamValue::Literal(Value::String(s)) => s.trim().is_empty(),
        ParamValue::Secret(s) => s.is_empty(),
        _ => false,
    }
}

/// Checks one value against its field and returns it in the form to write.
pub(crate) fn check_value(field: &FieldSpec, value: ParamValue) -> Result<ParamValue> {
    let invalid = |problem: &str| AuthError::InvalidField {
        field: field.name.clone(),
        problem: problem.to_string(),
        example: field.example.clone(),
    };
    if let ParamValue::Env(_) = value {
        return match field.kind {
            FieldKind::List => Err(invalid("must be a list, not an environment reference")),
            FieldKind::TokenMap => Err(invalid(
                "must be written into the config: FastMCP needs a dict, which an environment \
                 reference cannot hold",
            )),
            FieldKind::Bool => Err(invalid(
                "must be true or false, not an environment reference (it would arrive as a \
                 string, and any non-empty string counts as true)",
            )),
            _ => Ok(value),
        };
    }
    if field.kind == FieldKind::Bool {
        return bool_value(field, &value).map(|b| ParamValue::from(Value::Bool(b)));
    }
    if field.kind == FieldKind::TokenMap {
        return token_map_value(field, value);
    }
    if let ParamValue::Literal(Value::Array(items)) = &value {
        if field.kind != FieldKind::List && !field.list_ok {
            return Err(invalid("must be a single value, not a list"));
        }
        if items.is_empty()
            || items
                .iter()
                .any(|i| !matches!(i, Value::String(s) if !s.trim().is_empty()))
        {
            return Err(invalid("must be a non-empty list of non-empty strings"));
        }
        return Ok(value);
    }
    let Some(text) = value.known_text() else {
        return Err(invalid("must be a string"));
    };
    match field.kind {
        FieldKind::List => Err(invalid("must be a list (e.g. [\"a\", \"b\"])")),
        FieldKind::Url => Ok(ParamValue::from(check_url(field, text)?)),
        FieldKind::Choice => Ok(ParamValue::from(check_choice(field, text)?)),
        FieldKind::Secret => Ok(value.into_secret()),
        FieldKind::Host => Ok(ParamValue::from(check_host(field, text)?)),
        FieldKind::DescopeConfigUrl => Ok(ParamValue::from(check_descope_config_url(field, text)?)),
        // Token maps were handled above, before the text of a value was taken.
        FieldKind::Text | FieldKind::TokenMap => Ok(value),
        FieldKind::Bool => bool_value(field, &value).map(|b| ParamValue::from(Value::Bool(b))),
    }
}

/// A boolean, or its text as typed (`true`/`false`/`yes`/`no`/`on`/`off`, any case).
fn bool_value(field: &FieldSpec, value: &ParamValue) -> Result<bool> {
    let text = match value {
        ParamValue::Literal(Value::Bool(b)) => return Ok(*b),
        other => other.known_text().map(|t| t.trim().to_ascii_lowercase()),
    };
    match text.as_deref() {
        Some("true" | "yes" | "on") => Ok(true),
        Some("false" | "no" | "off") => Ok(false),
        _ => Err(AuthError::InvalidField {
            field: field.name.clone(),
            problem: "must be true or false".into(),
            example: field.example.clone(),
        }),
    }
}

/// A token map given as a JSON object, or as its text (typed in the wizard, read from a
/// file): checked and written as an object.
fn token_map_value(field: &FieldSpec, value: ParamValue) -> Result<ParamValue> {
    let map = match &value {
        ParamValue::Literal(Value::Object(_)) => value,
        other => {
            let text = other.known_text().ok_or_else(|| AuthError::InvalidField {
                field: field.name.clone(),
                problem: "must be a JSON object".into(),
                example: field.example.clone(),
            })?;
            // serde_json's syntax errors give a position, never the text itself.
            let parsed: Value =
                serde_json::from_str(text).map_err(|e| AuthError::InvalidField {
                    field: field.name.clone(),
                    problem: format!("not valid JSON ({e})"),
                    example: field.example.clone(),
                })?;
            ParamValue::Literal(parsed)
        }
    };
    if let ParamValue::Literal(map_value) = &map {
        check_token_map(field, map_value)?;
    }
    Ok(map)
}

/// Whether parameter `name` of `spec` holds a secret, given the other parameters (the
/// algorithm decides for a JWT key; custom parameters go by name).
pub(crate) fn is_secret_param(
    spec: &ProviderSpec,
    name: &str,
    params: &IndexMap<String, ParamValue>,
) -> bool {
    match spec.field(name) {
        Some(field) => is_secret(field, params),
        None => spec.custom && looks_secret(name),
    }
}

fn is_secret(field: &FieldSpec, params: &IndexMap<String, ParamValue>) -> bool {
    if field.kind.is_secret() {
        return true;
    }
    let Some(when) = &field.secret_when else {
        return false;
    };
    // Judged on the value as the field check will read it (trimmed, any case): `" HS256"`
    // is HS256, and a check on the raw text would let a shared secret pass as a public key.
    match params.get(&when.field).map(ParamValue::known_text) {
        Some(Some(text)) => text
            .trim()
            .to_ascii_uppercase()
            .starts_with(&when.prefix.to_ascii_uppercase()),
        // Controlled by a reference whose value we cannot see: err on the safe side.
        Some(None) => true,
        None => false,
    }
}

/// A secret literal is written only when embedding was asked for; otherwise it becomes a
/// reference to the field's conventional variable, and the user is told.
fn protect_secret(
    field: &FieldSpec,
    value: ParamValue,
    embed: bool,
    warnings: &mut Vec<String>,
) -> Result<ParamValue> {
    // A map cannot be a reference, so static tokens are always written; the provider is
    // development-only and the user is warned (see `development_warnings`).
    if value.env_var().is_some() || !field.kind.takes_reference() {
        return Ok(value);
    }
    if embed {
        return Ok(value.into_secret());
    }
    let var = field
        .primary_env()
        .ok_or_else(|| AuthError::SecretNeedsReference {
            field: field.name.clone(),
        })?;
    let name = EnvVarName::parse(var)?;
    warnings.push(format!(
        "{}: the secret is not written into the config; it refers to ${{{var}}} instead \
         (set {var} where the server runs, or choose to embed secrets)",
        field.name
    ));
    Ok(ParamValue::Env(name))
}

/// A development-only provider says so every time, and a static token that lacks a required
/// scope is pointed out: FastMCP would refuse every request made with it.
fn development_warnings(
    spec: &ProviderSpec,
    params: &IndexMap<String, ParamValue>,
    scopes: &[String],
    warnings: &mut Vec<String>,
) {
    if !spec.development_only {
        return;
    }
    warnings.push(format!(
        "{}: {} is for development and tests only: this config holds its credentials in \
         plain text and anyone who reads it can use them; never deploy it",
        spec.type_name, spec.provider_class
    ));
    let maps = spec
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::TokenMap)
        .filter_map(|f| match params.get(&f.name) {
            Some(ParamValue::Literal(Value::Object(map))) => Some((f, map)),
            _ => None,
        });
    for (field, map) in maps {
        for (position, info) in map.values().enumerate() {
            let granted: Vec<&str> = info["scopes"]
                .as_array()
                .map(|items| items.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let missing: Vec<&str> = scopes
                .iter()
                .map(String::as_str)
                .filter(|s| !granted.contains(s))
                .collect();
            if !missing.is_empty() {
                warnings.push(format!(
                    "{}: token {} (client_id '{}') lacks required scope {}; FastMCP will \
                     refuse requests made with it",
                    field.name,
                    position + 1,
                    info["client_id"].as_str().unwrap_or_default(),
                    missing.join(", ")
                ));
            }
        }
    }
}

/// The custom provider: class and module from the user, any keyword arguments.
fn custom_params(
    spec: &ProviderSpec,
    provider: &AuthProviderConfig,
) -> Result<(String, String, IndexMap<String, ParamValue>)> {
    let text_of = |name: &str, valid: fn(&str) -> bool| -> Result<String> {
        let field = spec
            .field(name)
            .ok_or_else(|| AuthError::Catalog(format!("custom provider has no '{name}' field")))?;
        match provider.config.get(name).filter(|v| !is_blank(v)) {
            None => Err(AuthError::MissingField {
                provider: spec.type_name.clone(),
                field: name.to_string(),
                example: field.example.clone(),
            }),
            Some(v) => match v.as_literal_str().map(str::trim) {
                Some(text) if valid(text) => Ok(text.to_string()),
                _ => Err(AuthError::InvalidField {
                    field: name.to_string(),
                    problem: "must be a Python name: letters, digits and '_', not a keyword \
                              (modules joined by '.'; a class not named os, FastMCP, auth, \
                              mcp or __*__)"
                        .into(),
                    example: field.example.clone(),
                }),
            },
        }
    };
    let import_path = text_of("import_path", is_module_path)?;
    if is_stdlib_module(&import_path) {
        return Err(AuthError::InvalidField {
            field: "import_path".into(),
            problem: format!(
                "{import_path} is part of Python's standard library: no FastMCP provider \
                 lives there, and the generated server would call whatever class it names; \
                 give the module of your provider class"
            ),
            example: spec
                .field("import_path")
                .map(|f| f.example.clone())
                .unwrap_or_default(),
        });
    }
    let provider_class = text_of("provider_class", is_provider_class_name)?;
    let mut params = IndexMap::new();
    for (name, value) in &provider.config {
        if spec.field(name).is_some() || *name == spec.scopes.param || is_blank(value) {
            continue;
        }
        if !is_python_identifier(name) {
            return Err(AuthError::InvalidField {
                field: name.clone(),
                problem: "a keyword argument name must be a Python identifier, not a keyword"
                    .into(),
                example: "client_id=my-client".into(),
            });
        }
        let value = if looks_secret(name) && value.env_var().is_none() {
            if !provider.embed_secrets {
                return Err(AuthError::SecretNeedsReference {
                    field: name.clone(),
                });
            }
            value.clone().into_secret()
        } else {
            value.clone()
        };
        params.insert(name.clone(), value);
    }
    Ok((provider_class, import_path, params))
}

/// Whether a custom parameter's name says it holds a secret. Names are split into words
/// (at `_`, `-`, `.` and camelCase), so `apiKey`, `api_key`, `APIKey` and `apikey` agree;
/// a name ending in what describes a secret rather than holding it (`token_url`,
/// `secret_name`) is not one.
pub(crate) fn looks_secret(name: &str) -> bool {
    /// Words that alone name a secret.
    const SECRET_WORDS: [&str; 21] = [
        "secret",
        "secrets",
        "password",
        "passwords",
        "passwd",
        "pwd",
        "passphrase",
        "token",
        "tokens",
        "credential",
        "credentials",
        "creds",
        "apikey",
        "apikeys",
        "accesskey",
        "privatekey",
        "clientkey",
        "signingkey",
        "secretkey",
        "masterkey",
        "sessionkey",
    ];
    /// Words that make the `key` after them a secret (`public key` is not one).
    const KEY_QUALIFIERS: [&str; 11] = [
        "api",
        "access",
        "client",
        "private",
        "signing",
        "secret",
        "master",
        "encryption",
        "session",
        "shared",
        "hmac",
    ];
    /// Last words of names that describe a secret without holding it.
    const DESCRIPTIVE_ENDINGS: [&str; 16] = [
        "url",
        "uri",
        "endpoint",
        "path",
        "file",
        "type",
        "name",
        "id",
        "ttl",
        "expiry",
        "expires",
        "lifetime",
        "length",
        "header",
        "algorithm",
        "env",
    ];
    let words = name_words(name);
    if words
        .last()
        .is_some_and(|last| DESCRIPTIVE_ENDINGS.contains(&last.as_str()))
    {
        return false;
    }
    words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
        || words.windows(2).any(|pair| {
            KEY_QUALIFIERS.contains(&pair[0].as_str()) && matches!(pair[1].as_str(), "key" | "keys")
        })
}

/// The lower-case words of an identifier: split at separators, at a lower-to-upper change
/// (`apiKey`), before the last capital of an acronym (`APIKey` → api, key) and around digits.
fn name_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase() && c.is_uppercase() && next_lower)
                || (prev.is_ascii_digit() != c.is_ascii_digit() && prev.is_alphanumeric());
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn check_rule(
    spec: &ProviderSpec,
    rule: &Rule,
    params: &IndexMap<String, ParamValue>,
    scopes: &[String],
) -> Result<()> {
    let conflict = |problem: String, example: String| AuthError::Conflict {
        provider: spec.type_name.clone(),
        problem,
        example,
    };
    let example_of = |name: &str| {
        spec.field(name)
            .map(|f| format!("{name}={}", f.example))
            .unwrap_or_else(|| name.to_string())
    };
    match rule {
        Rule::ExactlyOneOf(fields) => {
            let given: Vec<&String> = fields.iter().filter(|f| params.contains_key(*f)).collect();
            if given.len() != 1 {
                let problem = if given.is_empty() {
                    format!("needs one of {}", fields.join(" or "))
                } else {
                    format!("give only one of {}, not both", fields.join(" or "))
                };
                return Err(conflict(problem, example_of(&fields[0])));
            }
        }
        Rule::AnyGroupComplete(groups) => {
            if !groups
                .iter()
                .any(|g| g.iter().all(|f| params.contains_key(f)))
            {
                let options: Vec<String> = groups.iter().map(|g| g.join(" + ")).collect();
                let example: Vec<String> = groups[0].iter().map(|f| example_of(f)).collect();
                return Err(conflict(
                    format!("needs {}", options.join(", or ")),
                    example.join(" "),
                ));
            }
        }
        Rule::JwtAlgorithm {
            algorithm,
            jwks_uri,
            key,
        } => check_jwt_key(spec, params, algorithm, jwks_uri, key)?,
        Rule::ScopeNotOnly(excluded) => {
            if !scopes.iter().any(|s| !excluded.contains(s)) {
                // A scope the provider suggests, so the example is one that fits it.
                let example = spec
                    .scopes
                    .suggested
                    .iter()
                    .find(|s| !excluded.contains(s))
                    .map_or("read", String::as_str);
                return Err(conflict(
                    format!(
                        "needs at least one required scope other than {}",
                        excluded.join(", ")
                    ),
                    format!("--scope {example}"),
                ));
            }
        }
    }
    Ok(())
}

/// HS* takes a shared secret in the key field and cannot use a JWKS; RS/ES/PS/EdDSA with a
/// literal key need a PEM public key.
fn check_jwt_key(
    spec: &ProviderSpec,
    params: &IndexMap<String, ParamValue>,
    algorithm: &str,
    jwks_uri: &str,
    key: &str,
) -> Result<()> {
    let Some(alg) = params.get(algorithm).and_then(ParamValue::known_text) else {
        return Ok(());
    };
    if alg.to_ascii_uppercase().starts_with("HS") {
        if params.contains_key(jwks_uri) {
            return Err(AuthError::Conflict {
                provider: spec.type_name.clone(),
                problem: format!(
                    "{alg} verifies with a shared secret, which a JWKS URL cannot provide: put \
                     the secret in {key} (an environment reference), or use RS256 with {jwks_uri}"
                ),
                example: format!("{key}=${{JWT_SHARED_SECRET}} {algorithm}={alg}"),
            });
        }
        if params
            .get(key)
            .and_then(ParamValue::known_text)
            .is_some_and(|k| k.contains("-----BEGIN"))
        {
            return Err(AuthError::InvalidField {
                field: key.to_string(),
                problem: format!(
                    "{alg} needs a shared secret, not a PEM key; use RS256 with a PEM public key"
                ),
                example: "${JWT_SHARED_SECRET}".into(),
            });
        }
        return Ok(());
    }
    if let Some(pem) = params.get(key).and_then(ParamValue::as_literal_str) {
        let example = spec
            .field(key)
            .map(|f| f.example.clone())
            .unwrap_or_default();
        let problem = if pem.contains("PRIVATE KEY") {
            Some("is a private key; give the matching public key (never the private one)")
        } else if !(pem.contains("-----BEGIN") && pem.contains("-----END")) {
            Some("must be a PEM public key for this algorithm (or use HS256 for a shared secret)")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(AuthError::InvalidField {
                field: key.to_string(),
                problem: format!("{problem} ({algorithm} is {alg})"),
                example,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::types::AuthProviderType;
    use serde_json::json;

    fn provider(type_name: &str, params: &[(&str, ParamValue)]) -> AuthProviderConfig {
        let mut config = AuthProviderConfig::new(type_name.parse::<AuthProviderType>().unwrap());
        for (name, value) in params {
            config.set(name, value.clone());
        }
        config
    }

    /// The example a user is shown must itself be accepted (lists as the CLI splits them).
    #[test]
    fn every_catalog_example_passes_its_own_field_check() {
        for spec in &Catalog::builtin().providers {
            for field in &spec.fields {
                let example = if field.kind == FieldKind::List {
                    ParamValue::list(field.example.split(',').map(str::trim))
                } else {
                    ParamValue::from(field.example.as_str())
                };
                if let Err(e) = check_value(field, example) {
                    panic!("{}.{}: its example fails: {e}", spec.type_name, field.name);
                }
                if let Some(default) = &field.default {
                    check_value(field, ParamValue::from(default.clone())).unwrap_or_else(|e| {
                        panic!("{}.{}: its default fails: {e}", spec.type_name, field.name)
                    });
                }
            }
        }
    }

    #[test]
    fn secret_names_are_found_by_words() {
        for name in [
            "secret",
            "client_secret",
            "clientSecret",
            "password",
            "passwd",
            "db_pwd",
            "passphrase",
            "token",
            "authToken",
            "refresh_token",
            "tokens",
            "credentials",
            "credential",
            "apikey",
            "api_key",
            "apiKey",
            "APIKey",
            "API_KEY",
            "x-api-key",
            "access_key",
            "accessKey",
            "client_key",
            "private_key",
            "privateKey",
            "signing_key",
            "secret_key",
            "hmac_key",
            "encryption_key",
            "shared_keys",
        ] {
            assert!(looks_secret(name), "{name} not taken for a secret");
        }
        for name in [
            "client_id",
            "public_key",
            "jwks_uri",
            "audience",
            "issuer",
            "token_endpoint",
            "tokenUrl",
            "token_type",
            "secret_name",
            "password_file",
            "key_id",
            "keyboard",
            "monkey",
            "tokenizer",
            "passive",
            "realm",
            "base_url",
            "api_version",
        ] {
            assert!(!looks_secret(name), "{name} taken for a secret");
        }
    }

    /// The argv rule and the core read the controlling value the same way: trimmed, in
    /// any case.
    #[test]
    fn secret_when_reads_the_normalised_value() {
        let spec = Catalog::builtin().get("bearer").unwrap();
        for algorithm in ["HS256", " HS256", "hs256\t", "\u{a0}HS512"] {
            let mut params = IndexMap::new();
            params.insert("algorithm".to_string(), ParamValue::from(algorithm));
            assert!(
                is_secret_param(spec, "public_key", &params),
                "{algorithm:?}"
            );
        }
        let mut params = IndexMap::new();
        params.insert("algorithm".to_string(), ParamValue::from(" RS256"));
        assert!(!is_secret_param(spec, "public_key", &params));
    }

    const TOKEN: &str = "Zx9dev-token-alice";

    #[test]
    fn static_tokens_are_written_as_an_object_and_warned_about() {
        let text = format!(
            r#"{{"{TOKEN}": {{"client_id": "alice", "scopes": ["read"]}},
                "tok-bob": {{"client_id": "bob", "scopes": ["read", "write"]}}}}"#
        );
        for given in [
            ParamValue::from(text.as_str()),
            ParamValue::secret(text.clone()),
            ParamValue::Literal(serde_json::from_str(&text).unwrap()),
        ] {
            let mut config = provider("static", &[("tokens", given)]);
            config.required_scopes = vec!["write".into()];
            let generated = generate_with_warnings(&config).unwrap();
            // Never a ${VAR}: FastMCP needs the dict itself.
            let tokens = &generated.config.config_params["tokens"];
            assert!(
                matches!(tokens, ParamValue::Literal(Value::Object(m)) if m.len() == 2),
                "tokens must be written as the map of both tokens"
            );
            let warnings = generated.warnings.join("\n");
            assert!(
                warnings.contains("for development and tests only"),
                "{warnings}"
            );
            assert!(
                warnings.contains("token 1 (client_id 'alice') lacks required scope write"),
                "{warnings}"
            );
            assert!(!warnings.contains("client_id 'bob'"), "{warnings}");
            assert!(!warnings.contains("Zx9dev"), "the token leaked: {warnings}");
        }
    }

    #[test]
    fn static_tokens_refuse_references_lists_and_bad_json() {
        for (value, expected) in [
            (
                ParamValue::env("DEV_TOKENS").unwrap(),
                "environment reference",
            ),
            (ParamValue::list(["a"]), "must be a JSON object"),
            (
                ParamValue::from(format!("{{\"{TOKEN}\": ").as_str()),
                "not valid JSON",
            ),
            (ParamValue::Literal(json!(5)), "must be a JSON object"),
        ] {
            let err = generate_with_warnings(&provider("static", &[("tokens", value)]))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("tokens: ") && err.contains(expected),
                "{err}"
            );
            assert!(!err.contains("Zx9dev"), "the token leaked: {err}");
        }
    }

    #[test]
    fn azure_scope_rule_suggests_a_scope_azure_puts_in_tokens() {
        let mut config = provider(
            "azure",
            &[
                ("client_id", ParamValue::from("app-id")),
                (
                    "client_secret",
                    ParamValue::env("AZURE_CLIENT_SECRET").unwrap(),
                ),
                ("tenant_id", ParamValue::from("organizations")),
                ("base_url", ParamValue::from("https://mcp.example.com")),
            ],
        );
        config.required_scopes = vec!["openid".into(), "offline_access".into()];
        let err = generate_with_warnings(&config).unwrap_err().to_string();
        assert_eq!(
            err,
            "azure: needs at least one required scope other than openid, profile, email, \
             offline_access (example: --scope read)"
        );
        config.required_scopes.push("read".into());
        assert!(generate_with_warnings(&config).is_ok());
    }

    #[test]
    fn hosts_are_written_bare() {
        let config = provider(
            "clerk",
            &[
                (
                    "domain",
                    ParamValue::from("https://your-app.clerk.accounts.dev/"),
                ),
                ("client_id", ParamValue::from("abc")),
                (
                    "jwt_signing_key",
                    ParamValue::env("CLERK_JWT_SIGNING_KEY").unwrap(),
                ),
                ("base_url", ParamValue::from("https://mcp.example.com")),
            ],
        );
        let generated = generate_with_warnings(&config).unwrap().config;
        assert_eq!(
            generated.config_params["domain"],
            ParamValue::from("your-app.clerk.accounts.dev")
        );
    }
}
