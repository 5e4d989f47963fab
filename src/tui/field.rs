//! One form field: a typed value or an environment variable name, masking for secrets,
//! choices cycled with the arrow keys. Line editing comes from `tui-input`.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;
use zeroize::Zeroize;

use crate::core::catalog::{FieldKind, FieldSpec};
use crate::core::value::mask;
use crate::core::{EnvVarName, ParamValue};

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
}

impl Drop for FormField {
    fn drop(&mut self) {
        // Best effort: clear the buffer that may hold a typed secret.
        self.typed.value_and_reset().zeroize();
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
            let end = self.typed.value().chars().count();
            self.typed = std::mem::take(&mut self.typed).with_cursor(end);
        }
        let changed = self.active_input().handle_event(&Event::Key(key)).is_some();
        if changed {
            self.pasted = None;
            self.error = None;
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

    /// Inserts pasted text (newlines dropped: every field is one line).
    pub fn paste(&mut self, text: &str) {
        if self.is_choice() {
            return;
        }
        let clean: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        let count = clean.chars().count();
        let input = self.active_input();
        for c in clean.chars() {
            input.handle(tui_input::InputRequest::InsertChar(c));
        }
        self.pasted = (self.secret && self.source == Source::Typed).then_some(count);
        self.error = None;
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

    /// What the field's box shows. A variable reference shows its name while focused (that
    /// is what keys edit) and otherwise the value it resolves to here, masked for secrets.
    pub fn display(&self, focused: bool, env: &dyn Fn(&str) -> Option<String>) -> String {
        match self.source {
            Source::Env if focused => format!("${}", self.env_name.value()),
            Source::Env => match env(self.env_name.value()) {
                Some(v) if self.is_masked() => mask(&v),
                Some(v) => v,
                None => format!("${}", self.env_name.value()),
            },
            Source::Typed if self.spec.kind == FieldKind::Choice => match self.choice {
                Some(i) => format!("< {} >", self.spec.choices[i]),
                None => "< (not set) >".to_string(),
            },
            Source::Typed if self.is_masked() => {
                if self.typed.value().is_empty() {
                    String::new()
                } else {
                    mask(self.typed.value())
                }
            }
            Source::Typed => self.typed.value().to_string(),
        }
    }

    /// Where the terminal cursor goes, as a column offset into `display()`, when the field
    /// is edited as text.
    pub fn cursor_offset(&self, width: usize) -> Option<usize> {
        match self.source {
            _ if self.is_choice() => None,
            Source::Env => Some(1 + self.env_name.visual_cursor().min(width.saturating_sub(2))),
            Source::Typed if self.is_masked() => {
                Some(self.display(true, &|_| None).chars().count())
            }
            Source::Typed => {
                let scroll = self.typed.visual_scroll(width);
                Some(self.typed.visual_cursor().saturating_sub(scroll))
            }
        }
    }

    /// The horizontal scroll of a revealed or plain typed value: unfocused fields show
    /// their start, the focused one follows its cursor.
    pub fn scroll(&self, width: usize, focused: bool) -> usize {
        match self.source {
            Source::Typed if focused && !self.is_masked() && !self.is_choice() => {
                self.typed.visual_scroll(width)
            }
            _ => 0,
        }
    }

    /// A short note after the field: a paste count, or where a referenced value comes from.
    pub fn note(&self, focused: bool, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        if let Some(n) = self.pasted {
            return Some(format!("pasted {n} characters"));
        }
        if self.source != Source::Env {
            return None;
        }
        let name = self.env_name.value();
        Some(match env(name) {
            None => "not set in this shell".to_string(),
            Some(v) if focused && self.is_masked() => format!("= {}", mask(&v)),
            Some(v) if focused => format!("= {v}"),
            Some(_) => format!("from ${name}"),
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
            f.note(false, &env).unwrap(),
            "from $FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET"
        );
        assert_eq!(f.display(false, &env), "********1234");
        assert_eq!(
            f.display(true, &env),
            "$FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET"
        );
        assert_eq!(f.note(true, &env).unwrap(), "= ********1234");
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
        assert_eq!(f.note(false, &|_| None).unwrap(), "pasted 16 characters");
        assert_eq!(f.display(false, &|_| None), "********cdef");
        let mut url = field("github", "base_url");
        url.paste("https://mcp.example.com");
        assert_eq!(url.note(false, &|_| None), None);
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
