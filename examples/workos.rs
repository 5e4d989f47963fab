//! The specification's example 5 (examples.md): WorkOS enterprise SSO, with JWTs for an
//! enterprise admin and a department manager.

use fastmcp_auth::core::{AuthContext, AuthError, ParamValue};
use serde_json::json;

fn main() -> Result<(), AuthError> {
    let store = AuthContext::new();
    let workos_auth = store
        .auth_service("enterprise_platform")
        .require_scopes(["admin", "user:manage", "billing:read"])
        .use_workos_auth(
            ParamValue::env("WORKOS_AUTHKIT_DOMAIN")?,
            "https://enterprise.myapp.com",
        )
        .generate_fastmcp_config()?;
    println!("{workos_auth}");
    assert_eq!(workos_auth.provider_class, "AuthKitProvider");
    assert_eq!(
        workos_auth.config_params["authkit_domain"],
        ParamValue::env("WORKOS_AUTHKIT_DOMAIN")?
    );
    assert_eq!(
        workos_auth.config_params["required_scopes"],
        ParamValue::list(["admin", "user:manage", "billing:read"])
    );

    // The specification reads the organisation id from the environment.
    let workos_org_id = std::env::var("WORKOS_ORG_ID").unwrap_or_else(|_| "org_unset".into());
    let enterprise_admin_jwt = store
        .auth_jwt_payload("admin@enterprise.com")
        .add_scopes([
            "admin",
            "user:manage",
            "billing:read",
            "billing:write",
            "audit:read",
        ])
        .add_claim("role", "enterprise_admin")
        .add_claim("organization_id", "org_123456")
        .add_claim("permissions", json!(["all"]))
        .add_claim("workos_org_id", workos_org_id.as_str())
        .generate_payload()?;
    let department_manager_jwt = store
        .auth_jwt_payload("manager@enterprise.com")
        .add_scopes(["user:manage", "billing:read"])
        .add_claim("role", "department_manager")
        .add_claim("organization_id", "org_123456")
        .add_claim("department", "engineering")
        .add_claim("managed_users", 50)
        .generate_payload()?;
    assert_eq!(
        enterprise_admin_jwt["workos_org_id"],
        workos_org_id.as_str()
    );
    assert_eq!(enterprise_admin_jwt["permissions"], json!(["all"]));
    assert_eq!(department_manager_jwt["managed_users"], 50);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
