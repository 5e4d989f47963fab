//! `fastmcp-auth show CONFIG`: a saved config (by service name or path), validated, with embedded secrets masked.

use std::io::Write;

use clap::Args;

use super::fastmcp_arg::FastmcpArgs;
use super::output::{self, EnvValues, FormatArg};
use super::{CliError, config_arg, write_out};
use crate::export::SecretDisplay;
use crate::persist;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The config: its service name (e.g. payments-api) or its path
    #[arg(value_name = "CONFIG")]
    pub config: String,
    /// Output form
    #[arg(long, value_enum, default_value_t = FormatArg::Json)]
    pub format: FormatArg,
    /// Show the config as generated for this FastMCP release instead of the one it records
    /// (env-v2: the newest 2.x release unless given)
    #[command(flatten)]
    pub target: FastmcpArgs,
}

/// Shows the config as a re-save would write it, so what is shown is what was validated.
pub fn run(args: &ShowArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let path = config_arg::resolve(&args.config)?;
    let mut file = persist::load_config(&path)?;
    if let Some(target) = args.target.for_format(args.format)? {
        file.loaded.provider.fastmcp_version = Some(target);
        file.generated = file.loaded.regenerate()?;
    }
    // One line per warning, whatever the path or the file holds.
    let path = path.display().to_string();
    for warning in &file.generated.warnings {
        super::report_warning(err, Some(&path), warning);
    }
    let text = output::render(
        &file.generated.config,
        args.format,
        SecretDisplay::Masked,
        EnvValues::Empty,
    )?;
    write_out(out, &text)
}
