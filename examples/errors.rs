//! The specification's error handling (api-reference.md, "Exceptions"): what a bad
//! configuration reports, matched on its structure rather than its message.
//!
//! The specification catches `ValueError`; here every problem is an `AuthError` that names
//! its field, its kind and a valid example. Nothing is fetched while generating, so the
//! specification's `ConnectionError` for an unreachable JWKS cannot happen here (the CLI's
//! `doctor` command probes a running server).

use fastmcp_auth::core::{AuthContext, AuthError, ProblemKind};

/// What a user would be told, built from the structured error.
fn explain(err: &AuthError) -> String {
    match (err.kind(), err.field(), err.example()) {
        (ProblemKind::Missing, Some(field), Some(example)) => {
            format!("set {field}, for example {example}")
        }
        (ProblemKind::Invalid, Some(field), Some(example)) => {
            format!("fix {field}, for example {example}")
        }
        (ProblemKind::Conflict, Some(field), _) => format!("reconsider {field}: {err}"),
        (ProblemKind::UnknownProvider, _, Some(example)) => {
            format!("use a known type such as {example}")
        }
        _ => format!("configuration error: {err}"),
    }
}

fn main() -> Result<(), AuthError> {
    let store = AuthContext::new();

    // The specification's example: a JWKS URL is only checked for its form, not fetched.
    let auth_config = store
        .auth_service("my-api")
        .require_scopes(["read", "write"])
        .use_bearer_auth(
            "https://invalid-uri.com/jwks.json",
            "https://auth.example.com",
            "my-service",
        )
        .generate_fastmcp_config()?;
    assert_eq!(auth_config.provider_class, "JWTVerifier");

    // A relative JWKS URL.
    let err = store
        .auth_service("my-api")
        .use_bearer_auth("jwks.json", "https://auth.example.com", "my-service")
        .generate_fastmcp_config()
        .unwrap_err();
    println!("{err}\n  -> {}", explain(&err));
    assert_eq!(err.field(), Some("jwks_uri"));
    assert!(explain(&err).starts_with("fix jwks_uri, for example https://"));

    // A missing value.
    let err = store
        .auth_service("google-service")
        .use_google_auth(
            "id.apps.googleusercontent.com",
            "${GOOGLE_CLIENT_SECRET}",
            "",
        )
        .generate_fastmcp_config()
        .unwrap_err();
    println!("{err}\n  -> {}", explain(&err));
    assert!(matches!(err, AuthError::MissingField { .. }));
    assert_eq!(err.field(), Some("base_url"));

    // The specification's development example (examples.md, 9): HS256 with a JWKS URL
    // cannot verify anything, and is refused.
    let err = store
        .auth_service("dev_api")
        .require_scopes(["read", "write", "debug"])
        .use_bearer_auth(
            "http://localhost:8080/.well-known/jwks.json",
            "http://localhost:8080",
            "dev-api",
        )
        .with_algorithm("HS256")
        .generate_fastmcp_config()
        .unwrap_err();
    println!("{err}\n  -> {}", explain(&err));
    assert_eq!(err.kind(), ProblemKind::Conflict);
    assert_eq!(err.field(), Some("public_key"));

    // An unknown provider type is an error, never a silent fallback.
    let err = store.auth_provider("gogle").unwrap_err();
    assert_eq!(explain(&err), "use a known type such as google");

    // A service without a provider.
    let err = store
        .auth_service("empty")
        .generate_fastmcp_config()
        .unwrap_err();
    assert_eq!(err.kind(), ProblemKind::NoProvider);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
