//! `fastmcp-auth generate`: flags → `AuthProviderConfig` → core → JSON on stdout.

use std::io::Write;

use indexmap::IndexMap;
use serde_json::Value;

use super::{CliError, GenerateArgs, print_json, split_assignment};
use crate::core::catalog::{Catalog, FieldKind, ProviderSpec};
use crate::core::generate::is_secret_param;
use crate::core::{
    AuthProviderBuilder, AuthProviderType, AuthServiceBuilder, EnvVarName, Generated, ParamValue,
};

/// Where a parameter's value came from: decides whether a secret may arrive that way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// `--set` / `--set-json`: the value sits in argv, visible to every local process.
    Argv,
    File,
    Env,
}

impl Source {
    fn flag(self) -> &'static str {
        match self {
            Source::Argv => "--set",
            Source::File => "--set-file",
            Source::Env => "--env",
        }
    }
}

pub fn run(args: &GenerateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let generated = generate(args)?;
    for warning in &generated.warnings {
        let _ = writeln!(err, "warning: {warning}");
    }
    for (field, value) in &generated.config.config_params {
        if let Some(var) = value.env_var() {
            if var.lookup().is_none() {
                let _ = writeln!(
                    err,
                    "warning: {field} refers to ${{{var}}}, which is not set in this shell"
                );
            }
        }
    }
    if args.embed_secrets {
        let _ = writeln!(
            err,
            "warning: --embed-secrets: secret values are written into the output; keep it private"
        );
    }
    print_json(out, &generated.config)
}

/// Builds and validates the config the flags describe.
pub fn generate(args: &GenerateArgs) -> Result<Generated, CliError> {
    let catalog = Catalog::builtin();
    let spec = catalog.get(&args.provider).ok_or_else(|| {
        CliError::Usage(format!(
            "unknown provider type '{}': expected one of {} (example: --provider google)",
            args.provider,
            catalog.type_names().join(", ")
        ))
    })?;
    let params = collect_params(spec, args)?;
    let provider_type: AuthProviderType = spec.type_name.parse()?;
    let mut provider = AuthProviderBuilder::new(provider_type)
        .embed_secrets(args.embed_secrets)
        .set_scopes(args.scopes.iter().cloned());
    for (name, (value, _)) in params {
        provider = provider.set_field(&name, value);
    }
    let generated = match &args.service {
        Some(name) => AuthServiceBuilder::new(name)
            .use_provider(provider)
            .generate_with_warnings()?,
        None => provider.generate_with_warnings()?,
    };
    Ok(generated)
}

type Params = IndexMap<String, (ParamValue, Source)>;

/// Reads every `--set*` / `--env` flag into one map, refusing duplicates and secrets that
/// arrive through argv.
fn collect_params(spec: &ProviderSpec, args: &GenerateArgs) -> Result<Params, CliError> {
    let mut params = Params::new();
    for arg in &args.set {
        let (field, text) = split_assignment("--set", arg, "base_url=https://mcp.example.com")?;
        let value = if splits_on_commas(spec, field) {
            ParamValue::list(text.split(',').map(str::trim).filter(|s| !s.is_empty()))
        } else {
            ParamValue::Literal(Value::String(text.to_string()))
        };
        insert(&mut params, field, value, Source::Argv)?;
    }
    for arg in &args.set_json {
        let (field, text) = split_assignment("--set-json", arg, "audience='[\"a\",\"b\"]'")?;
        let json: Value = serde_json::from_str(text).map_err(|e| {
            CliError::Usage(format!(
                "--set-json {field}: not valid JSON ({e}) (example: --set-json {field}='[\"a\", \"b\"]')"
            ))
        })?;
        insert(&mut params, field, ParamValue::Literal(json), Source::Argv)?;
    }
    for arg in &args.set_file {
        let (field, path) = split_assignment("--set-file", arg, "public_key=public.pem")?;
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::Usage(format!("--set-file {field}: cannot read '{path}': {e}"))
        })?;
        let text = text.trim_end().to_string();
        insert(
            &mut params,
            field,
            ParamValue::Literal(Value::String(text)),
            Source::File,
        )?;
    }
    for arg in &args.env {
        let (field, var) = split_assignment("--env", arg, "client_secret=GOOGLE_CLIENT_SECRET")?;
        let name = EnvVarName::parse(var.trim())
            .map_err(|e| CliError::Usage(format!("--env {field}: {e}")))?;
        insert(&mut params, field, ParamValue::Env(name), Source::Env)?;
    }
    refuse_exposed_secrets(spec, &params, args.embed_secrets)?;
    Ok(params)
}

fn insert(
    params: &mut Params,
    field: &str,
    value: ParamValue,
    source: Source,
) -> Result<(), CliError> {
    if let Some((_, earlier)) = params.get(field) {
        return Err(CliError::Usage(format!(
            "{field} is given twice ({} and {}); give it once",
            earlier.flag(),
            source.flag()
        )));
    }
    params.insert(field.to_string(), (value, source));
    Ok(())
}

/// List fields (and the scope parameter) take `a,b,c` from `--set`.
fn splits_on_commas(spec: &ProviderSpec, field: &str) -> bool {
    field == spec.scopes.param || spec.field(field).is_some_and(|f| f.kind == FieldKind::List)
}

/// A secret on the command line is visible to every process on the machine; a secret read
/// from a file would silently become a reference unless embedding was asked for.
fn refuse_exposed_secrets(
    spec: &ProviderSpec,
    params: &Params,
    embed: bool,
) -> Result<(), CliError> {
    let values: IndexMap<String, ParamValue> = params
        .iter()
        .map(|(k, (v, _))| (k.clone(), v.clone()))
        .collect();
    for (field, (_, source)) in params {
        if !is_secret_param(spec, field, &values) {
            continue;
        }
        let var = spec
            .field(field)
            .and_then(|f| f.primary_env())
            .unwrap_or("MY_SECRET");
        match source {
            Source::Env => {}
            Source::Argv => {
                return Err(CliError::Usage(format!(
                    "{field} is a secret and cannot be given with --set: the command line is \
                     visible to every process on this machine. Put it in an environment \
                     variable and refer to it (example: --env {field}={var})"
                )));
            }
            Source::File if !embed => {
                return Err(CliError::Usage(format!(
                    "{field} is a secret: a value read with --set-file is written only with \
                     --embed-secrets; otherwise refer to a variable (example: --env {field}={var})"
                )));
            }
            Source::File => {}
        }
    }
    Ok(())
}
