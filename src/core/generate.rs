//! `generate_fastmcp_auth_config`: a user's choices + the catalog → a validated
//! `FastMCPAuthConfig`. Pure: it reads no environment and no files, so the CLI, the wizard
//! and tests all get the same answer for the same input.

use indexmap::IndexMap;
use serde_json::Value;

use super::catalog::{Catalog, FieldKind, FieldSpec, ProviderSpec, Rule};
use super::error::{AuthError, Result};
use super::types::{AuthProviderConfig, FastMCPAuthConfig};
use super::validate::{
    check_choice, check_url, is_module_path, is_python_identifier, normalize_scopes,
};
use super::value::{EnvVarName, ParamValue};

/// A generated config and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub config: FastMCPAuthConfig,
    pub warnings: Vec<String>,
}

/// The specification's entry point: validates `provider` against the catalog and returns
/// the FastMCP class, module and keyword arguments.
pub fn generate_fastmcp_auth_config(provider: &AuthProviderConfig) -> Result<FastMCPAuthConfig> {
    generate_with_warnings(provider).map(|g| g.config)
}

/// Like [`generate_fastmcp_auth_config`], also returning warnings (e.g. a secret literal that
/// was replaced by a `${VAR}` reference).
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
    if !scopes.is_empty() {
        params.insert(spec.scopes.param.clone(), ParamValue::list(scopes));
    }
    Ok(Generated {
        config: FastMCPAuthConfig {
            provider_class,
            import_path,
            config_params: params,
            provider_type: Some(spec.type_name.clone()),
            service: None,
            extra: serde_json::Map::new(),
        },
        warnings,
    })
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
pub fn check_value(field: &FieldSpec, value: ParamValue) -> Result<ParamValue> {
    let invalid = |problem: &str| AuthError::InvalidField {
        field: field.name.clone(),
        problem: problem.to_string(),
        example: field.example.clone(),
    };
    if let ParamValue::Env(_) = value {
        return if field.kind == FieldKind::List {
            Err(invalid("must be a list, not an environment reference"))
        } else {
            Ok(value)
        };
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
        FieldKind::Text => Ok(value),
    }
}

/// Whether parameter `name` of `spec` holds a secret, given the other parameters (the
/// algorithm decides for a JWT key; custom parameters go by name).
pub fn is_secret_param(
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
    if field.kind == FieldKind::Secret {
        return true;
    }
    let Some(when) = &field.secret_when else {
        return false;
    };
    match params.get(&when.field).map(ParamValue::known_text) {
        Some(Some(text)) => text
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
    if value.env_var().is_some() {
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
         (set {var} where the server runs)",
        field.name
    ));
    Ok(ParamValue::Env(name))
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
                    problem: "must be a Python name (letters, digits, '_'; modules joined by '.')"
                        .into(),
                    example: field.example.clone(),
                }),
            },
        }
    };
    let import_path = text_of("import_path", is_module_path)?;
    let provider_class = text_of("provider_class", is_python_identifier)?;
    let mut params = IndexMap::new();
    for (name, value) in &provider.config {
        if spec.field(name).is_some() || *name == spec.scopes.param || is_blank(value) {
            continue;
        }
        if !is_python_identifier(name) {
            return Err(AuthError::InvalidField {
                field: name.clone(),
                problem: "a keyword argument name must be a Python identifier".into(),
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

/// Custom parameters have no catalog entry; these names are treated as secrets.
pub fn looks_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "secret",
        "password",
        "private_key",
        "api_key",
        "token",
        "signing_key",
    ]
    .iter()
    .any(|marker| name.contains(marker))
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
                return Err(conflict(
                    format!(
                        "needs at least one required scope other than {}",
                        excluded.join(", ")
                    ),
                    "--scope api://my-api/read".into(),
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
