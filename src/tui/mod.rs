//! The interactive wizard: provider → credentials → scopes → preview → save.
//!
//! `app` holds the state and the one `update` function, `view` draws it, `steps/` has one
//! module per screen, `terminal` sets the terminal up and always restores it, `events`
//! brings keys and signals to the loop through one channel. The loop below blocks on that
//! channel: no ticks, no timers, zero CPU while the user thinks.

pub mod app;
pub mod events;
pub mod field;
pub mod hints;
pub mod jobs;
pub mod keymap;
pub mod panel;
pub mod save_plan;
pub mod steps;
pub mod summary;
pub mod terminal;
#[doc(hidden)]
pub mod testing;
pub mod theme;
pub mod view;

#[cfg(test)]
mod tests;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use self::app::{DevKeysReady, Effect, EnvLookup, Msg, Wizard};
use self::events::Events;
use self::terminal::TerminalSession;
use self::theme::Theme;
use crate::devkeys;
use crate::persist;

pub const EXIT_NO_TERMINAL: u8 = 2;

/// Runs the wizard on the real terminal (editing the config at `edit`, if given) and
/// returns the process exit status. Messages before the wizard starts go to `err`.
pub fn run(edit: Option<&Path>, err: &mut dyn Write) -> ExitCode {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        let _ = writeln!(
            err,
            "error: the wizard needs an interactive terminal (stdin and stdout are not both a \
             TTY). For scripts and CI use `fastmcp-auth generate` (see `fastmcp-auth generate --help`)."
        );
        return ExitCode::from(EXIT_NO_TERMINAL);
    }
    let theme = Theme::from_env(std::env::var("NO_COLOR").ok().as_deref());
    let env: EnvLookup = Box::new(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    let mut wizard = Wizard::new(env, persist::default_config_dir(), theme);
    if let Some(path) = edit {
        match persist::load_config(path) {
            Ok(file) => wizard = wizard.edit(file.loaded, path),
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    match event_loop(wizard) {
        Ok(Outcome { code, summary }) => {
            // Printed once the terminal is restored, so it stays in the scrollback and
            // can be copied whole (each line is escaped where it is built).
            for line in summary {
                println!("{line}");
            }
            ExitCode::from(code)
        }
        Err(err) => {
            eprintln!("error: terminal: {err}");
            ExitCode::from(1)
        }
    }
}

/// How the wizard ended, for what `run` prints after the terminal is restored.
struct Outcome {
    code: u8,
    /// The Done screen's summary (`tui::summary`), when the wizard saved.
    summary: Vec<String>,
}

/// Draw, wait for one message, update, perform the effect; until the wizard quits.
fn event_loop(mut wizard: Wizard) -> io::Result<Outcome> {
    let events = Events::catch_signals()?;
    let mut session = TerminalSession::start()?;
    events.read_terminal()?;
    resize(&mut wizard, &session)?;
    loop {
        session.terminal.draw(|frame| view::view(&wizard, frame))?;
        match wizard.update(events.next()?) {
            Effect::None => {}
            Effect::Quit(code) => {
                let summary = wizard
                    .done
                    .as_ref()
                    .map(|d| d.summary.clone())
                    .unwrap_or_default();
                return Ok(Outcome { code, summary });
            }
            // Dropping the session restores the terminal.
            Effect::Terminate(code) => {
                return Ok(Outcome {
                    code,
                    summary: Vec::new(),
                });
            }
            Effect::Suspend => {
                session.suspend()?;
                resize(&mut wizard, &session)?;
            }
            Effect::Redraw => {
                session.reenter()?;
                resize(&mut wizard, &session)?;
            }
            // Both take a moment: a worker does them and posts the result back, while
            // this loop keeps drawing and answering keys.
            Effect::Save { files, overwrite } => {
                jobs::spawn("wizard-save", events.poster(), move || {
                    Msg::Saved(jobs::save_files(&files, overwrite))
                })?;
            }
            Effect::LoadFile { path } => {
                wizard.update(load_file(path));
            }
            Effect::DevKeys { dir } => {
                jobs::spawn("wizard-keygen", events.poster(), move || {
                    let result = devkeys::load_or_create(&dir)
                        .map(|(pair, origin)| Box::new(DevKeysReady { dir, pair, origin }))
                        .map_err(|err| err.to_string());
                    Msg::DevKeys(result)
                })?;
            }
        }
    }
}

/// What `Effect::LoadFile` does: the bounded read `--set-file` also uses, as the message
/// that brings the text (or why it could not be read) back to the wizard.
pub fn load_file(path: PathBuf) -> Msg {
    let result = persist::read::read_text_file(&path, persist::Limit::FIELD_FILE)
        // Moved, not copied, out of the zeroizing buffer.
        .map(|mut text| crate::core::Secret::new(std::mem::take(&mut *text)))
        .map_err(|e| e.to_string());
    Msg::FileLoaded { path, result }
}

/// Tells the wizard the terminal's size (at start, and after a stop during which it may
/// have changed).
fn resize(wizard: &mut Wizard, session: &TerminalSession) -> io::Result<()> {
    let size = session.terminal.size()?;
    wizard.update(Msg::Resize(size.width, size.height));
    Ok(())
}
