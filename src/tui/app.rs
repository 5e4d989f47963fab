//! The wizard's state and its one `update` function (The Elm Architecture): every change
//! of state happens here, from a `Msg`, and I/O is handed back to the loop as an `Effect`.
//! No terminal is needed, so every transition is unit-testable.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::KeyEvent;
use serde_json::Value;
use zeroize::Zeroizing;

use super::hints;
use super::jobs::{FileToWrite, Written};
use super::keymap::{self, Action, Binding, Screen};
use super::save_plan::{self, FileKind, PlanProblem, SavePlan, SecretsTo};
use super::steps::StepEvent;
use super::steps::credentials::CredentialsStep;
use super::steps::deployment::DeploymentStep;
use super::steps::done::{DoneStep, SampleToken};
use super::steps::preview::PreviewStep;
use super::steps::provider::ProviderStep;
use super::steps::review::{ReviewLine, ReviewRow, ReviewStep};
use super::steps::save::{SaveFocus, SaveStep};
use super::steps::scopes::ScopesStep;
use super::steps::verifiers::{Slot, VerifiersStep};
use super::summary::summary;
use super::theme::Theme;
use crate::core::catalog::CLIENT_REDIRECTS_FIELD;
use crate::core::compat::default_target;
use crate::core::load::LoadedConfig;
use crate::core::{
    AuthError, Catalog, Clock, FastmcpVersion, Generated, ParamValue, Secret, SystemClock,
    generate_with_warnings,
};
use crate::devkeys::{DevKeyPair, KeyOrigin, keys_dir_for};
use crate::export::referenced_vars;
use crate::persist::check_service_name;

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
    /// `--edit` opens here: every value of the file, each a jump to the step changing it.
    Review,
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
            Step::Review => "Review",
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
    /// What saving did to each file (in the order written), or why it stopped.
    Saved(Result<Vec<(PathBuf, Written)>, SaveFailure>),
    /// The development key pair the loop made or found (or why it could not).
    DevKeys(Result<Box<DevKeysReady>, String>),
    /// The file asked for with `Effect::LoadFile` was read (its text, which may be a
    /// secret: `Debug` shows `<redacted>`) or not (why).
    FileLoaded {
        path: PathBuf,
        result: Result<Secret, String>,
    },
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
    /// This file exists and overwriting was not confirmed yet.
    Exists(PathBuf),
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
    /// Write `files` in order through the shared save routine (`jobs::save_files`, on a
    /// worker); the result comes back as `Msg::Saved`.
    Save {
        files: Vec<FileToWrite>,
        overwrite: bool,
    },
    /// Use the development key pair in `dir`, generating it if there is none
    /// (`devkeys::load_or_create`); the result comes back as `Msg::DevKeys`.
    DevKeys {
        dir: PathBuf,
    },
    /// Read the text file at `path` (bounded, as `--set-file` reads) into the field whose
    /// "load from file" prompt asked; the result comes back as `Msg::FileLoaded`.
    LoadFile {
        path: PathBuf,
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

/// Work a worker thread is doing for the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Making (or finding) the development key pair.
    DevKeys,
    /// Writing the files.
    Saving,
}

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
    /// The file being edited (`--edit`), for the review screen.
    pub review: Option<ReviewStep>,
    pub overlay: Option<Overlay>,
    pub size: (u16, u16),
    /// The files of the save under way.
    pending: Option<SavePlan>,
    /// The worker's job under way, if any: the wizard keeps answering keys meanwhile.
    pub job: Option<Job>,
    /// Each provider's form and scopes as last left, for coming back to it.
    drafts: HashMap<String, (CredentialsStep, ScopesStep)>,
    /// Keys of an edited file this tool does not know; written back unchanged.
    pub(crate) extra: serde_json::Map<String, serde_json::Value>,
    /// Where OAuth state is kept (prefilled from an edited file's `deployment` section).
    pub deploy: DeploymentStep,
    /// The directory configs are saved in; development key pairs go in its `keys/`.
    config_dir: Option<PathBuf>,
    /// The development key pair made (or found) in this session, for the sample token.
    dev_key: Option<DevKeysReady>,
    /// The sample token's `iat`/`exp` come from here (tests fix it).
    pub clock: Arc<dyn Clock>,
    /// The FastMCP release the config is generated for (`f` on the preview changes it).
    pub target: FastmcpVersion,
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
            review: None,
            overlay: None,
            size: (80, 24),
            pending: None,
            job: None,
            drafts: HashMap::new(),
            extra: serde_json::Map::new(),
            deploy: DeploymentStep::default(),
            dev_key: None,
            clock: Arc::new(SystemClock),
            target: default_target(),
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
        if config.embed_secrets {
            self.save.secrets_to = SecretsTo::Embed;
        }
        if let Some(target) = config.fastmcp_version {
            self.target = target;
        }
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
        self.review = Some(ReviewStep::new(path.to_path_buf()));
        self.step = Step::Review;
        self
    }

    /// Text is being typed on the current screen, so printable keys are characters.
    pub fn is_typing(&self) -> bool {
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
            Msg::FileLoaded { path, result } => {
                if let Some(c) = self.form_mut() {
                    c.file_loaded(
                        &path,
                        result.as_ref().map(Secret::expose).map_err(Clone::clone),
                    );
                }
                Effect::None
            }
        }
    }

    /// The form being filled in: a verifier's over the step when one is open, else the
    /// provider's.
    fn form(&self) -> Option<&CredentialsStep> {
        self.verifiers.form().or(self.credentials.as_ref())
    }

    fn form_mut(&mut self) -> Option<&mut CredentialsStep> {
        if self.verifiers.form().is_some() {
            return self.verifiers.form_mut();
        }
        self.credentials.as_mut()
    }

    /// Where keys go now: the dialog on top, or the step's screen.
    pub fn screen(&self) -> Screen {
        match &self.overlay {
            Some(Overlay::Help) => Screen::Help,
            Some(_) => Screen::Confirm,
            None => self.step_screen(),
        }
    }

    /// The step's screen (the provider list or its search, a step), under any dialog.
    pub fn step_screen(&self) -> Screen {
        if self.verifiers.is_picking() {
            return Screen::VerifierPick;
        }
        match self.step {
            // A verifier's form takes the Credentials keys.
            _ if self.verifiers.is_open() => Screen::Credentials,
            Step::Provider if self.provider.is_filtering() => Screen::ProviderSearch,
            Step::Provider => Screen::Provider,
            Step::Credentials => Screen::Credentials,
            Step::Scopes => Screen::Scopes,
            Step::Deployment => Screen::Deployment,
            Step::Preview => Screen::Preview,
            Step::Save => Screen::Save,
            Step::Done => Screen::Done,
            Step::Review => Screen::Review,
        }
    }

    /// `action` applies to `screen` in the wizard's current state (a choice is focused,
    /// the provider takes extra rows, …). Only offered actions are shown and handled.
    fn offers_on(&self, screen: Screen, action: Action) -> bool {
        match (screen, action) {
            (Screen::Credentials, _) => {
                let Some(c) = self.form() else {
                    return false;
                };
                let field = c.focused_form_field();
                match action {
                    Action::Left | Action::Right => field.is_some_and(|f| f.is_choice()),
                    Action::Reveal => field.is_some_and(|f| f.secret),
                    Action::SwitchSource => field.is_some(),
                    Action::AddRow => c.provider.custom,
                    Action::RemoveRow => c.provider.custom && c.focus >= c.fields.len(),
                    // The key pair goes to the provider's own form.
                    Action::DevKeys => c.offers_dev_keys() && !self.verifiers.is_open(),
                    Action::LoadFile => field.is_some_and(|f| !f.is_choice()),
                    Action::AppendWellKnown => field.is_some_and(|f| f.discovery_offer().is_some()),
                    Action::ToggleAdvanced => c.has_advanced(),
                    // The file prompt takes Enter and Esc itself.
                    Action::Back => !c.is_prompting(),
                    _ => true,
                }
            }
            (Screen::Scopes, Action::Toggle) => {
                self.scopes.as_ref().is_some_and(|s| !s.on_add_row())
            }
            (Screen::Scopes, Action::AddScope) => self
                .scopes
                .as_ref()
                .is_some_and(|s| s.on_add_row() && !s.add.value().trim().is_empty()),
            (Screen::Preview, Action::DropWayIn) => !self.verifiers.extras.is_empty(),
            (Screen::Deployment, Action::Left | Action::Right) => self.deploy.focus == 0,
            (Screen::Deployment, Action::Toggle) => self.deploy.focus == 0,
            (Screen::Deployment, Action::Tick) => self.deploy.focused_client().is_some(),
            (Screen::Save, Action::Left | Action::Right) => self.save.focus == SaveFocus::Secrets,
            (Screen::Save, Action::Toggle) => matches!(
                self.save.focus,
                SaveFocus::Secrets | SaveFocus::EnvFile | SaveFocus::Server
            ),
            _ => true,
        }
    }

    fn key(&mut self, key: KeyEvent) -> Effect {
        // The files are being written: nothing may change under the save. Ctrl+C and Ctrl+Z
        // still answer at once.
        let saving = self.job == Some(Job::Saving);
        let screen = self.screen();
        // A dialog takes its keys itself, even over a field being typed in.
        let typing = self.typing();
        let action = screen.resolve(&key, typing, |a| self.offers_on(screen, a));
        match (screen, action) {
            (_, Some(Action::Interrupt)) => Effect::Quit(EXIT_INTERRUPTED),
            // Raw mode turns Ctrl+Z into a key: suspend as the shell would have (as vim does).
            (_, Some(Action::Suspend)) => Effect::Suspend,
            (Screen::Help, _) => {
                self.overlay = None;
                Effect::None
            }
            (Screen::Confirm, Some(Action::Yes)) => match self.overlay.take() {
                Some(Overlay::ConfirmOverwrite(_)) => self.save_effect(true),
                _ => Effect::Quit(0),
            },
            (Screen::Confirm, Some(Action::No)) => {
                self.overlay = None;
                Effect::None
            }
            (Screen::Confirm, _) => Effect::None,
            _ if saving => Effect::None,
            (_, None) if !typing => Effect::None,
            (_, Some(Action::Help)) => {
                self.overlay = Some(Overlay::Help);
                Effect::None
            }
            (Screen::Done, Some(Action::Quit)) => Effect::Quit(0),
            (_, Some(Action::Quit)) => {
                self.overlay = Some(Overlay::ConfirmQuit);
                Effect::None
            }
            // Esc in the verifier sub-screen steps back inside it.
            (_, Some(Action::Back)) if self.verifiers.is_open() => {
                self.verifiers.back();
                Effect::None
            }
            (_, Some(Action::Back)) => {
                self.back();
                Effect::None
            }
            // One key pair at a time: the first one's result is on its way.
            (_, Some(Action::DevKeys)) if self.job == Some(Job::DevKeys) => Effect::None,
            (_, Some(Action::DevKeys)) => self.dev_keys_effect(),
            (Screen::Preview, Some(Action::NextRelease)) => {
                self.next_target();
                Effect::None
            }
            (Screen::Preview, Some(Action::AddWayIn)) => {
                self.verifiers.open(Slot::Extra);
                Effect::None
            }
            (Screen::Preview, Some(Action::DropWayIn)) => {
                if self.verifiers.drop_last_extra() {
                    self.refresh_preview();
                }
                Effect::None
            }
            // A step action reaches the step as its key; an unlisted key edits the text.
            (_, action) => self.step_key(action.map_or(key, Action::key)),
        }
    }

    /// A key for the verifier sub-screen: a verifier chosen for the provider leads on to
    /// the scopes, one added on the preview shows in it.
    fn verifiers_key(&mut self, key: KeyEvent) -> Effect {
        match self.verifiers.handle_key(key, &*self.env) {
            StepEvent::Continue => {
                match self.step {
                    Step::Credentials => self.go(Step::Scopes),
                    Step::Preview => self.show_added_way_in(),
                    _ => {}
                }
                Effect::None
            }
            StepEvent::LoadFile(path) => Effect::LoadFile { path },
            StepEvent::None => Effect::None,
        }
    }

    /// The preview again after a way in was added. The config was valid before, so a
    /// problem now is the addition's (a release without MultiAuth, two verifiers FastMCP
    /// cannot tell apart): it is undone and the problem shown on the preview.
    fn show_added_way_in(&mut self) {
        if let (Some(credentials), Some(scopes)) = (&self.credentials, &self.scopes) {
            let mut probe = credentials.provider_config();
            probe.required_scopes = scopes.checked();
            probe.fastmcp_version = Some(self.target);
            self.verifiers.apply(self.provider.current(), &mut probe);
            if let Err(err) = generate_with_warnings(&probe) {
                self.verifiers.extras.pop();
                if let Some(preview) = self.preview.as_mut() {
                    preview.warnings.insert(0, format!("not added: {err}"));
                }
                return;
            }
        }
        self.refresh_preview();
    }

    fn step_key(&mut self, key: KeyEvent) -> Effect {
        if self.verifiers.is_open() {
            return self.verifiers_key(key);
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
            Step::Done => StepEvent::None,
            Step::Review => {
                let count = self.review_lines().len();
                self.review
                    .as_mut()
                    .map_or(StepEvent::None, |r| r.handle_key(key, count))
            }
        };
        let effect = match event {
            StepEvent::None => Effect::None,
            StepEvent::Continue => self.advance(),
            StepEvent::LoadFile(path) => Effect::LoadFile { path },
        };
        if self.step == Step::Save {
            self.refresh_secret_notes();
        }
        effect
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
            Some(previous) if self.step != Step::Done => {
                self.step = previous;
                // The save step's choices (service name, secrets) change the files.
                if previous == Step::Preview {
                    self.refresh_preview();
                }
            }
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
                    self.switch_provider(spec);
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
                if self.generate(true).is_some() || self.deploy.error.is_some() {
                    self.go(Step::Deployment);
                }
            }
            Step::Scopes | Step::Deployment => {
                // The service is named before the preview, so the files it shows are the
                // ones the save writes (the server's name is in them).
                if self.save.service.value().is_empty() {
                    let name = save_plan::proposed_service(self);
                    self.save.propose_service(&name);
                }
                if self.refresh_preview() {
                    self.go(Step::Preview);
                }
            }
            // Nothing to save until the config fits the chosen release.
            Step::Preview if self.preview.as_ref().is_some_and(|p| p.refusal.is_some()) => {}
            Step::Preview => {
                self.save.focus = SaveFocus::Service;
                self.go(Step::Save);
                self.refresh_secret_notes();
            }
            Step::Save => return self.save_effect(false),
            Step::Done => {}
            Step::Review => self.open_review_row(),
        }
        Effect::None
    }

    /// `f` on the preview: the next older FastMCP release the catalog knows (after the
    /// oldest, the newest again), and the preview generated for it, or why it cannot be.
    fn next_target(&mut self) {
        let mut releases = Catalog::builtin().fastmcp_versions.clone();
        releases.sort_unstable_by(|a, b| b.cmp(a));
        let next = releases
            .iter()
            .copied()
            .find(|r| *r < self.target)
            .or(releases.first().copied());
        let Some(next) = next else {
            return;
        };
        self.target = next;
        let tab = self.preview.as_ref().map_or(0, |p| p.tab);
        self.refresh_preview();
        if let Some(preview) = self.preview.as_mut() {
            preview.tab = tab;
        }
    }

    /// The review's rows: the provider, each credential, the scopes, the deployment (for
    /// OAuth proxies), the service, and "save".
    pub fn review_lines(&self) -> Vec<ReviewLine> {
        let line = |row, label: &str, value: String| ReviewLine {
            row,
            label: label.to_string(),
            value,
        };
        let spec = self.provider.current();
        let mut lines = vec![line(
            ReviewRow::Provider,
            "Provider",
            format!("{} ({})", spec.type_name, spec.title),
        )];
        if let Some(credentials) = &self.credentials {
            for (i, field) in credentials.fields.iter().enumerate() {
                let value = field.shown(false, usize::MAX / 2, &*self.env).text;
                // Advanced settings the file leaves at FastMCP's defaults stay in the fold.
                if field.spec.advanced && value.trim().is_empty() {
                    continue;
                }
                lines.push(line(ReviewRow::Field(i), &field.spec.name, value));
            }
        }
        if let Some(scopes) = &self.scopes {
            lines.push(line(
                ReviewRow::Scopes,
                "Scopes",
                scopes.checked().join(" "),
            ));
        }
        if spec.oauth_proxy {
            let value = match self.deploy.deployment() {
                Ok(Some(d)) if d.is_shared() => "several instances sharing a Redis",
                Ok(_) => "one instance",
                Err(_) => "needs attention",
            };
            lines.push(line(ReviewRow::Deployment, "Deploy", value.to_string()));
        }
        lines.push(line(
            ReviewRow::Service,
            "Service name",
            self.save.service.value().to_string(),
        ));
        lines.push(line(
            ReviewRow::Save,
            "Save…",
            "show the files, then save".to_string(),
        ));
        lines
    }

    /// Enter on the review: open the step that changes the selected row (Esc there comes
    /// back here).
    fn open_review_row(&mut self) {
        let selected = self.review.as_ref().map_or(0, |r| r.selected);
        let Some(row) = self.review_lines().get(selected).map(|l| l.row) else {
            return;
        };
        let target = match row {
            ReviewRow::Provider => Step::Provider,
            ReviewRow::Field(i) => {
                if let Some(credentials) = self.credentials.as_mut() {
                    credentials.focus = i;
                }
                Step::Credentials
            }
            ReviewRow::Scopes => Step::Scopes,
            ReviewRow::Deployment => Step::Deployment,
            ReviewRow::Service => {
                self.save.focus = SaveFocus::Service;
                // The save step's service name comes after the preview.
                if !self.refresh_preview() {
                    return;
                }
                Step::Save
            }
            ReviewRow::Save => {
                if !self.refresh_preview() {
                    return;
                }
                Step::Preview
            }
        };
        if self.step == Step::Review {
            self.go(target);
        }
    }

    /// Another provider was picked: the current form is kept as that provider's draft,
    /// and the new one comes back as it was left, or fresh with the shared settings carried
    /// over (base URL, redirect path, issuer…).
    fn switch_provider(&mut self, spec: &'static crate::core::catalog::ProviderSpec) {
        let old = match (self.credentials.take(), self.scopes.take()) {
            (Some(c), Some(s)) => Some((c, s)),
            _ => None,
        };
        let (credentials, scopes) = match self.drafts.remove(&spec.type_name) {
            Some(draft) => draft,
            None => {
                let mut credentials = CredentialsStep::new(spec, &*self.env);
                if let Some((previous, _)) = &old {
                    credentials.carry_shared(previous);
                }
                (credentials, ScopesStep::new(spec))
            }
        };
        if let Some((c, s)) = old {
            self.drafts.insert(c.provider.type_name.clone(), (c, s));
        }
        self.credentials = Some(credentials);
        self.scopes = Some(scopes);
        self.preview = None;
        self.verifiers.reset();
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
        self.job = Some(Job::DevKeys);
        Effect::DevKeys { dir }
    }

    fn dev_keys_ready(&mut self, result: Result<Box<DevKeysReady>, String>) {
        self.job = None;
        // The operator may have picked another provider while the key was made.
        let Some(credentials) = self.credentials.as_mut().filter(|c| c.offers_dev_keys()) else {
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
        let plan = self.pending.as_ref()?;
        SampleToken::for_config(
            &dev.pair,
            &dev.dir,
            &plan.config.config_params,
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
            Err(err) if !hints::is_scope_problem(&err) => {
                credentials.show_error(&err);
                false
            }
            _ => true,
        }
    }

    /// The config from the form and the chosen scopes. A problem in a credential sends the
    /// user back to that field; a scope problem stays on the scopes screen.
    fn generate(&mut self, embed: bool) -> Option<Generated> {
        self.scopes.as_ref()?;
        let err = match save_plan::generate(self, embed) {
            Ok(generated) => return Some(generated),
            Err(PlanProblem::NoForm) => return None,
            Err(PlanProblem::Deployment(e)) => {
                self.deploy.error = Some(e);
                return None;
            }
            Err(PlanProblem::Config(err)) => err,
        };
        let credentials = self.credentials.as_mut()?;
        let scopes = self.scopes.as_mut()?;
        match err {
            // A release the config does not fit: said on the preview, where it was chosen.
            err @ AuthError::NotInFastmcpVersion { .. } if self.step == Step::Preview => {
                self.preview = Some(PreviewStep::refused(self.target, &err));
                None
            }
            err if self.step == Step::Scopes && hints::is_scope_problem(&err) => {
                scopes.error = Some(hints::error_message(&err));
                None
            }
            err => {
                credentials.show_error(&err);
                self.history = vec![Step::Provider];
                self.step = Step::Credentials;
                None
            }
        }
    }

    /// Every file of the save, as the save step's choices make them.
    fn plan(&mut self, json_path: &std::path::Path) -> Option<SavePlan> {
        self.save.has_typed_secret = self.has_typed_secret();
        // Generated with typed secrets kept as values: the plan puts them where the
        // operator chose (a file being edited that embeds a secret keeps it).
        let generated = self.generate(true)?;
        Some(SavePlan::new(
            generated.config,
            save_plan::secrets_to(self),
            json_path,
        ))
    }

    /// Rebuilds the preview from the current choices; false when the config has a problem
    /// (shown where it belongs).
    fn refresh_preview(&mut self) -> bool {
        let path = PathBuf::from(self.save.path.value().trim());
        let Some(generated) = self.generate(true) else {
            return false;
        };
        let warnings = generated.warnings.iter().map(hints::warning_line).collect();
        self.save.has_typed_secret = self.has_typed_secret();
        let plan = SavePlan::new(generated.config, save_plan::secrets_to(self), &path);
        let tab = self.preview.as_ref().map_or(0, |p| p.tab);
        let mut preview = PreviewStep::new(&plan, warnings, &*self.env);
        preview.tab = tab;
        self.preview = Some(preview);
        true
    }

    /// What the operator should know about each typed secret whose variable this shell
    /// also sets: whether the values differ (never what they are), and which one is saved.
    fn refresh_secret_notes(&mut self) {
        let to = self.save.effective_secrets_to();
        let mut notes = Vec::new();
        if let Some(credentials) = &self.credentials {
            let config = credentials.provider_config();
            for (param, value) in &config.config {
                let ParamValue::Secret(typed) = value else {
                    continue;
                };
                let Some(var) =
                    crate::tui::save_plan::variable_for(Some(config.provider_type.as_str()), param)
                else {
                    continue;
                };
                let var = var.as_str();
                let current = (self.env)(var).map(Zeroizing::new);
                let differs = current.as_deref().map(|c| c.as_str() != typed.expose());
                let note = match (differs, to) {
                    (Some(true), SecretsTo::EnvFile) => format!(
                        "{param}: what you typed differs from ${var} in this shell (neither is \
                         shown); the .env file gets what you typed, but where ${var} is already \
                         set it wins over the .env file"
                    ),
                    (Some(true), SecretsTo::Embed) => format!(
                        "{param}: what you typed differs from ${var} in this shell (neither is \
                         shown); the config embeds what you typed"
                    ),
                    (Some(true), SecretsTo::Variable) => format!(
                        "{param}: what you typed differs from ${var} in this shell (neither is \
                         shown) and is not saved: the config uses ${var}"
                    ),
                    (None, SecretsTo::Variable) => format!(
                        "{param}: what you typed is not saved: the config uses ${var}, which is \
                         not set in this shell"
                    ),
                    _ => continue,
                };
                notes.push(note);
            }
        }
        self.save.notes = notes;
    }

    fn save_effect(&mut self, overwrite: bool) -> Effect {
        if self.job.is_some() {
            self.save.error =
                Some("wait a moment: the development key pair is being prepared".into());
            return Effect::None;
        }
        let Some((_, path)) = self.save.target() else {
            return Effect::None;
        };
        let Some(plan) = self.plan(&path) else {
            return Effect::None;
        };
        let mut files = Vec::new();
        for kind in self.save.kinds() {
            let file = plan.file(kind);
            match &file.contents {
                Ok(text) => files.push(FileToWrite {
                    path: file.path.clone(),
                    contents: Zeroizing::new(text.as_bytes().to_vec()),
                }),
                Err(message) => {
                    self.save.error = Some(format!(
                        "the {} file cannot be written: {message}",
                        kind.what()
                    ));
                    return Effect::None;
                }
            }
        }
        self.pending = Some(plan);
        self.job = Some(Job::Saving);
        self.save.saving = true;
        Effect::Save { files, overwrite }
    }

    fn saved(&mut self, result: Result<Vec<(PathBuf, Written)>, SaveFailure>) -> Effect {
        self.job = None;
        self.save.saving = false;
        match result {
            Ok(written) => {
                let Some(plan) = self.pending.as_ref() else {
                    return Effect::None;
                };
                let files: Vec<(FileKind, PathBuf, Written)> = written
                    .into_iter()
                    .map(|(path, outcome)| {
                        let kind = plan
                            .files
                            .iter()
                            .find(|f| f.path == path)
                            .map_or(FileKind::Config, |f| f.kind);
                        (kind, path, outcome)
                    })
                    .collect();
                let vars = referenced_vars(&plan.config)
                    .into_iter()
                    .map(|(v, _)| v.to_string())
                    .collect();
                let sample_token = self.sample_token();
                let lines = self
                    .pending
                    .as_ref()
                    .map(|plan| summary(&files, &plan.config, sample_token.as_ref()))
                    .unwrap_or_default();
                self.done = Some(DoneStep {
                    files,
                    vars,
                    summary: lines,
                    sample_token,
                });
                self.go(Step::Done);
            }
            Err(SaveFailure::Exists(path)) => {
                self.overlay = Some(Overlay::ConfirmOverwrite(path));
            }
            Err(SaveFailure::Other(message)) => self.save.error = Some(message),
        }
        Effect::None
    }

    /// The bindings that apply now, in table order; the footer shows those marked for it.
    pub fn bindings(&self) -> Vec<&'static Binding> {
        let screen = self.screen();
        screen
            .all()
            .filter(|b| self.offers_on(screen, b.action))
            .collect()
    }

    /// The footer's entries: the keys as shown, and what they do.
    pub fn keys(&self) -> Vec<(String, &'static str)> {
        keymap::footer(&self.bindings(), self.typing())
    }

    /// Keys that are characters are text now (no dialog is open and a field is typed in).
    pub fn typing(&self) -> bool {
        self.overlay.is_none() && self.is_typing()
    }

    /// The bindings of the step's screen (under any dialog), for the help.
    pub fn step_bindings(&self) -> Vec<&'static Binding> {
        let screen = self.step_screen();
        screen
            .all()
            .filter(|b| self.offers_on(screen, b.action))
            .collect()
    }
}
