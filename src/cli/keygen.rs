//! `fastmcp-auth keygen`: a development RSA key pair for a `JWTVerifier` config, written as
//! `private.pem` (PKCS#8), `public.pem` (SPKI) and `jwks.json` (with the key's kid).
//!
//! The kid goes to stdout (`KID=$(fastmcp-auth keygen --out keys)`); what was saved, and
//! what to run next, go to stderr.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, write_out};
use crate::devkeys::{DevKeyPair, KeyFiles, KeyFilesError, write_key_files};
use crate::persist::SaveOutcome;

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Directory for private.pem, public.pem and jwks.json (created with mode 0700)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace existing key files; the previous ones are kept as <file>.bak
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &KeygenArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let files = KeyFiles::in_dir(&args.out);
    // Checked before generating, so a refused run is instant (write_key_files checks again).
    let existing = files.existing();
    if !args.force && !existing.is_empty() {
        return Err(failed(KeyFilesError::Exists { paths: existing }));
    }
    let pair = DevKeyPair::generate().map_err(|e| CliError::Failed(e.to_string()))?;
    let written = write_key_files(&pair, &args.out, args.force).map_err(failed)?;
    for (path, outcome) in &written {
        let what = if *path == files.private {
            " (mode 0600; keep it private)".to_string()
        } else if *path == files.jwks {
            format!(" (kid {})", pair.kid())
        } else {
            String::new()
        };
        let kept = match outcome {
            SaveOutcome::Created => String::new(),
            SaveOutcome::Replaced { backup } => {
                format!("; previous version kept as {}", backup.display())
            }
        };
        let _ = writeln!(err, "saved {}{what}{kept}", path.display());
    }
    write_out(out, &format!("{}\n", pair.kid()))?;
    let _ = writeln!(
        err,
        "next: fastmcp-auth generate --provider bearer --set-file public_key={}\n      \
         fastmcp-auth token --client-id dev --sign-key {}",
        files.public.display(),
        files.private.display()
    );
    Ok(())
}

fn failed(err: KeyFilesError) -> CliError {
    CliError::Failed(err.to_string())
}
