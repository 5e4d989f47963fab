//! The side panel of wide terminals: beside the form, what the identity provider needs
//! (the redirect URI to register, the scopes to grant, where each value is found) and the
//! config as it stands, rebuilt from the wizard's state on every frame, so it follows
//! every keystroke. Nothing here changes state.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::app::{Step, Wizard};
use super::save_plan::{self, FileKind, PlanProblem};
use super::steps::{clip, pad, wrap_text};
use super::theme::Theme;
use super::view::render_lines;
use crate::core::ParamValue;

/// From this many columns the panel is shown: the form keeps the 80 columns it is laid
/// out for (label, value, note) and the panel gets 56 or more, enough for a redirect URI
/// and the config's JSON lines without cutting most of them.
pub const WIDE_WIDTH: u16 = 140;

/// FastMCP's callback path when `redirect_path` is not set.
const DEFAULT_REDIRECT_PATH: &str = "/auth/callback";

/// The panel is shown on the steps that edit the config, when the terminal is wide.
pub fn shown(wizard: &Wizard, width: u16) -> bool {
    width >= WIDE_WIDTH
        && wizard.credentials.is_some()
        && matches!(
            wizard.step,
            Step::Credentials | Step::Scopes | Step::Deployment | Step::Save
        )
}

/// The panel's width out of the terminal's: two fifths, at least 56 columns.
pub fn width(total: u16) -> u16 {
    (total * 2 / 5).max(56)
}

pub fn draw(wizard: &Wizard, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for (i, section) in checklist(wizard).into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(section.title, theme.title()));
        let label_width = section.rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        for (label, text) in section.rows {
            let prefix = format!("  {} ", pad(&label, label_width));
            let room = width.saturating_sub(prefix.len());
            for (j, part) in wrap_text(&text, room).into_iter().enumerate() {
                let lead = if j == 0 {
                    prefix.clone()
                } else {
                    " ".repeat(prefix.len())
                };
                lines.push(Line::from(format!("{lead}{part}")));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Config (JSON, secrets masked)", theme.title()));
    match config_json(wizard) {
        Ok(json) => {
            lines.extend(json.lines().map(|l| Line::raw(clip(l, width))));
        }
        Err(problem) => {
            for text in wrap_text(&format!("not complete yet: {problem}"), width) {
                lines.push(Line::styled(text, theme.dim()));
            }
        }
    }
    // What does not fit is counted, not silently cut.
    let height = area.height as usize;
    if lines.len() > height && height > 0 {
        let hidden = lines.len() - height + 1;
        lines.truncate(height - 1);
        lines.push(Line::styled(
            format!("… {hidden} more lines (the Preview step shows them all)"),
            theme.dim(),
        ));
    }
    render_lines(frame, area, lines);
}

/// A titled list of (label, text) rows.
pub struct Section {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

/// What to set up at the identity provider: the redirect URI (OAuth-proxy providers),
/// the scopes, and where each required value of the form is found.
pub fn checklist(wizard: &Wizard) -> Vec<Section> {
    let spec = wizard.provider.current();
    let Some(credentials) = wizard.credentials.as_ref() else {
        return Vec::new();
    };
    let config = credentials.provider_config();
    let text = |name: &str| match config.config.get(name) {
        Some(ParamValue::Literal(serde_json::Value::String(s))) => Some(s.clone()),
        _ => None,
    };
    let scopes = wizard
        .scopes
        .as_ref()
        .map(|s| s.checked())
        .unwrap_or_else(|| spec.scopes.default.clone());
    let scopes = if scopes.is_empty() {
        "(none)".to_string()
    } else {
        scopes.join(" ")
    };
    let mut rows = Vec::new();
    let title = if spec.oauth_proxy {
        let uri = match text("base_url") {
            Some(base) => {
                let path = text("redirect_path").unwrap_or_else(|| DEFAULT_REDIRECT_PATH.into());
                format!(
                    "{}/{}",
                    base.trim_end_matches('/'),
                    path.trim_start_matches('/')
                )
            }
            None => "(fill in the server base URL)".to_string(),
        };
        rows.push(("Redirect URI".to_string(), uri));
        rows.push(("Scopes".to_string(), scopes));
        format!("Register with {}", spec.title)
    } else {
        rows.push(("Scopes".to_string(), scopes));
        "Tokens must carry".to_string()
    };
    let found = credentials
        .fields
        .iter()
        .filter(|f| f.spec.required)
        .map(|f| (f.spec.label.clone(), f.spec.help.clone()))
        .collect();
    vec![
        Section { title, rows },
        Section {
            title: "Where the values are found".to_string(),
            rows: found,
        },
    ]
}

/// The config file as a save would write it now, secrets masked: the preview's JSON tab,
/// from the same plan, or the first problem that keeps it from being made.
pub fn config_json(wizard: &Wizard) -> Result<String, String> {
    let path = PathBuf::from(wizard.save.path.value().trim());
    match save_plan::plan(wizard, &path) {
        Ok(plan) => Ok(plan.file(FileKind::Config).shown.clone()),
        Err(PlanProblem::NoForm) => Err("no provider chosen".to_string()),
        Err(PlanProblem::Deployment(problem)) => Err(problem),
        Err(PlanProblem::Config(err)) => Err(err.to_string()),
    }
}
