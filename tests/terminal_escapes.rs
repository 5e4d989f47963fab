//! Terminal escape injection (issue 10). Config files, arguments and the environment can
//! carry escape sequences: OSC 52 writes the terminal's clipboard, `ESC[2J` clears the
//! screen, C1 `CSI` (U+009B) does the same in one character, a bidi override reorders what
//! is displayed. Whatever reaches a terminal shows them as escapes (`\u{1b}`): the command
//! line's messages, tables and reports, clap's usage errors, and the wizard's screens.
//!
//! Not checked here: the bytes of the exports `generate`/`show` print on success (json,
//! python, env), which `export` makes safe by construction and tests on its own.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fastmcp_auth::core::text::{escape_control, is_unsafe_for_terminal};
use fastmcp_auth::persist::{self, SaveOutcome};
use fastmcp_auth::tui::app::{Effect, Msg, SaveFailure, Step, Wizard};
use fastmcp_auth::tui::jobs::Written;
use fastmcp_auth::tui::testing::{self, enter_until, key, wizard};
use proptest::prelude::*;
use serde_json::json;

/// Writes the clipboard (OSC 52, BEL-terminated).
const OSC52: &str = "\u{1b}]52;c;aGk=\u{7}";
/// Clears the screen.
const CLEAR: &str = "\u{1b}[2J";
/// The one-character C1 CSI, then "31m": red text.
const C1_CSI: &str = "\u{9b}31m";
/// Right-to-left override: what follows is displayed reversed.
const BIDI: &str = "\u{202e}";

/// The characters of `text` a terminal would act on (newlines, which end our own lines,
/// aside).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| is_unsafe_for_terminal(c) && c != '\n')
        .collect()
}

fn assert_terminal_safe(text: &str, context: &str) {
    let raw = raw_controls(text);
    assert!(raw.is_empty(), "{context}: raw {raw:?} in {text:?}");
}

/// `attack` as the user must see it.
fn shown(attack: &str) -> String {
    escape_control(attack).into_owned()
}

struct Run {
    code: ExitCode,
    stdout: String,
    stderr: String,
}

/// The command line, in process: the same `run` that `main` calls.
fn cli(args: &[&str]) -> Run {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = fastmcp_auth::cli::run(
        std::iter::once("fastmcp-auth").chain(args.iter().copied()),
        &mut out,
        &mut err,
    );
    Run {
        code,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

fn write(dir: &Path, name: &str, value: &serde_json::Value) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path
}

fn google_with_base_url(base_url: &str) -> serde_json::Value {
    json!({
        "provider_class": "GoogleProvider",
        "import_path": "fastmcp.server.auth.providers.google",
        "provider_type": "google",
        "service": "docs",
        "config_params": {
            "client_id": "${GOOGLE_CLIENT_ID}",
            "client_secret": "${GOOGLE_CLIENT_SECRET}",
            "base_url": base_url,
        },
    })
}

/// A custom provider: its free keyword arguments and service are not restricted to a
/// syntax, so hostile text in them loads.
fn custom(service: &str, realm: &str) -> serde_json::Value {
    json!({
        "provider_class": "MyVerifier",
        "import_path": "my_pkg.auth",
        "service": service,
        "config_params": {"realm": realm},
    })
}

// ---- the command line ------------------------------------------------------------------

#[test]
fn list_shows_hostile_values_and_file_names_escaped_one_row_each() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "osc52.json",
        &google_with_base_url(&format!("https://mcp.example.com{OSC52}")),
    );
    write(
        dir.path(),
        "service.json",
        &custom(&format!("svc{CLEAR}{C1_CSI}"), "acme"),
    );
    // A file name is text from the file system: a newline in it must not add a row.
    write(
        dir.path(),
        &format!("name{BIDI}\nforged{CLEAR}.json"),
        &custom("ok", "acme"),
    );
    let run = cli(&["list", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert_terminal_safe(&run.stdout, "list stdout");
    assert_terminal_safe(&run.stderr, "list stderr");
    assert!(run.stdout.contains(&shown(OSC52)), "{}", run.stdout);
    assert!(
        run.stdout.contains(&shown(&format!("svc{CLEAR}{C1_CSI}"))),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&shown(&format!("name{BIDI}\nforged{CLEAR}.json"))),
        "{}",
        run.stdout
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "a header and one row per file: {lines:#?}");
    // The columns stay aligned: PATH starts at the same place on every row.
    let column = lines[0].find("PATH").unwrap();
    for line in &lines[1..] {
        let at = line.find(dir.path().to_str().unwrap()).unwrap();
        assert_eq!(at, column, "{lines:#?}");
    }
}

#[test]
fn validate_reports_hostile_values_escaped_one_line_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad_url = write(
        dir.path(),
        "osc52.json",
        &google_with_base_url(&format!("https://mcp.example.com{OSC52}{CLEAR}")),
    );
    let hostile_name = write(
        dir.path(),
        &format!("x{C1_CSI}\nforged: ok{BIDI}.json"),
        &custom("ok", "acme"),
    );
    let run = cli(&[
        "validate",
        bad_url.to_str().unwrap(),
        hostile_name.to_str().unwrap(),
    ]);
    assert_eq!(run.code, ExitCode::from(1));
    assert_terminal_safe(&run.stdout, "validate stdout");
    assert_terminal_safe(&run.stderr, "validate stderr");
    assert!(
        run.stdout.contains(&shown(&format!("{OSC52}{CLEAR}"))),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&shown(&format!(
            "x{C1_CSI}\nforged: ok{BIDI}.json: ok for FastMCP"
        ))),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
}

#[test]
fn show_errors_quote_hostile_values_and_paths_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        &format!("conf{CLEAR}.json"),
        &google_with_base_url(&format!("https://x.example.com{OSC52}{C1_CSI}{BIDI}")),
    );
    let run = cli(&["show", path.to_str().unwrap()]);
    assert_eq!(run.code, ExitCode::from(1));
    assert_eq!(run.stdout, "");
    assert_terminal_safe(&run.stderr, "show stderr");
    assert!(
        run.stderr
            .contains(&shown(&format!("{OSC52}{C1_CSI}{BIDI}"))),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&shown(CLEAR)),
        "the path: {}",
        run.stderr
    );
    // A missing file named like an attack; its newline cannot forge a line either.
    let name = format!("missing{OSC52}\nerror: forged.json");
    let run = cli(&["show", &name]);
    assert_terminal_safe(&run.stderr, "show missing");
    assert!(run.stderr.contains(&shown(&name)), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn generate_errors_quote_hostile_arguments_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let attack = format!("{OSC52}{CLEAR}{C1_CSI}{BIDI}");
    let base = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "generate",
            "--provider",
            "google",
            "--set",
            "client_id=id",
            "--env",
            "client_secret=GOOGLE_CLIENT_SECRET",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect()
    };
    let cases: Vec<Vec<String>> = vec![
        vec!["generate".into(), "--provider".into(), format!("x{attack}")],
        base(&["--set", &format!("base_url=https://x.example.com{attack}")]),
        base(&[
            "--set",
            "base_url=https://x.example.com",
            "--set",
            &format!("field{attack}=1"),
        ]),
        base(&[
            "--set",
            "base_url=https://x.example.com",
            "--set-file",
            &format!("redirect_path={dir_arg}/missing{attack}"),
        ]),
        base(&[
            "--set",
            "base_url=https://x.example.com",
            "--service",
            &format!("svc{attack}"),
            "--save",
        ]),
        base(&[
            "--set",
            "base_url=https://x.example.com",
            "--output",
            &format!("{dir_arg}/a-file/out{attack}.json"),
        ]),
    ];
    fs::write(dir.path().join("a-file"), "not a directory").unwrap();
    for args in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = cli(&args);
        assert_ne!(run.code, ExitCode::SUCCESS, "{args:?}");
        assert_terminal_safe(&run.stderr, &format!("{args:?}"));
        assert!(
            run.stderr.contains("\\u{1b}") || run.stderr.contains("\\u{9b}"),
            "{args:?}: the hostile part is not shown: {}",
            run.stderr
        );
    }
    // Saved: the message names the file.
    let args = base(&[
        "--set",
        "base_url=https://x.example.com",
        "--output",
        &format!("{dir_arg}/new{attack}.json"),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = cli(&args);
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert_terminal_safe(&run.stderr, "saved");
    assert!(run.stderr.contains(&shown(&attack)), "{}", run.stderr);
}

#[test]
fn clap_usage_errors_show_the_argument_escaped_and_keep_their_status() {
    for args in [
        vec![format!("sub{OSC52}")],
        vec!["list".into(), format!("--bogus{CLEAR}")],
        vec![
            "generate".into(),
            "--provider".into(),
            "google".into(),
            "--format".into(),
            format!("json{C1_CSI}{BIDI}"),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = cli(&args);
        assert_eq!(run.code, ExitCode::from(2), "{args:?}");
        assert_eq!(run.stdout, "");
        assert_terminal_safe(&run.stderr, &format!("{args:?}"));
        let hostile = args.last().unwrap();
        assert!(
            run.stderr.contains(&shown(hostile)),
            "{args:?}: {}",
            run.stderr
        );
    }
    let help = cli(&["list", "--help"]);
    assert_eq!(help.code, ExitCode::SUCCESS);
    assert!(
        help.stdout.contains("Usage: fastmcp-auth list"),
        "{}",
        help.stdout
    );
    assert!(
        !help.stdout.contains('\u{1b}'),
        "no colour codes: {:?}",
        help.stdout
    );
    assert_eq!(help.stderr, "");
    let version = cli(&["--version"]);
    assert_eq!(version.code, ExitCode::SUCCESS);
    assert!(
        version.stdout.starts_with("fastmcp-auth "),
        "{}",
        version.stdout
    );
}

#[test]
fn token_json_escapes_controls_json_leaves_unescaped() {
    // serde_json escapes C0 itself, but writes DEL, C1 and bidi controls raw.
    let client = format!("dev{C1_CSI}\u{7f}{BIDI}");
    let run = cli(&[
        "token",
        "--client-id",
        &client,
        "--claim",
        &format!("note={BIDI}x"),
    ]);
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert_terminal_safe(&run.stdout, "token stdout");
    let payload: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        payload["client_id"],
        client.as_str(),
        "the value is unchanged"
    );
    assert_eq!(payload["note"], format!("{BIDI}x"));
}

/// The real binary, as a terminal gets it: `main` goes through the same writers.
#[test]
fn binary_output_has_no_raw_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "osc52.json",
        &google_with_base_url(&format!("https://mcp.example.com{OSC52}")),
    );
    for args in [
        vec![
            "list".to_string(),
            "--dir".into(),
            dir.path().to_str().unwrap().into(),
        ],
        vec![format!("bogus{CLEAR}")],
    ] {
        let out = common::cli::run(common::cli::clean_command(None).args(&args));
        assert_terminal_safe(&out.stdout, &format!("{args:?} stdout"));
        assert_terminal_safe(&out.stderr, &format!("{args:?} stderr"));
        assert!(
            out.stdout.contains("\\u{1b}") || out.stderr.contains("\\u{1b}"),
            "{args:?}: {} {}",
            out.stdout,
            out.stderr
        );
    }
}

// ---- the wizard ----------------------------------------------------------------------------

/// The screen at 100×30, every row checked for raw control characters.
fn screen(w: &Wizard, context: &str) -> String {
    let text = testing::screen(w, 100, 30);
    assert_terminal_safe(&text, context);
    text
}

#[test]
fn wizard_editing_a_hostile_file_shows_its_text_escaped_on_every_screen() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join(format!("dir{CLEAR}{BIDI}"));
    fs::create_dir(&dir).unwrap();
    let realm = format!("ac{OSC52}me{C1_CSI}");
    let path = write(&dir, "docs.json", &custom("docs", &realm));
    let file = persist::load_config(&path).expect("the hostile file loads");
    let mut w = wizard(&[]).edit(file.loaded, &path);

    // `--edit` opens on the review: the banner names the path, escaped.
    assert_eq!(w.step, Step::Review);
    let text = screen(&w, "review");
    assert!(text.contains(&shown(CLEAR)), "{text}");
    key(&mut w, KeyCode::Down); // the first value: the form
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Credentials);
    let text = screen(&w, "credentials");
    assert!(text.contains(&shown(OSC52)), "{text}");
    key(&mut w, KeyCode::Down); // from the row's name to its value: "= value" note
    screen(&w, "credentials, value focused");

    // Through scopes to the preview: the config's text and warnings.
    enter_until(&mut w, Step::Preview);
    for tab in 0..3 {
        screen(&w, &format!("preview tab {tab}"));
        key(&mut w, KeyCode::Right);
    }

    enter_until(&mut w, Step::Save);
    let text = screen(&w, "save");
    assert!(
        text.contains(&shown(&format!("{CLEAR}{BIDI}"))),
        "the path: {text}"
    );

    // The file exists: the overwrite question names the path.
    key(&mut w, KeyCode::Tab);
    let save = w.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(matches!(save, Effect::Save { .. }), "{:?}", w.save.error);
    w.update(Msg::Saved(Err(SaveFailure::Exists(path.clone()))));
    let text = screen(&w, "overwrite dialog");
    assert!(text.contains(&shown(CLEAR)), "{text}");
    key(&mut w, KeyCode::Char('n'));
    key(&mut w, KeyCode::Enter);
    w.update(Msg::Saved(Err(SaveFailure::Other(format!(
        "cannot save {}: permission denied",
        path.display()
    )))));
    let text = screen(&w, "save error");
    assert!(text.contains(&shown(CLEAR)), "{text}");

    key(&mut w, KeyCode::Enter);
    w.update(Msg::Saved(Ok(vec![(
        path.clone(),
        Written::Saved(SaveOutcome::Created),
    )])));
    assert_eq!(w.step, Step::Done);
    let text = screen(&w, "done");
    assert!(text.contains(&shown(CLEAR)), "{text}");
}

#[test]
fn wizard_shows_hostile_environment_values_escaped() {
    let id = format!("123{OSC52}{C1_CSI}{BIDI}.apps.googleusercontent.com");
    let mut w = wizard(&[("GOOGLE_CLIENT_ID", &id)]);
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Credentials);
    // Focused: the variable's name, and its value in the note.
    let text = screen(&w, "client_id focused");
    assert!(text.contains(&shown(OSC52)), "{text}");
    // Unfocused: the value it resolves to, measured escaped so its note keeps its place.
    key(&mut w, KeyCode::Tab);
    let text = screen(&w, "client_id unfocused");
    assert!(text.contains(&shown(OSC52)), "{text}");
    assert!(text.contains("from $GOOGLE_CLIENT_ID"), "{text}");
}

#[test]
fn wizard_error_quoting_a_hostile_service_name_is_escaped() {
    // A hostile service name in a file is refused when the file loads (see
    // `export_attacks`); here it is pasted into the save step's service box instead.
    let root = tempfile::tempdir().unwrap();
    let path = write(root.path(), "x.json", &custom("acme-api", "acme"));
    let file = persist::load_config(&path).expect("the file loads");
    let mut w = wizard(&[]).edit(file.loaded, &path);
    enter_until(&mut w, Step::Save);
    // Paste drops C0/C1 controls; a bidi override is not one, so it reaches the name.
    w.update(Msg::Paste(format!("{BIDI}x")));
    let service = format!("acme-api{BIDI}x");
    // Enter on the service name moves on; on the path it saves, which checks the name.
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Enter);
    assert!(w.save.error.is_some(), "the name is refused");
    let text = screen(&w, "service name error");
    assert!(text.contains(&shown(&service)), "{text}");
}

// ---- properties ----------------------------------------------------------------------------

/// Text that is mostly ordinary, with control characters, DEL, C1 and bidi controls mixed
/// in (and anything else Unicode has).
fn hostile_text() -> impl Strategy<Value = String> {
    let unsafe_char = prop_oneof![
        proptest::char::range('\u{0}', '\u{1f}'),
        proptest::char::range('\u{7f}', '\u{9f}'),
        proptest::char::range('\u{202a}', '\u{202e}'),
        proptest::char::range('\u{2066}', '\u{2069}'),
    ];
    let c = prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => Just(':'),
        1 => Just('/'),
        3 => unsafe_char,
        1 => any::<char>(),
    ];
    proptest::collection::vec(c, 0..24).prop_map(|chars| chars.into_iter().collect())
}

/// What may name a file: no `/`, no NUL, not empty.
fn file_name(text: &str) -> String {
    let name: String = text.chars().filter(|c| !matches!(c, '/' | '\0')).collect();
    format!("f{name}.json")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Whatever a config file holds, `list`, `validate` and `show`'s messages reach the
    /// terminal without a raw control character, one line per file.
    #[test]
    fn config_files_never_put_raw_controls_on_the_terminal(
        texts in proptest::collection::vec(hostile_text(), 8),
        name in hostile_text(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let document = json!({
            "provider_class": texts[0],
            "import_path": texts[1],
            "provider_type": if texts[2].len() % 2 == 0 { "custom".to_string() } else { texts[2].clone() },
            "service": texts[3],
            "config_params": {
                texts[4].clone(): texts[5],
                "base_url": texts[6],
                "required_scopes": [texts[7]],
            },
        });
        let path = write(dir.path(), &file_name(&name), &document);
        let path_arg = path.to_str().unwrap();

        let list = cli(&["list", "--dir", dir.path().to_str().unwrap()]);
        assert_terminal_safe(&list.stdout, "list stdout");
        assert_terminal_safe(&list.stderr, "list stderr");
        prop_assert_eq!(list.stdout.lines().count(), 2, "{}", list.stdout);

        let validate = cli(&["validate", "--check-env", path_arg]);
        assert_terminal_safe(&validate.stdout, "validate stdout");
        assert_terminal_safe(&validate.stderr, "validate stderr");
        prop_assert_eq!(validate.stdout.lines().count(), 1, "{}", validate.stdout);

        // show's stdout is the export (made safe by `export`); its messages are here.
        let show = cli(&["show", path_arg]);
        assert_terminal_safe(&show.stderr, "show stderr");
    }

    /// Whatever the arguments hold, `generate`'s messages reach the terminal without a raw
    /// control character.
    #[test]
    fn arguments_never_put_raw_controls_on_the_terminal(
        texts in proptest::collection::vec(hostile_text(), 6),
        provider in prop_oneof![Just("google".to_string()), Just("custom".to_string()), hostile_text()],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join(file_name(&texts[5]));
        let args = [
            "generate".to_string(),
            "--provider".into(), provider,
            "--service".into(), texts[0].clone(),
            "--set".into(), format!("{}={}", texts[1], texts[2]),
            "--set".into(), format!("base_url={}", texts[3]),
            "--scope".into(), texts[4].clone(),
            "--env".into(), format!("client_secret={}", texts[5]),
            "--output".into(), output.to_str().unwrap().to_string(),
        ];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = cli(&args);
        // With --output the config goes to the file: stdout stays empty.
        prop_assert_eq!(&run.stdout, "");
        assert_terminal_safe(&run.stderr, &format!("{args:?}"));
        // clap's own errors (an argument that looks like a flag) too.
        let run = cli(&["generate", &texts[0], &texts[1]]);
        assert_terminal_safe(&run.stderr, "clap");
        assert_terminal_safe(&run.stdout, "clap");
    }
}
