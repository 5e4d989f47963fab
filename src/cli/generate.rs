//! `fastmcp-auth generate`: flags → `AuthProviderConfig` → core → the chosen format, printed
//! or saved.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use indexmap::IndexMap;
use serde_json::Value;

use super::fastmcp_arg::FastmcpArgs;
use super::output::{self, EnvValues, FormatArg};
use super::{CliError, split_assignment};
use crate::core::catalog::{CLIENT_REDIRECTS_FIELD, Catalog, FieldKind, ProviderSpec};
use crate::core::compat::default_target;
use crate::core::composite::ALSO_ACCEPT;
use crate::core::deployment::{
    DEFAULT_KEY_VAR, DEFAULT_SIGNING_VAR, DEFAULT_URL_VAR, STORAGE_KEY_FIELD, STORAGE_URL_FIELD,
    attach,
};
use crate::core::exact_json::parse_exact;
use crate::core::generate::is_secret_param;
use crate::core::text::escape_control;
use crate::core::validate::split_scopes;
use crate::core::{
    AuthProviderBuilder, AuthProviderType, AuthServiceBuilder, Deployment, EnvVarName, Generated,
    ParamValue, Secret, Storage,
};
use crate::export::{SecretDisplay, env_v2_warnings, referenced_vars};
use crate::persist;

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
    /// MCP clients allowed to receive sign-ins (OAuth-proxy providers): preset ids, comma
    /// list or repeated, e.g. loopback,claude,chatgpt (`fastmcp-auth providers google`
    /// lists them with their sources); sets allowed_client_redirect_uris to their URLs
    #[arg(long = "allow-clients", value_name = "PRESETS", value_delimiter = ',')]
    pub allow_clients: Vec<String>,
    /// Where OAuth-proxy providers keep their state: FastMCP's per-machine default, or a
    /// Redis shared by several replicas (values from --env storage_url=VAR and
    /// --env storage_encryption_key=VAR, repeated for key rotation, newest first)
    #[arg(long, value_enum, value_name = "BACKEND")]
    pub storage: Option<StorageArg>,
    /// Read the secret FIELD from standard input (first line); needs --embed-secrets
    #[arg(long, value_name = "FIELD")]
    pub secret_stdin: Option<String>,
    /// A required scope (repeat, or separate with commas or spaces, for more); replaces the
    /// provider's default scopes
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// The token verifier of a provider that takes one (oauth-proxy, remote-auth), e.g.
    /// bearer; set its fields as token_verifier.FIELD (--set token_verifier.jwks_uri=URL)
    #[arg(long, value_name = "TYPE")]
    pub token_verifier: Option<String>,
    /// Also accept tokens of this verifier type (FastMCP's MultiAuth, 3.1.0+: people sign
    /// in with the provider, machines present e.g. JWTs); repeat for more; set the Nth's
    /// fields as also_accept.N.FIELD (--set also_accept.1.issuer=URL)
    #[arg(long, value_name = "TYPE")]
    pub also_accept: Vec<String>,
    /// Write secret values (from --set-file, --secret-stdin, or for --format env the
    /// current environment) into the output instead of ${VAR}
    #[arg(long)]
    pub embed_secrets: bool,
    /// Output form
    #[arg(long, value_enum, default_value_t = FormatArg::Json)]
    pub format: FormatArg,
    #[command(flatten)]
    pub target: FastmcpArgs,
    /// Save to PATH instead of printing (mode 0600; new directories get mode 0700)
    #[arg(long, value_name = "PATH", group = "target")]
    pub output: Option<PathBuf>,
    /// Save to <config dir>/fastmcp-auth/<service>.json (needs --service; json only)
    #[arg(long, group = "target", requires = "service")]
    pub save: bool,
    /// Replace an existing file; the previous version is kept as <file>.bak
    #[arg(long, requires = "target")]
    pub force: bool,
}

/// `--storage`: see `core::deployment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StorageArg {
    /// FastMCP's encrypted file store in the server's home directory (one machine)
    Default,
    /// Redis or Valkey shared by every replica, encrypted with Fernet
    Redis,
}

/// Where a parameter's value came from: decides whether a secret may arrive that way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// `--set` / `--set-json`: the value sits in argv, visible to every local process.
    Argv,
    File,
    Stdin,
    Env,
    Presets,
}

impl Source {
    fn flag(self) -> &'static str {
        match self {
            Source::Argv => "--set",
            Source::File => "--set-file",
            Source::Stdin => "--secret-stdin",
            Source::Env => "--env",
            Source::Presets => "--allow-clients",
        }
    }
}

pub fn run(args: &GenerateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    // Checked first so that nothing is read or generated for a command that cannot finish.
    check_format_flags(args)?;
    let target = target_path(args)?;
    let generated = generate(args)?;
    for warning in &generated.warnings {
        super::report_warning(err, None, warning);
    }
    if let Some(names) = Catalog::builtin()
        .get(
            generated
                .config
                .provider_type
                .as_deref()
                .unwrap_or_default(),
        )
        .and_then(|spec| crate::core::compat::scopes_clients_request(spec, &generated.config))
    {
        let _ = writeln!(
            err,
            "note: MCP clients must request the scopes by these names: {}",
            crate::core::text::escape_control(&names.join(" "))
        );
    }
    if args.format == FormatArg::EnvV2 {
        for warning in env_v2_warnings(&generated.config) {
            let _ = writeln!(err, "warning: {warning}");
        }
    }
    for (var, field) in referenced_vars(&generated.config) {
        if std::env::var(var).map_or(true, |v| v.is_empty()) {
            let field = field.split(':').next().unwrap_or(field);
            let _ = writeln!(
                err,
                "warning: {field} refers to ${{{var}}}, which is not set in this shell"
            );
        }
    }
    if args.embed_secrets {
        let _ = writeln!(
            err,
            "warning: --embed-secrets: secret values are written into the output; keep it private"
        );
    }
    let env_values = if args.embed_secrets {
        EnvValues::FromEnvironment
    } else {
        EnvValues::Empty
    };
    let text = output::render(
        &generated.config,
        args.format,
        SecretDisplay::Plain,
        env_values,
    )?;
    output::emit(&text, target.as_deref(), args.force, out, err)
}

/// A `.env` file lists the variables the config refers to: a secret piped in would be
/// read and then silently left out.
fn check_format_flags(args: &GenerateArgs) -> Result<(), CliError> {
    if args.format == FormatArg::Env && args.secret_stdin.is_some() {
        return Err(CliError::Usage(
            "--secret-stdin cannot be used with --format env: the .env file lists the \
             variables the config refers to; refer to one and fill it in from this shell \
             (example: --env client_secret=GOOGLE_CLIENT_SECRET --embed-secrets)"
                .into(),
        ));
    }
    Ok(())
}

/// The file to save to: `--output`, or the default path for the service with `--save`.
fn target_path(args: &GenerateArgs) -> Result<Option<PathBuf>, CliError> {
    if !args.save {
        return Ok(args.output.clone());
    }
    if args.format != FormatArg::Json {
        return Err(CliError::Usage(
            "--save stores the json config that `list` and `show` read; for other formats \
             give a file (example: --format python --output server.py)"
                .into(),
        ));
    }
    // clap enforces `--save requires --service`; an absent one is still an error, not a panic.
    let service = args.service.as_deref().unwrap_or_default();
    persist::check_service_name(service)
        .map_err(|problem| CliError::Usage(format!("--service: {problem}")))?;
    persist::default_path_for(service).map(Some).ok_or_else(|| {
        CliError::Usage(
            "--save: no config directory is known here (set XDG_CONFIG_HOME or HOME); give \
             a file instead (example: --output ./payments-api.json)"
                .into(),
        )
    })
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
    let deployment = deployment_from_args(args)?;
    let parts = Parts::from_args(spec, args)?;
    let mut params = collect_params(&parts, args)?;
    if deployment.as_ref().is_some_and(Deployment::is_shared)
        && spec.oauth_proxy
        && !params.contains_key("jwt_signing_key")
    {
        // Replicas need one signing key; the documented variable unless another was named.
        let var = EnvVarName::parse(DEFAULT_SIGNING_VAR)?;
        params.insert(
            "jwt_signing_key".into(),
            (ParamValue::Env(var), Source::Env),
        );
    }
    let mut by_part = parts.split_params(params)?;
    let mut builder_of = |part: &Part, spec: &ProviderSpec| -> Result<_, CliError> {
        let provider_type: AuthProviderType = spec.type_name.parse()?;
        let mut builder = AuthProviderBuilder::new(provider_type).embed_secrets(args.embed_secrets);
        for (name, value) in by_part.shift_remove(part).unwrap_or_default() {
            builder = builder.set_field(&name, value);
        }
        Ok(builder)
    };
    let mut provider = builder_of(&Part::Main, spec)?
        .fastmcp_version(
            args.target
                .for_format(args.format)?
                .unwrap_or_else(default_target),
        )
        .set_scopes(args.scopes.iter().flat_map(|s| split_scopes(s)));
    for (name, verifier) in &parts.verifiers {
        let part = Part::Verifier(name.clone());
        provider = provider.set_verifier_param(name, builder_of(&part, verifier)?);
    }
    for (i, extra) in parts.extras.iter().enumerate() {
        provider = provider.also_accept(builder_of(&Part::Extra(i + 1), extra)?);
    }
    let mut generated = match &args.service {
        Some(name) => AuthServiceBuilder::new(name)
            .use_provider(provider)
            .generate_with_warnings()?,
        None => provider.generate_with_warnings()?,
    };
    attach(spec, &mut generated.config, deployment)?;
    Ok(generated)
}

/// `--storage` and its `--env storage_*=VAR` values. The storage values are references
/// only: a Redis URL may hold a password and the keys decrypt the state.
fn deployment_from_args(args: &GenerateArgs) -> Result<Option<Deployment>, CliError> {
    let mut url = None;
    let mut keys = Vec::new();
    for arg in &args.env {
        let (field, var) = split_assignment("--env", arg, "storage_url=REDIS_URL")?;
        if !is_storage_field(field) {
            continue;
        }
        let example = if field == STORAGE_URL_FIELD {
            DEFAULT_URL_VAR
        } else {
            DEFAULT_KEY_VAR
        };
        let name = EnvVarName::check(var.trim()).map_err(|problem| {
            CliError::Usage(format!(
                "--env {field}: {problem}; the text given is not repeated here, in case it is \
                 a secret (example: --env {field}={example})"
            ))
        })?;
        match field {
            STORAGE_URL_FIELD if url.is_some() => {
                return Err(CliError::Usage(format!(
                    "--env {STORAGE_URL_FIELD} is given twice; give it once (example: --env \
                     {STORAGE_URL_FIELD}={DEFAULT_URL_VAR})"
                )));
            }
            STORAGE_URL_FIELD => url = Some(name),
            STORAGE_KEY_FIELD => keys.push(name),
            _ => {
                return Err(CliError::Usage(format!(
                    "--env {}: not a storage setting (known: {STORAGE_URL_FIELD}, \
                     {STORAGE_KEY_FIELD})",
                    crate::core::text::escape_control(field)
                )));
            }
        }
    }
    match args.storage {
        Some(StorageArg::Redis) => {
            let url = match url {
                Some(url) => url,
                None => EnvVarName::parse(DEFAULT_URL_VAR)?,
            };
            if keys.is_empty() {
                keys.push(EnvVarName::parse(DEFAULT_KEY_VAR)?);
            }
            Ok(Some(Deployment::redis(url, keys)))
        }
        _ if url.is_some() || !keys.is_empty() => Err(CliError::Usage(format!(
            "--env {STORAGE_URL_FIELD} / {STORAGE_KEY_FIELD} configure a shared store: add \
             --storage redis (example: --storage redis --env {STORAGE_URL_FIELD}={DEFAULT_URL_VAR})"
        ))),
        Some(StorageArg::Default) => Ok(Some(Deployment {
            storage: Storage::Default,
        })),
        None => Ok(None),
    }
}

fn is_storage_field(field: &str) -> bool {
    field.starts_with("storage_")
}

type Params = IndexMap<String, (ParamValue, Source)>;

/// Which config a flag's FIELD belongs to: the provider's own, one of its token verifiers'
/// (`token_verifier.jwks_uri`), or an extra verifier's (`also_accept.1.issuer`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Part {
    Main,
    Verifier(String),
    Extra(usize),
}

/// The catalog entries of the provider and of the verifiers `--token-verifier` and
/// `--also-accept` chose.
struct Parts<'a> {
    embed: bool,
    main: &'a ProviderSpec,
    verifiers: IndexMap<String, &'a ProviderSpec>,
    extras: Vec<&'a ProviderSpec>,
}

impl<'a> Parts<'a> {
    fn from_args(main: &'a ProviderSpec, args: &GenerateArgs) -> Result<Self, CliError> {
        let mut verifiers = IndexMap::new();
        if let Some(type_name) = &args.token_verifier {
            let field = main.verifier_fields.first().ok_or_else(|| {
                CliError::Usage(format!(
                    "--token-verifier: {} takes no token verifier; providers that do: {} (example: --provider oauth-proxy --token-verifier bearer)",
                    main.type_name,
                    takes_verifier_names()
                ))
            })?;
            verifiers.insert(
                field.name.clone(),
                verifier_spec("--token-verifier", type_name)?,
            );
        }
        let extras = args
            .also_accept
            .iter()
            .map(|type_name| verifier_spec("--also-accept", type_name))
            .collect::<Result<_, _>>()?;
        Ok(Parts {
            embed: args.embed_secrets,
            main,
            verifiers,
            extras,
        })
    }

    /// The part `field` addresses, the field's name within it, and that part's entry.
    fn locate<'f>(&self, field: &'f str) -> Result<(Part, &'f str, &'a ProviderSpec), CliError> {
        let Some((head, rest)) = field.split_once('.') else {
            return Ok((Part::Main, field, self.main));
        };
        if head == ALSO_ACCEPT {
            let (n, inner) = rest.split_once('.').unwrap_or((rest, ""));
            let index = n
                .parse::<usize>()
                .ok()
                .filter(|i| (1..=self.extras.len()).contains(i));
            return match index {
                Some(i) if !inner.is_empty() => Ok((Part::Extra(i), inner, self.extras[i - 1])),
                _ => Err(CliError::Usage(format!(
                    "{}: an extra verifier's field is also_accept.N.FIELD, N from 1 to the number of --also-accept flags ({}) (example: --also-accept bearer --set also_accept.1.issuer=https://auth.example.com)",
                    escape_control(field),
                    self.extras.len()
                ))),
            };
        }
        match self.verifiers.get(head) {
            Some(spec) => Ok((Part::Verifier(head.to_string()), rest, spec)),
            None if self.main.verifier_field(head).is_some() => Err(CliError::Usage(format!(
                "{}: choose the verifier's type first (example: --token-verifier bearer --set {head}.jwks_uri=https://auth.example.com/.well-known/jwks.json)",
                escape_control(field)
            ))),
            None => Ok((Part::Main, field, self.main)),
        }
    }

    /// The flags' values grouped by part, each under its name within the part; secrets
    /// that arrived an unsafe way are refused, naming the field as it was given.
    fn split_params(
        &self,
        params: Params,
    ) -> Result<IndexMap<Part, IndexMap<String, ParamValue>>, CliError> {
        let mut grouped: IndexMap<Part, (&ProviderSpec, String, Params)> = IndexMap::new();
        for (field, value) in params {
            let (part, inner, spec) = self.locate(&field)?;
            let prefix = field[..field.len() - inner.len()].to_string();
            grouped
                .entry(part)
                .or_insert_with(|| (spec, prefix, Params::new()))
                .2
                .insert(inner.to_string(), value);
        }
        let mut values = IndexMap::new();
        for (part, (spec, prefix, params)) in grouped {
            refuse_exposed_secrets(spec, &params, self.embed, &prefix)?;
            values.insert(part, params.into_iter().map(|(k, (v, _))| (k, v)).collect());
        }
        Ok(values)
    }
}

/// The catalog entry of a verifier type named on the command line by `flag`.
fn verifier_spec(flag: &str, type_name: &str) -> Result<&'static ProviderSpec, CliError> {
    let catalog = Catalog::builtin();
    catalog
        .get(type_name)
        .filter(|spec| catalog.is_token_verifier(spec))
        .ok_or_else(|| {
            CliError::Usage(format!(
                "{flag}: '{}' is not a token verifier type; expected one of {} (example: {flag} bearer)",
                escape_control(type_name),
                catalog.token_verifiers.join(", ")
            ))
        })
}

/// The provider types that take a token verifier, for messages.
fn takes_verifier_names() -> String {
    Catalog::builtin()
        .providers
        .iter()
        .filter(|p| !p.verifier_fields.is_empty())
        .map(|p| p.type_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads every `--set*` / `--env` flag into one map by the field's full name, refusing
/// duplicates.
fn collect_params(parts: &Parts, args: &GenerateArgs) -> Result<Params, CliError> {
    let mut params = Params::new();
    for arg in &args.set {
        let (field, text) = split_assignment("--set", arg, "base_url=https://mcp.example.com")?;
        let (_, inner, spec) = parts.locate(field)?;
        let value = if holds_scopes(spec, inner) {
            ParamValue::list(split_scopes(text))
        } else if splits_on_commas(spec, inner) {
            ParamValue::list(text.split(',').map(str::trim).filter(|s| !s.is_empty()))
        } else {
            ParamValue::Literal(Value::String(text.to_string()))
        };
        insert(&mut params, field, value, Source::Argv)?;
    }
    for arg in &args.set_json {
        let (field, text) = split_assignment("--set-json", arg, "audience='[\"a\",\"b\"]'")?;
        let json = parse_exact(text).map_err(|e| {
            CliError::Usage(format!(
                "--set-json {field}: {e} (example: --set-json {field}='[\"a\", \"b\"]')"
            ))
        })?;
        insert(&mut params, field, ParamValue::Literal(json), Source::Argv)?;
    }
    for arg in &args.set_file {
        let (field, path) = split_assignment("--set-file", arg, "public_key=public.pem")?;
        let text = persist::read::read_text_file(Path::new(path), persist::Limit::VALUE_FILE)
            .map_err(|e| {
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
    if let Some(field) = &args.secret_stdin {
        let secret = read_secret_from_stdin()?;
        insert(
            &mut params,
            field,
            ParamValue::Secret(secret),
            Source::Stdin,
        )?;
    }
    for arg in &args.env {
        let (field, var) = split_assignment("--env", arg, "client_secret=GOOGLE_CLIENT_SECRET")?;
        if is_storage_field(field) {
            continue; // the deployment section's, read by `deployment_from_args`
        }
        let (_, inner, spec) = parts.locate(field)?;
        let name = EnvVarName::check(var.trim()).map_err(|problem| {
            CliError::Usage(format!(
                "--env {field}: {problem}; the text given is not repeated here, in case it is \
                 a secret (example: --env {field}={})",
                example_variable(spec, inner)
            ))
        })?;
        insert(&mut params, field, ParamValue::Env(name), Source::Env)?;
    }
    if !args.allow_clients.is_empty() {
        let uris = client_redirect_uris(parts.main, &args.allow_clients)?;
        insert(
            &mut params,
            CLIENT_REDIRECTS_FIELD,
            ParamValue::list(uris),
            Source::Presets,
        )?;
    }
    Ok(params)
}

/// `--allow-clients`: the union of the named presets' callback URLs.
fn client_redirect_uris(spec: &ProviderSpec, ids: &[String]) -> Result<Vec<String>, CliError> {
    let catalog = Catalog::builtin();
    if spec.field(CLIENT_REDIRECTS_FIELD).is_none() {
        return Err(CliError::Usage(format!(
            "--allow-clients: {} signs clients in without an OAuth proxy, so it has no \
             allowed_client_redirect_uris (example: --provider google --allow-clients loopback)",
            spec.type_name
        )));
    }
    let ids: Vec<&str> = ids
        .iter()
        .map(|id| id.trim())
        .filter(|id| !id.is_empty())
        .collect();
    if ids.is_empty() {
        return Err(CliError::Usage(format!(
            "--allow-clients: name at least one preset ({}) (example: --allow-clients \
             loopback,claude)",
            catalog.client_preset_ids().join(", ")
        )));
    }
    if let Some(unknown) = ids.iter().find(|id| catalog.client_preset(id).is_none()) {
        return Err(CliError::Usage(format!(
            "--allow-clients: unknown preset '{}': expected one of {} (example: \
             --allow-clients loopback,claude)",
            crate::core::text::escape_control(unknown),
            catalog.client_preset_ids().join(", ")
        )));
    }
    Ok(catalog.client_redirect_uris(&ids)?)
}

/// A variable name to suggest for `field`: the catalog's, else the field's name in capitals.
fn example_variable(spec: &ProviderSpec, field: &str) -> String {
    if let Some(var) = spec.field(field).and_then(|f| f.primary_env()) {
        return var.to_string();
    }
    let upper = field.to_ascii_uppercase();
    match EnvVarName::check(&upper) {
        Ok(name) => name.to_string(),
        Err(_) => "MY_SECRET".to_string(),
    }
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

/// The scope parameter and scope lists take scopes as FastMCP reads a scope string:
/// separated by commas or spaces.
fn holds_scopes(spec: &ProviderSpec, field: &str) -> bool {
    field == spec.scopes.param || spec.field(field).is_some_and(|f| f.scopes)
}

/// Other list fields take `a,b,c` from `--set`.
fn splits_on_commas(spec: &ProviderSpec, field: &str) -> bool {
    spec.field(field).is_some_and(|f| f.kind == FieldKind::List)
}

const SECRET_STDIN_EXAMPLE: &str = "printf '%s\\n' \"$SECRET\" | fastmcp-auth generate ... \
    --secret-stdin client_secret --embed-secrets";

/// Standard input must be a pipe or file: on a terminal the secret would be echoed on
/// screen as it is typed.
fn read_secret_from_stdin() -> Result<Secret, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(CliError::Usage(format!(
            "--secret-stdin reads a pipe, not a terminal, so the secret is not shown as it is \
             typed (example: {SECRET_STDIN_EXAMPLE})"
        )));
    }
    read_secret_line(&mut stdin.lock())
}

/// One secret: the first line of `input` without its line ending.
fn read_secret_line(input: &mut dyn BufRead) -> Result<Secret, CliError> {
    let secret = persist::read::read_first_line(input, persist::Limit::SECRET).map_err(|e| {
        CliError::Usage(format!("--secret-stdin: cannot read standard input ({e})"))
    })?;
    if secret.trim().is_empty() {
        return Err(CliError::Usage(format!(
            "--secret-stdin: standard input is empty; pipe the secret in (example: \
             {SECRET_STDIN_EXAMPLE})"
        )));
    }
    Ok(Secret::new(secret.as_str()))
}

/// A secret on the command line is visible to every process on the machine; a secret read
/// from a file or standard input would silently become a reference unless embedding was
/// asked for. `--secret-stdin` is for secrets only.
fn refuse_exposed_secrets(
    spec: &ProviderSpec,
    params: &Params,
    embed: bool,
    prefix: &str,
) -> Result<(), CliError> {
    let values: IndexMap<String, ParamValue> = params
        .iter()
        .map(|(k, (v, _))| (k.clone(), v.clone()))
        .collect();
    for (name, (_, source)) in params {
        let field = format!("{prefix}{name}");
        if !is_secret_param(spec, name, &values) {
            if *source == Source::Stdin {
                // The name is not repeated: a user who typed the secret instead of the
                // field name would see it echoed.
                return Err(CliError::Usage(format!(
                    "--secret-stdin takes the name of a secret field of {} ({}); the secret \
                     itself goes on standard input, other values with --set or --set-file",
                    spec.type_name,
                    secret_fields_of(spec, &values)
                )));
            }
            continue;
        }
        // The safe way to give this field: a reference, or, for values a `${VAR}` cannot
        // hold (a token map), a file with --embed-secrets.
        let field_spec = spec.field(name);
        let safe_way = if field_spec.is_some_and(|f| !f.kind.takes_reference()) {
            format!("--set-file {field}=dev-{field}.json --embed-secrets")
        } else {
            let var = field_spec
                .and_then(|f| f.primary_env())
                .unwrap_or("MY_SECRET");
            format!("--env {field}={var}")
        };
        match source {
            Source::Env | Source::Presets => {}
            Source::Argv => {
                return Err(CliError::Usage(format!(
                    "{field} is a secret and cannot be given with --set: the command line is \
                     visible to every process on this machine (example: {safe_way})"
                )));
            }
            Source::File | Source::Stdin if !embed => {
                return Err(CliError::Usage(format!(
                    "{field} is a secret: a value read with {} is written only with \
                     --embed-secrets (example: {safe_way})",
                    source.flag()
                )));
            }
            Source::File | Source::Stdin => {}
        }
    }
    Ok(())
}

/// The secret fields of `spec`, for messages.
fn secret_fields_of(spec: &ProviderSpec, values: &IndexMap<String, ParamValue>) -> String {
    if spec.custom {
        return "for a custom provider, a parameter named like a secret, e.g. api_key".into();
    }
    let names: Vec<&str> = spec
        .fields
        .iter()
        .filter(|f| is_secret_param(spec, &f.name, values))
        .map(|f| f.name.as_str())
        .collect();
    if names.is_empty() {
        "it has none with these settings".into()
    } else {
        format!("secret fields: {}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_line_loses_only_its_line_ending() {
        let read =
            |text: &str| read_secret_line(&mut text.as_bytes()).map(|s| s.expose().to_string());
        assert_eq!(read("s3cret \r\nsecond line\n").unwrap(), "s3cret ");
        assert_eq!(read("s3cret").unwrap(), "s3cret");
        for empty in ["", "\n", "  \r\n"] {
            let Err(CliError::Usage(message)) = read(empty) else {
                panic!("{empty:?} accepted");
            };
            assert!(message.contains("standard input is empty"), "{message}");
        }
    }
}
