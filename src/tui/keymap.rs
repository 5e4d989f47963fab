//! The wizard's key tables (as in k9s or lazygit): per screen, each action with its keys
//! and its label. `Wizard::update` resolves every key through these tables, the footer
//! and the `?` help are drawn from them, and the README's keys table is generated from
//! them, so what the screen says and what the keys do cannot drift apart.
//!
//! A key the table does not list does nothing, except while text is being typed: then it
//! edits the text (characters, Backspace, ←/→, Home/End…), and table keys that are
//! characters (`j`, `q`, `?`, Space) or Home/End are left to the text too.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for. A step carries it out when it receives the action's
/// [`Action::key`] (`j` reaches the provider list as ↓).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    Left,
    Right,
    Toggle,
    /// Space on a checkbox row (the Deploy step's clients).
    Tick,
    Continue,
    AddScope,
    Search,
    ClearSearch,
    CloseSearch,
    FirstTab,
    SecondTab,
    ThirdTab,
    Reveal,
    SwitchSource,
    AddRow,
    RemoveRow,
    DevKeys,
    /// Ctrl+O: load the focused field from a file.
    LoadFile,
    /// Ctrl+L: append the well-known path to a discovery URL.
    AppendWellKnown,
    /// Ctrl+X: open or close the Advanced fold of the form.
    ToggleAdvanced,
    /// `f` on the preview: the next older FastMCP release the catalog knows.
    NextRelease,
    /// `a` on the preview: accept another kind of token too (MultiAuth).
    AddWayIn,
    /// `d` on the preview: drop the way in added last.
    DropWayIn,
    Back,
    Quit,
    Help,
    Interrupt,
    Suspend,
    Yes,
    No,
}

impl Action {
    /// The key a step understands for this action.
    pub fn key(self) -> KeyEvent {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        match self {
            Action::Up => plain(KeyCode::Up),
            Action::Down => plain(KeyCode::Down),
            Action::Home => plain(KeyCode::Home),
            Action::End => plain(KeyCode::End),
            Action::PageUp => plain(KeyCode::PageUp),
            Action::PageDown => plain(KeyCode::PageDown),
            Action::Left => plain(KeyCode::Left),
            Action::Right => plain(KeyCode::Right),
            Action::Toggle | Action::Tick => plain(KeyCode::Char(' ')),
            Action::Continue | Action::AddScope => plain(KeyCode::Enter),
            Action::Search => plain(KeyCode::Char('/')),
            Action::ClearSearch => ctrl('u'),
            Action::CloseSearch | Action::Back | Action::No => plain(KeyCode::Esc),
            Action::FirstTab => plain(KeyCode::Char('1')),
            Action::SecondTab => plain(KeyCode::Char('2')),
            Action::ThirdTab => plain(KeyCode::Char('3')),
            Action::Reveal => ctrl('r'),
            Action::SwitchSource => ctrl('t'),
            Action::AddRow => ctrl('n'),
            Action::RemoveRow => ctrl('d'),
            Action::DevKeys => ctrl('g'),
            Action::LoadFile => ctrl('o'),
            Action::AppendWellKnown => ctrl('l'),
            Action::ToggleAdvanced => ctrl('x'),
            Action::NextRelease => plain(KeyCode::Char('f')),
            Action::AddWayIn => plain(KeyCode::Char('a')),
            Action::DropWayIn => plain(KeyCode::Char('d')),
            Action::Quit => plain(KeyCode::Char('q')),
            Action::Help => plain(KeyCode::F(1)),
            Action::Interrupt => ctrl('c'),
            Action::Suspend => ctrl('z'),
            Action::Yes => plain(KeyCode::Char('y')),
        }
    }
}

/// One key of a binding: a code, with or without Ctrl (Shift is part of the code:
/// `Y`, BackTab).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    /// Left to the text while text is being typed.
    pub fn yields_to_text(self) -> bool {
        !self.ctrl && matches!(self.code, KeyCode::Char(_) | KeyCode::Home | KeyCode::End)
    }

    pub fn matches(self, event: &KeyEvent) -> bool {
        self.code == event.code && self.ctrl == event.modifiers.contains(KeyModifiers::CONTROL)
    }

    /// As the footer, the help and the README show it.
    pub fn name(self) -> String {
        let name = match self.code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            other => other.to_string(),
        };
        if self.ctrl { format!("^{name}") } else { name }
    }
}

/// An action, its keys and what it does, as the footer and the help say it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub action: Action,
    pub keys: &'static [Key],
    pub label: &'static str,
    /// How the footer shows it (the help shows every binding).
    pub footer: Footer,
}

/// A binding's place in the footer, which has room for the main keys only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    /// In the help only.
    No,
    /// Its first key and its label.
    Yes,
    /// One entry with the next binding: both first keys, and this label (`↑↓ move`).
    WithNext(&'static str),
}

impl Binding {
    /// The keys that work while text is typed (`typing`) or not.
    pub fn active_keys(&self, typing: bool) -> impl Iterator<Item = Key> + '_ {
        self.keys
            .iter()
            .copied()
            .filter(move |k| !(typing && k.yields_to_text()))
    }

    /// The active keys as one text: `↑/k`.
    pub fn key_names(&self, typing: bool) -> String {
        self.active_keys(typing)
            .map(Key::name)
            .collect::<Vec<_>>()
            .join("/")
    }
}

const fn bind(action: Action, keys: &'static [Key], label: &'static str) -> Binding {
    Binding {
        action,
        keys,
        label,
        footer: Footer::Yes,
    }
}

/// In the help only.
const fn more(action: Action, keys: &'static [Key], label: &'static str) -> Binding {
    Binding {
        action,
        keys,
        label,
        footer: Footer::No,
    }
}

/// Shown in the footer together with the binding that follows, as `footer`.
const fn pair(
    action: Action,
    keys: &'static [Key],
    label: &'static str,
    footer: &'static str,
) -> Binding {
    Binding {
        action,
        keys,
        label,
        footer: Footer::WithNext(footer),
    }
}

/// The footer's entries for `bindings` (those that apply now): the first active key of
/// each, a pair merged into one entry, bindings without an active key left out.
pub fn footer(bindings: &[&Binding], typing: bool) -> Vec<(String, &'static str)> {
    let first = |b: &Binding| b.active_keys(typing).next().map(Key::name);
    let mut entries = Vec::new();
    let mut i = 0;
    while i < bindings.len() {
        let b = bindings[i];
        i += 1;
        let entry = match b.footer {
            Footer::No => None,
            Footer::Yes => first(b).map(|k| (k, b.label)),
            Footer::WithNext(label) => {
                let next = bindings.get(i).and_then(|n| first(n));
                i += 1;
                first(b).zip(next).map(|(a, z)| (format!("{a}{z}"), label))
            }
        };
        entries.extend(entry);
    }
    entries
}

use Action::*;
use KeyCode::{BackTab, Down as D, End as E, Enter, Esc, Home as H, Left as L};
use KeyCode::{PageDown as PgDn, PageUp as PgUp, Right as R, Tab, Up as U};

const PROVIDER: &[Binding] = &[
    pair(Up, &[key(U), ch('k')], "up", "move"),
    bind(Down, &[key(D), ch('j')], "down"),
    more(Home, &[key(H), ch('g')], "first provider"),
    more(End, &[key(E), ch('G')], "last provider"),
    bind(Continue, &[key(Enter)], "choose"),
    bind(Search, &[ch('/')], "search"),
    bind(Back, &[key(Esc)], "quit"),
];

const PROVIDER_SEARCH: &[Binding] = &[
    pair(Up, &[key(U)], "up", "move"),
    bind(Down, &[key(D)], "down"),
    bind(Continue, &[key(Enter)], "choose"),
    bind(ClearSearch, &[ctrl('u')], "clear"),
    bind(CloseSearch, &[key(Esc)], "close search"),
];

const CREDENTIALS: &[Binding] = &[
    bind(Continue, &[key(Enter)], "next"),
    bind(Down, &[key(Tab), key(D)], "next field"),
    more(Up, &[key(BackTab), key(U)], "previous field"),
    pair(Left, &[key(L)], "previous choice", "choose"),
    bind(Right, &[key(R)], "next choice"),
    bind(SwitchSource, &[ctrl('t')], "value/env"),
    bind(Reveal, &[ctrl('r')], "reveal"),
    bind(AddRow, &[ctrl('n')], "add param"),
    bind(RemoveRow, &[ctrl('d')], "remove param"),
    bind(DevKeys, &[ctrl('g')], "dev key pair"),
    bind(LoadFile, &[ctrl('o')], "load file"),
    bind(AppendWellKnown, &[ctrl('l')], "append /.well-known/…"),
    more(
        ToggleAdvanced,
        &[ctrl('x')],
        "open/close the Advanced settings",
    ),
];

const SCOPES: &[Binding] = &[
    pair(Up, &[key(U), ch('k'), key(BackTab)], "up", "move"),
    bind(Down, &[key(D), ch('j'), key(Tab)], "down"),
    more(Home, &[key(H), ch('g')], "first scope"),
    more(End, &[key(E), ch('G')], "add row"),
    bind(Toggle, &[ch(' ')], "toggle"),
    bind(AddScope, &[key(Enter)], "add scope"),
    bind(Continue, &[key(Enter)], "next"),
];

const DEPLOYMENT: &[Binding] = &[
    pair(Up, &[key(U), ch('k'), key(BackTab)], "up", "move"),
    bind(Down, &[key(D), ch('j'), key(Tab)], "down"),
    more(Home, &[key(H), ch('g')], "first row"),
    more(End, &[key(E), ch('G')], "last row"),
    pair(Left, &[key(L)], "previous choice", "choose"),
    bind(Right, &[key(R)], "next choice"),
    bind(Toggle, &[ch(' ')], "choose"),
    bind(Tick, &[ch(' ')], "tick"),
    bind(Continue, &[key(Enter)], "next"),
];

const PREVIEW: &[Binding] = &[
    pair(Left, &[key(L), key(BackTab)], "previous tab", "tabs"),
    bind(Right, &[key(R), key(Tab)], "next tab"),
    more(FirstTab, &[ch('1')], "JSON tab"),
    more(SecondTab, &[ch('2')], "Python tab"),
    more(ThirdTab, &[ch('3')], ".env tab"),
    pair(Up, &[key(U), ch('k')], "scroll up", "scroll"),
    bind(Down, &[key(D), ch('j')], "scroll down"),
    more(PageDown, &[key(PgDn), ch(' ')], "page down"),
    more(PageUp, &[key(PgUp)], "page up"),
    more(Home, &[key(H), ch('g')], "top"),
    more(End, &[key(E), ch('G')], "bottom"),
    bind(NextRelease, &[ch('f')], "FastMCP release"),
    more(
        AddWayIn,
        &[ch('a')],
        "add another way to authenticate (MultiAuth)",
    ),
    bind(DropWayIn, &[ch('d')], "drop last way in"),
    bind(Continue, &[key(Enter)], "save…"),
];

/// The token verifier types, over the Credentials step (a provider that takes a verifier)
/// or the Preview (`a`: another way in).
const VERIFIER_PICK: &[Binding] = &[
    pair(Up, &[key(U), ch('k')], "up", "move"),
    bind(Down, &[key(D), ch('j')], "down"),
    more(Home, &[key(H), ch('g')], "first type"),
    more(End, &[key(E), ch('G')], "last type"),
    bind(Continue, &[key(Enter)], "pick"),
    bind(Back, &[key(Esc)], "cancel"),
];

const SAVE: &[Binding] = &[
    bind(Down, &[key(Tab), key(D)], "next field"),
    more(Up, &[key(BackTab), key(U)], "previous field"),
    pair(Left, &[key(L)], "previous choice", "choose"),
    bind(Right, &[key(R)], "next choice"),
    bind(Toggle, &[ch(' ')], "tick"),
    bind(Continue, &[key(Enter)], "save"),
];

const REVIEW: &[Binding] = &[
    pair(Up, &[key(U), ch('k')], "up", "move"),
    bind(Down, &[key(D), ch('j')], "down"),
    more(Home, &[key(H), ch('g')], "first row"),
    more(End, &[key(E), ch('G')], "last row"),
    bind(Continue, &[key(Enter)], "open"),
];

const DONE: &[Binding] = &[bind(Quit, &[key(Enter), ch('q')], "exit")];

const HELP: &[Binding] = &[];

const CONFIRM: &[Binding] = &[
    bind(Yes, &[ch('y'), ch('Y')], "yes"),
    bind(No, &[ch('n'), ch('N'), key(Esc)], "no"),
];

/// Where the keys go: a step, the provider list's search, or a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Provider,
    ProviderSearch,
    Credentials,
    Scopes,
    Deployment,
    Preview,
    Save,
    Done,
    /// `wizard --edit`'s review of a saved config.
    Review,
    /// The list of token verifier types (then the chosen one's form, as Credentials).
    VerifierPick,
    /// The help: any key closes it.
    Help,
    /// A yes/no question (quit, overwrite).
    Confirm,
}

impl Screen {
    pub const ALL: [Screen; 12] = [
        Screen::Provider,
        Screen::ProviderSearch,
        Screen::Credentials,
        Screen::Scopes,
        Screen::Deployment,
        Screen::Preview,
        Screen::Save,
        Screen::Done,
        Screen::Review,
        Screen::VerifierPick,
        Screen::Help,
        Screen::Confirm,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Provider => "Provider list",
            Screen::ProviderSearch => "Provider search",
            Screen::Credentials => "Credentials",
            Screen::Scopes => "Scopes",
            Screen::Deployment => "Deploy",
            Screen::Preview => "Preview",
            Screen::Save => "Save",
            Screen::Done => "Done",
            Screen::Review => "Review (--edit)",
            Screen::VerifierPick => "Token verifier type",
            Screen::Help => "Help",
            Screen::Confirm => "Quit? / Overwrite?",
        }
    }

    /// The screen's own bindings, before the ones every screen has.
    pub fn bindings(self) -> &'static [Binding] {
        match self {
            Screen::Provider => PROVIDER,
            Screen::ProviderSearch => PROVIDER_SEARCH,
            Screen::Credentials => CREDENTIALS,
            Screen::Scopes => SCOPES,
            Screen::Deployment => DEPLOYMENT,
            Screen::Preview => PREVIEW,
            Screen::Save => SAVE,
            Screen::Done => DONE,
            Screen::Review => REVIEW,
            Screen::VerifierPick => VERIFIER_PICK,
            Screen::Help => HELP,
            Screen::Confirm => CONFIRM,
        }
    }

    /// The bindings every step has (after its own, which take precedence).
    pub fn common(self) -> &'static [Binding] {
        use Action::*;
        const STEP: &[Binding] = &[
            bind(Back, &[key(KeyCode::Esc)], "back"),
            bind(Help, &[ch('?'), key(KeyCode::F(1))], "help"),
            more(Quit, &[ch('q')], "quit (asks first)"),
            bind(Interrupt, &[ctrl('c')], "quit"),
            more(Suspend, &[ctrl('z')], "suspend (fg resumes)"),
        ];
        // Saved is saved: no going back from the last screen.
        const DONE: &[Binding] = &[
            bind(Help, &[ch('?'), key(KeyCode::F(1))], "help"),
            bind(Interrupt, &[ctrl('c')], "quit"),
            more(Suspend, &[ctrl('z')], "suspend (fg resumes)"),
        ];
        const DIALOG: &[Binding] = &[
            bind(Interrupt, &[ctrl('c')], "quit"),
            more(Suspend, &[ctrl('z')], "suspend (fg resumes)"),
        ];
        match self {
            Screen::Help | Screen::Confirm => DIALOG,
            Screen::Done => DONE,
            _ => STEP,
        }
    }

    /// Every binding of the screen, its own first; a common action the screen binds
    /// itself is not repeated.
    pub fn all(self) -> impl Iterator<Item = &'static Binding> {
        let own = self.bindings();
        let shadowed = move |k: &Key| own.iter().any(|b| b.keys.contains(k));
        own.iter().chain(self.common().iter().filter(move |c| {
            !own.iter().any(|b| b.action == c.action) && !c.keys.iter().all(shadowed)
        }))
    }

    /// The action `event` asks for here: the first binding that lists the key, whose
    /// action `offered` says applies now, and that is not left to the text being typed.
    pub fn resolve(
        self,
        event: &KeyEvent,
        typing: bool,
        offered: impl Fn(Action) -> bool,
    ) -> Option<Action> {
        self.all()
            .find(|b| {
                b.keys
                    .iter()
                    .any(|k| k.matches(event) && !(typing && k.yields_to_text()))
                    && offered(b.action)
            })
            .map(|b| b.action)
    }
}

/// The README's keys table (Markdown), generated from the tables above.
pub fn markdown() -> String {
    let mut out = String::from("| Screen | Keys | Action |\n|---|---|---|\n");
    for screen in Screen::ALL {
        if screen == Screen::Help {
            out.push_str("| Help | any key | close the help |\n");
            continue;
        }
        for b in screen.bindings() {
            let keys = b.key_names(false).replace('|', "\\|");
            out.push_str(&format!(
                "| {} | `{}` | {} |\n",
                screen.title(),
                keys,
                b.label
            ));
        }
    }
    for b in Screen::Provider.common() {
        out.push_str(&format!(
            "| every step | `{}` | {} |\n",
            b.key_names(false),
            b.label
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::{Action, Footer, Key, Screen, markdown};
    use crate::persist::SaveOutcome;
    use crate::tui::app::{Effect, Msg, Overlay, SaveFailure, Step, Wizard};
    use crate::tui::jobs::Written;
    use crate::tui::testing::wizard;
    use crate::tui::testing::{
        add_verifier, ctrl, enter_until, focus_field, key, pick, screen, type_text,
    };

    const SECRET: &str = "GOCSPX-keymap-secret-5150";

    /// Google with the secret from the environment, up to the scopes.
    fn google_to_scopes() -> Wizard {
        let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
        pick(&mut w, "google");
        type_text(&mut w, "123.apps.googleusercontent.com");
        key(&mut w, KeyCode::Enter);
        key(&mut w, KeyCode::Enter);
        type_text(&mut w, "https://mcp.example.com");
        enter_until(&mut w, Step::Scopes);
        w
    }

    fn small(mut w: Wizard) -> Wizard {
        w.update(Msg::Resize(60, 16));
        w
    }

    /// States that reach every screen, each where its keys have something to do (a
    /// selection in the middle of a list, a choice focused, a scrolled preview, …).
    /// A named way to reach a state from a fresh wizard.
    type State = (&'static str, fn() -> Wizard);

    fn states() -> Vec<State> {
        vec![
            ("provider list, third row", || {
                let mut w = wizard(&[]);
                key(&mut w, KeyCode::Down);
                key(&mut w, KeyCode::Down);
                w
            }),
            ("provider search 'o', second match", || {
                let mut w = wizard(&[]);
                key(&mut w, KeyCode::Char('/'));
                type_text(&mut w, "o");
                key(&mut w, KeyCode::Down);
                w
            }),
            ("google form, typed secret focused", || {
                let mut w = wizard(&[]);
                pick(&mut w, "google");
                type_text(&mut w, "123.apps.googleusercontent.com");
                key(&mut w, KeyCode::Enter);
                type_text(&mut w, SECRET);
                w
            }),
            (
                "oidc form, a discovery URL without its well-known path",
                || {
                    let mut w = wizard(&[]);
                    pick(&mut w, "oauth");
                    focus_field(&mut w, "config_url");
                    type_text(&mut w, "https://auth.example.com/realms/mcp/");
                    w
                },
            ),
            ("bearer form, algorithm focused", || {
                let mut w = wizard(&[]);
                pick(&mut w, "bearer");
                focus_field(&mut w, "algorithm");
                w
            }),
            ("custom form, a parameter row", || {
                let mut w = wizard(&[]);
                pick(&mut w, "custom");
                ctrl(&mut w, 'n');
                type_text(&mut w, "realm");
                w
            }),
            ("scopes, second row", || {
                let mut w = google_to_scopes();
                key(&mut w, KeyCode::Down);
                w
            }),
            ("scopes, add row with text", || {
                let mut w = google_to_scopes();
                key(&mut w, KeyCode::End);
                type_text(&mut w, "extra");
                w
            }),
            ("deploy, storage choice", || {
                let mut w = google_to_scopes();
                enter_until(&mut w, Step::Deployment);
                w
            }),
            ("deploy, a client row", || {
                let mut w = google_to_scopes();
                enter_until(&mut w, Step::Deployment);
                key(&mut w, KeyCode::Down);
                key(&mut w, KeyCode::Down);
                w
            }),
            ("preview at 60×16, JSON scrolled", || {
                let mut w = small(google_to_scopes());
                enter_until(&mut w, Step::Preview);
                key(&mut w, KeyCode::Down);
                key(&mut w, KeyCode::Down);
                w
            }),
            ("preview at 60×16, .env tab", || {
                let mut w = small(google_to_scopes());
                enter_until(&mut w, Step::Preview);
                key(&mut w, KeyCode::Char('3'));
                w
            }),
            ("preview, the verifier type list, second row", || {
                let mut w = google_to_scopes();
                enter_until(&mut w, Step::Preview);
                key(&mut w, KeyCode::Char('a'));
                key(&mut w, KeyCode::Down);
                assert_eq!(w.screen(), Screen::VerifierPick);
                w
            }),
            ("preview with another way in", || {
                let mut w = google_to_scopes();
                enter_until(&mut w, Step::Preview);
                key(&mut w, KeyCode::Char('a'));
                let jwks = "https://m.example.com/jwks.json";
                add_verifier(&mut w, "bearer", &[jwks, "", "https://m.example.com"]);
                while w.verifiers.is_open() {
                    key(&mut w, KeyCode::Enter);
                }
                assert_eq!(w.verifiers.extras.len(), 1);
                w
            }),
            ("save, service name", || {
                let mut w = google_to_scopes();
                enter_until(&mut w, Step::Save);
                w
            }),
            ("save, a typed secret's destination", || {
                let mut w = wizard(&[]);
                pick(&mut w, "google");
                type_text(&mut w, "123.apps.googleusercontent.com");
                key(&mut w, KeyCode::Enter);
                type_text(&mut w, SECRET);
                key(&mut w, KeyCode::Enter);
                type_text(&mut w, "https://mcp.example.com");
                enter_until(&mut w, Step::Save);
                while w.save.focus != crate::tui::steps::save::SaveFocus::Secrets {
                    key(&mut w, KeyCode::Tab);
                }
                w
            }),
            ("review of a file being edited", || {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("docs.json");
                std::fs::write(
                    &path,
                    r#"{"provider_type": "github", "provider_class": "GitHubProvider",
                        "import_path": "fastmcp.server.auth.providers.github",
                        "config_params": {"client_id": "Ov23li", "client_secret": "${GH_SECRET}",
                                          "base_url": "https://docs.example.com"}}"#,
                )
                .unwrap();
                let file = crate::persist::load_config(&path).unwrap();
                let mut w = wizard(&[]).edit(file.loaded, &path);
                assert_eq!(w.step, Step::Review);
                // On a middle row, so that every move does something.
                key(&mut w, KeyCode::Down);
                w
            }),
            ("save, format", || {
                let mut w = google_to_scopes();
                enter_until(&mut w, Step::Save);
                key(&mut w, KeyCode::Tab);
                key(&mut w, KeyCode::Tab);
                w
            }),
            ("done", || {
                let mut w = google_to_scopes();
                enter_until(&mut w, Step::Save);
                key(&mut w, KeyCode::Tab); // to the path: Enter there saves
                let Effect::Save { files, .. } = key(&mut w, KeyCode::Enter) else {
                    panic!("no save: {:?}", w.save.error);
                };
                let written = files
                    .iter()
                    .map(|f| (f.path.clone(), Written::Saved(SaveOutcome::Created)))
                    .collect();
                w.update(Msg::Saved(Ok(written)));
                assert_eq!(w.step, Step::Done);
                w
            }),
            ("help over the scopes", || {
                let mut w = google_to_scopes();
                key(&mut w, KeyCode::F(1));
                w
            }),
            ("quit?", || {
                let mut w = google_to_scopes();
                key(&mut w, KeyCode::Char('q'));
                assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
                w
            }),
            ("overwrite? over a typed path", || {
                let mut w = google_to_scopes();
                enter_until(&mut w, Step::Save);
                key(&mut w, KeyCode::Tab);
                key(&mut w, KeyCode::Enter);
                w.update(Msg::Saved(Err(SaveFailure::Exists(
                    std::path::PathBuf::from("/home/user/.config/fastmcp-auth/google-mcp.json"),
                ))));
                assert!(matches!(w.overlay, Some(Overlay::ConfirmOverwrite(_))));
                w
            }),
        ]
    }

    /// What a user can see of the wizard: the screen, the step, a dialog.
    fn observed(w: &Wizard) -> (String, Step, Option<Overlay>) {
        let (width, height) = w.size;
        (screen(w, width, height), w.step, w.overlay.clone())
    }

    fn event(k: Key) -> KeyEvent {
        let modifiers = if k.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(k.code, modifiers)
    }

    /// Presses `k` in a fresh copy of the state: whether anything happened.
    fn does_something(reach: fn() -> Wizard, k: Key) -> bool {
        let mut w = reach();
        let before = observed(&w);
        let effect = w.update(Msg::Key(event(k)));
        effect != Effect::None || observed(&w) != before
    }

    /// A key at the top of a list has nothing to do; somewhere it must. Every key the
    /// footer or the help lists in some state does something in at least one state, and
    /// every key of every table is listed in some state.
    #[test]
    fn every_key_the_footer_or_help_lists_does_something() {
        let mut listed: Vec<(Screen, Action, Key)> = Vec::new();
        let mut worked: Vec<(Screen, Action, Key)> = Vec::new();
        for (_, reach) in states() {
            let w = reach();
            let typing = w.typing();
            let screen = w.screen();
            for binding in w.bindings() {
                for k in binding.active_keys(typing) {
                    let entry = (screen, binding.action, k);
                    listed.push(entry);
                    if !worked.contains(&entry) && does_something(reach, k) {
                        worked.push(entry);
                    }
                }
            }
        }
        for entry in &listed {
            assert!(
                worked.contains(entry),
                "{:?}: {} ({:?}) is listed but never does anything",
                entry.0,
                entry.2.name(),
                entry.1
            );
        }
        for screen in Screen::ALL {
            // Where a field always has the focus, characters are always text.
            let always_typing = matches!(screen, Screen::Credentials | Screen::ProviderSearch);
            for binding in screen.all() {
                for &k in binding.keys {
                    if always_typing && k.yields_to_text() {
                        continue;
                    }
                    assert!(
                        listed.contains(&(screen, binding.action, k)),
                        "{screen:?}: no state lists {} ({})",
                        k.name(),
                        binding.label
                    );
                }
            }
        }
    }

    /// The keys a terminal sends: the characters any table binds and a few others,
    /// editing and movement keys, F-keys, every Ctrl+letter.
    fn every_key() -> Vec<Key> {
        let mut keys: Vec<Key> = " /?qQyYnNjkJKgGhl0123456789azZ-.:;,*+_"
            .chars()
            .map(super::ch)
            .collect();
        keys.extend(
            [
                KeyCode::Up,
                KeyCode::Down,
                KeyCode::Left,
                KeyCode::Right,
                KeyCode::Home,
                KeyCode::End,
                KeyCode::PageUp,
                KeyCode::PageDown,
                KeyCode::Tab,
                KeyCode::BackTab,
                KeyCode::Enter,
                KeyCode::Esc,
                KeyCode::Backspace,
                KeyCode::Delete,
                KeyCode::Insert,
            ]
            .map(super::key),
        );
        keys.extend([1, 2, 3, 5, 10, 12].map(|n| super::key(KeyCode::F(n))));
        keys.extend(('a'..='z').map(super::ctrl));
        keys
    }

    #[test]
    fn a_key_no_table_lists_does_nothing_unless_it_edits_text() {
        for (name, reach) in states() {
            let probe = reach();
            let (typing, screen) = (probe.typing(), probe.screen());
            if screen == Screen::Help {
                continue; // any key closes the help
            }
            let bindings = probe.bindings();
            let listed = |k: &Key| {
                bindings
                    .iter()
                    .any(|b| b.active_keys(typing).any(|a| a == *k))
            };
            // Keys that do nothing leave the state as it was: one wizard takes them all.
            let mut w = reach();
            let before = observed(&w);
            for k in every_key().iter().filter(|k| !listed(k)) {
                // While typing, characters and editing keys belong to the text; F-keys and
                // paging keys do not.
                let edits = typing
                    && !matches!(
                        k.code,
                        KeyCode::F(_) | KeyCode::PageUp | KeyCode::PageDown | KeyCode::Insert
                    );
                if !edits {
                    let effect = w.update(Msg::Key(event(*k)));
                    assert!(
                        effect == Effect::None && observed(&w) == before,
                        "{name}: {} is handled but not listed",
                        k.name()
                    );
                }
            }
        }
    }

    #[test]
    fn the_same_keys_move_quit_and_help_on_every_step() {
        for (name, reach) in states() {
            let w = reach();
            if w.overlay.is_some() || w.step == Step::Done {
                continue;
            }
            let has = |code: KeyCode| {
                w.bindings()
                    .iter()
                    .any(|b| b.active_keys(w.typing()).any(|k| k.code == code && !k.ctrl))
            };
            assert!(has(KeyCode::F(1)), "{name}: F1 help");
            assert!(has(KeyCode::Esc), "{name}: Esc");
            if w.typing() {
                continue;
            }
            for code in [KeyCode::Char('?'), KeyCode::Char('q')] {
                assert!(has(code), "{name}: {code:?} where nothing is typed");
            }
            if w.step != Step::Save {
                for code in [KeyCode::Up, KeyCode::Down] {
                    assert!(has(code), "{name}: {code:?}");
                }
            }
            if matches!(
                w.step,
                Step::Provider | Step::Scopes | Step::Deployment | Step::Preview
            ) {
                for code in [
                    KeyCode::Char('j'),
                    KeyCode::Char('k'),
                    KeyCode::Home,
                    KeyCode::End,
                ] {
                    assert!(has(code), "{name}: {code:?}");
                }
            }
        }
    }

    #[test]
    fn q_asks_before_quitting_where_nothing_is_typed_and_is_a_letter_in_a_field() {
        let mut w = google_to_scopes();
        assert_eq!(key(&mut w, KeyCode::Char('q')), Effect::None);
        assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
        assert_eq!(key(&mut w, KeyCode::Char('y')), Effect::Quit(0));

        let mut w = wizard(&[]);
        pick(&mut w, "google");
        type_text(&mut w, "q?j");
        assert_eq!(w.overlay, None);
        let c = w.credentials.as_ref().unwrap();
        assert_eq!(c.fields[0].typed.value(), "q?j");
    }

    #[test]
    fn a_footer_pair_is_followed_by_its_partner() {
        for screen in Screen::ALL {
            let table = screen.bindings();
            for (i, b) in table.iter().enumerate() {
                if let Footer::WithNext(_) = b.footer {
                    assert!(
                        i + 1 < table.len(),
                        "{screen:?}: {} pairs with nothing",
                        b.label
                    );
                }
            }
        }
    }

    #[test]
    fn readme_keys_table_is_the_key_tables() {
        let readme = include_str!("../../README.md");
        let table = markdown();
        assert!(
            readme.contains(&table),
            "README.md's keys table is out of date; it should read:\n{table}"
        );
    }

    #[test]
    fn help_lists_every_key_even_on_the_smallest_terminal() {
        use crate::tui::view::{MIN_HEIGHT, MIN_WIDTH};
        for (name, reach) in states() {
            let mut w = reach();
            if w.overlay.is_some() {
                continue;
            }
            let bindings = w.step_bindings();
            let typing = w.typing();
            w.update(Msg::Resize(MIN_WIDTH, MIN_HEIGHT));
            key(&mut w, KeyCode::F(1));
            assert_eq!(w.overlay, Some(Overlay::Help), "{name}");
            let help = screen(&w, MIN_WIDTH, MIN_HEIGHT);
            for b in bindings {
                let keys = b.key_names(typing);
                assert!(
                    keys.is_empty() || help.contains(&format!("{keys} ")),
                    "{name}: the help lacks {keys}:\n{help}"
                );
            }
        }
    }

    #[test]
    fn footer_and_help_show_the_table_of_the_screen() {
        let mut w = wizard(&[]);
        w.update(Msg::Resize(100, 30));
        let footer = screen(&w, 100, 30);
        let last_rows: String = footer.lines().rev().take(2).collect::<Vec<_>>().join("\n");
        for entry in ["↑↓ move", "Enter choose", "/ search", "? help", "^C quit"] {
            assert!(
                last_rows.contains(entry),
                "footer lacks {entry}:\n{last_rows}"
            );
        }
        key(&mut w, KeyCode::Char('?'));
        let help = screen(&w, 100, 30);
        for binding in Screen::Provider.all() {
            assert!(
                help.contains(&binding.key_names(false)) && help.contains(binding.label),
                "help lacks {} {}:\n{help}",
                binding.key_names(false),
                binding.label
            );
        }
    }
}
