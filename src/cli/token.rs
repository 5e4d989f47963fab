//! `fastmcp-auth token`: the claims of a JWT for FastMCP's `JWTVerifier`, printed as JSON,
//! or signed into a compact JWT (RS256 with a private key file, HS* with a shared secret
//! read from an environment variable: never from argv, where every process can read it).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde_json::{Map, Value};

use super::{CliError, print_json, split_assignment, write_out};
use crate::core::exact_json::{ExactJsonError, parse_exact};
use crate::core::text::escape_control;
use crate::core::types::DEFAULT_EXPIRES_IN;
use crate::core::{AuthContext, AuthError, EnvVarName, Secret};
use crate::devkeys::{DevKeyError, DevKeyPair, HmacAlgorithm, JwsSigner};
use crate::persist::Limit;
use crate::persist::read::read_text_file;

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The client (or user) the token is for
    #[arg(long, value_name = "ID")]
    pub client_id: String,
    /// A scope the token grants (repeat, or separate with commas or spaces, for more)
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// A custom claim; VALUE is read as JSON when it parses, else as a string
    #[arg(long = "claim", value_name = "KEY=VALUE")]
    pub claims: Vec<String>,
    /// Lifetime in seconds (exp = iat + this)
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_EXPIRES_IN)]
    pub expires_in: u64,
    /// The iss claim (must equal the verifier's issuer when it has one)
    #[arg(long, value_name = "ISS")]
    pub issuer: Option<String>,
    /// An aud claim (repeat for a list; must match the verifier's audience when it has one)
    #[arg(long = "audience", value_name = "AUD")]
    pub audiences: Vec<String>,
    /// Sign with this RSA private key (RS256) and print the JWT instead of the claims
    #[arg(long, value_name = "PRIVATE.pem", conflicts_with = "algorithm")]
    pub sign_key: Option<PathBuf>,
    /// The kid header [default: the key's RFC 7638 thumbprint, as in keygen's jwks.json]
    #[arg(long, value_name = "KID", requires = "sign_key")]
    pub kid: Option<String>,
    /// Sign with a shared secret (from --secret-env) and print the JWT
    #[arg(
        long,
        value_enum,
        value_name = "ALG",
        ignore_case = true,
        requires = "secret_env"
    )]
    pub algorithm: Option<HmacArg>,
    /// The NAME of the environment variable holding the shared secret (not the secret)
    #[arg(long, value_name = "VAR", requires = "algorithm")]
    pub secret_env: Option<String>,
}

/// `--algorithm`: the shared-secret algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HmacArg {
    #[value(name = "HS256")]
    Hs256,
    #[value(name = "HS384")]
    Hs384,
    #[value(name = "HS512")]
    Hs512,
}

impl From<HmacArg> for HmacAlgorithm {
    fn from(arg: HmacArg) -> Self {
        match arg {
            HmacArg::Hs256 => HmacAlgorithm::HS256,
            HmacArg::Hs384 => HmacAlgorithm::HS384,
            HmacArg::Hs512 => HmacAlgorithm::HS512,
        }
    }
}

pub fn run(args: &TokenArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let payload = payload(args)?;
    match signer(args, err)? {
        None => print_json(out, &payload),
        Some(signer) => {
            let token = signer
                .sign(&payload)
                .map_err(|e| CliError::Failed(e.to_string()))?;
            write_out(out, &format!("{token}\n"))
        }
    }
}

fn payload(args: &TokenArgs) -> Result<Map<String, Value>, CliError> {
    let mut builder = AuthContext::new()
        .auth_token(&args.client_id)
        .add_scopes(
            args.scopes
                .iter()
                .flat_map(|s| crate::core::validate::split_scopes(s)),
        )
        .expires_in(args.expires_in);
    if let Some(issuer) = &args.issuer {
        builder = builder.issuer(issuer);
    }
    for audience in &args.audiences {
        builder = builder.audience(audience);
    }
    for claim in &args.claims {
        let (key, text) = split_assignment("--claim", claim, "role=admin")?;
        // JSON when it parses, but never a number rounded on the way (`1e400`, 2^53 + 1).
        let value = match parse_exact(text) {
            Ok(value) => value,
            Err(ExactJsonError::Syntax(_)) => Value::String(text.into()),
            Err(e @ ExactJsonError::Inexact { .. }) => {
                return Err(CliError::Usage(format!(
                    "--claim {key}: {e} (example: --claim {key}='\"12345678901234567890123\"')"
                )));
            }
        };
        builder = builder.add_claim(key, value);
    }
    builder.generate_payload().map_err(|e| match e {
        // The flag, not the library's parameter name, is what the user typed.
        AuthError::ExpiryTooLate { max_seconds } => CliError::Usage(format!(
            "--expires-in: too long: exp would fall after 9999-12-31T23:59:59Z, the last time \
             RFC 3339 and Python's datetime can write (later ones overflow in many JWT \
             libraries); give at most {max_seconds} seconds (example: --expires-in 3600)"
        )),
        other => CliError::InvalidToken(other),
    })
}

/// The signer the flags ask for, or `None` for the plain payload. clap has already made
/// `--sign-key` and `--algorithm` exclusive, and `--algorithm` / `--secret-env` a pair.
fn signer(args: &TokenArgs, err: &mut dyn Write) -> Result<Option<JwsSigner>, CliError> {
    if let Some(path) = &args.sign_key {
        warn_if_readable_by_others(path, err);
        let pair = read_private_key(path)?;
        let signer = JwsSigner::rs256(&pair);
        return match &args.kid {
            Some(kid) => signer.with_kid(kid).map(Some).map_err(usage("--kid")),
            None => Ok(Some(signer)),
        };
    }
    match (args.algorithm, &args.secret_env) {
        (Some(algorithm), Some(var)) => {
            let secret = read_secret_env(var)?;
            JwsSigner::hmac(algorithm.into(), secret.expose().as_bytes())
                .map(Some)
                .map_err(usage(&format!("--secret-env {var}")))
        }
        _ => Ok(None),
    }
}

fn read_private_key(path: &Path) -> Result<DevKeyPair, CliError> {
    let flag = format!("--sign-key {}", path.display());
    let text = read_text_file(path, Limit::KEY).map_err(|e| {
        CliError::Usage(format!(
            "{flag}: cannot read it ({e}) (example: --sign-key keys/private.pem)"
        ))
    })?;
    DevKeyPair::from_private_pem(&text).map_err(usage(&flag))
}

/// A private key other users can read is no longer private: say so (signing goes on, as
/// the key is the user's to judge; keygen writes it with mode 0600).
fn warn_if_readable_by_others(path: &Path, err: &mut dyn Write) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(path) {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                let shown = escape_control(&path.display().to_string()).into_owned();
                let _ = writeln!(
                    err,
                    "warning: --sign-key {shown}: the private key is readable by other users \
                     (mode {mode:04o}); anyone who reads it can sign tokens your server \
                     accepts (example: chmod 600 {shown})"
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, err);
}

/// The shared secret from the environment. Messages name the variable, never a value; a
/// name that is not a variable name is not repeated either (it may be the secret itself).
fn read_secret_env(var: &str) -> Result<Secret, CliError> {
    const EXAMPLE: &str = "export JWT_SECRET=\"$(openssl rand -base64 48)\"; \
                           fastmcp-auth token ... --algorithm HS256 --secret-env JWT_SECRET";
    let name = EnvVarName::parse(var.trim()).map_err(|_| {
        CliError::Usage(format!(
            "--secret-env takes the NAME of an environment variable (letters, digits and '_'), \
             not the secret itself (example: {EXAMPLE})"
        ))
    })?;
    match std::env::var(name.as_str()) {
        Ok(value) if !value.is_empty() => Ok(Secret::new(value)),
        Ok(_) => Err(CliError::Usage(format!(
            "--secret-env {name}: the variable is empty in this shell; set it to the shared \
             secret (example: {EXAMPLE})"
        ))),
        Err(std::env::VarError::NotPresent) => Err(CliError::Usage(format!(
            "--secret-env {name}: the variable is not set in this shell; set it to the shared \
             secret (example: {EXAMPLE})"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::Usage(format!(
            "--secret-env {name}: the variable is not valid UTF-8; FastMCP reads the secret \
             as text (example: {EXAMPLE})"
        ))),
    }
}

fn usage(flag: &str) -> impl Fn(DevKeyError) -> CliError + '_ {
    move |e| CliError::Usage(format!("{flag}: {e}"))
}
