//! `doctor`'s checks of what a config points at: OIDC discovery or OAuth metadata (issuer,
//! endpoints, scopes), the JWKS (reachable, keys for the algorithm), an introspection
//! endpoint's reachability, and the redirect URI to register. Requests carry no
//! credentials; each has the client's timeout.

use jsonwebtoken::{DecodingKey, jwk::Jwk};
use serde_json::Value;

use super::http::Client;
use super::jwt::KeySource;
use super::jwt::key_type_for;
use super::report::{Check, Report, show_value};
use super::target::{
    DEFAULT_MCP_PATH, OPENID_WELL_KNOWN, Params, Target, descope_project, target_for,
};
use crate::core::FastMCPAuthConfig;

/// Classes that run FastMCP's OAuth proxy (they have a callback on the server).
const OAUTH_PROXIES: &[&str] = &[
    "GoogleProvider",
    "GitHubProvider",
    "OIDCProxy",
    "OAuthProxy",
    "AzureProvider",
    "Auth0Provider",
    "AWSCognitoProvider",
    "ClerkProvider",
    "DiscordProvider",
    "HuggingFaceProvider",
    "OCIProvider",
    "WorkOSProvider",
];

pub const DEFAULT_REDIRECT_PATH: &str = "/auth/callback";

/// The redirect URI an OAuth-proxy config needs registered upstream.
pub fn redirect_uri(config: &FastMCPAuthConfig, report: &mut Report) {
    if !OAUTH_PROXIES.contains(&config.provider_class.as_str()) {
        return;
    }
    let p = Params::new(config);
    let base = match p.string("base_url") {
        Ok(Some(base)) => base,
        Ok(None) => {
            report.push(Check::skipped("redirect", "the config has no base_url"));
            return;
        }
        Err(why) => {
            report.push(Check::skipped("redirect", why));
            return;
        }
    };
    let path = match p.string("redirect_path") {
        Ok(Some(path)) => path,
        _ => DEFAULT_REDIRECT_PATH.to_string(),
    };
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    report.push(Check::note(
        "redirect",
        format!("{}{path}", base.trim_end_matches('/')),
        "registered as a redirect URI with the identity provider",
    ));
}

/// Every remote check the config's provider calls for: its discovery document or
/// metadata, then the JWKS its verifier fetches (derived by `target::target_for`, the same
/// derivation `verify` uses).
pub fn remote_checks(config: &FastMCPAuthConfig, client: &Client, report: &mut Report) {
    let p = Params::new(config);
    let class = config.provider_class.as_str();
    let required = p
        .scopes("required_scopes")
        .ok()
        .flatten()
        .unwrap_or_default();
    let url = |name: &str| -> Result<String, String> {
        p.string(name)?
            .map(|u| u.trim_end_matches('/').to_string())
            .ok_or_else(|| format!("the config has no {name}"))
    };
    let result: Result<(), String> = (|| {
        match class {
            "KeycloakAuthProvider" => {
                let realm = url("realm_url")?;
                let required = if required.is_empty() {
                    vec!["openid".to_string()]
                } else {
                    required
                };
                discovery(
                    client,
                    &format!("{realm}{OPENID_WELL_KNOWN}"),
                    &realm,
                    &required,
                    report,
                );
            }
            "DescopeProvider" => {
                let project = descope_project(&p)?;
                let issuer = format!("{}/v1/apps/{}", project.base_url, project.project_id);
                let doc_url = project.openid_configuration_url;
                let doc_issuer = doc_url.strip_suffix(OPENID_WELL_KNOWN).unwrap_or(&issuer);
                discovery(client, &doc_url, doc_issuer, &required, report);
            }
            "AuthKitProvider" | "WorkOSProvider" => {
                let domain = url("authkit_domain")?;
                metadata(
                    client,
                    &format!("{domain}/.well-known/oauth-authorization-server"),
                    &domain,
                    &required,
                    report,
                );
                if class == "WorkOSProvider" {
                    // AuthKitProvider's JWKS comes from its verifier below.
                    jwks(client, &format!("{domain}/oauth2/jwks"), "RS256", report);
                }
            }
            "OIDCProxy" | "Auth0Provider" | "OCIProvider" => {
                let config_url = p
                    .string("config_url")?
                    .ok_or("the config has no config_url")?;
                let issuer = config_url
                    .strip_suffix(OPENID_WELL_KNOWN)
                    .unwrap_or(&config_url)
                    .to_string();
                let doc = discovery(client, &config_url, &issuer, &required, report);
                let algorithm = p.string("algorithm")?.unwrap_or_else(|| "RS256".into());
                match doc
                    .as_ref()
                    .and_then(|d| d.get("jwks_uri"))
                    .and_then(Value::as_str)
                {
                    Some(uri) => jwks(client, uri, &algorithm, report),
                    None => report.push(Check::skipped("jwks", "no jwks_uri to fetch")),
                }
            }
            "IntrospectionTokenVerifier" => {
                let endpoint = p
                    .string("introspection_url")?
                    .ok_or("the config has no introspection_url")?;
                // Reachability only: the client credentials belong in a real introspection
                // request, which this check does not make.
                match client.get(&endpoint) {
                    Ok(r) => report.push(Check::ok(
                        "introspect",
                        format!(
                            "{endpoint} answers (HTTP {} to a GET without credentials)",
                            r.status
                        ),
                        "reachable",
                    )),
                    Err(e) => report.push(Check::problem(
                        "introspect",
                        format!("{endpoint}: {e}"),
                        "reachable",
                    )),
                }
            }
            "JWTVerifier" | "SupabaseProvider" | "ScalekitProvider" => {}
            _ => report.push(Check::skipped(
                "remote",
                format!("{class}'s endpoints are fixed by FastMCP; nothing configured to fetch"),
            )),
        }
        if let Target::Jwt { spec, .. } = target_for(config, DEFAULT_MCP_PATH)? {
            match &spec.key {
                KeySource::Jwks(uri) => jwks(client, uri, &spec.algorithm, report),
                KeySource::Static { .. } => report.push(Check::skipped(
                    "jwks",
                    "the config holds a static public_key: nothing to fetch",
                )),
            }
        }
        Ok(())
    })();
    if let Err(why) = result {
        report.push(Check::skipped("remote", why));
    }
}

/// An OIDC discovery document: reachable, its issuer, its endpoints, its scopes.
fn discovery(
    client: &Client,
    url: &str,
    issuer: &str,
    required: &[String],
    report: &mut Report,
) -> Option<Value> {
    authorization_server(
        client,
        url,
        issuer,
        required,
        &["authorization_endpoint", "token_endpoint", "jwks_uri"],
        "discovery",
        report,
    )
}

/// RFC 8414 OAuth authorization-server metadata (AuthKit).
fn metadata(client: &Client, url: &str, issuer: &str, required: &[String], report: &mut Report) {
    authorization_server(
        client,
        url,
        issuer,
        required,
        &["authorization_endpoint", "token_endpoint"],
        "metadata",
        report,
    );
}

fn authorization_server(
    client: &Client,
    url: &str,
    issuer: &str,
    required: &[String],
    endpoints: &[&str],
    name: &str,
    report: &mut Report,
) -> Option<Value> {
    let doc = match client.get_json(url) {
        Ok(doc @ Value::Object(_)) => doc,
        Ok(_) => {
            report.push(Check::problem(
                name,
                format!("{url}: not a JSON object"),
                "a JSON object",
            ));
            return None;
        }
        Err(e) => {
            report.push(Check::problem(name, format!("{url}: {e}"), "reachable"));
            return None;
        }
    };
    report.push(Check::ok(name, url, "reachable"));
    let found = doc.get("issuer");
    let check = if found.and_then(Value::as_str) == Some(issuer) {
        Check::ok(
            "issuer",
            show_value(found.unwrap_or(&Value::Null)),
            format!("\"{issuer}\""),
        )
    } else {
        Check::problem(
            "issuer",
            found.map_or_else(|| "absent".to_string(), show_value),
            format!("\"{issuer}\" (the issuer the config implies)"),
        )
    };
    report.push(check);
    let missing: Vec<&str> = endpoints
        .iter()
        .copied()
        .filter(|e| {
            doc.get(*e)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
        })
        .collect();
    if missing.is_empty() {
        report.push(Check::ok("endpoints", endpoints.join(", "), "present"));
    } else {
        report.push(Check::problem(
            "endpoints",
            format!("missing {}", missing.join(", ")),
            endpoints.join(", "),
        ));
    }
    match doc.get("scopes_supported").and_then(Value::as_array) {
        _ if required.is_empty() => {
            report.push(Check::skipped("scopes", "the config requires no scopes"))
        }
        None => report.push(Check::skipped(
            "scopes",
            "the document lists no scopes_supported",
        )),
        Some(supported) => {
            let missing: Vec<&str> = required
                .iter()
                .map(String::as_str)
                .filter(|r| !supported.iter().any(|s| s.as_str() == Some(*r)))
                .collect();
            if missing.is_empty() {
                report.push(Check::ok(
                    "scopes",
                    required.join(" "),
                    "in scopes_supported",
                ));
            } else {
                report.push(Check::problem(
                    "scopes",
                    format!("{} not in scopes_supported", missing.join(" ")),
                    format!("scopes_supported to contain {}", required.join(" ")),
                ));
            }
        }
    }
    Some(doc)
}

/// A JWKS: reachable and holding at least one usable key of the type `algorithm` needs.
fn jwks(client: &Client, url: &str, algorithm: &str, report: &mut Report) {
    let doc = match client.get_json(url) {
        Ok(doc) => doc,
        Err(e) => {
            report.push(Check::problem("jwks", format!("{url}: {e}"), "reachable"));
            return;
        }
    };
    let wanted = key_type_for(algorithm);
    let Some(keys) = doc.get("keys").and_then(Value::as_array) else {
        report.push(Check::problem(
            "jwks",
            format!("{url}: no \"keys\" array"),
            "a JWK set",
        ));
        return;
    };
    let usable: Vec<String> = keys
        .iter()
        .filter(|k| k.get("kty").and_then(Value::as_str) == Some(wanted))
        .filter(|k| {
            serde_json::from_value::<Jwk>((*k).clone())
                .ok()
                .and_then(|jwk| DecodingKey::from_jwk(&jwk).ok())
                .is_some()
        })
        .map(|k| {
            k.get("kid")
                .map_or_else(|| "no kid".to_string(), show_value)
        })
        .collect();
    let types: Vec<String> = keys
        .iter()
        .map(|k| {
            k.get("kty")
                .map_or_else(|| "no kty".to_string(), show_value)
        })
        .collect();
    let expected = format!("at least one {wanted} key for {algorithm}");
    if usable.is_empty() {
        let found = if keys.is_empty() {
            format!("{url}: an empty key set")
        } else {
            format!("{url}: key types [{}], none usable", types.join(", "))
        };
        report.push(Check::problem("jwks", found, expected));
    } else {
        report.push(Check::ok(
            "jwks",
            format!(
                "{url}: {} {wanted} key(s) ({})",
                usable.len(),
                usable.join(", ")
            ),
            expected,
        ));
    }
}
