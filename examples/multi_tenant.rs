//! The specification's example 6 (examples.md): a multi-tenant SaaS platform with a
//! global provider, one service per tenant and JWTs per tenant role.

use std::collections::BTreeMap;

use fastmcp_auth::core::{AuthContext, AuthError, ParamValue};
use serde_json::json;

fn main() -> Result<(), AuthError> {
    let store = AuthContext::new();
    let main_auth = store
        .auth_provider("bearer")?
        .set_jwks_config(
            "https://auth.saasplatform.com/.well-known/jwks.json",
            "https://auth.saasplatform.com",
            "saas-platform",
        )
        .generate_fastmcp_config()?;
    assert_eq!(
        main_auth.config_params["audience"],
        ParamValue::from("saas-platform")
    );
    assert_eq!(main_auth.service, None);

    let mut tenant_configs = BTreeMap::new();
    for tenant in ["tenant_a", "tenant_b", "tenant_c"] {
        let tenant_auth = store
            .auth_service(&format!("{tenant}_api"))
            .require_scopes(["tenant:read", "tenant:write"])
            .use_bearer_auth(
                "https://auth.saasplatform.com/.well-known/jwks.json",
                "https://auth.saasplatform.com",
                format!("{tenant}-api"),
            )
            .generate_fastmcp_config()?;
        let tenant_admin_jwt = store
            .auth_jwt_payload(&format!("admin@{tenant}.com"))
            .add_scopes(["tenant:read", "tenant:write", "tenant:admin"])
            .add_claim("role", "tenant_admin")
            .add_claim("tenant_id", tenant)
            .add_claim(
                "permissions",
                json!(["manage_users", "billing", "settings"]),
            )
            .generate_payload()?;
        let tenant_user_jwt = store
            .auth_jwt_payload(&format!("user@{tenant}.com"))
            .add_scopes(["tenant:read", "tenant:write"])
            .add_claim("role", "tenant_user")
            .add_claim("tenant_id", tenant)
            .add_claim("permissions", json!(["read_data", "write_data"]))
            .generate_payload()?;
        tenant_configs.insert(tenant, (tenant_auth, tenant_admin_jwt, tenant_user_jwt));
    }

    assert_eq!(tenant_configs.len(), 3);
    for (tenant, (auth, admin, user)) in &tenant_configs {
        println!("{tenant}: {auth}");
        assert_eq!(
            auth.service.as_deref(),
            Some(format!("{tenant}_api").as_str())
        );
        assert_eq!(
            auth.config_params["audience"],
            ParamValue::from(format!("{tenant}-api"))
        );
        assert_eq!(
            auth.config_params["required_scopes"],
            ParamValue::list(["tenant:read", "tenant:write"])
        );
        assert_eq!(admin["tenant_id"], *tenant);
        assert_eq!(admin["sub"], format!("admin@{tenant}.com"));
        assert_eq!(user["scope"], "tenant:read tenant:write");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
