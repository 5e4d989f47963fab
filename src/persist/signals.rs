//! Holding back signals while a save has a temporary file on disk.
//!
//! A signal whose default action ends the process (SIGTERM, SIGHUP, SIGINT, SIGQUIT, and
//! SIGXFSZ when a write passes `ulimit -f`) would otherwise end it between creating the
//! temporary file and renaming or removing it, leaving a copy of the whole config behind.
//! While a `HeldSignals` lives they stay pending for the calling thread; dropping it lets
//! them through, after the temporary file is gone. A signal with a handler (the wizard's)
//! is held the same way and its handler runs then. SIGKILL cannot be held by anyone.
//!
//! The mask is the calling thread's: a program with other threads that leave these signals
//! unblocked and at their default action can still be ended by one of them meanwhile.

#[cfg(unix)]
mod imp {
    use std::io;

    /// Signals asking the process to stop: a save that sees one pending does not take effect.
    const STOP: [libc::c_int; 4] = [libc::SIGTERM, libc::SIGHUP, libc::SIGINT, libc::SIGQUIT];

    pub(crate) struct HeldSignals {
        previous: libc::sigset_t,
    }

    impl HeldSignals {
        pub(crate) fn hold() -> io::Result<Self> {
            // SAFETY: sigset_t is plain data initialised by sigemptyset before use, and
            // pthread_sigmask only reads `set` and writes `previous`.
            unsafe {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                for signal in STOP.iter().chain(&[libc::SIGXFSZ]) {
                    libc::sigaddset(&mut set, *signal);
                }
                let mut previous: libc::sigset_t = std::mem::zeroed();
                match libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous) {
                    0 => Ok(HeldSignals { previous }),
                    code => Err(io::Error::from_raw_os_error(code)),
                }
            }
        }

        /// The name of a stop signal that arrived while held (one the caller had not
        /// blocked itself), if any.
        pub(crate) fn pending_stop(&self) -> Option<&'static str> {
            // SAFETY: as above; sigpending writes the set.
            let pending = unsafe {
                let mut pending: libc::sigset_t = std::mem::zeroed();
                if libc::sigpending(&mut pending) != 0 {
                    return None;
                }
                pending
            };
            STOP.into_iter()
                .find(|&signal| {
                    // SAFETY: both sets are initialised.
                    unsafe {
                        libc::sigismember(&pending, signal) == 1
                            && libc::sigismember(&self.previous, signal) == 0
                    }
                })
                .map(name)
        }
    }

    impl Drop for HeldSignals {
        fn drop(&mut self) {
            // SAFETY: restores the mask saved by `hold`.
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
            }
        }
    }

    fn name(signal: libc::c_int) -> &'static str {
        match signal {
            libc::SIGTERM => "SIGTERM",
            libc::SIGHUP => "SIGHUP",
            libc::SIGINT => "SIGINT",
            _ => "SIGQUIT",
        }
    }
}

#[cfg(not(unix))]
mod imp {
    pub(crate) struct HeldSignals;

    impl HeldSignals {
        pub(crate) fn hold() -> std::io::Result<Self> {
            Ok(HeldSignals)
        }

        pub(crate) fn pending_stop(&self) -> Option<&'static str> {
            None
        }
    }
}

pub(crate) use imp::HeldSignals;

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_signal_raised_while_held_is_pending_and_handled_after_release() {
        use std::sync::atomic::{AtomicBool, Ordering};
        static HANDLED: AtomicBool = AtomicBool::new(false);
        // A handler, so the test process survives; SIGQUIT is used by no other test here.
        let id = unsafe {
            signal_hook::low_level::register(libc::SIGQUIT, || {
                HANDLED.store(true, Ordering::SeqCst)
            })
        }
        .unwrap();
        let held = HeldSignals::hold().unwrap();
        assert_eq!(held.pending_stop(), None);
        // SAFETY: raise is directed at this thread, which holds the signal.
        assert_eq!(unsafe { libc::raise(libc::SIGQUIT) }, 0);
        assert!(!HANDLED.load(Ordering::SeqCst));
        assert_eq!(held.pending_stop(), Some("SIGQUIT"));
        drop(held);
        assert!(HANDLED.load(Ordering::SeqCst));
        signal_hook::low_level::unregister(id);
    }
}
