//! `fastmcp-auth validate CONFIG…` (service names or paths): one line per file (`PATH: ok` or `PATH: <problem>`) on
//! stdout; exit 1 when any file has a problem.

use std::io::Write;
use std::path::Path;

use clap::Args;

use super::fastmcp_arg::FastmcpArgs;
use super::{CliError, config_arg, write_out};
use crate::core::deployment::{check_fernet_key, check_redis_url};
use crate::core::text::escape_control;
use crate::core::{FastMCPAuthConfig, FastmcpVersion, Storage};
use crate::export::referenced_vars;
use crate::persist;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Configs to check: service names (e.g. payments-api) or paths
    #[arg(value_name = "CONFIG", required = true)]
    pub configs: Vec<String>,
    /// Also report ${VAR} references whose variable is not set in this environment
    #[arg(long)]
    pub check_env: bool,
    /// Check every file for this FastMCP release instead of the one it records
    #[command(flatten)]
    pub target: FastmcpArgs,
}

pub fn run(args: &ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let target = args.target.chosen()?;
    let mut failed = 0;
    for arg in &args.configs {
        let path = &config_arg::resolve(arg)?;
        // One line per file, even for a path or a problem that holds a newline.
        let shown = path.display().to_string();
        let shown = escape_control(&shown);
        let mut checked_for = None;
        let problems = match load_for(path, target) {
            Err(problem) => vec![problem],
            Ok(file) => {
                checked_for = file.generated.config.fastmcp_version;
                for warning in &file.generated.warnings {
                    super::report_warning(err, Some(&shown), warning);
                }
                // A variable that is set is checked whatever the flag: a wrong Redis URL or
                // Fernet key would otherwise surface only when the server starts.
                let mut problems = set_storage_values(&file.generated.config);
                if args.check_env {
                    problems.extend(unset_variables(&file.generated.config));
                }
                problems
            }
        };
        let verdict = if problems.is_empty() {
            match checked_for {
                Some(release) => format!("ok for FastMCP {release}"),
                None => "ok".to_string(),
            }
        } else {
            failed += 1;
            problems.join("; ")
        };
        write_out(out, &format!("{shown}: {}\n", escape_control(&verdict)))?;
    }
    match failed {
        0 => Ok(()),
        n => Err(CliError::Failed(format!(
            "{n} of {} files have problems",
            args.configs.len()
        ))),
    }
}

/// The file loaded and validated, for `target` when one is given instead of its own.
fn load_for(path: &Path, target: Option<FastmcpVersion>) -> Result<persist::LoadedFile, String> {
    let mut file = persist::load_config(path).map_err(|e| e.problem.to_string())?;
    if let Some(target) = target {
        file.loaded.provider.fastmcp_version = Some(target);
        file.generated = file.loaded.regenerate().map_err(|e| e.to_string())?;
    }
    Ok(file)
}

/// One problem per referenced variable that is unset or empty here (names only: values are
/// never shown).
fn unset_variables(config: &FastMCPAuthConfig) -> Vec<String> {
    referenced_vars(config)
        .into_iter()
        .filter(|(var, _)| std::env::var(var).map_or(true, |v| v.is_empty()))
        .map(|(var, field)| {
            let field = field.split(':').next().unwrap_or(field);
            format!("{field} refers to ${{{var}}}, which is not set")
        })
        .collect()
}

/// The storage variables that are set, checked for their form (values never shown).
fn set_storage_values(config: &FastMCPAuthConfig) -> Vec<String> {
    let Some(Storage::Redis {
        url,
        encryption_keys,
    }) = config.deployment.as_ref().map(|d| &d.storage)
    else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    if let Some(value) = url.lookup() {
        problems.extend(check_redis_url(url, &value).err());
    }
    for key in encryption_keys {
        if let Some(value) = key.lookup() {
            problems.extend(check_fernet_key(key, &value).err());
        }
    }
    problems
}
