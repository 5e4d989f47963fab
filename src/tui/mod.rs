//! The interactive wizard: provider → credentials → scopes → preview → save.
//!
//! `app` holds the state and the one `update` function, `view` draws it, `steps/` has one
//! module per screen, `terminal` sets the terminal up and always restores it, `events`
//! brings keys and signals to the loop through one channel. The loop below blocks on that
//! channel: no ticks, no timers, zero CPU while the user thinks.

pub mod app;
pub mod events;
pub mod field;
pub mod keymap;
pub mod panel;
pub mod steps;
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

use self::app::{DevKeysReady, Effect, EnvLookup, Msg, SaveFailure, Wizard};
use self::events::Events;
use self::steps::done::SampleToken;
use self::terminal::TerminalSession;
use self::theme::Theme;
use crate::core::text::escape_control;
use crate::devkeys;
use crate::persist::{self, SaveError};

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
        Ok(Outcome {
            code,
            saved,
            sample_token,
        }) => {
            if let Some(path) = saved {
                let path = path.display().to_string();
                println!("fastmcp-auth: saved {}", escape_control(&path));
            }
            // Printed outside the alternate screen so it can be copied whole.
            if let Some(sample) = sample_token {
                println!(
                    "fastmcp-auth: development token ({}):",
                    escape_control(&sample.description())
                );
                println!("{}", sample.token);
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
    saved: Option<PathBuf>,
    sample_token: Option<SampleToken>,
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
                let done = wizard.done.as_ref();
                return Ok(Outcome {
                    code,
                    saved: done.map(|d| d.path.clone()),
                    sample_token: done.and_then(|d| d.sample_token.clone()),
                });
            }
            // Dropping the session restores the terminal.
            Effect::Terminate(code) => {
                return Ok(Outcome {
                    code,
                    saved: None,
                    sample_token: None,
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
            Effect::Save {
                path,
                contents,
                overwrite,
            } => {
                let result =
                    persist::save_text(&path, &contents, overwrite).map_err(|err| match err {
                        SaveError::Exists { .. } => SaveFailure::Exists,
                        other => SaveFailure::Other(other.to_string()),
                    });
                wizard.update(Msg::Saved(result));
            }
            Effect::DevKeys { dir } => {
                // Generating takes a moment: show the "preparing…" notice first.
                session.terminal.draw(|frame| view::view(&wizard, frame))?;
                let result = devkeys::load_or_create(&dir)
                    .map(|(pair, origin)| Box::new(DevKeysReady { dir, pair, origin }))
                    .map_err(|err| err.to_string());
                wizard.update(Msg::DevKeys(result));
            }
        }
    }
}

/// Tells the wizard the terminal's size (at start, and after a stop during which it may
/// have changed).
fn resize(wizard: &mut Wizard, session: &TerminalSession) -> io::Result<()> {
    let size = session.terminal.size()?;
    wizard.update(Msg::Resize(size.width, size.height));
    Ok(())
}
