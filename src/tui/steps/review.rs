//! `wizard --edit`'s first screen: an "editing PATH" banner and every value of the file,
//! one row each; Enter on a row opens the step that changes it (a credential opens the form
//! on that field), and the last row goes on to the preview and the save.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{StepEvent, wrap_text};
use crate::tui::field::window;
use crate::tui::theme::Theme;
use crate::tui::view::render_lines;

/// What a row of the review opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewRow {
    Provider,
    /// The credentials field at this index.
    Field(usize),
    Scopes,
    Deployment,
    Service,
    /// On to the preview and the save.
    Save,
}

/// One row as shown: what it opens, its label and its value (masked for secrets).
pub struct ReviewLine {
    pub row: ReviewRow,
    pub label: String,
    pub value: String,
}

pub struct ReviewStep {
    /// The file being edited.
    pub path: PathBuf,
    pub selected: usize,
}

const LABEL: usize = 24;

impl ReviewStep {
    pub fn new(path: PathBuf) -> Self {
        ReviewStep { path, selected: 0 }
    }

    /// Moves through `count` rows; Enter asks the wizard to open the selected one.
    pub fn handle_key(&mut self, key: KeyEvent, count: usize) -> StepEvent {
        let last = count.saturating_sub(1);
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(last),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = last,
            KeyCode::Enter => return StepEvent::Continue,
            _ => {}
        }
        StepEvent::None
    }

    pub fn keys(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("↑↓/jk", "move"),
            ("Enter", "change / save"),
            ("Esc", "quit"),
            ("?", "help"),
        ]
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme, rows: &[ReviewLine]) {
        let width = area.width as usize;
        let value_width = width.saturating_sub(LABEL + 3).max(8);
        let path = self.path.display().to_string();
        let mut lines: Vec<Line> = wrap_text(&format!("Editing {path}"), width)
            .into_iter()
            .map(|l| Line::styled(l, theme.title()))
            .collect();
        lines.push(Line::styled(
            "Enter on a value changes it; the last row shows the files and saves them.",
            theme.dim(),
        ));
        lines.push(Line::raw(""));
        // Keep the selected row on screen: scroll by whole rows.
        let room = (area.height as usize).saturating_sub(lines.len()).max(1);
        let first = self.selected.saturating_sub(room - 1);
        for (i, line) in rows.iter().enumerate().skip(first).take(room) {
            let selected = i == self.selected;
            let style = if selected {
                theme.selected_row()
            } else {
                ratatui::style::Style::new()
            };
            let label = window(&line.label, None, LABEL).padded(LABEL);
            // `window` draws control characters escaped.
            let value = window(&line.value, None, value_width).text;
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{}{label} ", if selected { "> " } else { "  " }),
                    style,
                ),
                Span::styled(value, if selected { style } else { theme.input() }),
            ]));
        }
        render_lines(frame, area, lines);
    }
}
