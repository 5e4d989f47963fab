//! The wizard's own hints: the library's errors and warnings name a field and a kind; this
//! module says which key or field of the wizard acts on them.

use crate::core::{AuthError, ProblemKind, Warning, WarningKind};

/// Whether `err` belongs on the Scopes step (rather than next to a credential field).
pub fn is_scope_problem(err: &AuthError) -> bool {
    err.kind() == ProblemKind::Scope
}

/// The message the wizard shows for `err`: the library's, with the wizard's own way to fix
/// it where there is one.
pub fn error_message(err: &AuthError) -> String {
    let hint = match err.kind() {
        ProblemKind::SecretNeedsReference | ProblemKind::EnvVarName => {
            Some("press Ctrl+T on the field and give the environment variable that holds it")
        }
        ProblemKind::Scope => {
            Some("Space ticks a scope; type one on the last row and press Enter to add it")
        }
        ProblemKind::UnknownField => Some("remove or rename the keyword argument"),
        ProblemKind::NotInFastmcpVersion => Some("press f on the Preview step to choose a release"),
        _ => None,
    };
    match hint {
        Some(hint) => format!("{err} — {hint}"),
        None => err.to_string(),
    }
}

/// The line the wizard shows for `warning`.
pub fn warning_line(warning: &Warning) -> String {
    let hint = match warning.kind {
        WarningKind::SecretReplacedByReference => Some(
            "Ctrl+T on its field names another variable; \"Embed secrets\" on the Save step \
             writes the value",
        ),
        WarningKind::SecretEmbedded => Some("Ctrl+T on its field refers to a variable instead"),
        WarningKind::AnyClientRedirect => {
            Some("add hosted clients on the Credentials step's allowed_client_redirect_uris")
        }
        _ => None,
    };
    match hint {
        Some(hint) => format!("{warning} — {hint}"),
        None => warning.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{AuthContext, ParamValue};

    #[test]
    fn scope_rules_are_scope_problems_whatever_their_wording() {
        let err = AuthContext::new()
            .auth_provider("azure")
            .unwrap()
            .set_client_credentials("app", ParamValue::env("AZURE_CLIENT_SECRET").unwrap())
            .set_field("tenant_id", "organizations")
            .set_base_url("https://mcp.example.com")
            .set_scopes(["openid"])
            .generate_fastmcp_config()
            .unwrap_err();
        assert!(is_scope_problem(&err), "{err}");
        let shown = error_message(&err);
        assert!(
            shown.contains("Space ticks") && !shown.contains("--"),
            "{shown}"
        );
        // A conflict between credential fields is not, though it may mention scopes in prose.
        let err = AuthContext::new()
            .auth_provider("bearer")
            .unwrap()
            .set_field("algorithm", "HS256")
            .set_jwks_config(
                "https://a.example.com/jwks.json",
                "https://a.example.com",
                "x",
            )
            .generate_fastmcp_config()
            .unwrap_err();
        assert!(!is_scope_problem(&err), "{err}");
    }
}
