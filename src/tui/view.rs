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
use super::panel;
use super::steps::{clip, pad, wrap_text};
use super::theme::Theme;
use crate::core::text::escape_control;
use unicode_width::UnicodeWidthStr;

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
    // Wide terminals: the live preview and checklist beside the form.
    let body_area = if panel::shown(wizard, area.width) {
        let [form, side] = Layout::horizontal([
            Constraint::Min(1),
            Constraint::Length(panel::width(area.width)),
        ])
        .areas(body_area);
        let title = Span::styled(" Live preview ", theme.title());
        let inside = draw_body_frame(frame, side, title, theme.dim());
        panel::draw(wizard, frame, inside, theme);
        form
    } else {
        body_area
    };
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
        Step::Review => {
            if let Some(step) = &wizard.review {
                step.view(frame, inner, theme, &wizard.review_lines());
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

/// Shows where a list that does not fit stands (`3/12`): right-aligned on the row below
/// `area`, which is the bottom border of the step's frame.
pub fn scroll_mark(frame: &mut Frame, area: Rect, mark: &str, theme: Theme) {
    let text = format!(" {mark} ");
    let width = (text.width() as u16).min(area.width);
    let x = area.right().saturating_sub(width + 1);
    let row = Rect::new(x, area.bottom(), width, 1);
    if row.bottom() <= frame.area().bottom() {
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), row);
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
    for (keys, label) in wizard.keys() {
        let len = keys.width() + label.width() + 4;
        if used + len > width && used > 0 {
            lines.push(Line::default());
            used = 0;
        }
        let line = lines.last_mut().expect("footer has a line");
        line.spans.push(Span::styled(keys, theme.key()));
        line.spans.push(Span::raw(format!(" {label}   ")));
        used += len;
    }
    if wizard.overlay == Some(Overlay::Help) {
        lines.push(Line::from(vec![
            Span::styled("any key", theme.key()),
            Span::raw(" close help"),
        ]));
        lines.remove(0);
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
        Overlay::Help => {
            let room = area.height.saturating_sub(4) as usize;
            (
                "Help",
                help_text(wizard, width.saturating_sub(4) as usize, room),
            )
        }
    };
    let mut lines: Vec<Line> = Vec::new();
    for paragraph in text {
        for line in wrap_text(&paragraph, width.saturating_sub(4) as usize) {
            lines.push(Line::from(line));
        }
    }
    // What does not fit says so rather than stopping mid-sentence.
    let room = area.height.saturating_sub(4) as usize;
    if lines.len() > room && room > 0 {
        lines.truncate(room - 1);
        lines.push(Line::styled(
            "… (a taller terminal shows the rest)",
            theme.dim(),
        ));
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

/// The help: the keys of the screen under it (from its key table), then what the step
/// is about. The prose names no key: the table is the one place keys are described.
fn help_text(wizard: &Wizard, width: usize, rows: usize) -> Vec<String> {
    let typing = wizard.is_typing();
    let keys: Vec<(String, &str)> = wizard
        .step_bindings()
        .into_iter()
        .map(|b| (b.key_names(typing), b.label))
        .filter(|(keys, _)| !keys.is_empty())
        .collect();
    let column = keys.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let entries: Vec<String> = keys
        .iter()
        .map(|(keys, label)| format!("{}  {label}", pad(keys, column)))
        .collect();
    // Short terminals get the keys in two columns, each entry cut to fit.
    let mut text: Vec<String> = if entries.len() + 2 > rows && width >= 40 {
        let half = entries.len().div_ceil(2);
        let cell = (width - 2) / 2;
        (0..half)
            .map(|i| {
                let left = pad(&clip(&entries[i], cell), cell);
                let right = entries
                    .get(half + i)
                    .map_or(String::new(), |e| clip(e, cell));
                format!("{left}  {right}").trim_end().to_string()
            })
            .collect()
    } else {
        entries
    };
    let step_help = match wizard.step {
        Step::Provider => {
            "Pick the FastMCP auth provider your server should use. The search looks at the type, aliases (okta, entra…), title, class and group, and selects the best match."
        }
        Step::Credentials => {
            "Fields marked * are required. Values found in the environment are prefilled and saved as ${VAR} references; a field can take a typed value or a variable name instead. Pasting works in every field. For JWT bearer a development key pair can be generated; a sample token is shown after saving."
        }
        Step::Scopes => {
            "Tokens must carry every checked scope. Type on the last row to add your own."
        }
        Step::Deployment => {
            "One instance keeps FastMCP's per-machine store. Several instances share OAuth state through Redis named by environment variables (never typed into the file), encrypted with Fernet keys listed newest first; the server then runs stateless. Type the variable names on their rows."
        }
        Step::Preview => {
            "Each tab is a file as the save writes it, byte for byte, with secrets masked: the JSON config (always written), the Python server and the .env file (written when ticked on the next step). a adds another way to authenticate (FastMCP MultiAuth: e.g. machines present JWTs while people sign in), d drops the last one added."
        }
        Step::Save => {
            "The service name names the files. The JSON config is always written; tick a .env file (it holds the secrets you typed, the config refers to them as ${VAR}) and a server skeleton to write them next to it. Saving is atomic (mode 0600); an existing file is replaced only after you confirm, and kept as .bak; a file that would not change is left alone."
        }
        Step::Done => "The files are written; this summary stays in the terminal after you exit.",
        Step::Review => {
            "You are editing a saved config. Open a value to go to the step that changes it (going back returns here); the last row shows the files and saves them. Nothing is written unless something changed."
        }
    };
    text.push(String::new());
    text.push(step_help.to_string());
    text
}
