//! Step 5: where to save, under which service name, in which format, and whether typed
//! secrets may go into the file.

use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{StepEvent, pad, wrap_text};
use crate::export::Format;
use crate::persist::check_service_name;
use crate::tui::field::{insert_text, window};
use crate::tui::theme::Theme;
use crate::tui::view::render_lines;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveFocus {
    Service,
    Path,
    Format,
    Embed,
}

pub struct SaveStep {
    pub service: Input,
    pub path: Input,
    pub format: Format,
    /// Write typed secrets into the file instead of `${VAR}` references.
    pub embed: bool,
    /// Offered only when the form holds a typed secret.
    pub offer_embed: bool,
    pub focus: SaveFocus,
    /// The user typed a path: the service name no longer drives it.
    pub path_edited: bool,
    pub config_dir: Option<PathBuf>,
    pub error: Option<String>,
}

const LABEL: usize = 14;

fn extension(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Python => "py",
        Format::Env => "env",
        Format::EnvV2 => "v2.env",
    }
}

impl SaveStep {
    pub fn new(config_dir: Option<PathBuf>, service: &str) -> Self {
        let mut step = SaveStep {
            service: Input::new(service.to_string()),
            path: Input::default(),
            format: Format::Json,
            embed: false,
            offer_embed: false,
            focus: SaveFocus::Service,
            path_edited: false,
            config_dir,
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

    fn derive_path(&mut self) {
        if self.path_edited {
            return;
        }
        let name = match self.service.value().trim() {
            "" => "my-server",
            name => name,
        };
        let file = format!("{name}.{}", extension(self.format));
        let path = match &self.config_dir {
            Some(dir) => dir.join(file),
            None => PathBuf::from(file),
        };
        self.path = Input::new(path.display().to_string());
    }

    fn focus_order(&self) -> Vec<SaveFocus> {
        let mut order = vec![SaveFocus::Service, SaveFocus::Path, SaveFocus::Format];
        if self.offer_embed {
            order.push(SaveFocus::Embed);
        }
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

    /// The checked service name and path, or the problem (shown inline).
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
        Some((service, PathBuf::from(path)))
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> StepEvent {
        match key.code {
            KeyCode::Tab | KeyCode::Down => self.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(false),
            KeyCode::Enter => {
                let last = *self.focus_order().last().unwrap_or(&SaveFocus::Format);
                if self.focus == last || self.focus == SaveFocus::Path {
                    return StepEvent::Continue;
                }
                self.move_focus(true);
            }
            _ => {
                self.error = None;
                match self.focus {
                    SaveFocus::Service => {
                        if self.service.handle_event(&Event::Key(key)).is_some() {
                            self.derive_path();
                        }
                    }
                    SaveFocus::Path => {
                        if self.path.handle_event(&Event::Key(key)).is_some() {
                            self.path_edited = true;
                        }
                    }
                    SaveFocus::Format => self.cycle_format(key.code),
                    SaveFocus::Embed => {
                        if key.code == KeyCode::Char(' ') {
                            self.embed = !self.embed;
                        }
                    }
                }
            }
        }
        StepEvent::None
    }

    fn cycle_format(&mut self, code: KeyCode) {
        let i = Format::ALL
            .iter()
            .position(|f| *f == self.format)
            .unwrap_or(0);
        let n = Format::ALL.len();
        let next = match code {
            KeyCode::Right | KeyCode::Char(' ') => (i + 1) % n,
            KeyCode::Left => (i + n - 1) % n,
            _ => return,
        };
        self.format = Format::ALL[next];
        if self.path_edited {
            return;
        }
        self.derive_path();
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
        row(
            SaveFocus::Format,
            "Format",
            format!("< {} >", self.format.name()),
            &mut lines,
        );
        if self.offer_embed {
            let mark = if self.embed { "x" } else { " " };
            row(
                SaveFocus::Embed,
                "Embed secrets",
                format!("[{mark}] write typed secrets into the file (not recommended)"),
                &mut lines,
            );
        }
        lines.push(Line::raw(""));
        let note = if self.offer_embed && !self.embed {
            "Typed secrets are not written: the file refers to their ${VAR} instead. Mode 0600; an existing file is kept as .bak after you confirm."
        } else if self.embed {
            "! The file will contain secret values: keep it private. Mode 0600; an existing file is kept as .bak after you confirm."
        } else {
            "The file is written atomically with mode 0600; an existing file is kept as .bak after you confirm."
        };
        let style = if self.embed {
            theme.warning()
        } else {
            theme.dim()
        };
        for text in wrap_text(note, width) {
            lines.push(Line::styled(text, style));
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
