//! Where the wizard's messages come from: one channel, fed by a signal thread
//! (termination and job control), an input thread (keys, pastes and resizes from
//! crossterm) and workers (`jobs`: key generation, saving). The loop blocks on the channel: no tick, no CPU while the user thinks, and
//! a signal is handled between two messages, never in the middle of an update or a save.

use std::io;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crossterm::event::{self, Event, KeyEventKind};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::{Handle, Signals};

use super::app::{Msg, Signal};

/// The signals the wizard handles itself. SIGINT normally arrives as Ctrl+C (a key, in
/// raw mode); from `kill -INT` it ends the wizard like Ctrl+C does.
const HANDLED: [i32; 5] = [SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT];

pub struct Events {
    tx: Sender<io::Result<Msg>>,
    rx: Receiver<io::Result<Msg>>,
    signals: Handle,
}

impl Events {
    /// Catches the signals from now on (before the terminal is touched, so one that comes
    /// during setup still finds the terminal restored).
    pub fn catch_signals() -> io::Result<Events> {
        let (tx, rx) = channel();
        let mut signals = Signals::new(HANDLED)?;
        let handle = signals.handle();
        let to_loop = tx.clone();
        thread::Builder::new()
            .name("wizard-signals".into())
            .spawn(move || {
                for signo in signals.forever() {
                    let signal = match signo {
                        SIGTSTP => Signal::Suspend,
                        SIGCONT => Signal::Continue,
                        other => Signal::Terminate(other),
                    };
                    if to_loop.send(Ok(Msg::Signal(signal))).is_err() {
                        return;
                    }
                }
            })?;
        Ok(Events {
            tx,
            rx,
            signals: handle,
        })
    }

    /// Starts reading the terminal (once it is in raw mode).
    pub fn read_terminal(&self) -> io::Result<()> {
        let to_loop = self.tx.clone();
        thread::Builder::new()
            .name("wizard-input".into())
            .spawn(move || {
                loop {
                    let msg = match event::read() {
                        Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                            Ok(Msg::Key(key))
                        }
                        Ok(Event::Paste(text)) => Ok(Msg::Paste(text)),
                        Ok(Event::Resize(w, h)) => Ok(Msg::Resize(w, h)),
                        Ok(_) => continue,
                        Err(err) => Err(err),
                    };
                    let failed = msg.is_err();
                    if to_loop.send(msg).is_err() || failed {
                        return;
                    }
                }
            })?;
        Ok(())
    }

    /// A sender into the channel, for a worker to post its result with.
    pub fn poster(&self) -> Sender<io::Result<Msg>> {
        self.tx.clone()
    }

    /// The next message; blocks until there is one.
    pub fn next(&self) -> io::Result<Msg> {
        // The loop holds a sender itself, so the channel never closes while it waits.
        self.rx
            .recv()
            .map_err(|_| io::Error::other("the wizard's event channel closed"))?
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        // Ends the signal thread; the handlers go with it.
        self.signals.close();
    }
}
