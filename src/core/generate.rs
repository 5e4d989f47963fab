//! `generate_fastmcp_auth_config`: a user's choices + the catalog → a validated
//! `FastMCPAuthConfig`. Pure: it reads no environment and no files, so the CLI, the wizard
//! and tests all get the same answer for the same input.

use indexmap::IndexMap;
use serde_json::Value;

use super::catalog::{Catalog, FieldKind, FieldSpec, ProviderSpec, Rule};
use super::compat::{default_target, fit_to_target};
use super::composite;
use super::error::{AuthError, Result};
use super::pem_key;
use super::stdlib_modules::is_stdlib_module;
use super::text::escape_control;
use super::types::{AuthProviderConfig, FastMCPAuthConfig};
use super::validate::{
    DISCOVERY_PATH, check_choice, check_descope_config_url, check_host, check_integer,
    check_number, check_string_map, check_token_map, check_url, discovery_url_suggestion,
    is_module_path, is_provider_class_name, is_python_identifier, normalize_scopes, split_scopes,
};
use super::value::{EnvVarName, ParamValue};
use super::warning::{Warning, WarningKind};

/// A generated config and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "the config is in `.config`, and the `.warnings` are meant to be shown"]
pub struct Generated {
    /// The generated config.
    pub config: FastMCPAuthConfig,
    /// What the user should know (e.g. a secret replaced by a reference); meant to be shown.
    pub warnings: Vec<Warning>,
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
    generate_with_catalog(provider, Catalog::builtin())
}

/// Like [`generate_with_warnings`], checking `provider` against a caller's `catalog`
/// instead of the built-in one (see also [`AuthContext::with_catalog`](crate::core::AuthContext::with_catalog)).
///
/// # Errors
///
/// An [`AuthError`](crate::core::AuthError) naming the field when the type is not in `catalog`, a required field is missing, a value is invalid, or fields conflict.
pub fn generate_with_catalog(
    provider: &AuthProviderConfig,
    catalog: &Catalog,
) -> Result<Generated> {
    let spec = catalog.get_or_err(provider.provider_type.as_str())?;
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
    scope_warnings(spec, &scopes, &mut warnings);
    development_warnings(spec, &params, &scopes, &mut warnings);
    let target = provider.fastmcp_version.unwrap_or_else(default_target);
    let verifier_params =
        composite::verifier_params(spec, provider, &scopes, target, catalog, &mut warnings)?;
    if !scopes.is_empty() && spec.scopes.via.is_none() {
        params.insert(spec.scopes.param.clone(), ParamValue::list(scopes));
    }
    let mut config = FastMCPAuthConfig {
        provider_class,
        import_path,
        config_params: params,
        provider_type: Some(spec.type_name.clone()),
        fastmcp_version: None,
        service: None,
        deployment: None,
        verifier_params,
        also_accept: Vec::new(),
        extra: serde_json::Map::new(),
    };
    config.also_accept =
        composite::also_accept(spec, &config, provider, target, catalog, &mut warnings)?;
    let mut notes = fit_to_target(spec, &mut config, target)?;
    warnings.append(&mut notes);
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
                            field: spec.scopes.param.clone(),
                            shown: other.to_string(),
                            problem: "a scope must be a string".into(),
                        });
                    }
                }
            }
        }
        // A string is read as FastMCP's `parse_scopes` reads one: split on commas and spaces.
        Some(ParamValue::Literal(Value::String(s))) => {
            scopes.extend(split_scopes(s).map(str::to_string));
        }
        Some(_) => {
            return Err(AuthError::InvalidField {
                field: spec.scopes.param.clone(),
                problem: "must be a list of scopes, not an environment reference".into(),
                example: "[\"read\", \"write\"]".into(),
            });
        }
    }
    let scopes = normalize_scopes(scopes).map_err(|e| match e {
        AuthError::InvalidScope { shown, problem, .. } => AuthError::InvalidScope {
            field: spec.scopes.param.clone(),
            shown,
            problem,
        },
        other => other,
    })?;
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
    warnings: &mut Vec<Warning>,
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
                let value = check_value(field, value)?;
                let suggested = (field.kind == FieldKind::DiscoveryUrl)
                    .then(|| value.as_literal_str().and_then(discovery_url_suggestion))
                    .flatten();
                if let Some(suggested) = suggested {
                    warnings.push(Warning::new(
                        WarningKind::DiscoveryUrlWithoutWellKnown,
                        Some(&field.name),
                        format!(
                            "{}: FastMCP reads the OpenID discovery document from this URL, \
                             which does not end in {DISCOVERY_PATH}; if it is the issuer, use {}",
                            field.name,
                            escape_control(&suggested)
                        ),
                    ));
                }
                params.insert(field.name.clone(), value);
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
            FieldKind::Integer | FieldKind::Number => Err(invalid(
                "must be a number written into the config, not an environment reference (it \
                 would arrive as a string)",
            )),
            FieldKind::StringMap => Err(invalid(
                "must be written into the config: FastMCP needs a dict, which an environment \
                 reference cannot hold",
            )),
            _ => Ok(value),
        };
    }
    if let Some(checked) = scalar_or_map_value(field, &value)? {
        return Ok(checked);
    }
    if field.kind == FieldKind::Bool {
        return bool_value(field, &value).map(ParamValue::from);
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
        if field.scopes {
            // Each item must be one scope: "User.Read Mail.Read" would reach the identity
            // provider as a scope of that name.
            let items = items.iter().filter_map(Value::as_str);
            let scopes = normalize_scopes(items).map_err(|e| match e {
                AuthError::InvalidScope { shown, problem, .. } => {
                    invalid(&format!("scope {shown}: {problem}"))
                }
                other => other,
            })?;
            return Ok(ParamValue::list(scopes));
        }
        return Ok(value);
    }
    let Some(text) = value.known_text() else {
        return Err(invalid("must be a string"));
    };
    match field.kind {
        FieldKind::List => Err(invalid("must be a list (e.g. [\"a\", \"b\"])")),
        FieldKind::Url | FieldKind::DiscoveryUrl => Ok(ParamValue::from(check_url(field, text)?)),
        FieldKind::Choice => Ok(ParamValue::from(check_choice(field, text)?)),
        FieldKind::Secret => Ok(value.into_secret()),
        FieldKind::Host => Ok(ParamValue::from(check_host(field, text)?)),
        FieldKind::DescopeConfigUrl => Ok(ParamValue::from(check_descope_config_url(field, text)?)),
        // Token maps were handled above, before the text of a value was taken.
        FieldKind::Text | FieldKind::TokenMap => Ok(value),
        FieldKind::Bool => bool_value(field, &value).map(ParamValue::from),
        // Handled above by `scalar_or_map_value`.
        FieldKind::Integer | FieldKind::Number | FieldKind::StringMap => Ok(value),
    }
}

/// Numbers and string maps, checked and written as JSON values whatever form they came in
/// (typed text, a JSON value from a file); `None` for the other kinds.
fn scalar_or_map_value(field: &FieldSpec, value: &ParamValue) -> Result<Option<ParamValue>> {
    let json = match value {
        ParamValue::Literal(v) => v.clone(),
        ParamValue::Secret(s) => Value::String(s.expose().to_string()),
        ParamValue::Env(_) => return Ok(None),
    };
    let checked = match field.kind {
        FieldKind::Integer => Value::from(check_integer(field, &json)?),
        FieldKind::Number => Value::Number(check_number(field, &json)?),
        FieldKind::StringMap => Value::Object(check_string_map(field, &json)?),
        _ => return Ok(None),
    };
    Ok(Some(ParamValue::Literal(checked)))
}

/// A boolean, or its text as typed (`true`/`false`/`yes`/`no`/`on`/`off`, any case).
/// A bool field's value: true or false, or one of the field's text choices (FastMCP's
/// `bool | Literal[...]` parameters).
fn bool_value(field: &FieldSpec, value: &ParamValue) -> Result<Value> {
    let text = match value {
        ParamValue::Literal(Value::Bool(b)) => return Ok(Value::Bool(*b)),
        other => other.known_text().map(|t| t.trim().to_ascii_lowercase()),
    };
    match text.as_deref() {
        Some("true" | "yes" | "on") => Ok(Value::Bool(true)),
        Some("false" | "no" | "off") => Ok(Value::Bool(false)),
        Some(text) if field.choices.iter().any(|c| c == text) => Ok(Value::from(text)),
        _ => Err(AuthError::InvalidField {
            field: field.name.clone(),
            problem: if field.choices.is_empty() {
                "must be true or false".into()
            } else {
                format!("must be true, false or one of {}", field.choices.join(", "))
            },
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
    warnings: &mut Vec<Warning>,
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
    warnings.push(Warning::new(
        WarningKind::SecretReplacedByReference,
        Some(&field.name),
        format!(
            "{}: the secret is not written into the config; it refers to ${{{var}}} instead \
             (set {var} where the server runs, or choose to embed secrets)",
            field.name
        ),
    ));
    Ok(ParamValue::Env(name))
}

/// What the required scopes will do in FastMCP, where that is not what they say: a scope
/// FastMCP renames (clients must request the new name), and a scope the upstream provider
/// never issues (FastMCP checks required scopes on the provider's own tokens, so an app
/// scope such as `repo:read` there refuses every request).
fn scope_warnings(spec: &ProviderSpec, scopes: &[String], warnings: &mut Vec<Warning>) {
    let param = &spec.scopes.param;
    let renamed: Vec<_> = spec
        .scopes
        .rewrites
        .iter()
        .filter(|r| scopes.contains(&r.from))
        .collect();
    if let Some(since) = renamed.iter().map(|r| r.since).min() {
        let names: Vec<String> = renamed
            .iter()
            .map(|r| format!("{}, not {},", r.to, r.from))
            .collect();
        warnings.push(Warning::new(
            WarningKind::ScopeRenamedByFastmcp,
            Some(param),
            format!(
                "{param}: MCP clients must request {} as FastMCP {since}+ renames them and \
                 refuses the short names; write the long ones here (older FastMCP needs them \
                 too)",
                names.join(" and ")
            ),
        ));
    }
    let foreign: Vec<&str> = scopes
        .iter()
        .map(String::as_str)
        .filter(|s| !spec.scopes.upstream_issues(s))
        .collect();
    if !foreign.is_empty() {
        let what = if foreign.len() == 1 {
            format!("is not {} scope", article(&spec.title))
        } else {
            format!("are not {} scopes", spec.title)
        };
        warnings.push(Warning::new(
            WarningKind::ScopeNotIssuedUpstream,
            Some(param),
            format!(
                "{param}: {} {what}: FastMCP asks {} for every required scope and checks each \
                 on its tokens, so no request would pass. Check app-level permissions in your \
                 tools instead, or verify your own tokens with a JWT provider",
                foreign.join(", "),
                spec.title
            ),
        ));
    }
}

/// `spec.title` with the indefinite article it takes ("a GitHub OAuth", "an Auth0").
fn article(title: &str) -> String {
    let vowel = title
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {title}", if vowel { "an" } else { "a" })
}

/// A development-only provider says so every time, and a static token that lacks a required
/// scope is pointed out: FastMCP would refuse every request made with it.
fn development_warnings(
    spec: &ProviderSpec,
    params: &IndexMap<String, ParamValue>,
    scopes: &[String],
    warnings: &mut Vec<Warning>,
) {
    if !spec.development_only {
        return;
    }
    warnings.push(Warning::new(
        WarningKind::DevelopmentOnly,
        None,
        format!(
            "{}: {} is for development and tests only: this config holds its credentials in \
             plain text and anyone who reads it can use them; never deploy it",
            spec.type_name, spec.provider_class
        ),
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
                warnings.push(Warning::new(
                    WarningKind::TokenLacksScope,
                    Some(&field.name),
                    format!(
                        "{}: token {} (client_id '{}') lacks required scope {}; FastMCP will \
                         refuse requests made with it",
                        field.name,
                        position + 1,
                        info["client_id"].as_str().unwrap_or_default(),
                        missing.join(", ")
                    ),
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
    let conflict = |field: &str, problem: String, example: String| AuthError::Conflict {
        provider: spec.type_name.clone(),
        field: field.to_string(),
        problem,
        example,
    };
    let example_of = |name: &str| {
        spec.field(name)
            .map(|f| f.example.clone())
            .unwrap_or_default()
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
                return Err(conflict(&fields[0], problem, example_of(&fields[0])));
            }
        }
        Rule::AnyGroupComplete(groups) => {
            if !groups
                .iter()
                .any(|g| g.iter().all(|f| params.contains_key(f)))
            {
                let options: Vec<String> = groups.iter().map(|g| g.join(" + ")).collect();
                // The first field of the first group the config lacks.
                let first = groups[0]
                    .iter()
                    .find(|f| !params.contains_key(*f))
                    .unwrap_or(&groups[0][0]);
                return Err(conflict(
                    first,
                    format!("needs {}", options.join(", or ")),
                    example_of(first),
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
                    &spec.scopes.param,
                    format!(
                        "needs at least one required scope other than {}",
                        excluded.join(", ")
                    ),
                    example.to_string(),
                ));
            }
        }
    }
    Ok(())
}

/// HS* takes a shared secret in the key field and cannot use a JWKS; RS/ES/PS/EdDSA with a
/// literal key need a PEM public key that parses and whose type fits the algorithm (RSA for
/// RS*/PS*, the algorithm's curve for ES*, Ed25519/Ed448 for EdDSA), as FastMCP would
/// otherwise fail on the first token. Messages describe the key, never quote it.
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
    let text = params.get(key).and_then(ParamValue::known_text);
    let invalid = |problem: String, example: String| AuthError::InvalidField {
        field: key.to_string(),
        problem,
        example,
    };
    if alg.to_ascii_uppercase().starts_with("HS") {
        if params.contains_key(jwks_uri) {
            return Err(AuthError::Conflict {
                provider: spec.type_name.clone(),
                field: key.to_string(),
                problem: format!(
                    "{alg} verifies with a shared secret, which a JWKS URL cannot provide: put \
                     the secret in {key} (an environment reference) instead of {jwks_uri}, or \
                     use RS256 with {jwks_uri}"
                ),
                example: "${JWT_SHARED_SECRET}".into(),
            });
        }
        let Some(text) = text else { return Ok(()) };
        let given = if pem_key::has_pem_armour(text) {
            match pem_key::parse_public_key(text) {
                Ok(kind) => Some(format!("{kind}")),
                Err(pem_key::PemProblem::PrivateKey) => Some("a private key".to_string()),
                Err(_) => Some("a PEM key".to_string()),
            }
        } else if pem_key::is_bare_public_key(text) {
            Some("a public key (base64 without its PEM lines)".to_string())
        } else {
            None
        };
        if let Some(given) = given {
            return Err(invalid(
                format!(
                    "{alg} needs a shared secret, not {given}; use RS256 with a PEM public key"
                ),
                "${JWT_SHARED_SECRET}".into(),
            ));
        }
        return Ok(());
    }
    let Some(pem) = text else { return Ok(()) };
    let example = spec
        .field(key)
        .map(|f| f.example.clone())
        .unwrap_or_default();
    let kind = pem_key::parse_public_key(pem).map_err(|problem| {
        let hint = if problem == pem_key::PemProblem::NotPem {
            " (or use HS256 for a shared secret)"
        } else {
            ""
        };
        invalid(
            format!("{problem}{hint} ({algorithm} is {alg})"),
            example.clone(),
        )
    })?;
    if pem_key::fits_algorithm(kind, alg) == Some(false) {
        let fitting = pem_key::algorithm_for(kind);
        let hint = if fitting.is_empty() {
            String::new()
        } else {
            format!("; for this key choose {algorithm} {fitting}")
        };
        return Err(invalid(
            format!(
                "is {kind}, but {algorithm} {alg} needs {}{hint}",
                pem_key::key_needed(alg)
            ),
            example,
        ));
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

    fn google_with(name: &str, value: ParamValue) -> Result<FastMCPAuthConfig> {
        generate_fastmcp_auth_config(&provider(
            "google",
            &[
                (
                    "client_id",
                    ParamValue::from("123-abc.apps.googleusercontent.com"),
                ),
                (
                    "client_secret",
                    ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap(),
                ),
                ("base_url", ParamValue::from("https://mcp.example.com")),
                (name, value),
            ],
        ))
    }

    fn problem(result: Result<FastMCPAuthConfig>, field: &str) -> String {
        match result {
            Err(AuthError::InvalidField {
                field: named,
                problem,
                example,
            }) => {
                assert_eq!(named, field);
                assert!(!example.is_empty());
                problem
            }
            other => panic!("{field}: expected InvalidField, got {other:?}"),
        }
    }

    /// Numbers reach FastMCP as numbers whatever form they were typed in: a string
    /// "3600" would reach `int` parameters as text and break FastMCP at the first request.
    #[test]
    fn integers_and_numbers_are_written_as_json_numbers() {
        for given in [
            ParamValue::from("3600"),
            ParamValue::from(" 3600 "),
            json!(3600).into(),
        ] {
            let config = google_with("fastmcp_access_token_expiry_seconds", given).unwrap();
            assert_eq!(
                config.config_params["fastmcp_access_token_expiry_seconds"],
                ParamValue::Literal(json!(3600))
            );
        }
        let bearer = |value: ParamValue| {
            generate_fastmcp_auth_config(&provider(
                "bearer",
                &[
                    (
                        "jwks_uri",
                        ParamValue::from("https://auth.example.com/jwks.json"),
                    ),
                    ("jwks_refresh_interval", value),
                ],
            ))
        };
        let config = bearer(ParamValue::from("2.5")).unwrap();
        assert_eq!(
            config.config_params["jwks_refresh_interval"],
            ParamValue::Literal(json!(2.5))
        );
        let config = bearer(ParamValue::from("30")).unwrap();
        assert_eq!(
            config.config_params["jwks_refresh_interval"],
            ParamValue::Literal(json!(30))
        );
        for bad in ["-1", "1e3", "NaN", "2.5.1", "."] {
            let problem = problem(bearer(ParamValue::from(bad)), "jwks_refresh_interval");
            assert!(
                problem.contains("not a number of 0 or more"),
                "{bad}: {problem}"
            );
        }
        for bad in [
            ParamValue::from("-5"),
            ParamValue::from("1.5"),
            ParamValue::from("10s"),
            ParamValue::from("1h"),
            json!(-1).into(),
            json!(2.5).into(),
            json!(true).into(),
        ] {
            let problem = problem(
                google_with("timeout_seconds", bad.clone()),
                "timeout_seconds",
            );
            assert!(
                problem.contains("whole number of 0 or more"),
                "{bad:?}: {problem}"
            );
        }
        let problem = problem(
            google_with(
                "timeout_seconds",
                ParamValue::env("GOOGLE_TIMEOUT").unwrap(),
            ),
            "timeout_seconds",
        );
        assert!(
            problem.contains("not an environment reference"),
            "{problem}"
        );
    }

    #[test]
    fn string_maps_are_written_as_objects_of_strings() {
        let wanted = ParamValue::Literal(json!({"prompt": "consent", "access_type": "offline"}));
        for given in [
            ParamValue::from("prompt=consent, access_type=offline"),
            ParamValue::from(r#"{"prompt": "consent", "access_type": "offline"}"#),
            json!({"prompt": "consent", "access_type": "offline"}).into(),
        ] {
            let config = google_with("extra_authorize_params", given).unwrap();
            assert_eq!(config.config_params["extra_authorize_params"], wanted);
        }
        for (bad, expected) in [
            (ParamValue::from("prompt"), "has no '='"),
            (ParamValue::from("=consent"), "empty or contains whitespace"),
            (ParamValue::from("a b=c"), "empty or contains whitespace"),
            (json!({"max_age": 5}).into(), "must be a string"),
            (ParamValue::from(r#"{"prompt": "#), "not valid JSON"),
            (ParamValue::from("[1]"), "has no '='"),
            (json!(["a"]).into(), "must be a map"),
            (ParamValue::env("EXTRA_PARAMS").unwrap(), "cannot hold"),
        ] {
            let problem = problem(
                google_with("extra_authorize_params", bad.clone()),
                "extra_authorize_params",
            );
            assert!(problem.contains(expected), "{bad:?}: {problem}");
        }
    }

    fn warnings_for(type_name: &str, params: &[(&str, ParamValue)], scopes: &[&str]) -> String {
        let mut config = provider(type_name, params);
        config.required_scopes = scopes.iter().map(|s| s.to_string()).collect();
        generate_with_warnings(&config)
            .unwrap()
            .warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn oauth_app() -> Vec<(&'static str, ParamValue)> {
        vec![
            (
                "client_id",
                ParamValue::from("123-abc.apps.googleusercontent.com"),
            ),
            ("client_secret", ParamValue::env("CLIENT_SECRET").unwrap()),
            ("base_url", ParamValue::from("https://mcp.example.com")),
        ]
    }

    /// FastMCP 3.4.11+ renames Google's email/profile and refuses clients asking for the
    /// short names (checked against FastMCP's /register): the warning names the long form.
    #[test]
    fn google_short_scopes_say_which_form_clients_must_request() {
        // The default scopes are already the long form: nothing to say.
        let warnings = warnings_for("google", &oauth_app(), &[]);
        assert!(!warnings.contains("must request"), "{warnings}");
        for scopes in [&["openid", "email"][..], &["email", "profile"][..]] {
            let warnings = warnings_for("google", &oauth_app(), scopes);
            assert!(
                warnings.contains(
                    "MCP clients must request https://www.googleapis.com/auth/userinfo.email, \
                     not email,"
                ) && warnings.contains("FastMCP 3.4.11+ renames them"),
                "{scopes:?}: {warnings}"
            );
        }
        let long = [
            "openid",
            "https://www.googleapis.com/auth/userinfo.email",
            "https://www.googleapis.com/auth/userinfo.profile",
        ];
        let warnings = warnings_for("google", &oauth_app(), &long);
        assert!(!warnings.contains("must request"), "{warnings}");
        assert!(!warnings.contains("not a Google"), "{warnings}");
    }

    /// FastMCP checks a provider's required scopes on that provider's own tokens, so an
    /// app scope there refuses every request (GitHub's and Google's verifiers compare them
    /// with the scopes the provider granted).
    #[test]
    fn app_scopes_on_an_upstream_provider_are_pointed_out() {
        let warnings = warnings_for("github", &oauth_app(), &["repo:read", "org:read", "repo"]);
        assert!(
            warnings.contains("repo:read, org:read are not GitHub OAuth scopes"),
            "{warnings}"
        );
        assert!(!warnings.contains("repo,"), "{warnings}");
        let warnings = warnings_for("google", &oauth_app(), &["openid", "workspace:read"]);
        assert!(
            warnings.contains("workspace:read is not a Google OAuth scope"),
            "{warnings}"
        );
        let warnings = warnings_for("github", &oauth_app(), &["repo", "read:org"]);
        assert!(warnings.is_empty(), "{warnings}");
        // Providers whose scopes are the operator's own are not second-guessed.
        let bearer = [(
            "jwks_uri",
            ParamValue::from("https://auth.example.com/jwks.json"),
        )];
        assert!(warnings_for("bearer", &bearer, &["repo:read"]).is_empty());
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

    /// A scope list's items are scope tokens: one with a space would reach the identity
    /// provider as a single scope of that name.
    #[test]
    fn scope_list_items_must_each_be_one_scope() {
        let field = Catalog::builtin()
            .get("azure")
            .unwrap()
            .field("additional_authorize_scopes")
            .unwrap();
        let ok = check_value(
            field,
            ParamValue::list(["User.Read", "Mail.Read", "User.Read"]),
        );
        assert_eq!(ok.unwrap(), ParamValue::list(["User.Read", "Mail.Read"]));
        for bad in ["User.Read Mail.Read", "caf\u{e9}"] {
            let err = check_value(field, ParamValue::list([bad])).unwrap_err();
            let message = err.to_string();
            assert!(
                message.starts_with("additional_authorize_scopes: scope '")
                    && message.contains("example: additional_authorize_scopes=User.Read,Mail.Read"),
                "{message}"
            );
        }
    }

    const RSA_PEM: &str = include_str!("../../tests/keys/rsa2048.pem");
    const P256_PEM: &str = include_str!("../../tests/keys/ec-p256.pem");
    const P384_PEM: &str = include_str!("../../tests/keys/ec-p384.pem");
    const ED25519_PEM: &str = include_str!("../../tests/keys/ed25519.pem");
    const RSA_CERT: &str = include_str!("../../tests/keys/rsa2048-cert.pem");

    fn bearer_with_key(algorithm: &str, key: ParamValue) -> Result<Generated> {
        let mut config = provider(
            "bearer",
            &[
                ("public_key", key),
                ("algorithm", ParamValue::from(algorithm)),
            ],
        );
        config.embed_secrets = true;
        generate_with_warnings(&config)
    }

    /// A key FastMCP cannot load, or cannot verify the algorithm with, fails generation (so
    /// `validate`, the CLI and the wizard refuse it); the message names the field, gives an
    /// example, and never repeats the key.
    #[test]
    fn public_keys_are_parsed_and_must_fit_the_algorithm() {
        for (algorithm, pem) in [
            ("RS256", RSA_PEM),
            ("PS384", RSA_PEM),
            ("RS512", RSA_CERT),
            ("ES256", P256_PEM),
            ("ES384", P384_PEM),
            ("EdDSA", ED25519_PEM),
        ] {
            let result = bearer_with_key(algorithm, ParamValue::from(pem));
            assert!(result.is_ok(), "{algorithm}: {result:?}");
        }
        let body_line = |pem: &str| pem.lines().nth(1).unwrap().to_string();
        let corrupt = RSA_PEM.replacen("MIIB", "XIIB", 1);
        let cases = [
            ("RS256", corrupt.clone(), "damaged PEM key"),
            (
                "RS256",
                P256_PEM.to_string(),
                "is an EC P-256 key, but algorithm RS256 needs an RSA public key; for this key choose algorithm ES256",
            ),
            ("PS256", ED25519_PEM.to_string(), "needs an RSA public key"),
            (
                "ES256",
                RSA_PEM.to_string(),
                "is an RSA key (2048 bits), but algorithm ES256 needs an EC P-256 public key",
            ),
            (
                "ES384",
                P256_PEM.to_string(),
                "needs an EC P-384 public key; for this key choose algorithm ES256",
            ),
            (
                "EdDSA",
                P256_PEM.to_string(),
                "needs an Ed25519 or Ed448 public key",
            ),
            (
                "HS256",
                RSA_PEM.to_string(),
                "HS256 needs a shared secret, not an RSA key (2048 bits)",
            ),
            (
                "HS512",
                P256_PEM.to_string(),
                "HS512 needs a shared secret, not an EC P-256 key",
            ),
            (
                "HS256",
                body_line(P256_PEM) + P256_PEM.lines().nth(2).unwrap(),
                "not a public key (base64 without its PEM lines)",
            ),
            ("HS384", corrupt, "needs a shared secret, not a PEM key"),
        ];
        for (algorithm, key, expected) in cases {
            for value in [
                ParamValue::from(key.as_str()),
                ParamValue::secret(key.clone()),
            ] {
                let err = bearer_with_key(algorithm, value).unwrap_err();
                let AuthError::InvalidField {
                    field,
                    problem,
                    example,
                } = &err
                else {
                    panic!("{algorithm}: {err:?}");
                };
                assert_eq!(field, "public_key");
                assert!(problem.contains(expected), "{algorithm}: {problem}");
                assert!(!example.is_empty());
                let message = err.to_string();
                for line in key.lines().filter(|l| !l.starts_with("-----")) {
                    assert!(!message.contains(line), "the key leaked: {message}");
                }
            }
        }
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
            let warnings = generated
                .warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n");
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
             offline_access (example: required_scopes=read)"
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
