//! Drawing: the frame around every step (progress, footer with the keys that work),
//! dialogs, the "terminal too small" screen, and `render_lines`, which the steps use for
//! their text. Nothing here changes state.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{Overlay, Step, Wizard};
use super::steps::wrap_text;
use crate::core::text::escape_control;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn view(wizard: &Wizard, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{})\nEnlarge the window; Ctrl+C quits.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let theme = wizard.theme;
    let footer = footer_lines(wizard, area.width as usize);
    let [header_area, body_area, footer_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(footer.len() as u16),
    ])
    .areas(area);

    frame.render_widget(
        Paragraph::new(header_lines(wizard, area.width)),
        header_area,
    );
    let title = Span::styled(format!(" {} ", wizard.step.title()), theme.title());
    let inner = draw_body_frame(frame, body_area, title, theme.dim());
    let env = &*wizard.env;
    match wizard.step {
        _ if wizard.verifiers.is_open() => wizard.verifiers.view(frame, inner, theme, env),
        Step::Provider => wizard.provider.view(frame, inner, theme),
        Step::Credentials => {
            if let Some(step) = &wizard.credentials {
                step.view(frame, inner, theme, env);
            }
        }
        Step::Scopes => {
            if let Some(step) = &wizard.scopes {
                step.view(frame, inner, theme, wizard.provider.current());
            }
        }
        Step::Deployment => wizard.deploy.view(frame, inner, theme),
        Step::Preview => {
            if let Some(step) = &wizard.preview {
                step.view(frame, inner, theme);
            }
        }
        Step::Save => wizard.save.view(frame, inner, theme),
        Step::Done => {
            if let Some(step) = &wizard.done {
                step.view(frame, inner, theme);
            }
        }
    }
    frame.render_widget(Paragraph::new(footer), footer_area);
    if let Some(overlay) = &wizard.overlay {
        draw_overlay(wizard, overlay, frame, area);
    }
}

/// Draws `lines` one per row from the top of `area` (cut to its height and width). Unlike a
/// `Paragraph`, it leaves the rows below the text alone: a paragraph restyles every cell of
/// its area on every frame, most of a 200×60 body for a screen of a dozen lines.
///
/// Every step draws its text through here, so every span is escaped here: ratatui would
/// silently drop a control character and pass a bidi override on to the terminal, and the
/// user should see what the file or the environment really holds. Text measured for
/// layout is escaped before (`wrap_text`, `input_view`); escaping it again changes nothing.
pub fn render_lines<'a>(frame: &mut Frame, area: Rect, lines: impl IntoIterator<Item = Line<'a>>) {
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        frame.render_widget(terminal_safe(line), Rect::new(area.x, y, area.width, 1));
    }
}

/// `line` with control characters and bidi overrides in its spans shown as `\u{1b}`.
fn terminal_safe(mut line: Line<'_>) -> Line<'_> {
    for span in &mut line.spans {
        let escaped = match escape_control(&span.content) {
            Cow::Owned(text) => text,
            Cow::Borrowed(_) => continue,
        };
        span.content = Cow::Owned(escaped);
    }
    line
}

/// The body's border with its title; returns the area inside it. Drawn edge by edge: one
/// `Block` over the whole body would also restyle every cell inside it on every frame
/// (11 000 cells at 200×60, all to the default style they already have).
fn draw_body_frame(frame: &mut Frame, area: Rect, title: Span<'static>, style: Style) -> Rect {
    let edge = |borders| Block::default().borders(borders).border_style(style);
    let row = |y| Rect::new(area.x, y, area.width, 1);
    let column = |x| Rect::new(x, area.y + 1, 1, area.height.saturating_sub(2));
    frame.render_widget(
        edge(Borders::TOP | Borders::LEFT | Borders::RIGHT).title(title),
        row(area.y),
    );
    frame.render_widget(
        edge(Borders::BOTTOM | Borders::LEFT | Borders::RIGHT),
        row(area.bottom().saturating_sub(1)),
    );
    frame.render_widget(edge(Borders::LEFT), column(area.x));
    frame.render_widget(edge(Borders::RIGHT), column(area.right().saturating_sub(1)));
    Block::default().borders(Borders::ALL).inner(area)
}

fn header_lines(wizard: &Wizard, width: u16) -> Vec<Line<'static>> {
    let theme = wizard.theme;
    let mut spans = vec![Span::styled("fastmcp-auth ", theme.title())];
    // Narrow terminals name only the current step; the others keep their number.
    let narrow = width < 72;
    for (i, step) in Step::NUMBERED.iter().enumerate() {
        let label = format!("{} {}", i + 1, step.title());
        if *step == wizard.step {
            spans.push(Span::styled(format!("[{label}]"), theme.focused()));
        } else if narrow {
            spans.push(Span::styled(format!(" {} ", i + 1), theme.dim()));
        } else {
            spans.push(Span::styled(format!(" {label} "), theme.dim()));
        }
    }
    let spec = wizard.provider.current();
    let chosen = if wizard.step == Step::Provider {
        "Choose how clients of your MCP server authenticate.".to_string()
    } else {
        format!("{} → {}", spec.title, spec.class_label())
    };
    vec![Line::from(spans), Line::styled(chosen, theme.dim())]
}

fn footer_lines(wizard: &Wizard, width: usize) -> Vec<Line<'static>> {
    let theme = wizard.theme;
    let mut lines = vec![Line::default()];
    let mut used = 0;
    for (key, action) in wizard.keys() {
        let len = key.chars().count() + action.chars().count() + 4;
        if used + len > width && used > 0 {
            lines.push(Line::default());
            used = 0;
        }
        let line = lines.last_mut().expect("footer has a line");
        line.spans.push(Span::styled(key.to_string(), theme.key()));
        line.spans.push(Span::raw(format!(" {action}   ")));
        used += len;
    }
    lines
}

fn draw_overlay(wizard: &Wizard, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    let theme = wizard.theme;
    let width = area.width.saturating_sub(8).min(72);
    let (title, text): (&str, Vec<String>) = match overlay {
        Overlay::ConfirmQuit => ("Quit?", vec!["Quit without saving anything? (y/n)".into()]),
        Overlay::ConfirmOverwrite(path) => (
            "Overwrite?",
            vec![
                format!("{} already exists.", path.display()),
                "Replace it? The current file is kept as .bak next to it. (y/n)".into(),
            ],
        ),
        Overlay::Help => ("Help", help_text(wizard)),
    };
    let mut lines: Vec<Line> = Vec::new();
    for paragraph in text {
        for line in wrap_text(&paragraph, width.saturating_sub(4) as usize) {
            lines.push(Line::from(line));
        }
    }
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), theme.title()));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

fn help_text(wizard: &Wizard) -> Vec<String> {
    let mut text = vec![
        "Enter continues, Esc goes back one step (nothing typed is lost), Ctrl+C quits at once without writing anything, Ctrl+Z suspends (fg resumes).".to_string(),
    ];
    let step_help = match wizard.step {
        Step::Provider => {
            "Pick the FastMCP auth provider your server should use. / searches by type, alias, title, class or group; Esc or Backspace on an empty search closes it."
        }
        Step::Credentials => {
            "Fields marked * are required. Values found in the environment are prefilled and saved as ${VAR} references. Ctrl+T switches a field between a typed value and an environment variable; Ctrl+R shows or hides a secret. Pasting works in every field. For JWT bearer, Ctrl+G generates a development key pair; a sample token is shown after saving."
        }
        Step::Scopes => {
            "Space toggles a scope; type on the last row and press Enter to add your own. Tokens must carry every checked scope."
        }
        Step::Deployment => {
            "One instance keeps FastMCP's per-machine store. Several instances share OAuth state through Redis named by environment variables (never typed into the file), encrypted with Fernet keys listed newest first; the server then runs stateless. ←/→ or Space chooses; type the variable names on their rows."
        }
        Step::Preview => {
            "This is what will be written. Secrets are masked. ←/→ switch between JSON, Python and .env; ↑/↓ and PgUp/PgDn scroll. a adds another way to authenticate (FastMCP MultiAuth: e.g. machines present JWTs while people sign in), d drops the last one added."
        }
        Step::Save => {
            "The service name names the file. Saving is atomic (mode 0600); an existing file is replaced only after you confirm, and kept as .bak."
        }
        Step::Done => "The file is written. Enter or q exits.",
    };
    text.push(step_help.to_string());
    text.push("Any key closes this help.".to_string());
    text
}
