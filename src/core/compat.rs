//! Fitting a generated config to the FastMCP release it will run on: a class or parameter
//! that release lacks is refused with the release that has it, or left out when it only
//! repeats the catalog's default (FastMCP then uses its own behaviour, which is the same).
//! The library, the CLI and the wizard all reach this through `generate_with_warnings`.

use super::catalog::{Catalog, ProviderSpec};
use super::error::{AuthError, Result};
use super::fastmcp_version::{FastmcpVersion, VersionRange};
use super::generate::check_value;
use super::types::FastMCPAuthConfig;
use super::value::ParamValue;
use super::warning::{Warning, WarningKind};

/// The target when none is given: the newest FastMCP release the catalog was checked
/// against.
pub fn default_target() -> FastmcpVersion {
    // The embedded catalog is checked by the test suite to list releases.
    Catalog::builtin()
        .newest_fastmcp()
        .expect("assets/providers.json lists no fastmcp_versions")
}

/// The newest release the catalog knows before `limit` (e.g. the newest 2.x: before 3.0.0).
pub fn newest_known_before(limit: FastmcpVersion) -> Option<FastmcpVersion> {
    Catalog::builtin()
        .fastmcp_versions
        .iter()
        .copied()
        .filter(|v| *v < limit)
        .max()
}

/// The scope names MCP clients must request from a server running `config`, for providers
/// whose scopes FastMCP renames (Google's `email` becomes its userinfo URL from 3.4.11 on):
/// the config's scopes as its target (else the newest release) names them. `None` for a
/// provider without renames or a config without scopes.
///
/// # Examples
///
/// ```
/// use fastmcp_auth::core::{Catalog, FastMCPAuthConfig, compat};
///
/// let config = FastMCPAuthConfig::for_google_oauth(
///     "123-abc.apps.googleusercontent.com",
///     fastmcp_auth::core::ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap(),
///     "https://mcp.example.com",
/// )
/// .unwrap();
/// let google = Catalog::builtin().get("google").unwrap();
/// assert_eq!(
///     compat::scopes_clients_request(google, &config).unwrap(),
///     [
///         "openid",
///         "https://www.googleapis.com/auth/userinfo.email",
///         "https://www.googleapis.com/auth/userinfo.profile",
///     ]
/// );
/// ```
pub fn scopes_clients_request(
    spec: &ProviderSpec,
    config: &FastMCPAuthConfig,
) -> Option<Vec<String>> {
    if spec.scopes.rewrites.is_empty() {
        return None;
    }
    let target = config.fastmcp_version.unwrap_or_else(default_target);
    let Some(ParamValue::Literal(serde_json::Value::Array(scopes))) =
        config.config_params.get(&spec.scopes.param)
    else {
        return None;
    };
    let named = scopes
        .iter()
        .filter_map(serde_json::Value::as_str)
        .map(|scope| {
            spec.scopes
                .rewrites
                .iter()
                .find(|r| r.from == scope && target >= r.since)
                .map_or(scope, |r| r.to.as_str())
                .to_string()
        })
        .collect::<Vec<_>>();
    (!named.is_empty()).then_some(named)
}

/// Whether FastMCP `target` has the provider's class.
///
/// # Errors
///
/// [`AuthError::NotInFastmcpVersion`] naming the class, the target and the release to use.
///
/// # Examples
///
/// ```
/// use fastmcp_auth::core::{Catalog, compat};
///
/// let google = Catalog::builtin().get("google").unwrap();
/// assert!(compat::check_provider(google, compat::default_target()).is_ok());
/// ```
pub fn check_provider(spec: &ProviderSpec, target: FastmcpVersion) -> Result<()> {
    check_range(spec, "provider_class", spec.versions(), target)
}

/// Whether FastMCP `target` has the provider's parameter `field` (an unknown field is left
/// to generation to report).
///
/// # Errors
///
/// [`AuthError::NotInFastmcpVersion`] naming the parameter, the target and the release to use.
pub fn check_field(spec: &ProviderSpec, field: &str, target: FastmcpVersion) -> Result<()> {
    match spec.field(field) {
        Some(f) => check_range(spec, field, f.versions(), target),
        None => Ok(()),
    }
}

/// Checks `config` (generated from `spec`) against `target`, drops the parameters the
/// target lacks whose value is the catalog's default, and records the target in the config.
/// Returns a note per parameter dropped.
///
/// # Errors
///
/// [`AuthError::NotInFastmcpVersion`] for the class, or the first parameter, the target
/// lacks.
pub fn fit_to_target(
    spec: &ProviderSpec,
    config: &mut FastMCPAuthConfig,
    target: FastmcpVersion,
) -> Result<Vec<Warning>> {
    check_provider(spec, target)?;
    for field in &spec.fields {
        if let Some(optional_from) = field.required_before {
            if target < optional_from && !config.config_params.contains_key(&field.name) {
                return Err(required_by(spec, &field.name, optional_from, target));
            }
        }
    }
    if let Some(since) = spec.scopes.since {
        if target < since && config.config_params.contains_key(&spec.scopes.param) {
            let range = VersionRange {
                since: Some(since),
                removed: None,
            };
            return Err(not_in(spec, &spec.scopes.param, range, target));
        }
    }
    check_values(spec, config, target)?;
    let mut notes = Vec::new();
    let mut dropped = Vec::new();
    for (name, value) in &config.config_params {
        let Some(field) = spec.field(name) else {
            continue;
        };
        if field.versions().contains(target) {
            continue;
        }
        let repeats_default = field
            .default
            .clone()
            .and_then(|d| check_value(field, ParamValue::from(d)).ok())
            .is_some_and(|d| d == *value);
        if !repeats_default {
            return Err(not_in(spec, name, field.versions(), target));
        }
        dropped.push(name.clone());
        notes.push(Warning::new(
            WarningKind::LeftOutForTarget,
            Some(name),
            format!(
                "{name} is left out: FastMCP {target} does not have it, and the value is its \
                 default there"
            ),
        ));
    }
    for name in dropped {
        config.config_params.shift_remove(&name);
    }
    config.fastmcp_version = Some(target);
    Ok(notes)
}

/// Refuses a value the target does not accept although it has the parameter (a choice
/// added later, such as `require_authorization_consent="remember"` from 3.4.11 on).
fn check_values(
    spec: &ProviderSpec,
    config: &FastMCPAuthConfig,
    target: FastmcpVersion,
) -> Result<()> {
    for (name, value) in &config.config_params {
        let (Some(field), ParamValue::Literal(serde_json::Value::String(text))) =
            (spec.field(name), value)
        else {
            continue;
        };
        if let Some(since) = field
            .choice_since
            .get(text)
            .filter(|since| target < **since)
        {
            return Err(AuthError::NotInFastmcpVersion {
                provider: spec.type_name.clone(),
                field: name.clone(),
                value: Some(text.clone()),
                target,
                since: Some(*since),
                removed: None,
                required: false,
                example: since.to_string(),
            });
        }
    }
    Ok(())
}

pub(crate) fn check_range(
    spec: &ProviderSpec,
    field: &str,
    range: VersionRange,
    target: FastmcpVersion,
) -> Result<()> {
    if range.contains(target) {
        Ok(())
    } else {
        Err(not_in(spec, field, range, target))
    }
}

fn not_in(
    spec: &ProviderSpec,
    field: &str,
    range: VersionRange,
    target: FastmcpVersion,
) -> AuthError {
    AuthError::NotInFastmcpVersion {
        provider: spec.type_name.clone(),
        field: field.to_string(),
        value: None,
        target,
        since: range.since,
        removed: range.removed,
        required: false,
        example: suggested_target(range, target).to_string(),
    }
}

/// A parameter the target requires although the catalog's rules let it be left out.
fn required_by(
    spec: &ProviderSpec,
    field: &str,
    optional_from: FastmcpVersion,
    target: FastmcpVersion,
) -> AuthError {
    AuthError::NotInFastmcpVersion {
        provider: spec.type_name.clone(),
        field: field.to_string(),
        value: None,
        target,
        since: Some(optional_from),
        removed: None,
        required: true,
        example: optional_from.to_string(),
    }
}

/// The message of [`AuthError::NotInFastmcpVersion`]: what the target lacks, which
/// releases have it, and what to do instead.
#[allow(clippy::too_many_arguments)]
pub(crate) fn describe_release_problem(
    provider: &str,
    field: &str,
    value: Option<&str>,
    target: FastmcpVersion,
    since: Option<FastmcpVersion>,
    removed: Option<FastmcpVersion>,
    required: bool,
    example: &str,
) -> String {
    let is_class = field == "provider_class" || field.ends_with(".provider_class");
    let (what, hint) = if let Some(value) = value {
        (
            format!("{field}={value:?} is accepted from FastMCP {example} on"),
            format!("target FastMCP {example} or later, or choose another value for {field}"),
        )
    } else if required {
        (
            format!(
                "leaving {field} out is accepted from FastMCP {example} on; earlier releases \
                 require it"
            ),
            format!("set {field}, or target FastMCP {example} or later"),
        )
    } else {
        let item = if is_class {
            Catalog::builtin()
                .get(provider)
                .map_or_else(|| "its class".to_string(), |s| s.class_label().to_string())
        } else if field == super::composite::ALSO_ACCEPT {
            "accepting several kinds of token (MultiAuth)".to_string()
        } else {
            format!("parameter '{field}'")
        };
        let instead = if is_class {
            "choose another provider".to_string()
        } else {
            format!("leave {field} out")
        };
        let hint = match since {
            Some(since) if target < since => {
                format!("target FastMCP {since} or later, or {instead}")
            }
            _ => format!("target FastMCP {example}, or {instead}"),
        };
        (
            format!("{item} {}", availability(since, removed, target)),
            hint,
        )
    };
    format!(
        "{provider}: {what}, and the target is FastMCP {target}: {hint} (example: fastmcp_version={example})"
    )
}

/// The release to target instead: the first that has it when the target is too old; when
/// it was removed, the newest release the catalog knows before the removal.
fn suggested_target(range: VersionRange, target: FastmcpVersion) -> FastmcpVersion {
    match (range.since, range.removed) {
        (Some(since), _) if target < since => since,
        (_, Some(removed)) => Catalog::builtin()
            .fastmcp_versions
            .iter()
            .copied()
            .filter(|v| range.contains(*v))
            .max()
            .or(range.since)
            .unwrap_or(FastmcpVersion::new(removed.major.saturating_sub(1), 0, 0)),
        _ => target,
    }
}

fn availability(
    since: Option<FastmcpVersion>,
    removed: Option<FastmcpVersion>,
    target: FastmcpVersion,
) -> String {
    match (since, removed) {
        (Some(since), _) if target < since => format!("first appears in FastMCP {since}"),
        (_, Some(removed)) => format!("was removed in FastMCP {removed}"),
        _ => "is not available".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{AuthProviderBuilder, AuthProviderType};

    fn v(text: &str) -> FastmcpVersion {
        text.parse().unwrap()
    }

    fn google_consent(value: &str) -> AuthProviderBuilder {
        AuthProviderBuilder::new("google".parse::<AuthProviderType>().unwrap())
            .set_field("client_id", "123-abc.apps.googleusercontent.com")
            .set_field("client_secret", "${GOOGLE_CLIENT_SECRET}")
            .set_field("base_url", "https://mcp.example.com")
            .set_field("require_authorization_consent", value)
    }

    /// FastMCP 3.4.11 added "remember" and "external" to require_authorization_consent
    /// (`bool | Literal["remember", "external"]`, checked by tests/catalog_coverage.rs):
    /// written as text for releases that take it, refused by value for older ones, and
    /// anything else refused naming the accepted values.
    #[test]
    fn consent_values_are_accepted_by_the_releases_that_take_them() {
        for value in ["remember", "external"] {
            for target in ["3.4.11", "4.2.3"] {
                let config = google_consent(value)
                    .fastmcp_version(v(target))
                    .generate_fastmcp_config()
                    .unwrap();
                assert_eq!(
                    config.config_params["require_authorization_consent"],
                    ParamValue::from(value),
                    "{target}"
                );
            }
            let err = google_consent(value)
                .fastmcp_version(v("2.14.7"))
                .generate_fastmcp_config()
                .unwrap_err();
            let AuthError::NotInFastmcpVersion {
                field,
                value: Some(refused),
                since,
                ..
            } = &err
            else {
                panic!("{err:?}");
            };
            assert_eq!(
                (field.as_str(), refused.as_str()),
                ("require_authorization_consent", value)
            );
            assert_eq!(*since, Some(v("3.4.11")));
            let text = err.to_string();
            assert!(
                text.contains(&format!(
                    "require_authorization_consent=\"{value}\" is accepted from FastMCP 3.4.11 on, \
                     and the target is FastMCP 2.14.7"
                )),
                "{text}"
            );
        }
        for (typed, written) in [("true", true), ("FALSE", false)] {
            let config = google_consent(typed)
                .fastmcp_version(v("2.14.7"))
                .generate_fastmcp_config()
                .unwrap();
            assert_eq!(
                config.config_params["require_authorization_consent"],
                ParamValue::from(serde_json::Value::Bool(written))
            );
        }
        let err = google_consent("sometimes")
            .generate_fastmcp_config()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("must be true, false or one of remember, external"),
            "{err}"
        );
    }

    /// DescopeProvider took no required_scopes before FastMCP 2.13.2 (the catalog records
    /// 2.14.7, the first checked release with it): scopes for an older target are refused.
    #[test]
    fn descope_scopes_are_refused_before_the_release_that_takes_them() {
        let descope = |target: &str| {
            AuthProviderBuilder::new("descope".parse::<AuthProviderType>().unwrap())
                .set_field("project_id", "P2abc123")
                .set_field("descope_base_url", "https://api.descope.com")
                .set_field("base_url", "https://mcp.example.com")
                .set_scopes(["read"])
                .fastmcp_version(v(target))
                .generate_fastmcp_config()
        };
        let err = descope("2.12.5").unwrap_err();
        assert!(
            matches!(&err, AuthError::NotInFastmcpVersion { field, since, .. }
                if field == "required_scopes" && *since == Some(v("2.14.7"))),
            "{err:?}"
        );
        assert!(descope("2.14.7").is_ok());
    }

    #[test]
    fn the_builtin_catalog_names_a_default_target() {
        assert_eq!(Some(default_target()), Catalog::builtin().newest_fastmcp());
    }

    #[test]
    fn a_parameter_newer_than_the_target_is_refused_naming_the_release() {
        let spec = Catalog::builtin().get("introspection").unwrap();
        let since = spec
            .field("audience")
            .unwrap()
            .since
            .expect("audience has a since");
        let err = check_field(spec, "audience", v("3.4.11")).unwrap_err();
        let AuthError::NotInFastmcpVersion { field, example, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(field, "audience");
        assert_eq!(*example, since.to_string());
        let text = err.to_string();
        assert!(text.contains("audience"), "{text}");
        assert!(text.contains("3.4.11"), "{text}");
        assert!(text.contains(&format!("fastmcp_version={since}")), "{text}");
        assert!(check_field(spec, "audience", since).is_ok());
    }

    #[test]
    fn a_removed_parameter_suggests_a_release_that_has_it() {
        let range = VersionRange {
            since: None,
            removed: Some(v("4.0.0")),
        };
        let suggested = suggested_target(range, v("4.2.3"));
        assert!(range.contains(suggested), "{suggested}");
        assert!(availability(None, range.removed, v("4.2.3")).contains("removed in FastMCP 4.0.0"));
    }

    #[test]
    fn a_default_the_target_lacks_is_left_out_and_a_chosen_value_refused() {
        let spec = Catalog::builtin().get("introspection").unwrap();
        let field = spec.field("client_auth_method").unwrap();
        let old = v("2.14.7");
        assert!(!field.versions().contains(old), "test needs a since on it");
        let builder = || {
            AuthProviderBuilder::new("introspection".parse::<AuthProviderType>().unwrap())
                .set_field("introspection_url", "https://auth.example.com/introspect")
                .set_field("client_id", "mcp")
                .set_field("client_secret", "${INTROSPECTION_CLIENT_SECRET}")
        };
        let generated = builder()
            .fastmcp_version(old)
            .generate_with_warnings()
            .unwrap();
        assert!(
            !generated
                .config
                .config_params
                .contains_key("client_auth_method")
        );
        assert_eq!(generated.config.fastmcp_version, Some(old));
        assert!(
            generated
                .warnings
                .iter()
                .any(|w| w.kind == crate::core::WarningKind::LeftOutForTarget
                    && w.field.as_deref() == Some("client_auth_method"))
        );

        let err = builder()
            .set_field("client_auth_method", "client_secret_post")
            .fastmcp_version(old)
            .generate_with_warnings()
            .unwrap_err();
        assert!(
            matches!(&err, AuthError::NotInFastmcpVersion { field, .. } if field == "client_auth_method"),
            "{err:?}"
        );
    }

    #[test]
    fn a_parameter_older_releases_require_is_refused_when_left_out() {
        let spec = Catalog::builtin().get("azure").unwrap();
        let optional_from = spec
            .field("client_secret")
            .unwrap()
            .required_before
            .unwrap();
        let builder = |target| {
            AuthProviderBuilder::new("azure".parse::<AuthProviderType>().unwrap())
                .set_field("client_id", "0f3a8e2b-7c4d-4e1f-9a6b-2d5c8e1f4a7b")
                .set_field("jwt_signing_key", "${AZURE_JWT_SIGNING_KEY}")
                .set_field("tenant_id", "organizations")
                .set_field("base_url", "https://mcp.example.com")
                .set_field("required_scopes", "read")
                .fastmcp_version(target)
        };
        let err = builder(v("2.14.7")).generate_with_warnings().unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(&err, AuthError::NotInFastmcpVersion { field, .. } if field == "client_secret"),
            "{err:?}"
        );
        assert!(
            text.contains(&format!("fastmcp_version={optional_from}")),
            "{text}"
        );
        assert!(builder(optional_from).generate_with_warnings().is_ok());
    }

    #[test]
    fn a_class_newer_than_the_target_is_refused() {
        let spec = Catalog::builtin().get("clerk").unwrap();
        let since = spec.since.expect("clerk has a since");
        let err = check_provider(spec, v("2.14.7")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("ClerkProvider") && text.contains("2.14.7"),
            "{text}"
        );
        assert!(text.contains(&since.to_string()), "{text}");
        assert!(check_provider(spec, since).is_ok());
    }
}
