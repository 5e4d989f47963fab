//! The specification's example 4 (examples.md): GitHub OAuth for developer tools.

use fastmcp_auth::core::{AuthContext, AuthError, ParamValue};
use serde_json::json;

fn main() -> Result<(), AuthError> {
    let store = AuthContext::new();
    let github_auth = store
        .auth_service("github_tools")
        .require_scopes(["repo:read", "user:read", "org:read"])
        .use_github_auth(
            ParamValue::env("GITHUB_CLIENT_ID")?,
            ParamValue::env("GITHUB_CLIENT_SECRET")?,
            "https://dev.myapp.com",
        )
        .with_required_scopes(["read:user", "user:email", "repo", "read:org", "workflow"])
        .generate_fastmcp_config()?;
    println!("{github_auth}");
    assert_eq!(github_auth.provider_class, "GitHubProvider");
    assert_eq!(
        github_auth.import_path,
        "fastmcp.server.auth.providers.github"
    );
    assert_eq!(
        github_auth.config_params["required_scopes"],
        ParamValue::list([
            "repo:read",
            "user:read",
            "org:read",
            "read:user",
            "user:email",
            "repo",
            "read:org",
            "workflow",
        ])
    );

    let developer_jwt = store
        .auth_jwt_payload("developer123")
        .add_scopes(["repo:read", "user:read", "org:read"])
        .add_claim("role", "developer")
        .add_claim("team", "backend")
        .add_claim("github_username", "developer123")
        .add_claim(
            "repositories",
            json!(["company/backend", "company/frontend"]),
        )
        .generate_payload()?;
    assert_eq!(developer_jwt["repositories"][1], "company/frontend");
    assert_eq!(developer_jwt["client_id"], "developer123");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
