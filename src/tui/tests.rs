//! `update()` tests: every transition, Back, validation failures and env sourcing, without
//! a terminal.

use std::path::PathBuf;

use crossterm::event::KeyCode;

use super::app::{EXIT_INTERRUPTED, Effect, Msg, Overlay, SaveFailure, Signal, Step, Wizard};
use super::save_plan::SecretsTo;
use super::steps::save::SaveFocus;
use super::testing::*;
use crate::persist::SaveOutcome;
use crate::tui::jobs::{FileToWrite, Written};

const SECRET: &str = "GOCSPX-typed-secret-value-4321";

/// The text a save effect writes to the file whose name ends with `ending`.
fn written(effect: &Effect, ending: &str) -> Option<String> {
    let Effect::Save { files, .. } = effect else {
        return None;
    };
    files
        .iter()
        .find(|f| f.path.to_string_lossy().ends_with(ending))
        .map(|f| String::from_utf8(f.contents.to_vec()).unwrap())
}

/// The config JSON a save effect writes (panics on anything but a save).
fn saved_json(effect: &Effect) -> String {
    written(effect, ".json").unwrap_or_else(|| panic!("expected a save: {effect:?}"))
}

/// The loop's answer to a save effect: every file created.
fn all_created(effect: &Effect) -> Msg {
    let Effect::Save { files, .. } = effect else {
        panic!("expected a save: {effect:?}");
    };
    Msg::Saved(Ok(files
        .iter()
        .map(|f: &FileToWrite| (f.path.clone(), Written::Saved(SaveOutcome::Created)))
        .collect()))
}

/// Google with the secret in the environment: client id typed, secret from env, base URL typed.
fn google_through_credentials(w: &mut Wizard) {
    pick(w, "google");
    type_text(w, "123.apps.googleusercontent.com");
    key(w, KeyCode::Enter);
    key(w, KeyCode::Enter); // client_secret: prefilled from the environment
    type_text(w, "https://mcp.example.com");
    key(w, KeyCode::Enter);
    key(w, KeyCode::Enter); // redirect_path: optional
    // The OAuth-proxy fields every such provider has on this form: jwt_signing_key and
    // consent (the client allow-list is on the Deploy step); Enter on the last continues.
    for _ in 0..2 {
        key(w, KeyCode::Enter);
    }
    assert_eq!(
        w.step,
        Step::Scopes,
        "{:?}",
        w.credentials.as_ref().map(|c| c.form_error.clone())
    );
}

#[test]
fn provider_list_moves_and_picks() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Char('j'));
    assert_eq!(w.provider.current().type_name, "github");
    key(&mut w, KeyCode::Char('k'));
    key(&mut w, KeyCode::Up);
    key(&mut w, KeyCode::Up);
    assert_eq!(
        w.provider.selected,
        crate::core::Catalog::builtin().providers.len() - 1,
        "wraps around"
    );
    key(&mut w, KeyCode::Home);
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Credentials);
    assert_eq!(w.credentials.as_ref().unwrap().provider.type_name, "bearer");
}

#[test]
fn esc_on_first_step_asks_before_quitting() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
    key(&mut w, KeyCode::Char('n'));
    assert_eq!(w.overlay, None);
    key(&mut w, KeyCode::Esc);
    assert_eq!(key(&mut w, KeyCode::Char('y')), Effect::Quit(0));
}

#[test]
fn ctrl_c_quits_at_once_from_anywhere_with_130() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", "s")]);
    assert_eq!(ctrl(&mut w, 'c'), Effect::Quit(130));
    google_through_credentials(&mut w);
    assert_eq!(ctrl(&mut w, 'c'), Effect::Quit(130));
    for _ in 0..3 {
        key(&mut w, KeyCode::Esc); // scopes → credentials → provider → ask
    }
    assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
    assert_eq!(ctrl(&mut w, 'c'), Effect::Quit(130));
}

#[test]
fn environment_values_are_prefilled_with_their_source() {
    let mut w = wizard(&[
        ("FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_ID", "abc.apps"),
        ("GOOGLE_CLIENT_SECRET", SECRET),
    ]);
    pick(&mut w, "google");
    let c = w.credentials.as_ref().unwrap();
    let id = &c.fields[0];
    assert_eq!(
        id.found_in.as_deref(),
        Some("FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_ID")
    );
    assert_eq!(
        id.note(false, 80, &*w.env).unwrap(),
        "from $FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_ID"
    );
    let secret = &c.fields[1];
    assert_eq!(secret.display(false, &*w.env), "********4321");
    assert!(c.fields[2].found_in.is_none());
}

#[test]
fn required_field_and_bad_url_are_reported_inline() {
    let mut w = wizard(&[]);
    pick(&mut w, "github");
    key(&mut w, KeyCode::Enter);
    let error = field_error(&w, "client_id").unwrap();
    assert!(
        error.contains("required") && error.contains("example: client_id="),
        "{error}"
    );
    assert_eq!(
        w.credentials.as_ref().unwrap().focus,
        0,
        "focus stays on the bad field"
    );
    type_text(&mut w, "Ov23li");
    assert_eq!(
        field_error(&w, "client_id"),
        None,
        "typing clears the error"
    );
    key(&mut w, KeyCode::Enter);
    ctrl(&mut w, 't'); // client_secret from $GITHUB_CLIENT_SECRET
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "mcp.example.com");
    key(&mut w, KeyCode::Enter);
    let error = field_error(&w, "base_url").unwrap();
    assert!(
        error.contains("not an absolute URL") && error.contains("https://mcp.example.com"),
        "{error}"
    );
    assert_eq!(w.step, Step::Credentials);
}

#[test]
fn cross_field_rules_block_continuing() {
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    // Leave both jwks_uri and public_key empty and walk to the end.
    for _ in 0..6 {
        key(&mut w, KeyCode::Enter);
    }
    assert_eq!(w.step, Step::Credentials);
    // Shown next to the rule's first field (the core names it), with focus moved there.
    let c = w.credentials.as_ref().unwrap();
    assert_eq!(c.fields[c.focus].spec.name, "jwks_uri");
    let form_error = c.fields[c.focus].error.clone().unwrap();
    assert!(
        form_error.contains("needs one of jwks_uri or public_key"),
        "{form_error}"
    );

    // HS256 with a JWKS URL: named, with a valid example.
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    type_text(&mut w, "https://auth.example.com/.well-known/jwks.json");
    for _ in 0..4 {
        key(&mut w, KeyCode::Enter);
    }
    // algorithm: RS256 → left through EdDSA, HS512, HS384 to HS256.
    let c = w.credentials.as_ref().unwrap();
    assert!(c.fields[c.focus].is_choice());
    key(&mut w, KeyCode::Left);
    key(&mut w, KeyCode::Left);
    key(&mut w, KeyCode::Left);
    key(&mut w, KeyCode::Left);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Credentials);
    let c = w.credentials.as_ref().unwrap();
    assert_eq!(c.fields[c.focus].spec.name, "public_key");
    let form_error = c.fields[c.focus].error.clone().unwrap();
    assert!(
        form_error.contains("HS256") && form_error.contains("JWKS"),
        "{form_error}"
    );
}

#[test]
fn back_keeps_what_was_entered_and_same_provider_keeps_the_form() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_through_credentials(&mut w);
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Credentials);
    assert_eq!(
        w.credentials.as_ref().unwrap().fields[0].typed.value(),
        "123.apps.googleusercontent.com"
    );
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Provider);
    key(&mut w, KeyCode::Enter); // google again
    assert_eq!(
        w.credentials.as_ref().unwrap().fields[0].typed.value(),
        "123.apps.googleusercontent.com"
    );
    key(&mut w, KeyCode::Esc);
    key(&mut w, KeyCode::Down); // github: a new form
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.credentials.as_ref().unwrap().provider.type_name, "github");
    assert_eq!(w.credentials.as_ref().unwrap().fields[0].typed.value(), "");
}

/// Google's default scopes, in the long form every FastMCP release expects.
const EMAIL: &str = "https://www.googleapis.com/auth/userinfo.email";
const PROFILE: &str = "https://www.googleapis.com/auth/userinfo.profile";

#[test]
fn scopes_checklist_toggles_and_adds() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_through_credentials(&mut w);
    let s = w.scopes.as_ref().unwrap();
    assert_eq!(s.checked(), ["openid", EMAIL, PROFILE]);
    key(&mut w, KeyCode::Char(' ')); // untick openid
    assert_eq!(w.scopes.as_ref().unwrap().checked(), [EMAIL, PROFILE]);
    key(&mut w, KeyCode::End); // the add row, after the scopes
    assert!(w.scopes.as_ref().unwrap().on_add_row());
    type_text(&mut w, "read\"write");
    key(&mut w, KeyCode::Enter);
    let error = w.scopes.as_ref().unwrap().error.clone().unwrap();
    assert!(error.contains("printable ASCII"), "{error}");
    for _ in 0.."\"write".len() {
        key(&mut w, KeyCode::Backspace);
    }
    key(&mut w, KeyCode::Enter);
    assert_eq!(
        w.scopes.as_ref().unwrap().checked(),
        [EMAIL, PROFILE, "read"]
    );
    assert_eq!(w.step, Step::Scopes);
    key(&mut w, KeyCode::Enter); // empty add row → continue
    assert_eq!(w.step, Step::Deployment);
    key(&mut w, KeyCode::Enter); // one instance
    assert_eq!(w.step, Step::Preview);
    let json = &w.preview.as_ref().unwrap().texts[0];
    assert!(
        json.contains(&format!(
            "\"{EMAIL}\",\n      \"{PROFILE}\",\n      \"read\""
        )),
        "{json}"
    );
}

#[test]
fn preview_shows_references_masks_and_warnings() {
    let mut w = wizard(&[]);
    pick(&mut w, "google");
    type_text(&mut w, "id.apps");
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, SECRET);
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "https://mcp.example.com");
    key(&mut w, KeyCode::Enter);
    for _ in 0..3 {
        key(&mut w, KeyCode::Enter); // redirect_path and the two OAuth-proxy fields
    }
    key(&mut w, KeyCode::Enter); // scopes
    key(&mut w, KeyCode::Enter); // deployment: one instance
    assert_eq!(w.step, Step::Preview);
    let p = w.preview.as_ref().unwrap();
    for text in &p.texts {
        assert!(!text.contains(SECRET), "{text}");
    }
    assert!(p.texts[0].contains("${GOOGLE_CLIENT_SECRET}"));
    assert!(p.texts[1].contains("os.environ[\"GOOGLE_CLIENT_SECRET\"]"));
    assert!(p.texts[2].contains("GOOGLE_CLIENT_SECRET='********4321'"));
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("client_secret") && w.contains(".env file")),
        "{:?}",
        p.warnings
    );
    // The .env file holds it: no "not set in this shell" for it.
    assert!(
        !p.warnings
            .iter()
            .any(|w| w.contains("not set in this shell")),
        "{:?}",
        p.warnings
    );
    key(&mut w, KeyCode::Right);
    assert_eq!(w.preview.as_ref().unwrap().tab, 1);
    key(&mut w, KeyCode::Char('3'));
    assert_eq!(w.preview.as_ref().unwrap().tab, 2);
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Deployment);
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Scopes);
}

fn google_to_save(w: &mut Wizard) {
    google_through_credentials(w);
    key(w, KeyCode::Enter);
    assert_eq!(w.step, Step::Deployment);
    key(w, KeyCode::Enter);
    assert_eq!(w.step, Step::Preview);
    key(w, KeyCode::Enter);
    assert_eq!(w.step, Step::Save);
}

#[test]
fn save_proposes_a_path_from_the_service_name() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_to_save(&mut w);
    assert_eq!(w.save.service.value(), "google-mcp");
    assert_eq!(
        w.save.path.value(),
        "/home/user/.config/fastmcp-auth/google-mcp.json"
    );
    for _ in 0.."google-mcp".len() {
        key(&mut w, KeyCode::Backspace);
    }
    type_text(&mut w, "docs");
    assert_eq!(
        w.save.path.value(),
        "/home/user/.config/fastmcp-auth/docs.json"
    );
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    let Effect::Save { files, overwrite } = &effect else {
        panic!("expected a save");
    };
    let paths: Vec<&PathBuf> = files.iter().map(|f| &f.path).collect();
    assert_eq!(
        paths,
        [&PathBuf::from("/home/user/.config/fastmcp-auth/docs.json")]
    );
    assert!(!overwrite);
    let text = saved_json(&effect);
    assert!(
        text.contains("\"service\": \"docs\"") && text.contains("${GOOGLE_CLIENT_SECRET}"),
        "{text}"
    );
    assert!(!text.contains(SECRET));
}

#[test]
fn bad_service_name_is_refused_inline() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_to_save(&mut w);
    type_text(&mut w, "/x");
    key(&mut w, KeyCode::Tab);
    assert_eq!(key(&mut w, KeyCode::Enter), Effect::None);
    assert!(
        w.save
            .error
            .as_ref()
            .unwrap()
            .contains("example: payments-api")
    );
}

#[test]
fn existing_file_needs_confirmation_then_overwrites() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_to_save(&mut w);
    key(&mut w, KeyCode::Tab);
    assert!(matches!(
        key(&mut w, KeyCode::Enter),
        Effect::Save {
            overwrite: false,
            ..
        }
    ));
    w.update(Msg::Saved(Err(SaveFailure::Exists(PathBuf::from(
        "/home/user/.config/fastmcp-auth/google-mcp.json",
    )))));
    assert_eq!(
        w.overlay,
        Some(Overlay::ConfirmOverwrite(PathBuf::from(
            "/home/user/.config/fastmcp-auth/google-mcp.json"
        )))
    );
    assert_eq!(key(&mut w, KeyCode::Char('n')), Effect::None);
    assert_eq!(w.step, Step::Save);
    key(&mut w, KeyCode::Enter);
    w.update(Msg::Saved(Err(SaveFailure::Exists(PathBuf::from(
        "/home/user/.config/fastmcp-auth/google-mcp.json",
    )))));
    assert!(matches!(
        key(&mut w, KeyCode::Char('y')),
        Effect::Save {
            overwrite: true,
            ..
        }
    ));
    let backup = PathBuf::from("/home/user/.config/fastmcp-auth/google-mcp.json.bak");
    w.update(Msg::Saved(Ok(vec![(
        PathBuf::from("/home/user/.config/fastmcp-auth/google-mcp.json"),
        Written::Saved(SaveOutcome::Replaced {
            backup: backup.clone(),
        }),
    )])));
    assert_eq!(w.step, Step::Done);
    let done = w.done.as_ref().unwrap();
    assert!(
        done.summary[0].contains(
            "the previous version is /home/user/.config/fastmcp-auth/google-mcp.json.bak"
        ),
        "{:?}",
        done.summary
    );
    assert_eq!(done.vars, ["GOOGLE_CLIENT_SECRET"]);
    assert_eq!(
        key(&mut w, KeyCode::Esc),
        Effect::None,
        "no going back after saving"
    );
    assert_eq!(w.step, Step::Done);
    assert_eq!(key(&mut w, KeyCode::Enter), Effect::Quit(0));
}

#[test]
fn save_failure_is_shown_and_nothing_moves_on() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_to_save(&mut w);
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Enter);
    w.update(Msg::Saved(Err(SaveFailure::Other(
        "cannot save /cfg/x.json: permission denied".into(),
    ))));
    assert_eq!(w.step, Step::Save);
    assert!(w.save.error.as_ref().unwrap().contains("permission denied"));
}

/// GitHub with the client secret pasted into the form, through to the save step.
fn github_typed_secret_to_save(w: &mut Wizard) {
    pick(w, "github");
    type_text(w, "Ov23li");
    key(w, KeyCode::Enter);
    w.update(Msg::Paste(SECRET.to_string()));
    assert_eq!(
        w.credentials.as_ref().unwrap().fields[1]
            .note(false, 80, &|_| None)
            .unwrap(),
        format!("pasted {} characters", SECRET.len())
    );
    key(w, KeyCode::Enter);
    type_text(w, "https://mcp.example.com");
    key(w, KeyCode::Enter);
    for _ in 0..3 {
        key(w, KeyCode::Enter); // redirect_path and the two OAuth-proxy fields
    }
    for _ in 0..3 {
        key(w, KeyCode::Enter); // scopes, deployment, preview
    }
    assert_eq!(w.step, Step::Save);
}

/// Moves the save step's focus to the secrets choice and picks `to`.
fn choose_secrets(w: &mut Wizard, to: SecretsTo) {
    while w.save.focus != SaveFocus::Secrets {
        key(w, KeyCode::Tab);
    }
    while w.save.secrets_to != to {
        key(w, KeyCode::Right);
    }
}

#[test]
fn typed_secret_goes_to_a_dotenv_file_by_default_and_is_embedded_only_when_chosen() {
    let mut w = wizard(&[]);
    github_typed_secret_to_save(&mut w);
    assert!(w.save.has_typed_secret);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    let json = saved_json(&effect);
    assert!(
        !json.contains(SECRET) && json.contains("${GITHUB_CLIENT_SECRET}"),
        "{json}"
    );
    let env = written(&effect, "/github-mcp.env").expect("the .env file is written");
    assert!(
        env.contains(&format!("\nGITHUB_CLIENT_SECRET={SECRET}\n")),
        "{env}"
    );

    let mut w = wizard(&[]);
    github_typed_secret_to_save(&mut w);
    choose_secrets(&mut w, SecretsTo::Embed);
    key(&mut w, KeyCode::BackTab); // to the path: Enter there saves
    let effect = key(&mut w, KeyCode::Enter);
    assert!(saved_json(&effect).contains(SECRET));
    assert_eq!(
        written(&effect, ".env"),
        None,
        "nothing asked for a .env file"
    );
}

#[test]
fn reveal_and_source_toggle() {
    let mut w = wizard(&[]);
    pick(&mut w, "github");
    key(&mut w, KeyCode::Tab);
    type_text(&mut w, "abcdefgh1234");
    let f = |w: &Wizard| w.credentials.as_ref().unwrap().fields[1].display(true, &|_| None);
    assert_eq!(f(&w), "********1234");
    ctrl(&mut w, 'r');
    assert_eq!(f(&w), "abcdefgh1234");
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::BackTab);
    assert_eq!(f(&w), "********1234", "leaving the field hides it again");
    ctrl(&mut w, 't');
    assert_eq!(f(&w), "$GITHUB_CLIENT_SECRET");
    ctrl(&mut w, 't');
    assert_eq!(
        f(&w),
        "********1234",
        "the typed value survives a round trip"
    );
}

#[test]
fn help_key_is_a_character_while_typing() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Char('?'));
    assert_eq!(w.overlay, Some(Overlay::Help));
    key(&mut w, KeyCode::Char('x'));
    assert_eq!(w.overlay, None);
    pick(&mut w, "custom");
    key(&mut w, KeyCode::Char('?'));
    assert_eq!(w.overlay, None);
    assert_eq!(w.credentials.as_ref().unwrap().fields[0].typed.value(), "?");
    key(&mut w, KeyCode::F(1));
    assert_eq!(w.overlay, Some(Overlay::Help));
}

#[test]
fn custom_provider_rows() {
    let mut w = wizard(&[]);
    pick(&mut w, "custom");
    type_text(&mut w, "fastmcp.server.auth.providers.jwt");
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "JWTVerifier");
    ctrl(&mut w, 'n');
    type_text(&mut w, "jwks_uri");
    key(&mut w, KeyCode::Tab);
    type_text(&mut w, "https://auth.example.com/jwks.json");
    ctrl(&mut w, 'n');
    type_text(&mut w, "api_key");
    key(&mut w, KeyCode::Tab);
    type_text(&mut w, "k-1234567890");
    assert!(
        w.credentials.as_ref().unwrap().rows[1].value.is_masked(),
        "secret-looking name is masked"
    );
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Credentials);
    let error = w.credentials.as_ref().unwrap().rows[1]
        .value
        .error
        .clone()
        .unwrap();
    assert!(error.contains("Ctrl+T"), "{error}");
    ctrl(&mut w, 'd');
    assert_eq!(w.credentials.as_ref().unwrap().rows.len(), 1);
    key(&mut w, KeyCode::Enter); // focus is back on the last row's value → continue
    assert_eq!(w.step, Step::Scopes);
    key(&mut w, KeyCode::Enter);
    let json = &w.preview.as_ref().unwrap().texts[0];
    assert!(
        json.contains("\"provider_class\": \"JWTVerifier\"")
            && json.contains("\"jwks_uri\": \"https://auth.example.com/jwks.json\""),
        "{json}"
    );
}

// ---- development key pair and sample token (bearer) ----------------------------------

use super::app::DevKeysReady;
use super::steps::done::SAMPLE_CLIENT_ID;
use crate::core::FixedClock;
use crate::devkeys::{DevKeyPair, KeyOrigin, test_pair};

const NOW: u64 = 1_700_000_000;

/// The pair the loop would hand back for `dir` (the crate's shared test key).
fn dev_keys(dir: &str, origin: KeyOrigin) -> Msg {
    Msg::DevKeys(Ok(Box::new(DevKeysReady {
        dir: PathBuf::from(dir),
        pair: DevKeyPair::from_private_pem(test_pair().private_pem()).unwrap(),
        origin,
    })))
}

fn notice(w: &Wizard) -> String {
    w.credentials
        .as_ref()
        .unwrap()
        .notice
        .clone()
        .unwrap_or_default()
}

const KEYS_DIR: &str = "/home/user/.config/fastmcp-auth/keys/bearer-mcp";

/// Enter through the rest of the form: each field is checked, the last one continues.
fn submit_credentials(w: &mut Wizard) {
    let count = w.credentials.as_ref().unwrap().fields.len();
    for _ in 0..count {
        if w.step != Step::Credentials {
            break;
        }
        key(w, KeyCode::Enter);
    }
    let c = w.credentials.as_ref().unwrap();
    assert_eq!(w.step, Step::Scopes, "{:?}", c.form_error);
}

/// Bearer with a development key pair, issuer and audience typed, scopes read + write,
/// through to the save step.
fn bearer_with_dev_key_to_save(w: &mut Wizard) {
    pick(w, "bearer");
    assert_eq!(
        ctrl(w, 'g'),
        Effect::DevKeys {
            dir: PathBuf::from(KEYS_DIR)
        }
    );
    assert_eq!(
        w.update(dev_keys(KEYS_DIR, KeyOrigin::Created)),
        Effect::None
    );
    focus_field(w, "issuer");
    type_text(w, "https://auth.example.com");
    focus_field(w, "audience");
    type_text(w, "my-mcp-server");
    submit_credentials(w);
    key(w, KeyCode::Char(' ')); // read
    key(w, KeyCode::Down);
    key(w, KeyCode::Char(' ')); // write
    key(w, KeyCode::Enter);
    assert_eq!(w.step, Step::Preview);
    key(w, KeyCode::Enter);
    assert_eq!(w.step, Step::Save);
}

#[test]
fn ctrl_g_asks_for_a_dev_key_pair_next_to_the_configs_for_jwt_only() {
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    let dev_key_pair = ("^G".to_string(), "dev key pair");
    assert!(w.keys().contains(&dev_key_pair), "{:?}", w.keys());
    assert_eq!(
        ctrl(&mut w, 'g'),
        Effect::DevKeys {
            dir: PathBuf::from(KEYS_DIR)
        }
    );
    assert!(
        notice(&w).contains("preparing a development key pair in"),
        "{}",
        notice(&w)
    );

    let mut w = wizard(&[]);
    pick(&mut w, "github");
    assert!(!w.keys().contains(&("^G".to_string(), "dev key pair")));
    assert_eq!(ctrl(&mut w, 'g'), Effect::None);
    assert_eq!(notice(&w), "");
}

#[test]
fn dev_key_pair_fills_public_key_and_rs256_and_clears_the_jwks_url() {
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    type_text(&mut w, "https://auth.example.com/.well-known/jwks.json");
    ctrl(&mut w, 'g');
    w.update(dev_keys(KEYS_DIR, KeyOrigin::Created));
    let pem = test_pair().public_pem().trim_end();
    assert_eq!(field_value(&w, "public_key"), Some(pem.into()));
    assert_eq!(field_value(&w, "algorithm"), Some("RS256".into()));
    assert_eq!(field_value(&w, "jwks_uri"), None);
    let text = notice(&w);
    assert!(
        text.contains(&format!("Generated a development key pair in {KEYS_DIR}"))
            && text.contains(test_pair().kid())
            && text.contains("JWKS URL was cleared"),
        "{text}"
    );
    assert!(!text.contains(test_pair().private_pem().lines().nth(1).unwrap()));
    // Typing clears the notice; an existing pair is named as such.
    focus_field(&mut w, "issuer");
    type_text(&mut w, "x");
    assert_eq!(notice(&w), "");
    w.update(dev_keys(KEYS_DIR, KeyOrigin::Existing));
    assert!(
        notice(&w).contains("Using the development key pair already in"),
        "{}",
        notice(&w)
    );
    assert!(!notice(&w).contains("cleared"));
}

#[test]
fn dev_key_failure_is_shown_on_the_form_and_nothing_is_filled() {
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    ctrl(&mut w, 'g');
    w.update(Msg::DevKeys(Err(format!(
        "cannot save {KEYS_DIR}/private.pem: permission denied"
    ))));
    let c = w.credentials.as_ref().unwrap();
    assert!(c.form_error.as_ref().unwrap().contains("permission denied"));
    assert_eq!(c.notice, None);
    assert_eq!(field_value(&w, "public_key"), None);

    // Without a config directory there is nowhere to put keys: said so, no effect.
    let mut w = Wizard::new(
        Box::new(|_| None),
        None,
        super::theme::Theme { color: false },
    );
    pick(&mut w, "bearer");
    assert_eq!(ctrl(&mut w, 'g'), Effect::None);
    let error = w.credentials.as_ref().unwrap().form_error.clone().unwrap();
    assert!(error.contains("XDG_CONFIG_HOME"), "{error}");
}

#[test]
fn done_screen_shows_a_sample_token_for_the_config_and_its_key() {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};

    let mut w = wizard(&[]);
    w.clock = std::sync::Arc::new(FixedClock(NOW));
    bearer_with_dev_key_to_save(&mut w);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    assert!(saved_json(&effect).contains("BEGIN PUBLIC KEY"));
    w.update(all_created(&effect));
    let sample = w.done.as_ref().unwrap().sample_token.clone().unwrap();
    assert_eq!(sample.key_dir, PathBuf::from(KEYS_DIR));
    assert_eq!(sample.scopes, ["read", "write"]);
    let description = sample.description();
    assert!(
        description.contains("shown on purpose") && description.contains(KEYS_DIR),
        "{description}"
    );

    let header = decode_header(&sample.token).unwrap();
    assert_eq!(header.kid.as_deref(), Some(test_pair().kid()));
    let key = DecodingKey::from_rsa_pem(test_pair().public_pem().as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false; // the fixed clock is in the past
    validation.set_audience(&["my-mcp-server"]);
    validation.set_issuer(&["https://auth.example.com"]);
    let claims = decode::<serde_json::Value>(&sample.token, &key, &validation)
        .unwrap()
        .claims;
    assert_eq!(claims["client_id"], SAMPLE_CLIENT_ID);
    assert_eq!(claims["scope"], "read write");
    assert_eq!(
        (claims["iat"].as_u64(), claims["exp"].as_u64()),
        (Some(NOW), Some(NOW + 3600))
    );
}

#[test]
fn no_sample_token_once_the_config_no_longer_uses_the_dev_key() {
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    ctrl(&mut w, 'g');
    w.update(dev_keys(KEYS_DIR, KeyOrigin::Created));
    focus_field(&mut w, "public_key");
    key(&mut w, KeyCode::End);
    ctrl(&mut w, 'u');
    // Another (valid) key: the config no longer uses the dev pair's.
    w.update(Msg::Paste(RSA_PEM.into()));
    submit_credentials(&mut w);
    key(&mut w, KeyCode::Enter); // scopes
    key(&mut w, KeyCode::Enter); // preview
    assert_eq!(w.step, Step::Save);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    w.update(all_created(&effect));
    assert_eq!(w.done.as_ref().unwrap().sample_token, None);
}

#[test]
fn esc_closes_the_provider_search_before_asking_to_quit() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Char('/'));
    type_text(&mut w, "az?");
    assert_eq!(w.overlay, None, "? is typed into the search, not help");
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.overlay, None);
    assert!(!w.provider.is_filtering());
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
}

/// `wizard --edit` of a file that embeds a secret: the save keeps the literal, so the
/// preview must say it is embedded instead of showing a `${VAR}` it will not write.
#[test]
fn editing_a_file_with_an_embedded_secret_previews_it_as_embedded() {
    let document = serde_json::json!({
        "provider_class": "GoogleProvider",
        "import_path": "fastmcp.server.auth.providers.google",
        "provider_type": "google",
        "config_params": {
            "client_id": "123.apps.googleusercontent.com",
            "client_secret": SECRET,
            "base_url": "https://mcp.example.com",
        },
    });
    let parsed = crate::core::load::parse_document(document).unwrap();
    let loaded = crate::core::load::LoadedConfig::from_document(&parsed).unwrap();
    let mut w = wizard(&[]).edit(loaded, std::path::Path::new("/cfg/google.json"));
    enter_until(&mut w, Step::Preview);
    let p = w.preview.as_ref().unwrap();
    for text in &p.texts {
        assert!(!text.contains(SECRET), "the secret is shown: {text}");
    }
    assert!(
        !p.texts[0].contains("${GOOGLE_CLIENT_SECRET}") && p.texts[0].contains("********4321"),
        "the preview does not show what will be saved: {}",
        p.texts[0]
    );
    let warnings = p.warnings.join("\n");
    assert!(warnings.contains("client_secret: embedded"), "{warnings}");
    assert!(
        !warnings.contains("refers to ${GOOGLE_CLIENT_SECRET}"),
        "{warnings}"
    );
    // And the save writes exactly that: the literal, not a reference.
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Save);
    let contents = (0..6)
        .find_map(|_| written(&key(&mut w, KeyCode::Enter), ".json"))
        .unwrap_or_else(|| panic!("no save: {:?}", w.save.error));
    assert!(contents.contains(SECRET) && !contents.contains("${GOOGLE_CLIENT_SECRET}"));
}

const PASTED_TOKEN: &str = "gho_16C7e42F292c6912E7710c838347Ae178B4a";

/// A token pasted into a secret's variable-name box is refused: not inserted, not shown,
/// not repeated in the message, never saved as `${gho_…}`.
#[test]
fn a_credential_pasted_as_a_variable_name_is_refused_without_echo() {
    let mut w = wizard(&[]);
    pick(&mut w, "github");
    key(&mut w, KeyCode::Tab); // client_secret
    ctrl(&mut w, 't');
    for pasted in [PASTED_TOKEN, "AKIAIOSFODNN7EXAMPLE", "not a name"] {
        w.update(Msg::Paste(pasted.to_string()));
        let error = field_error(&w, "client_secret").expect("the paste was accepted");
        assert!(error.starts_with("client_secret:"), "{error}");
        assert!(error.contains("example: GITHUB_CLIENT_SECRET"), "{error}");
        assert!(!error.contains(pasted), "the paste was echoed: {error}");
        let field = &w.credentials.as_ref().unwrap().fields[1];
        assert_eq!(field.env_name.value(), "GITHUB_CLIENT_SECRET");
    }
    // A conventional name still pastes.
    w.update(Msg::Paste("_2".into()));
    assert_eq!(field_error(&w, "client_secret"), None);
}

/// Typed by hand instead of pasted, the token is refused when the field is checked, and the
/// message does not repeat it.
#[test]
fn a_credential_typed_as_a_variable_name_is_refused_without_echo() {
    let mut w = wizard(&[]);
    pick(&mut w, "github");
    type_text(&mut w, "Iv1.8a61f9b3a7aba766");
    key(&mut w, KeyCode::Enter);
    ctrl(&mut w, 't');
    for _ in 0.."GITHUB_CLIENT_SECRET".len() {
        key(&mut w, KeyCode::Backspace);
    }
    type_text(&mut w, PASTED_TOKEN);
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Credentials);
    let error = field_error(&w, "client_secret").expect("the token was accepted as a name");
    assert!(error.contains("looks like a secret"), "{error}");
    assert!(!error.contains("16C7e42F"), "the token was echoed: {error}");
}

/// A custom scope outside RFC 6749's grammar is refused on the scopes screen.
#[test]
fn custom_scope_outside_the_rfc_grammar_is_refused() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", "s")]);
    google_through_credentials(&mut w);
    let scopes = w.scopes.as_ref().unwrap();
    let before = scopes.checked();
    // The add row is the last one.
    for _ in 0..30 {
        if w.scopes.as_ref().unwrap().on_add_row() {
            break;
        }
        key(&mut w, KeyCode::Down);
    }
    type_text(&mut w, "caf\u{e9}");
    key(&mut w, KeyCode::Enter);
    let scopes = w.scopes.as_ref().unwrap();
    let error = scopes.error.clone().expect("the scope was accepted");
    assert!(error.contains("RFC 6749"), "{error}");
    assert_eq!(scopes.checked(), before);
}

/// A provider's scope rule is a scope problem (found by its kind, not its wording): it stays
/// on the Scopes step with the wizard's keys as the hint, and no command-line flag.
#[test]
fn scope_rule_stays_on_scopes_with_the_wizards_own_hint() {
    let mut w = wizard(&[("AZURE_CLIENT_SECRET", "s")]);
    pick(&mut w, "azure");
    focus_field(&mut w, "client_id");
    type_text(&mut w, "app-id");
    focus_field(&mut w, "tenant_id");
    type_text(&mut w, "organizations");
    focus_field(&mut w, "base_url");
    type_text(&mut w, "https://mcp.example.com");
    submit_credentials(&mut w);
    // Azure ticks no scope by default; continuing without one breaks its rule.
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Scopes);
    let error = w.scopes.as_ref().unwrap().error.clone().unwrap();
    assert!(
        error.contains("needs at least one required scope"),
        "{error}"
    );
    assert!(error.contains("Space ticks a scope"), "{error}");
    assert!(
        !error.contains("--"),
        "a command-line flag on a wizard screen: {error}"
    );
}

#[test]
fn control_characters_in_field_values_are_drawn_escaped() {
    // OSC 52 (write the clipboard), clear screen, and a right-to-left override.
    let hostile = "id\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{202e}end";
    let escaped = "id\\u{1b}]52;c;aGk=\\u{7}\\u{1b}[2J\\u{202e}end";
    let mut w = wizard(&[
        ("GOOGLE_CLIENT_ID", hostile),
        ("GOOGLE_CLIENT_SECRET", "secret-value\u{1b}[2J"),
    ]);
    w.update(Msg::Resize(139, 30)); // the widest without the side panel
    pick(&mut w, "google");
    // Focused reference: its value is in the note.
    let (rows, _) = draw(&w);
    assert!(
        rows.iter().any(|r| r.contains(&format!("= {escaped}"))),
        "{rows:#?}"
    );
    // Unfocused: the value itself, and the masked secret's visible tail.
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Tab);
    let (rows, _) = draw(&w);
    assert!(rows.iter().any(|r| r.contains(escaped)), "{rows:#?}");
    assert!(
        rows.iter().any(|r| r.contains("********\\u{1b}[2J")),
        "{rows:#?}"
    );
    // Pasted text (as typed text or an edited file's value): escaped, and the cursor
    // stands right after the escape, where the next character goes.
    w.update(Msg::Paste("https://x\u{1b}[2J".into()));
    let (rows, cursor) = draw(&w);
    let shown = "https://x\\u{1b}[2J";
    let (y, row) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.contains(shown))
        .expect("the pasted value is shown");
    // Columns, not bytes: the frame's borders are multi-byte characters.
    let end = row[..row.find(shown).unwrap()].chars().count() + shown.len();
    assert_eq!(cursor, Some((end as u16, y as u16)), "{rows:#?}");
}

#[test]
fn signals_and_ctrl_z_become_effects() {
    let mut w = wizard(&[]);
    assert_eq!(ctrl(&mut w, 'z'), Effect::Suspend);
    // Under a dialog and while typing too.
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
    assert_eq!(ctrl(&mut w, 'z'), Effect::Suspend);
    assert_eq!(
        w.overlay,
        Some(Overlay::ConfirmQuit),
        "kept for after the resume"
    );
    for (signo, code) in [(15, 143), (1, 129), (2, 130)] {
        let effect = w.update(Msg::Signal(Signal::Terminate(signo)));
        assert_eq!(effect, Effect::Terminate(code));
    }
    assert_eq!(w.update(Msg::Signal(Signal::Suspend)), Effect::Suspend);
    assert_eq!(w.update(Msg::Signal(Signal::Continue)), Effect::Redraw);
}

/// A file made with `--storage redis`, edited in the wizard (which has no deployment step
/// yet): the save writes the `deployment` section back, checked again, not dropped.
#[test]
fn editing_a_file_with_shared_storage_keeps_its_deployment_section() {
    let storage = serde_json::json!({"storage": {"backend": "redis", "url": "${REDIS_URL}",
        "encryption_keys": ["${FASTMCP_STORAGE_KEY}", "${FASTMCP_STORAGE_KEY_OLD}"]}});
    let document = serde_json::json!({
        "provider_class": "GitHubProvider",
        "import_path": "fastmcp.server.auth.providers.github",
        "provider_type": "github",
        "config_params": {
            "client_id": "Ov23liOriginal",
            "client_secret": "${GITHUB_CLIENT_SECRET}",
            "base_url": "https://mcp.example.com",
            "jwt_signing_key": "${FASTMCP_JWT_SIGNING_KEY}",
        },
        "deployment": storage.clone(),
    });
    let parsed = crate::core::load::parse_document(document).unwrap();
    let loaded = crate::core::load::LoadedConfig::from_document(&parsed).unwrap();
    let mut w = wizard(&[]).edit(loaded, std::path::Path::new("/cfg/github.json"));
    enter_until(&mut w, Step::Preview);
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Save);
    let contents = (0..6)
        .find_map(|_| written(&key(&mut w, KeyCode::Enter), ".json"))
        .unwrap_or_else(|| panic!("no save: {:?}", w.save.error));
    let saved: serde_json::Value = serde_json::from_str(&contents).unwrap();
    assert_eq!(saved["deployment"], storage);
}

/// An edited file's allow-list: the presets it covers come back ticked, a URL no preset
/// covers is kept, and half a preset is kept as it is rather than widened to the whole.
#[test]
fn editing_a_file_keeps_its_client_allow_list() {
    let allowed = serde_json::json!([
        "https://claude.ai/api/mcp/auth_callback",
        "https://claude.com/api/mcp/auth_callback",
        "https://app.example/oauth/callback",
        "http://localhost:*"
    ]);
    let document = serde_json::json!({
        "provider_class": "GitHubProvider",
        "import_path": "fastmcp.server.auth.providers.github",
        "provider_type": "github",
        "config_params": {
            "client_id": "Ov23liOriginal",
            "client_secret": "${GITHUB_CLIENT_SECRET}",
            "base_url": "https://mcp.example.com",
            "allowed_client_redirect_uris": allowed.clone(),
        },
    });
    let parsed = crate::core::load::parse_document(document).unwrap();
    let loaded = crate::core::load::LoadedConfig::from_document(&parsed).unwrap();
    let mut w = wizard(&[]).edit(loaded, std::path::Path::new("/cfg/github.json"));
    assert_eq!(w.deploy.clients, [false, true, false]);
    assert_eq!(
        w.deploy.other_uris,
        ["https://app.example/oauth/callback", "http://localhost:*"]
    );
    enter_until(&mut w, Step::Preview);
    key(&mut w, KeyCode::Enter);
    let contents = (0..6)
        .find_map(|_| written(&key(&mut w, KeyCode::Enter), ".json"))
        .unwrap_or_else(|| panic!("no save: {:?}", w.save.error));
    let saved: serde_json::Value = serde_json::from_str(&contents).unwrap();
    assert_eq!(
        saved["config_params"]["allowed_client_redirect_uris"],
        allowed
    );
}

/// The deployment step: Redis with rotated keys, a literal typed where a name belongs
/// refused on the step, and the saved config carrying the section and a signing key.
#[test]
fn deployment_step_writes_a_shared_store_with_rotated_keys() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_through_credentials(&mut w);
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Deployment);
    key(&mut w, KeyCode::Right); // several instances
    key(&mut w, KeyCode::Down);
    w.update(Msg::Paste("redis://:pw-do-not-show@cache:6379".into()));
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Deployment);
    let error = w.deploy.error.clone().unwrap();
    assert!(error.starts_with("Redis URL variable:") && !error.contains("pw-do-not-show"));
    w.deploy.url_var = tui_input::Input::new("CACHE_URL".into());
    key(&mut w, KeyCode::Down);
    w.update(Msg::Paste(", FASTMCP_STORAGE_KEY_OLD".into()));
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Preview);
    let json = &w.preview.as_ref().unwrap().texts[0];
    let config: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        config["deployment"],
        serde_json::json!({"storage": {"backend": "redis", "url": "${CACHE_URL}",
            "encryption_keys": ["${FASTMCP_STORAGE_KEY}", "${FASTMCP_STORAGE_KEY_OLD}"]}})
    );
    assert_eq!(
        config["config_params"]["jwt_signing_key"],
        "${FASTMCP_JWT_SIGNING_KEY}"
    );
    // Back to one instance: no section.
    key(&mut w, KeyCode::Esc);
    w.deploy.focus = 0;
    key(&mut w, KeyCode::Char(' '));
    key(&mut w, KeyCode::Enter);
    let json = &w.preview.as_ref().unwrap().texts[0];
    assert!(!json.contains("deployment"), "{json}");
}

/// Scopes typed or pasted together are split as FastMCP splits a scope string (commas,
/// spaces, line breaks), never kept as one scope no token could carry.
#[test]
fn scopes_typed_or_pasted_together_become_separate_scopes() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_through_credentials(&mut w);
    key(&mut w, KeyCode::Up); // the add row
    assert!(w.scopes.as_ref().unwrap().on_add_row());
    type_text(&mut w, "read write,admin");
    key(&mut w, KeyCode::Enter);
    w.update(Msg::Paste("user:email\r\nrepo\n".into()));
    key(&mut w, KeyCode::Enter);
    let scopes = w.scopes.as_ref().unwrap();
    assert_eq!(scopes.error, None);
    assert_eq!(
        scopes.checked(),
        [
            "openid",
            EMAIL,
            PROFILE,
            "read",
            "write",
            "admin",
            "user:email",
            "repo"
        ]
    );
}

/// A list field of scopes (Azure's extra upstream scopes) splits typed text the same way.
#[test]
fn a_scope_list_field_splits_typed_scopes() {
    let mut w = wizard(&[("AZURE_CLIENT_SECRET", SECRET)]);
    pick(&mut w, "azure");
    let fields = &mut w.credentials.as_mut().unwrap().fields;
    let field = fields
        .iter_mut()
        .find(|f| f.spec.name == "additional_authorize_scopes")
        .unwrap();
    field.paste("User.Read Mail.Read, offline_access");
    assert_eq!(
        field.value().unwrap(),
        Some(crate::core::ParamValue::list([
            "User.Read",
            "Mail.Read",
            "offline_access"
        ]))
    );
}

const RSA_PEM: &str = include_str!("../../tests/keys/rsa2048.pem");
const P256_PEM: &str = include_str!("../../tests/keys/ec-p256.pem");

fn credentials(w: &Wizard) -> &super::steps::credentials::CredentialsStep {
    w.credentials.as_ref().unwrap()
}

/// A PEM pasted (bracketed paste, CRLF as some clipboards give it) keeps its lines: the
/// value is the key as copied, not its lines run together.
#[test]
fn a_pasted_pem_keeps_its_line_breaks() {
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    focus_field(&mut w, "public_key");
    w.update(Msg::Paste(RSA_PEM.replace('\n', "\r\n")));
    assert_eq!(
        field_value(&w, "public_key"),
        Some(crate::core::ParamValue::from(RSA_PEM.trim_end()))
    );
    // On its one row, the line breaks show as ↵, never as raw control characters.
    let c = credentials(&w);
    let field = c
        .fields
        .iter()
        .find(|f| f.spec.name == "public_key")
        .unwrap();
    let shown = field.display(false, &|_| None);
    assert!(
        shown.starts_with("-----BEGIN PUBLIC KEY-----↵MIIB"),
        "{shown}"
    );
    // A one-line field still drops them.
    focus_field(&mut w, "issuer");
    w.update(Msg::Paste("https://auth.example.com\n".into()));
    assert_eq!(
        field_value(&w, "issuer"),
        Some(crate::core::ParamValue::from("https://auth.example.com"))
    );
}

/// The wizard refuses what FastMCP would: a key of the wrong type for the algorithm is
/// shown on the key's field, without the key.
#[test]
fn a_key_that_does_not_fit_the_algorithm_is_refused_on_its_field() {
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    focus_field(&mut w, "public_key");
    w.update(Msg::Paste(P256_PEM.into()));
    focus_field(&mut w, "issuer");
    type_text(&mut w, "https://auth.example.com");
    focus_field(&mut w, "audience");
    type_text(&mut w, "my-mcp-server");
    // Enter through the form: the last field's Enter generates, which fails on the key.
    for _ in 0..credentials(&w).fields.len() {
        if field_error(&w, "public_key").is_some() {
            break;
        }
        key(&mut w, KeyCode::Enter);
    }
    assert_eq!(w.step, Step::Credentials);
    let error = field_error(&w, "public_key").unwrap();
    assert!(
        error.contains("is an EC P-256 key, but algorithm RS256 needs an RSA public key"),
        "{error}"
    );
    assert!(!error.contains(P256_PEM.lines().nth(1).unwrap()), "{error}");
}

/// Ctrl+O asks for a path; Enter asks the loop to read it (bounded, as --set-file does);
/// the text fills the field the prompt was opened on, and a secret stays masked.
#[test]
fn ctrl_o_loads_a_field_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let pem_path = dir.path().join("public.pem");
    std::fs::write(&pem_path, RSA_PEM).unwrap();
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    focus_field(&mut w, "public_key");
    assert!(w.keys().contains(&("^O".to_string(), "load file")));
    ctrl(&mut w, 'o');
    assert!(w.credentials.as_ref().unwrap().is_prompting());
    // A missing file: the reason is shown, the prompt stays for another try.
    type_text(&mut w, &dir.path().join("nope.pem").display().to_string());
    let effect = key(&mut w, KeyCode::Enter);
    let Effect::LoadFile { path } = effect else {
        panic!("{effect:?}");
    };
    w.update(super::load_file(path));
    let error = credentials(&w).form_error.clone().unwrap();
    assert!(
        error.starts_with("cannot load ") && error.contains("nope.pem"),
        "{error}"
    );
    assert!(credentials(&w).is_prompting());
    ctrl(&mut w, 'u');
    type_text(&mut w, &pem_path.display().to_string());
    let Effect::LoadFile { path } = key(&mut w, KeyCode::Enter) else {
        panic!("no load");
    };
    assert_eq!(path, pem_path);
    w.update(super::load_file(path));
    assert!(!credentials(&w).is_prompting());
    assert_eq!(
        field_value(&w, "public_key"),
        Some(crate::core::ParamValue::from(RSA_PEM.trim_end()))
    );
    assert!(
        notice(&w).starts_with("loaded public_key from "),
        "{}",
        notice(&w)
    );

    // A secret loaded from a file is masked like a typed one; Esc closes the prompt
    // without leaving the step.
    let secret_path = dir.path().join("secret.txt");
    std::fs::write(&secret_path, format!("{SECRET}\n")).unwrap();
    let mut w = wizard(&[]);
    pick(&mut w, "github");
    focus_field(&mut w, "client_secret");
    ctrl(&mut w, 'o');
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Credentials);
    assert!(!credentials(&w).is_prompting());
    ctrl(&mut w, 'o');
    w.update(Msg::Paste(secret_path.display().to_string()));
    let Effect::LoadFile { path } = key(&mut w, KeyCode::Enter) else {
        panic!("no load");
    };
    w.update(super::load_file(path));
    let c = credentials(&w);
    let field = c
        .fields
        .iter()
        .find(|f| f.spec.name == "client_secret")
        .unwrap();
    assert!(field.is_masked());
    assert_eq!(field.display(false, &|_| None), "********4321");
    assert!(!notice(&w).contains(SECRET), "{}", notice(&w));
    assert_eq!(
        field.value().unwrap(),
        Some(crate::core::ParamValue::secret(SECRET))
    );
}

/// A discovery URL typed as the issuer gets the well-known path offered, taken with one
/// key; a URL that already has it is not offered anything.
#[test]
fn ctrl_l_appends_the_well_known_path_to_an_issuer_url() {
    let mut w = wizard(&[]);
    pick(&mut w, "oauth");
    focus_field(&mut w, "config_url");
    type_text(&mut w, "https://auth.example.com/realms/mcp/");
    assert!(
        w.keys()
            .contains(&("^L".to_string(), "append /.well-known/…"))
    );
    ctrl(&mut w, 'l');
    assert_eq!(
        field_value(&w, "config_url"),
        Some(crate::core::ParamValue::from(
            "https://auth.example.com/realms/mcp/.well-known/openid-configuration"
        ))
    );
    assert!(
        !w.keys()
            .contains(&("^L".to_string(), "append /.well-known/…"))
    );
    ctrl(&mut w, 'l');
    assert_eq!(
        field_value(&w, "config_url"),
        Some(crate::core::ParamValue::from(
            "https://auth.example.com/realms/mcp/.well-known/openid-configuration"
        ))
    );
}

/// Enter through the rest of the form, the scopes and the one-instance deployment.
fn on_to_preview(w: &mut Wizard) {
    for _ in 0..12 {
        if w.step != Step::Credentials {
            break;
        }
        key(w, KeyCode::Enter);
    }
    assert_eq!(
        w.step,
        Step::Scopes,
        "{:?}",
        w.credentials.as_ref().map(|c| c.form_error.clone())
    );
    key(w, KeyCode::Enter);
    key(w, KeyCode::Enter);
    assert_eq!(w.step, Step::Preview);
}

#[test]
fn preview_generates_for_the_chosen_fastmcp_release() {
    let newest = crate::core::compat::default_target();
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_through_credentials(&mut w);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    let p = w.preview.as_ref().unwrap();
    assert_eq!(p.target, newest);
    assert!(
        p.texts[0].contains(&format!("\"fastmcp_version\": \"{newest}\"")),
        "{}",
        p.texts[0]
    );
    key(&mut w, KeyCode::Char('2'));
    key(&mut w, KeyCode::Char('f'));
    let p = w.preview.as_ref().unwrap();
    assert!(p.target < newest, "f picks an older release");
    assert_eq!(p.tab, 1, "the tab shown stays");
    assert!(
        p.texts[1].contains(&format!("Checked for FastMCP {}.", p.target)),
        "{}",
        p.texts[1]
    );
    let chosen = p.target;
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Save);
    key(&mut w, KeyCode::Tab);
    let Effect::Save { files, .. } = key(&mut w, KeyCode::Enter) else {
        panic!("no save: {:?}", w.save.error);
    };
    let saved: serde_json::Value = serde_json::from_slice(&files[0].contents).unwrap();
    assert_eq!(saved["fastmcp_version"], chosen.to_string());
}

#[test]
fn preview_refuses_a_release_without_the_provider_and_saves_nothing() {
    let mut w = wizard(&[("CLERK_CLIENT_SECRET", SECRET)]);
    pick(&mut w, "clerk");
    type_text(&mut w, "your-app.clerk.accounts.dev");
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "AbC123dEf456GhI7");
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter); // client_secret: from the environment
    key(&mut w, KeyCode::Enter); // jwt_signing_key: optional
    type_text(&mut w, "https://mcp.example.com");
    on_to_preview(&mut w);
    let since = crate::core::Catalog::builtin()
        .get("clerk")
        .unwrap()
        .since
        .expect("clerk has a since");
    // Older releases until one lacks ClerkProvider.
    for _ in 0..crate::core::Catalog::builtin().fastmcp_versions.len() {
        if w.target < since {
            break;
        }
        key(&mut w, KeyCode::Char('f'));
    }
    assert!(w.target < since);
    let p = w.preview.as_ref().unwrap();
    let refusal = p.refusal.clone().expect("refused");
    assert!(
        refusal.contains("ClerkProvider") && refusal.contains(&since.to_string()),
        "{refusal}"
    );
    assert!(p.texts.iter().all(|t| t.contains("ClerkProvider")));
    assert_eq!(key(&mut w, KeyCode::Enter), Effect::None);
    assert_eq!(w.step, Step::Preview, "nothing to save for that release");
    // After the oldest comes the newest again.
    for _ in 0..crate::core::Catalog::builtin().fastmcp_versions.len() {
        if w.target >= since {
            break;
        }
        key(&mut w, KeyCode::Char('f'));
    }
    assert!(w.preview.as_ref().unwrap().refusal.is_none());
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Save);
}

// ---- Issue 11: nothing lost, everything written ----

/// The file a preview tab shows, by the path it names.
fn preview_text_for(w: &Wizard, path: &std::path::Path) -> String {
    let p = w.preview.as_ref().unwrap();
    let i = p.paths.iter().position(|q| q == path).unwrap();
    p.texts[i].clone()
}

#[test]
fn preview_shows_each_file_as_saved_after_renaming_the_service() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_to_save(&mut w);
    key(&mut w, KeyCode::Char('u')); // typed into the service name…
    for _ in 0.."google-mcpu".len() {
        key(&mut w, KeyCode::Backspace);
    }
    type_text(&mut w, "docs");
    while w.save.focus != SaveFocus::EnvFile {
        key(&mut w, KeyCode::Tab);
    }
    key(&mut w, KeyCode::Char(' ')); // also the .env file
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Char(' ')); // and the server skeleton
    // Back to the preview: it follows the new name.
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Preview);
    let python = &w.preview.as_ref().unwrap().texts[1];
    assert!(python.contains("FastMCP(\"docs\", auth=auth)"), "{python}");
    assert!(!python.contains("my-server") && !python.contains("google-mcp"));
    let env = &w.preview.as_ref().unwrap().texts[2];
    assert!(
        env.starts_with("# Environment for the docs FastMCP server (GoogleProvider)"),
        "{env}"
    );
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    let Effect::Save { files, .. } = &effect else {
        panic!("expected a save: {:?}", w.save.error);
    };
    let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "/home/user/.config/fastmcp-auth/docs.env",
            "/home/user/.config/fastmcp-auth/docs.py",
            "/home/user/.config/fastmcp-auth/docs.json"
        ]
    );
    // Nothing here is secret: what the preview showed is byte for byte what is written.
    for file in files {
        let saved = String::from_utf8(file.contents.to_vec()).unwrap();
        assert_eq!(preview_text_for(&w, &file.path), saved, "{:?}", file.path);
    }
}

#[test]
fn preview_of_a_typed_secret_is_the_saved_bytes_with_the_secret_masked() {
    let masked = crate::core::value::mask(SECRET);
    // Embedded: the config and the server hold the secret; the preview masks only it.
    let mut w = wizard(&[]);
    github_typed_secret_to_save(&mut w);
    choose_secrets(&mut w, SecretsTo::Embed);
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Char(' ')); // the server skeleton
    key(&mut w, KeyCode::Esc);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    let Effect::Save { files, .. } = &effect else {
        panic!("expected a save: {:?}", w.save.error);
    };
    assert_eq!(files.len(), 2);
    for file in files {
        let saved = String::from_utf8(file.contents.to_vec()).unwrap();
        assert!(saved.contains(SECRET), "{saved}");
        let shown = preview_text_for(&w, &file.path);
        assert!(!shown.contains(SECRET));
        assert_eq!(shown, saved.replace(SECRET, &masked), "{:?}", file.path);
    }
    // In the .env file: the same lines, the secret's value masked.
    let mut w = wizard(&[]);
    github_typed_secret_to_save(&mut w);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    let env = written(&effect, ".env").unwrap();
    let path = std::path::Path::new("/home/user/.config/fastmcp-auth/github-mcp.env");
    let shown = preview_text_for(&w, path);
    let expected = env.replace(
        &format!("GITHUB_CLIENT_SECRET={SECRET}"),
        &format!("GITHUB_CLIENT_SECRET='{masked}'"),
    );
    assert_eq!(shown, expected);
    assert!(!shown.contains(SECRET));
}

#[test]
fn a_typed_secret_is_kept_when_its_variable_is_also_set_and_a_difference_is_pointed_out() {
    const IN_SHELL: &str = "GOCSPX-value-in-the-shell-9999";
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", IN_SHELL)]);
    pick(&mut w, "google");
    type_text(&mut w, "123.apps.googleusercontent.com");
    key(&mut w, KeyCode::Enter);
    ctrl(&mut w, 't'); // type the secret rather than use $GOOGLE_CLIENT_SECRET
    type_text(&mut w, SECRET);
    focus_field(&mut w, "base_url");
    type_text(&mut w, "https://mcp.example.com");
    submit_credentials(&mut w);
    key(&mut w, KeyCode::Enter); // scopes
    key(&mut w, KeyCode::Enter); // deployment
    key(&mut w, KeyCode::Enter); // preview
    assert_eq!(w.step, Step::Save);
    let notes = w.save.notes.join("\n");
    assert!(
        notes.contains("client_secret: what you typed differs from $GOOGLE_CLIENT_SECRET"),
        "{notes}"
    );
    let (lines, _) = draw(&w);
    let screen = lines.join("\n");
    assert!(screen.contains("differs from"), "{screen}");
    for value in [SECRET, IN_SHELL] {
        assert!(!screen.contains(&value[..12]) && !notes.contains(&value[..12]));
    }
    // The default keeps what was typed: in the .env file, the config refers to it.
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    assert!(saved_json(&effect).contains("${GOOGLE_CLIENT_SECRET}"));
    let env = written(&effect, ".env").expect("the typed secret has a file");
    assert!(
        env.contains(&format!("GOOGLE_CLIENT_SECRET={SECRET}")),
        "{env}"
    );
    assert!(!env.contains(IN_SHELL));

    // Choosing the variable drops the typed value, and says so.
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", IN_SHELL)]);
    pick(&mut w, "google");
    type_text(&mut w, "123.apps.googleusercontent.com");
    key(&mut w, KeyCode::Enter);
    ctrl(&mut w, 't');
    type_text(&mut w, SECRET);
    focus_field(&mut w, "base_url");
    type_text(&mut w, "https://mcp.example.com");
    submit_credentials(&mut w);
    for _ in 0..3 {
        key(&mut w, KeyCode::Enter);
    }
    choose_secrets(&mut w, SecretsTo::Variable);
    assert!(
        w.save
            .notes
            .join("\n")
            .contains("is not saved: the config uses $GOOGLE_CLIENT_SECRET"),
        "{:?}",
        w.save.notes
    );
    key(&mut w, KeyCode::BackTab);
    let effect = key(&mut w, KeyCode::Enter);
    assert!(!saved_json(&effect).contains(SECRET));
    assert_eq!(written(&effect, ".env"), None);
}

/// The credentials field `name`'s value as typed (or `$VAR`).
fn field_text(w: &Wizard, name: &str) -> String {
    let c = w.credentials.as_ref().unwrap();
    let f = c.fields.iter().find(|f| f.spec.name == name).unwrap();
    match f.source {
        crate::tui::field::Source::Env => format!("${}", f.env_name.value()),
        crate::tui::field::Source::Typed => f.typed.value().to_string(),
    }
}

#[test]
fn changing_provider_keeps_a_draft_and_carries_shared_fields() {
    let mut w = wizard(&[]);
    pick(&mut w, "google");
    type_text(&mut w, "123.apps.googleusercontent.com");
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "GOCSPX-google-draft-secret");
    focus_field(&mut w, "base_url");
    type_text(&mut w, "https://mcp.example.com");
    focus_field(&mut w, "redirect_path");
    type_text(&mut w, "/oauth/cb");
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Provider);
    key(&mut w, KeyCode::Home);
    pick(&mut w, "github");
    // Shared settings come along; the Google credentials do not.
    assert_eq!(field_text(&w, "base_url"), "https://mcp.example.com");
    assert_eq!(field_text(&w, "redirect_path"), "/oauth/cb");
    assert_eq!(field_text(&w, "client_id"), "");
    assert_eq!(field_text(&w, "client_secret"), "");
    type_text(&mut w, "Ov23li-github-draft");
    key(&mut w, KeyCode::Esc);
    key(&mut w, KeyCode::Home);
    pick(&mut w, "google");
    // Google's draft is back as it was left.
    assert_eq!(
        field_text(&w, "client_id"),
        "123.apps.googleusercontent.com"
    );
    assert_eq!(
        field_text(&w, "client_secret"),
        "GOCSPX-google-draft-secret"
    );
    assert_eq!(field_text(&w, "redirect_path"), "/oauth/cb");
    key(&mut w, KeyCode::Esc);
    key(&mut w, KeyCode::Home);
    pick(&mut w, "github");
    assert_eq!(field_text(&w, "client_id"), "Ov23li-github-draft");
}

#[test]
fn a_key_generation_or_save_under_way_leaves_the_wizard_answering() {
    let mut w = wizard(&[]);
    pick(&mut w, "bearer");
    assert!(matches!(ctrl(&mut w, 'g'), Effect::DevKeys { .. }));
    // While the key pair is made, the form still takes keys, a second Ctrl+G waits for
    // the first, and Ctrl+C quits at once.
    focus_field(&mut w, "issuer");
    type_text(&mut w, "https://auth.example.com");
    assert_eq!(field_text(&w, "issuer"), "https://auth.example.com");
    assert_eq!(ctrl(&mut w, 'g'), Effect::None);
    assert_eq!(ctrl(&mut w, 'c'), Effect::Quit(EXIT_INTERRUPTED));
    w.update(dev_keys(KEYS_DIR, KeyOrigin::Created));
    assert!(notice(&w).contains("Generated a development key pair"));
    assert!(
        matches!(ctrl(&mut w, 'g'), Effect::DevKeys { .. }),
        "ready for another"
    );
    w.update(dev_keys(KEYS_DIR, KeyOrigin::Existing));

    // While the files are written: no second save, nothing changes under it, the
    // overlay still opens, and Ctrl+C quits at once.
    submit_credentials(&mut w);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    assert!(matches!(effect, Effect::Save { .. }));
    assert_eq!(
        key(&mut w, KeyCode::Enter),
        Effect::None,
        "one save at a time"
    );
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Save);
    assert!(draw(&w).0.join("\n").contains("Saving…"));
    assert_eq!(ctrl(&mut w, 'c'), Effect::Quit(EXIT_INTERRUPTED));
    w.update(all_created(&effect));
    assert_eq!(w.step, Step::Done);
}

#[test]
fn the_done_summary_lists_what_to_do_next_and_its_command_makes_the_same_config() {
    const HOSTILE: &str = "aud'; touch /tmp/pwned #$(id)`id`";
    let mut w = wizard(&[]);
    w.clock = std::sync::Arc::new(FixedClock(NOW));
    pick(&mut w, "bearer");
    ctrl(&mut w, 'g');
    w.update(dev_keys(KEYS_DIR, KeyOrigin::Created));
    focus_field(&mut w, "issuer");
    type_text(&mut w, "https://auth.example.com");
    focus_field(&mut w, "audience");
    type_text(&mut w, HOSTILE);
    submit_credentials(&mut w);
    key(&mut w, KeyCode::Char(' ')); // read
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    let json = saved_json(&effect);
    w.update(all_created(&effect));
    let done = w.done.as_ref().unwrap();
    let text = done.summary.join("\n");
    assert!(
        text.contains("✓ Saved config /home/user/.config/fastmcp-auth/bearer-mcp.json (mode 0600)"),
        "{text}"
    );
    assert!(text.contains("Scopes to grant: read"), "{text}");
    let token = &done.sample_token.as_ref().unwrap().token;
    assert!(
        text.contains(&format!(
            "curl -H 'Authorization: Bearer {token}' http://127.0.0.1:8000/mcp"
        )),
        "{text}"
    );
    assert!(!text.contains("PRIVATE KEY"));

    // The command, split into words by a real shell, makes the same config.
    let command = done
        .summary
        .iter()
        .find_map(|l| l.trim().strip_prefix("fastmcp-auth "))
        .expect("a generate command");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s\\0' {command}"))
        .output()
        .unwrap();
    let args: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .split_terminator('\0')
        .map(str::to_string)
        .collect();
    assert!(args.contains(&format!("audience={HOSTILE}")), "{args:?}");
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let argv = std::iter::once("fastmcp-auth".to_string()).chain(args);
    let code = crate::cli::run(argv, &mut stdout, &mut stderr);
    assert_eq!(
        code,
        std::process::ExitCode::SUCCESS,
        "{}",
        String::from_utf8_lossy(&stderr)
    );
    let made: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let saved: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(made, saved);
}

#[test]
fn the_done_summary_names_the_redirect_uri_and_the_env_file() {
    let mut w = wizard(&[]);
    github_typed_secret_to_save(&mut w);
    key(&mut w, KeyCode::Tab);
    let effect = key(&mut w, KeyCode::Enter);
    w.update(all_created(&effect));
    let text = w.done.as_ref().unwrap().summary.join("\n");
    for expected in [
        "✓ Saved environment /home/user/.config/fastmcp-auth/github-mcp.env (mode 0600)",
        "✓ Saved config /home/user/.config/fastmcp-auth/github-mcp.json (mode 0600)",
        "Register this redirect URI with the identity provider: https://mcp.example.com/auth/callback",
        "(or load /home/user/.config/fastmcp-auth/github-mcp.env)",
        "--env client_secret=GITHUB_CLIENT_SECRET",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert!(!text.contains(&SECRET[..12]), "{text}");
}

/// A GitHub config as `--edit` loads it.
fn github_document() -> crate::core::load::LoadedConfig {
    let document = serde_json::json!({
        "provider_class": "GitHubProvider",
        "import_path": "fastmcp.server.auth.providers.github",
        "provider_type": "github",
        "service": "docs",
        "config_params": {
            "client_id": "Ov23liOriginal",
            "client_secret": "${GH_SECRET}",
            "base_url": "https://docs.example.com",
            "required_scopes": ["read:user"],
        },
    });
    let parsed = crate::core::load::parse_document(document).unwrap();
    crate::core::load::LoadedConfig::from_document(&parsed).unwrap()
}

/// Moves the review's selection to the row labelled `label`.
fn select_review_row(w: &mut Wizard, label: &str) {
    key(w, KeyCode::Home);
    for _ in 0..w.review_lines().len() {
        let selected = w.review.as_ref().unwrap().selected;
        if w.review_lines()[selected].label == label {
            return;
        }
        key(w, KeyCode::Down);
    }
    panic!("no review row {label}");
}

#[test]
fn edit_opens_on_a_review_that_jumps_to_any_field_and_back() {
    let mut w = wizard(&[]).edit(github_document(), std::path::Path::new("/cfg/docs.json"));
    assert_eq!(w.step, Step::Review);
    let screen = draw(&w).0.join("\n");
    assert!(screen.contains("Editing /cfg/docs.json"), "{screen}");
    for text in [
        "client_id",
        "Ov23liOriginal",
        "$GH_SECRET",
        "read:user",
        "docs",
    ] {
        assert!(screen.contains(text), "{text} in\n{screen}");
    }
    // Straight to one field of the form; Esc comes back to the review.
    select_review_row(&mut w, "base_url");
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Credentials);
    let c = w.credentials.as_ref().unwrap();
    assert_eq!(c.fields[c.focus].spec.name, "base_url");
    key(&mut w, KeyCode::Char('/'));
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Review);
    assert!(draw(&w).0.join("\n").contains("https://docs.example.com/"));
    select_review_row(&mut w, "Scopes");
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Scopes);
    key(&mut w, KeyCode::Esc);
    // The last row: the files, then the save.
    key(&mut w, KeyCode::End);
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Preview);
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.step, Step::Review);
    key(&mut w, KeyCode::Esc);
    assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
}

#[test]
fn saving_an_edit_that_changed_nothing_writes_nothing_and_makes_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.json");
    // A file as a person might write it: other layout, other key order. It names its
    // FastMCP release: a file without one gains the target the wizard checked it for.
    let release = crate::core::compat::default_target().to_string();
    std::fs::write(
        &path,
        r#"{"service": "docs", "provider_type": "github", "fastmcp_version": "RELEASE",
            "import_path": "fastmcp.server.auth.providers.github",
            "provider_class": "GitHubProvider",
            "config_params": {"client_id": "Ov23liOriginal", "client_secret": "${GH_SECRET}",
                              "base_url": "https://docs.example.com",
                              "require_authorization_consent": true,
                              "allowed_client_redirect_uris": ["http://localhost:*",
                                                               "http://127.0.0.1:*"],
                              "required_scopes": ["read:user"]}}"#
            .replace("RELEASE", &release),
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let file = crate::persist::load_config(&path).unwrap();
    let mut w = wizard(&[]).edit(file.loaded, &path);
    key(&mut w, KeyCode::End);
    key(&mut w, KeyCode::Enter); // the files
    key(&mut w, KeyCode::Enter); // save step
    key(&mut w, KeyCode::Tab);
    let Effect::Save { files, overwrite } = key(&mut w, KeyCode::Enter) else {
        panic!("expected a save: {:?}", w.save.error);
    };
    let result = crate::tui::jobs::save_files(&files, overwrite);
    assert_eq!(
        result,
        Ok(vec![(path.clone(), Written::Unchanged)]),
        "{}",
        String::from_utf8_lossy(&files[0].contents)
    );
    w.update(Msg::Saved(result));
    assert_eq!(std::fs::read(&path).unwrap(), before, "not rewritten");
    assert!(!dir.path().join("docs.json.bak").exists(), "no backup");
    let summary = w.done.as_ref().unwrap().summary.join("\n");
    assert!(summary.contains("= Unchanged config"), "{summary}");
}

/// A hand-written file that leaves out what has a default (its release, provider type and
/// service; consent, client redirect URIs and scopes): saved from `--edit` without a
/// change, it is the same config, so nothing is written and no backup made.
#[test]
fn saving_an_unchanged_edit_of_a_file_without_defaulted_keys_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.json");
    let hand_written = r#"{"import_path": "fastmcp.server.auth.providers.github",
        "provider_class": "GitHubProvider",
        "config_params": {"client_id": "Ov23liOriginal", "client_secret": "${GH_SECRET}",
                          "base_url": "https://docs.example.com"}}"#;
    std::fs::write(&path, hand_written).unwrap();
    let file = crate::persist::load_config(&path).unwrap();
    let mut w = wizard(&[]).edit(file.loaded, &path);
    key(&mut w, KeyCode::End);
    key(&mut w, KeyCode::Enter); // the files
    key(&mut w, KeyCode::Enter); // save step
    key(&mut w, KeyCode::Tab);
    let Effect::Save { files, overwrite } = key(&mut w, KeyCode::Enter) else {
        panic!("expected a save: {:?}", w.save.error);
    };
    let planned = String::from_utf8_lossy(&files[0].contents).into_owned();
    // The plan spells the defaults out; the file does not.
    assert!(planned.contains("\"fastmcp_version\""), "{planned}");
    let result = crate::tui::jobs::save_files(&files, overwrite);
    assert_eq!(
        result,
        Ok(vec![(path.clone(), Written::Unchanged)]),
        "{planned}"
    );
    w.update(Msg::Saved(result));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), hand_written);
    assert!(!dir.path().join("docs.json.bak").exists(), "no backup");
}

/// The Advanced fold: closed by default (its fields neither shown nor reached by Tab),
/// opened and closed with Ctrl+O, values kept while folded, and a problem inside it opens it.
#[test]
fn advanced_fields_wait_behind_a_fold_that_ctrl_o_opens() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    pick(&mut w, "google");
    let c = w.credentials.as_ref().unwrap();
    let common = c.fields.iter().filter(|f| !f.spec.advanced).count();
    assert!(common < c.fields.len(), "google has advanced fields");
    assert!(!c.advanced_open);
    let screen = draw(&w).0.join("\n");
    assert!(screen.contains("▸ Advanced:"), "{screen}");
    assert!(!screen.contains("Issued access-token"), "{screen}");
    for _ in 0..common {
        key(&mut w, KeyCode::Tab);
    }
    assert_eq!(
        w.credentials.as_ref().unwrap().focus,
        0,
        "Tab skips folded fields"
    );

    ctrl(&mut w, 'x');
    assert!(w.credentials.as_ref().unwrap().advanced_open);
    let screen = draw(&w).0.join("\n");
    assert!(screen.contains("▾ Advanced"), "{screen}");
    focus_field(&mut w, "timeout_seconds");
    type_text(&mut w, "ten");
    ctrl(&mut w, 'x');
    let c = w.credentials.as_ref().unwrap();
    assert!(!c.advanced_open);
    assert!(c.focus < common, "the focus left the closed fold");
    assert_eq!(
        field_value(&w, "timeout_seconds"),
        Some(crate::core::ParamValue::from("ten"))
    );

    // Filling the common fields and continuing stops at the folded bad value, shown.
    key(&mut w, KeyCode::Home);
    while w.credentials.as_ref().unwrap().focus != 0 {
        key(&mut w, KeyCode::Tab);
    }
    type_text(&mut w, "123.apps.googleusercontent.com");
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "https://mcp.example.com");
    for _ in 0..common {
        key(&mut w, KeyCode::Enter);
    }
    assert_eq!(w.step, Step::Credentials);
    let c = w.credentials.as_ref().unwrap();
    assert!(c.advanced_open, "the fold opened on its problem");
    assert_eq!(c.fields[c.focus].spec.name, "timeout_seconds");
    let error = field_error(&w, "timeout_seconds").unwrap();
    assert!(error.contains("whole number"), "{error}");
}
