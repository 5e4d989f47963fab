//! Step 5: the service name, where the config goes, where typed secrets go, and which
//! files to write next to the config (a `.env`, a server skeleton).

use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{StepEvent, pad, wrap_text};
use crate::core::text::escape_control;
use crate::persist::check_service_name;
use crate::tui::field::{insert_text, window};
use crate::tui::save_plan::{FileKind, SecretsTo};
use crate::tui::theme::Theme;
use crate::tui::view::render_lines;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveFocus {
    Service,
    Path,
    Secrets,
    EnvFile,
    Server,
}

pub struct SaveStep {
    pub service: Input,
    /// The JSON config's path; the other files go next to it.
    pub path: Input,
    /// Where typed secrets go (asked only when the form holds one).
    pub secrets_to: SecretsTo,
    /// The form holds a typed secret.
    pub has_typed_secret: bool,
    /// Also write `<config>.env` (always, when typed secrets go there).
    pub write_env: bool,
    /// Also write `<config>.py`, a FastMCP server skeleton.
    pub write_server: bool,
    pub focus: SaveFocus,
    /// The user typed a path: the service name no longer drives it.
    pub path_edited: bool,
    pub config_dir: Option<PathBuf>,
    /// What the operator should know about their typed secrets (one line each).
    pub notes: Vec<String>,
    /// Files are being written (a worker does it).
    pub saving: bool,
    pub error: Option<String>,
}

const LABEL: usize = 14;

impl SaveStep {
    pub fn new(config_dir: Option<PathBuf>, service: &str) -> Self {
        let mut step = SaveStep {
            service: Input::new(service.to_string()),
            path: Input::default(),
            secrets_to: SecretsTo::EnvFile,
            has_typed_secret: false,
            write_env: false,
            write_server: false,
            focus: SaveFocus::Service,
            path_edited: false,
            config_dir,
            notes: Vec::new(),
            saving: false,
            error: None,
        };
        step.derive_path();
        step
    }

    /// Fills in a service name (and the path it implies, unless the path was typed).
    pub fn propose_service(&mut self, name: &str) {
        self.service = Input::new(name.to_string());
        self.derive_path();
    }

    /// Editing an existing file: save back to it.
    pub fn fixed_path(&mut self, path: &Path) {
        self.path = Input::new(path.display().to_string());
        self.path_edited = true;
    }

    /// The files this save writes: the config, and those ticked.
    pub fn kinds(&self) -> Vec<FileKind> {
        let mut kinds = Vec::new();
        if self.env_file_written() {
            kinds.push(FileKind::Env);
        }
        if self.write_server {
            kinds.push(FileKind::Server);
        }
        kinds.push(FileKind::Config);
        kinds
    }

    /// Typed secrets going to the `.env` file make it part of every save.
    pub fn env_file_written(&self) -> bool {
        self.write_env || self.secrets_locked_to_env()
    }

    fn secrets_locked_to_env(&self) -> bool {
        self.has_typed_secret && self.secrets_to == SecretsTo::EnvFile
    }

    /// Where typed secrets go when the save happens (embedding needs one to embed).
    pub fn effective_secrets_to(&self) -> SecretsTo {
        if self.has_typed_secret {
            self.secrets_to
        } else {
            SecretsTo::Variable
        }
    }

    fn derive_path(&mut self) {
        if self.path_edited {
            return;
        }
        let name = match self.service.value().trim() {
            "" => "my-server",
            name => name,
        };
        let file = format!("{name}.json");
        let path = match &self.config_dir {
            Some(dir) => dir.join(file),
            None => PathBuf::from(file),
        };
        self.path = Input::new(path.display().to_string());
    }

    fn focus_order(&self) -> Vec<SaveFocus> {
        let mut order = vec![SaveFocus::Service, SaveFocus::Path];
        if self.has_typed_secret {
            order.push(SaveFocus::Secrets);
        }
        order.extend([SaveFocus::EnvFile, SaveFocus::Server]);
        order
    }

    fn move_focus(&mut self, forward: bool) {
        let order = self.focus_order();
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = order.len();
        self.focus = order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    pub fn is_typing(&self) -> bool {
        matches!(self.focus, SaveFocus::Service | SaveFocus::Path)
    }

    /// The checked service name and config path, or the problem (shown inline).
    pub fn target(&mut self) -> Option<(String, PathBuf)> {
        let service = self.service.value().trim().to_string();
        if let Err(message) = check_service_name(&service) {
            self.focus = SaveFocus::Service;
            self.error = Some(message);
            return None;
        }
        let path = self.path.value().trim();
        if path.is_empty() {
            self.focus = SaveFocus::Path;
            self.error =
                Some("path: where to write the config (example: ./payments-api.json)".into());
            return None;
        }
        let path = PathBuf::from(path);
        if path.extension().is_some_and(|e| e == "env" || e == "py") {
            self.focus = SaveFocus::Path;
            self.error = Some(
                "path: this is the JSON config's path; the .env and .py files go next to it \
                 (example: ./payments-api.json)"
                    .into(),
            );
            return None;
        }
        Some((service, path))
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> StepEvent {
        match key.code {
            KeyCode::Tab | KeyCode::Down => self.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(false),
            KeyCode::Enter => {
                let last = *self.focus_order().last().unwrap_or(&SaveFocus::Server);
                if self.focus == last || self.focus == SaveFocus::Path {
                    return StepEvent::Continue;
                }
                self.move_focus(true);
            }
            _ => {
                self.error = None;
                let space = key.code == KeyCode::Char(' ');
                let event = Event::Key(key);
                match self.focus {
                    SaveFocus::Service if self.service.handle_event(&event).is_some() => {
                        self.derive_path();
                    }
                    SaveFocus::Path if self.path.handle_event(&event).is_some() => {
                        self.path_edited = true;
                    }
                    SaveFocus::Secrets => self.cycle_secrets(key.code),
                    SaveFocus::EnvFile if space && !self.secrets_locked_to_env() => {
                        self.write_env = !self.write_env;
                    }
                    SaveFocus::Server if space => self.write_server = !self.write_server,
                    _ => {}
                }
            }
        }
        StepEvent::None
    }

    fn cycle_secrets(&mut self, code: KeyCode) {
        let all = SecretsTo::ALL;
        let i = all.iter().position(|s| *s == self.secrets_to).unwrap_or(0);
        let next = match code {
            KeyCode::Right | KeyCode::Char(' ') => (i + 1) % all.len(),
            KeyCode::Left => (i + all.len() - 1) % all.len(),
            _ => return,
        };
        self.secrets_to = all[next];
    }

    pub fn paste(&mut self, text: &str) {
        let input = match self.focus {
            SaveFocus::Service => &mut self.service,
            SaveFocus::Path => {
                self.path_edited = true;
                &mut self.path
            }
            _ => return,
        };
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        insert_text(input, &clean);
        self.derive_path();
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = area.width as usize;
        let input_width = width.saturating_sub(LABEL + 3).max(8);
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor = None;
        let row = |focus: SaveFocus, label: &str, value: String, lines: &mut Vec<Line>| {
            let focused = self.focus == focus;
            let style = if focused {
                theme.focused()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{}{label:<LABEL$} ", if focused { "> " } else { "  " }),
                    style,
                ),
                Span::styled(pad(&value, input_width), theme.input()),
            ]));
        };
        for (focus, label, input) in [
            (SaveFocus::Service, "Service name", &self.service),
            (SaveFocus::Path, "Save to", &self.path),
        ] {
            let shown = window(input.value(), Some(input.cursor()), input_width);
            if let (Some(column), true) = (shown.cursor, self.focus == focus) {
                cursor = Some((lines.len(), LABEL + 3 + column));
            }
            row(focus, label, shown.padded(input_width), &mut lines);
        }
        if self.has_typed_secret {
            row(
                SaveFocus::Secrets,
                "Typed secrets",
                format!("< {} >", self.secrets_to.label()),
                &mut lines,
            );
        }
        let config = PathBuf::from(self.path.value().trim());
        let tick = |on: bool| if on { "x" } else { " " };
        let env_note = if self.secrets_locked_to_env() {
            " (your typed secrets)"
        } else {
            ""
        };
        // Next to the config: the file name says it all.
        let name = |kind: FileKind| {
            let path = kind.path_next_to(&config);
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            escape_control(&name.unwrap_or_default()).into_owned()
        };
        row(
            SaveFocus::EnvFile,
            "Also write",
            format!(
                "[{}] {}{env_note}",
                tick(self.env_file_written()),
                name(FileKind::Env)
            ),
            &mut lines,
        );
        row(
            SaveFocus::Server,
            "",
            format!(
                "[{}] {} (server skeleton)",
                tick(self.write_server),
                name(FileKind::Server)
            ),
            &mut lines,
        );
        lines.push(Line::raw(""));
        let embed = self.effective_secrets_to() == SecretsTo::Embed;
        let note = if embed {
            "! The config will contain secret values: keep it private. Files are written atomically with mode 0600; an existing file is kept as .bak after you confirm."
        } else {
            "The config is always written (list, show, validate and --edit read it). Files are written atomically with mode 0600; an existing file is kept as .bak after you confirm."
        };
        let style = if embed { theme.warning() } else { theme.dim() };
        for text in wrap_text(note, width) {
            lines.push(Line::styled(text, style));
        }
        for note in &self.notes {
            for text in wrap_text(&format!("! {note}"), width) {
                lines.push(Line::styled(text, theme.warning()));
            }
        }
        if self.saving {
            lines.push(Line::styled("Saving…", theme.dim()));
        }
        if let Some(error) = &self.error {
            for text in wrap_text(&format!("! {error}"), width) {
                lines.push(Line::styled(text, theme.error()));
            }
        }
        render_lines(frame, area, lines);
        if let Some((line, column)) = cursor {
            if (line as u16) < area.height {
                frame.set_cursor_position(Position::new(
                    area.x + column as u16,
                    area.y + line as u16,
                ));
            }
        }
    }
}
