//! The specification's example 7 (examples.md): microservice auth, one audience and
//! scope set per service, and JWTs for four kinds of client.

use std::collections::BTreeMap;

use fastmcp_auth::core::{AuthContext, AuthError, ParamValue};
use serde_json::json;

struct Service {
    name: &'static str,
    audience: &'static str,
    scopes: Vec<String>,
}

fn main() -> Result<(), AuthError> {
    let store = AuthContext::new();
    let services = [
        ("user_service", "user-api", &["user:read", "user:write"][..]),
        ("order_service", "order-api", &["order:read", "order:write"]),
        ("payment_service", "payment-api", &["payment:process"]),
        (
            "notification_service",
            "notification-api",
            &["notification:send"],
        ),
        ("analytics_service", "analytics-api", &["analytics:read"]),
    ]
    .map(|(name, audience, scopes)| Service {
        name,
        audience,
        // Scopes as owned strings, as they would come from a config file.
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
    });

    let mut service_configs = BTreeMap::new();
    for service in &services {
        let service_auth = store
            .auth_service(service.name)
            .require_scopes(&service.scopes)
            .use_bearer_auth(
                "https://auth.microservices.com/.well-known/jwks.json",
                "https://auth.microservices.com",
                service.audience,
            )
            .generate_fastmcp_config()?;
        service_configs.insert(service.name, service_auth);
    }
    assert_eq!(service_configs.len(), 5);
    for service in &services {
        let config = &service_configs[service.name];
        println!("{}: {config}", service.name);
        assert_eq!(
            config.config_params["audience"],
            ParamValue::from(service.audience)
        );
        assert_eq!(
            config.config_params["required_scopes"],
            ParamValue::list(service.scopes.iter().map(String::as_str))
        );
    }

    let gateway_jwt = store
        .auth_jwt_payload("api_gateway")
        .add_scopes([
            "user:read",
            "user:write",
            "order:read",
            "order:write",
            "payment:process",
            "notification:send",
            "analytics:read",
        ])
        .add_claim("role", "api_gateway")
        .add_claim("client_type", "internal")
        .generate_payload()?;
    let frontend_jwt = store
        .auth_jwt_payload("frontend_app")
        .add_scopes(["user:read", "order:read", "order:write"])
        .add_claim("role", "frontend")
        .add_claim("client_type", "web")
        .generate_payload()?;
    let mobile_jwt = store
        .auth_jwt_payload("mobile_app")
        .add_scopes([
            "user:read",
            "user:write",
            "order:read",
            "order:write",
            "notification:send",
        ])
        .add_claim("role", "mobile")
        .add_claim("client_type", "mobile")
        .add_claim("platform", "ios")
        .generate_payload()?;
    let admin_jwt = store
        .auth_jwt_payload("admin_dashboard")
        .add_scopes([
            "user:read",
            "user:write",
            "order:read",
            "order:write",
            "payment:process",
            "analytics:read",
            "admin",
        ])
        .add_claim("role", "admin")
        .add_claim("client_type", "dashboard")
        .add_claim(
            "permissions",
            json!(["user_management", "order_management", "system_config"]),
        )
        .generate_payload()?;

    // The gateway may call every service; the frontend not the payment service.
    let granted = |jwt: &serde_json::Map<String, serde_json::Value>, service: &Service| {
        let scopes: Vec<&str> = jwt["scope"]
            .as_str()
            .unwrap_or_default()
            .split(' ')
            .collect();
        service.scopes.iter().all(|s| scopes.contains(&s.as_str()))
    };
    assert!(services.iter().all(|s| granted(&gateway_jwt, s)));
    assert!(!granted(&frontend_jwt, &services[2]));
    assert_eq!(mobile_jwt["platform"], "ios");
    assert_eq!(admin_jwt["permissions"][2], "system_config");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
