//! Checks on single values: URLs, scopes, choices, Python names. Cross-field rules live in
//! `generate`, which knows the whole provider.

use std::net::IpAddr;

use url::{Host, Url};

use super::catalog::FieldSpec;
use super::error::{AuthError, Result};

fn invalid(field: &FieldSpec, problem: impl Into<String>) -> AuthError {
    AuthError::InvalidField {
        field: field.name.clone(),
        problem: problem.into(),
        example: field.example.clone(),
    }
}

/// An absolute http(s) URL with a host; plain http only for loopback hosts. Returns the text
/// to write (trimmed, with `https://` added when the field normalises bare domains).
pub fn check_url(field: &FieldSpec, text: &str) -> Result<String> {
    let mut text = text.trim().to_string();
    if field.normalize_scheme && !text.contains("://") {
        text = format!("https://{text}");
    }
    let url = Url::parse(&text)
        .map_err(|e| invalid(field, format!("'{text}' is not an absolute URL ({e})")))?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return Err(invalid(
            field,
            format!("'{text}' must use https:// (got {}://)", url.scheme()),
        ));
    }
    let Some(host) = url.host() else {
        return Err(invalid(field, format!("'{text}' has no host")));
    };
    if url.scheme() == "http" && !is_loopback(&host) {
        return Err(invalid(
            field,
            format!("'{text}' uses http://, which is allowed only for localhost; use https://"),
        ));
    }
    Ok(text)
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => {
            name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost")
        }
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

/// A choice, matched without regard to case and written in the catalog's spelling.
pub fn check_choice(field: &FieldSpec, text: &str) -> Result<String> {
    let text = text.trim();
    field
        .choices
        .iter()
        .find(|c| c.eq_ignore_ascii_case(text))
        .cloned()
        .ok_or_else(|| {
            invalid(
                field,
                format!("'{text}' is not one of {}", field.choices.join(", ")),
            )
        })
}

/// Scopes: non-empty, no whitespace, duplicates dropped (first occurrence kept).
pub fn normalize_scopes<I, S>(scopes: I) -> Result<Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out: Vec<String> = Vec::new();
    for scope in scopes {
        let scope = scope.as_ref();
        if scope.is_empty() {
            return Err(AuthError::InvalidScope {
                shown: "''".into(),
                problem: "a scope must not be empty".into(),
            });
        }
        if scope.chars().any(char::is_whitespace) {
            let parts: Vec<&str> = scope.split_whitespace().collect();
            return Err(AuthError::InvalidScope {
                shown: format!("'{scope}'"),
                problem: format!(
                    "a scope cannot contain whitespace; give each one separately ({})",
                    parts.join(", ")
                ),
            });
        }
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_string());
        }
    }
    Ok(out)
}

/// A Python identifier (ASCII subset: what a config file realistically names).
pub fn is_python_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// A dotted module path such as `my_package.auth`.
pub fn is_module_path(text: &str) -> bool {
    !text.is_empty() && text.split('.').all(is_python_identifier)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;

    fn field(provider: &str, name: &str) -> FieldSpec {
        Catalog::builtin()
            .get(provider)
            .unwrap()
            .field(name)
            .unwrap()
            .clone()
    }

    #[test]
    fn urls_must_be_absolute_https_with_a_host() {
        let f = field("google", "base_url");
        assert_eq!(
            check_url(&f, " https://mcp.example.com ").unwrap(),
            "https://mcp.example.com"
        );
        assert!(check_url(&f, "http://localhost:8000").is_ok());
        assert!(check_url(&f, "http://127.0.0.1:8000/x").is_ok());
        assert!(check_url(&f, "http://[::1]:8000").is_ok());
        for bad in [
            "mcp.example.com",
            "/relative",
            "ftp://mcp.example.com",
            "http://mcp.example.com",
            "https://",
            "file:///etc/passwd",
        ] {
            let err = check_url(&f, bad).unwrap_err().to_string();
            assert!(err.starts_with("base_url:"), "{err}");
            assert!(
                err.contains("example: base_url=https://mcp.example.com"),
                "{err}"
            );
        }
    }

    #[test]
    fn workos_domain_gets_a_scheme() {
        let f = field("workos", "authkit_domain");
        assert_eq!(
            check_url(&f, "your-domain.authkit.app").unwrap(),
            "https://your-domain.authkit.app"
        );
        // Other URL fields do not guess.
        assert!(check_url(&field("google", "base_url"), "your-domain.authkit.app").is_err());
    }

    #[test]
    fn scopes_are_checked_and_deduplicated_in_order() {
        assert_eq!(
            normalize_scopes(["read", "write", "read", "admin"]).unwrap(),
            ["read", "write", "admin"]
        );
        let err = normalize_scopes(["read write"]).unwrap_err().to_string();
        assert!(
            err.contains("whitespace") && err.contains("read, write"),
            "{err}"
        );
        assert!(normalize_scopes([""]).is_err());
        assert!(normalize_scopes(["a\tb"]).is_err());
    }

    #[test]
    fn choices_match_case_insensitively() {
        let f = field("bearer", "algorithm");
        assert_eq!(check_choice(&f, "rs256").unwrap(), "RS256");
        let err = check_choice(&f, "none").unwrap_err().to_string();
        assert!(err.contains("algorithm") && err.contains("HS256"), "{err}");
    }

    #[test]
    fn python_names() {
        assert!(is_module_path("my_pkg.auth.v2"));
        assert!(!is_module_path("my-pkg.auth"));
        assert!(!is_module_path("pkg..auth"));
        assert!(is_python_identifier("MyVerifier"));
        assert!(!is_python_identifier("My.Verifier"));
    }
}
