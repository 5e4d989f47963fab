//! The non-interactive command line: argument definitions and dispatch. Each subcommand
//! lives in its own module and goes through `core`; none assembles JSON by hand.

mod config_arg;
mod doctor;
mod generate;
mod keygen;
mod list;
mod output;
mod providers;
mod show;
mod token;
mod validate;
mod verify;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::core::AuthError;
use crate::persist::{LoadError, SaveError};

pub use generate::GenerateArgs;

#[derive(Debug, Parser)]
#[command(
    name = "fastmcp-auth",
    version,
    about = "Build FastMCP authentication configs that today's FastMCP accepts",
    long_about = "Build FastMCP authentication configs that today's FastMCP accepts.\n\n\
        Secrets never go on the command line: refer to them with --env FIELD=VAR and the \
        config keeps a ${VAR} reference.",
    after_help = "Exit status: 0 ok; 1 invalid configuration, problems found, or a file not \
        saved/read; 2 usage error.",
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The interactive wizard (also what runs without arguments)
    Wizard(WizardArgs),
    /// List provider types, their FastMCP classes and fields (* = required)
    Providers(providers::ProvidersArgs),
    /// Generate a config: print it, or save it with --output / --save
    Generate(GenerateArgs),
    /// List the configs saved in the config directory
    List(list::ListArgs),
    /// Print a saved config with its secrets masked
    Show(show::ShowArgs),
    /// Check saved configs against the catalog (exit 1 if any has a problem)
    Validate(validate::ValidateArgs),
    /// Write a development RSA key pair: private.pem, public.pem, jwks.json (with its kid)
    Keygen(keygen::KeygenArgs),
    /// Print a JWT payload FastMCP's JWTVerifier reads, or sign it (--sign-key / --algorithm)
    Token(token::TokenArgs),
    /// Would FastMCP accept this token? Reads it from stdin (exit 0 yes, 1 no, 2 cannot tell)
    Verify(verify::VerifyArgs),
    /// Check a config against its identity provider: discovery, JWKS, variables, redirect URI
    Doctor(doctor::DoctorArgs),
}

#[derive(Debug, Args)]
pub struct WizardArgs {
    /// Open this saved config with every step prefilled, and save back to it
    #[arg(long, value_name = "PATH")]
    pub edit: Option<PathBuf>,
}

/// How a command failed; decides the exit status.
#[derive(Debug)]
pub enum CliError {
    /// Wrong arguments (exit 2).
    Usage(String),
    /// The arguments are fine but the configuration they describe is not (exit 1).
    Invalid(AuthError),
    /// The command ran and could not finish: a file not saved or not readable, problems
    /// found by `validate` (exit 1). The message is complete and names the path.
    Failed(String),
}

impl From<AuthError> for CliError {
    fn from(err: AuthError) -> Self {
        CliError::Invalid(err)
    }
}

impl From<SaveError> for CliError {
    fn from(err: SaveError) -> Self {
        CliError::Failed(err.to_string())
    }
}

impl From<LoadError> for CliError {
    fn from(err: LoadError) -> Self {
        CliError::Failed(err.to_string())
    }
}

pub const EXIT_INVALID: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Parses `args` and runs the command, writing results to `out` and messages to `err`.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout with status 0, usage errors with status 2.
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    let result = match cli.command {
        Command::Wizard(args) => return crate::tui::run(args.edit.as_deref(), err),
        Command::Providers(args) => providers::run(&args, out),
        Command::Generate(args) => generate::run(&args, out, err),
        Command::List(args) => list::run(&args, out, err),
        Command::Show(args) => show::run(&args, out, err),
        Command::Validate(args) => validate::run(&args, out, err),
        Command::Keygen(args) => keygen::run(&args, out, err),
        Command::Token(args) => token::run(&args, out),
        Command::Verify(args) => verify::run(&args, out, err),
        Command::Doctor(args) => doctor::run(&args, out, err),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(message)) => {
            let _ = writeln!(err, "error: {message}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(CliError::Invalid(e)) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::from(EXIT_INVALID)
        }
        Err(CliError::Failed(message)) => {
            let _ = writeln!(err, "error: {message}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Splits `FIELD=VALUE`. The message never repeats the argument: it may hold a secret.
pub(crate) fn split_assignment<'a>(
    flag: &str,
    arg: &'a str,
    example: &str,
) -> Result<(&'a str, &'a str), CliError> {
    match arg.split_once('=') {
        Some((field, value)) if !field.trim().is_empty() => Ok((field.trim(), value)),
        _ => Err(CliError::Usage(format!(
            "{flag} takes FIELD=VALUE (example: {flag} {example})"
        ))),
    }
}

pub(crate) fn print_json(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Failed(format!("cannot render JSON: {e}")))?;
    write_out(out, &format!("{text}\n"))
}

/// Writes a command's result to standard output.
pub(crate) fn write_out(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Failed(format!("cannot write to standard output: {e}")))
}
