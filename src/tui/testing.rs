//! The one wizard test driver: a wizard with a fixed environment, keys, typing, picks,
//! field lookups and the drawn screen. Shared by the unit tests (`tui::tests`), the screen
//! and escape tests under `tests/`, and the benches, so they all drive the wizard the
//! same way a user does (keys through `Wizard::update`, frames through `view::view`).

use std::collections::HashMap;
use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use unicode_width::UnicodeWidthStr;

use super::app::{Effect, EnvLookup, Msg, Step, Wizard};
use super::theme::Theme;
use crate::core::ParamValue;
use crate::core::text::is_unsafe_for_terminal;

/// The config directory every test wizard saves into (never written: saving is an effect).
pub const CONFIG_DIR: &str = "/home/user/.config/fastmcp-auth";

/// A wizard that sees only `env`, saves under [`CONFIG_DIR`], and draws without colour.
pub fn wizard(env: &[(&str, &str)]) -> Wizard {
    let map: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup: EnvLookup = Box::new(move |name| map.get(name).cloned());
    Wizard::new(
        lookup,
        Some(PathBuf::from(CONFIG_DIR)),
        Theme { color: false },
    )
}

/// Presses `code` without modifiers.
pub fn key(w: &mut Wizard, code: KeyCode) -> Effect {
    w.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Presses Ctrl+`c`.
pub fn ctrl(w: &mut Wizard, c: char) -> Effect {
    w.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// Types `text` one key per character.
pub fn type_text(w: &mut Wizard, text: &str) {
    for c in text.chars() {
        key(w, KeyCode::Char(c));
    }
}

/// Picks the provider `type_name` by moving down the catalog list, then Enter; the
/// wizard must be on the credentials step afterwards.
pub fn pick(w: &mut Wizard, type_name: &str) {
    let index = crate::core::Catalog::builtin()
        .providers
        .iter()
        .position(|p| p.type_name == type_name)
        .unwrap_or_else(|| panic!("no provider {type_name} in the catalog"));
    for _ in 0..index {
        key(w, KeyCode::Down);
    }
    assert_eq!(key(w, KeyCode::Enter), Effect::None);
    assert_eq!(w.step, Step::Credentials);
}

/// Picks a provider through the list's search: `/`, the text, Enter.
pub fn pick_by_search(w: &mut Wizard, text: &str) {
    key(w, KeyCode::Char('/'));
    type_text(w, text);
    key(w, KeyCode::Enter);
}

/// The inline error of the credentials field `name`.
pub fn field_error(w: &Wizard, name: &str) -> Option<String> {
    let c = w.credentials.as_ref().expect("on the credentials step");
    c.fields
        .iter()
        .find(|f| f.spec.name == name)
        .unwrap_or_else(|| panic!("no credentials field {name}"))
        .error
        .clone()
}

/// The value the credentials field `name` would put in the config.
pub fn field_value(w: &Wizard, name: &str) -> Option<ParamValue> {
    let c = w.credentials.as_ref().expect("on the credentials step");
    let field = c
        .fields
        .iter()
        .find(|f| f.spec.name == name)
        .unwrap_or_else(|| panic!("no credentials field {name}"));
    field.value().expect("a valid value")
}

/// Tabs to the credentials field `name` (independent of the catalog's field order).
pub fn focus_field(w: &mut Wizard, name: &str) {
    let count = w.credentials.as_ref().expect("credentials").fields.len();
    for _ in 0..count {
        let c = w.credentials.as_ref().expect("credentials");
        if c.fields.get(c.focus).is_some_and(|f| f.spec.name == name) {
            return;
        }
        key(w, KeyCode::Tab);
    }
    panic!("no credentials field {name}");
}

/// Presses Enter until `step` is reached (or gives up after as many presses as a form has
/// fields), so a test fails on the step it stops at instead of hanging.
pub fn enter_until(w: &mut Wizard, step: Step) {
    for _ in 0..20 {
        if w.step == step {
            return;
        }
        key(w, KeyCode::Enter);
    }
    assert_eq!(
        w.step,
        step,
        "{:?}",
        w.credentials.as_ref().map(|c| c.form_error.clone())
    );
}

/// On the open verifier sub-screen: picks the verifier type `type_name` and fills its form,
/// the fields in order, each value typed (empty: left as it is) and confirmed.
pub fn add_verifier(w: &mut Wizard, type_name: &str, values: &[&str]) {
    assert!(w.verifiers.is_picking(), "the verifier type list is open");
    let index = crate::core::Catalog::builtin()
        .verifier_specs()
        .position(|p| p.type_name == type_name)
        .unwrap_or_else(|| panic!("{type_name} is not a verifier type"));
    (0..index).for_each(|_| {
        key(w, KeyCode::Down);
    });
    key(w, KeyCode::Enter);
    assert!(w.verifiers.is_typing(), "the {type_name} form is open");
    for value in values {
        type_text(w, value);
        key(w, KeyCode::Enter);
    }
}

/// The cells' symbols as a terminal shows them: the cell after a wide (two-column)
/// character is covered by it, so it counts as nothing (an empty symbol) instead of the
/// space ratatui keeps there. A row's text then has the row's display width.
fn cell_symbols(cells: &[ratatui::buffer::Cell]) -> Vec<&str> {
    let mut covered = 0;
    cells
        .iter()
        .map(|cell| {
            if covered > 0 {
                covered -= 1;
                return "";
            }
            let symbol = cell.symbol();
            covered = symbol.width().saturating_sub(1);
            symbol
        })
        .collect()
}

/// Draws the wizard at its own size (`Msg::Resize`): the rows as text and the cursor's
/// position. Fails if a control or bidi character reached a cell.
pub fn draw(w: &Wizard) -> (Vec<String>, Option<(u16, u16)>) {
    let (width, height) = w.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    let frame = terminal
        .draw(|frame| super::view::view(w, frame))
        .expect("draw");
    let raw = cell_symbols(&frame.buffer.content);
    if let Some(i) = raw
        .iter()
        .position(|s| s.chars().any(is_unsafe_for_terminal))
    {
        let width = usize::from(width);
        panic!(
            "a control or bidi character reached the screen at cell ({}, {})",
            i % width,
            i / width
        );
    }
    let rows = raw
        .chunks(usize::from(width))
        .map(|row| row.concat())
        .collect();
    let cursor = terminal
        .backend_mut()
        .get_cursor_position()
        .ok()
        .map(|p| (p.x, p.y));
    (rows, cursor)
}

/// The screen at `width`×`height` as text, one line per row (the wizard's own size is
/// left as it is: a test that wants the layout for that size sends `Msg::Resize` too).
pub fn screen(w: &Wizard, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    let frame = terminal
        .draw(|frame| super::view::view(w, frame))
        .expect("draw");
    let raw = cell_symbols(&frame.buffer.content);
    let mut text = String::new();
    for (i, row) in raw.chunks(usize::from(width)).enumerate() {
        for (x, symbol) in row.iter().enumerate() {
            assert!(
                !symbol.chars().any(is_unsafe_for_terminal),
                "a control or bidi character reached the screen at cell ({x}, {i})"
            );
            text.push_str(symbol);
        }
        text.push('\n');
    }
    text
}
