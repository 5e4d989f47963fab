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
use crate::core::catalog::Catalog;
use crate::core::text::is_unsafe_for_terminal;
use crate::core::{EnvVarName, FastMCPAuthConfig, ParamValue};

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
    let service = config.service.as_deref().unwrap_or("your");
    let _ = writeln!(
        out,
        "# Environment for the {service} FastMCP server ({}), generated by fastmcp-auth.",
        config.provider_class
    );
    out.push_str("# Keep this file private and out of version control.\n");
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
    let prefix = config
        .provider_type
        .as_deref()
        .and_then(|t| catalog.get(t))
        .filter(|spec| spec.provider_class == config.provider_class)
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
    let _ = writeln!(
        out,
        "FASTMCP_SERVER_AUTH={}.{}",
        config.import_path, config.provider_class
    );
    for (name, value) in &config.config_params {
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
        let _ = writeln!(out, "{key}={text}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
