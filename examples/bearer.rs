//! The specification's examples 1 and 2 (examples.md): simple bearer-token auth, and the
//! same with its settings taken from environment variables.
//!
//! `cargo run --example bearer`; `cargo test` runs it too.

use fastmcp_auth::core::{AuthContext, AuthError, FixedClock, ParamValue};
use serde_json::json;

fn main() -> Result<(), AuthError> {
    // 1. Simple bearer-token auth. A fixed clock makes `iat`/`exp` reproducible.
    let store = AuthContext::with_clock(FixedClock(1_700_000_000));
    let auth_config = store
        .auth_service("secure_api")
        .require_scopes(["read", "write"])
        .use_bearer_auth(
            "https://auth.example.com/.well-known/jwks.json",
            "https://auth.example.com",
            "secure_api",
        )
        .generate_fastmcp_config()?;
    println!("auth config: {}", auth_config.provider_class);
    assert_eq!(auth_config.provider_class, "JWTVerifier");
    assert_eq!(auth_config.import_path, "fastmcp.server.auth.providers.jwt");
    assert_eq!(
        auth_config.config_params["required_scopes"],
        ParamValue::list(["read", "write"])
    );
    assert_eq!(
        auth_config.config_params["algorithm"],
        ParamValue::from("RS256")
    );

    let user_token = store
        .auth_jwt_payload("user123")
        .add_scopes(["read", "write"])
        .add_claim("role", "user")
        .generate_payload()?;
    println!("user token: {}", json!(user_token));
    assert_eq!(user_token["sub"], "user123");
    assert_eq!(user_token["scope"], "read write");
    assert_eq!(user_token["scopes"], json!(["read", "write"]));
    assert_eq!(user_token["role"], "user");
    assert_eq!(user_token["exp"], 1_700_003_600);

    // 2. Settings from the environment: the config refers to the variables (`${NAME}`),
    // which FastMCP expands where the server runs; nothing is read here.
    let payment = store
        .auth_service("payment_api")
        .require_scopes(["payment:read", "payment:process"])
        .use_bearer_auth(
            ParamValue::env("AUTH_JWKS_URI")?,
            ParamValue::env("AUTH_ISSUER")?,
            ParamValue::env("AUTH_AUDIENCE")?,
        )
        .generate_fastmcp_config()?;
    println!("payment config: {payment}");
    assert_eq!(
        payment.to_json()["config_params"]["jwks_uri"],
        "${AUTH_JWKS_URI}"
    );
    assert_eq!(
        payment.to_json()["config_params"]["audience"],
        "${AUTH_AUDIENCE}"
    );
    assert_eq!(payment.service.as_deref(), Some("payment_api"));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
