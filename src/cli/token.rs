//! `fastmcp-auth token`: the claims of a JWT for FastMCP's `JWTVerifier`.

use std::io::Write;

use clap::Args;
use serde_json::Value;

use super::{CliError, print_json, split_assignment};
use crate::core::AuthContext;
use crate::core::types::DEFAULT_EXPIRES_IN;

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The client (or user) the token is for
    #[arg(long, value_name = "ID")]
    pub client_id: String,
    /// A scope the token grants (repeat for more)
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// A custom claim; VALUE is read as JSON when it parses, else as a string
    #[arg(long = "claim", value_name = "KEY=VALUE")]
    pub claims: Vec<String>,
    /// Lifetime in seconds (exp = iat + this)
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_EXPIRES_IN)]
    pub expires_in: u64,
}

pub fn run(args: &TokenArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut builder = AuthContext::new()
        .auth_token(&args.client_id)
        .add_scopes(args.scopes.iter().cloned())
        .expires_in(args.expires_in);
    for claim in &args.claims {
        let (key, text) = split_assignment("--claim", claim, "role=admin")?;
        let value =
            serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.into()));
        builder = builder.add_claim(key, value);
    }
    let payload = builder.generate_payload()?;
    print_json(out, &payload)
}
