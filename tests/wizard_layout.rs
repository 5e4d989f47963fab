//! The wizard's layout on real terminal sizes: the value column follows the terminal's
//! width, cut values end with `…`, lists that do not fit say where they stand, text is
//! measured in display columns (CJK and emoji take two), and wide terminals get a live
//! preview and identity-provider checklist beside the form.

use crossterm::event::KeyCode;
use fastmcp_auth::tui::app::{Msg, Step, Wizard};
use fastmcp_auth::tui::panel::WIDE_WIDTH;
use fastmcp_auth::tui::testing::{enter_until, focus_field, key, pick, screen, type_text, wizard};
use unicode_width::UnicodeWidthStr;

const SECRET: &str = "q9Zx7Vw2Kp4Rt8Ym5150";
const CLIENT_ID: &str = "123456789012-abc.apps.googleusercontent.com";

fn sized(mut w: Wizard, width: u16, height: u16) -> Wizard {
    w.update(Msg::Resize(width, height));
    w
}

/// The screen at the wizard's own size.
fn shown(w: &Wizard) -> String {
    screen(w, w.size.0, w.size.1)
}

/// Google with the secret from the environment, the client id typed, on the base URL.
fn google_form(width: u16, height: u16) -> Wizard {
    let mut w = sized(wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]), width, height);
    pick(&mut w, "google");
    type_text(&mut w, CLIENT_ID);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Enter);
    w
}

/// The row holding `needle`.
fn row<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle:?}:\n{screen}"))
}

/// The panel's part of a row (right of the form's frame).
fn panel_part(row: &str) -> &str {
    row.rsplit("││").next().unwrap_or(row)
}

#[test]
fn wide_terminal_shows_the_live_preview_and_checklist_beside_the_form() {
    let mut w = google_form(160, 40);
    let before = shown(&w);
    for text in [
        "Live preview",
        "Register with Google OAuth",
        "Redirect URI",
        "(fill in the server base URL)",
        "https://www.googleapis.com/auth/userinfo.email",
        // Where the values are found: the catalog's help for each field.
        "Google Cloud Console",
        // The config cannot be made yet, and the panel says why.
        "not complete yet",
    ] {
        assert!(before.contains(text), "{text:?} in\n{before}");
    }
    // The form and the panel share the rows: the client id row also holds panel text.
    assert!(
        row(&before, "Client ID").matches('│').count() >= 4,
        "{before}"
    );

    // Every keystroke is reflected: the base URL as it is typed makes the redirect URI.
    type_text(&mut w, "https://mcp.example.com");
    let typed = shown(&w);
    assert!(
        typed.contains("https://mcp.example.com/auth/callback"),
        "{typed}"
    );
    assert!(
        typed.contains("\"base_url\": \"https://mcp.example.com\""),
        "{typed}"
    );
    key(&mut w, KeyCode::Char('/'));
    assert!(shown(&w).contains("https://mcp.example.com/auth/callback"));
    key(&mut w, KeyCode::Backspace);

    // Scopes: unticking one changes the checklist and the config at once.
    enter_until(&mut w, Step::Scopes);
    key(&mut w, KeyCode::Char(' ')); // openid off
    let scopes = shown(&w);
    let granted = panel_part(row(&scopes, "Scopes  "));
    assert!(
        granted.contains("https://www.googleapis.com/auth/userinfo.email"),
        "{scopes}"
    );
    assert!(!granted.contains("openid"), "{scopes}");
    assert!(scopes.contains("${GOOGLE_CLIENT_SECRET}"), "{scopes}");
    assert!(!scopes.contains(SECRET), "a secret reached the panel");
    insta::assert_snapshot!("wide_160x40_scopes_with_panel", scopes);
}

/// The panel's config is the Preview's JSON tab (secrets masked), whatever the deployment
/// and wherever the client secret comes from: several replicas on Redis add the storage
/// section and a default `jwt_signing_key`, which the panel once left out.
#[test]
fn the_panel_config_is_the_preview_json_for_every_deployment_choice() {
    for shared in [false, true] {
        for typed_secret in [false, true] {
            let case = format!("shared: {shared}, typed secret: {typed_secret}");
            let env: &[(&str, &str)] = if typed_secret {
                &[]
            } else {
                &[("GOOGLE_CLIENT_SECRET", SECRET)]
            };
            let mut w = sized(wizard(env), 160, 60);
            pick(&mut w, "google");
            type_text(&mut w, CLIENT_ID);
            if typed_secret {
                focus_field(&mut w, "client_secret");
                type_text(&mut w, SECRET);
            }
            focus_field(&mut w, "base_url");
            type_text(&mut w, "https://mcp.example.com");
            enter_until(&mut w, Step::Deployment);
            if shared {
                key(&mut w, KeyCode::Right); // several instances sharing a Redis
            }
            let panel =
                fastmcp_auth::tui::panel::config_json(&w).unwrap_or_else(|e| panic!("{case}: {e}"));
            let drawn = shown(&w);
            key(&mut w, KeyCode::Enter);
            assert_eq!(w.step, Step::Preview, "{case}");
            let preview = &w.preview.as_ref().expect("a preview").texts[0];
            assert_eq!(&panel, preview, "{case}");
            let signing = "\"jwt_signing_key\": \"${FASTMCP_JWT_SIGNING_KEY}\"";
            assert_eq!(panel.contains(signing), shared, "{case}\n{panel}");
            // What the panel draws is that text (long lines are clipped to the panel).
            for line in panel.lines() {
                let head: String = line.trim().chars().take(40).collect();
                assert!(drawn.contains(&head), "{case}: {head:?} in\n{drawn}");
            }
            assert!(
                !drawn.contains(SECRET),
                "{case}: a secret reached the panel"
            );
        }
    }
}

#[test]
fn eighty_columns_have_no_panel() {
    let w = google_form(80, 24);
    let text = shown(&w);
    assert!(!text.contains("Live preview"), "{text}");
    assert!(!text.contains("Register with"), "{text}");
    let just_below = google_form(WIDE_WIDTH - 1, 40);
    assert!(!shown(&just_below).contains("Live preview"));
    let at = google_form(WIDE_WIDTH, 40);
    assert!(shown(&at).contains("Live preview"));
}

#[test]
fn the_value_column_uses_the_terminal_width_and_cut_values_end_with_an_ellipsis() {
    let long = format!("{CLIENT_ID}-{}", "x".repeat(20));
    let mut w = sized(wizard(&[("GOOGLE_CLIENT_SECRET", SECRET)]), 130, 30);
    pick(&mut w, "google");
    type_text(&mut w, &long);
    key(&mut w, KeyCode::Enter); // the id is no longer focused
    // 130 columns (no panel): the whole value fits.
    assert!(row(&shown(&w), "Client ID").contains(&long));
    // 80 columns: cut, and it says so.
    let w = sized(w, 80, 24);
    let text = shown(&w);
    let id_row = row(&text, "Client ID");
    assert!(!id_row.contains(&long), "{id_row}");
    assert!(id_row.contains("123456789012-abc.apps.g…"), "{id_row}");
    // The note column keeps its place: the secret's source is still shown.
    assert!(
        row(&text, "Client secret").contains("= ********5150"),
        "{text}"
    );
}

/// The columns a row of the screen takes.
fn columns_of(row: &str) -> usize {
    row.width()
}

#[test]
fn wide_characters_take_two_columns_everywhere() {
    // Twelve CJK characters and an emoji: 27 columns, 13 characters.
    let value = "認証サーバーの設定値テスト🔑";
    let mut w = google_form(80, 24);
    // A base URL without a scheme is refused with a message that quotes it.
    type_text(&mut w, &format!("{value}{value}{value}"));
    key(&mut w, KeyCode::Enter);
    let text = shown(&w);
    for line in text.lines() {
        assert!(
            columns_of(line) <= 80,
            "a row is {} columns: {line}",
            columns_of(line)
        );
    }
    // The message wraps by columns, so none of the quoted value is cut off.
    let message: String = text
        .lines()
        .skip_while(|l| !l.contains("! base_url"))
        .take_while(|l| l.starts_with("│    ") || l.contains("! base_url"))
        .map(|l| l.trim_start_matches('│').trim_end_matches('│').trim())
        .collect();
    assert!(
        message.contains(&format!("{value}{value}{value}")),
        "the quoted value lost characters:\n{text}"
    );
    // Unfocused, the cut value ends with `…` within the column.
    key(&mut w, KeyCode::Up);
    key(&mut w, KeyCode::Up);
    let text = shown(&w);
    let url_row = row(&text, "Server base URL");
    assert!(url_row.contains('…'), "{url_row}");
    assert!(columns_of(url_row) <= 80, "{url_row}");
}

#[test]
fn lists_that_do_not_fit_show_where_they_stand() {
    let count = fastmcp_auth::core::Catalog::builtin().providers.len();
    let mut w = sized(wizard(&[]), 60, 16);
    assert!(shown(&w).contains(&format!(" 1/{count} ")), "{}", shown(&w));
    key(&mut w, KeyCode::End);
    assert!(
        shown(&w).contains(&format!(" {count}/{count} ")),
        "{}",
        shown(&w)
    );
    // On a screen as tall as the list (80×60) it all fits: no position.
    let tall = sized(wizard(&[]), 80, 60);
    assert!(
        !shown(&tall).contains(&format!("1/{count}")),
        "{}",
        shown(&tall)
    );

    // The preview of a config longer than the screen.
    let mut w = google_form(60, 16);
    type_text(&mut w, "https://mcp.example.com");
    enter_until(&mut w, Step::Preview);
    let text = shown(&w);
    assert!(
        text.lines().any(|l| l.contains(" 1-") && l.contains('/')),
        "{text}"
    );
    key(&mut w, KeyCode::Down);
    assert!(
        shown(&w).lines().any(|l| l.contains(" 2-")),
        "{}",
        shown(&w)
    );
}
