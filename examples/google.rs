//! The specification's example 3 (examples.md): Google OAuth for an enterprise, with
//! JWTs for two roles.

use fastmcp_auth::core::{AuthContext, AuthError, ParamValue, WarningKind};
use serde_json::json;

fn main() -> Result<(), AuthError> {
    let store = AuthContext::new();
    // `required_scopes=[…]` of the specification is the named setter `with_required_scopes`.
    let generated = store
        .auth_service("google_workspace")
        .require_scopes(["profile", "email", "workspace:read"])
        .use_google_auth(
            ParamValue::env("GOOGLE_CLIENT_ID")?,
            ParamValue::env("GOOGLE_CLIENT_SECRET")?,
            "https://enterprise.myapp.com",
        )
        .with_required_scopes([
            "openid",
            "email",
            "profile",
            "https://www.googleapis.com/auth/userinfo.profile",
            "https://www.googleapis.com/auth/workspace.documents.readonly",
        ])
        .generate()?;
    // Credentials are references, so no secret warning; the scopes get FastMCP's advice
    // (Google's short names are renamed, and the service's app scope is no Google scope).
    assert!(
        generated
            .warnings
            .iter()
            .all(|w| w.field.as_deref() == Some("required_scopes")),
        "{:?}",
        generated.warnings
    );
    let google_auth = generated.config;
    println!("{google_auth}");
    assert_eq!(google_auth.provider_class, "GoogleProvider");
    assert_eq!(
        google_auth.config_params["client_secret"],
        ParamValue::env("GOOGLE_CLIENT_SECRET")?
    );
    // The service's scopes first, then the provider's, each once.
    assert_eq!(
        google_auth.config_params["required_scopes"],
        ParamValue::list([
            "profile",
            "email",
            "workspace:read",
            "openid",
            "https://www.googleapis.com/auth/userinfo.profile",
            "https://www.googleapis.com/auth/workspace.documents.readonly",
        ])
    );

    let admin_jwt = store
        .auth_jwt_payload("admin@company.com")
        .add_scopes([
            "profile",
            "email",
            "workspace:read",
            "workspace:write",
            "admin",
        ])
        .add_claim("role", "admin")
        .add_claim("department", "IT")
        .add_claim("google_workspace_domain", "company.com")
        .generate_payload()?;
    let user_jwt = store
        .auth_jwt_payload("user@company.com")
        .add_scopes(["profile", "email", "workspace:read"])
        .add_claim("role", "user")
        .add_claim("department", "sales")
        .add_claim("google_workspace_domain", "company.com")
        .generate_payload()?;
    assert_eq!(admin_jwt["role"], "admin");
    assert_eq!(admin_jwt["scopes"].as_array().map(Vec::len), Some(5));
    assert_eq!(user_jwt["department"], "sales");
    assert_eq!(user_jwt["scope"], "profile email workspace:read");

    // A client secret typed as a literal is not written: the config refers to its
    // variable and the builder says so.
    let typed = store
        .auth_service("google_workspace")
        .use_google_auth(
            "id.apps.googleusercontent.com",
            "GOCSPX-pasted-by-mistake",
            "https://enterprise.myapp.com",
        )
        .generate()?;
    assert_eq!(
        typed.warnings[0].kind,
        WarningKind::SecretReplacedByReference
    );
    assert!(!json!(typed.config.to_json()).to_string().contains("GOCSPX"));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
