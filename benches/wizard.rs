//! Wizard benchmarks on ratatui's `TestBackend`: one keystroke (`update` + a full
//! `Terminal::draw` of the view, as the event loop does) on every screen at 80×24 and
//! 200×60, the first frame of a new wizard, and a 100 kB paste (a paste and its frame,
//! then a keystroke on the long value).
//!
//! Run with `cargo bench --bench wizard`. The budget is 1 ms per keystroke at 200×60, and
//! 50 ms for the 100 kB paste.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use fastmcp_auth::persist::SaveOutcome;
use fastmcp_auth::tui::app::{Effect, Msg, Wizard};
use fastmcp_auth::tui::jobs::Written;
use fastmcp_auth::tui::testing::{self, ctrl, key, type_text};
use fastmcp_auth::tui::theme::Theme;
use fastmcp_auth::tui::view::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Half a second per benchmark at least: enough samples for a stable median on a noisy
/// machine, and the whole run stays well under a minute. `--min-time` overrides it.
fn main() {
    divan::Divan::default()
        .min_time(Duration::from_millis(500))
        .config_with_args()
        .main();
}

/// A screen of the wizard, reached by keys from the start as a user would.
#[derive(Debug, Clone, Copy)]
enum Screen {
    Provider,
    Help,
    Credentials,
    Scopes,
    Preview,
    Save,
    Done,
}

const SCREENS: [Screen; 7] = [
    Screen::Provider,
    Screen::Help,
    Screen::Credentials,
    Screen::Scopes,
    Screen::Preview,
    Screen::Save,
    Screen::Done,
];

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

impl Screen {
    /// Keys sent round-robin, one per iteration. Each cycle brings the wizard back to
    /// where it started, so the state cannot drift (e.g. a field growing forever).
    fn keys(self) -> &'static [KeyCode] {
        match self {
            Screen::Provider => &[KeyCode::Down, KeyCode::Up],
            // Opens help from the provider list, then any key closes it.
            Screen::Help => &[KeyCode::Char('?'), KeyCode::Char('x')],
            // Typing into the focused base URL field.
            Screen::Credentials => &[KeyCode::Char('x'), KeyCode::Backspace],
            Screen::Scopes => &[KeyCode::Char(' ')],
            // JSON → Python → .env → JSON.
            Screen::Preview => &[KeyCode::Right],
            // Typing into the service name, which also re-derives the path.
            Screen::Save => &[KeyCode::Char('x'), KeyCode::Backspace],
            // No key changes this screen except the ones that exit: a pure redraw.
            Screen::Done => &[KeyCode::Down],
        }
    }

    fn reach(self) -> Wizard {
        let mut w = wizard();
        if matches!(self, Screen::Provider | Screen::Help) {
            return w;
        }
        // Google, with the secret from $GOOGLE_CLIENT_SECRET (as tests/wizard_screens.rs).
        key(&mut w, KeyCode::Down);
        key(&mut w, KeyCode::Enter);
        type_text(&mut w, "123456789012-abc.apps.googleusercontent.com");
        key(&mut w, KeyCode::Enter);
        key(&mut w, KeyCode::Enter);
        type_text(&mut w, "https://mcp.example.com");
        if matches!(self, Screen::Credentials) {
            return w;
        }
        key(&mut w, KeyCode::Enter);
        key(&mut w, KeyCode::Enter);
        if matches!(self, Screen::Scopes) {
            return w;
        }
        key(&mut w, KeyCode::Enter);
        if matches!(self, Screen::Preview) {
            return w;
        }
        key(&mut w, KeyCode::Enter);
        if matches!(self, Screen::Save) {
            return w;
        }
        // The loop would save the files here; the benchmark only reports success.
        key(&mut w, KeyCode::Tab);
        let effect = w.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        if let Effect::Save { files, .. } = effect {
            w.update(Msg::Saved(Ok(files
                .into_iter()
                .map(|f| (f.path, Written::Saved(SaveOutcome::Created)))
                .collect())));
        }
        w
    }
}

/// The test driver's wizard with the secret in $GOOGLE_CLIENT_SECRET, drawn in colour
/// (colour spans cost more than plain ones).
fn wizard() -> Wizard {
    let mut w = testing::wizard(&[("GOOGLE_CLIENT_SECRET", "GOCSPX-bench-secret-5150")]);
    w.theme = Theme { color: true };
    w
}

/// One keystroke as the event loop handles it: `update`, then a full redraw.
fn keystroke(bencher: Bencher, screen: Screen, (width, height): (u16, u16)) {
    let mut wizard = screen.reach();
    wizard.update(Msg::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| view(&wizard, frame))
        .expect("first draw");
    let keys = screen.keys();
    let mut next = 0;
    bencher.bench_local(|| {
        let key = KeyEvent::new(keys[next % keys.len()], KeyModifiers::NONE);
        next += 1;
        wizard.update(Msg::Key(divan::black_box(key)));
        terminal
            .draw(|frame| view(&wizard, frame))
            .expect("draw")
            .area
    });
}

#[divan::bench(args = SCREENS)]
fn keystroke_80x24(bencher: Bencher, screen: Screen) {
    keystroke(bencher, screen, SIZES[0]);
}

#[divan::bench(args = SCREENS)]
fn keystroke_200x60(bencher: Bencher, screen: Screen) {
    keystroke(bencher, screen, SIZES[1]);
}

/// A new wizard's first frame: state, terminal buffers, and the first full draw (the
/// in-process part of start-up; the catalog is already parsed, see the generate bench).
#[divan::bench(args = SIZES)]
fn first_frame(bencher: Bencher, (width, height): (u16, u16)) {
    bencher.bench(|| {
        let mut wizard = wizard();
        wizard.update(Msg::Resize(width, height));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
        terminal
            .draw(|frame| view(&wizard, frame))
            .expect("draw")
            .area
    });
}

/// A paste of this many characters (base64-like text, as a mistaken paste of a key file).
const LONG_PASTE: usize = 100_000;

/// Which field takes the long paste: the plain base URL, or the masked client secret.
#[derive(Debug, Clone, Copy)]
enum LongField {
    Plain,
    Masked,
}

const LONG_FIELDS: [LongField; 2] = [LongField::Plain, LongField::Masked];

fn long_text() -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..LONG_PASTE)
        .map(|i| char::from(alphabet[(i * 7 + i / 64) % alphabet.len()]))
        .collect()
}

/// The Google credentials form at 200×60 with `field` focused (the secret switched from
/// its environment variable to a typed, masked value), drawn once.
fn long_field_form(field: LongField) -> (Wizard, Terminal<TestBackend>) {
    let (width, height) = SIZES[1];
    let mut wizard = Screen::Credentials.reach();
    if matches!(field, LongField::Masked) {
        key(&mut wizard, KeyCode::Up);
        ctrl(&mut wizard, 't');
    }
    wizard.update(Msg::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| view(&wizard, frame))
        .expect("first draw");
    (wizard, terminal)
}

/// A 100 kB bracketed paste into a field, then the frame that shows it, at 200×60.
#[divan::bench(args = LONG_FIELDS)]
fn paste_100kb_200x60(bencher: Bencher, field: LongField) {
    let text = long_text();
    bencher
        .with_inputs(|| (long_field_form(field), text.clone()))
        .bench_local_values(|((mut wizard, mut terminal), text)| {
            wizard.update(Msg::Paste(divan::black_box(text)));
            terminal
                .draw(|frame| view(&wizard, frame))
                .expect("draw")
                .area
        });
}

/// One keystroke (`update` + full redraw) at the end of a field holding 100 kB, at 200×60.
#[divan::bench(args = LONG_FIELDS)]
fn keystroke_on_100kb_field_200x60(bencher: Bencher, field: LongField) {
    let (mut wizard, mut terminal) = long_field_form(field);
    wizard.update(Msg::Paste(long_text()));
    let keys = [KeyCode::Char('x'), KeyCode::Backspace];
    let mut next = 0;
    bencher.bench_local(|| {
        let key = KeyEvent::new(keys[next % keys.len()], KeyModifiers::NONE);
        next += 1;
        wizard.update(Msg::Key(divan::black_box(key)));
        terminal
            .draw(|frame| view(&wizard, frame))
            .expect("draw")
            .area
    });
}
