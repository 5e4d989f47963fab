//! Step 4: the generated config before anything is written, in tabs (JSON, Python, .env),
//! with secrets masked and warnings listed.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Tabs;

use super::{StepEvent, wrap_text};
use crate::core::{FastMCPAuthConfig, Generated, ParamValue};
use crate::export::{
    ExportError, SecretDisplay, referenced_vars, render_env, render_json, render_python,
};
use crate::tui::theme::Theme;
use crate::tui::view::{render_lines, scroll_mark};

pub const TAB_TITLES: [&str; 3] = ["JSON", "Python", ".env"];

pub struct PreviewStep {
    pub config: FastMCPAuthConfig,
    pub texts: [String; 3],
    pub warnings: Vec<String>,
    pub tab: usize,
    pub scroll: [u16; 3],
    /// Body height at the last draw, for paging (a layout cache, hence the Cell).
    pub page: Cell<u16>,
}

/// An export, or why this config has none (a comment line, so the tab never stays blank).
fn shown_or_problem(rendered: Result<String, ExportError>) -> String {
    rendered.unwrap_or_else(|e| format!("# cannot be written: {e}\n"))
}

impl PreviewStep {
    pub fn new(generated: Generated, env: &dyn Fn(&str) -> Option<String>) -> Self {
        let config = generated.config;
        let texts = [
            render_json(&config, SecretDisplay::Masked),
            shown_or_problem(render_python(&config, SecretDisplay::Masked)),
            shown_or_problem(render_env(&config, None)),
        ];
        let mut warnings = generated.warnings;
        for (param, value) in &config.config_params {
            if matches!(value, ParamValue::Secret(_)) {
                warnings.push(format!(
                    "{param}: embedded: the file will hold the secret's value itself (masked \
                     here); keep it private, or refer to an environment variable instead \
                     (Ctrl+T on its field)"
                ));
            }
        }
        for (var, param) in referenced_vars(&config) {
            if env(var).is_none() {
                warnings.push(format!(
                    "{param} refers to ${var}, which is not set in this shell"
                ));
            }
        }
        PreviewStep {
            config,
            texts,
            warnings,
            tab: 0,
            scroll: [0; 3],
            page: Cell::new(10),
        }
    }

    fn page(&self) -> u16 {
        self.page.get().max(1)
    }

    fn max_scroll(&self) -> u16 {
        let lines = self.texts[self.tab].lines().count() as u16;
        lines.saturating_sub(self.page())
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> StepEvent {
        let scroll = self.scroll[self.tab];
        let new = match key.code {
            KeyCode::Right | KeyCode::Tab => {
                self.tab = (self.tab + 1) % TAB_TITLES.len();
                return StepEvent::None;
            }
            KeyCode::Left | KeyCode::BackTab => {
                self.tab = (self.tab + TAB_TITLES.len() - 1) % TAB_TITLES.len();
                return StepEvent::None;
            }
            KeyCode::Char(c @ '1'..='3') => {
                self.tab = c as usize - '1' as usize;
                return StepEvent::None;
            }
            KeyCode::Down | KeyCode::Char('j') => scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => scroll.saturating_add(self.page()),
            KeyCode::PageUp => scroll.saturating_sub(self.page()),
            KeyCode::Home => 0,
            KeyCode::End => u16::MAX,
            KeyCode::Enter => return StepEvent::Continue,
            _ => scroll,
        };
        self.scroll[self.tab] = new.min(self.max_scroll());
        StepEvent::None
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = area.width as usize;
        let mut warning_lines: Vec<Line> = Vec::new();
        for warning in &self.warnings {
            for (i, text) in wrap_text(warning, width.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let mark = if i == 0 { "! " } else { "  " };
                warning_lines.push(Line::styled(format!("{mark}{text}"), theme.warning()));
            }
        }
        let max_warning_height = (area.height / 3).max(1);
        let shown = warning_lines.len().min(max_warning_height as usize);
        if warning_lines.len() > shown {
            warning_lines.truncate(shown.saturating_sub(1));
            warning_lines.push(Line::styled(
                format!("! … {} warnings in all", self.warnings.len()),
                theme.warning(),
            ));
        }
        let [tabs_area, body_area, warn_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(warning_lines.len() as u16),
        ])
        .areas(area);
        let tabs = Tabs::new(TAB_TITLES)
            .select(self.tab)
            .highlight_style(theme.selected_row())
            .divider("|");
        frame.render_widget(tabs, tabs_area);
        self.page.set(body_area.height);
        let scroll = self.scroll[self.tab].min(self.max_scroll());
        let total = self.texts[self.tab].lines().count();
        if total > body_area.height as usize {
            let first = scroll as usize + 1;
            let last = (scroll as usize + body_area.height as usize).min(total);
            scroll_mark(frame, area, &format!("{first}-{last}/{total}"), theme);
        }
        let body = self.texts[self.tab].lines().skip(scroll as usize);
        render_lines(frame, body_area, body.map(Line::raw));
        render_lines(frame, warn_area, warning_lines);
    }
}
