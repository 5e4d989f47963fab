//! One form field: a typed value or an environment variable name, masking for secrets,
//! choices cycled with the arrow keys. Line editing comes from `tui-input`.
//!
//! Values can be long (a pasted PEM, a 100 kB paste by mistake) and can come from hostile
//! places (the environment, an `--edit` file), so [`window`] draws only the part of a
//! value that fits its box, walking at most that many characters from the cursor, with
//! control characters shown escaped; [`insert_text`] pastes in one step.

use std::borrow::Cow;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;
use zeroize::Zeroize;

use crate::core::catalog::{FieldKind, FieldSpec};
use crate::core::redaction::Registration;
use crate::core::text::{escape_control, is_unsafe_for_terminal};
use crate::core::validate::{check_url, discovery_url_suggestion, split_scopes};
use crate::core::value::mask;
use crate::core::{EnvVarName, ParamValue};

/// The part of a one-line value that fits a box: escaped text, the columns it takes, and
/// the cursor's column in it (when the value is being edited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    pub columns: usize,
    pub cursor: Option<usize>,
}

impl Shown {
    /// The text padded with spaces to `width` columns (a box's full width).
    pub fn padded(&self, width: usize) -> String {
        let mut text = self.text.clone();
        text.extend(std::iter::repeat_n(' ', width.saturating_sub(self.columns)));
        text
    }

    /// The same text after `prefix` (plain, one column per character).
    fn prefixed(mut self, prefix: &str) -> Shown {
        let n = prefix.chars().count();
        self.text.insert_str(0, prefix);
        self.columns += n;
        self.cursor = self.cursor.map(|c| c + n);
        self
    }
}

/// What fits `width` columns of `value`: its start (ending with `…` when cut), or with
/// `cursor` (in characters, as `tui_input::Input::cursor`) the characters around it,
/// scrolled as `tui-input` scrolls (the cursor at the right edge once the text before it
/// is wider than the box).
///
/// Control characters are drawn escaped (`\u{1b}`) and the cursor counts the escape's
/// columns. Only the graphemes that end up on screen are segmented: the cost follows the
/// box, not the value (the cursor's byte offset is one walk over plain characters).
pub fn window(value: &str, cursor: Option<usize>, width: usize) -> Shown {
    let split = cursor.map_or(0, |c| {
        value.char_indices().nth(c).map_or(value.len(), |(b, _)| b)
    });
    let (before, after) = value.split_at(split);
    let mut left: Vec<Cow<str>> = Vec::new();
    let mut columns = 0;
    for g in before.graphemes(true).rev() {
        let (text, w) = unit(g);
        if columns + w > width {
            break;
        }
        columns += w;
        left.push(text);
    }
    let cursor_column = columns;
    let mut text: String = left.into_iter().rev().collect();
    // Widths of what `text` holds after the cursor, to make room for the `…` of a cut.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    let mut cut = false;
    for g in after.graphemes(true) {
        let (unit_text, w) = unit(g);
        if columns + w > width {
            cut = true;
            break;
        }
        columns += w;
        tail.push((text.len(), w));
        text.push_str(&unit_text);
    }
    // A value shown from its start (not being edited) that does not fit ends with `…`.
    if cut && cursor.is_none() && width > 0 {
        while columns + 1 > width {
            let Some((at, w)) = tail.pop() else { break };
            text.truncate(at);
            columns -= w;
        }
        text.push('…');
        columns += 1;
    }
    Shown {
        text,
        columns,
        cursor: cursor.map(|_| cursor_column),
    }
}

/// One grapheme as drawn: itself, `↵` for a line break (a PEM's lines stay readable on
/// one row), or escaped when it holds another control character.
fn unit(grapheme: &str) -> (Cow<'_, str>, usize) {
    if grapheme == "\n" {
        return (Cow::Borrowed("↵"), 1);
    }
    if grapheme.chars().any(is_unsafe_for_terminal) {
        let escaped = escape_control(grapheme);
        let w = escaped.width();
        (escaped, w)
    } else {
        (Cow::Borrowed(grapheme), grapheme.width())
    }
}

/// Inserts `text` at the cursor in one step (a paste), leaving the cursor after it.
/// `Input`'s own insertion recounts the whole value per character: quadratic for a paste.
pub fn insert_text(input: &mut Input, text: &str) {
    if text.is_empty() {
        return;
    }
    let cursor = input.cursor();
    let mut old = String::from(std::mem::take(input));
    let split = old.char_indices().nth(cursor).map_or(old.len(), |(b, _)| b);
    let mut value = String::with_capacity(old.len() + text.len());
    value.push_str(&old[..split]);
    value.push_str(text);
    value.push_str(&old[split..]);
    // The old buffer may hold a secret.
    old.zeroize();
    *input = Input::new(value).with_cursor(cursor + text.chars().count());
}

/// `\r\n` and lone `\r` as `\n`, without trailing line breaks (the one a file or a copied
/// block ends with).
/// One pass into one buffer: the text may be a secret, and the caller zeroizes that buffer.
fn normalize_line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            chars.next_if_eq(&'\n');
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    let kept = out.trim_end_matches('\n').len();
    out.truncate(kept);
    out
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Typed,
    Env,
}

pub struct FormField {
    pub spec: FieldSpec,
    /// Masked unless revealed; custom parameters with secret-looking names are too.
    pub secret: bool,
    pub source: Source,
    /// The typed value (unused for choices).
    pub typed: Input,
    /// The environment variable's name, when `source` is `Env`.
    pub env_name: Input,
    /// Index into `spec.choices`; `None` is "not set" (optional choices only).
    pub choice: Option<usize>,
    /// The variable a value was found in when the form opened ("from $VAR").
    pub found_in: Option<String>,
    pub revealed: bool,
    /// Characters of the last paste into a secret ("pasted N characters").
    pub pasted: Option<usize>,
    pub error: Option<String>,
    /// A secret's typed text, registered for the panic hook to mask (kept in step by
    /// [`FormField::typed_changed`]).
    redaction: Registration,
}

impl Drop for FormField {
    fn drop(&mut self) {
        // Best effort: clear the buffer that may hold a typed secret (`Input` itself may
        // have left copies behind while it grew).
        String::from(std::mem::take(&mut self.typed)).zeroize();
    }
}

impl FormField {
    pub fn new(spec: FieldSpec, secret: bool) -> Self {
        let choice = match (&spec.default, spec.kind) {
            (Some(Value::String(d)), FieldKind::Choice) => spec.choices.iter().position(|c| c == d),
            (None, FieldKind::Choice) if spec.required => Some(0),
            _ => None,
        };
        let typed = match (&spec.default, spec.kind) {
            (Some(Value::String(d)), kind) if kind != FieldKind::Choice => d.clone(),
            _ => String::new(),
        };
        FormField {
            secret: secret || spec.kind.is_secret(),
            spec,
            source: Source::Typed,
            typed: Input::new(typed),
            env_name: Input::default(),
            choice,
            found_in: None,
            revealed: false,
            pasted: None,
            error: None,
            redaction: Registration::default(),
        }
    }

    /// Registers a secret's new typed text for masking in panic messages (the old text's
    /// registration ends). Every change of `typed` outside `Input`'s own keys calls it.
    fn typed_changed(&mut self) {
        if self.secret {
            self.redaction = Registration::new(self.typed.value());
        }
    }

    /// Prefills from the first of the field's variables that is set.
    pub fn prefill_from_env(&mut self, env: &dyn Fn(&str) -> Option<String>) {
        if let Some(var) = self.spec.env.iter().find(|v| env(v).is_some()) {
            self.source = Source::Env;
            self.env_name = Input::new(var.clone());
            self.found_in = Some(var.clone());
        }
    }

    /// Still as the form opened it: typed, and empty or the default (not from the
    /// environment).
    pub fn is_untouched(&self) -> bool {
        if self.source != Source::Typed || self.found_in.is_some() {
            return false;
        }
        match (&self.spec.default, self.spec.kind) {
            (_, FieldKind::Choice) => {
                let default = FormField::new(self.spec.clone(), self.secret).choice;
                self.choice == default
            }
            (Some(Value::String(d)), _) => self.typed.value() == d,
            _ => self.typed.value().is_empty(),
        }
    }

    /// Shows an existing value (editing a saved config).
    pub fn set_value(&mut self, value: &ParamValue) {
        match value {
            ParamValue::Env(var) => {
                self.source = Source::Env;
                self.env_name = Input::new(var.as_str().to_string());
            }
            ParamValue::Secret(s) => self.typed = Input::new(s.expose().to_string()),
            ParamValue::Literal(Value::String(s)) if self.spec.kind == FieldKind::Choice => {
                self.choice = self.spec.choices.iter().position(|c| c == s);
            }
            ParamValue::Literal(Value::String(s)) => self.typed = Input::new(s.clone()),
            ParamValue::Literal(Value::Array(items)) if self.spec.kind == FieldKind::List => {
                let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                self.typed = Input::new(parts.join(", "));
            }
            ParamValue::Literal(other) => self.typed = Input::new(other.to_string()),
        }
        self.typed_changed();
    }

    pub fn is_choice(&self) -> bool {
        self.spec.kind == FieldKind::Choice && self.source == Source::Typed
    }

    /// The input that keys edit right now.
    fn active_input(&mut self) -> &mut Input {
        match self.source {
            Source::Typed => &mut self.typed,
            Source::Env => &mut self.env_name,
        }
    }

    pub fn toggle_source(&mut self) {
        self.source = match self.source {
            Source::Typed => Source::Env,
            Source::Env => Source::Typed,
        };
        if self.source == Source::Env && self.env_name.value().is_empty() {
            if let Some(var) = self.spec.env.first() {
                self.env_name = Input::new(var.clone());
            }
        }
        self.error = None;
    }

    /// Masked display is on: typed secrets and secrets from the environment.
    pub fn is_masked(&self) -> bool {
        self.secret && !self.revealed
    }

    /// Edits the value with a key; returns whether the key was used.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if self.is_choice() {
            return self.cycle_choice(key);
        }
        // A masked value is edited at its end only: its characters are not on screen.
        if self.is_masked() && self.source == Source::Typed {
            let allowed = matches!(key.code, KeyCode::Char(_) | KeyCode::Backspace)
                || (key.code == KeyCode::Char('u') && key.modifiers == KeyModifiers::CONTROL);
            if !allowed {
                return false;
            }
            // `with_cursor` clamps to the length `Input` keeps: no walk over the value.
            self.typed = std::mem::take(&mut self.typed).with_cursor(usize::MAX);
        }
        let changed = self.active_input().handle_event(&Event::Key(key)).is_some();
        if changed {
            self.pasted = None;
            self.error = None;
            self.typed_changed();
        }
        changed
    }

    /// Optional choices without a default can be left unset.
    fn can_be_unset(&self) -> bool {
        !self.spec.required && self.spec.default.is_none()
    }

    fn cycle_choice(&mut self, key: KeyEvent) -> bool {
        let count = self.spec.choices.len();
        // Position 0 is "not set" when the choice may be left unset.
        let offset = usize::from(self.can_be_unset());
        let positions = count + offset;
        let current = self.choice.map_or(0, |i| i + offset);
        let next = match key.code {
            KeyCode::Right | KeyCode::Char(' ') => (current + 1) % positions,
            KeyCode::Left => (current + positions - 1) % positions,
            _ => return false,
        };
        self.choice = (next >= offset).then(|| next - offset);
        self.error = None;
        true
    }

    /// Whether the value may span lines (a PEM key, a JSON map): line breaks pasted into it
    /// are kept. URLs, hosts, lists and variable names are one line.
    pub fn is_multiline(&self) -> bool {
        self.source == Source::Typed
            && matches!(
                self.spec.kind,
                FieldKind::Text | FieldKind::Secret | FieldKind::TokenMap
            )
    }

    /// Inserts pasted text. Multi-line values keep their line breaks (as `\n`, without the
    /// paste's last one); other fields drop them.
    pub fn paste(&mut self, text: &str) {
        if self.is_choice() {
            return;
        }
        let mut clean = if self.is_multiline() {
            normalize_line_breaks(text)
        } else {
            text.chars().filter(|c| *c != '\n' && *c != '\r').collect()
        };
        let count = clean.chars().count();
        if self.is_masked() && self.source == Source::Typed {
            // As with keys: a masked value grows at its end.
            self.typed = std::mem::take(&mut self.typed).with_cursor(usize::MAX);
        }
        insert_text(self.active_input(), &clean);
        clean.zeroize();
        self.pasted = (self.secret && self.source == Source::Typed).then_some(count);
        self.error = None;
        self.typed_changed();
    }

    /// Replaces the typed value with a file's contents (line breaks kept as in a paste).
    pub fn load_text(&mut self, text: &str) {
        self.source = Source::Typed;
        String::from(std::mem::take(&mut self.typed)).zeroize();
        self.typed = Input::new(normalize_line_breaks(text));
        self.pasted = None;
        self.error = None;
        self.typed_changed();
    }

    /// For a discovery URL typed without `/.well-known/openid-configuration`, the URL with
    /// it: the form offers to append it (FastMCP fetches the document from this very URL).
    pub fn discovery_offer(&self) -> Option<String> {
        if self.spec.kind != FieldKind::DiscoveryUrl || self.source != Source::Typed {
            return None;
        }
        let url = check_url(&self.spec, self.typed.value()).ok()?;
        discovery_url_suggestion(&url)
    }

    /// Takes the [`FormField::discovery_offer`]; returns whether there was one.
    pub fn accept_discovery_offer(&mut self) -> bool {
        let Some(url) = self.discovery_offer() else {
            return false;
        };
        self.typed = Input::new(url);
        self.error = None;
        true
    }

    /// The value to give the core, or `None` when left empty.
    pub fn value(&self) -> Result<Option<ParamValue>, String> {
        if self.source == Source::Env {
            let name = self.env_name.value().trim();
            if name.is_empty() {
                return Err(format!(
                    "type the name of an environment variable (example: {})",
                    self.spec.env.first().map_or("MY_VARIABLE", String::as_str)
                ));
            }
            // The problem is described, the text not repeated: it may be a pasted secret.
            return EnvVarName::check(name)
                .map(|n| Some(ParamValue::Env(n)))
                .map_err(|problem| {
                    format!(
                        "{problem} (example: {})",
                        self.spec.env.first().map_or("MY_VARIABLE", String::as_str)
                    )
                });
        }
        if self.spec.kind == FieldKind::Choice {
            return Ok(self
                .choice
                .map(|i| ParamValue::from(self.spec.choices[i].as_str())));
        }
        let text = self.typed.value().trim();
        if text.is_empty() {
            return Ok(None);
        }
        Ok(Some(match self.spec.kind {
            FieldKind::List if self.spec.scopes => ParamValue::list(split_scopes(text)),
            FieldKind::List => {
                ParamValue::list(text.split(',').map(str::trim).filter(|s| !s.is_empty()))
            }
            // Masked on screen, but the map is always written as JSON (it cannot be a
            // reference), so it is not a secret the save step could offer to embed.
            FieldKind::TokenMap => ParamValue::Literal(Value::String(text.to_string())),
            _ if self.secret => ParamValue::secret(text),
            _ => ParamValue::Literal(Value::String(text.to_string())),
        }))
    }

    /// What the field's box shows in `width` columns. A variable reference shows its name
    /// while focused (that is what keys edit) and otherwise the value it resolves to here,
    /// masked for secrets. The cursor is given when the focused field is edited as text.
    pub fn shown(
        &self,
        focused: bool,
        width: usize,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Shown {
        let editing = focused && !self.is_choice();
        match self.source {
            Source::Env if focused => {
                let name = &self.env_name;
                window(name.value(), Some(name.cursor()), width.saturating_sub(1)).prefixed("$")
            }
            Source::Env => match env(self.env_name.value()) {
                Some(v) if self.is_masked() => window(&mask(&v), None, width),
                Some(v) => window(&v, None, width),
                None => window(self.env_name.value(), None, width.saturating_sub(1)).prefixed("$"),
            },
            Source::Typed if self.spec.kind == FieldKind::Choice => {
                let text = match self.choice {
                    Some(i) => format!("< {} >", self.spec.choices[i]),
                    None => "< (not set) >".to_string(),
                };
                window(&text, None, width)
            }
            Source::Typed if self.is_masked() => {
                let value = self.typed.value();
                let text = if value.is_empty() {
                    String::new()
                } else {
                    mask(value)
                };
                // Edited at its end: the cursor follows the mask.
                let end = editing.then(|| text.chars().count());
                window(&text, end, width)
            }
            Source::Typed if editing => {
                window(self.typed.value(), Some(self.typed.cursor()), width)
            }
            Source::Typed => window(self.typed.value(), None, width),
        }
    }

    /// The whole text [`FormField::shown`] would show in a box wide enough for it.
    #[cfg(test)]
    pub(crate) fn display(&self, focused: bool, env: &dyn Fn(&str) -> Option<String>) -> String {
        self.shown(focused, usize::MAX / 2, env).text
    }

    /// A short note after the field, at most `room` columns: a paste count, or where a
    /// referenced value comes from.
    pub fn note(
        &self,
        focused: bool,
        room: usize,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Option<String> {
        if let Some(n) = self.pasted {
            return Some(format!("pasted {n} characters"));
        }
        if self.source != Source::Env {
            return None;
        }
        let name = self.env_name.value();
        let clipped = |prefix: &str, text: &str| {
            window(text, None, room.saturating_sub(prefix.chars().count()))
                .prefixed(prefix)
                .text
        };
        Some(match env(name) {
            None => "not set in this shell".to_string(),
            Some(v) if focused && self.is_masked() => clipped("= ", &mask(&v)),
            Some(v) if focused => clipped("= ", &v),
            Some(_) => clipped("from $", name),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;

    fn field(provider: &str, name: &str) -> FormField {
        let spec = Catalog::builtin()
            .get(provider)
            .unwrap()
            .field(name)
            .unwrap()
            .clone();
        FormField::new(spec, false)
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_text(f: &mut FormField, text: &str) {
        for c in text.chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn secret_is_masked_until_revealed() {
        let mut f = field("google", "client_secret");
        type_text(&mut f, "GOCSPX-abcdefgh1234");
        assert_eq!(f.display(false, &|_| None), "********1234");
        f.revealed = true;
        assert_eq!(f.display(false, &|_| None), "GOCSPX-abcdefgh1234");
        assert!(matches!(f.value().unwrap(), Some(ParamValue::Secret(_))));
    }

    /// A typed secret is not yet a `Secret`: the field registers its text itself, so a
    /// panic while the form holds it prints it masked.
    #[test]
    fn a_typed_secret_is_registered_for_panic_masking_as_it_changes() {
        use crate::core::redaction::is_registered;
        let mut f = field("google", "client_secret");
        type_text(&mut f, "GOCSPX-typed-in-form-8080");
        assert!(is_registered("GOCSPX-typed-in-form-8080"));
        f.handle_key(key(KeyCode::Backspace));
        assert!(is_registered("GOCSPX-typed-in-form-808"));
        assert!(
            !is_registered("GOCSPX-typed-in-form-8080"),
            "the old text stays"
        );
        f.paste("9-pasted");
        assert!(is_registered("GOCSPX-typed-in-form-8089-pasted"));
        f.load_text("GOCSPX-loaded-from-file-1234\n");
        assert!(is_registered("GOCSPX-loaded-from-file-1234"));
        drop(f);
        assert!(!is_registered("GOCSPX-loaded-from-file-1234"));
        // Not a secret: nothing registered.
        let mut plain = field("google", "client_id");
        type_text(&mut plain, "plain-client-id-not-secret");
        assert!(!is_registered("plain-client-id-not-secret"));
    }

    #[test]
    fn masked_secret_edits_only_at_its_end() {
        let mut f = field("google", "client_secret");
        type_text(&mut f, "abcdefgh");
        assert!(!f.handle_key(key(KeyCode::Left)));
        f.handle_key(key(KeyCode::Backspace));
        type_text(&mut f, "X");
        f.revealed = true;
        assert_eq!(f.display(false, &|_| None), "abcdefgX");
    }

    #[test]
    fn env_prefill_and_toggle() {
        let env = |v: &str| {
            (v == "FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET")
                .then(|| "s3cret-value-1234".to_string())
        };
        let mut f = field("google", "client_secret");
        f.prefill_from_env(&env);
        assert_eq!(f.source, Source::Env);
        assert_eq!(
            f.note(false, 80, &env).unwrap(),
            "from $FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET"
        );
        assert_eq!(f.display(false, &env), "********1234");
        assert_eq!(
            f.display(true, &env),
            "$FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET"
        );
        assert_eq!(f.note(true, 80, &env).unwrap(), "= ********1234");
        assert_eq!(
            f.value().unwrap(),
            Some(ParamValue::env("FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET").unwrap())
        );
        f.toggle_source();
        assert_eq!(f.source, Source::Typed);
        assert_eq!(f.value().unwrap(), None);
        // A fresh toggle to env offers the conventional name.
        let mut g = field("github", "client_secret");
        g.toggle_source();
        assert_eq!(g.env_name.value(), "GITHUB_CLIENT_SECRET");
    }

    #[test]
    fn paste_counts_secret_characters() {
        let mut f = field("github", "client_secret");
        f.paste("0123456789abcdef\n");
        assert_eq!(
            f.note(false, 80, &|_| None).unwrap(),
            "pasted 16 characters"
        );
        assert_eq!(f.display(false, &|_| None), "********cdef");
        let mut url = field("github", "base_url");
        url.paste("https://mcp.example.com");
        assert_eq!(url.note(false, 80, &|_| None), None);
        assert_eq!(url.display(false, &|_| None), "https://mcp.example.com");
    }

    #[test]
    fn choices_cycle_with_arrows() {
        let mut f = field("bearer", "algorithm");
        assert_eq!(f.display(false, &|_| None), "< RS256 >");
        f.handle_key(key(KeyCode::Left));
        assert_eq!(f.display(false, &|_| None), "< EdDSA >");
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.value().unwrap(), Some(ParamValue::from("RS384")));
        // Optional choice without default starts unset and can return to unset.
        let mut o = field("oauth", "algorithm");
        assert_eq!(o.value().unwrap(), None);
        o.handle_key(key(KeyCode::Right));
        assert_eq!(o.value().unwrap(), Some(ParamValue::from("RS256")));
        o.handle_key(key(KeyCode::Left));
        assert_eq!(o.value().unwrap(), None);
    }

    #[test]
    fn token_map_is_masked_but_given_as_json_text() {
        let mut f = field("static", "tokens");
        let text = r#"{"Qw7-dev-token": {"client_id": "alice", "scopes": ["read"]}}"#;
        f.paste(text);
        assert!(f.is_masked());
        assert_eq!(f.display(false, &|_| None), "********\"]}}");
        assert_eq!(
            f.value().unwrap(),
            Some(ParamValue::Literal(Value::String(text.to_string())))
        );
        // Editing a saved config shows the map as one line of JSON.
        let mut g = field("static", "tokens");
        g.set_value(&ParamValue::Literal(serde_json::from_str(text).unwrap()));
        g.revealed = true;
        assert_eq!(
            g.display(false, &|_| None),
            r#"{"Qw7-dev-token":{"client_id":"alice","scopes":["read"]}}"#
        );
    }

    /// What `window` must show, computed the slow way `tui-input` scrolls: every grapheme
    /// of the whole value measured, then the columns before the cursor skipped.
    fn reference_window(value: &str, cursor: Option<usize>, width: usize) -> Shown {
        let split = cursor.map_or(0, |c| {
            value.char_indices().nth(c).map_or(value.len(), |(b, _)| b)
        });
        let units: Vec<(String, usize, bool)> = value
            .grapheme_indices(true)
            .map(|(i, g)| {
                let (text, w) = unit(g);
                (text.into_owned(), w, i < split)
            })
            .collect();
        let before: usize = units.iter().filter(|u| u.2).map(|u| u.1).sum();
        let target = if cursor.is_some() {
            before.max(width) - width
        } else {
            0
        };
        let (mut skipped, mut start) = (0, 0);
        while skipped < target {
            skipped += units[start].1;
            start += 1;
        }
        let mut kept: Vec<(&str, usize)> = Vec::new();
        let mut columns = 0;
        let mut cut = false;
        for (t, w, _) in &units[start..] {
            if columns + w > width {
                cut = true;
                break;
            }
            kept.push((t, *w));
            columns += w;
        }
        if cut && cursor.is_none() {
            while columns + 1 > width {
                columns -= kept.pop().map_or(0, |k| k.1);
            }
            kept.push(("…", 1));
            columns += 1;
        }
        let text = kept.iter().map(|k| k.0).collect();
        Shown {
            text,
            columns,
            cursor: cursor.map(|_| before - skipped),
        }
    }

    proptest::proptest! {
        #[test]
        fn window_shows_what_a_whole_value_scroll_shows(
            chars in proptest::collection::vec(
                proptest::sample::select(vec!['a', 'Z', '日', 'é', '\u{1b}', '\u{7}', '\u{202e}']),
                0..120,
            ),
            cursor_at in proptest::option::of(0usize..130),
            width in 1usize..40,
        ) {
            let value: String = chars.iter().collect();
            let cursor = cursor_at.map(|c| c.min(chars.len()));
            let shown = window(&value, cursor, width);
            proptest::prop_assert_eq!(&shown, &reference_window(&value, cursor, width));
            proptest::prop_assert!(shown.columns <= width);
            proptest::prop_assert!(!shown.text.chars().any(is_unsafe_for_terminal));
        }
    }

    #[test]
    fn long_value_shows_the_end_where_the_cursor_is() {
        let mut f = field("github", "base_url");
        let long = format!("https://{}.example.com", "a".repeat(100_000));
        f.paste(&long);
        let shown = f.shown(true, 20, &|_| None);
        assert_eq!(shown.text, "aaaaaaaa.example.com");
        assert_eq!(shown.cursor, Some(20));
        // Unfocused, the start is shown, and that it is cut.
        assert_eq!(f.shown(false, 12, &|_| None).text, "https://aaa…");
    }

    #[test]
    fn paste_goes_in_at_the_cursor_and_control_characters_show_escaped() {
        let mut f = field("github", "base_url");
        f.paste("https://mcp.com");
        for _ in 0..4 {
            f.handle_key(key(KeyCode::Left));
        }
        f.paste("x\u{1b}[2J.");
        assert_eq!(f.typed.value(), "https://mcpx\u{1b}[2J..com");
        let shown = f.shown(true, 80, &|_| None);
        assert_eq!(shown.text, "https://mcpx\\u{1b}[2J..com");
        // The cursor stands after the escape and the pasted text, before ".com".
        assert_eq!(shown.cursor, Some("https://mcpx\\u{1b}[2J.".len()));
    }

    #[test]
    fn invalid_env_name_is_reported() {
        let mut f = field("google", "client_id");
        f.toggle_source();
        f.env_name = Input::new("1BAD".into());
        assert!(
            f.value()
                .unwrap_err()
                .contains("not a valid environment variable name")
        );
    }
}
