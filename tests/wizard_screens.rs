//! Screen snapshots of every wizard step (ratatui's TestBackend + insta) at 80×24 and at
//! the minimum size, and buffer checks that a masked secret never reaches a cell.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fastmcp_auth::persist::SaveOutcome;
use fastmcp_auth::tui::app::{Effect, Msg, Step, Wizard};
use fastmcp_auth::tui::jobs::Written;
use fastmcp_auth::tui::testing::{ctrl, key, pick_by_search, screen, type_text, wizard};
use fastmcp_auth::tui::view::{MIN_HEIGHT, MIN_WIDTH};

/// A secret whose every 3-character window is unlikely to appear in the UI by chance.
const SECRET: &str = "q9Zx7Vw2Kp4Rt8Ym5150";

/// Snapshots a state at 80×24 and at the minimum size.
fn snap(name: &str, w: &Wizard) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(w, 80, 24));
    insta::assert_snapshot!(format!("{name}_min"), screen(w, MIN_WIDTH, MIN_HEIGHT));
}

/// Google: id typed, secret from $GOOGLE_CLIENT_SECRET, base URL typed.
fn google(w: &mut Wizard) {
    key(w, KeyCode::Down);
    key(w, KeyCode::Enter);
    type_text(w, "123456789012-abc.apps.googleusercontent.com");
    key(w, KeyCode::Enter);
    key(w, KeyCode::Enter);
}

fn google_env() -> Wizard {
    wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)])
}

#[test]
fn step1_provider() {
    snap("step1_provider", &wizard(&[]));
}

#[test]
fn step2_credentials_with_env_secret_and_inline_error() {
    let mut w = google_env();
    google(&mut w);
    type_text(&mut w, "mcp.example.com");
    key(&mut w, KeyCode::Enter);
    snap("step2_credentials", &w);
}

#[test]
fn step2_credentials_bearer_choice() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "https://auth.example.com/.well-known/jwks.json");
    for _ in 0..4 {
        key(&mut w, KeyCode::Enter);
    }
    snap("step2_credentials_bearer", &w);
}

#[test]
fn step2_credentials_custom_rows() {
    let mut w = wizard(&[]);
    for _ in 0..5 {
        key(&mut w, KeyCode::Down);
    }
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "my_package.auth");
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "MyVerifier");
    ctrl(&mut w, 'n');
    type_text(&mut w, "realm");
    key(&mut w, KeyCode::Tab);
    type_text(&mut w, "acme");
    snap("step2_credentials_custom", &w);
}

fn google_to_scopes() -> Wizard {
    let mut w = google_env();
    google(&mut w);
    type_text(&mut w, "https://mcp.example.com");
    key(&mut w, KeyCode::Enter);
    // redirect_path, jwt_signing_key, consent: defaults → continue
    for _ in 0..3 {
        key(&mut w, KeyCode::Enter);
    }
    assert_eq!(w.step, Step::Scopes);
    w
}

#[test]
fn step3_scopes() {
    let mut w = google_to_scopes();
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Char(' '));
    snap("step3_scopes", &w);
    // The catalog's scope help says which form of Google's scopes clients must request.
    let shown = screen(&w, 80, 24);
    assert!(
        shown.contains("request email and profile in Google's long form"),
        "{shown}"
    );
}

/// The deployment step, both choices; the content is checked as well as snapshotted.
#[test]
fn step4_deployment() {
    let mut w = google_to_scopes();
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Deployment);
    let one = screen(&w, 80, 24);
    assert!(
        one.contains("[4 Deploy]") && one.contains("‹ One instance ›"),
        "{one}"
    );
    assert!(one.contains("per machine"), "{one}");
    snap("step4_deployment_one", &w);
    key(&mut w, KeyCode::Right);
    let shared = screen(&w, 80, 24);
    for text in [
        "‹ Several instances: Redis ›",
        "Redis URL variable",
        "$REDIS_URL",
        "Fernet key variables",
        "$FASTMCP_STORAGE_KEY",
        "stateless",
        "py-key-value-aio[redis]",
    ] {
        assert!(shared.contains(text), "{text:?} in\n{shared}");
    }
    snap("step4_deployment_redis", &w);
    // The client presets: loopback ticked, each with its callback URLs; on a preset row the
    // explanation gives its source, and Space ticks it.
    for text in [
        "[x] Local: Claude Code",
        "http://127.0.0.1:*",
        "[ ] Claude.ai and Claude Desktop",
        "https://claude.com/api/mcp/auth_callback",
    ] {
        assert!(shared.contains(text), "{text:?} in\n{shared}");
    }
    for _ in 0..4 {
        key(&mut w, KeyCode::Down);
    }
    key(&mut w, KeyCode::Char(' '));
    let clients = screen(&w, 80, 24);
    for text in [
        "[x] Claude.ai and Claude Desktop",
        "https://chatgpt.com/connector_platform_oauth_redirect",
        "support.claude.com",
        "Space tick",
    ] {
        assert!(clients.contains(text), "{text:?} in\n{clients}");
    }
    snap("step4_deployment_clients", &w);
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.step, Step::Preview);
    // The config the preview shows allows the ticked client (the warnings below it may
    // push the line out of an 80×24 view).
    let json = &w.preview.as_ref().unwrap().texts[0];
    assert!(
        json.contains("https://claude.ai/api/mcp/auth_callback"),
        "{json}"
    );
}

#[test]
fn step4_preview_tabs() {
    let mut w = google_to_scopes();
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    // The release the config is for, and how to change it, on every tab.
    let release = format!(
        "FastMCP {} (f: change)",
        fastmcp_auth::core::compat::default_target()
    );
    let json = screen(&w, 80, 24);
    assert!(json.contains(&release), "{json}");
    snap("step4_preview_json", &w);
    // Where the file goes: the whole path when there is room, its tail at 80 columns.
    let json = screen(&w, 80, 24);
    assert!(json.contains("→ …stmcp-auth/google-mcp.json"), "{json}");
    let wide = screen(&w, 120, 24);
    assert!(
        wide.contains("→ /home/user/.config/fastmcp-auth/google-mcp.json"),
        "{wide}"
    );
    // The preview says which form of Google's scopes clients must request.
    let preview = screen(&w, 80, 24);
    assert!(
        preview.contains("MCP clients must request the scopes by these names: openid"),
        "{preview}"
    );
    key(&mut w, KeyCode::Right);
    snap("step4_preview_python", &w);
    // The tabs are the files the save writes, named as the save step will name them.
    let preview = w.preview.as_ref().unwrap();
    assert!(
        preview.texts[1].contains("mcp = FastMCP(\"google-mcp\", auth=auth)"),
        "{}",
        preview.texts[1]
    );
    key(&mut w, KeyCode::Right);
    snap("step4_preview_env", &w);
    let env = screen(&w, 80, 24);
    assert!(
        env.contains("# Environment for the google-mcp FastMCP server (GoogleProvider)"),
        "{env}"
    );
}

#[test]
fn step5_save_and_done() {
    let mut w = google_to_scopes();
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    snap("step5_save", &w);
    let save = screen(&w, 80, 24);
    for text in [
        "Also write     [ ] google-mcp.env",
        "[ ] google-mcp.py (server skeleton)",
    ] {
        assert!(save.contains(text), "{text:?} in\n{save}");
    }
    key(&mut w, KeyCode::Tab);
    let Effect::Save { files, .. } =
        w.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)))
    else {
        panic!("expected a save: {:?}", w.save.error);
    };
    w.update(Msg::Saved(Ok(files
        .into_iter()
        .map(|f| (f.path, Written::Saved(SaveOutcome::Created)))
        .collect())));
    snap("step6_done", &w);
    let done = screen(&w, 80, 24);
    for text in [
        "✓ Saved config /home/user/.config/fastmcp-auth/google-mcp.json",
        "https://mcp.example.com/auth/callback",
        "Scopes to grant: openid https://www.googleapis.com/auth/userinfo.email",
        "MCP clients must request them by these names: openid",
        "fastmcp-auth generate --provider google",
    ] {
        assert!(done.contains(text), "{text:?} in\n{done}");
    }
}

#[test]
fn dialogs_and_small_terminal() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Char('?'));
    snap("help", &w);
    key(&mut w, KeyCode::Esc);
    key(&mut w, KeyCode::Esc);
    snap("confirm_quit", &w);
    insta::assert_snapshot!("too_small", screen(&w, MIN_WIDTH - 1, MIN_HEIGHT));
}

/// Every window of 3 characters of the secret's masked part.
fn secret_windows() -> Vec<&'static str> {
    let hidden = &SECRET[..SECRET.len() - 4];
    (0..=hidden.len() - 3).map(|i| &hidden[i..i + 3]).collect()
}

fn assert_no_secret(screen: &str, context: &str) {
    for window in secret_windows() {
        assert!(
            !screen.contains(window),
            "{context}: '{window}' of the secret is on screen:\n{screen}"
        );
    }
}

#[test]
fn typed_and_pasted_secrets_never_reach_the_screen_while_masked() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Enter); // github
    type_text(&mut w, "Ov23li");
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, SECRET);
    for (width, height) in [(80, 24), (200, 60), (MIN_WIDTH, MIN_HEIGHT)] {
        let shown = screen(&w, width, height);
        assert_no_secret(&shown, "typed");
        assert!(
            shown.contains("********5150"),
            "the last 4 are shown:\n{shown}"
        );
    }
    // Revealed on request, hidden again when focus leaves.
    ctrl(&mut w, 'r');
    assert!(screen(&w, 80, 24).contains(SECRET));
    key(&mut w, KeyCode::Enter);
    assert_no_secret(&screen(&w, 80, 24), "after leaving the field");
    // Through the remaining steps the secret stays off the screen.
    type_text(&mut w, "https://mcp.example.com");
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    assert_no_secret(&screen(&w, 80, 24), "scopes");
    key(&mut w, KeyCode::Enter);
    for _ in 0..3 {
        assert_no_secret(&screen(&w, 80, 24), "preview");
        key(&mut w, KeyCode::Right);
    }
    key(&mut w, KeyCode::Enter);
    assert_no_secret(&screen(&w, 80, 24), "save");

    // A pasted secret: masked, with the paste count.
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Tab);
    w.update(Msg::Paste(SECRET.to_string()));
    let shown = screen(&w, 80, 24);
    assert_no_secret(&shown, "pasted");
    assert!(shown.contains("pasted 20 characters"), "{shown}");
}

#[test]
fn secret_from_the_environment_is_masked_too() {
    let mut w = google_env();
    google(&mut w);
    for focus_on_secret in [false, true] {
        let shown = screen(&w, 80, 24);
        assert_no_secret(&shown, "env secret");
        if focus_on_secret {
            assert!(shown.contains("= ********5150"), "{shown}");
        } else {
            assert!(shown.contains("from $GOOGLE_CLIENT_SECRET"), "{shown}");
        }
        key(&mut w, KeyCode::Up);
    }
}

/// The committed snapshots are an output channel too: none may hold a secret's hidden part.
#[test]
fn committed_snapshots_hold_no_secret() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "snap") {
            assert_no_secret(
                &std::fs::read_to_string(&path).unwrap(),
                &path.display().to_string(),
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 20,
        "expected the step snapshots in {}",
        dir.display()
    );
}

// ---- the providers beyond the specification's six ------------------------------------

#[test]
fn step1_provider_search_shows_matches_under_their_headings() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::Char('/'));
    type_text(&mut w, "proxy");
    snap("step1_provider_search", &w);
}

#[test]
fn step1_provider_last_group_is_development_only() {
    let mut w = wizard(&[]);
    key(&mut w, KeyCode::End);
    snap("step1_provider_development_only", &w);
}

/// Azure: client id typed, secret from $AZURE_CLIENT_SECRET, tenant typed.
fn azure(w: &mut Wizard) {
    pick_by_search(w, "azure");
    type_text(w, "0f3a8e2b-7c4d-4e1f-9a6b-2d5c8e1f4a7b");
    key(w, KeyCode::Enter);
    key(w, KeyCode::Enter); // client_secret: from the environment
    key(w, KeyCode::Enter); // jwt_signing_key: not needed with a secret
    type_text(w, "organizations");
}

#[test]
fn step2_credentials_azure() {
    let mut w = wizard(&[("AZURE_CLIENT_SECRET", SECRET)]);
    azure(&mut w);
    snap("step2_credentials_azure", &w);
}

/// Only OIDC scopes: Azure refuses them, and the scopes screen says which scope would do.
#[test]
fn step3_scopes_azure_needs_an_api_scope() {
    let mut w = wizard(&[("AZURE_CLIENT_SECRET", SECRET)]);
    azure(&mut w);
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "https://mcp.example.com");
    for _ in 0..6 {
        key(&mut w, KeyCode::Enter); // base_url, then the five optional fields
    }
    for _ in 0..3 {
        key(&mut w, KeyCode::Down);
    }
    key(&mut w, KeyCode::Char(' ')); // openid
    key(&mut w, KeyCode::Enter);
    // The rule's message with the wizard's own keys as the hint, never a CLI flag.
    let shown = screen(&w, 80, 24);
    assert!(
        shown.contains("needs at least one required scope other than"),
        "{shown}"
    );
    assert!(shown.contains("Space ticks a scope"), "{shown}");
    assert!(!shown.contains("--scope"), "{shown}");
    snap("step3_scopes_azure", &w);
    // At the minimum size the whole problem and its hint are on screen, wrapped.
    let problem = format!("! {}", w.scopes.as_ref().unwrap().error.as_ref().unwrap());
    assert!(problem.ends_with("press Enter to add it"), "{problem}");
    for (width, height) in [(MIN_WIDTH, MIN_HEIGHT), (80, 24)] {
        let shown = screen(&w, width, height);
        assert!(
            box_text(&shown).contains(&problem),
            "{width}×{height}: {problem:?} in\n{shown}"
        );
    }
}

/// The text inside the step's frame, its rows joined by spaces (as wrapped text reads).
fn box_text(screen: &str) -> String {
    let inner: Vec<&str> = screen
        .lines()
        .filter_map(|row| row.strip_prefix('│')?.rsplit_once('│'))
        .map(|(inside, _)| inside.trim_end())
        .collect();
    inner.join(" ")
}

#[test]
fn step2_credentials_auth0_required_audience() {
    let mut w = wizard(&[("AUTH0_CLIENT_SECRET", SECRET)]);
    pick_by_search(&mut w, "auth0");
    type_text(
        &mut w,
        "https://your-tenant.us.auth0.com/.well-known/openid-configuration",
    );
    key(&mut w, KeyCode::Enter);
    type_text(&mut w, "x3Fq9LmN2pRsT5vW8yZaBcDeFgHiJkLm");
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter); // client_secret: from the environment
    key(&mut w, KeyCode::Enter); // audience left empty
    snap("step2_credentials_auth0", &w);
}

#[test]
fn step2_credentials_keycloak_realm_without_scheme() {
    let mut w = wizard(&[]);
    pick_by_search(&mut w, "keycloak");
    type_text(&mut w, "keycloak.example.com/realms/mcp");
    key(&mut w, KeyCode::Enter);
    snap("step2_credentials_keycloak", &w);
}

#[test]
fn step2_credentials_static_tokens_are_masked() {
    let mut w = wizard(&[]);
    pick_by_search(&mut w, "static");
    let tokens = format!(r#"{{"{SECRET}": {{"client_id": "alice", "scopes": ["read"]}}}}"#);
    w.update(Msg::Paste(tokens));
    let shown = screen(&w, 80, 24);
    assert_no_secret(&shown, "static tokens");
    snap("step2_credentials_static", &w);
}
