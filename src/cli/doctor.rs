//! `fastmcp-auth doctor CONFIG`: validates the config, reports unset variables, fetches
//! what it points at (see `diagnose::doctor`), prints the redirect URI to register, and
//! with `--python PATH` constructs the provider in a real FastMCP. One line per check; exit
//! 1 on any problem. `--fastmcp` names a release everywhere else (`generate`, `validate`,
//! `show`), so doctor refuses it (it used to take the Python) and points to `--python`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, config_arg, verify, write_out};
use crate::core::catalog::Catalog;
use crate::core::generate::is_secret_param;
use crate::core::text::escape_control;
use crate::core::{FastMCPAuthConfig, ParamValue};
use crate::diagnose::doctor::{redirect_uri, remote_checks};
use crate::diagnose::fastmcp_probe;
use crate::diagnose::http::Client;
use crate::diagnose::report::{Check, Report};
use crate::persist;

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The config: a service name (its file in the config directory) or a path
    #[arg(value_name = "CONFIG")]
    pub config: String,
    /// Seconds to wait for each request
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub timeout: f64,
    /// Also construct the provider with FastMCP in this Python (e.g. python3 or
    /// .venv/bin/python)
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Refused: doctor's Python is --python PATH (--fastmcp names a FastMCP release in
    /// generate, validate and show); kept so the old spelling gets that answer
    #[arg(long, hide = true, num_args = 0..=1, default_missing_value = "", value_name = "PATH")]
    pub fastmcp: Option<String>,
}

/// Why `doctor --fastmcp` is refused, without echoing the value (which may be a path).
const FASTMCP_ON_DOCTOR: &str = "doctor takes the Python to construct the provider in as \
     --python PATH (example: fastmcp-auth doctor CONFIG --python .venv/bin/python); --fastmcp \
     names a FastMCP release in generate, validate and show (to check a config for a release: \
     fastmcp-auth validate CONFIG --fastmcp 4.2)";

pub fn run(args: &DoctorArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    if args.fastmcp.is_some() {
        return Err(CliError::Usage(FASTMCP_ON_DOCTOR.to_string()));
    }
    let timeout = verify::timeout(args.timeout)?;
    let path = config_arg::resolve(&args.config)?;
    write_out(
        out,
        &format!("config   {}\n", escape_control(&path.display().to_string())),
    )?;
    let mut report = Report::default();
    match persist::load_config(&path) {
        Err(e) => report.push(Check::problem(
            "config",
            e.problem.to_string(),
            "a valid config",
        )),
        Ok(file) => {
            for warning in &file.generated.warnings {
                super::report_warning(err, Some(&path.display().to_string()), warning);
            }
            let config = &file.generated.config;
            report.push(Check::ok(
                "config",
                format!("{} ({})", config.provider_class, config.import_path),
                "a valid config",
            ));
            variables(config, &mut report);
            redirect_uri(config, &mut report);
            remote_checks(config, &Client::new(timeout), &mut report);
            if let Some(python) = &args.python {
                for check in fastmcp_probe::probe(python, &path, &secret_values(config)) {
                    report.push(check);
                }
            }
        }
    }
    write_out(out, &report.render())?;
    let problems = report.checks.iter().filter(|c| c.is_problem()).count();
    match problems {
        0 => Ok(()),
        n => Err(CliError::Failed(format!("{n} problem(s) found"))),
    }
}

/// One line per `${VAR}` reference: set or not (names only, never values).
fn variables(config: &FastMCPAuthConfig, report: &mut Report) {
    let mut any = false;
    let params = config
        .parts()
        .into_iter()
        .flat_map(|part| &part.config_params);
    for (field, value) in params {
        let Some(var) = value.env_var() else { continue };
        any = true;
        let check = if var.lookup().is_some() {
            Check::ok(
                "variable",
                format!("{field}: {} is set", var.placeholder()),
                "",
            )
        } else {
            Check::problem(
                "variable",
                format!("{field}: {} is not set", var.placeholder()),
                format!("export {var}=… before starting the server"),
            )
        };
        report.push(check);
    }
    if !any {
        report.push(Check::skipped(
            "variable",
            "the config refers to no variables",
        ));
    }
}

/// The config's secret values as the probe's Python will see them, to mask in its output.
fn secret_values(config: &FastMCPAuthConfig) -> Vec<String> {
    config
        .parts()
        .into_iter()
        .flat_map(part_secret_values)
        .collect()
}

/// The secret values of one config, nested ones left out.
fn part_secret_values(config: &FastMCPAuthConfig) -> Vec<String> {
    let spec = config
        .provider_type
        .as_deref()
        .and_then(|t| Catalog::builtin().get(t));
    config
        .config_params
        .iter()
        .filter(|(name, _)| match spec {
            Some(spec) => is_secret_param(spec, name, &config.config_params),
            None => crate::core::generate::looks_secret(name),
        })
        .filter_map(|(_, value)| match value {
            ParamValue::Secret(s) => Some(s.expose().to_string()),
            ParamValue::Env(var) => var.lookup(),
            ParamValue::Literal(v) => v.as_str().map(str::to_string),
        })
        .collect()
}
