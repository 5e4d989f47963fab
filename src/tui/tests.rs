//! `update()` tests: every transition, Back, validation failures and env sourcing, without
//! a terminal.

use std::collections::HashMap;
use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{Effect, EnvLookup, Msg, Overlay, SaveFailure, Signal, Step, Wizard};
use super::theme::Theme;
use crate::persist::SaveOutcome;

const SECRET: &str = "GOCSPX-typed-secret-value-4321";

fn wizard(env: &[(&str, &str)]) -> Wizard {
    let map: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup: EnvLookup = Box::new(move |name| map.get(name).cloned());
    Wizard::new(
        lookup,
        Some(PathBuf::from("/cfg/fastmcp-auth")),
        Theme { color: false },
    )
}

fn key(w: &mut Wizard, code: KeyCode) -> Effect {
    w.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(w: &mut Wizard, c: char) -> Effect {
    w.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

fn type_text(w: &mut Wizard, text: &str) {
    for c in text.chars() {
        key(w, KeyCode::Char(c));
    }
}

/// Picks the provider at `index` in the catalog list.
fn pick(w: &mut Wizard, type_name: &str) {
    let index = crate::core::Catalog::builtin()
        .providers
        .iter()
        .position(|p| p.type_name == type_name)
        .unwrap();
    for _ in 0..index {
        key(w, KeyCode::Down);
    }
    assert_eq!(key(w, KeyCode::Enter), Effect::None);
    assert_eq!(w.step, Step::Credentials);
}

fn field_error(w: &Wizard, name: &str) -> Option<String> {
    let c = w.credentials.as_ref().unwrap();
    c.fields
        .iter()
        .find(|f| f.spec.name == name)
        .unwrap()
        .error
        .clone()
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
    let form_error = w.credentials.as_ref().unwrap().form_error.clone().unwrap();
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
    let form_error = w.credentials.as_ref().unwrap().form_error.clone().unwrap();
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

#[test]
fn scopes_checklist_toggles_and_adds() {
    let mut w = wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]);
    google_through_credentials(&mut w);
    let s = w.scopes.as_ref().unwrap();
    assert_eq!(s.checked(), ["openid", "email", "profile"]);
    key(&mut w, KeyCode::Char(' ')); // untick openid
    assert_eq!(w.scopes.as_ref().unwrap().checked(), ["email", "profile"]);
    key(&mut w, KeyCode::End);
    let rows = w.scopes.as_ref().unwrap().items.len();
    for _ in 0..rows {
        key(&mut w, KeyCode::Down);
    }
    assert!(w.scopes.as_ref().unwrap().on_add_row());
    type_text(&mut w, "read write");
    key(&mut w, KeyCode::Enter);
    let error = w.scopes.as_ref().unwrap().error.clone().unwrap();
    assert!(error.contains("whitespace"), "{error}");
    for _ in 0.." write".len() {
        key(&mut w, KeyCode::Backspace);
    }
    key(&mut w, KeyCode::Enter);
    assert_eq!(
        w.scopes.as_ref().unwrap().checked(),
        ["email", "profile", "read"]
    );
    assert_eq!(w.step, Step::Scopes);
    key(&mut w, KeyCode::Enter); // empty add row → continue
    assert_eq!(w.step, Step::Deployment);
    key(&mut w, KeyCode::Enter); // one instance
    assert_eq!(w.step, Step::Preview);
    let json = &w.preview.as_ref().unwrap().texts[0];
    assert!(
        json.contains("\"email\",\n      \"profile\",\n      \"read\""),
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
    assert!(p.texts[2].contains("GOOGLE_CLIENT_SECRET="));
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("client_secret") && w.contains("embed")),
        "{:?}",
        p.warnings
    );
    assert!(
        p.warnings
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
    assert_eq!(w.save.path.value(), "/cfg/fastmcp-auth/google-mcp.json");
    for _ in 0.."google-mcp".len() {
        key(&mut w, KeyCode::Backspace);
    }
    type_text(&mut w, "docs");
    assert_eq!(w.save.path.value(), "/cfg/fastmcp-auth/docs.json");
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Right); // format: python
    assert_eq!(w.save.path.value(), "/cfg/fastmcp-auth/docs.py");
    key(&mut w, KeyCode::Left);
    let Effect::Save {
        path,
        contents,
        overwrite,
    } = key(&mut w, KeyCode::Enter)
    else {
        panic!("expected a save");
    };
    assert_eq!(path, PathBuf::from("/cfg/fastmcp-auth/docs.json"));
    assert!(!overwrite);
    let text = String::from_utf8(contents.to_vec()).unwrap();
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
    w.update(Msg::Saved(Err(SaveFailure::Exists)));
    assert_eq!(
        w.overlay,
        Some(Overlay::ConfirmOverwrite(PathBuf::from(
            "/cfg/fastmcp-auth/google-mcp.json"
        )))
    );
    assert_eq!(key(&mut w, KeyCode::Char('n')), Effect::None);
    assert_eq!(w.step, Step::Save);
    key(&mut w, KeyCode::Enter);
    w.update(Msg::Saved(Err(SaveFailure::Exists)));
    assert!(matches!(
        key(&mut w, KeyCode::Char('y')),
        Effect::Save {
            overwrite: true,
            ..
        }
    ));
    let backup = PathBuf::from("/cfg/fastmcp-auth/google-mcp.json.bak");
    w.update(Msg::Saved(Ok(SaveOutcome::Replaced {
        backup: backup.clone(),
    })));
    assert_eq!(w.step, Step::Done);
    let done = w.done.as_ref().unwrap();
    assert_eq!(done.backup, Some(backup));
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

#[test]
fn typed_secret_is_embedded_only_when_chosen() {
    let mut w = wizard(&[]);
    pick(&mut w, "github");
    type_text(&mut w, "Ov23li");
    key(&mut w, KeyCode::Enter);
    w.update(Msg::Paste(SECRET.to_string()));
    assert_eq!(
        w.credentials.as_ref().unwrap().fields[1]
            .note(false, 80, &|_| None)
            .unwrap(),
        format!("pasted {} characters", SECRET.len())
    );
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "https://mcp.example.com");
    key(&mut w, KeyCode::Enter);
    for _ in 0..3 {
        key(&mut w, KeyCode::Enter); // redirect_path and the two OAuth-proxy fields
    }
    for _ in 0..3 {
        key(&mut w, KeyCode::Enter); // scopes, deployment, preview
    }
    assert_eq!(w.step, Step::Save);
    assert!(w.save.offer_embed);
    key(&mut w, KeyCode::Tab);
    let Effect::Save { contents, .. } = key(&mut w, KeyCode::Enter) else {
        panic!("save")
    };
    assert!(!String::from_utf8_lossy(&contents).contains(SECRET));
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Tab);
    key(&mut w, KeyCode::Char(' '));
    assert!(w.save.embed);
    let Effect::Save { contents, .. } = key(&mut w, KeyCode::Enter) else {
        panic!("save")
    };
    assert!(String::from_utf8_lossy(&contents).contains(SECRET));
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

fn field_value(w: &Wizard, name: &str) -> Option<crate::core::ParamValue> {
    let c = w.credentials.as_ref().unwrap();
    let field = c.fields.iter().find(|f| f.spec.name == name).unwrap();
    field.value().unwrap()
}

fn notice(w: &Wizard) -> String {
    w.credentials
        .as_ref()
        .unwrap()
        .notice
        .clone()
        .unwrap_or_default()
}

const KEYS_DIR: &str = "/cfg/fastmcp-auth/keys/bearer-mcp";

/// Tabs to the credentials field `name` (independent of the catalog's field order).
fn focus_field(w: &mut Wizard, name: &str) {
    let count = w.credentials.as_ref().unwrap().fields.len();
    for _ in 0..count {
        let c = w.credentials.as_ref().unwrap();
        if c.fields.get(c.focus).is_some_and(|f| f.spec.name == name) {
            return;
        }
        key(w, KeyCode::Tab);
    }
    panic!("no credentials field {name}");
}

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
    assert!(w.keys().contains(&("^G", "dev key pair")), "{:?}", w.keys());
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
    assert!(!w.keys().contains(&("^G", "dev key pair")));
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
    let mut w = Wizard::new(Box::new(|_| None), None, Theme { color: false });
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
    let Effect::Save { contents, .. } = key(&mut w, KeyCode::Enter) else {
        panic!("expected a save");
    };
    assert!(String::from_utf8_lossy(&contents).contains("BEGIN PUBLIC KEY"));
    w.update(Msg::Saved(Ok(SaveOutcome::Created)));
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
    ctrl(&mut w, 'r');
    key(&mut w, KeyCode::End);
    key(&mut w, KeyCode::Backspace); // the PEM is no longer the key's
    submit_credentials(&mut w);
    key(&mut w, KeyCode::Enter); // scopes
    key(&mut w, KeyCode::Enter); // preview
    assert_eq!(w.step, Step::Save);
    key(&mut w, KeyCode::Tab);
    assert!(matches!(key(&mut w, KeyCode::Enter), Effect::Save { .. }));
    w.update(Msg::Saved(Ok(SaveOutcome::Created)));
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

/// Presses Enter until `step` is reached (or gives up after as many presses as a form has
/// fields), so a test fails on the step it stops at instead of hanging.
fn enter_until(w: &mut Wizard, step: Step) {
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
    let contents = (0..4)
        .find_map(|_| match key(&mut w, KeyCode::Enter) {
            Effect::Save { contents, .. } => Some(contents),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no save: {:?}", w.save.error));
    let saved = String::from_utf8(contents.to_vec()).unwrap();
    assert!(saved.contains(SECRET) && !saved.contains("${GOOGLE_CLIENT_SECRET}"));
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

/// Draws the wizard at its size; the rows as text and the cursor's position.
fn draw(w: &Wizard) -> (Vec<String>, Option<(u16, u16)>) {
    use ratatui::backend::Backend;
    let (width, height) = w.size;
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    let frame = terminal.draw(|frame| super::view::view(w, frame)).unwrap();
    let buffer = frame.buffer.clone();
    let raw: Vec<&str> = buffer.content.iter().map(|c| c.symbol()).collect();
    assert!(
        !raw.iter()
            .any(|s| s.chars().any(crate::core::text::is_unsafe_for_terminal)),
        "a control or bidi character reached the screen"
    );
    let rows = raw.chunks(width as usize).map(|row| row.concat()).collect();
    let cursor = terminal
        .backend_mut()
        .get_cursor_position()
        .ok()
        .map(|p| (p.x, p.y));
    (rows, cursor)
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
    w.update(Msg::Resize(140, 30));
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
    let contents = (0..4)
        .find_map(|_| match key(&mut w, KeyCode::Enter) {
            Effect::Save { contents, .. } => Some(contents),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no save: {:?}", w.save.error));
    let saved: serde_json::Value = serde_json::from_slice(&contents).unwrap();
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
    let contents = (0..4)
        .find_map(|_| match key(&mut w, KeyCode::Enter) {
            Effect::Save { contents, .. } => Some(contents),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no save: {:?}", w.save.error));
    let saved: serde_json::Value = serde_json::from_slice(&contents).unwrap();
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

    ctrl(&mut w, 'o');
    assert!(w.credentials.as_ref().unwrap().advanced_open);
    let screen = draw(&w).0.join("\n");
    assert!(screen.contains("▾ Advanced"), "{screen}");
    focus_field(&mut w, "timeout_seconds");
    type_text(&mut w, "ten");
    ctrl(&mut w, 'o');
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
