//! The wizard's state and its one `update` function (The Elm Architecture): every change
//! of state happens here, from a `Msg`, and I/O is handed back to the loop as an `Effect`.
//! No terminal is needed, so every transition is unit-testable.

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use zeroize::Zeroizing;

use super::steps::StepEvent;
use super::steps::credentials::CredentialsStep;
use super::steps::deployment::DeploymentStep;
use super::steps::done::{DoneStep, SampleToken};
use super::steps::preview::PreviewStep;
use super::steps::provider::ProviderStep;
use super::steps::save::SaveStep;
use super::steps::scopes::ScopesStep;
use super::steps::verifiers::{Slot, VerifiersStep};
use super::theme::Theme;
use crate::core::catalog::CLIENT_REDIRECTS_FIELD;
use crate::core::deployment::{DEFAULT_SIGNING_VAR, Deployment, attach};
use crate::core::load::LoadedConfig;
use crate::core::{
    AuthError, Catalog, Clock, Generated, ParamValue, SystemClock, generate_with_warnings,
};
use crate::devkeys::{DevKeyPair, KeyOrigin, keys_dir_for};
use crate::export::{Format, SecretDisplay, referenced_vars, render, render_env};
use crate::persist::{SaveOutcome, check_service_name};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Provider,
    Credentials,
    Scopes,
    /// OAuth-proxy providers only: one instance, or several sharing a Redis.
    Deployment,
    Preview,
    Save,
    Done,
}

impl Step {
    pub const NUMBERED: [Step; 6] = [
        Step::Provider,
        Step::Credentials,
        Step::Scopes,
        Step::Deployment,
        Step::Preview,
        Step::Save,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Provider => "Provider",
            Step::Credentials => "Credentials",
            Step::Scopes => "Scopes",
            Step::Deployment => "Deploy",
            Step::Preview => "Preview",
            Step::Save => "Save",
            Step::Done => "Done",
        }
    }
}

/// Something that happened: a key, a paste, a resize, a signal, or the result of a save.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Signal(Signal),
    Saved(Result<SaveOutcome, SaveFailure>),
    /// The development key pair the loop made or found (or why it could not).
    DevKeys(Result<Box<DevKeysReady>, String>),
}

/// A job-control or termination signal, as the loop received it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGTERM, SIGHUP or SIGINT (the number): leave now, saving nothing.
    Terminate(i32),
    /// SIGTSTP (Ctrl+Z from outside raw mode, or `kill -TSTP`).
    Suspend,
    /// SIGCONT: the process ran on after a stop, whoever stopped it.
    Continue,
}

/// A development key pair and where its files are.
#[derive(Debug)]
pub struct DevKeysReady {
    pub dir: PathBuf,
    pub pair: DevKeyPair,
    pub origin: KeyOrigin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveFailure {
    /// The file exists and overwriting was not confirmed yet.
    Exists,
    Other(String),
}

/// What the loop must do for the wizard.
#[derive(Debug, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Leave with this exit status.
    Quit(u8),
    /// Leave at once with this status (128 + a signal's number): nothing is saved or
    /// printed, the terminal is restored.
    Terminate(u8),
    /// Restore the terminal, stop the process as SIGTSTP would, and set the terminal up
    /// again and redraw everything once continued.
    Suspend,
    /// Set the terminal up again and redraw everything (after a stop the wizard did not
    /// see coming, the shell may have changed the terminal).
    Redraw,
    /// Write `contents` to `path` through the shared save routine.
    Save {
        path: PathBuf,
        contents: Zeroizing<Vec<u8>>,
        overwrite: bool,
    },
    /// Use the development key pair in `dir`, generating it if there is none
    /// (`devkeys::load_or_create`); the result comes back as `Msg::DevKeys`.
    DevKeys {
        dir: PathBuf,
    },
}

/// A dialog over the current step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmQuit,
    ConfirmOverwrite(PathBuf),
}

pub const EXIT_INTERRUPTED: u8 = 130;

/// Where environment values come from (the process environment, or a test's map).
pub type EnvLookup = Box<dyn Fn(&str) -> Option<String>>;

pub struct Wizard {
    pub step: Step,
    history: Vec<Step>,
    pub theme: Theme,
    pub env: EnvLookup,
    pub provider: ProviderStep,
    pub credentials: Option<CredentialsStep>,
    pub scopes: Option<ScopesStep>,
    pub preview: Option<PreviewStep>,
    pub save: SaveStep,
    pub done: Option<DoneStep>,
    pub overlay: Option<Overlay>,
    pub size: (u16, u16),
    /// The config that will be saved (refreshed when the save step's choices change it).
    pending: Option<Generated>,
    /// Keys of an edited file this tool does not know; written back unchanged.
    extra: serde_json::Map<String, serde_json::Value>,
    /// Where OAuth state is kept (prefilled from an edited file's `deployment` section).
    pub deploy: DeploymentStep,
    /// The directory configs are saved in; development key pairs go in its `keys/`.
    config_dir: Option<PathBuf>,
    /// The development key pair made (or found) in this session, for the sample token.
    dev_key: Option<DevKeysReady>,
    /// The sample token's `iat`/`exp` come from here (tests fix it).
    pub clock: Arc<dyn Clock>,
    /// Token verifiers: the one a provider such as OAuthProxy takes, and extra ones
    /// accepted besides the provider (MultiAuth); a sub-screen over the step when open.
    pub verifiers: VerifiersStep,
}

impl Wizard {
    pub fn new(env: EnvLookup, config_dir: Option<PathBuf>, theme: Theme) -> Self {
        Wizard {
            step: Step::Provider,
            history: Vec::new(),
            theme,
            env,
            provider: ProviderStep::new(),
            credentials: None,
            scopes: None,
            preview: None,
            config_dir: config_dir.clone(),
            save: SaveStep::new(config_dir, ""),
            done: None,
            overlay: None,
            size: (80, 24),
            pending: None,
            extra: serde_json::Map::new(),
            deploy: DeploymentStep::default(),
            dev_key: None,
            clock: Arc::new(SystemClock),
            verifiers: VerifiersStep::default(),
        }
    }

    /// Opens the wizard on an existing config: every step prefilled, saving back to `path`
    /// with the file's unknown keys kept.
    pub fn edit(mut self, loaded: LoadedConfig, path: &std::path::Path) -> Self {
        let config = &loaded.provider;
        self.provider.select_type(config.provider_type.as_str());
        let spec = self.provider.current();
        let mut credentials = CredentialsStep::new(spec, &*self.env);
        credentials.load(config);
        let mut scopes = ScopesStep::new(spec);
        scopes.load(&config.required_scopes);
        self.credentials = Some(credentials);
        self.scopes = Some(scopes);
        self.verifiers.load(config);
        // Without a service in the file, its name stands in (it also keeps the path fixed).
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let service = loaded.service.clone().or(stem).unwrap_or_default();
        self.save = SaveStep::new(None, &service);
        self.save.fixed_path(path);
        self.save.embed = config.embed_secrets;
        self.extra = loaded.extra.clone();
        self.deploy.load(loaded.deployment.as_ref());
        if let Some(ParamValue::Literal(Value::Array(items))) =
            config.config.get(CLIENT_REDIRECTS_FIELD)
        {
            let uris: Vec<String> = items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            self.deploy.load_client_uris(&uris);
        }
        // Development keys live next to the file being edited.
        self.config_dir = path.parent().map(std::path::Path::to_path_buf);
        self
    }

    /// Text is being typed on the current screen, so printable keys are characters.
    fn is_typing(&self) -> bool {
        if self.verifiers.is_open() {
            return self.verifiers.is_typing();
        }
        match self.step {
            Step::Provider => self.provider.is_filtering(),
            Step::Credentials => true,
            Step::Scopes => self.scopes.as_ref().is_some_and(ScopesStep::on_add_row),
            Step::Deployment => self.deploy.is_typing(),
            Step::Save => self.save.is_typing(),
            _ => false,
        }
    }

    pub fn update(&mut self, msg: Msg) -> Effect {
        match msg {
            Msg::Resize(w, h) => {
                self.size = (w, h);
                Effect::None
            }
            Msg::Paste(text) => {
                self.paste(&text);
                Effect::None
            }
            Msg::Key(key) => self.key(key),
            Msg::Signal(Signal::Terminate(signo)) => {
                Effect::Terminate(u8::try_from(128 + signo).unwrap_or(u8::MAX))
            }
            Msg::Signal(Signal::Suspend) => Effect::Suspend,
            Msg::Signal(Signal::Continue) => Effect::Redraw,
            Msg::Saved(result) => self.saved(result),
            Msg::DevKeys(result) => {
                self.dev_keys_ready(result);
                Effect::None
            }
        }
    }

    fn key(&mut self, key: KeyEvent) -> Effect {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Effect::Quit(EXIT_INTERRUPTED);
        }
        // Raw mode turns Ctrl+Z into a key: suspend as the shell would have (as vim does).
        if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Effect::Suspend;
        }
        if let Some(overlay) = self.overlay.clone() {
            return self.overlay_key(overlay, key);
        }
        let help =
            key.code == KeyCode::F(1) || (key.code == KeyCode::Char('?') && !self.is_typing());
        if help {
            self.overlay = Some(Overlay::Help);
            return Effect::None;
        }
        if self.verifiers.is_open() {
            return self.verifiers_key(key);
        }
        if self.step == Step::Preview && self.preview_verifier_key(key) {
            return Effect::None;
        }
        // Esc first closes the provider search; only then does it mean "back".
        if key.code == KeyCode::Esc
            && !(self.step == Step::Provider && self.provider.is_filtering())
        {
            self.back();
            return Effect::None;
        }
        let ctrl_g =
            key.code == KeyCode::Char('g') && key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_g && self.step == Step::Credentials {
            return self.dev_keys_effect();
        }
        let event = match self.step {
            Step::Provider => self.provider.handle_key(key),
            Step::Credentials => self
                .credentials
                .as_mut()
                .map_or(StepEvent::None, |s| s.handle_key(key)),
            Step::Scopes => self
                .scopes
                .as_mut()
                .map_or(StepEvent::None, |s| s.handle_key(key)),
            Step::Deployment => self.deploy.handle_key(key),
            Step::Preview => self
                .preview
                .as_mut()
                .map_or(StepEvent::None, |s| s.handle_key(key)),
            Step::Save => self.save.handle_key(key),
            Step::Done => {
                return match key.code {
                    KeyCode::Enter | KeyCode::Char('q') => Effect::Quit(0),
                    _ => Effect::None,
                };
            }
        };
        match event {
            StepEvent::None => Effect::None,
            StepEvent::Continue => self.advance(),
        }
    }

    fn overlay_key(&mut self, overlay: Overlay, key: KeyEvent) -> Effect {
        let yes = matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'));
        let no = matches!(
            key.code,
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc
        );
        match overlay {
            Overlay::Help => self.overlay = None,
            Overlay::ConfirmQuit if yes => return Effect::Quit(0),
            Overlay::ConfirmOverwrite(_) if yes => {
                self.overlay = None;
                return self.save_effect(true);
            }
            Overlay::ConfirmQuit | Overlay::ConfirmOverwrite(_) if no => self.overlay = None,
            _ => {}
        }
        Effect::None
    }

    fn paste(&mut self, text: &str) {
        if self.verifiers.is_open() {
            self.verifiers.paste(text);
            return;
        }
        match self.step {
            Step::Credentials => {
                if let Some(s) = self.credentials.as_mut() {
                    s.paste(text);
                }
            }
            Step::Scopes => {
                if let Some(s) = self.scopes.as_mut() {
                    s.paste(text);
                }
            }
            Step::Deployment => self.deploy.paste(text),
            Step::Save => self.save.paste(text),
            _ => {}
        }
    }

    /// Esc: one step back, keeping everything entered; on the first step, ask to quit.
    fn back(&mut self) {
        match self.history.pop() {
            Some(previous) if self.step != Step::Done => self.step = previous,
            Some(_) => {}
            None => self.overlay = Some(Overlay::ConfirmQuit),
        }
    }

    fn go(&mut self, next: Step) {
        self.history.push(self.step);
        self.step = next;
    }

    /// Enter on a step: validate what it holds, then move on.
    fn advance(&mut self) -> Effect {
        match self.step {
            Step::Provider => {
                let spec = self.provider.current();
                // Picking the same provider again keeps what was typed.
                if self
                    .credentials
                    .as_ref()
                    .is_none_or(|c| c.provider.type_name != spec.type_name)
                {
                    self.credentials = Some(CredentialsStep::new(spec, &*self.env));
                    self.scopes = Some(ScopesStep::new(spec));
                    self.preview = None;
                    self.verifiers.reset();
                }
                self.go(Step::Credentials);
            }
            Step::Credentials => {
                if self.check_credentials() {
                    match self.verifiers.missing_param(self.provider.current()) {
                        Some(name) => self.verifiers.open(Slot::Param(name)),
                        None => self.go(Step::Scopes),
                    }
                }
            }
            Step::Scopes if self.provider.current().oauth_proxy => {
                // Checked here so a scope problem stays on the scopes screen; a problem on
                // the deployment step is shown there.
                self.deploy.error = None;
                if self.generate(self.save.embed).is_some() || self.deploy.error.is_some() {
                    self.go(Step::Deployment);
                }
            }
            Step::Scopes | Step::Deployment => {
                // Generated as the save will be: a file being edited that embeds a secret
                // keeps it, and the preview must say so rather than show a `${VAR}`.
                if let Some(generated) = self.generate(self.save.embed) {
                    self.preview = Some(PreviewStep::new(generated, &*self.env));
                    self.go(Step::Preview);
                }
            }
            Step::Preview => {
                // Embedding is offered only when there is a typed secret to embed.
                self.save.offer_embed = self.has_typed_secret();
                if self.save.service.value().is_empty() {
                    let name = format!("{}-mcp", self.provider.current().type_name);
                    self.save.propose_service(&name);
                }
                self.go(Step::Save);
            }
            Step::Save => return self.save_effect(false),
            Step::Done => {}
        }
        Effect::None
    }

    /// Ctrl+G on a JWT verifier's credentials: ask the loop for a development key pair in
    /// `<config dir>/keys/<service>`, the service being the one the save step will propose.
    fn dev_keys_effect(&mut self) -> Effect {
        let Some(credentials) = self.credentials.as_mut() else {
            return Effect::None;
        };
        if !credentials.offers_dev_keys() {
            return Effect::None;
        }
        let Some(config_dir) = self.config_dir.as_ref() else {
            credentials.form_error = Some(
                "no config directory is known here, so there is nowhere to keep a key pair \
                 (set XDG_CONFIG_HOME or HOME; example: XDG_CONFIG_HOME=~/.config)"
                    .into(),
            );
            return Effect::None;
        };
        let typed = self.save.service.value().trim();
        let service = if check_service_name(typed).is_ok() {
            typed.to_string()
        } else {
            format!("{}-mcp", self.provider.current().type_name)
        };
        let dir = keys_dir_for(config_dir, &service);
        credentials.form_error = None;
        credentials.notice = Some(format!(
            "preparing a development key pair in {}…",
            dir.display()
        ));
        Effect::DevKeys { dir }
    }

    fn dev_keys_ready(&mut self, result: Result<Box<DevKeysReady>, String>) {
        let Some(credentials) = self.credentials.as_mut() else {
            return;
        };
        match result {
            Ok(ready) => {
                let cleared = credentials.use_dev_key(ready.pair.public_pem());
                let what = match ready.origin {
                    KeyOrigin::Created => "Generated a development key pair",
                    KeyOrigin::Existing => "Using the development key pair already",
                };
                let mut notice = format!(
                    "{what} in {} (kid {}): public_key is its public key, algorithm RS256",
                    ready.dir.display(),
                    ready.pair.kid()
                );
                if cleared {
                    notice.push_str("; the JWKS URL was cleared (FastMCP takes one key source)");
                }
                notice.push_str(". A sample token is shown after saving.");
                credentials.notice = Some(notice);
                self.dev_key = Some(*ready);
            }
            Err(message) => {
                credentials.notice = None;
                credentials.form_error = Some(message);
            }
        }
    }

    /// The done screen's token, when a development key pair was made in this session.
    fn sample_token(&self) -> Option<SampleToken> {
        let dev = self.dev_key.as_ref()?;
        let generated = self.pending.as_ref()?;
        SampleToken::for_config(
            &dev.pair,
            &dev.dir,
            &generated.config.config_params,
            &self.provider.current().scopes.param,
            &*self.env,
            self.clock.clone(),
        )
    }

    fn has_typed_secret(&self) -> bool {
        self.credentials.as_ref().is_some_and(|c| {
            c.provider_config()
                .config
                .values()
                .any(|v| matches!(v, crate::core::ParamValue::Secret(_)))
        })
    }

    /// Every field checked alone, then the whole provider through the core (rules such as
    /// "one of jwks_uri or public_key"), with problems shown next to their fields.
    fn check_credentials(&mut self) -> bool {
        let Some(credentials) = self.credentials.as_mut() else {
            return false;
        };
        credentials.form_error = None;
        if !credentials.check_all() {
            return false;
        }
        // Scopes are chosen on the next screen: a scope problem is not the form's. The
        // verifiers chosen so far go along; one still to choose is asked for next.
        let spec = self.provider.current();
        let mut config = credentials.provider_config();
        self.verifiers.apply(spec, &mut config);
        config.also_accept.clear();
        match generate_with_warnings(&config) {
            Err(AuthError::MissingField { field, .. }) if spec.verifier_field(&field).is_some() => {
                true
            }
            Err(err) if !is_scope_problem(&err) => {
                credentials.show_error(&err);
                false
            }
            _ => true,
        }
    }

    /// The config from the form and the chosen scopes. A problem in a credential sends the
    /// user back to that field; a scope problem stays on the scopes screen.
    fn generate(&mut self, embed: bool) -> Option<Generated> {
        let credentials = self.credentials.as_mut()?;
        let scopes = self.scopes.as_mut()?;
        let mut config = credentials.provider_config();
        config.required_scopes = scopes.checked();
        config.embed_secrets = embed;
        let spec = Catalog::builtin()
            .get_or_err(config.provider_type.as_str())
            .ok()?;
        self.verifiers.apply(spec, &mut config);
        let deployment = if spec.oauth_proxy {
            match self.deploy.client_redirect_uris() {
                Ok(uris) => config.set(CLIENT_REDIRECTS_FIELD, ParamValue::list(uris)),
                Err(e) => {
                    self.deploy.error = Some(e);
                    return None;
                }
            }
            match self.deploy.deployment() {
                Ok(d) => d,
                Err(e) => {
                    self.deploy.error = Some(e);
                    return None;
                }
            }
        } else {
            None
        };
        if deployment.as_ref().is_some_and(Deployment::is_shared)
            && !config.config.contains_key("jwt_signing_key")
        {
            // Replicas need one signing key: the documented variable unless one was given.
            let var = crate::core::EnvVarName::parse(DEFAULT_SIGNING_VAR).ok()?;
            config.set("jwt_signing_key", var);
        }
        let generated = generate_with_warnings(&config).and_then(|mut generated| {
            attach(spec, &mut generated.config, deployment)?;
            Ok(generated)
        });
        match generated {
            Ok(mut generated) => {
                generated.config.extra = self.extra.clone();
                let service = self.save.service.value().trim();
                if !service.is_empty() {
                    generated.config.service = Some(service.to_string());
                }
                Some(generated)
            }
            Err(err @ (AuthError::InvalidScope { .. } | AuthError::Conflict { .. }))
                if self.step == Step::Scopes && is_scope_problem(&err) =>
            {
                scopes.error = Some(err.to_string());
                None
            }
            Err(err) => {
                credentials.show_error(&err);
                self.history = vec![Step::Provider];
                self.step = Step::Credentials;
                None
            }
        }
    }

    fn save_effect(&mut self, overwrite: bool) -> Effect {
        let Some((_, path)) = self.save.target() else {
            return Effect::None;
        };
        let Some(generated) = self.generate(self.save.embed) else {
            return Effect::None;
        };
        let rendered = match self.save.format {
            Format::Env if self.save.embed => render_env(&generated.config, Some(&*self.env)),
            format => render(&generated.config, format, SecretDisplay::Plain),
        };
        let contents = match rendered {
            Ok(text) => text,
            Err(err) => {
                self.save.error = Some(err.to_string());
                return Effect::None;
            }
        };
        self.pending = Some(generated);
        Effect::Save {
            path,
            contents: Zeroizing::new(contents.into_bytes()),
            overwrite,
        }
    }

    fn saved(&mut self, result: Result<SaveOutcome, SaveFailure>) -> Effect {
        match result {
            Ok(outcome) => {
                let path = self.save.target().map(|(_, p)| p).unwrap_or_default();
                let vars = self
                    .pending
                    .as_ref()
                    .map(|g| {
                        referenced_vars(&g.config)
                            .into_iter()
                            .map(|(v, _)| v.to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                self.done = Some(DoneStep {
                    path,
                    backup: match outcome {
                        SaveOutcome::Replaced { backup } => Some(backup),
                        SaveOutcome::Created => None,
                    },
                    format: self.save.format,
                    vars,
                    sample_token: self.sample_token(),
                });
                self.go(Step::Done);
            }
            Err(SaveFailure::Exists) => {
                let path = self.save.target().map(|(_, p)| p).unwrap_or_default();
                self.overlay = Some(Overlay::ConfirmOverwrite(path));
            }
            Err(SaveFailure::Other(message)) => self.save.error = Some(message),
        }
        Effect::None
    }

    /// Keys that work on the current screen, for the footer and the help.
    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match &self.overlay {
            Some(Overlay::Help) => return vec![("any key", "close help")],
            Some(_) => return vec![("y", "yes"), ("n/Esc", "no")],
            None => {}
        }
        if self.verifiers.is_open() {
            let mut keys = self.verifiers.keys();
            keys.push(("^C", "quit"));
            return keys;
        }
        let mut keys = match self.step {
            Step::Provider => self.provider.keys().to_vec(),
            Step::Credentials => self
                .credentials
                .as_ref()
                .map(CredentialsStep::keys)
                .unwrap_or_default(),
            Step::Scopes => self
                .scopes
                .as_ref()
                .map(ScopesStep::keys)
                .unwrap_or_default(),
            Step::Deployment => self.deploy.keys(),
            Step::Preview => {
                let mut keys = self
                    .preview
                    .as_ref()
                    .map(|p| p.keys().to_vec())
                    .unwrap_or_default();
                // `a` (another way in) is in the help: the footer has no room for it.
                if !self.verifiers.extras.is_empty() {
                    keys.push(("d", "drop last"));
                }
                keys
            }
            Step::Save => self.save.keys(),
            Step::Done => self
                .done
                .as_ref()
                .map(|d| d.keys().to_vec())
                .unwrap_or_default(),
        };
        keys.push(("^C", "quit"));
        keys
    }
}

impl Wizard {
    /// A key while the verifier sub-screen is open: Esc steps back inside it; a verifier
    /// chosen for the provider leads on to the scopes, one added on the preview refreshes it.
    fn verifiers_key(&mut self, key: KeyEvent) -> Effect {
        if key.code == KeyCode::Esc {
            self.verifiers.back();
            return Effect::None;
        }
        if self.verifiers.handle_key(key, &*self.env) == StepEvent::Continue {
            match self.step {
                Step::Credentials => self.go(Step::Scopes),
                Step::Preview => self.refresh_preview(),
                _ => {}
            }
        }
        Effect::None
    }

    /// `a` on the preview adds another way to authenticate, `d` drops the last one added;
    /// whether the key was one of them.
    fn preview_verifier_key(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Char('a') => self.verifiers.open(Slot::Extra),
            KeyCode::Char('d') if self.verifiers.drop_last_extra() => self.refresh_preview(),
            _ => return false,
        }
        true
    }

    /// The preview generated again. The config was valid before the verifiers changed, so
    /// a problem now is the last addition's (two verifiers FastMCP cannot tell apart): it
    /// is undone and the problem shown on the preview.
    fn refresh_preview(&mut self) {
        if let (Some(credentials), Some(scopes)) = (&self.credentials, &self.scopes) {
            let mut probe = credentials.provider_config();
            probe.required_scopes = scopes.checked();
            self.verifiers.apply(self.provider.current(), &mut probe);
            if let Err(err) = generate_with_warnings(&probe) {
                self.verifiers.extras.pop();
                if let Some(preview) = self.preview.as_mut() {
                    preview.warnings.insert(0, format!("not added: {err}"));
                }
                return;
            }
        }
        if let Some(generated) = self.generate(self.save.embed) {
            self.preview = Some(PreviewStep::new(generated, &*self.env));
        }
    }
}

/// Errors about the scope list (rather than a credential).
fn is_scope_problem(err: &AuthError) -> bool {
    match err {
        AuthError::InvalidScope { .. } => true,
        AuthError::Conflict { problem, .. } => problem.contains("scope"),
        _ => false,
    }
}
