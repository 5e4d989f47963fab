//! Step 2: the credentials form, generated from the provider's catalog entry. The custom
//! provider also gets rows of free keyword arguments.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;
use unicode_width::UnicodeWidthStr;

use super::{StepEvent, clip, pad, wrap_text};
use crate::core::catalog::{CLIENT_REDIRECTS_FIELD, FieldKind, FieldSpec, ProviderSpec};
use crate::core::generate::{check_value, is_secret_param, looks_secret};
use crate::core::text::escape_control;
use crate::core::{
    AuthError, AuthProviderConfig, AuthProviderType, EnvNameProblem, ParamValue,
    looks_like_credential,
};
use crate::devkeys::DEV_KEY_ALGORITHM;
use crate::tui::field::{FormField, Source, insert_text, window};
use crate::tui::theme::Theme;
use crate::tui::view::{render_lines, scroll_mark};

/// A free keyword argument of the custom provider: a name and a value.
pub struct CustomRow {
    pub name: Input,
    pub value: FormField,
}

pub struct CredentialsStep {
    pub provider: &'static ProviderSpec,
    pub fields: Vec<FormField>,
    pub rows: Vec<CustomRow>,
    /// Index over the shown fields, then each row's name and value.
    pub focus: usize,
    /// Whether the fields the catalog marks `advanced` (which come after the common ones in
    /// `fields`) are shown; closed by default.
    pub advanced_open: bool,
    /// A problem that involves several fields (e.g. "give one of jwks_uri or public_key").
    pub form_error: Option<String>,
    /// What the last action did (e.g. "generated a development key pair in …").
    pub notice: Option<String>,
    /// The "load from file" prompt: the path being typed, and the focus it fills.
    pub file_prompt: Option<FilePrompt>,
}

/// The path typed in the "load from file" prompt (Ctrl+O), for the field at `target`.
pub struct FilePrompt {
    pub path: Input,
    pub target: usize,
}

/// What has the focus.
enum Focus {
    Field(usize),
    RowName(usize),
    RowValue(usize),
}

const LABEL_WIDTH: usize = 23;
/// Room kept right of a value for its note ("from $GOOGLE_CLIENT_SECRET").
const NOTE_WIDTH: usize = 28;
const NAME_WIDTH: usize = 14;
/// The fields a development key pair fills in (JWTVerifier's parameters).
const DEV_KEY_FIELD: &str = "public_key";
const ALGORITHM_FIELD: &str = "algorithm";
const JWKS_FIELD: &str = "jwks_uri";

impl CredentialsStep {
    pub fn new(provider: &'static ProviderSpec, env: &dyn Fn(&str) -> Option<String>) -> Self {
        // The client allow-list is chosen on the Deploy step, from presets.
        let mut fields: Vec<FormField> = provider
            .fields
            .iter()
            .filter(|spec| spec.name != CLIENT_REDIRECTS_FIELD)
            .map(|spec| {
                let mut field = FormField::new(spec.clone(), false);
                field.prefill_from_env(env);
                field
            })
            .collect();
        // Common fields first: the Advanced fold holds the rest (a stable sort keeps the
        // catalog's order within each part).
        fields.sort_by_key(|f| f.spec.advanced);
        CredentialsStep {
            provider,
            fields,
            rows: Vec::new(),
            focus: 0,
            advanced_open: false,
            form_error: None,
            notice: None,
            file_prompt: None,
        }
    }

    /// Coming from another provider's form: its shared settings (base URL, redirect path,
    /// issuer, audience…, any field both forms have) fill this form's fields the user has
    /// not touched. Credentials (client id, secrets) belong to one identity provider and
    /// are never carried.
    pub fn carry_shared(&mut self, from: &CredentialsStep) {
        for field in &mut self.fields {
            let spec = &field.spec;
            if spec.kind.is_secret() || spec.name == "client_id" || !field.is_untouched() {
                continue;
            }
            let Some(source) = from.field(&spec.name) else {
                continue;
            };
            let Ok(Some(value)) = source.value() else {
                continue;
            };
            if spec.kind == FieldKind::Choice
                && value
                    .as_literal_str()
                    .is_none_or(|v| !spec.choices.iter().any(|c| c == v))
            {
                continue;
            }
            field.set_value(&value);
        }
    }

    /// The provider verifies JWTs with a key we can make: a development key pair fits.
    pub fn offers_dev_keys(&self) -> bool {
        self.provider.provider_class == "JWTVerifier"
            && self.field(DEV_KEY_FIELD).is_some()
            && self
                .field(ALGORITHM_FIELD)
                .is_some_and(|f| f.spec.choices.iter().any(|c| c == DEV_KEY_ALGORITHM))
    }

    fn field(&self, name: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.spec.name == name)
    }

    fn field_mut(&mut self, name: &str) -> Option<&mut FormField> {
        self.fields.iter_mut().find(|f| f.spec.name == name)
    }

    /// Fills the form for a development key pair: its public PEM as `public_key`, RS256,
    /// and no `jwks_uri` (FastMCP takes one key source). Returns whether a JWKS URL the user
    /// had typed was cleared, so the notice can say so.
    pub fn use_dev_key(&mut self, public_pem: &str) -> bool {
        let pem = ParamValue::from(public_pem.trim_end());
        if let Some(field) = self.field_mut(DEV_KEY_FIELD) {
            field.source = Source::Typed;
            field.set_value(&pem);
            field.error = None;
        }
        if let Some(field) = self.field_mut(ALGORITHM_FIELD) {
            field.source = Source::Typed;
            field.set_value(&ParamValue::from(DEV_KEY_ALGORITHM));
            field.error = None;
        }
        let mut cleared = false;
        if let Some(field) = self.field_mut(JWKS_FIELD) {
            cleared = matches!(field.value(), Ok(Some(_)));
            *field = FormField::new(field.spec.clone(), false);
        }
        self.sync_secret_when();
        self.form_error = None;
        cleared
    }

    /// How many fields are not `advanced`.
    /// Whether the form has an Advanced fold.
    pub fn has_advanced(&self) -> bool {
        self.common_count() < self.fields.len()
    }

    fn common_count(&self) -> usize {
        self.fields.iter().filter(|f| !f.spec.advanced).count()
    }

    /// How many fields the form shows: the common ones, and the advanced ones when open.
    fn shown_count(&self) -> usize {
        if self.advanced_open {
            self.fields.len()
        } else {
            self.common_count()
        }
    }

    /// Opens or closes the Advanced fold; a focus inside the closing fold moves to its line's
    /// neighbour, the last common field.
    fn toggle_advanced(&mut self) {
        let common = self.common_count();
        if common == self.fields.len() {
            return;
        }
        let row_focus = self.focus.checked_sub(self.shown_count());
        self.advanced_open = !self.advanced_open;
        self.focus = match row_focus {
            Some(offset) => self.shown_count() + offset,
            None if self.focus >= common => common.saturating_sub(1),
            None => self.focus,
        };
    }

    fn focus_count(&self) -> usize {
        self.shown_count() + 2 * self.rows.len()
    }

    fn focused(&self) -> Focus {
        if self.focus < self.shown_count() {
            Focus::Field(self.focus)
        } else {
            let i = self.focus - self.shown_count();
            if i % 2 == 0 {
                Focus::RowName(i / 2)
            } else {
                Focus::RowValue(i / 2)
            }
        }
    }

    /// The field (or custom row value) the focus is on; `None` on a row's name.
    pub fn focused_form_field(&self) -> Option<&FormField> {
        match self.focused() {
            Focus::Field(i) => self.fields.get(i),
            Focus::RowValue(i) => self.rows.get(i).map(|r| &r.value),
            Focus::RowName(_) => None,
        }
    }

    fn focused_field(&mut self) -> Option<&mut FormField> {
        match self.focused() {
            Focus::Field(i) => self.fields.get_mut(i),
            Focus::RowValue(i) => self.rows.get_mut(i).map(|r| &mut r.value),
            Focus::RowName(_) => None,
        }
    }

    fn move_focus(&mut self, forward: bool) {
        if let Some(f) = self.focused_field() {
            f.revealed = false;
        }
        let n = self.focus_count();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> StepEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.file_prompt.is_some() {
            return self.file_prompt_key(key);
        }
        match key.code {
            KeyCode::Tab | KeyCode::Down => self.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(false),
            KeyCode::Enter => {
                if self.check_focused() {
                    if self.focus + 1 == self.focus_count() {
                        return StepEvent::Continue;
                    }
                    self.move_focus(true);
                }
            }
            KeyCode::Char('r') if ctrl => {
                if let Some(f) = self.focused_field() {
                    f.revealed = !f.revealed;
                }
            }
            KeyCode::Char('t') if ctrl => {
                if let Some(f) = self.focused_field() {
                    f.toggle_source();
                }
            }
            KeyCode::Char('l') if ctrl => {
                if let Some(f) = self.focused_field() {
                    f.accept_discovery_offer();
                }
            }
            KeyCode::Char('o') if ctrl => self.open_file_prompt(),
            KeyCode::Char('x') if ctrl => self.toggle_advanced(),
            KeyCode::Char('n') if ctrl && self.provider.custom => self.add_row(),
            KeyCode::Char('d') if ctrl && self.provider.custom => self.remove_focused_row(),
            _ => {
                self.form_error = None;
                self.notice = None;
                self.sync_secret_when();
                match self.focused() {
                    Focus::RowName(i) => {
                        self.rows[i]
                            .name
                            .handle_event(&crossterm::event::Event::Key(key));
                        self.sync_row_secrecy(i);
                    }
                    _ => {
                        if let Some(f) = self.focused_field() {
                            f.handle_key(key);
                        }
                    }
                }
            }
        }
        StepEvent::None
    }

    /// Ctrl+O: asks for a file to fill the focused value with (a PEM key, a token map).
    fn open_file_prompt(&mut self) {
        if self.focused_field().is_some_and(|f| !f.is_choice()) {
            self.notice = None;
            self.file_prompt = Some(FilePrompt {
                path: Input::default(),
                target: self.focus,
            });
        }
    }

    fn file_prompt_key(&mut self, key: KeyEvent) -> StepEvent {
        let Some(prompt) = self.file_prompt.as_mut() else {
            return StepEvent::None;
        };
        match key.code {
            KeyCode::Esc => self.file_prompt = None,
            KeyCode::Enter => {
                let typed = prompt.path.value().trim();
                if !typed.is_empty() {
                    return StepEvent::LoadFile(expand_home(typed));
                }
            }
            _ => {
                prompt.path.handle_event(&crossterm::event::Event::Key(key));
            }
        }
        StepEvent::None
    }

    /// The prompt is open: Esc closes it rather than going back a step.
    pub fn is_prompting(&self) -> bool {
        self.file_prompt.is_some()
    }

    /// The file asked for with Ctrl+O was read (or not): fills the field the prompt was
    /// opened on, or keeps the prompt open with the reason. The notice says how much was
    /// loaded, never what.
    pub fn file_loaded(&mut self, path: &std::path::Path, result: Result<&str, String>) {
        let Some(prompt) = self.file_prompt.take() else {
            return;
        };
        let shown = escape_control(&path.display().to_string()).into_owned();
        match result {
            Ok(text) => {
                self.focus = prompt.target;
                let Some(field) = self.focused_field() else {
                    return;
                };
                field.load_text(text);
                let name = field.spec.name.clone();
                let count = field.typed.value().chars().count();
                self.sync_secret_when();
                self.form_error = None;
                self.notice = Some(format!("loaded {name} from {shown} ({count} characters)"));
            }
            Err(reason) => {
                self.form_error = Some(format!("cannot load {shown}: {reason}"));
                self.file_prompt = Some(prompt);
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(prompt) = self.file_prompt.as_mut() {
            let clean: String = text.chars().filter(|c| !c.is_control()).collect();
            insert_text(&mut prompt.path, clean.trim());
            return;
        }
        match self.focused() {
            Focus::RowName(i) => {
                let clean: String = text.chars().filter(|c| !c.is_control()).collect();
                insert_text(&mut self.rows[i].name, &clean);
                self.sync_row_secrecy(i);
            }
            _ => {
                if let Some(f) = self.focused_field() {
                    if f.source == Source::Env {
                        if let Err(message) = env_name_paste(f, text) {
                            f.error = Some(message);
                            return;
                        }
                    }
                    f.paste(text);
                }
            }
        }
    }

    fn add_row(&mut self) {
        let spec = FieldSpec::free_text(
            "",
            "A keyword argument for your class. Values that parse as JSON (30, true, [\"a\"]) \
             are passed as such; anything else as text.",
            "audience=my-api",
        );
        self.rows.push(CustomRow {
            name: Input::default(),
            value: FormField::new(spec, false),
        });
        self.focus = self.shown_count() + 2 * (self.rows.len() - 1);
    }

    fn remove_focused_row(&mut self) {
        let row = match self.focused() {
            Focus::RowName(i) | Focus::RowValue(i) => i,
            Focus::Field(_) => return,
        };
        self.rows.remove(row);
        self.focus = self.focus.min(self.focus_count().saturating_sub(1));
    }

    /// A field that is secret only for some values of another (`public_key` with HS*) is
    /// masked as soon as that other value makes it one.
    fn sync_secret_when(&mut self) {
        let config = self.provider_config();
        for i in 0..self.fields.len() {
            if self.fields[i].spec.secret_when.is_some() {
                let name = self.fields[i].spec.name.clone();
                self.fields[i].secret = is_secret_param(self.provider, &name, &config.config);
            }
        }
    }

    /// A row named like a secret (api_key, password …) is masked.
    fn sync_row_secrecy(&mut self, i: usize) {
        let row = &mut self.rows[i];
        row.value.secret = looks_secret(row.name.value());
        row.value.spec.name = row.name.value().trim().to_string();
    }

    /// Checks the focused field alone; shows the problem next to it.
    fn check_focused(&mut self) -> bool {
        match self.focused() {
            Focus::RowName(i) => {
                let name = self.rows[i].name.value().trim();
                if crate::core::validate::is_python_identifier(name) {
                    true
                } else {
                    self.rows[i].value.error = Some(
                        "the parameter name must be a Python identifier (example: audience)".into(),
                    );
                    false
                }
            }
            _ => match self.focused_field() {
                Some(field) => check_field(field),
                None => true,
            },
        }
    }

    /// Every field checked on its own (the folded ones too), focus on the first problem;
    /// a problem under the Advanced fold opens it.
    pub fn check_all(&mut self) -> bool {
        let was_open = self.advanced_open;
        self.advanced_open = true;
        for i in 0..self.focus_count() {
            self.focus = i;
            if !self.check_focused() {
                let in_fold = i >= self.common_count() && i < self.fields.len();
                if !was_open && !in_fold {
                    self.advanced_open = false;
                    if i >= self.fields.len() {
                        self.focus = i - (self.fields.len() - self.common_count());
                    }
                }
                return false;
            }
        }
        self.advanced_open = was_open;
        self.focus = 0;
        true
    }

    /// The provider config the form describes (scopes and embedding are the caller's).
    pub fn provider_config(&self) -> AuthProviderConfig {
        let mut config = AuthProviderConfig::new(AuthProviderType::of(self.provider));
        for field in &self.fields {
            if let Ok(Some(value)) = field.value() {
                config.set(&field.spec.name, value);
            }
        }
        for row in &self.rows {
            let name = row.name.value().trim();
            if let (false, Ok(Some(value))) = (name.is_empty(), row.value.value()) {
                config.set(name, custom_value(value));
            }
        }
        config
    }

    /// Puts an error from the core next to the field it names (or above the help).
    pub fn show_error(&mut self, error: &AuthError) {
        let target = error.field();
        let message = crate::tui::hints::error_message(error);
        if let Some(name) = target {
            if self
                .fields
                .iter()
                .any(|f| f.spec.name == name && f.spec.advanced)
            {
                self.advanced_open = true;
            }
        }
        let position = target.and_then(|name| {
            self.fields
                .iter()
                .position(|f| f.spec.name == name)
                .or_else(|| {
                    self.rows
                        .iter()
                        .position(|r| r.name.value().trim() == name)
                        .map(|i| self.shown_count() + 2 * i + 1)
                })
        });
        match position {
            Some(p) => {
                self.focus = p;
                if let Some(f) = self.focused_field() {
                    f.error = Some(message);
                }
            }
            None => self.form_error = Some(message),
        }
    }

    /// Sets values from an existing config (editing).
    pub fn load(&mut self, config: &AuthProviderConfig) {
        for (name, value) in &config.config {
            if let Some(field) = self.fields.iter_mut().find(|f| f.spec.name == *name) {
                field.set_value(value);
                field.found_in = None;
                // An edited file that sets advanced parameters shows them.
                self.advanced_open |= field.spec.advanced;
            } else if self.provider.custom {
                self.add_row();
                let i = self.rows.len() - 1;
                self.rows[i].name = Input::new(name.clone());
                self.sync_row_secrecy(i);
                self.rows[i].value.set_value(value);
            }
        }
        self.focus = 0;
    }

    pub fn view(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: Theme,
        env: &dyn Fn(&str) -> Option<String>,
    ) {
        // Small terminals get a shorter help panel so the form keeps room.
        let help = self.help_lines(area.width as usize, area.height >= 12, theme);
        let [form_area, help_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(help.len() as u16)])
                .areas(area);

        // The value column grows with the widest value, up to what the label and the note
        // leave of the terminal's width; below 48 columns the notes keep the room.
        let room = (form_area.width as usize)
            .saturating_sub(3 + LABEL_WIDTH + NOTE_WIDTH)
            .max(12);
        let widest = self
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| (i == self.focus, f))
            .chain(
                self.rows
                    .iter()
                    .enumerate()
                    .map(|(r, row)| (self.focus == self.fields.len() + 2 * r + 1, &row.value)),
            )
            .map(|(focused, f)| f.shown(focused, room, env).columns + 1)
            .max()
            .unwrap_or(0);
        let value_width = widest.clamp(room.min(48), room);
        let mut lines: Vec<Line> = Vec::new();
        let mut focus_line = 0;
        let mut focus_end = 0;
        let mut cursor: Option<(usize, usize)> = None; // (line, column)
        let common = self.common_count();
        for (i, field) in self.fields.iter().enumerate() {
            if i == common {
                lines.push(self.fold_line(theme));
                if !self.advanced_open {
                    break;
                }
            }
            let focused = i == self.focus;
            if focused {
                focus_line = lines.len();
            }
            let mark = if field.spec.required { "*" } else { " " };
            let label = format!("{mark}{}", field.spec.label);
            let prefix = format!(
                "{}{} ",
                if focused { "> " } else { "  " },
                pad(&clip(&label, LABEL_WIDTH), LABEL_WIDTH)
            );
            let shown = field.shown(focused, value_width, env);
            if let Some(c) = shown.cursor {
                cursor = Some((lines.len(), prefix.width() + c.min(value_width)));
            }
            let room = note_room(form_area.width, &prefix, value_width);
            lines.push(field_line(
                prefix,
                field,
                shown.padded(value_width),
                room,
                focused,
                theme,
                env,
            ));
            push_error(
                &mut lines,
                field.error.as_deref(),
                form_area.width as usize,
                theme,
            );
            if focused {
                if let Some(c) = self.push_prompt(&mut lines, form_area.width as usize, theme) {
                    cursor = Some(c);
                }
                focus_end = lines.len();
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            let name_focus = self.focus == self.shown_count() + 2 * r;
            let value_focus = self.focus == self.shown_count() + 2 * r + 1;
            if name_focus || value_focus {
                focus_line = lines.len();
            }
            let marker = if name_focus || value_focus {
                "> "
            } else {
                "  "
            };
            // A name from an edited file can hold anything: shown escaped, like values.
            let name = if name_focus {
                window(row.name.value(), Some(row.name.cursor()), NAME_WIDTH)
            } else {
                let text = clip(&escape_control(row.name.value()), NAME_WIDTH);
                window(&text, None, NAME_WIDTH)
            };
            let name_cursor = name.cursor;
            let name = name.padded(NAME_WIDTH);
            let prefix = format!("{marker}param {name} = ");
            let name_style = if name_focus {
                theme.focused().patch(theme.input())
            } else {
                theme.input()
            };
            if let Some(c) = name_cursor {
                cursor = Some((lines.len(), 8 + c.min(NAME_WIDTH)));
            }
            let shown = row.value.shown(value_focus, value_width, env);
            if let Some(c) = shown.cursor {
                cursor = Some((lines.len(), prefix.width() + c.min(value_width)));
            }
            let room = note_room(form_area.width, &prefix, value_width);
            let mut line = field_line(
                prefix.clone(),
                &row.value,
                shown.padded(value_width),
                room,
                value_focus,
                theme,
                env,
            );
            // Style the name part of the prefix as an input.
            line.spans[0] = Span::raw(format!("{marker}param "));
            line.spans.insert(1, Span::styled(name, name_style));
            line.spans.insert(2, Span::raw(" = "));
            lines.push(line);
            push_error(
                &mut lines,
                row.value.error.as_deref(),
                form_area.width as usize,
                theme,
            );
            if name_focus || value_focus {
                if let Some(c) = self.push_prompt(&mut lines, form_area.width as usize, theme) {
                    cursor = Some(c);
                }
                focus_end = lines.len();
            }
        }
        if self.provider.custom {
            lines.push(Line::styled(
                "  Ctrl+N adds a keyword argument for your class.",
                theme.dim(),
            ));
        }
        if let Some(error) = &self.form_error {
            for text in wrap_text(&format!("! {error}"), form_area.width as usize) {
                lines.push(Line::styled(text, theme.error()));
            }
        }
        if let Some(notice) = &self.notice {
            for text in wrap_text(&format!("✓ {notice}"), form_area.width as usize) {
                lines.push(Line::styled(text, theme.ok()));
            }
        }

        let height = form_area.height as usize;
        // Keep the focused field and its error visible (its first line wins if both can't be).
        let offset = (focus_end + 1usize).saturating_sub(height).min(focus_line);
        if lines.len() > height {
            let mark = format!("{}/{}", self.focus + 1, self.focus_count());
            scroll_mark(frame, area, &mark, theme);
        }
        let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
        render_lines(frame, form_area, visible);
        frame.render_widget(Paragraph::new(help), help_area);
        if let Some((line, column)) = cursor {
            if line >= offset && line - offset < height {
                frame.set_cursor_position(Position::new(
                    form_area.x + column as u16,
                    form_area.y + (line - offset) as u16,
                ));
            }
        }
    }

    /// Under the focused field: the offer to append the well-known path, and the "load from
    /// file" prompt. Returns where the prompt's cursor goes.
    fn push_prompt(
        &self,
        lines: &mut Vec<Line<'static>>,
        width: usize,
        theme: Theme,
    ) -> Option<(usize, usize)> {
        let field = self.fields.get(self.focus);
        if field.is_some_and(|f| f.discovery_offer().is_some()) {
            let offer = "↳ not a discovery URL: FastMCP fetches the OpenID configuration from \
                         it. Ctrl+L appends /.well-known/openid-configuration";
            for text in wrap_text(offer, width.saturating_sub(4)) {
                lines.push(Line::styled(format!("    {text}"), theme.dim()));
            }
        }
        let prompt = self.file_prompt.as_ref()?;
        const LABEL: &str = "    load from file: ";
        let room = width.saturating_sub(LABEL.len() + 1).max(8);
        let shown = window(prompt.path.value(), Some(prompt.path.cursor()), room);
        let column = LABEL.len() + shown.cursor.unwrap_or(0);
        lines.push(Line::from(vec![
            Span::styled(LABEL, theme.focused()),
            Span::styled(shown.padded(room), theme.input()),
        ]));
        Some((lines.len() - 1, column))
    }

    /// The Advanced fold's heading: how many fields it holds and the key that toggles it.
    fn fold_line(&self, theme: Theme) -> Line<'static> {
        let hidden = self.fields.len() - self.common_count();
        let text = if self.advanced_open {
            format!("  ▾ Advanced ({hidden}, Ctrl+X closes)")
        } else {
            format!("  ▸ Advanced: {hidden} more settings, FastMCP's defaults apply (Ctrl+X opens)")
        };
        Line::styled(text, theme.dim())
    }

    fn help_lines(&self, width: usize, roomy: bool, theme: Theme) -> Vec<Line<'static>> {
        let (help, example, env) = match self.focused() {
            Focus::Field(i) => {
                let spec = &self.fields[i].spec;
                (
                    spec.help.clone(),
                    format!("{}={}", spec.name, spec.example),
                    spec.env.join(", "),
                )
            }
            Focus::RowName(i) | Focus::RowValue(i) => {
                let spec = &self.rows[i].value.spec;
                (spec.help.clone(), spec.example.clone(), String::new())
            }
        };
        let mut lines = vec![Line::styled("─".repeat(width), theme.dim())];
        for text in wrap_text(&help, width)
            .into_iter()
            .take(if roomy { 2 } else { 1 })
        {
            lines.push(Line::from(text));
        }
        lines.push(Line::from(vec![
            Span::styled("Example: ", theme.dim()),
            Span::raw(clip(&example, width.saturating_sub(9))),
        ]));
        if roomy && !env.is_empty() {
            lines.push(Line::from(vec![
                Span::styled("Env: ", theme.dim()),
                Span::raw(clip(&env, width.saturating_sub(5))),
            ]));
        }
        lines
    }
}

/// A custom value: JSON when it parses as a non-string, else the text.
fn custom_value(value: ParamValue) -> ParamValue {
    match value {
        ParamValue::Literal(serde_json::Value::String(text)) => {
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(v) if !v.is_string() => ParamValue::Literal(v),
                _ => ParamValue::from(text),
            }
        }
        other => other,
    }
}

/// A field's own checks: a value when required, and the core's check of its kind.
/// A paste into a variable-name box must be (part of) a name, and neither it nor the name
/// it makes may look like a credential: a secret pasted here would be shown on screen and
/// saved as `${…}` in clear. The message describes the problem, never the text.
fn env_name_paste(field: &FormField, text: &str) -> Result<(), String> {
    let pasted: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
    let pasted = pasted.trim();
    let combined = format!("{}{pasted}", field.env_name.value());
    let problem = if looks_like_credential(pasted) || looks_like_credential(&combined) {
        Some(EnvNameProblem::LooksLikeSecret)
    } else if !pasted
        .chars()
        .all(|c| c == '_' || c.is_ascii_alphanumeric())
    {
        Some(EnvNameProblem::Malformed)
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!(
            "{}: the pasted text was not inserted ({problem}) (example: {})",
            field.spec.name,
            field.spec.env.first().map_or("MY_VARIABLE", String::as_str)
        )),
    }
}

fn check_field(field: &mut FormField) -> bool {
    let result = match field.value() {
        Err(message) => Err(format!("{}: {message}", field.spec.name)),
        Ok(None) if field.spec.required => Err(format!(
            "{}: required (example: {}={})",
            field.spec.name, field.spec.name, field.spec.example
        )),
        Ok(None) => Ok(()),
        Ok(Some(value)) => check_value(&field.spec, value)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    };
    match result {
        Ok(()) => {
            field.error = None;
            true
        }
        Err(message) => {
            field.error = Some(message);
            false
        }
    }
}

/// Columns left on a field's line after its label and value, for the note.
fn note_room(line_width: u16, prefix: &str, value_width: usize) -> usize {
    (line_width as usize).saturating_sub(prefix.width() + value_width + 1)
}

/// A field's line: its label, its value (already fitted to the box), its note.
fn field_line(
    prefix: String,
    field: &FormField,
    value: String,
    note_room: usize,
    focused: bool,
    theme: Theme,
    env: &dyn Fn(&str) -> Option<String>,
) -> Line<'static> {
    let value_style = if focused {
        theme.focused().patch(theme.input())
    } else {
        theme.input()
    };
    let label_style = if focused {
        theme.focused()
    } else {
        ratatui::style::Style::new()
    };
    let mut spans = vec![
        Span::styled(prefix, label_style),
        Span::styled(value, value_style),
    ];
    if let Some(note) = field.note(focused, note_room, env) {
        spans.push(Span::styled(format!(" {note}"), theme.dim()));
    }
    Line::from(spans)
}

fn push_error(lines: &mut Vec<Line>, error: Option<&str>, width: usize, theme: Theme) {
    if let Some(error) = error {
        for text in wrap_text(&format!("! {error}"), width.saturating_sub(4)) {
            lines.push(Line::styled(format!("    {text}"), theme.error()));
        }
    }
}

/// `~/x` as the home directory's `x`, as a shell would read it; other paths as typed
/// (relative ones from the directory the wizard was started in).
fn expand_home(typed: &str) -> std::path::PathBuf {
    match (typed.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => std::path::PathBuf::from(typed),
    }
}
