//! `completions SHELL` and `man`: generated from the clap definitions, so they list exactly
//! the commands and flags the parser accepts.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliError};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {}

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut text = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "fastmcp-auth", &mut text);
    write_bytes(out, &text)
}

/// The man page (roff): the main page followed by one section per subcommand.
pub fn man(_args: &ManArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let command = Cli::command();
    let mut text = Vec::new();
    let render = |text: &mut Vec<u8>| -> std::io::Result<()> {
        let man = clap_mangen::Man::new(command.clone());
        man.render_title(text)?;
        man.render_name_section(text)?;
        man.render_synopsis_section(text)?;
        man.render_description_section(text)?;
        man.render_options_section(text)?;
        man.render_subcommands_section(text)?;
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("fastmcp-auth {}", sub.get_name());
            writeln!(text, ".SH \"{}\"", name.to_uppercase())?;
            let sub_man = clap_mangen::Man::new(sub.clone().bin_name(name));
            sub_man.render_synopsis_section(text)?;
            sub_man.render_description_section(text)?;
            sub_man.render_options_section(text)?;
        }
        man.render_extra_section(text)?;
        man.render_version_section(text)?;
        Ok(())
    };
    render(&mut text).map_err(|e| CliError::Failed(format!("cannot render the man page: {e}")))?;
    write_bytes(out, &text)
}

fn write_bytes(out: &mut dyn Write, bytes: &[u8]) -> Result<(), CliError> {
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Failed(format!("cannot write to standard output: {e}")))
}
