//! Secrets kept out of panic messages. Every live [`Secret`](crate::core::Secret) (and every
//! secret the wizard's form holds) is registered here while it exists, and the panic hook
//! the front ends install prints a panic's message with any text of a registered secret
//! masked. A panic message is built by code that cannot know what it quotes (std's
//! `str` slicing quotes the string, `unwrap` quotes an error), so the mask is applied to
//! the finished message, not left to each `panic!`.
//!
//! The registry holds copies of the secrets, zeroed when they are unregistered (on the
//! owner's drop). It is bounded; a secret that does not fit is counted, and while any such
//! secret lives the hook withholds panic messages rather than risk printing it.

use std::any::Any;
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Write;
use std::sync::{Mutex, MutexGuard, Once, PoisonError, TryLockError};

use zeroize::Zeroizing;

/// At most this many secrets are registered at once.
const MAX_ENTRIES: usize = 1024;
/// At most this many bytes of secrets are registered at once (the reads that bring secrets
/// in are bounded far below this; a library caller's huge string is counted instead).
const MAX_BYTES: usize = 4 << 20;

/// A run of this many bytes that also occurs in a secret is masked, so a secret the
/// message quotes only in part (std's slicing panics cut a string at 256 bytes, a `{:?}`
/// escapes its line breaks) is masked as well. A shorter secret is masked where it occurs
/// whole.
pub const MIN_RUN: usize = 8;

/// What replaces secret text in a message (also how `Secret` displays).
pub const MASK: &str = "<redacted>";

struct Registry {
    next_id: u64,
    entries: Vec<(u64, Zeroizing<String>)>,
    bytes: usize,
    /// Live secrets that did not fit: while any lives, messages are withheld.
    unregistered: usize,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next_id: 0,
    entries: Vec::new(),
    bytes: 0,
    unregistered: 0,
});

fn registry() -> MutexGuard<'static, Registry> {
    // The registry's state stays consistent whatever panicked while it was held.
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Keeps one secret's text registered for masking until it is dropped.
#[derive(Default)]
pub struct Registration(Slot);

#[derive(Default)]
enum Slot {
    /// Nothing to mask (empty text).
    #[default]
    Empty,
    Registered(u64),
    /// Did not fit the registry: counted in `unregistered`.
    Overflow,
}

impl Registration {
    /// Registers a copy of `text` (nothing for an empty text).
    pub fn new(text: &str) -> Self {
        if text.is_empty() {
            return Registration(Slot::Empty);
        }
        let mut registry = registry();
        if registry.entries.len() >= MAX_ENTRIES || registry.bytes + text.len() > MAX_BYTES {
            registry.unregistered += 1;
            return Registration(Slot::Overflow);
        }
        let id = registry.next_id;
        registry.next_id += 1;
        registry.bytes += text.len();
        registry
            .entries
            .push((id, Zeroizing::new(text.to_string())));
        Registration(Slot::Registered(id))
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        match self.0 {
            Slot::Empty => {}
            Slot::Registered(id) => {
                let mut registry = registry();
                if let Some(at) = registry.entries.iter().position(|(i, _)| *i == id) {
                    // Dropping the `Zeroizing` copy zeroes it.
                    let (_, text) = registry.entries.swap_remove(at);
                    registry.bytes -= text.len();
                }
            }
            Slot::Overflow => registry().unregistered -= 1,
        }
    }
}

/// `text` with every run of it that a secret holds replaced by [`MASK`]: runs of
/// [`MIN_RUN`] bytes or more that occur in a secret, and whole occurrences of shorter
/// secrets. Masked runs are widened to whole characters, so the result stays UTF-8.
pub fn redact<'a>(text: &'a str, secrets: &[&str]) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut masked = vec![false; bytes.len()];
    for secret in secrets.iter().map(|s| s.as_bytes()) {
        let run = secret.len().min(MIN_RUN);
        if run == 0 || bytes.len() < run {
            continue;
        }
        let runs: HashSet<&[u8]> = secret.windows(run).collect();
        for (at, window) in bytes.windows(run).enumerate() {
            if runs.contains(window) {
                masked[at..at + run].fill(true);
            }
        }
    }
    if !masked.contains(&true) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_mask = false;
    for (at, c) in text.char_indices() {
        if masked[at..at + c.len_utf8()].contains(&true) {
            if !in_mask {
                out.push_str(MASK);
            }
            in_mask = true;
        } else {
            out.push(c);
            in_mask = false;
        }
    }
    Cow::Owned(out)
}

/// What the registry lets the hook know: the live secrets, or that some are not known.
pub enum Known<'a> {
    /// Every live secret.
    All(&'a [&'a str]),
    /// Some live secret is not registered (or the registry could not be read).
    Incomplete,
}

/// The text a panic prints (std's layout, without the backtrace): the thread, the
/// location and the message with every known secret masked. When not every secret is
/// known the message is withheld.
pub fn render_panic(
    thread: &str,
    location: Option<&str>,
    payload: &(dyn Any + Send),
    known: Known<'_>,
) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
    let message = match (message, known) {
        (None, _) => Cow::Borrowed("Box<dyn Any>"),
        (Some(text), Known::All(secrets)) => redact(text, secrets),
        (Some(_), Known::Incomplete) => Cow::Borrowed(
            "(message withheld: it could quote a secret this process could not register)",
        ),
    };
    let at = location.map(|l| format!(" at {l}")).unwrap_or_default();
    format!("thread '{thread}' panicked{at}:\n{message}\n")
}

/// Installs (once per process) the panic hook that prints [`render_panic`]'s text with
/// the live secrets masked, then the backtrace when `RUST_BACKTRACE` asks for one. It
/// replaces the default hook, which would print the message as it is. Front ends call it
/// first; the wizard's terminal-restoring hook runs before it.
pub fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let thread = std::thread::current();
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            let text = with_known_secrets(|known| {
                render_panic(
                    thread.name().unwrap_or("<unnamed>"),
                    location.as_deref(),
                    info.payload(),
                    known,
                )
            });
            let backtrace = std::backtrace::Backtrace::capture();
            let tail = match backtrace.status() {
                std::backtrace::BacktraceStatus::Captured => {
                    format!("stack backtrace:\n{backtrace}\n")
                }
                _ => "note: run with `RUST_BACKTRACE=1` environment variable to display a \
                      backtrace\n"
                    .to_string(),
            };
            write_unlocked_to_stderr(format!("{text}{tail}").as_bytes());
        }));
    });
}

/// Writes to file descriptor 2 directly, as std's own hook does: the panicking thread may
/// not own standard error's lock (the command line holds it for its whole run), and
/// waiting for it would hang that thread for ever.
fn write_unlocked_to_stderr(bytes: &[u8]) {
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        // SAFETY: descriptor 2 is not closed here: `ManuallyDrop` never drops the `File`.
        let mut raw = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(2) });
        let _ = raw.write_all(bytes);
    }
    #[cfg(not(unix))]
    {
        let _ = std::io::stderr().write_all(bytes);
    }
}

/// Runs `f` with the registered secrets. The panic may have struck while this very thread
/// held the registry: it is only tried, never waited for without end.
fn with_known_secrets<T>(f: impl FnOnce(Known<'_>) -> T) -> T {
    for _ in 0..1000 {
        let registry = match REGISTRY.try_lock() {
            Ok(registry) => registry,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => {
                std::thread::yield_now();
                continue;
            }
        };
        if registry.unregistered > 0 {
            return f(Known::Incomplete);
        }
        let secrets: Vec<&str> = registry.entries.iter().map(|(_, s)| s.as_str()).collect();
        return f(Known::All(&secrets));
    }
    f(Known::Incomplete)
}

/// Whether `text` is registered now (for tests of the owners' registration).
#[cfg(test)]
pub(crate) fn is_registered(text: &str) -> bool {
    registry().entries.iter().any(|(_, s)| s.as_str() == text)
}

/// Test support: runs `test` of the current test binary again as a child process with
/// the variable `marker` set to the test's name, and returns whether the child succeeded
/// and its standard error. A 60 s deadline makes a panic hook that hangs fail the calling
/// test instead of hanging the suite.
#[cfg(test)]
pub(crate) fn rerun_test_as_child(test: &str, marker: &str) -> (bool, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(marker, test)
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stderr.read_to_end(&mut out);
        let _ = done.send(out);
    });
    let Ok(out) = finished.recv_timeout(std::time::Duration::from_secs(60)) else {
        let _ = child.kill();
        panic!("{test}: the child hung in the panic hook");
    };
    let status = child.wait().unwrap();
    (status.success(), String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_secret_is_masked_in_the_rendered_message() {
        let secret = "GOCSPX-panic-payload-7788";
        let payload: Box<dyn Any + Send> = Box::new(format!("bad value `{secret}` here"));
        let text = render_panic(
            "main",
            Some("src/x.rs:1:2"),
            &*payload,
            Known::All(&[secret]),
        );
        assert_eq!(
            text,
            "thread 'main' panicked at src/x.rs:1:2:\nbad value `<redacted>` here\n"
        );
        // A static message too.
        let payload: Box<dyn Any + Send> = Box::new("GOCSPX-panic-payload-7788!");
        let text = render_panic("t", None, &*payload, Known::All(&[secret]));
        assert_eq!(text, "thread 't' panicked:\n<redacted>!\n");
    }

    #[test]
    fn part_of_a_secret_is_masked_and_other_text_kept() {
        let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END";
        // std quotes a string cut at a byte limit; `{:?}` escapes its line breaks.
        let cut = format!("byte index 9 is out of bounds of `{}`[...]", &pem[..40]);
        let out = redact(&cut, &[pem]);
        assert_eq!(out, "byte index 9 is out of bounds of `<redacted>`[...]");
        let debug = format!("value {pem:?}");
        let out = redact(&debug, &[pem]);
        assert!(!out.contains("MIIEvQIBADANBgkq"), "{out}");
        assert!(out.starts_with("value \""), "{out}");
        // Short secrets are masked where they occur whole, not character by character.
        assert_eq!(redact("pw=abc; cab", &["abc"]), "pw=<redacted>; cab");
        assert_eq!(redact("nothing here", &["GOCSPX-abc"]), "nothing here");
    }

    #[test]
    fn masked_runs_end_on_character_boundaries() {
        let secret = "é-secret-ü-value";
        let out = redact("x é-secret-ü-value y", &[secret]);
        assert_eq!(out, "x <redacted> y");
        // A run ending inside a multi-byte character takes the whole character.
        // (`è` and `é` share their first byte).
        assert_eq!(redact("abcdefgè!", &["abcdefgé"]), "<redacted>!");
    }

    #[test]
    fn an_incomplete_registry_withholds_the_message() {
        let payload: Box<dyn Any + Send> = Box::new("anything at all".to_string());
        let text = render_panic("main", None, &*payload, Known::Incomplete);
        assert!(!text.contains("anything"), "{text}");
        assert!(text.contains("withheld"), "{text}");
        let other: Box<dyn Any + Send> = Box::new(7_u8);
        let text = render_panic("main", None, &*other, Known::All(&[]));
        assert!(text.ends_with(":\nBox<dyn Any>\n"), "{text}");
    }

    /// Set in the child process the next test starts.
    const CHILD: &str = "FASTMCP_AUTH_REDACTION_CHILD";

    /// The command line holds standard error's lock for its whole run: a panic on a worker
    /// thread (a save, a key pair) still prints, masked, and unwinds, instead of waiting
    /// for that lock for ever.
    #[test]
    fn a_worker_panic_prints_while_the_main_thread_holds_stderr() {
        if std::env::var_os(CHILD).is_some() {
            install_panic_hook();
            let _held = std::io::stderr().lock();
            let secret = crate::core::Secret::new("GOCSPX-worker-thread-panic-6060");
            let text = secret.expose().to_string();
            let worker = std::thread::Builder::new()
                .name("worker".into())
                .spawn(move || panic!("worker saw {text}"))
                .unwrap();
            assert!(worker.join().is_err());
            return;
        }
        let (success, text) = super::rerun_test_as_child(
            "core::redaction::tests::a_worker_panic_prints_while_the_main_thread_holds_stderr",
            CHILD,
        );
        assert!(success, "{text}");
        assert!(text.contains("thread 'worker' panicked at "), "{text}");
        assert!(text.contains("worker saw <redacted>"), "{text}");
        assert!(!text.contains("worker-thread-panic"), "{text}");
    }

    #[test]
    fn registrations_end_with_their_owner_and_overflow_is_counted() {
        let text = "registration-test-secret-31337";
        let registration = Registration::new(text);
        assert!(is_registered(text));
        drop(registration);
        assert!(!is_registered(text));
        assert!(!is_registered(""));
        // Too big to register: counted while it lives, so messages are withheld.
        let huge = "x".repeat(MAX_BYTES + 1);
        let overflow = Registration::new(&huge);
        with_known_secrets(|known| assert!(matches!(known, Known::Incomplete)));
        drop(overflow);
        assert_eq!(registry().unregistered, 0);
    }
}
