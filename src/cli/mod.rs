//! The non-interactive command line: argument definitions and dispatch. Each subcommand
//! lives in its own module and goes through `core`; none assembles JSON by hand.

mod generate;
mod providers;
mod token;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::core::AuthError;

#[derive(Debug, Parser)]
#[command(
    name = "fastmcp-auth",
    version,
    about = "Build FastMCP authentication configs that today's FastMCP accepts",
    long_about = "Build FastMCP authentication configs that today's FastMCP accepts.\n\n\
        Secrets never go on the command line: refer to them with --env FIELD=VAR and the \
        config keeps a ${VAR} reference.",
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List provider types, their FastMCP classes and fields (* = required)
    Providers(providers::ProvidersArgs),
    /// Print a FastMCPAuthConfig as JSON
    Generate(GenerateArgs),
    /// Print a JWT payload FastMCP's JWTVerifier reads
    Token(token::TokenArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Provider type (see `fastmcp-auth providers`), e.g. google
    #[arg(long, value_name = "TYPE")]
    pub provider: String,
    /// Name of the service this config protects
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,
    /// Set a parameter to a literal (not for secrets: argv is visible to other processes)
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Set a parameter to a JSON value (lists, numbers, objects)
    #[arg(long = "set-json", value_name = "FIELD=JSON")]
    pub set_json: Vec<String>,
    /// Set a parameter to a file's contents (e.g. a PEM public key)
    #[arg(long = "set-file", value_name = "FIELD=PATH")]
    pub set_file: Vec<String>,
    /// Refer to an environment variable; the config stores ${VAR}
    #[arg(long = "env", value_name = "FIELD=VAR")]
    pub env: Vec<String>,
    /// A required scope (repeat for more); replaces the provider's default scopes
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// Write secret values given with --set-file into the config instead of ${VAR}
    #[arg(long)]
    pub embed_secrets: bool,
}

/// How a command failed; decides the exit status.
#[derive(Debug)]
pub enum CliError {
    /// Wrong arguments (exit 2).
    Usage(String),
    /// The arguments are fine but the configuration they describe is not (exit 1).
    Invalid(AuthError),
}

impl From<AuthError> for CliError {
    fn from(err: AuthError) -> Self {
        CliError::Invalid(err)
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
        Command::Providers(args) => providers::run(&args, out),
        Command::Generate(args) => generate::run(&args, out, err),
        Command::Token(args) => token::run(&args, out),
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
        .map_err(|e| CliError::Usage(format!("cannot render JSON: {e}")))?;
    writeln!(out, "{text}").map_err(|e| CliError::Usage(format!("cannot write output: {e}")))
}
