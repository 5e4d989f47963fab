//! The plain-text summary of a finished save, shown on the Done screen and printed again
//! after the terminal is restored so it stays in the scrollback (as `gh auth login`'s
//! "✓ Logged in" does): the files written, what to register with the identity provider,
//! the variables to export, the `fastmcp-auth generate` command that makes the same config
//! in CI, and for a development key a ready `curl` line.
//!
//! Every value shown is escaped for the terminal; every argument of a printed command goes
//! through the shell-word emitter, so no value can break or extend the command. No secret
//! is printed: embedded secrets become `--env` references; only the sample development
//! token the wizard already shows appears.

use std::path::PathBuf;

use serde_json::Value;

use super::jobs::Written;
use super::save_plan::FileKind;
use super::steps::done::SampleToken;
use crate::core::catalog::{Catalog, ProviderSpec};
use crate::core::deployment::{STORAGE_KEY_FIELD, STORAGE_URL_FIELD};
use crate::core::text::escape_control;
use crate::core::{FastMCPAuthConfig, ParamValue, Storage};
use crate::export::{json::to_pretty_json, referenced_vars, shell_word};
use crate::persist::SaveOutcome;

/// FastMCP's default callback path when the config sets none.
const DEFAULT_REDIRECT_PATH: &str = "/auth/callback";
/// Where `mcp.run(transport="http")` serves when the config names no public URL.
const LOCAL_MCP_URL: &str = "http://127.0.0.1:8000/mcp";

/// The summary's lines (no trailing newlines).
pub fn summary(
    files: &[(FileKind, PathBuf, Written)],
    config: &FastMCPAuthConfig,
    sample: Option<&SampleToken>,
) -> Vec<String> {
    let spec = config
        .provider_type
        .as_deref()
        .and_then(|t| Catalog::builtin().get(t));
    let mut lines = Vec::new();
    for (kind, path, written) in files {
        let path = escape_control(&path.display().to_string()).into_owned();
        let what = kind.what();
        lines.push(match written {
            Written::Saved(SaveOutcome::Created) => format!("✓ Saved {what} {path} (mode 0600)"),
            Written::Saved(SaveOutcome::Replaced { backup }) => format!(
                "✓ Saved {what} {path} (mode 0600; the previous version is {})",
                escape_control(&backup.display().to_string())
            ),
            Written::Unchanged => format!("= Unchanged {what} {path} (it already held this)"),
        });
    }
    if let Some(uri) = spec.and_then(|s| redirect_uri(s, config)) {
        lines.push(format!(
            "Register this redirect URI with the identity provider: {}",
            escape_control(&uri)
        ));
    }
    if let Some(scopes) = spec.map(|s| text_list(config.config_params.get(&s.scopes.param))) {
        if !scopes.is_empty() {
            lines.push(format!(
                "Scopes to grant: {}",
                escape_control(&scopes.join(" "))
            ));
        }
    }
    if let Some(names) = spec.and_then(|s| crate::core::compat::scopes_clients_request(s, config)) {
        lines.push(format!(
            "MCP clients must request them by these names: {}",
            escape_control(&names.join(" "))
        ));
    }
    let mut vars: Vec<&str> = referenced_vars(config)
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    vars.dedup();
    if !vars.is_empty() {
        let env_file = files
            .iter()
            .find(|(kind, _, _)| *kind == FileKind::Env)
            .map(|(_, path, _)| {
                format!(" (or load {})", escape_control(&path.display().to_string()))
            })
            .unwrap_or_default();
        lines.push(format!(
            "Export where the server runs{env_file}: {}",
            vars.join(" ")
        ));
    }
    if let Some(spec) = spec {
        lines.push("The same config from CI:".to_string());
        lines.push(match generate_command(spec, config) {
            Ok(command) => format!("  {command}"),
            Err(field) => format!(
                "  (not printable: {field} holds a control character; use `fastmcp-auth show` \
                 on the saved config)"
            ),
        });
    }
    if let Some(sample) = sample {
        let url = match config.config_params.get("base_url") {
            Some(ParamValue::Literal(Value::String(base))) => {
                format!("{}/mcp", base.trim_end_matches('/'))
            }
            _ => LOCAL_MCP_URL.to_string(),
        };
        let header = format!("Authorization: Bearer {}", sample.token);
        lines.push(format!(
            "Try it with the development token ({}):",
            escape_control(&sample.description())
        ));
        match (shell_word(&header), shell_word(&url)) {
            (Ok(header), Ok(url)) => lines.push(format!("  curl -H {header} {url}")),
            _ => lines.push(format!("  {}", sample.token)),
        }
    }
    lines
}

/// `<base_url><redirect_path>` for providers that sign users in through an OAuth proxy.
fn redirect_uri(spec: &ProviderSpec, config: &FastMCPAuthConfig) -> Option<String> {
    if !spec.oauth_proxy {
        return None;
    }
    let shown = |value: &ParamValue| match value {
        ParamValue::Env(var) => Some(format!("${var}", var = var.as_str())),
        other => other.as_literal_str().map(str::to_string),
    };
    let base = shown(config.config_params.get("base_url")?)?;
    let path = config
        .config_params
        .get("redirect_path")
        .and_then(shown)
        .unwrap_or_else(|| DEFAULT_REDIRECT_PATH.to_string());
    let slash = if path.starts_with('/') { "" } else { "/" };
    Some(format!("{}{slash}{path}", base.trim_end_matches('/')))
}

fn text_list(value: Option<&ParamValue>) -> Vec<String> {
    match value {
        Some(ParamValue::Literal(Value::Array(items))) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// `fastmcp-auth generate …` making `config`, each argument one shell word; or the field
/// whose value no shell word carries.
pub fn generate_command(spec: &ProviderSpec, config: &FastMCPAuthConfig) -> Result<String, String> {
    let mut args: Vec<(String, String)> = vec![("--provider".into(), spec.type_name.clone())];
    if let Some(service) = &config.service {
        args.push(("--service".into(), service.clone()));
    }
    if spec.custom {
        args.push((
            "--set".into(),
            format!("provider_class={}", config.provider_class),
        ));
        args.push((
            "--set".into(),
            format!("import_path={}", config.import_path),
        ));
    }
    for (name, value) in &config.config_params {
        let secret_kind = spec.field(name).is_some_and(|f| f.kind.is_secret());
        match value {
            _ if *name == spec.scopes.param => {
                for scope in text_list(Some(value)) {
                    args.push(("--scope".into(), scope));
                }
            }
            ParamValue::Env(var) => args.push(("--env".into(), format!("{name}={}", var.as_str()))),
            // Embedded secrets stay out of argv (and of the scrollback): refer to the
            // conventional variable instead.
            ParamValue::Secret(_) => {
                let var = spec
                    .field(name)
                    .and_then(|f| f.primary_env().map(str::to_string))
                    .unwrap_or_else(|| name.to_ascii_uppercase());
                args.push(("--env".into(), format!("{name}={var}")));
            }
            // A token map is a secret that cannot be a reference: read from a file.
            ParamValue::Literal(_) if secret_kind => {
                args.push(("--set-file".into(), format!("{name}={name}.json")));
            }
            ParamValue::Literal(Value::String(text)) => {
                args.push(("--set".into(), format!("{name}={text}")));
            }
            ParamValue::Literal(other) => {
                let json = serde_json::to_string(other).unwrap_or_else(|_| to_pretty_json(other));
                args.push(("--set-json".into(), format!("{name}={json}")));
            }
        }
    }
    match config.deployment.as_ref().map(|d| &d.storage) {
        Some(Storage::Redis {
            url,
            encryption_keys,
        }) => {
            args.push(("--storage".into(), "redis".into()));
            args.push((
                "--env".into(),
                format!("{STORAGE_URL_FIELD}={}", url.as_str()),
            ));
            for key in encryption_keys {
                args.push((
                    "--env".into(),
                    format!("{STORAGE_KEY_FIELD}={}", key.as_str()),
                ));
            }
        }
        Some(Storage::Default) => args.push(("--storage".into(), "default".into())),
        None => {}
    }
    let mut command = String::from("fastmcp-auth generate");
    for (flag, value) in args {
        let field = value.split('=').next().unwrap_or(&flag).to_string();
        let word = shell_word(&value).map_err(|_| field)?;
        command.push_str(&format!(" {flag} {word}"));
    }
    Ok(command)
}
