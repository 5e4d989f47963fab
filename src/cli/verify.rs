//! `fastmcp-auth verify CONFIG`: would FastMCP accept this token? Reads the token from
//! standard input (or `--token-env VAR`), never from the command line, replays
//! `JWTVerifier.load_access_token`'s checks (see `diagnose::jwt`) and prints one line per
//! check. Exit 0: FastMCP accepts it; 1: FastMCP rejects it; 2: this tool cannot tell
//! (opaque tokens, an algorithm it cannot verify, a config that cannot be read) or a
//! usage error.

use std::io::{IsTerminal, Read, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Args;
use zeroize::Zeroizing;

use super::{CliError, config_arg, write_out};
use crate::core::text::escape_control;
use crate::core::value::mask;
use crate::core::{EnvVarName, Secret};
use crate::diagnose::http::Client;
use crate::diagnose::jwt::{self, Verdict};
use crate::diagnose::report::Check;
use crate::diagnose::target::{DEFAULT_MCP_PATH, Target, target_for};
use crate::persist;

/// A token larger than this is refused (real ones are a few KiB).
pub const MAX_TOKEN_BYTES: u64 = 64 * 1024;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The config: a service name (its file in the config directory) or a path
    #[arg(value_name = "CONFIG")]
    pub config: String,
    /// Read the token from this environment variable instead of standard input
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
    /// Where the server mounts its MCP endpoint (AuthKit binds the token audience to it)
    #[arg(long, value_name = "PATH", default_value = DEFAULT_MCP_PATH)]
    pub mcp_path: String,
    /// Seconds to wait for the JWKS
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
}

/// What `judge` decided.
pub enum VerifyOutcome {
    Accepted,
    Rejected,
    Undecided,
}

/// Exit 0 when FastMCP accepts the token, 1 (`Failed`) when it rejects it, 2 (`Usage`)
/// when this tool cannot tell.
pub fn run(args: &VerifyArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    match judge(args, out, err)? {
        VerifyOutcome::Accepted => Ok(()),
        VerifyOutcome::Rejected => Err(CliError::Failed("FastMCP rejects this token".into())),
        VerifyOutcome::Undecided => Err(CliError::Usage(
            "cannot tell whether FastMCP accepts this token (see the skipped check)".into(),
        )),
    }
}

fn judge(
    args: &VerifyArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<VerifyOutcome, CliError> {
    let token = read_token(args, err)?;
    let token = token.expose();
    let path = config_arg::resolve(&args.config)?;
    // Exit 2, not 1: without a usable config nothing says what FastMCP would decide.
    let file = persist::load_config(&path).map_err(|e| CliError::Usage(e.to_string()))?;
    for warning in &file.generated.warnings {
        super::report_warning(err, Some(&path.display().to_string()), warning);
    }
    let config = &file.generated.config;
    write_out(
        out,
        &format!("config   {}\n", escape_control(&path.display().to_string())),
    )?;
    write_out(
        out,
        &format!("token    {} ({} bytes)\n", mask(token), token.len()),
    )?;
    let (spec, derivation) = match target_for(config, &args.mcp_path) {
        Err(why) => {
            write_out(out, &Check::skipped("verifier", why).render())?;
            write_out(
                out,
                "verdict  cannot tell: fix the config or its environment first\n",
            )?;
            return Ok(VerifyOutcome::Undecided);
        }
        Ok(Target::Opaque(why)) => {
            write_out(out, &Check::skipped("verifier", why).render())?;
            write_out(
                out,
                "verdict  cannot tell: this provider's tokens are not checked locally\n",
            )?;
            return Ok(VerifyOutcome::Undecided);
        }
        Ok(Target::Jwt { spec, derivation }) => (spec, derivation),
    };
    write_out(out, &Check::note("verifier", derivation, "").render())?;
    let client = Client::new(timeout(args.timeout)?);
    let mut fetch = |url: &str| client.get_json(url);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default();
    let outcome = jwt::verify(token, &spec, &mut fetch, now);
    write_out(out, &outcome.report.render())?;
    let (text, result) = match outcome.verdict {
        Verdict::Accept => ("FastMCP accepts this token", VerifyOutcome::Accepted),
        Verdict::Reject => {
            let first = outcome
                .report
                .checks
                .iter()
                .find(|c| c.is_problem())
                .map_or(String::new(), |c| {
                    format!(" ({} is the first problem)", c.name)
                });
            write_out(
                out,
                &format!("verdict  FastMCP rejects this token (HTTP 401){first}\n"),
            )?;
            return Ok(VerifyOutcome::Rejected);
        }
        Verdict::Undecided => (
            "cannot tell: a check could not run here",
            VerifyOutcome::Undecided,
        ),
    };
    write_out(out, &format!("verdict  {text}\n"))?;
    Ok(result)
}

pub fn timeout(seconds: f64) -> Result<Duration, CliError> {
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            CliError::Usage(
                "--timeout takes a positive number of seconds (example: --timeout 5)".into(),
            )
        })
}

/// One token (a credential: kept in a zeroed-on-drop `Secret`) from the variable or standard input: surrounding whitespace and a `Bearer `
/// prefix dropped, bounded in size. Messages never repeat the token.
fn read_token(args: &VerifyArgs, err: &mut dyn Write) -> Result<Secret, CliError> {
    // Every copy of the token is zeroed when dropped.
    let raw: Zeroizing<String> = Zeroizing::new(match &args.token_env {
        Some(var) => {
            let name = EnvVarName::parse(var).map_err(|e| CliError::Usage(e.to_string()))?;
            name.lookup().ok_or_else(|| {
                CliError::Usage(format!(
                    "--token-env {name}: the variable is not set or empty"
                ))
            })?
        }
        None => {
            if std::io::stdin().is_terminal() {
                // Not an error: the user may paste the token. Said so nothing seems stuck.
                let _ = writeln!(
                    err,
                    "reading the token from standard input (end with Ctrl+D)"
                );
            }
            // Reserved up front so reading never reallocates (and leaves unzeroed copies).
            let mut bytes = Zeroizing::new(Vec::with_capacity(MAX_TOKEN_BYTES as usize + 1));
            std::io::stdin()
                .take(MAX_TOKEN_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| {
                    CliError::Failed(format!("cannot read the token from standard input: {e}"))
                })?;
            if bytes.len() as u64 > MAX_TOKEN_BYTES {
                return Err(CliError::Usage(format!(
                    "the token on standard input is larger than {MAX_TOKEN_BYTES} bytes"
                )));
            }
            std::str::from_utf8(&bytes)
                .map_err(|_| {
                    CliError::Usage("the token on standard input is not UTF-8 text".into())
                })?
                .to_string()
        }
    });
    if raw.len() as u64 > MAX_TOKEN_BYTES {
        return Err(CliError::Usage(format!(
            "the token is larger than {MAX_TOKEN_BYTES} bytes"
        )));
    }
    let trimmed = raw.trim();
    let token = trimmed
        .strip_prefix("Bearer ")
        .or_else(|| trimmed.strip_prefix("bearer "))
        .unwrap_or(trimmed)
        .trim();
    if token.is_empty() {
        return Err(CliError::Usage(
            "no token: pipe one in (example: printf %s \"$TOKEN\" | fastmcp-auth verify payments-api) \
             or use --token-env VAR"
                .into(),
        ));
    }
    if token.chars().any(char::is_whitespace) {
        return Err(CliError::Usage(
            "expected one token, found whitespace inside it (give one token per run)".into(),
        ));
    }
    Ok(Secret::new(token))
}
