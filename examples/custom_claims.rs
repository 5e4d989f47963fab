//! The specification's JWT claims examples (configuration.md, "JWT Claims"): standard
//! claims and business claims.
//!
//! The specification sets `iss`, `aud`, `exp` and `iat` with `add_claim`. Here they have
//! their own methods, so a payload never contradicts itself: `issuer()`, `audience()`,
//! `issued_at()` and `expires_in()` (`exp = iat + expires_in`).

use fastmcp_auth::core::{AuthContext, AuthError, ProblemKind};
use serde_json::json;

fn main() -> Result<(), AuthError> {
    let store = AuthContext::new();
    let user_payload = store
        .auth_jwt_payload("user123")
        .add_scopes(["read", "write", "execute"])
        .issuer("https://auth.company.com")
        .audience("my-service")
        .issued_at(1_735_603_200)
        .expires_in(1_735_689_600 - 1_735_603_200)
        .add_claim("sub", "user123")
        .generate_payload()?;
    println!("{}", json!(user_payload));
    assert_eq!(user_payload["iss"], "https://auth.company.com");
    assert_eq!(user_payload["aud"], "my-service");
    assert_eq!(user_payload["exp"], 1_735_689_600);
    assert_eq!(user_payload["iat"], 1_735_603_200);
    assert_eq!(user_payload["sub"], "user123");
    assert_eq!(user_payload["scope"], "read write execute");

    let business_payload = store
        .auth_jwt_payload("business_user")
        .add_scopes(["business:read", "business:write"])
        .add_claim("role", "manager")
        .add_claim("department", "sales")
        .add_claim("tenant_id", "company_abc")
        .add_claim("permissions", json!(["create_orders", "view_reports"]))
        .add_claim("rate_limit", 1000)
        .add_claim("features", json!(["advanced_analytics", "bulk_operations"]))
        .generate_payload()?;
    assert_eq!(business_payload["rate_limit"], 1000);
    assert_eq!(business_payload["features"][0], "advanced_analytics");
    assert_eq!(business_payload["tenant_id"], "company_abc");

    // The specification's literal `add_claim("exp", …)` is refused, naming the method to use.
    let err = store
        .auth_jwt_payload("user123")
        .add_claim("exp", 1_735_689_600)
        .generate_payload()
        .unwrap_err();
    assert_eq!(err.kind(), ProblemKind::ReservedClaim);
    assert_eq!(err.field(), Some("exp"));
    assert!(err.to_string().contains("expires_in()"), "{err}");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
