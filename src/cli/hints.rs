//! The command line's own hints: the library's errors and warnings name a field, a kind and
//! an example; this module turns them into the flags a user types.

use crate::core::{AuthError, FastmcpVersion, ProblemKind, Warning, WarningKind};

/// The flags that fix `err` in `generate` (and the commands that regenerate a file).
pub(crate) fn config_error_hint(err: &AuthError) -> Option<String> {
    let field = err.field()?;
    let example = err.example().unwrap_or("VALUE");
    Some(match err.kind() {
        ProblemKind::UnknownProvider => format!("--provider {example}"),
        ProblemKind::Scope => "--scope SCOPE (repeat for more), e.g. --scope read".into(),
        ProblemKind::SecretNeedsReference => {
            format!("--env {field}=VAR names the variable; --embed-secrets writes the value")
        }
        ProblemKind::EnvVarName => format!("--env {field}={example}"),
        ProblemKind::NotInFastmcpVersion => match (err, example.parse::<FastmcpVersion>()) {
            // A 2.x target may come from --format env-v2, which no 3.x release reads.
            (AuthError::NotInFastmcpVersion { target, .. }, Ok(release))
                if target.major < 3 && release.major >= 3 =>
            {
                format!(
                    "--fastmcp {example} with --format json, python or env (env-v2 is 2.x only)"
                )
            }
            _ => format!("--fastmcp {example}"),
        },
        ProblemKind::Disabled | ProblemKind::NoProvider | ProblemKind::Catalog => return None,
        _ if field == "service_name" => format!("--service {example}"),
        _ if field == "storage" => format!("--storage {example}"),
        _ => match example.strip_prefix("${").and_then(|e| e.strip_suffix('}')) {
            Some(var) => format!("--env {field}={var}"),
            None if example.starts_with(['[', '{']) => format!("--set-json {field}='{example}'"),
            None => format!("--set {field}={example}"),
        },
    })
}

/// The flags that fix `err` in `token`.
pub(crate) fn token_error_hint(err: &AuthError) -> Option<String> {
    let example = err.example().unwrap_or("VALUE");
    // A reserved claim is fixed through the setting that produces it.
    let field = match err {
        AuthError::ReservedClaim { setting, .. } => setting,
        other => other.field()?,
    };
    Some(match (err.kind(), field) {
        (ProblemKind::Scope, _) | (_, "scopes") => "--scope SCOPE (repeat for more)".into(),
        (_, "expires_in") => format!("--expires-in {example}"),
        (_, "issued_at") => "iat is the time of the call; --expires-in sets exp".into(),
        (_, "issuer") => format!("--issuer {example}"),
        (_, "audience") => "--audience AUD (repeat for more)".into(),
        (_, "client_id") => format!("--client-id {example}"),
        _ => return None,
    })
}

/// The flags that act on `warning`, if any.
pub(crate) fn warning_hint(warning: &Warning) -> Option<String> {
    let field = warning.field.as_deref().unwrap_or("FIELD");
    Some(match warning.kind {
        WarningKind::SecretReplacedByReference => {
            format!("--env {field}=VAR names another variable; --embed-secrets writes the value")
        }
        WarningKind::SecretEmbedded => format!("--env {field}=VAR refers to a variable instead"),
        WarningKind::AnyClientRedirect => {
            "--allow-clients loopback,claude (or --set-json allowed_client_redirect_uris='[…]')"
                .into()
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{AuthContext, ParamValue};

    #[test]
    fn config_errors_get_flags_the_library_does_not_print() {
        let ctx = AuthContext::new();
        let err = ctx
            .auth_service("api")
            .use_bearer_auth("jwks.json", "https://auth.example.com", "api")
            .generate_fastmcp_config()
            .unwrap_err();
        assert!(!err.to_string().contains("--"), "{err}");
        let hint = config_error_hint(&err).unwrap();
        assert!(hint.starts_with("--set jwks_uri=https://"), "{hint}");

        let err = ctx
            .auth_provider("azure")
            .unwrap()
            .set_client_credentials("app", ParamValue::env("AZURE_CLIENT_SECRET").unwrap())
            .set_field("tenant_id", "organizations")
            .set_base_url("https://mcp.example.com")
            .set_scopes(["openid"])
            .generate_fastmcp_config()
            .unwrap_err();
        assert!(!err.to_string().contains("--"), "{err}");
        assert!(config_error_hint(&err).unwrap().starts_with("--scope"));
    }

    #[test]
    fn token_errors_name_token_flags() {
        let err = AuthContext::new()
            .auth_token("u")
            .add_claim("exp", 5)
            .generate_payload()
            .unwrap_err();
        assert!(!err.to_string().contains("--"), "{err}");
        assert_eq!(token_error_hint(&err).unwrap(), "--expires-in 3600");
        let err = AuthContext::new()
            .auth_token("u")
            .issuer("https://a")
            .add_claim("iss", "x")
            .generate_payload()
            .unwrap_err();
        assert_eq!(
            token_error_hint(&err).unwrap(),
            "--issuer https://auth.example.com"
        );
    }
}
