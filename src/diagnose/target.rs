//! Which verifier a saved config builds inside FastMCP, with the environment's values for
//! its `${VAR}` references: the `JWTVerifier` `verify` can replay, or why the tokens are
//! ones only the upstream (or the running server) can check.

use serde_json::Value;

use super::jwt::{FASTMCP_ALGORITHMS, KeySource, VerifierSpec};
use crate::core::compat::default_target;
use crate::core::{EnvVarName, FastMCPAuthConfig, ParamValue, Secret};

/// What `verify` can do with tokens for a config.
#[derive(Debug, Clone)]
pub enum Target {
    /// The provider checks JWTs with a `JWTVerifier` built like this.
    Jwt {
        spec: Box<VerifierSpec>,
        /// How FastMCP derived the spec (e.g. Keycloak's JWKS path), for the report.
        derivation: String,
    },
    /// Tokens this tool cannot judge; the text says why and who can.
    Opaque(String),
}

/// A config parameter's value as FastMCP receives it, `${VAR}` expanded from here.
pub struct Params<'a> {
    config: &'a FastMCPAuthConfig,
}

impl<'a> Params<'a> {
    pub fn new(config: &'a FastMCPAuthConfig) -> Self {
        Params { config }
    }

    /// The expanded value; `Err` names the unset variable (never a value).
    pub fn get(&self, name: &str) -> Result<Option<Value>, String> {
        match self.config.config_params.get(name) {
            None => Ok(None),
            Some(value) => expand(name, value).map(Some),
        }
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, String> {
        Ok(self.get(name)?.and_then(|v| v.as_str().map(str::to_string)))
    }

    /// `parse_scopes`: a list of non-blank strings, or a comma/space separated string.
    pub fn scopes(&self, name: &str) -> Result<Option<Vec<String>>, String> {
        Ok(self.get(name)?.map(|v| match v {
            Value::Array(items) => items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.trim().to_string(),
                    other => other.to_string(),
                })
                .filter(|s| !s.is_empty())
                .collect(),
            Value::String(s) => s
                .replace(',', " ")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }))
    }

    /// Where a parameter's value comes from, for the report: `${VAR}` or "the config".
    pub fn origin(&self, name: &str) -> String {
        match self.config.config_params.get(name) {
            Some(ParamValue::Env(var)) => var.placeholder(),
            _ => format!("{name} in the config"),
        }
    }

    pub fn secret(&self, name: &str) -> Result<Option<Secret>, String> {
        Ok(self.string(name)?.map(Secret::new))
    }
}

fn expand(field: &str, value: &ParamValue) -> Result<Value, String> {
    match value {
        ParamValue::Literal(v) => expand_json(field, v),
        ParamValue::Secret(s) => Ok(Value::String(s.expose().to_string())),
        ParamValue::Env(var) => var
            .lookup()
            .map(Value::String)
            .ok_or_else(|| format!("{field} refers to {}, which is not set", var.placeholder())),
    }
}

fn expand_json(field: &str, value: &Value) -> Result<Value, String> {
    match value {
        Value::String(s) => match EnvVarName::from_placeholder(s) {
            Some(var) => expand(field, &ParamValue::Env(var)),
            None => Ok(value.clone()),
        },
        Value::Array(items) => items
            .iter()
            .map(|i| expand_json(field, i))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

const OAUTH_PROXY: &str = "FastMCP's OAuth proxy gives MCP clients tokens it issues itself and \
    maps them to the upstream's tokens in its own storage: only the running server can check them";

/// Where the MCP endpoint is mounted when the server does not say (FastMCP's HTTP default).
pub const DEFAULT_MCP_PATH: &str = "/mcp";

/// The verifier `config` builds, following each provider's constructor in FastMCP 4.1;
/// `mcp_path` is where the server mounts its MCP endpoint (AuthKit binds its audience to
/// that URL). The verifier checks tokens as the config's FastMCP release does (the
/// catalog's newest when the config names none).
pub fn target_for(config: &FastMCPAuthConfig, mcp_path: &str) -> Result<Target, String> {
    let p = Params::new(config);
    let fastmcp = config.fastmcp_version.unwrap_or_else(default_target);
    let class = config.provider_class.as_str();
    let trimmed = |name: &str| -> Result<String, String> {
        let text = p
            .string(name)?
            .ok_or_else(|| format!("the config has no {name}"))?;
        Ok(text.trim_end_matches('/').to_string())
    };
    let jwt = |spec: VerifierSpec, derivation: String| {
        Ok(Target::Jwt {
            spec: Box::new(spec),
            derivation,
        })
    };
    match class {
        "JWTVerifier" => {
            let algorithm = p.string("algorithm")?.unwrap_or_else(|| "RS256".into());
            if !FASTMCP_ALGORITHMS.contains(&algorithm.as_str()) {
                return Err(format!("algorithm {algorithm} is not one FastMCP supports"));
            }
            let key = match (p.secret("public_key")?, p.string("jwks_uri")?) {
                (Some(key), None) if !key.is_empty() => KeySource::Static {
                    key,
                    origin: p.origin("public_key"),
                },
                (None, Some(uri)) if !uri.is_empty() => KeySource::Jwks(uri),
                _ => return Err("the config needs exactly one of public_key and jwks_uri".into()),
            };
            jwt(
                VerifierSpec {
                    algorithm,
                    key,
                    issuer: p.get("issuer")?,
                    audience: p.get("audience")?,
                    required_scopes: p.scopes("required_scopes")?.unwrap_or_default(),
                    issuer_prefixes: Vec::new(),
                    fastmcp,
                },
                "JWTVerifier as configured".into(),
            )
        }
        "KeycloakAuthProvider" => {
            let realm = trimmed("realm_url")?;
            jwt(
                VerifierSpec {
                    algorithm: "RS256".into(),
                    key: KeySource::Jwks(format!("{realm}/protocol/openid-connect/certs")),
                    issuer: Some(Value::String(realm.clone())),
                    audience: p.get("audience")?,
                    required_scopes: p
                        .scopes("required_scopes")?
                        .unwrap_or_else(|| vec!["openid".into()]),
                    issuer_prefixes: Vec::new(),
                    fastmcp,
                },
                "KeycloakAuthProvider: JWKS {realm_url}/protocol/openid-connect/certs, issuer \
                 realm_url, RS256, required_scopes default openid"
                    .into(),
            )
        }
        "SupabaseProvider" => {
            let project = trimmed("project_url")?;
            let route = p.string("auth_route")?.unwrap_or_else(|| "/auth/v1".into());
            let base = format!("{project}/{}", route.trim_matches('/'));
            jwt(
                VerifierSpec {
                    algorithm: p.string("algorithm")?.unwrap_or_else(|| "ES256".into()),
                    key: KeySource::Jwks(format!("{base}/.well-known/jwks.json")),
                    issuer: Some(Value::String(base)),
                    audience: Some(Value::String("authenticated".into())),
                    required_scopes: p.scopes("required_scopes")?.unwrap_or_default(),
                    issuer_prefixes: Vec::new(),
                    fastmcp,
                },
                "SupabaseProvider: JWKS {project_url}/auth/v1/.well-known/jwks.json, issuer \
                 {project_url}/auth/v1, audience \"authenticated\", ES256 unless configured"
                    .into(),
            )
        }
        "ScalekitProvider" => {
            let env = trimmed("environment_url")?;
            let resource = p
                .string("resource_id")?
                .ok_or("the config has no resource_id")?;
            jwt(
                VerifierSpec {
                    algorithm: "RS256".into(),
                    key: KeySource::Jwks(format!("{env}/keys")),
                    issuer: Some(Value::Array(vec![
                        Value::String(env.clone()),
                        Value::String(format!("{env}/resources/{resource}")),
                    ])),
                    audience: Some(Value::String(resource)),
                    required_scopes: p.scopes("required_scopes")?.unwrap_or_default(),
                    issuer_prefixes: Vec::new(),
                    fastmcp,
                },
                "ScalekitProvider: JWKS {environment_url}/keys, issuer environment_url or \
                 {environment_url}/resources/{resource_id}, audience resource_id, RS256"
                    .into(),
            )
        }
        "IntrospectionTokenVerifier" => Ok(Target::Opaque(
            "IntrospectionTokenVerifier: tokens are opaque; only the introspection endpoint \
             can say whether one is active"
                .into(),
        )),
        "StaticTokenVerifier" => Ok(Target::Opaque(
            "StaticTokenVerifier: tokens are looked up in its fixed tokens map, not verified"
                .into(),
        )),
        "AuthKitProvider" => {
            let domain = trimmed("authkit_domain")?;
            // RemoteAuthProvider._get_resource_url: (resource_base_url or base_url) + path.
            let resource_base = match p.string("resource_base_url")? {
                Some(url) => url,
                None => p.string("base_url")?.ok_or("the config has no base_url")?,
            };
            let audience = format!(
                "{}/{}",
                resource_base.trim_end_matches('/'),
                mcp_path.trim_start_matches('/')
            );
            jwt(
                VerifierSpec {
                    algorithm: "RS256".into(),
                    key: KeySource::Jwks(format!("{domain}/oauth2/jwks")),
                    issuer: Some(Value::String(domain)),
                    audience: Some(Value::String(audience)),
                    required_scopes: p.scopes("required_scopes")?.unwrap_or_default(),
                    issuer_prefixes: Vec::new(),
                    fastmcp,
                },
                format!(
                    "AuthKitProvider: JWKS {{authkit_domain}}/oauth2/jwks, issuer authkit_domain, \
                     audience the MCP URL (base_url + {mcp_path}; see --mcp-path), RS256"
                ),
            )
        }
        "DescopeProvider" => {
            let descope = descope_project(&p)?;
            let project_issuer = format!("{}/v1/apps/{}", descope.base_url, descope.project_id);
            let agentic_issuer = format!(
                "{}/v1/apps/agentic/{}",
                descope.base_url, descope.project_id
            );
            jwt(
                VerifierSpec {
                    algorithm: "RS256".into(),
                    key: KeySource::Jwks(format!(
                        "{}/{}/.well-known/jwks.json",
                        descope.base_url, descope.project_id
                    )),
                    issuer: Some(Value::String(project_issuer.clone())),
                    audience: Some(Value::String(descope.project_id.clone())),
                    required_scopes: p.scopes("required_scopes")?.unwrap_or_default(),
                    issuer_prefixes: vec![agentic_issuer, project_issuer],
                    fastmcp,
                },
                "DescopeProvider: JWKS {base}/{project_id}/.well-known/jwks.json, issuer \
                 {base}/v1/apps/{project_id} (or one more segment, or its agentic form), \
                 audience project_id, RS256"
                    .into(),
            )
        }
        "GoogleProvider"
        | "GitHubProvider"
        | "OIDCProxy"
        | "OAuthProxy"
        | "AzureProvider"
        | "Auth0Provider"
        | "AWSCognitoProvider"
        | "ClerkProvider"
        | "DiscordProvider"
        | "HuggingFaceProvider"
        | "OCIProvider"
        | "WorkOSProvider" => Ok(Target::Opaque(format!("{class}: {OAUTH_PROXY}"))),
        other => Ok(Target::Opaque(format!(
            "{other} is not a verifier this tool knows how FastMCP builds"
        ))),
    }
}

/// Descope's API base URL and project, from `config_url` or `project_id` +
/// `descope_base_url` (FastMCP's `_parse_descope_config_url`).
pub struct DescopeProject {
    pub base_url: String,
    pub project_id: String,
    /// The OpenID configuration URL FastMCP derives.
    pub openid_configuration_url: String,
}

pub const OPENID_WELL_KNOWN: &str = "/.well-known/openid-configuration";

pub fn descope_project(p: &Params<'_>) -> Result<DescopeProject, String> {
    if let Some(config_url) = p.string("config_url")? {
        let mut openid = config_url.trim_end_matches('/').to_string();
        if !openid.ends_with(OPENID_WELL_KNOWN) {
            openid.push_str(OPENID_WELL_KNOWN);
        }
        let issuer_url = &openid[..openid.len() - OPENID_WELL_KNOWN.len()];
        let parsed = url::Url::parse(issuer_url).map_err(|e| format!("config_url: {e}"))?;
        let netloc = match (parsed.host_str(), parsed.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            _ => return Err("config_url has no host".into()),
        };
        let parts: Vec<&str> = parsed.path().trim_matches('/').split('/').collect();
        let after = |name: &str| {
            parts
                .iter()
                .position(|p| *p == name)
                .and_then(|i| parts.get(i + 1))
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let project_id = if parts.contains(&"agentic") {
            after("agentic")
        } else if parts.contains(&"apps") {
            Some(after("apps"))
                .filter(|p| p != "agentic")
                .unwrap_or_default()
        } else {
            String::new()
        };
        if project_id.is_empty() {
            return Err(format!(
                "cannot find the project ID in config_url {issuer_url}"
            ));
        }
        return Ok(DescopeProject {
            base_url: format!("{}://{netloc}", parsed.scheme()),
            project_id,
            openid_configuration_url: openid,
        });
    }
    match (p.string("project_id")?, p.string("descope_base_url")?) {
        (Some(project_id), Some(base)) => {
            let mut base = base.trim_end_matches('/').to_string();
            if !base.starts_with("http://") && !base.starts_with("https://") {
                base = format!("https://{base}");
            }
            let openid = format!("{base}/v1/apps/{project_id}{OPENID_WELL_KNOWN}");
            Ok(DescopeProject {
                base_url: base,
                project_id,
                openid_configuration_url: openid,
            })
        }
        _ => Err("the config needs config_url, or project_id and descope_base_url".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::FastmcpVersion;
    use serde_json::json;

    fn spec_of(config: &FastMCPAuthConfig) -> VerifierSpec {
        match target_for(config, DEFAULT_MCP_PATH).unwrap() {
            Target::Jwt { spec, .. } => *spec,
            Target::Opaque(why) => panic!("{why}"),
        }
    }

    #[test]
    fn the_verifier_is_the_one_of_the_release_the_config_names() {
        let mut config: FastMCPAuthConfig = serde_json::from_value(json!({
            "provider_class": "JWTVerifier",
            "import_path": "fastmcp.server.auth.providers.jwt",
            "config_params": {"jwks_uri": "https://auth.example.com/jwks"},
        }))
        .unwrap();
        assert_eq!(spec_of(&config).fastmcp, default_target());
        config.fastmcp_version = Some(FastmcpVersion::new(4, 1, 2));
        assert_eq!(spec_of(&config).fastmcp, FastmcpVersion::new(4, 1, 2));
    }
}
