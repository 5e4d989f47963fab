//! The final screen: what was written and how to use it.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::wrap_text;
use crate::export::Format;
use crate::tui::theme::Theme;

pub struct DoneStep {
    pub path: PathBuf,
    pub backup: Option<PathBuf>,
    pub format: Format,
    /// Variables the server's environment must define.
    pub vars: Vec<String>,
}

impl DoneStep {
    pub fn keys(&self) -> &'static [(&'static str, &'static str)] {
        &[("Enter/q", "exit")]
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = area.width as usize;
        let path = self.path.display().to_string();
        let mut text: Vec<(String, ratatui::style::Style)> =
            vec![(format!("✓ Saved {path} (mode 0600)"), theme.ok())];
        if let Some(backup) = &self.backup {
            text.push((
                format!("  The previous version is kept at {}", backup.display()),
                theme.dim(),
            ));
        }
        text.push((String::new(), theme.dim()));
        let usage = match self.format {
            Format::Json => vec![
                "Load it in your server (the README has the five lines), or export code:"
                    .to_string(),
                format!("  fastmcp-auth show {path}"),
            ],
            Format::Python => vec![format!("Run the server: python {path}")],
            Format::Env => vec![
                "Fill in the values, then load the file into the server's environment.".to_string(),
            ],
            Format::EnvV2 => vec![
                "FastMCP 2.12-2.14 reads these variables; FastMCP 3+ ignores them.".to_string(),
            ],
        };
        for line in usage {
            text.push((line, ratatui::style::Style::new()));
        }
        if !self.vars.is_empty() {
            text.push((String::new(), theme.dim()));
            text.push((
                "Set these variables where the server runs:".to_string(),
                ratatui::style::Style::new(),
            ));
            for var in &self.vars {
                text.push((format!("  {var}"), theme.title()));
            }
        }
        let lines: Vec<Line> = text
            .into_iter()
            .flat_map(|(t, style)| {
                wrap_text(&t, width)
                    .into_iter()
                    .map(move |l| Line::styled(l, style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
    }
}
