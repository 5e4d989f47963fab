//! Step 3: the required scopes, as a checklist of the provider's suggestions (its defaults
//! checked) plus scopes the user adds.

use crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{StepEvent, clip, wrap_text};
use crate::core::catalog::ProviderSpec;
use crate::core::validate::{normalize_scopes, split_scopes};
use crate::tui::field::{insert_text, window};
use crate::tui::theme::Theme;
use crate::tui::view::{render_lines, scroll_mark};

/// Rows the list keeps however long a problem is: the focused row and one more.
const MIN_LIST_ROWS: usize = 2;

pub struct ScopesStep {
    /// (scope, checked), suggestions first, then the user's own.
    pub items: Vec<(String, bool)>,
    /// `items.len()` is the "add a scope" row.
    pub focus: usize,
    pub add: Input,
    pub error: Option<String>,
}

impl ScopesStep {
    pub fn new(provider: &ProviderSpec) -> Self {
        let mut items: Vec<(String, bool)> = provider
            .scopes
            .suggested
            .iter()
            .map(|s| (s.clone(), provider.scopes.default.contains(s)))
            .collect();
        for scope in &provider.scopes.default {
            if !items.iter().any(|(s, _)| s == scope) {
                items.push((scope.clone(), true));
            }
        }
        ScopesStep {
            items,
            focus: 0,
            add: Input::default(),
            error: None,
        }
    }

    /// Checks exactly `scopes` (editing a saved config), adding any that are missing.
    pub fn load(&mut self, scopes: &[String]) {
        for item in &mut self.items {
            item.1 = scopes.contains(&item.0);
        }
        for scope in scopes {
            if !self.items.iter().any(|(s, _)| s == scope) {
                self.items.push((scope.clone(), true));
            }
        }
    }

    pub fn checked(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|(_, on)| *on)
            .map(|(s, _)| s.clone())
            .collect()
    }

    pub fn on_add_row(&self) -> bool {
        self.focus == self.items.len()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> StepEvent {
        let rows = self.items.len() + 1;
        match key.code {
            KeyCode::Up | KeyCode::BackTab => self.focus = (self.focus + rows - 1) % rows,
            KeyCode::Down | KeyCode::Tab => self.focus = (self.focus + 1) % rows,
            KeyCode::Home if !self.on_add_row() => self.focus = 0,
            KeyCode::End if !self.on_add_row() => self.focus = rows - 1,
            KeyCode::Char(' ') if !self.on_add_row() => {
                let item = &mut self.items[self.focus];
                item.1 = !item.1;
                self.error = None;
            }
            KeyCode::Enter if self.on_add_row() && !self.add.value().trim().is_empty() => {
                self.add_typed()
            }
            KeyCode::Enter => return StepEvent::Continue,
            _ if self.on_add_row() => {
                self.add.handle_event(&Event::Key(key));
                self.error = None;
            }
            _ => {}
        }
        StepEvent::None
    }

    pub fn paste(&mut self, text: &str) {
        self.focus = self.items.len();
        // A line break separates scopes (a pasted column of them), so it becomes a space.
        let clean: String = text
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
            .collect();
        insert_text(&mut self.add, &clean);
    }

    /// Adds what the box holds: several scopes when separated by commas or spaces.
    fn add_typed(&mut self) {
        match normalize_scopes(split_scopes(self.add.value())) {
            Ok(scopes) => {
                for scope in scopes {
                    match self.items.iter_mut().find(|(s, _)| *s == scope) {
                        Some(item) => item.1 = true,
                        None => self.items.push((scope, true)),
                    }
                }
                self.add.reset();
                self.focus = self.items.len();
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme, provider: &ProviderSpec) {
        let width = area.width as usize;
        let mut intro = format!(
            "Scopes every token must carry (FastMCP's {}).",
            provider.scopes.param
        );
        if self.items.is_empty() {
            intro.push_str(" This provider suggests none: add your own or continue without.");
        }
        if let Some(help) = &provider.scopes.help {
            intro.push(' ');
            intro.push_str(help);
        }
        let mut lines: Vec<Line> = wrap_text(&intro, width)
            .into_iter()
            .map(Line::from)
            .collect();
        lines.push(Line::raw(""));
        let list_start = lines.len();
        for (i, (scope, on)) in self.items.iter().enumerate() {
            let focused = i == self.focus;
            let text = format!(
                "{}[{}] {scope}",
                if focused { "> " } else { "  " },
                if *on { "x" } else { " " }
            );
            lines.push(Line::styled(
                text,
                if focused {
                    theme.focused()
                } else {
                    ratatui::style::Style::new()
                },
            ));
        }
        let add_line = lines.len();
        let focused = self.on_add_row();
        let input_width = width.saturating_sub(16).max(8);
        let shown = window(self.add.value(), Some(self.add.cursor()), input_width);
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}add scope: ", if focused { "> " } else { "  " }),
                if focused {
                    theme.focused()
                } else {
                    theme.dim()
                },
            ),
            Span::styled(shown.padded(input_width), theme.input()),
        ]));
        let checked = self.checked();
        let summary = if checked.is_empty() {
            "required_scopes: (none)".to_string()
        } else {
            format!("required_scopes: {}", checked.join(" "))
        };
        // The problem and its hint sit above the summary, outside the scrolling list, so
        // they stay in sight however small the terminal: whole, as long as the list keeps
        // its focused row and one more (at the minimum size they take four rows).
        let summary: Vec<String> = wrap_text(&summary, width).into_iter().take(2).collect();
        let mut bottom: Vec<Line> = Vec::new();
        if let Some(error) = &self.error {
            let room = (area.height as usize).saturating_sub(MIN_LIST_ROWS + summary.len());
            let mut problem = wrap_text(&format!("! {error}"), width);
            if problem.len() > room.max(1) {
                problem.truncate(room.max(1));
                if let Some(last) = problem.last_mut() {
                    *last = clip(&format!("{last}…"), width);
                }
            }
            for text in problem {
                bottom.push(Line::styled(text, theme.error()));
            }
        }
        for text in summary {
            bottom.push(Line::styled(text, theme.dim()));
        }

        let [list_area, summary_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(bottom.len() as u16)])
                .areas(area);
        let height = list_area.height as usize;
        let focus_line = if focused {
            add_line
        } else {
            list_start + self.focus
        };
        let offset = (focus_line + 2).saturating_sub(height);
        if lines.len() > height {
            let rows = self.items.len() + 1;
            scroll_mark(frame, area, &format!("{}/{rows}", self.focus + 1), theme);
        }
        let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
        render_lines(frame, list_area, visible);
        render_lines(frame, summary_area, bottom);
        if let (Some(column), true) = (
            shown.cursor,
            focused && add_line >= offset && add_line - offset < height,
        ) {
            let x = 13 + column;
            frame.set_cursor_position(Position::new(
                list_area.x + x as u16,
                list_area.y + (add_line - offset) as u16,
            ));
        }
    }
}
