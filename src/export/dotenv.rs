//! `.env` files, read by two parsers: python-dotenv (FastMCP's settings, `load_dotenv`)
//! and a POSIX shell (`set -a; . ./.env`). A value is written in the one form both read
//! back as exactly its characters, or refused (naming the variable, never the value):
//!
//! - bare, when it has only characters neither treats specially;
//! - single-quoted: the shell takes everything literally; python-dotenv decodes only `\\`
//!   and `\'`, so this fits any value without `'`, without `\\` and not ending in `\`;
//! - double-quoted with `\\` and `\"`: both decode exactly these two, but the shell
//!   expands `$` and `` ` `` there, so this fits any value without those two.
//!
//! Refused: NUL (no variable can hold it), CR (python-dotenv reads it as a line break), any
//! other control or bidi character (it would reach the file and the terminal raw: neither
//! parser has an escape the other shares), and `${…}` (python-dotenv expands it in every
//! quoting). Line breaks are written raw inside quotes, which both read back as they are.

use std::fmt::Write as _;

use serde_json::Value;

use super::json::to_shell_safe_json;
use super::{
    EnvLookup, ExportError, SecretDisplay, check_unquoted_names, displayed, referenced_vars,
};
use crate::core::catalog::{Catalog, FieldKind};
use crate::core::text::is_unsafe_for_terminal;
use crate::core::{EnvVarName, FastMCPAuthConfig, FastmcpVersion, ParamValue, VersionRange};

/// Why a value has no form both parsers read back unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unencodable {
    Nul,
    CarriageReturn,
    Control,
    Interpolation,
    QuoteAndExpansion,
}

impl Unencodable {
    pub fn describe(self) -> &'static str {
        match self {
            Unencodable::Nul => {
                "it contains a NUL character, which no environment variable can hold"
            }
            Unencodable::CarriageReturn => {
                "it contains a carriage return, which python-dotenv reads as a line break"
            }
            Unencodable::Control => {
                "it contains a control or bidirectional-override character (other than a line \
                 break), which a .env file cannot hold escaped for both python-dotenv and a shell"
            }
            Unencodable::Interpolation => {
                "it contains ${...}, which python-dotenv replaces with a variable's value \
                 whatever the quoting"
            }
            Unencodable::QuoteAndExpansion => {
                "it contains a single quote (or a doubled or trailing backslash) together with \
                 $ or a backquote, which no quoting reads back the same in python-dotenv and a shell"
            }
        }
    }
}

/// `value` as it goes after `NAME=`.
pub fn dotenv_value(value: &str) -> Result<String, Unencodable> {
    for c in value.chars() {
        match c {
            '\0' => return Err(Unencodable::Nul),
            '\r' => return Err(Unencodable::CarriageReturn),
            '\n' => {}
            c if is_unsafe_for_terminal(c) || super::must_escape(c) => {
                return Err(Unencodable::Control);
            }
            _ => {}
        }
    }
    if has_dotenv_interpolation(value) {
        return Err(Unencodable::Interpolation);
    }
    let bare = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.:/@+=,".contains(c));
    if bare {
        return Ok(value.to_string());
    }
    if !value.contains('\'') && !value.contains("\\\\") && !value.ends_with('\\') {
        return Ok(format!("'{value}'"));
    }
    if !value.contains('$') && !value.contains('`') {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        return Ok(format!("\"{escaped}\""));
    }
    Err(Unencodable::QuoteAndExpansion)
}

/// `word` as one POSIX shell word that reads back as exactly its characters: bare when it
/// has only characters no shell treats specially, otherwise single-quoted (`'` written as
/// `'\''`). Refused: NUL, CR and any other control or bidi character (a line break is
/// kept, inside quotes), since the word is also shown on a terminal.
#[cfg(any(feature = "tui", test))]
pub fn shell_word(word: &str) -> Result<String, Unencodable> {
    for c in word.chars() {
        match c {
            '\0' => return Err(Unencodable::Nul),
            '\r' => return Err(Unencodable::CarriageReturn),
            '\n' => {}
            c if is_unsafe_for_terminal(c) || super::must_escape(c) => {
                return Err(Unencodable::Control);
            }
            _ => {}
        }
    }
    let bare = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@+=,%".contains(c));
    if bare {
        return Ok(word.to_string());
    }
    Ok(format!("'{}'", word.replace('\'', "'\\''")))
}

/// Whether python-dotenv's interpolation (`\$\{[^}:]*(:-[^}]*)?\}`) matches anywhere.
fn has_dotenv_interpolation(value: &str) -> bool {
    value.match_indices("${").any(|(start, _)| {
        let rest = &value[start + 2..];
        let name_end = rest.find(['}', ':']).unwrap_or(rest.len());
        match rest[name_end..].chars().next() {
            Some('}') => true,
            Some(':') => rest[name_end..].starts_with(":-") && rest[name_end..].contains('}'),
            _ => false,
        }
    })
}

fn encode(var: &str, value: &str) -> Result<String, ExportError> {
    dotenv_value(value).map_err(|reason| ExportError::UnencodableEnvValue {
        var: var.to_string(),
        reason: reason.describe(),
    })
}

/// A `.env` template listing every referenced variable. `values` supplies what to write
/// after `=` (e.g. the current environment, when the user asked to embed secrets); without
/// it the values are left empty for the user to fill in.
///
/// # Errors
///
/// [`ExportError`](crate::export::ExportError) when a name is not a Python name or a value cannot be written to a `.env` file.
pub fn render_env(
    config: &FastMCPAuthConfig,
    values: Option<EnvLookup>,
) -> Result<String, ExportError> {
    // Names are checked so the comments below carry only identifiers.
    check_unquoted_names(config)?;
    let mut out = String::new();
    // The service was checked above: a name, written as it is.
    let server = match config.service.as_deref() {
        Some(service) => format!("the {service} FastMCP server"),
        None => "a FastMCP server".to_string(),
    };
    let _ = writeln!(
        out,
        "# Environment for {server} ({}), generated by fastmcp-auth.",
        config.provider_class
    );
    out.push_str("# Keep this file private and out of version control.\n");
    if let Some(target) = config.fastmcp_version {
        let _ = writeln!(out, "# Checked for FastMCP {target}.");
    }
    let vars = referenced_vars(config);
    if vars.is_empty() {
        out.push_str("# This config refers to no environment variables.\n");
    }
    for (var, param) in vars {
        let value = values.and_then(|lookup| lookup(var)).unwrap_or_default();
        let _ = writeln!(out, "\n# {param}\n{var}={}", encode(var, &value)?);
    }
    if config.deployment.as_ref().is_some_and(|d| d.is_shared()) {
        out.push_str(
            "\n# Several replicas behind a load balancer: MCP sessions must not live in one\n\
             # replica's memory, so the HTTP transport runs stateless.\nFASTMCP_STATELESS_HTTP=true\n",
        );
    }
    Ok(out)
}

/// FastMCP 2.12–2.14's environment configuration: `FASTMCP_SERVER_AUTH=<class path>` and
/// `FASTMCP_SERVER_AUTH_<PREFIX>_<FIELD>` per parameter. References stay `${VAR}`, which
/// python-dotenv (used by FastMCP 2's settings) and a shell both expand; lists and other
/// non-string values are written as JSON, which FastMCP 2's settings parse.
///
/// # Errors
///
/// [`ExportError`](crate::export::ExportError) when the class has no FastMCP 2.x settings, a name is not a Python name, or a value cannot be written to a `.env` file.
pub fn render_env_v2(
    config: &FastMCPAuthConfig,
    secrets: SecretDisplay,
) -> Result<String, ExportError> {
    check_unquoted_names(config)?;
    let composite = match (
        config.verifier_params.keys().next(),
        config.also_accept.is_empty(),
    ) {
        (Some(name), _) => Some(format!("a token verifier ({name})")),
        (None, false) => Some("MultiAuth (also_accept)".to_string()),
        (None, true) => None,
    };
    if let Some(what) = composite {
        return Err(ExportError::NotExpressible {
            what,
            format: "FastMCP 2.x environment variables (env-v2)",
        });
    }
    let catalog = Catalog::builtin();
    let type_name = config.provider_type.as_deref().unwrap_or_default();
    check_v2_loads(config, type_name)?;
    let spec = config
        .provider_type
        .as_deref()
        .and_then(|t| catalog.get(t))
        .filter(|spec| spec.provider_class == config.provider_class);
    let prefix = spec
        .and_then(|spec| spec.v2_prefix.clone())
        .ok_or_else(|| ExportError::NoV2Settings {
            class: config.provider_class.clone(),
            known: catalog
                .providers
                .iter()
                .filter(|p| p.v2_prefix.is_some())
                .map(|p| p.type_name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let mut out = String::new();
    out.push_str(
        "# FastMCP 2.12-2.14 only: FastMCP 3 removed configuration from these variables.\n",
    );
    if let Some(target) = config.fastmcp_version {
        let _ = writeln!(out, "# Checked for FastMCP {target}.");
    }
    let _ = writeln!(
        out,
        "FASTMCP_SERVER_AUTH={}.{}",
        config.import_path, config.provider_class
    );
    for (name, value) in &config.config_params {
        // Integers, numbers, booleans and lists are written as JSON, which FastMCP 2's
        // settings parse; no FastMCP 2 setting takes a map, so a map would be dropped.
        if spec
            .and_then(|s| s.field(name))
            .is_some_and(|f| f.kind == FieldKind::StringMap)
        {
            return Err(ExportError::NoV2Variable {
                param: name.clone(),
                class: config.provider_class.clone(),
            });
        }
        let key = format!("FASTMCP_SERVER_AUTH_{prefix}_{}", name.to_ascii_uppercase());
        // The prefix comes from the catalog and the name is an identifier; checked anyway,
        // as a key is written unquoted.
        EnvVarName::parse(&key).map_err(|_| ExportError::NotPythonName {
            what: "config_params key",
            shown: name.clone(),
        })?;
        let text = match displayed(config, name, value, secrets) {
            ParamValue::Env(var) => var.placeholder(),
            ParamValue::Secret(s) => encode(&key, s.expose())?,
            ParamValue::Literal(Value::String(s)) => encode(&key, &s)?,
            // Escaped so that single quotes always fit: lists are never refused.
            ParamValue::Literal(v) => encode(&key, &to_shell_safe_json(&v))?,
        };
        match v2_variable(config, type_name, name) {
            V2Variable::Read => {}
            V2Variable::IgnoredDefault => continue,
            V2Variable::Ignored(why) => {
                let _ = writeln!(out, "# {why}");
            }
        }
        let _ = writeln!(out, "{key}={text}");
    }
    Ok(out)
}

/// FastMCP 2.x before 2.12 had no `FASTMCP_SERVER_AUTH`; 3.0 removed it.
const V2_FIRST: FastmcpVersion = FastmcpVersion::new(2, 12, 0);
const V2_END: FastmcpVersion = FastmcpVersion::new(3, 0, 0);

const fn v(major: u16, minor: u16, patch: u16) -> FastmcpVersion {
    FastmcpVersion::new(major, minor, patch)
}

/// Releases from `since` on.
const fn from(since: FastmcpVersion) -> Option<VersionRange> {
    Some(VersionRange {
        since: Some(since),
        removed: None,
    })
}

/// Releases before `removed`.
const fn until(removed: FastmcpVersion) -> Option<VersionRange> {
    Some(VersionRange {
        since: None,
        removed: Some(removed),
    })
}

/// The tables below are measured: `scripts/introspect_fastmcp.py env` over every release
/// 2.12.0-2.14.7, recorded in tests/data/fastmcp_v2_env.json, which
/// tests/catalog_coverage.rs checks them against.
///
/// Catalog types whose class appeared after 2.12.0, with the first release that has it
/// (and its settings class, so it loads from variables alone). Every other type with a
/// `v2_prefix` loads from 2.12.0 on.
const V2_LOADS_FROM: &[(&str, FastmcpVersion)] = &[
    ("auth0", v(2, 12, 4)),
    ("aws-cognito", v(2, 12, 4)),
    ("descope", v(2, 12, 4)),
    ("introspection", v(2, 13, 0)),
    ("scalekit", v(2, 13, 0)),
    ("supabase", v(2, 13, 0)),
    ("oci", v(2, 13, 1)),
    ("discord", v(2, 13, 2)),
];

/// Parameters whose variable only some 2.x releases read, per catalog type (`*`: every
/// type that has the parameter), with the releases that read it (`None`: no 2.x release
/// does, though the constructor may take the parameter). A type's own entry wins over `*`;
/// a parameter listed nowhere is read by every release that has the class.
const V2_READS: &[(&str, &str, Option<VersionRange>)] = &[
    ("bearer", "base_url", from(v(2, 12, 1))),
    ("workos", "client_id", None),
    ("azure", "identifier_uri", from(v(2, 13, 0))),
    ("azure", "additional_authorize_scopes", from(v(2, 13, 0))),
    ("azure", "base_authority", from(v(2, 13, 1))),
    ("azure", "timeout_seconds", until(v(2, 13, 0))),
    ("auth0", "timeout_seconds", None),
    ("aws-cognito", "timeout_seconds", None),
    ("oci", "timeout_seconds", None),
    ("supabase", "algorithm", from(v(2, 13, 1))),
    ("supabase", "auth_route", from(v(2, 14, 2))),
    ("descope", "config_url", from(v(2, 13, 2))),
    ("descope", "required_scopes", from(v(2, 13, 2))),
    ("scalekit", "base_url", from(v(2, 13, 2))),
    ("scalekit", "required_scopes", from(v(2, 13, 2))),
    ("scalekit", "client_id", until(v(2, 13, 2))),
    ("introspection", "audience", None),
    ("introspection", "client_auth_method", None),
    ("*", "issuer_url", from(v(2, 13, 0))),
    ("*", "jwt_signing_key", from(v(2, 13, 0))),
    // Constructor-only parameters (the consent screen's switch, caches, 3.x additions).
    ("*", "require_authorization_consent", None),
    ("*", "extra_authorize_params", None),
    ("*", "ssrf_safe", None),
    ("*", "jwks_refresh_interval", None),
    ("*", "resource_base_url", None),
    ("*", "valid_scopes", None),
    ("*", "consent_csp_policy", None),
    ("*", "forward_resource", None),
    ("*", "fallback_refresh_token_expiry_seconds", None),
    ("*", "fastmcp_access_token_expiry_seconds", None),
    ("*", "token_expiry_threshold_seconds", None),
    ("*", "enable_cimd", None),
    ("*", "cache_ttl_seconds", None),
    ("*", "max_cache_size", None),
    ("*", "scopes_supported", None),
    ("*", "resource_name", None),
    ("*", "resource_documentation", None),
    ("*", "token_issuer", None),
];

/// Ignored parameters with the constructor's own (boolean) default in those releases: the
/// same value changes nothing, so the variable is left out and nothing is said.
const V2_UNREAD_DEFAULTS: &[(&str, bool, VersionRange)] = &[(
    "require_authorization_consent",
    true,
    VersionRange {
        since: Some(v(2, 13, 0)),
        removed: None,
    },
)];

/// Whether FastMCP `target` reads parameter `name`'s variable for catalog type `type_name`.
fn v2_reads(type_name: &str, name: &str, target: FastmcpVersion) -> bool {
    let own = V2_READS
        .iter()
        .find(|(t, field, _)| *t == type_name && *field == name);
    let rule = own.or_else(|| {
        V2_READS
            .iter()
            .find(|(t, field, _)| *t == "*" && *field == name)
    });
    match rule {
        None => true,
        Some((_, _, reads)) => reads.is_some_and(|r| r.contains(target)),
    }
}

/// The first 2.x release that reads parameter `name`, when a later one than `target` does.
fn v2_read_from(type_name: &str, name: &str, target: FastmcpVersion) -> Option<FastmcpVersion> {
    let own = V2_READS
        .iter()
        .find(|(t, field, _)| *t == type_name && *field == name);
    let rule = own.or_else(|| {
        V2_READS
            .iter()
            .find(|(t, field, _)| *t == "*" && *field == name)
    });
    let (_, _, reads) = rule?;
    reads
        .and_then(|r| r.since)
        .filter(|since| *since > target && reads.is_some_and(|r| r.removed.is_none()))
}

/// The release `config` is for, as env-v2 judges it: without one, the oldest release that
/// reads these variables, so that nothing it ignores goes unsaid.
fn v2_target(config: &FastMCPAuthConfig) -> FastmcpVersion {
    config.fastmcp_version.unwrap_or(V2_FIRST)
}

/// Refuses a target outside 2.12–2.14 and a class the target cannot build from variables.
fn check_v2_loads(config: &FastMCPAuthConfig, type_name: &str) -> Result<(), ExportError> {
    if let Some(target) = config.fastmcp_version {
        if !(V2_FIRST..V2_END).contains(&target) {
            return Err(ExportError::EnvV2Release { target });
        }
    }
    // A config without a target is refused only for what no 2.x release can load (none).
    let Some(target) = config.fastmcp_version else {
        return Ok(());
    };
    match V2_LOADS_FROM.iter().find(|(t, _)| *t == type_name) {
        Some((_, from)) if target < *from => Err(ExportError::NoV2Loader {
            class: config.provider_class.clone(),
            target,
            from: Some(*from),
        }),
        _ => Ok(()),
    }
}

/// What env-v2 does with parameter `name`'s variable for the target.
enum V2Variable {
    /// The target reads it.
    Read,
    /// The target ignores it, but the value is what the target does anyway: left out.
    IgnoredDefault,
    /// The target ignores it: written with this comment, and warned about.
    Ignored(String),
}

fn v2_variable(config: &FastMCPAuthConfig, type_name: &str, name: &str) -> V2Variable {
    let target = v2_target(config);
    if v2_reads(type_name, name, target) {
        return V2Variable::Read;
    }
    let is_default = V2_UNREAD_DEFAULTS.iter().any(|(param, default, range)| {
        *param == name
            && range.contains(target)
            && matches!(config.config_params.get(name), Some(ParamValue::Literal(Value::Bool(b))) if b == default)
    });
    if is_default {
        return V2Variable::IgnoredDefault;
    }
    V2Variable::Ignored(match v2_read_from(type_name, name, target) {
        Some(from) => format!(
            "FastMCP {target} ignores this variable ({name} is read from FastMCP {from} on): \
             set it in code, or target {from}"
        ),
        None => format!(
            "FastMCP {target} ignores this variable: its settings do not read {name}; set \
             it in code, or use the json or python form with FastMCP 3 or later"
        ),
    })
}

/// What an env-v2 export of `config` leaves unsaid to FastMCP: one line per parameter whose
/// variable the target release ignores (the file carries the same line as a comment).
pub fn env_v2_warnings(config: &FastMCPAuthConfig) -> Vec<String> {
    let type_name = config.provider_type.as_deref().unwrap_or_default();
    config
        .config_params
        .keys()
        .filter_map(|name| match v2_variable(config, type_name, name) {
            V2Variable::Ignored(why) => Some(why),
            V2Variable::Read | V2Variable::IgnoredDefault => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers are written as FastMCP 2's settings parse them; a map, which no FastMCP 2
    /// setting takes, is refused by name instead of being silently ignored.
    #[test]
    fn env_v2_writes_numbers_and_refuses_maps() {
        use crate::core::{AuthProviderConfig, ParamValue, generate_fastmcp_auth_config};
        let mut provider = AuthProviderConfig::new("google".parse().unwrap());
        provider.set("client_id", "123-abc.apps.googleusercontent.com");
        provider.set(
            "client_secret",
            ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap(),
        );
        provider.set("base_url", "https://mcp.example.com");
        provider.set("timeout_seconds", "30");
        provider.fastmcp_version = Some("2.14.7".parse().unwrap());
        let config = generate_fastmcp_auth_config(&provider).unwrap();
        let text = render_env_v2(&config, SecretDisplay::Masked).unwrap();
        assert!(
            text.contains("\nFASTMCP_SERVER_AUTH_GOOGLE_TIMEOUT_SECONDS=30\n"),
            "{text}"
        );
        provider.set("extra_authorize_params", "prompt=select_account");
        let config = generate_fastmcp_auth_config(&provider).unwrap();
        let err = render_env_v2(&config, SecretDisplay::Masked)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("extra_authorize_params: FastMCP 2.x's environment settings")
                && err.contains("--format json or python"),
            "{err}"
        );
    }

    #[test]
    fn chooses_the_plainest_form_both_parsers_share() {
        let cases = [
            ("", ""),
            ("abc-1.2:/x@y+z=,", "abc-1.2:/x@y+z=,"),
            ("a b", "'a b'"),
            ("$(id) `id` $HOME \"q\"", "'$(id) `id` $HOME \"q\"'"),
            ("a\\b", "'a\\b'"),
            ("line1\nline2", "'line1\nline2'"),
            ("it's", "\"it's\""),
            ("a\\\\b", "\"a\\\\\\\\b\""),
            ("ends\\", "\"ends\\\\\""),
            ("it's \"x\"", "\"it's \\\"x\\\"\""),
        ];
        for (value, written) in cases {
            assert_eq!(dotenv_value(value).as_deref(), Ok(written), "{value:?}");
        }
    }

    /// Every word, hostile or not, reaches a real shell's command as exactly itself.
    #[test]
    fn shell_words_read_back_unchanged_in_sh() {
        let words = [
            "plain",
            "",
            "a b",
            "it's",
            "'; rm -rf ~ #",
            "$(id) `id` $HOME ${X} \\ \"q\" !x *",
            "line1\nline2",
            "--not-a-flag=1",
            "''",
        ];
        let script: Vec<String> = words
            .iter()
            .map(|w| format!("printf '%s\\0' {}", shell_word(w).unwrap()))
            .collect();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(script.join("\n"))
            .output()
            .unwrap();
        let printed = String::from_utf8(out.stdout).unwrap();
        let got: Vec<&str> = printed.split('\0').collect();
        assert_eq!(got[..words.len()], words);
        for bad in ["a\u{1b}[2J", "a\rb", "a\0b", "a\u{202e}b"] {
            assert!(shell_word(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn refuses_what_no_form_carries() {
        let cases = [
            ("a\0b", Unencodable::Nul),
            ("a\rb", Unencodable::CarriageReturn),
            ("a\tb", Unencodable::Control),
            ("a\u{1b}[2Jb", Unencodable::Control),
            ("a\u{202e}b", Unencodable::Control),
            ("x${HOME}y", Unencodable::Interpolation),
            ("${A:-b}", Unencodable::Interpolation),
            ("it's $(id)", Unencodable::QuoteAndExpansion),
            ("a\\\\b`", Unencodable::QuoteAndExpansion),
        ];
        for (value, reason) in cases {
            assert_eq!(dotenv_value(value), Err(reason), "{value:?}");
        }
        // Not python-dotenv's pattern: written as they are.
        for value in ["${", "${a:b}", "$", "${a", "{x}$"] {
            assert!(dotenv_value(value).is_ok(), "{value:?}");
        }
    }
}
