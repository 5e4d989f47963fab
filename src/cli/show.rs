//! `fastmcp-auth show PATH`: a saved config, validated, with embedded secrets masked.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::output::{self, EnvValues, FormatArg};
use super::{CliError, write_out};
use crate::export::SecretDisplay;
use crate::persist;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The config file (e.g. ~/.config/fastmcp-auth/payments-api.json)
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Output form
    #[arg(long, value_enum, default_value_t = FormatArg::Json)]
    pub format: FormatArg,
}

/// Shows the config as a re-save would write it, so what is shown is what was validated.
pub fn run(args: &ShowArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let file = persist::load_config(&args.path)?;
    // One line per warning, whatever the path or the file holds.
    let path = args.path.display().to_string();
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
