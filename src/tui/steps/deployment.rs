//! Step 4 for OAuth-proxy providers: where FastMCP keeps OAuth state. One instance keeps
//! FastMCP's per-machine file store; several instances (or state that must survive a
//! redeploy) share a Redis, named by environment variables (`core::deployment`). Below,
//! the MCP clients allowed to receive sign-ins: the catalog's presets as checkboxes,
//! filling `allowed_client_redirect_uris`.

use crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{StepEvent, wrap_text};
use crate::core::EnvVarName;
use crate::core::catalog::{Catalog, ClientRedirectPreset};
use crate::core::deployment::{
    DEFAULT_KEY_VAR, DEFAULT_SIGNING_VAR, DEFAULT_URL_VAR, Deployment, Storage,
};
use crate::core::text::escape_control;
use crate::tui::field::{insert_text, window};
use crate::tui::theme::Theme;
use crate::tui::view::render_lines;

const LABEL_WIDTH: usize = 22;

pub struct DeploymentStep {
    /// Several instances sharing a Redis, or FastMCP's per-machine default.
    pub shared: bool,
    pub url_var: Input,
    /// Fernet key variables, comma-separated, newest first.
    pub key_vars: Input,
    /// One per catalog preset, in catalog order: ticked presets' URLs are allowed.
    pub clients: Vec<bool>,
    /// URLs from an edited file that no ticked preset covers: kept as they are.
    pub other_uris: Vec<String>,
    /// 0: the choice; 1: the URL variable; 2: the key variables (rows 1–2 only when
    /// shared); then one row per client preset.
    pub focus: usize,
    pub error: Option<String>,
}

impl Default for DeploymentStep {
    fn default() -> Self {
        DeploymentStep {
            shared: false,
            url_var: Input::new(DEFAULT_URL_VAR.into()),
            key_vars: Input::new(DEFAULT_KEY_VAR.into()),
            clients: presets().iter().map(|p| p.default).collect(),
            other_uris: Vec::new(),
            focus: 0,
            error: None,
        }
    }
}

fn presets() -> &'static [ClientRedirectPreset] {
    &Catalog::builtin().client_redirect_presets
}

impl DeploymentStep {
    /// Prefilled from an edited file's section.
    pub fn load(&mut self, deployment: Option<&Deployment>) {
        if let Some(Storage::Redis {
            url,
            encryption_keys,
        }) = deployment.map(|d| &d.storage)
        {
            self.shared = true;
            self.url_var = Input::new(url.as_str().into());
            let keys: Vec<&str> = encryption_keys.iter().map(EnvVarName::as_str).collect();
            self.key_vars = Input::new(keys.join(", "));
        }
    }

    /// Ticks the presets an edited file's allow-list covers and keeps its other URLs.
    pub fn load_client_uris(&mut self, uris: &[String]) {
        let (ticked, others) = Catalog::builtin().split_client_redirect_uris(uris);
        self.clients = presets()
            .iter()
            .map(|p| ticked.contains(&p.id.as_str()))
            .collect();
        self.other_uris = others;
    }

    /// `allowed_client_redirect_uris`: the ticked presets' URLs, then the kept ones.
    pub fn client_redirect_uris(&self) -> Result<Vec<String>, String> {
        let ids: Vec<&str> = presets()
            .iter()
            .zip(&self.clients)
            .filter(|(_, ticked)| **ticked)
            .map(|(p, _)| p.id.as_str())
            .collect();
        let mut uris = Catalog::builtin()
            .client_redirect_uris(&ids)
            .map_err(|e| e.to_string())?;
        for uri in &self.other_uris {
            if !uris.contains(uri) {
                uris.push(uri.clone());
            }
        }
        if uris.is_empty() {
            return Err(
                "Allowed clients: tick at least one (Space), e.g. Local clients; \
                        with none, no MCP client could sign in"
                    .into(),
            );
        }
        Ok(uris)
    }

    /// The section the choices describe; an error names the row and gives an example.
    pub fn deployment(&self) -> Result<Option<Deployment>, String> {
        if !self.shared {
            return Ok(None);
        }
        let url = EnvVarName::parse_for(
            "Redis URL variable",
            DEFAULT_URL_VAR,
            self.url_var.value().trim(),
        )
        .map_err(|e| e.to_string())?;
        let keys = self
            .key_vars
            .value()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| {
                EnvVarName::parse_for("Fernet key variables", DEFAULT_KEY_VAR, k)
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(format!(
                "Fernet key variables: give at least one (example: {DEFAULT_KEY_VAR})"
            ));
        }
        Ok(Some(Deployment::redis(url, keys)))
    }

    /// Rows before the client presets.
    fn storage_rows(&self) -> usize {
        if self.shared { 3 } else { 1 }
    }

    fn rows(&self) -> usize {
        self.storage_rows() + self.clients.len()
    }

    /// The client preset the focus is on.
    pub fn focused_client(&self) -> Option<usize> {
        self.focus
            .checked_sub(self.storage_rows())
            .filter(|i| *i < self.clients.len())
    }

    fn input(&mut self) -> Option<&mut Input> {
        if !self.input_focused() {
            return None;
        }
        match self.focus {
            1 => Some(&mut self.url_var),
            2 => Some(&mut self.key_vars),
            _ => None,
        }
    }

    pub fn is_typing(&self) -> bool {
        self.input_focused()
    }

    fn input_focused(&self) -> bool {
        self.shared && (self.focus == 1 || self.focus == 2)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> StepEvent {
        let rows = self.rows();
        match key.code {
            KeyCode::Up | KeyCode::BackTab => self.focus = (self.focus + rows - 1) % rows,
            KeyCode::Down | KeyCode::Tab => self.focus = (self.focus + 1) % rows,
            KeyCode::Home if !self.is_typing() => self.focus = 0,
            KeyCode::End if !self.is_typing() => self.focus = rows - 1,
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') if self.focus == 0 => {
                self.shared = !self.shared;
                self.error = None;
            }
            KeyCode::Char(' ') if self.focused_client().is_some() => {
                if let Some(i) = self.focused_client() {
                    self.clients[i] = !self.clients[i];
                    self.error = None;
                }
            }
            KeyCode::Enter => match self.deployment().and_then(|_| self.client_redirect_uris()) {
                Ok(_) => return StepEvent::Continue,
                Err(e) => self.error = Some(e),
            },
            _ => {
                if let Some(input) = self.input() {
                    input.handle_event(&Event::Key(key));
                    self.error = None;
                }
            }
        }
        StepEvent::None
    }

    pub fn paste(&mut self, text: &str) {
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        if let Some(input) = self.input() {
            insert_text(input, &clean);
        }
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = area.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        let choice = if self.shared {
            "‹ Several instances: Redis ›"
        } else {
            "‹ One instance ›"
        };
        lines.push(row(0 == self.focus, "Deployment", choice, theme));
        let mut cursor = None;
        let input_width = width.saturating_sub(LABEL_WIDTH + 2).max(8);
        if self.shared {
            for (i, label, input) in [
                (1, "Redis URL variable", &self.url_var),
                (2, "Fernet key variables", &self.key_vars),
            ] {
                let focused = self.focus == i;
                let shown = window(
                    input.value(),
                    focused.then(|| input.cursor()),
                    input_width.saturating_sub(1),
                );
                if focused {
                    cursor = shown.cursor.map(|c| (lines.len(), c + 1));
                }
                let mut line = row(focused, label, "", theme);
                line.spans.push(Span::styled(
                    format!("${}", shown.padded(input_width.saturating_sub(1))),
                    theme.input(),
                ));
                lines.push(line);
            }
        }
        lines.push(Line::raw(""));
        // The explanation follows the part that has the focus: the screen is short.
        if self.focused_client().is_none() {
            let explanation = if self.shared {
                format!(
                    "Client registrations, sign-ins in progress and token mappings go to the Redis \
                     in ${{{}}}, shared by every replica and encrypted with Fernet under the first \
                     key (the others still decrypt: rotation, newest first). Replicas also share \
                     the JWT signing key (${{{DEFAULT_SIGNING_VAR}}} unless set on the \
                     credentials step), and the server runs stateless so any replica can answer. \
                     Needs pip install \"py-key-value-aio[redis]\"; make keys with fastmcp-auth \
                     secret --fernet.",
                    self.url_var.value().trim()
                )
            } else {
                "FastMCP keeps OAuth state (client registrations, sign-ins, token mappings) in an \
                 encrypted file tree in the server's home directory (~/.local/share/fastmcp/ \
                 oauth-proxy): per machine. Choose several instances to run replicas behind a \
                 load balancer, or to keep sign-ins across redeploys."
                    .to_string()
            };
            for text in wrap_text(&explanation, width) {
                lines.push(Line::styled(text, theme.dim()));
            }
            lines.push(Line::raw(""));
        }
        let base = self.storage_rows();
        for (i, (preset, ticked)) in presets().iter().zip(&self.clients).enumerate() {
            let mark = if *ticked { "[x]" } else { "[ ]" };
            let label = if i == 0 { "Allowed clients" } else { "" };
            lines.push(row(
                self.focus == base + i,
                label,
                &format!("{mark} {}", preset.title),
                theme,
            ));
            for uri in &preset.uris {
                lines.push(Line::styled(format!("      {uri}"), theme.dim()));
            }
        }
        for uri in &self.other_uris {
            lines.push(Line::styled(
                format!("      kept from the file: {}", escape_control(uri)),
                theme.dim(),
            ));
        }
        if let Some(i) = self.focused_client() {
            let preset = &presets()[i];
            let text = format!(
                "Sign-ins may return only to the ticked clients' URLs \
                 (allowed_client_redirect_uris); FastMCP alone accepts any. Source: {}",
                preset.source
            );
            lines.push(Line::raw(""));
            for text in wrap_text(&text, width) {
                lines.push(Line::styled(text, theme.dim()));
            }
        }
        if let Some(error) = &self.error {
            lines.push(Line::raw(""));
            for text in wrap_text(&format!("! {error}"), width).into_iter().take(3) {
                lines.push(Line::styled(text, theme.error()));
            }
        }
        let height = area.height as usize;
        render_lines(frame, area, lines.into_iter().take(height));
        if let Some((y, column)) = cursor.filter(|(y, _)| *y < height) {
            frame.set_cursor_position(Position::new(
                area.x + (LABEL_WIDTH + 2 + column) as u16,
                area.y + y as u16,
            ));
        }
    }
}

fn row<'a>(focused: bool, label: &str, value: &str, theme: Theme) -> Line<'a> {
    let marker = if focused { "> " } else { "  " };
    let style = if focused {
        theme.focused()
    } else {
        ratatui::style::Style::new()
    };
    Line::from(vec![
        Span::styled(format!("{marker}{label:<LABEL_WIDTH$}"), style),
        Span::raw(value.to_string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(step: &mut DeploymentStep, code: KeyCode) -> StepEvent {
        step.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn one_instance_by_default_and_redis_with_the_documented_names() {
        let mut step = DeploymentStep::default();
        assert_eq!(step.deployment(), Ok(None));
        press(&mut step, KeyCode::Right);
        let d = step.deployment().unwrap().unwrap();
        assert_eq!(
            d.variables()
                .iter()
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>(),
            [DEFAULT_URL_VAR, DEFAULT_KEY_VAR]
        );
    }

    #[test]
    fn a_secret_typed_where_a_name_belongs_is_refused_without_being_shown() {
        let mut step = DeploymentStep::default();
        press(&mut step, KeyCode::Right);
        press(&mut step, KeyCode::Down);
        step.url_var = Input::new("redis://:hunter2@cache:6379".into());
        assert_eq!(press(&mut step, KeyCode::Enter), StepEvent::None);
        let error = step.error.clone().unwrap();
        assert!(error.starts_with("Redis URL variable:"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn loopback_only_by_default_and_space_ticks_the_focused_preset() {
        let mut step = DeploymentStep::default();
        assert_eq!(
            step.client_redirect_uris().unwrap(),
            ["http://localhost:*", "http://127.0.0.1:*"]
        );
        // With Redis the client rows come after the two variable rows.
        press(&mut step, KeyCode::Right);
        for _ in 0..4 {
            press(&mut step, KeyCode::Down); // url, keys, loopback, claude
        }
        assert!(!step.is_typing());
        assert_eq!(step.focused_client(), Some(1), "Space ticks the Claude row");
        press(&mut step, KeyCode::Char(' ')); // claude on
        press(&mut step, KeyCode::Up);
        press(&mut step, KeyCode::Char(' ')); // loopback off
        assert_eq!(
            step.client_redirect_uris().unwrap(),
            [
                "https://claude.ai/api/mcp/auth_callback",
                "https://claude.com/api/mcp/auth_callback"
            ]
        );
        // Space on a variable row types a space rather than ticking anything.
        press(&mut step, KeyCode::Up);
        press(&mut step, KeyCode::Char(' '));
        assert_eq!(step.clients, [false, true, false]);
    }

    #[test]
    fn no_client_ticked_is_refused_with_a_way_out() {
        let mut step = DeploymentStep::default();
        press(&mut step, KeyCode::Down);
        press(&mut step, KeyCode::Char(' '));
        assert_eq!(press(&mut step, KeyCode::Enter), StepEvent::None);
        let error = step.error.clone().unwrap();
        assert!(error.starts_with("Allowed clients:"), "{error}");
        assert!(error.contains("Space"), "{error}");
    }

    #[test]
    fn an_edited_allow_list_ticks_what_it_covers_and_keeps_the_rest() {
        let mut step = DeploymentStep::default();
        let uris: Vec<String> = [
            "https://chatgpt.com/connector_platform_oauth_redirect",
            "https://app.example/cb",
        ]
        .map(String::from)
        .to_vec();
        step.load_client_uris(&uris);
        assert_eq!(step.clients, [false, false, true]);
        assert_eq!(step.other_uris, ["https://app.example/cb"]);
        assert_eq!(step.client_redirect_uris().unwrap(), uris);
        // Unticking the preset drops its URL but keeps the file's own.
        step.clients[2] = false;
        assert_eq!(
            step.client_redirect_uris().unwrap(),
            ["https://app.example/cb"]
        );
    }

    #[test]
    fn rotation_keys_keep_their_order() {
        let mut step = DeploymentStep::default();
        press(&mut step, KeyCode::Char(' '));
        step.key_vars = Input::new("NEW_KEY, OLD_KEY".into());
        let d = step.deployment().unwrap().unwrap();
        let mut loaded = DeploymentStep::default();
        loaded.load(Some(&d));
        assert_eq!(loaded.key_vars.value(), "NEW_KEY, OLD_KEY");
        assert!(loaded.shared);
    }
}
