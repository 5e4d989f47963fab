//! Step 1: pick a provider type from the catalog.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::StepEvent;
use crate::core::catalog::{Catalog, ProviderSpec};
use crate::tui::theme::Theme;

pub struct ProviderStep {
    pub selected: usize,
}

impl Default for ProviderStep {
    fn default() -> Self {
        ProviderStep::new()
    }
}

impl ProviderStep {
    pub fn new() -> Self {
        ProviderStep { selected: 0 }
    }

    pub fn providers() -> &'static [ProviderSpec] {
        &Catalog::builtin().providers
    }

    pub fn current(&self) -> &'static ProviderSpec {
        &Self::providers()[self.selected]
    }

    pub fn select_type(&mut self, type_name: &str) {
        if let Some(i) = Self::providers()
            .iter()
            .position(|p| p.type_name == type_name)
        {
            self.selected = i;
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> StepEvent {
        let count = Self::providers().len();
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = (self.selected + count - 1) % count,
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1) % count,
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = count - 1,
            KeyCode::Enter => return StepEvent::Continue,
            _ => {}
        }
        StepEvent::None
    }

    pub fn keys(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("↑↓/jk", "move"),
            ("Enter", "choose"),
            ("Esc", "quit"),
            ("?", "help"),
        ]
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let [list_area, detail_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(area);
        let type_width = Self::providers()
            .iter()
            .map(|p| p.type_name.len())
            .max()
            .unwrap_or(8);
        let title_width = Self::providers()
            .iter()
            .map(|p| p.title.chars().count() + if p.development_only { 11 } else { 0 })
            .max()
            .unwrap_or(20);
        let items: Vec<ListItem> = Self::providers()
            .iter()
            .map(|p| {
                let dev = if p.development_only {
                    " (dev only)"
                } else {
                    ""
                };
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{:<type_width$}  ", p.type_name), theme.title()),
                    Span::raw(format!("{:<title_width$}", format!("{}{dev}", p.title))),
                    Span::styled(format!("  {}", p.class_label()), theme.dim()),
                ]))
            })
            .collect();
        let list = List::new(items)
            .highlight_symbol("> ")
            .highlight_style(theme.selected_row());
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(list, list_area, &mut state);

        let spec = self.current();
        let origin = if spec.custom {
            "You name the class and its module.".to_string()
        } else {
            format!("from {} import {}", spec.import_path, spec.provider_class)
        };
        let detail = Paragraph::new(vec![
            Line::from(spec.description.as_str()),
            Line::styled(origin, theme.dim()),
        ])
        .wrap(Wrap { trim: true });
        frame.render_widget(detail, detail_area);
    }
}
