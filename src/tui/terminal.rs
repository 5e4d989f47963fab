//! Terminal setup and teardown in one place. `TerminalSession` restores the terminal (raw
//! mode off, alternate screen left, cursor shown, bracketed paste off) when dropped, and a
//! panic hook does the same before the panic message is printed, so every exit path leaves
//! a usable shell. A suspend (Ctrl+Z, SIGTSTP) restores it the same way before the process
//! stops, and sets it up again, with a full redraw, when the process continues.
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

impl TerminalSession {
    /// Hands the terminal back as the wizard found it, stops the process as SIGTSTP's
    /// default action would, and once continued (`fg`) takes the terminal again.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        self.reenter()
    }

    /// Sets the terminal up again after a stop (the shell may have put it back in cooked
    /// mode, and the screen may show anything) and forgets what ratatui believes is on
    /// screen, so the next draw is complete.
    pub fn reenter(&mut self) -> io::Result<()> {
        // crossterm skips enabling raw mode while it believes it is on; leaving it first
        // makes it read the terminal's current attributes again.
        let _ = disable_raw_mode();
        enable_raw_mode()?;
        execute!(
            stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            crossterm::cursor::Hide
        )?;
        // A resize to the current size clears the screen and forgets the last frame
        // (`Terminal::clear` would ask the terminal for the cursor position, which needs
        // the input thread's reader).
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
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
    restore_through(&mut stdout());
}

fn restore_through(out: &mut impl Write) {
    let _ = disable_raw_mode();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// [`restore`] for the panic hook: through descriptor 1 without standard output's lock,
/// which the panicking thread (a worker) may not own (the command line holds it for its
/// whole run), so waiting for it would hang that thread for ever.
fn restore_in_panic() {
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        // SAFETY: descriptor 1 is not closed here: `ManuallyDrop` never drops the `File`.
        let mut raw = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) });
        restore_through(&mut *raw);
    }
    #[cfg(not(unix))]
    restore();
}

/// Restores the terminal, then hands the panic to the hook that masks secrets in its
/// message (installed here too, for a wizard started without the command line).
fn install_panic_hook() {
    crate::core::redaction::install_panic_hook();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_in_panic();
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use crate::core::Secret;

    /// Set in the child process a test starts: it names the test to act out.
    const CHILD: &str = "FASTMCP_AUTH_PANIC_HOOK_CHILD";
    const SECRET: &str = "GOCSPX-wizard-panic-hook-5150";

    /// Runs `test` of this binary again as a child that acts it out.
    fn child_stderr(test: &str) -> (bool, String) {
        crate::core::redaction::rerun_test_as_child(test, CHILD)
    }

    fn acting(test: &str) -> bool {
        std::env::var_os(CHILD).is_some_and(|t| t == test)
    }

    #[test]
    fn the_wizard_panic_hook_masks_live_secrets() {
        const TEST: &str = "tui::terminal::tests::the_wizard_panic_hook_masks_live_secrets";
        if acting(TEST) {
            super::install_panic_hook();
            let secret = Secret::new(SECRET);
            panic!("cannot use `{}`", secret.expose());
        }
        let (success, stderr) = child_stderr(TEST);
        assert!(!success, "the child did not panic: {stderr}");
        assert!(
            stderr.contains("panicked at src/tui/terminal.rs:"),
            "{stderr}"
        );
        assert!(stderr.contains("cannot use `<redacted>`"), "{stderr}");
        assert!(!stderr.contains("wizard-panic-hook"), "leaked: {stderr}");
    }

    /// The command line holds standard output's lock for its whole run: a worker's panic
    /// still restores the terminal and prints, masked, instead of hanging on that lock.
    #[test]
    fn a_worker_panic_in_the_wizard_does_not_wait_for_the_stdout_lock() {
        const TEST: &str =
            "tui::terminal::tests::a_worker_panic_in_the_wizard_does_not_wait_for_the_stdout_lock";
        if acting(TEST) {
            super::install_panic_hook();
            let _held = std::io::stdout().lock();
            let secret = Secret::new(SECRET);
            let text = secret.expose().to_string();
            let worker = std::thread::Builder::new()
                .name("wizard-save".into())
                .spawn(move || panic!("worker saw {text}"))
                .unwrap();
            assert!(worker.join().is_err());
            return;
        }
        let (success, stderr) = child_stderr(TEST);
        assert!(success, "{stderr}");
        assert!(
            stderr.contains("thread 'wizard-save' panicked at"),
            "{stderr}"
        );
        assert!(stderr.contains("worker saw <redacted>"), "{stderr}");
        assert!(!stderr.contains("wizard-panic-hook"), "leaked: {stderr}");
    }
}
