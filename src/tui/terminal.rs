//! Terminal setup and teardown in one place. `TerminalSession` restores the terminal (raw
//! mode off, alternate screen left, cursor shown, bracketed paste off) when dropped, and a
//! panic hook does the same before the panic message is printed, so every exit path leaves
//! a usable shell.
//!
//! Frames go out through [`FrameWriter`], so each redraw reaches the terminal in one write
//! instead of stdout's 1 KiB line-buffer chunks (a full 200×60 frame is about 8 KiB): the
//! terminal never shows half a frame, and over SSH a keystroke costs one packet.

use std::io::{self, Write, stdout};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<FrameWriter>>;

pub struct TerminalSession {
    pub terminal: Tui,
}

impl TerminalSession {
    pub fn start() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        // From here on, a failure must still restore what was changed.
        let setup = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)
            .and_then(|()| Terminal::new(CrosstermBackend::new(FrameWriter::default())));
        match setup {
            Ok(terminal) => Ok(TerminalSession { terminal }),
            Err(err) => {
                restore();
                Err(err)
            }
        }
    }
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        restore();
    }
}

/// Collects a frame and writes it to stdout on `flush`, which ratatui calls after every
/// frame. Whatever is still buffered when it is dropped (only a frame interrupted by a
/// panic) is discarded rather than written over the restored screen.
#[derive(Default)]
pub struct FrameWriter {
    frame: Vec<u8>,
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut out = stdout().lock();
        out.write_all(&self.frame)?;
        self.frame.clear();
        out.flush()
    }
}

/// Puts the terminal back; safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
