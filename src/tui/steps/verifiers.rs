//! Other ways in: the token verifier a provider such as `OAuthProxy` takes, and extra
//! verifiers accepted besides the provider (FastMCP's `MultiAuth`: people sign in with
//! OAuth, machines present JWTs). A sub-screen over the current step: a list of verifier
//! types, then the credentials form of the chosen type.

use crossterm::event::{KeyCode, KeyEvent};
use indexmap::IndexMap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::StepEvent;
use super::credentials::CredentialsStep;
use super::wrap_text;
use crate::core::{AuthProviderConfig, Catalog, ProviderSpec, generate_with_warnings};
use crate::tui::theme::Theme;
use crate::tui::view::render_lines;

/// Where the verifier being chosen goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// A provider parameter that takes a verifier (`token_verifier`).
    Param(String),
    /// One more verifier accepted besides the provider.
    Extra,
}

enum Stage {
    Pick { selected: usize },
    Form(Box<CredentialsStep>),
}

struct Editing {
    slot: Slot,
    stage: Stage,
}

/// The verifiers chosen so far, and the sub-screen when it is open.
#[derive(Default)]
pub struct VerifiersStep {
    /// Token verifiers by parameter name.
    pub params: IndexMap<String, AuthProviderConfig>,
    /// Extra verifiers, in order.
    pub extras: Vec<AuthProviderConfig>,
    editing: Option<Editing>,
}

fn verifier_types() -> Vec<&'static ProviderSpec> {
    Catalog::builtin().verifier_specs().collect()
}

impl VerifiersStep {
    /// Takes the verifiers of a loaded config.
    pub fn load(&mut self, config: &AuthProviderConfig) {
        self.params = config.verifier_params.clone();
        self.extras = config.also_accept.clone();
    }

    /// Forgets everything (another provider was picked).
    pub fn reset(&mut self) {
        *self = VerifiersStep::default();
    }

    /// Opens the type list for `slot`.
    pub fn open(&mut self, slot: Slot) {
        self.editing = Some(Editing {
            slot,
            stage: Stage::Pick { selected: 0 },
        });
    }

    pub fn is_open(&self) -> bool {
        self.editing.is_some()
    }

    /// The type list is shown (rather than a verifier's form).
    pub fn is_picking(&self) -> bool {
        matches!(
            self.editing,
            Some(Editing {
                stage: Stage::Pick { .. },
                ..
            })
        )
    }

    /// The chosen verifier's form, while it is shown.
    pub fn form(&self) -> Option<&CredentialsStep> {
        match &self.editing {
            Some(Editing {
                stage: Stage::Form(form),
                ..
            }) => Some(form),
            _ => None,
        }
    }

    /// The chosen verifier's form, while it is shown, to change.
    pub fn form_mut(&mut self) -> Option<&mut CredentialsStep> {
        match &mut self.editing {
            Some(Editing {
                stage: Stage::Form(form),
                ..
            }) => Some(form),
            _ => None,
        }
    }

    /// Text is typed into the form.
    pub fn is_typing(&self) -> bool {
        matches!(
            self.editing,
            Some(Editing {
                stage: Stage::Form(_),
                ..
            })
        )
    }

    /// The first parameter of `spec` that needs a verifier and has none yet.
    pub fn missing_param(&self, spec: &ProviderSpec) -> Option<String> {
        spec.verifier_fields
            .iter()
            .find(|f| f.required && !self.params.contains_key(&f.name))
            .map(|f| f.name.clone())
    }

    /// Puts the chosen verifiers into `config` (only the parameters `spec` has).
    pub fn apply(&self, spec: &ProviderSpec, config: &mut AuthProviderConfig) {
        config.verifier_params = self
            .params
            .iter()
            .filter(|(name, _)| spec.verifier_field(name).is_some())
            .map(|(name, v)| (name.clone(), v.clone()))
            .collect();
        config.also_accept = self.extras.clone();
    }

    /// Drops the last extra verifier; whether there was one.
    pub fn drop_last_extra(&mut self) -> bool {
        self.extras.pop().is_some()
    }

    /// Esc: from the form back to the type list, from the list out of the sub-screen.
    pub fn back(&mut self) {
        let Some(editing) = self.editing.as_mut() else {
            return;
        };
        match editing.stage {
            Stage::Form(_) => editing.stage = Stage::Pick { selected: 0 },
            Stage::Pick { .. } => self.editing = None,
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(Editing {
            stage: Stage::Form(form),
            ..
        }) = self.editing.as_mut()
        {
            form.paste(text);
        }
    }

    /// A key on the sub-screen. `Continue` means a verifier was chosen, checked by the
    /// core and stored: the sub-screen is closed.
    pub fn handle_key(&mut self, key: KeyEvent, env: &dyn Fn(&str) -> Option<String>) -> StepEvent {
        let Some(editing) = self.editing.as_mut() else {
            return StepEvent::None;
        };
        match &mut editing.stage {
            Stage::Pick { selected } => {
                let count = verifier_types().len();
                match key.code {
                    KeyCode::Down => *selected = (*selected + 1) % count,
                    KeyCode::Up => *selected = (*selected + count - 1) % count,
                    KeyCode::Home => *selected = 0,
                    KeyCode::End => *selected = count - 1,
                    KeyCode::Enter => {
                        let spec = verifier_types()[*selected];
                        editing.stage = Stage::Form(Box::new(CredentialsStep::new(spec, env)));
                    }
                    _ => {}
                }
                StepEvent::None
            }
            Stage::Form(form) => {
                // A verifier with no fields of its own (GitHub's) is complete as picked.
                let event = if form.fields.is_empty() && key.code == KeyCode::Enter {
                    StepEvent::Continue
                } else {
                    form.handle_key(key)
                };
                match event {
                    StepEvent::Continue if form.check_all() => {}
                    // The file prompt's answer: the wizard reads it off the loop.
                    StepEvent::LoadFile(path) => return StepEvent::LoadFile(path),
                    _ => return StepEvent::None,
                }
                let config = form.provider_config();
                // Judged by the core now, so a problem is shown next to its field here
                // rather than on a later screen.
                if let Err(err) = generate_with_warnings(&config) {
                    form.show_error(&err);
                    return StepEvent::None;
                }
                match editing.slot.clone() {
                    Slot::Param(name) => {
                        self.params.insert(name, config);
                    }
                    Slot::Extra => self.extras.push(config),
                }
                self.editing = None;
                StepEvent::Continue
            }
        }
    }

    pub fn view(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: Theme,
        env: &dyn Fn(&str) -> Option<String>,
    ) {
        let Some(editing) = &self.editing else {
            return;
        };
        match &editing.stage {
            Stage::Form(form) => form.view(frame, area, theme, env),
            Stage::Pick { selected } => {
                let width = area.width as usize;
                let intro = match &editing.slot {
                    Slot::Param(name) => format!(
                        "{name}: how this server checks the access tokens the authorization \
                         server issues. Pick a verifier type:"
                    ),
                    Slot::Extra => "Add another way to authenticate: tokens this verifier \
                                    accepts pass too (FastMCP MultiAuth, 3.1.0+), e.g. JWTs \
                                    your machines present while people sign in with OAuth. \
                                    Pick a verifier type:"
                        .to_string(),
                };
                let mut lines: Vec<Line> = wrap_text(&intro, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.dim()))
                    .collect();
                lines.push(Line::from(""));
                for (i, spec) in verifier_types().into_iter().enumerate() {
                    let focused = i == *selected;
                    let text = format!(
                        "{}{:<16} {}",
                        if focused { "> " } else { "  " },
                        spec.type_name,
                        spec.title
                    );
                    lines.push(if focused {
                        Line::styled(text, theme.focused())
                    } else {
                        Line::from(text)
                    });
                }
                render_lines(frame, area, lines);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::{Step, Wizard};
    use crate::tui::testing::{add_verifier, key, pick, type_text, wizard};

    /// Enter through the credentials form, typing `values` into their (empty) fields.
    fn fill_credentials(w: &mut Wizard, values: &[(&str, &str)]) {
        for _ in 0..40 {
            if w.step != Step::Credentials || w.verifiers.is_open() {
                return;
            }
            let form = w.credentials.as_ref().unwrap();
            let focused = form.fields.get(form.focus).map(|f| f.spec.name.clone());
            if let Some((_, value)) = values.iter().find(|(n, _)| Some(n.to_string()) == focused) {
                type_text(w, value);
            }
            key(w, KeyCode::Enter);
        }
        panic!(
            "the credentials form did not continue: {:?}",
            w.credentials.as_ref().unwrap().form_error
        );
    }

    fn to_preview(w: &mut Wizard) {
        for _ in 0..3 {
            if w.step == Step::Preview {
                return;
            }
            key(w, KeyCode::Enter);
        }
        assert_eq!(w.step, Step::Preview);
    }

    #[test]
    fn a_provider_that_takes_a_verifier_asks_for_it_before_the_scopes() {
        let mut w = wizard(&[("UPSTREAM_SECRET", "x")]);
        pick(&mut w, "oauth-proxy");
        fill_credentials(
            &mut w,
            &[
                (
                    "upstream_authorization_endpoint",
                    "https://a.example.com/authorize",
                ),
                ("upstream_token_endpoint", "https://a.example.com/token"),
                ("upstream_client_id", "app"),
                ("base_url", "https://mcp.example.com"),
            ],
        );
        assert!(w.verifiers.is_open(), "the token verifier is asked for");
        assert_eq!(w.step, Step::Credentials);
        // Esc in the type list closes it and stays on the credentials.
        key(&mut w, KeyCode::Esc);
        assert!(!w.verifiers.is_open());
        assert_eq!(w.step, Step::Credentials);
        key(&mut w, KeyCode::Enter);
        fill_credentials(&mut w, &[]);
        assert!(w.verifiers.is_open());
        add_verifier(
            &mut w,
            "bearer",
            &[
                "https://a.example.com/jwks.json",
                "",
                "https://a.example.com",
                "",
                "",
                "",
            ],
        );
        assert!(!w.verifiers.is_open());
        assert_eq!(w.step, Step::Scopes);
        to_preview(&mut w);
        let config = &w.preview.as_ref().unwrap().config;
        assert_eq!(config.provider_class, "OAuthProxy");
        let nested = &config.verifier_params["token_verifier"];
        assert_eq!(nested.provider_class, "JWTVerifier");
        assert!(w.preview.as_ref().unwrap().texts[1].contains("token_verifier=JWTVerifier("));
    }

    /// A bearer verifier's form, field by field: JWKS URL, issuer, the rest as they are.
    const MACHINE_JWT: &[&str] = &[
        "https://m.example.com/jwks.json",
        "",
        "https://m.example.com",
        "",
        "",
        "",
    ];

    #[test]
    fn another_way_in_is_added_and_dropped_on_the_preview() {
        let mut w = wizard(&[("GITHUB_CLIENT_SECRET", "s")]);
        pick(&mut w, "github");
        fill_credentials(
            &mut w,
            &[
                ("client_id", "Iv1.abc"),
                ("base_url", "https://mcp.example.com"),
            ],
        );
        to_preview(&mut w);
        key(&mut w, KeyCode::Char('a'));
        add_verifier(&mut w, "bearer", MACHINE_JWT);
        assert_eq!(w.step, Step::Preview);
        let preview = w.preview.as_ref().unwrap();
        assert_eq!(
            preview.config.also_accept.len(),
            1,
            "{:?}",
            preview.warnings
        );
        assert!(preview.texts[1].contains("auth = MultiAuth(\n    server=GitHubProvider("));
        // The same issuer again: FastMCP could not tell the two apart, so it is refused.
        key(&mut w, KeyCode::Char('a'));
        add_verifier(&mut w, "bearer", MACHINE_JWT);
        let preview = w.preview.as_ref().unwrap();
        assert_eq!(w.verifiers.extras.len(), 1);
        assert!(
            preview.warnings[0].starts_with("not added: also_accept.2"),
            "{:?}",
            preview.warnings
        );
        key(&mut w, KeyCode::Char('d'));
        let preview = w.preview.as_ref().unwrap();
        assert!(preview.config.also_accept.is_empty());
        assert!(!preview.texts[1].contains("MultiAuth"));
    }
}
