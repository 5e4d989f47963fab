//! `--fastmcp VERSION|detect`: the FastMCP release a command's output is for. `detect` asks
//! an installed FastMCP (never required: without the flag the catalog's newest is the target).

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use clap::Args;

use super::CliError;
use super::output::FormatArg;
use crate::core::FastmcpVersion;
use crate::core::compat::{default_target, newest_known_before};
use crate::core::text::escape_control;

/// How long detection may take (a Python start on a loaded machine).
const DETECT_DEADLINE: Duration = Duration::from_secs(20);
/// More than any version line; the rest is not read.
const DETECT_OUTPUT_LIMIT: u64 = 256;
/// Prints the installed distribution's version, or a marker when FastMCP is not installed
/// (stderr is discarded). The package metadata answers what `fastmcp.__version__` would,
/// without importing FastMCP, which takes seconds.
const DETECT_SCRIPT: &str = "from importlib import metadata\ntry:\n    \
                             print(metadata.version('fastmcp'))\n\
                             except metadata.PackageNotFoundError:\n    print('!missing')\n";

#[derive(Debug, Clone, Args)]
pub struct FastmcpArgs {
    /// The FastMCP release the output is for, e.g. 4.2 or 2.14.7; `detect` asks the FastMCP
    /// installed for --python. Classes and parameters that release lacks are refused
    /// [default: the newest release the catalog knows]
    #[arg(long = "fastmcp", value_name = "VERSION|detect")]
    pub fastmcp: Option<String>,
    /// The Python whose FastMCP `--fastmcp detect` asks
    #[arg(
        long,
        value_name = "PATH",
        default_value = "python3",
        requires = "fastmcp"
    )]
    pub python: PathBuf,
}

impl FastmcpArgs {
    /// The release given, detected, or `None` when the flag is absent.
    pub fn chosen(&self) -> Result<Option<FastmcpVersion>, CliError> {
        match self.fastmcp.as_deref().map(str::trim) {
            None => Ok(None),
            Some("detect") => detect(&self.python).map(Some),
            Some(text) => text.parse().map(Some).map_err(|_| {
                CliError::Usage(format!(
                    "--fastmcp '{}': not a FastMCP release; give MAJOR.MINOR[.PATCH] or \
                     detect (example: --fastmcp {})",
                    escape_control(text),
                    default_target()
                ))
            }),
        }
    }
}

impl FastmcpArgs {
    /// The release output in `format` is for: `--fastmcp`; else, for env-v2, whose variables
    /// only FastMCP 2.12-2.14 read, the newest 2.x release the catalog knows; else `None`
    /// (the config's own, or the catalog's newest).
    pub fn for_format(&self, format: FormatArg) -> Result<Option<FastmcpVersion>, CliError> {
        if let Some(target) = self.chosen()? {
            return Ok(Some(target));
        }
        if format != FormatArg::EnvV2 {
            return Ok(None);
        }
        newest_known_before(FastmcpVersion::new(3, 0, 0))
            .map(Some)
            .ok_or_else(|| {
                CliError::Usage(
                    "--format env-v2 is for FastMCP 2.12-2.14: name the release (example: \
                     --fastmcp 2.14.7)"
                        .into(),
                )
            })
    }
}

/// Asks `python` for `fastmcp.__version__`, within [`DETECT_DEADLINE`], reading at most
/// [`DETECT_OUTPUT_LIMIT`] bytes.
pub fn detect(python: &std::path::Path) -> Result<FastmcpVersion, CliError> {
    let path = python.display().to_string();
    let shown = escape_control(&path);
    let hint = format!(
        "or give the release (example: --fastmcp {})",
        default_target()
    );
    let mut child = Command::new(python)
        .args(["-c", DETECT_SCRIPT])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            CliError::Failed(format!(
                "--fastmcp detect: cannot run {shown} ({e}); name a Python with FastMCP \
                 (example: --python .venv/bin/python) {hint}"
            ))
        })?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (sent, received) = mpsc::channel();
    thread::spawn(move || {
        let mut text = Vec::new();
        let read = stdout.take(DETECT_OUTPUT_LIMIT).read_to_end(&mut text);
        let _ = sent.send(read.map(|_| text));
    });
    // The output ends when Python exits (or closes it); past the deadline it is stopped.
    let output = received.recv_timeout(DETECT_DEADLINE);
    let _ = child.kill();
    let status = child.wait();
    let text = match output {
        Ok(Ok(bytes)) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Ok(Err(e)) => {
            return Err(CliError::Failed(format!(
                "--fastmcp detect: cannot read {shown}'s output ({e}); {hint}"
            )));
        }
        Err(_) => {
            return Err(CliError::Failed(format!(
                "--fastmcp detect: {shown} did not answer within {}s; {hint}",
                DETECT_DEADLINE.as_secs()
            )));
        }
    };
    if text == "!missing" {
        return Err(CliError::Failed(format!(
            "--fastmcp detect: FastMCP is not installed for {shown}; install it there \
             (example: {shown} -m pip install fastmcp), name another Python with --python, {hint}"
        )));
    }
    text.parse().map_err(|_| {
        let exit = status.map(|s| s.to_string()).unwrap_or_default();
        CliError::Failed(format!(
            "--fastmcp detect: {shown} did not print a FastMCP release ({exit}); is it a \
             Python interpreter? {hint}"
        ))
    })
}
