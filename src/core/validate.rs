//! Checks on single values: URLs, scopes, choices, Python names. Cross-field rules live in
//! `generate`, which knows the whole provider.

use std::net::IpAddr;

use url::{Host, Url};

use super::catalog::FieldSpec;
use super::error::{AuthError, Result};
use super::text::escape_control;

fn invalid(field: &FieldSpec, problem: impl Into<String>) -> AuthError {
    AuthError::InvalidField {
        field: field.name.clone(),
        problem: problem.into(),
        example: field.example.clone(),
    }
}

/// An absolute http(s) URL with a host; plain http only for loopback hosts. Returns the
/// URL in its normalised form (what FastMCP will see), never as typed: forms a URL parser
/// repairs silently (`https:host`, `https:/host`, a backslash) are refused, and so are user
/// info (a password in the URL) and port 0. A bare domain gets `https://` when the field
/// normalises the scheme. Messages quote the URL only when it holds no user info.
pub fn check_url(field: &FieldSpec, text: &str) -> Result<String> {
    let mut text = text.trim().to_string();
    let has_http_scheme = strip_http_scheme_prefix(&text).is_some();
    if field.normalize_scheme && !text.contains("://") && !has_http_scheme {
        text = format!("https://{text}");
    }
    let shown = shown_url(&text);
    if text.contains('\\') {
        return Err(invalid(
            field,
            format!("{shown} contains a backslash; URLs separate their parts with '/'"),
        ));
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(invalid(
            field,
            format!("{shown} is not an absolute URL: it must start with https://"),
        ));
    };
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return Err(invalid(
            field,
            format!(
                "{shown} must use https:// (got {}://)",
                escape_control(scheme)
            ),
        ));
    }
    if rest.starts_with('/') {
        return Err(invalid(
            field,
            format!("{shown} has a '/' too many after the scheme"),
        ));
    }
    let url =
        Url::parse(&text).map_err(|e| invalid(field, format!("{shown} {}", url_problem(e))))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            field,
            "must not contain a user name or password ('user:password@'): anyone who reads \
             the config would see it; keep credentials in their own fields",
        ));
    }
    let Some(host) = url.host() else {
        return Err(invalid(field, format!("{shown} has no host")));
    };
    if url.port() == Some(0) {
        return Err(invalid(
            field,
            format!("{shown} has port 0, which no server listens on"),
        ));
    }
    if url.scheme() == "http" && !is_loopback(&host) {
        return Err(invalid(
            field,
            format!("{shown} uses http://, which is allowed only for localhost; use https://"),
        ));
    }
    Ok(normalized_url(&url, rest))
}

/// The parser's serialisation, without the `/` it adds to an empty path (`https://x.com`
/// stays so: FastMCP appends its own paths to a base URL).
fn normalized_url(url: &Url, typed_after_scheme: &str) -> String {
    let text = url.as_str();
    let typed_path = typed_after_scheme.contains(['/', '?', '#']);
    if url.path() == "/" && url.query().is_none() && url.fragment().is_none() && !typed_path {
        text.strip_suffix('/').unwrap_or(text).to_string()
    } else {
        text.to_string()
    }
}

/// `text` after `http:` or `https:` (any case), even without the `//`.
fn strip_http_scheme_prefix(text: &str) -> Option<&str> {
    ["https:", "http:"].iter().find_map(|scheme| {
        let head = text.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| &text[scheme.len()..])
    })
}

/// How a URL is quoted in a message: not at all when it may hold a password.
fn shown_url(text: &str) -> String {
    if text.contains('@') {
        "the URL".to_string()
    } else {
        format!("'{}'", escape_control(text))
    }
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
    if host.contains('@') {
        return Err(invalid(
            field,
            "must be a host name only, without a user name or password ('user@')",
        ));
    }
    if host.contains(['/', '?', '#']) || host.chars().any(char::is_whitespace) {
        return Err(invalid(
            field,
            format!(
                "'{}' must be a host name only, without a path (FastMCP adds https:// and the path)",
                escape_control(trimmed)
            ),
        ));
    }
    if host.contains('\\') {
        return Err(invalid(
            field,
            "must be a host name; it contains a backslash",
        ));
    }
    let url = Url::parse(&format!("https://{host}"))
        .map_err(|e| invalid(field, format!("'{host}' {}", url_problem(e))))?;
    let Some(name) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(invalid(field, format!("'{host}' is not a valid host name")));
    };
    // Written normalised (lower case, default port dropped), as FastMCP will use it.
    match url.port() {
        Some(0) => Err(invalid(
            field,
            format!("'{host}' has port 0, which no server listens on"),
        )),
        Some(port) => Ok(format!("{name}:{port}")),
        None => Ok(name.to_string()),
    }
}

/// What is wrong with a URL, in the user's words rather than the URL parser's
/// ("relative URL without a base" means "not absolute").
fn url_problem(error: url::ParseError) -> &'static str {
    use url::ParseError as E;
    match error {
        E::EmptyHost => "has no host (example: https://mcp.example.com)",
        E::IdnaError => "has a host name that is not a valid domain name",
        E::InvalidPort => "has a port that is not a number from 1 to 65535",
        E::InvalidIpv4Address => "has an invalid IPv4 address",
        E::InvalidIpv6Address => "has an invalid IPv6 address (write it in brackets: [::1])",
        E::InvalidDomainCharacter => "has a character a host name cannot contain",
        _ => "must be an absolute URL such as https://mcp.example.com",
    }
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
    let url = Url::parse(&text).map_err(|e| invalid(field, url_problem(e)))?;
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

/// The path every OpenID discovery document is served at (OpenID Connect Discovery 1.0,
/// section 4).
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";

/// For a discovery URL (already checked by [`check_url`]) that does not point at a
/// well-known document, the URL with [`DISCOVERY_PATH`] appended to its path (a query, as
/// Azure B2C's `?p=policy`, is kept). `None` when it already names one, or is not a URL.
pub fn discovery_url_suggestion(url: &str) -> Option<String> {
    let mut parsed = Url::parse(url).ok()?;
    if parsed.path().contains("/.well-known/") {
        return None;
    }
    let path = format!("{}{DISCOVERY_PATH}", parsed.path().trim_end_matches('/'));
    parsed.set_path(&path);
    Some(parsed.to_string())
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
            Some(Value::Array(items)) => {
                items.iter().all(|s| s.as_str().is_some_and(is_scope_token))
            }
            Some(_) => false,
        };
        if !scopes_ok {
            return Err(invalid(
                field,
                format!(
                    "{entry}: scopes must be a list of scopes (printable ASCII without spaces, \
                     '\"' or '\\')"
                ),
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

/// A whole number of 0 or more, given as a JSON integer or as its digits (typed text).
/// Fractions, signs and units are refused: FastMCP takes these as plain `int` seconds or
/// counts.
pub fn check_integer(field: &FieldSpec, value: &serde_json::Value) -> Result<u64> {
    use serde_json::Value;
    let parsed = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(text) => {
            let text = text.trim();
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                text.parse::<u64>().ok()
            }
        }
        _ => None,
    };
    parsed.filter(|n| i64::try_from(*n).is_ok()).ok_or_else(|| {
        invalid(
            field,
            format!(
                "{} is not a whole number of 0 or more (write only digits, e.g. {})",
                shown_scalar(value),
                field.example
            ),
        )
    })
}

/// A finite number of 0 or more, given as a JSON number or as its text (`30`, `2.5`).
pub fn check_number(field: &FieldSpec, value: &serde_json::Value) -> Result<serde_json::Number> {
    use serde_json::Value;
    let parsed = match value {
        Value::Number(n) => n.as_f64().map(|f| (f, n.clone())),
        Value::String(text) => {
            let text = text.trim();
            let plain = !text.is_empty()
                && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && text.bytes().filter(|b| *b == b'.').count() <= 1
                && text.bytes().any(|b| b.is_ascii_digit());
            if plain {
                text.parse::<f64>().ok().and_then(|f| {
                    let number = if text.contains('.') {
                        serde_json::Number::from_f64(f)
                    } else {
                        text.parse::<u64>().ok().map(serde_json::Number::from)
                    };
                    number.map(|n| (f, n))
                })
            } else {
                None
            }
        }
        _ => None,
    };
    match parsed {
        Some((f, n)) if f.is_finite() && f >= 0.0 => Ok(n),
        _ => Err(invalid(
            field,
            format!(
                "{} is not a number of 0 or more (e.g. {})",
                shown_scalar(value),
                field.example
            ),
        )),
    }
}

/// A map of string keys to string values, given as a JSON object or as text: a JSON
/// object, or `key=value` pairs separated by commas (`prompt=consent, access_type=offline`).
/// Keys are non-empty and without whitespace (they become URL query parameters).
pub fn check_string_map(
    field: &FieldSpec,
    value: &serde_json::Value,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    use serde_json::Value;
    let map = match value {
        Value::Object(map) => map.clone(),
        Value::String(text) if text.trim_start().starts_with('{') => {
            // serde_json's syntax errors give a position, never the text itself.
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => return Err(invalid(field, "must be a JSON object")),
                Err(e) => return Err(invalid(field, format!("not valid JSON ({e})"))),
            }
        }
        Value::String(text) => {
            let mut map = serde_json::Map::new();
            for (position, pair) in text.split(',').map(str::trim).enumerate() {
                if pair.is_empty() {
                    continue;
                }
                let Some((key, item)) = pair.split_once('=') else {
                    return Err(invalid(
                        field,
                        format!(
                            "entry {} has no '=': write key=value pairs separated by commas",
                            position + 1
                        ),
                    ));
                };
                map.insert(
                    key.trim().to_string(),
                    Value::String(item.trim().to_string()),
                );
            }
            map
        }
        _ => {
            return Err(invalid(
                field,
                "must be a map of names to strings (a JSON object, or key=value pairs)",
            ));
        }
    };
    if map.is_empty() {
        return Err(invalid(field, "needs at least one key=value pair"));
    }
    for (position, (key, item)) in map.iter().enumerate() {
        if key.is_empty() || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid(
                field,
                format!(
                    "key {} is empty or contains whitespace or control characters",
                    position + 1
                ),
            ));
        }
        if !item.is_string() {
            return Err(invalid(
                field,
                format!(
                    "the value of '{}' must be a string (FastMCP sends it as a request parameter)",
                    escape_control(key)
                ),
            ));
        }
    }
    Ok(map)
}

/// A scalar as a message may quote it: numbers and short texts, escaped.
fn shown_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) if text.chars().count() <= 40 => {
            format!("'{}'", escape_control(text.trim()))
        }
        serde_json::Value::String(_) => "the value".to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        other => format!("a JSON {}", json_type(other)),
    }
}

fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "list",
        serde_json::Value::Object(_) => "object",
    }
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

/// Scopes: RFC 6749 section 3.3 scope tokens (printable ASCII except space, `"` and `\\`),
/// duplicates dropped (first occurrence kept).
pub fn normalize_scopes<I, S>(scopes: I) -> Result<Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out: Vec<String> = Vec::new();
    for scope in scopes {
        let scope = scope.as_ref();
        check_scope(scope)?;
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_string());
        }
    }
    Ok(out)
}

/// Scopes typed as one text (the wizard's scope box, the CLI's `--scope`, a scope list in
/// `--set`), split on commas and whitespace as FastMCP's `parse_scopes` splits a scope
/// string: `"read write"` and `"read,write"` are two scopes, never one that no token can
/// carry. Lists given as lists are not split: [`normalize_scopes`] refuses an item with a
/// space in it.
pub fn split_scopes(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
}

/// One scope-token: `1*( %x21 / %x23-5B / %x5D-7E )`.
pub fn is_scope_token(scope: &str) -> bool {
    !scope.is_empty()
        && scope
            .bytes()
            .all(|b| matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e))
}

fn check_scope(scope: &str) -> Result<()> {
    if is_scope_token(scope) {
        return Ok(());
    }
    let shown = format!("'{}'", escape_control(scope));
    let problem = if scope.is_empty() {
        return Err(AuthError::InvalidScope {
            field: "required_scopes".into(),
            shown: "''".into(),
            problem: "a scope must not be empty".into(),
        });
    } else if scope.chars().any(char::is_whitespace) {
        let parts: Vec<&str> = scope.split_whitespace().collect();
        format!(
            "a scope cannot contain whitespace; give each one separately ({})",
            escape_control(&parts.join(", "))
        )
    } else {
        "a scope may hold only printable ASCII characters other than '\"' and '\\' \
         (RFC 6749 section 3.3)"
            .to_string()
    };
    Err(AuthError::InvalidScope {
        field: "required_scopes".into(),
        shown,
        problem,
    })
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
                "scopes must be a list of scopes (printable ASCII",
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

    /// Forms a URL parser repairs silently, user info and port 0: refused or written in
    /// the parser's form, never as typed; a password never appears in the message.
    #[test]
    fn urls_are_written_normalised_and_never_with_user_info() {
        let f = field("google", "base_url");
        for bad in [
            "https:mcp.example.com",
            "https:/mcp.example.com",
            "https:///mcp.example.com",
            "https:\\\\mcp.example.com",
            "https://mcp.example.com\\path",
            "https://mcp.example.com:0",
            "http://localhost:0/x",
        ] {
            let err = check_url(&f, bad).unwrap_err().to_string();
            assert!(err.starts_with("base_url:"), "{bad}: {err}");
            assert!(err.contains("example: base_url=https://"), "{bad}: {err}");
        }
        for with_password in [
            "https://admin:Pw0rd-Sesame@mcp.example.com",
            "https://admin:Pw0rd-Sesame@mcp.example.com:8443/x",
            "http://admin:Pw0rd-Sesame@localhost",
            "https:admin:Pw0rd-Sesame@mcp.example.com",
            "ftp://admin:Pw0rd-Sesame@mcp.example.com",
            "https://Pw0rd-Sesame@mcp.example.com",
        ] {
            let err = check_url(&f, with_password).unwrap_err().to_string();
            assert!(err.starts_with("base_url:"), "{err}");
            assert!(!err.contains("Pw0rd"), "the password leaked: {err}");
        }
        for (typed, written) in [
            ("HTTPS://MCP.Example.COM", "https://mcp.example.com"),
            ("https://mcp.example.com:443", "https://mcp.example.com"),
            ("https://mcp.example.com/", "https://mcp.example.com/"),
            (
                "https://mcp.example.com/a b",
                "https://mcp.example.com/a%20b",
            ),
            (
                "https://mcp.example.com:8443/mcp",
                "https://mcp.example.com:8443/mcp",
            ),
            ("https://bücher.example", "https://xn--bcher-kva.example"),
            ("http://LOCALHOST:8000", "http://localhost:8000"),
        ] {
            assert_eq!(check_url(&f, typed).unwrap(), written, "{typed}");
        }
        let domain = field("workos", "authkit_domain");
        assert_eq!(
            check_url(&domain, "Your-Domain.authkit.app").unwrap(),
            "https://your-domain.authkit.app"
        );
        assert!(check_url(&domain, "https:your-domain.authkit.app").is_err());
    }

    #[test]
    fn hosts_are_written_normalised() {
        let f = field("clerk", "domain");
        assert_eq!(
            check_host(&f, "Your-App.Clerk.Accounts.dev").unwrap(),
            "your-app.clerk.accounts.dev"
        );
        assert_eq!(
            check_host(&f, "x.example.com:443").unwrap(),
            "x.example.com"
        );
        for bad in [
            "x.example.com\\evil",
            "x.example.com:0",
            "admin:Pw0rd-Sesame@x.example.com",
        ] {
            let err = check_host(&f, bad).unwrap_err().to_string();
            assert!(err.starts_with("domain:"), "{bad}: {err}");
            assert!(!err.contains("Pw0rd"), "the password leaked: {err}");
        }
    }

    /// RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
    #[test]
    fn scopes_follow_the_rfc_6749_grammar() {
        assert!(
            normalize_scopes([
                "read:user",
                "https://graph.microsoft.com/.default",
                "a!#$%&'()*+,-./;<=>?@[]^_`{|}~"
            ])
            .is_ok()
        );
        for bad in [
            "a\"b",
            "a\\b",
            "caf\u{e9}",
            "a\u{1b}[2Jb",
            "read\u{a0}write",
            "\u{7f}",
            "a\u{200b}b",
        ] {
            let err = normalize_scopes([bad]).unwrap_err().to_string();
            assert!(
                err.starts_with("required_scopes: scope '"),
                "{bad:?}: {err}"
            );
            assert!(err.contains("example: required_scopes=read:user"), "{err}");
            assert!(
                !err.contains('\u{1b}'),
                "a control character reached the message: {err:?}"
            );
        }
        let f = field("static", "tokens");
        let map = serde_json::json!({"tok-a": {"client_id": "alice", "scopes": ["r\"w"]}});
        assert!(check_token_map(&f, &map).is_err());
    }

    /// Typed scope text is split as FastMCP splits it; each part is then a scope token.
    #[test]
    fn typed_scope_text_splits_on_commas_and_whitespace() {
        let split = |t| split_scopes(t).collect::<Vec<_>>();
        assert_eq!(split("read write"), ["read", "write"]);
        assert_eq!(
            split(" read,write , admin\tuser:email\n"),
            ["read", "write", "admin", "user:email"]
        );
        assert_eq!(
            split("https://graph.microsoft.com/.default"),
            ["https://graph.microsoft.com/.default"]
        );
        assert!(split(" , ").is_empty());
        assert_eq!(
            normalize_scopes(split("read read write")).unwrap(),
            ["read", "write"]
        );
    }

    #[test]
    fn discovery_urls_without_the_well_known_path_get_it_suggested() {
        for (given, suggested) in [
            (
                "https://auth.example.com",
                Some("https://auth.example.com/.well-known/openid-configuration"),
            ),
            (
                "https://auth.example.com/realms/mcp/",
                Some("https://auth.example.com/realms/mcp/.well-known/openid-configuration"),
            ),
            (
                "https://t.b2clogin.com/t.onmicrosoft.com/v2.0?p=B2C_1_signin",
                Some(
                    "https://t.b2clogin.com/t.onmicrosoft.com/v2.0/.well-known/openid-configuration?p=B2C_1_signin",
                ),
            ),
            (
                "https://auth.example.com/.well-known/openid-configuration",
                None,
            ),
            (
                "https://auth.example.com/.well-known/oauth-authorization-server",
                None,
            ),
            ("not a url", None),
        ] {
            assert_eq!(
                discovery_url_suggestion(given).as_deref(),
                suggested,
                "{given}"
            );
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
