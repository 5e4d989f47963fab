//! Step 1: pick a provider type from the catalog. Twenty entries stay easy to scan: they are
//! listed under their catalog group's heading, in catalog order (the specification's six
//! first), and `/` opens a filter that keeps only the providers whose type, alias, title,
//! class or group contains what is typed, and selects the best match: an exact type or
//! alias (`oauth`, `okta`), then one that starts so, then a title word, then any match.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

use super::{StepEvent, clip, pad, wrap_text};
use crate::core::catalog::{Catalog, ProviderSpec};
use crate::core::text::escape_control;
use crate::tui::theme::Theme;
use crate::tui::view::{render_lines, scroll_mark};
use unicode_width::UnicodeWidthStr;

pub struct ProviderStep {
    /// Index into the catalog's providers (not into the rows shown).
    pub selected: usize,
    /// The filter's text while it is open.
    filter: Option<String>,
}

impl Default for ProviderStep {
    fn default() -> Self {
        ProviderStep::new()
    }
}

const DEV_MARK: &str = " (dev only)";

impl ProviderStep {
    pub fn new() -> Self {
        ProviderStep {
            selected: 0,
            filter: None,
        }
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

    /// The filter is open: printable keys are typed into it.
    pub fn is_filtering(&self) -> bool {
        self.filter.is_some()
    }

    /// Catalog indices of the providers shown: all of them, or those the filter matches.
    fn visible(&self) -> Vec<usize> {
        let needle = self
            .filter
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_lowercase();
        Self::providers()
            .iter()
            .enumerate()
            .filter(|(_, p)| needle.is_empty() || matches_filter(p, &needle))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> StepEvent {
        if self.filter.is_some() {
            return self.filter_key(key);
        }
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.move_selection(false),
            KeyCode::Down | KeyCode::Char('j') => self.move_selection(true),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = Self::providers().len() - 1,
            KeyCode::Char('/') => self.filter = Some(String::new()),
            KeyCode::Enter => return StepEvent::Continue,
            _ => {}
        }
        StepEvent::None
    }

    /// Keys while the filter is open. Esc, or Backspace on an empty filter, closes it;
    /// choosing a provider closes it too, so Back returns to the whole list.
    fn filter_key(&mut self, key: KeyEvent) -> StepEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let shown = self.visible().contains(&self.selected);
        let Some(text) = self.filter.as_mut() else {
            return StepEvent::None;
        };
        match key.code {
            KeyCode::Enter if shown => {
                self.filter = None;
                return StepEvent::Continue;
            }
            KeyCode::Up => self.move_selection(false),
            KeyCode::Down => self.move_selection(true),
            KeyCode::Backspace if text.pop().is_none() => self.filter = None,
            KeyCode::Backspace => self.select_best_match(),
            KeyCode::Esc => self.filter = None,
            KeyCode::Char('u') if ctrl => text.clear(),
            KeyCode::Char(c) if !ctrl => {
                text.push(c);
                self.select_best_match();
            }
            _ => {}
        }
        StepEvent::None
    }

    /// Up/Down move through the rows shown, wrapping around.
    fn move_selection(&mut self, forward: bool) {
        let visible = self.visible();
        let Some(last) = visible.len().checked_sub(1) else {
            return;
        };
        let next = match visible.iter().position(|&i| i == self.selected) {
            Some(p) if forward => {
                if p == last {
                    0
                } else {
                    p + 1
                }
            }
            Some(p) => {
                if p == 0 {
                    last
                } else {
                    p - 1
                }
            }
            None => 0,
        };
        self.selected = visible[next];
    }

    /// Selects the best-ranked match of the search (the first in the catalog among
    /// equals); with no match the selection stays where it was.
    fn select_best_match(&mut self) {
        let needle = self
            .filter
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_lowercase();
        if needle.is_empty() {
            return;
        }
        let best = Self::providers()
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match_rank(p, &needle).map(|rank| (rank, i)))
            .min();
        if let Some((_, i)) = best {
            self.selected = i;
        }
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let filter_height = u16::from(self.is_filtering());
        let [filter_area, list_area, detail_area] = Layout::vertical([
            Constraint::Length(filter_height),
            Constraint::Min(3),
            Constraint::Length(3),
        ])
        .areas(area);
        let visible = self.visible();
        if let Some(text) = &self.filter {
            let text = escape_control(text).into_owned();
            let line = Line::from(vec![
                Span::styled("Search: ", theme.title()),
                Span::styled(text.clone(), theme.input()),
                Span::styled(
                    format!("  {} of {}", visible.len(), Self::providers().len()),
                    theme.dim(),
                ),
            ]);
            render_lines(frame, filter_area, [line]);
            let column = "Search: ".len() + text.width();
            frame.set_cursor_position(Position::new(filter_area.x + column as u16, filter_area.y));
        }

        let (rows, selected_row) = self.rows(&visible, list_area.width as usize, theme);
        if rows.len() > list_area.height as usize {
            if let Some(at) = visible.iter().position(|&i| i == self.selected) {
                scroll_mark(frame, area, &format!("{}/{}", at + 1, visible.len()), theme);
            }
        }
        // Only as tall as its rows: ratatui restyles every cell of a widget's area.
        let list_area = Rect {
            height: list_area.height.min(rows.len() as u16),
            ..list_area
        };
        let list = List::new(rows)
            .highlight_symbol("> ")
            .highlight_style(theme.selected_row());
        let mut state = ListState::default().with_selected(selected_row);
        frame.render_stateful_widget(list, list_area, &mut state);

        let width = detail_area.width as usize;
        let detail = if visible.contains(&self.selected) {
            let spec = self.current();
            let origin = if spec.custom {
                "You name the class and its module.".to_string()
            } else {
                format!("from {} import {}", spec.import_path, spec.provider_class)
            };
            // The import line is kept whole; the description gets the lines left.
            let origin = wrap_text(&origin, width);
            let room = (detail_area.height as usize)
                .saturating_sub(origin.len())
                .max(1);
            let mut lines: Vec<Line> = clip_lines(wrap_text(&spec.description, width), room, width)
                .into_iter()
                .map(Line::from)
                .collect();
            lines.extend(origin.into_iter().map(|l| Line::styled(l, theme.dim())));
            lines
        } else {
            let text = self.filter.as_deref().unwrap_or_default();
            vec![
                Line::styled(format!("No provider matches '{text}'."), theme.warning()),
                Line::styled("Backspace edits the search; Ctrl+U clears it.", theme.dim()),
            ]
        };
        render_lines(frame, detail_area, detail);
    }

    /// One row per provider shown, with a heading where the catalog group changes; also
    /// the row of the selected provider.
    fn rows(
        &self,
        visible: &[usize],
        width: usize,
        theme: Theme,
    ) -> (Vec<ListItem<'static>>, Option<usize>) {
        let providers = Self::providers();
        let type_width = providers
            .iter()
            .map(|p| p.type_name.width())
            .max()
            .unwrap_or(8);
        let title_width = providers
            .iter()
            .map(|p| {
                p.title.width()
                    + if p.development_only {
                        DEV_MARK.len()
                    } else {
                        0
                    }
            })
            .max()
            .unwrap_or(20);
        // A clipped class name helps no one: narrow lists leave the column out (the detail
        // below names the class of the selected provider).
        let class_width = providers
            .iter()
            .map(|p| p.class_label().width())
            .max()
            .unwrap_or(0);
        let show_class = width >= 2 + type_width + 2 + title_width + 2 + class_width;
        let mut rows = Vec::new();
        let mut selected_row = None;
        let mut group: Option<&str> = None;
        for &i in visible {
            let p = &providers[i];
            if group != Some(p.group.as_str()) {
                group = Some(&p.group);
                // The list indents every row by the highlight symbol's width.
                let fill = width.saturating_sub(p.group.width() + 6);
                rows.push(ListItem::new(Line::styled(
                    format!("── {} {}", p.group, "─".repeat(fill)),
                    theme.dim(),
                )));
            }
            if i == self.selected {
                selected_row = Some(rows.len());
            }
            let dev = if p.development_only { DEV_MARK } else { "" };
            let mut spans = vec![
                Span::styled(
                    format!("{}  ", pad(&p.type_name, type_width)),
                    theme.title(),
                ),
                Span::raw(pad(&format!("{}{dev}", p.title), title_width)),
            ];
            if show_class {
                spans.push(Span::styled(format!("  {}", p.class_label()), theme.dim()));
            }
            rows.push(ListItem::new(Line::from(spans)));
        }
        (rows, selected_row)
    }
}

/// At most `room` lines; a cut text ends with `…`.
fn clip_lines(mut lines: Vec<String>, room: usize, width: usize) -> Vec<String> {
    if lines.len() > room {
        lines.truncate(room);
        if let Some(last) = lines.last_mut() {
            *last = clip(&format!("{last}…"), width);
        }
    }
    lines
}

/// How well `needle` (lower case) names the provider, best first: the exact type or an
/// alias, the start of one, the start of a title word, anywhere in what the filter
/// searches; `None` when it does not match.
fn match_rank(spec: &ProviderSpec, needle: &str) -> Option<u8> {
    let names = || std::iter::once(&spec.type_name).chain(&spec.aliases);
    if names().any(|n| n.eq_ignore_ascii_case(needle)) {
        Some(0)
    } else if names().any(|n| n.to_lowercase().starts_with(needle)) {
        Some(1)
    } else if spec
        .title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.starts_with(needle))
    {
        Some(2)
    } else if matches_filter(spec, needle) {
        Some(3)
    } else {
        None
    }
}

/// `needle` (lower case) is part of the provider's type, an alias, its title, class or group.
fn matches_filter(spec: &ProviderSpec, needle: &str) -> bool {
    [
        &spec.type_name,
        &spec.title,
        &spec.provider_class,
        &spec.group,
    ]
    .into_iter()
    .chain(&spec.aliases)
    .any(|text| text.to_lowercase().contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(step: &mut ProviderStep, code: KeyCode) -> StepEvent {
        step.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn type_text(step: &mut ProviderStep, text: &str) {
        for c in text.chars() {
            press(step, KeyCode::Char(c));
        }
    }

    fn shown(step: &ProviderStep) -> Vec<&'static str> {
        step.visible()
            .into_iter()
            .map(|i| ProviderStep::providers()[i].type_name.as_str())
            .collect()
    }

    #[test]
    fn headings_mark_each_group_and_are_never_selected() {
        let step = ProviderStep::new();
        let (rows, selected) = step.rows(&step.visible(), 60, Theme { color: false });
        let providers = ProviderStep::providers();
        let mut groups: Vec<&str> = providers.iter().map(|p| p.group.as_str()).collect();
        groups.dedup();
        assert_eq!(rows.len(), providers.len() + groups.len());
        // Row 0 is the first heading, so bearer is row 1.
        assert_eq!(selected, Some(1));
        // Down walks the catalog in order, over the headings.
        let mut step = ProviderStep::new();
        for expected in providers.iter().skip(1) {
            press(&mut step, KeyCode::Down);
            assert_eq!(step.current().type_name, expected.type_name);
        }
        press(&mut step, KeyCode::Char('j'));
        assert_eq!(step.current().type_name, "bearer", "wraps around");
    }

    #[test]
    fn search_narrows_the_list_and_enter_picks_the_match() {
        let mut step = ProviderStep::new();
        press(&mut step, KeyCode::Char('/'));
        assert!(step.is_filtering());
        // j and k are letters here, not movement.
        type_text(&mut step, "keyc");
        assert_eq!(shown(&step), ["keycloak"]);
        assert_eq!(step.current().type_name, "keycloak");
        assert_eq!(press(&mut step, KeyCode::Enter), StepEvent::Continue);
        assert!(!step.is_filtering(), "choosing closes the search");
        assert_eq!(shown(&step).len(), ProviderStep::providers().len());
    }

    #[test]
    fn search_matches_aliases_classes_and_groups() {
        let mut step = ProviderStep::new();
        press(&mut step, KeyCode::Char('/'));
        // An alias alone (the title says "Entra ID").
        type_text(&mut step, "ENTRA-ID");
        assert_eq!(shown(&step), ["azure"]);
        step.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_text(&mut step, "hf");
        assert_eq!(shown(&step), ["huggingface"]);
        step.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_text(&mut step, "TokenVerifier");
        assert_eq!(
            shown(&step),
            [
                "introspection",
                "cognito-jwt",
                "google-token",
                "github-token",
                "workos-token",
                "static"
            ]
        );
        press(&mut step, KeyCode::Down);
        assert_eq!(step.current().type_name, "cognito-jwt");
        for _ in 0..5 {
            press(&mut step, KeyCode::Down);
        }
        assert_eq!(
            step.current().type_name,
            "introspection",
            "wraps within matches"
        );
        step.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_text(&mut step, "development");
        assert_eq!(shown(&step), ["static"]);
    }

    /// Searches `text` from a fresh list and returns the provider Enter would choose.
    fn chosen_by_search(text: &str) -> &'static str {
        let mut step = ProviderStep::new();
        press(&mut step, KeyCode::Char('/'));
        type_text(&mut step, text);
        assert_eq!(
            press(&mut step, KeyCode::Enter),
            StepEvent::Continue,
            "{text}"
        );
        step.current().type_name.as_str()
    }

    #[test]
    fn search_chooses_an_exact_type_or_alias_before_earlier_partial_matches() {
        // "Google OAuth" and "GitHub OAuth" come first in the catalog and contain "oauth".
        assert_eq!(chosen_by_search("oauth"), "oauth");
        assert_eq!(chosen_by_search("OIDC"), "oauth");
        assert_eq!(chosen_by_search("workos"), "workos");
        assert_eq!(chosen_by_search("workos-oauth"), "workos-oauth");
        assert_eq!(chosen_by_search("jwt"), "bearer");
        // A name's start beats the same letters inside another entry's text.
        assert_eq!(chosen_by_search("cog"), "aws-cognito");
        // Backspace ranks again: "oautx" matches nothing, "oaut" starts the type "oauth".
        let mut step = ProviderStep::new();
        press(&mut step, KeyCode::Char('/'));
        type_text(&mut step, "oautx");
        press(&mut step, KeyCode::Backspace);
        assert_eq!(step.current().type_name, "oauth");
    }

    #[test]
    fn search_knows_the_identity_providers_that_map_to_a_type() {
        for name in ["Okta", "Ping", "PingOne", "Authentik", "Zitadel"] {
            assert_eq!(chosen_by_search(name), "oauth", "{name}");
        }
        for name in ["Entra", "entra-id", "Azure", "Microsoft"] {
            assert_eq!(chosen_by_search(name), "azure", "{name}");
        }
    }

    #[test]
    fn no_match_keeps_enter_from_choosing_and_backspace_closes() {
        let mut step = ProviderStep::new();
        press(&mut step, KeyCode::Char('/'));
        type_text(&mut step, "zz");
        assert!(shown(&step).is_empty());
        assert_eq!(press(&mut step, KeyCode::Enter), StepEvent::None);
        assert!(step.is_filtering(), "still typing into the search");
        press(&mut step, KeyCode::Backspace);
        press(&mut step, KeyCode::Backspace);
        assert!(step.is_filtering());
        press(&mut step, KeyCode::Backspace);
        assert!(
            !step.is_filtering(),
            "Backspace on an empty search closes it"
        );
        // The best match of what the search last held ("z" starts the alias zitadel)
        // stays selected.
        assert_eq!(step.current().type_name, "oauth");
        press(&mut step, KeyCode::Char('/'));
        type_text(&mut step, "dis");
        press(&mut step, KeyCode::Esc);
        assert!(!step.is_filtering(), "Esc closes the search");
        assert_eq!(step.current().type_name, "discord");
    }
}
