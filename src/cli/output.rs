//! Where a command's config goes: rendered in the chosen format, then printed or saved
//! through the one save routine (`persist::save_text`).

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use super::{CliError, write_out};
use crate::core::FastMCPAuthConfig;
use crate::export::{self, ExportError, Format, SecretDisplay};
use crate::persist::{self, SaveOutcome};

/// `--format`: the forms `export` renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The FastMCPAuthConfig JSON (what `list`, `show` and `validate` read)
    Json,
    /// FastMCP server code that builds the provider from the environment
    Python,
    /// A .env template of the referenced variables
    Env,
    /// FastMCP 2.12-2.14 FASTMCP_SERVER_AUTH_* variables
    #[value(name = "env-v2")]
    EnvV2,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Json => Format::Json,
            FormatArg::Python => Format::Python,
            FormatArg::Env => Format::Env,
            FormatArg::EnvV2 => Format::EnvV2,
        }
    }
}

/// Where a variable's value for the `.env` format comes from.
pub enum EnvValues {
    /// Left empty for the user to fill in.
    Empty,
    /// Taken from this process's environment (only with `--embed-secrets`).
    FromEnvironment,
}

/// Renders `config` as `format`. A format the provider has no form for is a usage error:
/// the config is fine, the flag asked for something that does not exist. A config the
/// format cannot carry (a value no `.env` quoting holds) is a failure naming the variable.
pub fn render(
    config: &FastMCPAuthConfig,
    format: FormatArg,
    secrets: SecretDisplay,
    env_values: EnvValues,
) -> Result<String, CliError> {
    let rendered = match (format, env_values) {
        (FormatArg::Env, EnvValues::FromEnvironment) => {
            let lookup = |var: &str| std::env::var(var).ok().filter(|v| !v.is_empty());
            export::render_env(config, Some(&lookup))
        }
        (format, _) => export::render(config, format.into(), secrets),
    };
    rendered.map_err(|e| match e {
        ExportError::NoV2Settings { .. } => {
            CliError::Usage(format!("{e} (--format json or --format python)"))
        }
        other => CliError::Failed(other.to_string()),
    })
}

/// Saves `text` at `path` (mode 0600; an existing file only with `force`, kept as `.bak`)
/// and says on `err` what happened.
fn save(path: &Path, text: &str, force: bool, err: &mut dyn Write) -> Result<(), CliError> {
    let message = match persist::save_text(path, text.as_bytes(), force)? {
        SaveOutcome::Created => format!("saved {}", path.display()),
        SaveOutcome::Replaced { backup } => format!(
            "saved {} (previous version kept as {})",
            path.display(),
            backup.display()
        ),
    };
    let _ = writeln!(err, "{message}");
    Ok(())
}

/// Prints `text` on `out`, or saves it when a path is given.
pub fn emit(
    text: &str,
    target: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    match target {
        Some(path) => save(path, text, force, err),
        None => write_out(out, text),
    }
}
