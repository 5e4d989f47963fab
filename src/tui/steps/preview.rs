//! Step 4: the files a save writes, in tabs (JSON config, Python server, .env), each
//! showing exactly the bytes its file gets with secret values masked, and warnings listed.

use std::cell::Cell;
use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Tabs;

use super::{StepEvent, wrap_text};
use crate::core::compat::default_target;
use crate::core::text::escape_control;
use crate::core::{AuthError, FastMCPAuthConfig, FastmcpVersion, ParamValue};
use crate::export::referenced_vars;
use crate::tui::save_plan::{FileKind, SavePlan, SecretsTo};
use crate::tui::theme::Theme;
use crate::tui::view::{render_lines, scroll_mark};

pub const TAB_TITLES: [&str; 3] = [
    FileKind::TABS[0].title(),
    FileKind::TABS[1].title(),
    FileKind::TABS[2].title(),
];

pub struct PreviewStep {
    /// The release the config is for: the catalog's newest unless chosen with `f`.
    pub target: FastmcpVersion,
    /// Why the config cannot be generated for `target` (nothing can be saved then).
    pub refusal: Option<String>,
    pub config: FastMCPAuthConfig,
    /// What each file will hold, secrets masked, in [`FileKind::TABS`] order.
    pub texts: [String; 3],
    /// Where each file goes.
    pub paths: [PathBuf; 3],
    pub warnings: Vec<String>,
    pub tab: usize,
    pub scroll: [u16; 3],
    /// Body height at the last draw, for paging (a layout cache, hence the Cell).
    pub page: Cell<u16>,
}

impl PreviewStep {
    pub fn new(
        plan: &SavePlan,
        mut warnings: Vec<String>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Self {
        let config = &plan.config;
        let texts = [0, 1, 2].map(|i| plan.files[i].shown.clone());
        let paths = [0, 1, 2].map(|i| plan.files[i].path.clone());
        let target = config.fastmcp_version.unwrap_or_else(default_target);
        let spec = config
            .provider_type
            .as_deref()
            .and_then(|t| crate::core::Catalog::builtin().get(t));
        if let Some((spec, names)) = spec.and_then(|s| {
            crate::core::compat::scopes_clients_request(s, config).map(|names| (s, names))
        }) {
            warnings.push(format!(
                "{}: MCP clients must request the scopes by these names: {}",
                spec.scopes.param,
                names.join(" ")
            ));
        }
        for (param, value) in &config.config_params {
            if matches!(value, ParamValue::Secret(_)) {
                warnings.push(format!(
                    "{param}: embedded: the file will hold the secret's value itself (masked \
                     here); keep it private, or refer to an environment variable instead \
                     (Ctrl+T on its field)"
                ));
            }
        }
        for typed in &plan.typed {
            let (param, var) = (&typed.param, typed.var.as_str());
            warnings.push(match plan.secrets_to {
                SecretsTo::EnvFile => format!(
                    "{param}: what you typed goes into the .env file as {var} (masked here); \
                     the config refers to ${{{var}}}"
                ),
                _ => format!(
                    "{param}: what you typed is not saved: the config refers to ${{{var}}} \
                     (the save step decides)"
                ),
            });
        }
        // Typed secrets that the .env file holds are set once it is loaded.
        let in_env_file: Vec<&str> = plan
            .typed
            .iter()
            .filter(|_| plan.secrets_to == SecretsTo::EnvFile)
            .map(|t| t.var.as_str())
            .collect();
        for (var, param) in referenced_vars(config) {
            if env(var).is_none() && !in_env_file.contains(&var) {
                warnings.push(format!(
                    "{param} refers to ${var}, which is not set in this shell"
                ));
            }
        }
        PreviewStep {
            target,
            refusal: None,
            config: config.clone(),
            texts,
            paths,
            warnings,
            tab: 0,
            scroll: [0; 3],
            page: Cell::new(10),
        }
    }

    /// The preview when the config does not fit `target`: every tab says why.
    pub fn refused(target: FastmcpVersion, err: &AuthError) -> Self {
        let message = format!("cannot be generated for FastMCP {target}: {err}");
        let text =
            format!("# {message}\n# Press f for another release, or Esc to change the choices.\n");
        PreviewStep {
            target,
            refusal: Some(message.clone()),
            config: FastMCPAuthConfig {
                provider_class: String::new(),
                import_path: String::new(),
                config_params: Default::default(),
                provider_type: None,
                fastmcp_version: Some(target),
                service: None,
                deployment: None,
                verifier_params: Default::default(),
                also_accept: Vec::new(),
                extra: Default::default(),
            },
            texts: [text.clone(), text.clone(), text],
            paths: Default::default(),
            warnings: vec![message],
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
        let [top_area, body_area, warn_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(warning_lines.len() as u16),
        ])
        .areas(area);
        let tabs = Tabs::new(TAB_TITLES)
            .select(self.tab)
            .highlight_style(theme.selected_row())
            .divider("|");
        // The tabs, where the file shown goes, and the release (and its key), right-aligned:
        // the body and the key bar keep their height.
        let target = format!(" FastMCP {} (f: change) ", self.target);
        let [tabs_area, path_area, target_area] = Layout::horizontal([
            Constraint::Length(22),
            Constraint::Min(1),
            Constraint::Length(target.chars().count() as u16),
        ])
        .areas(top_area);
        frame.render_widget(tabs, tabs_area);
        let path = self.paths[self.tab].display().to_string();
        let path = escape_control(&path);
        render_lines(
            frame,
            path_area,
            [Line::styled(
                format!("→ {}", keep_tail(&path, path_area.width.saturating_sub(2))),
                theme.dim(),
            )],
        );
        render_lines(frame, target_area, [Line::raw(target)]);
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

/// The end of `text` in at most `width` columns, cut on the left with `…`: a path's file
/// name matters more than its first directories.
fn keep_tail(text: &str, width: u16) -> String {
    let chars: Vec<char> = text.chars().collect();
    let width = usize::from(width);
    if chars.len() <= width {
        return text.to_string();
    }
    let kept = width.saturating_sub(1);
    let tail: String = chars[chars.len() - kept..].iter().collect();
    format!("…{tail}")
}
