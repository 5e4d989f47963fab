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

/// A bare host (a port is allowed) for parameters FastMCP itself puts after `https://`:
/// given `https://x.clerk.accounts.dev`, Clerk would call `https://https://x…`. A pasted
/// scheme and trailing slashes are removed; a path is refused.
pub fn check_host(field: &FieldSpec, text: &str) -> Result<String> {
    let trimmed = text.trim();
    let host = strip_http_scheme(trimmed).trim_end_matches('/');
    if host.is_empty() {
        return Err(invalid(field, "must be a host name"));
    }
    if host.contains(['/', '?', '#', '@']) || host.chars().any(char::is_whitespace) {
        return Err(invalid(
            field,
            format!(
                "'{trimmed}' must be a host name only, without a path (FastMCP adds https:// and the path)"
            ),
        ));
    }
    let url = Url::parse(&format!("https://{host}"))
        .map_err(|e| invalid(field, format!("'{host}' is not a valid host name ({e})")))?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(field, format!("'{host}' is not a valid host name")));
    }
    Ok(host.to_string())
}

fn strip_http_scheme(text: &str) -> &str {
    for scheme in ["https://", "http://"] {
        if text.len() >= scheme.len() && text[..scheme.len()].eq_ignore_ascii_case(scheme) {
            return &text[scheme.len()..];
        }
    }
    text
}

/// Descope's discovery URL: FastMCP takes the project id from the path segment after
/// `/agentic/` or `/apps/` and refuses the URL without one.
pub fn check_descope_config_url(field: &FieldSpec, text: &str) -> Result<String> {
    let text = check_url(field, text)?;
    let url = Url::parse(&text).map_err(|e| invalid(field, e.to_string()))?;
    // The same reading as FastMCP's `_parse_descope_config_url`.
    let path = url.path().trim_end_matches('/');
    let issuer_path = path
        .strip_suffix("/.well-known/openid-configuration")
        .unwrap_or(path);
    let parts: Vec<&str> = issuer_path.trim_matches('/').split('/').collect();
    let after = |marker: &str| {
        let i = parts.iter().position(|p| *p == marker)?;
        parts.get(i + 1).copied()
    };
    let project = if parts.contains(&"agentic") {
        after("agentic")
    } else {
        after("apps").filter(|p| *p != "agentic")
    };
    if project.is_none_or(str::is_empty) {
        return Err(invalid(
            field,
            format!(
                "'{text}' does not name a Descope project: the path must go on \
                 /v1/apps/<project id> (copy the well-known URL from the Descope console)"
            ),
        ));
    }
    Ok(text)
}

/// StaticTokenVerifier's map of token → `{"client_id": …, "scopes": […]}`. Problems name
/// the entry by position and client id, never by its token.
pub fn check_token_map(field: &FieldSpec, value: &serde_json::Value) -> Result<()> {
    use serde_json::Value;
    let Value::Object(tokens) = value else {
        return Err(invalid(
            field,
            "must be a JSON object mapping each token to {\"client_id\": …, \"scopes\": […]}",
        ));
    };
    if tokens.is_empty() {
        return Err(invalid(field, "needs at least one token"));
    }
    for (position, (token, info)) in tokens.iter().enumerate() {
        let mut entry = format!("token {}", position + 1);
        if token.trim().is_empty() || token.chars().any(char::is_whitespace) {
            return Err(invalid(
                field,
                format!("{entry} is empty or contains whitespace; a bearer token is one word"),
            ));
        }
        let Value::Object(info) = info else {
            return Err(invalid(
                field,
                format!("{entry} must map to an object with client_id and scopes"),
            ));
        };
        match info.get("client_id") {
            Some(Value::String(id)) if !id.trim().is_empty() => {
                entry = format!("{entry} (client_id '{id}')");
            }
            _ => {
                return Err(invalid(
                    field,
                    format!("{entry} needs a client_id (a non-empty string)"),
                ));
            }
        }
        let scopes_ok = match info.get("scopes") {
            None => true,
            Some(Value::Array(items)) => items.iter().all(|s| {
                s.as_str()
                    .is_some_and(|s| !s.is_empty() && !s.chars().any(char::is_whitespace))
            }),
            Some(_) => false,
        };
        if !scopes_ok {
            return Err(invalid(
                field,
                format!("{entry}: scopes must be a list of scopes without whitespace"),
            ));
        }
        if info
            .get("expires_at")
            .is_some_and(|e| !e.is_number() && !e.is_null())
        {
            return Err(invalid(
                field,
                format!("{entry}: expires_at must be a Unix time in seconds"),
            ));
        }
        if info.get("sub").is_some_and(|s| !s.is_string()) {
            return Err(invalid(field, format!("{entry}: sub must be a string")));
        }
    }
    Ok(())
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
            // A shorthand that names one choice ("post" for client_secret_post) gets it offered.
            let lower = text.to_ascii_lowercase();
            let mut close = field
                .choices
                .iter()
                .filter(|c| !lower.is_empty() && c.to_ascii_lowercase().contains(&lower));
            let hint = match (close.next(), close.next()) {
                (Some(only), None) => format!("; did you mean {only}?"),
                _ => String::new(),
            };
            invalid(
                field,
                format!("'{text}' is not one of {}{hint}", field.choices.join(", ")),
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

/// A Python identifier (ASCII subset: what a config file realistically names) that can be
/// bound: not a keyword and not `__debug__`. Generated code uses such names as keyword
/// arguments, a class and module names, so anything else would not even parse.
pub fn is_python_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !PYTHON_KEYWORDS.contains(&text)
        && text != "__debug__"
}

/// Python 3's hard keywords (`keyword.kwlist`).
const PYTHON_KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// A dotted module path such as `my_package.auth`.
pub fn is_module_path(text: &str) -> bool {
    !text.is_empty() && text.split('.').all(is_python_identifier)
}

/// Names the generated server module binds itself; a provider class imported under one of
/// them would replace it (`os`, the `FastMCP` class, the `auth`/`mcp` globals).
pub const NAMES_OF_THE_SERVER_MODULE: [&str; 4] = ["os", "FastMCP", "auth", "mcp"];

/// A provider class name the generated server module can import: an identifier that is
/// neither one of the module's own names nor a dunder (`__name__` would change what
/// `if __name__ == "__main__"` sees).
pub fn is_provider_class_name(text: &str) -> bool {
    is_python_identifier(text)
        && !NAMES_OF_THE_SERVER_MODULE.contains(&text)
        && !(text.starts_with("__") && text.ends_with("__"))
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
    fn choice_shorthand_gets_a_suggestion() {
        let f = field("introspection", "client_auth_method");
        let err = check_choice(&f, "post").unwrap_err().to_string();
        assert!(err.contains("did you mean client_secret_post?"), "{err}");
        // "secret" fits both choices: no guess.
        let err = check_choice(&f, "secret").unwrap_err().to_string();
        assert!(!err.contains("did you mean"), "{err}");
    }

    #[test]
    fn hosts_lose_a_pasted_scheme_and_refuse_paths() {
        let f = field("clerk", "domain");
        for given in [
            "your-app.clerk.accounts.dev",
            " https://your-app.clerk.accounts.dev/ ",
            "HTTP://your-app.clerk.accounts.dev",
        ] {
            assert_eq!(
                check_host(&f, given).unwrap(),
                "your-app.clerk.accounts.dev",
                "{given}"
            );
        }
        assert_eq!(check_host(&f, "localhost:8443").unwrap(), "localhost:8443");
        for bad in [
            "",
            "https://",
            "your-app.clerk.accounts.dev/oauth",
            "ftp://x.example.com",
            "user@x.example.com",
            "two words",
            "bad_host name",
        ] {
            let err = check_host(&f, bad).unwrap_err().to_string();
            assert!(
                err.starts_with("domain:") && err.contains("example: domain=your-app.clerk"),
                "{bad:?}: {err}"
            );
        }
    }

    /// The forms FastMCP 4.1.2's DescopeProvider accepts, and the ones it refuses.
    #[test]
    fn descope_config_url_must_name_a_project() {
        let f = field("descope", "config_url");
        for good in [
            "https://api.descope.com/v1/apps/agentic/P2abc/M123/.well-known/openid-configuration",
            "https://api.descope.com/v1/apps/P2abc",
            "https://api.descope.com/v1/apps/P2abc/",
            "https://api.descope.com/v1/apps/P2abc/.well-known/openid-configuration",
        ] {
            assert!(check_descope_config_url(&f, good).is_ok(), "{good}");
        }
        for bad in [
            "https://api.descope.com",
            "https://api.descope.com/v1/apps/",
            "https://api.descope.com/v1/apps/agentic",
            "https://api.descope.com/v1/apps/.well-known/openid-configuration",
            "https://api.descope.com/v1/apps/P2abc/agentic",
            "api.descope.com/v1/apps/P2abc",
        ] {
            let err = check_descope_config_url(&f, bad).unwrap_err().to_string();
            assert!(err.starts_with("config_url:"), "{bad}: {err}");
        }
    }

    #[test]
    fn token_maps_are_checked_without_naming_a_token() {
        let f = field("static", "tokens");
        let ok = serde_json::json!({
            "tok-a": {"client_id": "alice", "scopes": ["read"]},
            "tok-b": {"client_id": "bob", "expires_at": 1_900_000_000, "sub": "b", "role": "x"},
        });
        assert!(check_token_map(&f, &ok).is_ok());
        let secret = "Sup3rSecretTok";
        let cases = [
            (serde_json::json!([]), "must be a JSON object"),
            (serde_json::json!({}), "at least one token"),
            (
                serde_json::json!({"Sup3r SecretTok": {}}),
                "token 1 is empty or contains whitespace",
            ),
            (
                serde_json::json!({"a": {"client_id": "a"}, secret: "alice"}),
                "token 2 must map to an object",
            ),
            (
                serde_json::json!({secret: {"scopes": ["read"]}}),
                "token 1 needs a client_id",
            ),
            (
                serde_json::json!({secret: {"client_id": ""}}),
                "token 1 needs a client_id",
            ),
            (
                serde_json::json!({secret: {"client_id": "alice", "scopes": "read"}}),
                "token 1 (client_id 'alice'): scopes must be a list",
            ),
            (
                serde_json::json!({secret: {"client_id": "alice", "scopes": ["read write"]}}),
                "scopes must be a list of scopes without whitespace",
            ),
            (
                serde_json::json!({secret: {"client_id": "alice", "expires_at": "tomorrow"}}),
                "expires_at must be a Unix time",
            ),
            (
                serde_json::json!({secret: {"client_id": "alice", "sub": 7}}),
                "sub must be a string",
            ),
        ];
        for (value, expected) in cases {
            let err = check_token_map(&f, &value).unwrap_err().to_string();
            assert!(
                err.starts_with("tokens: ") && err.contains(expected),
                "case {expected:?}: {err}"
            );
            assert!(!err.contains("Sup3r"), "the token leaked: {err}");
        }
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
