//! The non-interactive command line: argument definitions and dispatch. Each subcommand
//! lives in its own module and goes through `core`; none assembles JSON by hand.

mod completions;
mod config_arg;
mod doctor;
mod fastmcp_arg;
mod generate;
mod hints;
mod keygen;
mod list;
mod output;
mod print;
mod providers;
mod secret;
mod show;
mod token;
mod validate;
mod verify;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use self::print::{TerminalSafe, json_for_terminal};
use crate::core::text::escape_control;
use crate::core::{AuthError, Warning};
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
    arg_required_else_help = true,
    // No styling codes of clap's own: its errors are then printed as written, with the
    // offending argument escaped like any other message (clap's plain rendering would
    // silently strip an escape sequence from it instead of showing it).
    styles = clap::builder::Styles::plain()
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
    /// Print a fresh Fernet key (--fernet) or JWT signing key (--signing-key) to stdout
    Secret(secret::SecretArgs),
    /// Print a JWT payload FastMCP's JWTVerifier reads, or sign it (--sign-key / --algorithm)
    Token(token::TokenArgs),
    /// Would FastMCP accept this token? Reads it from stdin (exit 0 yes, 1 no, 2 cannot tell)
    Verify(verify::VerifyArgs),
    /// Check a config against its identity provider: discovery, JWKS, variables, redirect URI
    Doctor(doctor::DoctorArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff), e.g. `fastmcp-auth man > fastmcp-auth.1`
    Man(completions::ManArgs),
}

#[derive(Debug, Args)]
pub struct WizardArgs {
    /// Open this saved config (its service NAME or its PATH) on a review of every value,
    /// and save back to it
    #[arg(long, value_name = "CONFIG")]
    pub edit: Option<String>,
}

/// How a command failed; decides the exit status.
#[derive(Debug)]
pub enum CliError {
    /// Wrong arguments (exit 2).
    Usage(String),
    /// The arguments are fine but the configuration they describe is not (exit 1).
    Invalid(AuthError),
    /// A token's settings are invalid (exit 1); hinted with the token command's flags.
    InvalidToken(AuthError),
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
        match err {
            // The library asks for confirmation; on the command line that is --force.
            SaveError::Exists { path } => CliError::Failed(format!(
                "{} already exists; confirm overwriting it with --force",
                path.display()
            )),
            other => CliError::Failed(other.to_string()),
        }
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
    // A panic message could quote a secret this command holds: it is printed masked.
    crate::core::redaction::install_panic_hook();
    // Every message is for a person at a terminal, and may quote an argument or a value
    // from a file: standard error is always the terminal-safe one.
    let err = &mut TerminalSafe::new(err);
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0, usage errors (which quote the
            // offending argument) to stderr with status 2; plain text, no colour codes.
            let text = e.render().ansi().to_string();
            let stream: &mut dyn Write = if e.use_stderr() {
                err
            } else {
                &mut TerminalSafe::new(out)
            };
            let _ = stream
                .write_all(text.as_bytes())
                .and_then(|()| stream.flush());
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    let mut people_out;
    let out: &mut dyn Write = match cli.command.stdout_is_for() {
        Reader::Person => {
            people_out = TerminalSafe::new(out);
            &mut people_out
        }
        Reader::Program => out,
    };
    let result = match cli.command {
        Command::Wizard(args) => match args.edit.as_deref().map(config_arg::resolve).transpose() {
            Ok(edit) => return crate::tui::run(edit.as_deref(), err),
            Err(e) => Err(e),
        },
        Command::Providers(args) => providers::run(&args, out),
        Command::Generate(args) => generate::run(&args, out, err),
        Command::List(args) => list::run(&args, out, err),
        Command::Show(args) => show::run(&args, out, err),
        Command::Validate(args) => validate::run(&args, out, err),
        Command::Keygen(args) => keygen::run(&args, out, err),
        Command::Secret(args) => secret::run(&args, out, err),
        Command::Token(args) => token::run(&args, out, err),
        Command::Verify(args) => verify::run(&args, out, err),
        Command::Doctor(args) => doctor::run(&args, out, err),
        Command::Completions(args) => completions::completions(&args, out),
        Command::Man(args) => completions::man(&args, out),
    };
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(message)) => {
            report(err, &message);
            ExitCode::from(EXIT_USAGE)
        }
        Err(CliError::Invalid(e)) => {
            report(err, &e.to_string());
            report_hint(err, hints::config_error_hint(&e));
            ExitCode::from(EXIT_INVALID)
        }
        Err(CliError::InvalidToken(e)) => {
            report(err, &e.to_string());
            report_hint(err, hints::token_error_hint(&e));
            ExitCode::from(EXIT_INVALID)
        }
        Err(CliError::Failed(message)) => {
            report(err, &message);
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// `error: MESSAGE` on one line: a newline inside a quoted value is shown as `\u{a}`, so
/// it cannot forge a line of output either.
fn report(err: &mut dyn Write, message: &str) {
    let _ = writeln!(err, "error: {}", escape_control(message));
}

/// `hint: FLAGS`: the command line's way to fix what the library reported.
fn report_hint(err: &mut dyn Write, hint: Option<String>) {
    if let Some(hint) = hint {
        let _ = writeln!(err, "hint: {}", escape_control(&hint));
    }
}

/// Writes `warning: [PREFIX: ]MESSAGE`, and `hint: FLAGS` when flags act on it.
pub(crate) fn report_warning(err: &mut dyn Write, prefix: Option<&str>, warning: &Warning) {
    let message = escape_control(&warning.message);
    let _ = match prefix {
        Some(prefix) => writeln!(err, "warning: {}: {message}", escape_control(prefix)),
        None => writeln!(err, "warning: {message}"),
    };
    report_hint(err, hints::warning_hint(warning));
}

/// Who reads a command's standard output.
enum Reader {
    /// Tables and reports: written through [`TerminalSafe`], like every message.
    Person,
    /// Configs, JSON, tokens: bytes kept exactly, made safe where they are rendered
    /// (`export`, [`print_json`]).
    Program,
}

impl Command {
    /// Decided here, once per command, so a new command cannot skip the decision.
    fn stdout_is_for(&self) -> Reader {
        match self {
            Command::Providers(args) if args.json => Reader::Program,
            Command::Providers(_) | Command::List(_) | Command::Validate(_) => Reader::Person,
            Command::Wizard(_) | Command::Verify(_) | Command::Doctor(_) => Reader::Person,
            Command::Generate(_)
            | Command::Show(_)
            | Command::Keygen(_)
            | Command::Token(_)
            | Command::Secret(_) => Reader::Program,
            // Scripts for a shell and roff for man: bytes kept exactly (generated from our
            // own definitions, no outside text in them).
            Command::Completions(_) | Command::Man(_) => Reader::Program,
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

/// Prints `value` as pretty JSON, with terminal controls inside strings as `\uXXXX`.
pub(crate) fn print_json(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Failed(format!("cannot render JSON: {e}")))?;
    write_out(out, &format!("{}\n", json_for_terminal(&text)))
}

/// Writes a command's result to standard output.
pub(crate) fn write_out(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Failed(format!("cannot write to standard output: {e}")))
}
