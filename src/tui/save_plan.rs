//! What one save writes: the JSON config (always: it is what `list`, `show`, `validate` and
//! `--edit` read), and on request a `.env` holding the secrets the operator typed and a
//! FastMCP server skeleton, next to it. The preview, the save and the side panel all come
//! from here ([`generate`] makes the config from the wizard's choices), so each tab shows
//! the bytes its file gets (secret values masked on screen) and the panel cannot differ.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::app::Wizard;
use crate::core::catalog::{CLIENT_REDIRECTS_FIELD, Catalog};
use crate::core::compat::default_target;
use crate::core::deployment::{DEFAULT_SIGNING_VAR, Deployment, attach};
use crate::core::load::{LoadedConfig, parse_document};
use crate::core::{
    AuthError, EnvVarName, FastMCPAuthConfig, Generated, ParamValue, Secret, generate_with_warnings,
};
use crate::export::{SecretDisplay, render_env, render_json, render_python};

/// Where the secrets typed into the form go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretsTo {
    /// Into the `.env` file; the config refers to them as `${VAR}`.
    EnvFile,
    /// Into the config itself.
    Embed,
    /// Nowhere: the config refers to `${VAR}`, whose value the server's environment gives
    /// (the operator chose the variable over what they typed).
    Variable,
}

impl SecretsTo {
    pub const ALL: [SecretsTo; 3] = [SecretsTo::EnvFile, SecretsTo::Embed, SecretsTo::Variable];

    pub fn label(self) -> &'static str {
        match self {
            SecretsTo::EnvFile => "into the .env file (the config says ${VAR})",
            SecretsTo::Embed => "embedded in the config (keep it private)",
            SecretsTo::Variable => "use the environment's variable, drop what I typed",
        }
    }
}

/// The files one save can write, in the order they are written (the config last, so a
/// failure leaves no config pointing at a `.env` that is not there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Env,
    Server,
    Config,
}

impl FileKind {
    /// The preview's tab order.
    pub const TABS: [FileKind; 3] = [FileKind::Config, FileKind::Server, FileKind::Env];

    pub const fn title(self) -> &'static str {
        match self {
            FileKind::Config => "JSON",
            FileKind::Server => "Python",
            FileKind::Env => ".env",
        }
    }

    pub fn what(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Server => "server skeleton",
            FileKind::Env => "environment",
        }
    }

    /// The file's path next to the config at `config`.
    pub fn path_next_to(self, config: &Path) -> PathBuf {
        match self {
            FileKind::Config => config.to_path_buf(),
            FileKind::Server => config.with_extension("py"),
            FileKind::Env => config.with_extension("env"),
        }
    }
}

/// One file of a save: where it goes, its bytes, and what the preview shows of it.
pub struct PlannedFile {
    pub kind: FileKind,
    pub path: PathBuf,
    /// The bytes written, or why this file cannot be written.
    pub contents: Result<Zeroizing<String>, String>,
    /// The same text with secret values masked.
    pub shown: String,
}

/// A secret the operator typed, and the variable the config refers to it by.
pub struct TypedSecret {
    pub param: String,
    pub var: EnvVarName,
    pub value: Secret,
}

/// Every file a save could write, rendered from one config.
pub struct SavePlan {
    /// The config as the JSON file holds it.
    pub config: FastMCPAuthConfig,
    /// In [`FileKind::TABS`] order.
    pub files: Vec<PlannedFile>,
    /// The typed secrets that became references (empty when they are embedded).
    pub typed: Vec<TypedSecret>,
    pub secrets_to: SecretsTo,
}

impl SavePlan {
    /// `config` holds the typed secrets as `Secret` values (generated with embedding on);
    /// they are moved to `secrets_to`.
    pub fn new(mut config: FastMCPAuthConfig, secrets_to: SecretsTo, json_path: &Path) -> Self {
        let mut typed = Vec::new();
        if secrets_to != SecretsTo::Embed {
            for (param, value) in config.config_params.iter_mut() {
                let ParamValue::Secret(secret) = value else {
                    continue;
                };
                let Some(var) = variable_for(config.provider_type.as_deref(), param) else {
                    continue;
                };
                typed.push(TypedSecret {
                    param: param.clone(),
                    var: var.clone(),
                    value: secret.clone(),
                });
                *value = ParamValue::Env(var);
            }
        }
        let env_values = |masked: bool| {
            let values: Vec<(String, String)> = typed
                .iter()
                .filter(|_| secrets_to == SecretsTo::EnvFile)
                .map(|t| {
                    let value = if masked {
                        t.value.masked()
                    } else {
                        t.value.expose().to_string()
                    };
                    (t.var.as_str().to_string(), value)
                })
                .collect();
            values
        };
        let (plain_env, masked_env) = (env_values(false), env_values(true));
        let lookup = |values: &[(String, String)], var: &str| {
            values
                .iter()
                .find(|(name, _)| name == var)
                .map(|(_, v)| v.clone())
        };
        let files = FileKind::TABS
            .iter()
            .map(|&kind| {
                let (contents, shown) = match kind {
                    FileKind::Config => (
                        Ok(render_json(&config, SecretDisplay::Plain)),
                        render_json(&config, SecretDisplay::Masked),
                    ),
                    FileKind::Server => (
                        render_python(&config, SecretDisplay::Plain),
                        render_python(&config, SecretDisplay::Masked)
                            .unwrap_or_else(|e| cannot(&e)),
                    ),
                    FileKind::Env => (
                        render_env(&config, Some(&|v| lookup(&plain_env, v))),
                        render_env(&config, Some(&|v| lookup(&masked_env, v)))
                            .unwrap_or_else(|e| cannot(&e)),
                    ),
                };
                PlannedFile {
                    kind,
                    path: kind.path_next_to(json_path),
                    contents: contents.map(Zeroizing::new).map_err(|e| e.to_string()),
                    shown,
                }
            })
            .collect();
        SavePlan {
            config,
            files,
            typed,
            secrets_to,
        }
    }

    pub fn file(&self, kind: FileKind) -> &PlannedFile {
        // Every kind is planned (see `new`).
        &self.files[FileKind::TABS.iter().position(|k| *k == kind).unwrap_or(0)]
    }
}

/// Why the wizard's choices make no config (yet).
#[derive(Debug)]
pub enum PlanProblem {
    /// No provider form yet.
    NoForm,
    /// The deployment step's choices (shown on that step).
    Deployment(String),
    /// The config itself.
    Config(AuthError),
}

/// The config the wizard's choices make (the form, the scopes or, before the scopes step,
/// the provider's defaults, the deployment, the release, the service, an edited file's
/// unknown keys). `embed` keeps typed secrets as values, as a plan needs them.
pub fn generate(wizard: &Wizard, embed: bool) -> Result<Generated, PlanProblem> {
    let credentials = wizard.credentials.as_ref().ok_or(PlanProblem::NoForm)?;
    let mut config = credentials.provider_config();
    if let Some(scopes) = wizard.scopes.as_ref() {
        config.required_scopes = scopes.checked();
    }
    config.embed_secrets = embed;
    config.fastmcp_version = Some(wizard.target);
    let spec = Catalog::builtin()
        .get_or_err(config.provider_type.as_str())
        .map_err(PlanProblem::Config)?;
    // The token verifiers chosen so far (a proxy's own, extra ways in).
    wizard.verifiers.apply(spec, &mut config);
    let deployment = if spec.oauth_proxy {
        let uris = wizard
            .deploy
            .client_redirect_uris()
            .map_err(PlanProblem::Deployment)?;
        config.set(CLIENT_REDIRECTS_FIELD, ParamValue::list(uris));
        wizard
            .deploy
            .deployment()
            .map_err(PlanProblem::Deployment)?
    } else {
        None
    };
    if deployment.as_ref().is_some_and(Deployment::is_shared)
        && !config.config.contains_key("jwt_signing_key")
    {
        // Replicas need one signing key: the documented variable unless one was given.
        let var = EnvVarName::parse(DEFAULT_SIGNING_VAR).map_err(PlanProblem::Config)?;
        config.set("jwt_signing_key", var);
    }
    let mut generated = generate_with_warnings(&config).map_err(PlanProblem::Config)?;
    attach(spec, &mut generated.config, deployment).map_err(PlanProblem::Config)?;
    generated.config.extra = wizard.extra.clone();
    let service = wizard.save.service.value().trim();
    generated.config.service = Some(if service.is_empty() {
        proposed_service(wizard)
    } else {
        service.to_string()
    });
    Ok(generated)
}

/// The service name the wizard proposes before the preview when none was typed.
pub fn proposed_service(wizard: &Wizard) -> String {
    format!("{}-mcp", wizard.provider.current().type_name)
}

/// Where the typed secrets go when saved: the save step's choice, or with none typed, the
/// config's references.
pub fn secrets_to(wizard: &Wizard) -> SecretsTo {
    let typed = wizard.credentials.as_ref().is_some_and(|c| {
        c.provider_config()
            .config
            .values()
            .any(|v| matches!(v, ParamValue::Secret(_)))
    });
    if typed {
        wizard.save.secrets_to
    } else {
        SecretsTo::Variable
    }
}

/// Every file a save of the wizard's choices writes, the config at `json_path`.
pub fn plan(wizard: &Wizard, json_path: &Path) -> Result<SavePlan, PlanProblem> {
    let generated = generate(wizard, true)?;
    Ok(SavePlan::new(
        generated.config,
        secrets_to(wizard),
        json_path,
    ))
}

/// Whether the config file `existing` already says what `planned` says, though keys may
/// be missing from either: both are read back through the core, which fills a missing
/// parameter or scope list with its default, and a missing release and service stand for
/// what the wizard assumes for them (the newest release checked, the file's name), as
/// `--edit` does. A hand-written file opened and saved without a change is left alone.
pub fn same_config(existing: &[u8], planned: &[u8], path: &Path) -> bool {
    match (
        normalized_config(existing, path),
        normalized_config(planned, path),
    ) {
        (Some(old), Some(new)) => old == new,
        _ => false,
    }
}

/// The config `bytes` hold, as the core would write it with every default filled in;
/// `None` when it is not a config the core can read.
fn normalized_config(bytes: &[u8], path: &Path) -> Option<serde_json::Value> {
    let document = serde_json::from_slice(bytes).ok()?;
    let document = parse_document(document).ok()?;
    let mut loaded = LoadedConfig::from_document(&document).ok()?;
    loaded
        .provider
        .fastmcp_version
        .get_or_insert_with(default_target);
    if loaded.service.is_none() {
        loaded.service = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    }
    // Secret literals compare as what they are, on both sides.
    loaded.provider.embed_secrets = true;
    let generated = loaded.regenerate().ok()?;
    let json = Zeroizing::new(render_json(&generated.config, SecretDisplay::Plain));
    serde_json::from_str(&json).ok()
}

/// A comment in place of a file that cannot be written, so the tab never stays blank.
fn cannot(err: &impl std::fmt::Display) -> String {
    format!("# cannot be written: {err}\n")
}

/// The variable a typed secret is referred to by: the field's conventional one, or for a
/// custom parameter its name in capitals.
pub(crate) fn variable_for(provider_type: Option<&str>, param: &str) -> Option<EnvVarName> {
    let conventional = provider_type
        .and_then(|t| Catalog::builtin().get(t))
        .and_then(|spec| spec.field(param))
        .and_then(|field| field.primary_env().map(str::to_string));
    let name = conventional.unwrap_or_else(|| param.to_ascii_uppercase());
    EnvVarName::parse(&name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/configs/docs.json";

    /// What the wizard writes for the hand-written files below.
    fn planned(release: &str, service: &str) -> String {
        serde_json::json!({
            "provider_class": "GitHubProvider",
            "import_path": "fastmcp.server.auth.providers.github",
            "config_params": {
                "client_id": "Ov23liOriginal",
                "client_secret": "${GH_SECRET}",
                "base_url": "https://docs.example.com",
                "allowed_client_redirect_uris": ["http://localhost:*", "http://127.0.0.1:*"],
                "require_authorization_consent": true,
                "required_scopes": ["read:user", "user:email"]
            },
            "provider_type": "github",
            "fastmcp_version": release,
            "service": service
        })
        .to_string()
    }

    fn hand_written(params: &str, top: &str) -> String {
        format!(
            r#"{{"provider_class": "GitHubProvider",
                "import_path": "fastmcp.server.auth.providers.github",
                "config_params": {{"client_id": "Ov23liOriginal",
                    "client_secret": "${{GH_SECRET}}",
                    "base_url": "https://docs.example.com"{params}}}{top}}}"#
        )
    }

    fn same(existing: &str, planned: &str) -> bool {
        same_config(existing.as_bytes(), planned.as_bytes(), Path::new(PATH))
    }

    #[test]
    fn missing_keys_that_stand_for_their_defaults_are_no_change() {
        let newest = default_target().to_string();
        let plan = planned(&newest, "docs");
        assert!(same(&hand_written("", ""), &plan));
        // Defaults spelt out in the file, or some of them, are no change either.
        let spelt = hand_written(
            r#", "require_authorization_consent": true,
               "required_scopes": ["read:user", "user:email"]"#,
            &format!(r#", "fastmcp_version": "{newest}", "service": "docs""#),
        );
        assert!(same(&spelt, &plan));
    }

    #[test]
    fn real_changes_are_changes() {
        let newest = default_target().to_string();
        let plan = planned(&newest, "docs");
        // Another value, another scope list, another consent choice.
        let other_id = hand_written("", "").replace("Ov23liOriginal", "Ov23liOther");
        assert!(!same(&other_id, &plan));
        assert!(!same(
            &hand_written(r#", "required_scopes": ["repo"]"#, ""),
            &plan
        ));
        assert!(!same(
            &hand_written(r#", "require_authorization_consent": false"#, ""),
            &plan
        ));
        // Another release than the one a missing key stands for, or another service.
        let older = crate::core::Catalog::builtin()
            .fastmcp_versions
            .iter()
            .copied()
            .find(|v| *v != default_target())
            .expect("the catalog is checked against more than one release");
        assert!(!same(
            &hand_written("", ""),
            &planned(&older.to_string(), "docs")
        ));
        assert!(!same(&hand_written("", ""), &planned(&newest, "other")));
        // Not a config: never the same.
        assert!(!same("{not json", &plan));
    }
}
