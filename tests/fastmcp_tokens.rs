//! Development keys and signed tokens, judged by FastMCP itself: `keygen`, `generate` and
//! `token` run as the real binary, and FastMCP's `JWTVerifier.load_access_token` (the main
//! venv of `tests/common/python.rs`, `FASTMCP_VERSION`, through
//! `tests/python/verify_tokens.py`) says whether it accepts each token and which scopes it
//! reads.
//!
//! Every token is verified in one Python process (importing FastMCP is the slow part); each
//! `#[test]` then checks its own cases. The JWKS case serves the generated `jwks.json` on
//! loopback from a thread of this process.

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use common::cli::{clean_command, run};
use common::python::{MANIFEST_DIR, fastmcp_python, serve_json, tail};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fastmcp_auth::devkeys;
use fastmcp_auth::tui::app::{DevKeysReady, Effect, Msg, Step, Wizard};
use fastmcp_auth::tui::jobs;
use fastmcp_auth::tui::theme::Theme;
use serde_json::{Value, json};

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "my-mcp-server";
/// The issuer of the machines' tokens a MultiAuth config accepts besides sign-ins.
const MACHINE_ISSUER: &str = "https://machines.example.com";
/// The HS256 shared secret: only ever in environment variables.
const SECRET: &str = "hs256-shared-secret-for-fastmcp-tokens-test-0123456789";
const OTHER_SECRET: &str = "another-shared-secret-that-fastmcp-must-refuse-0123456789";
/// An expired token is minted first; verification starts at least this long after, so its
/// `exp` (one second after minting) has passed whatever the clock's rounding.
const EXPIRED_AFTER: Duration = Duration::from_secs(2);

/// What the binary produced and what FastMCP said about it. Held in memory: the files
/// (private keys among them) are removed once FastMCP has answered.
struct Lab {
    kid: String,
    public_pem: String,
    jwks: Value,
    /// Config files by name, as JSON.
    configs: HashMap<&'static str, Value>,
    /// FastMCP's verdict for each case, by name.
    verdicts: HashMap<String, Value>,
    /// Requests the loopback JWKS server answered.
    jwks_requests: Arc<AtomicUsize>,
}

/// The lab, built once for all tests.
fn lab() -> &'static Lab {
    static LAB: OnceLock<Lab> = OnceLock::new();
    LAB.get_or_init(|| build_lab(&fastmcp_python()))
}

fn verdict<'a>(lab: &'a Lab, case: &str) -> &'a Value {
    let verdict = lab
        .verdicts
        .get(case)
        .unwrap_or_else(|| panic!("no verdict for {case}"));
    assert!(verdict.get("error").is_none(), "{case}: {verdict}");
    verdict
}

fn accepted(lab: &Lab, case: &str) -> bool {
    verdict(lab, case)["accepted"]
        .as_bool()
        .unwrap_or_else(|| panic!("{case}: {}", verdict(lab, case)))
}

/// Runs the binary with `args` (split at spaces; no argument here has one) and `envs`;
/// panics with its stderr unless it succeeds; returns its stdout, trimmed.
fn binary(dir: &Path, envs: &[(&str, &str)], args: &str) -> String {
    let mut cmd = clean_command(None);
    cmd.current_dir(dir).args(args.split_whitespace());
    for (name, value) in envs {
        cmd.env(name, value);
    }
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "fastmcp-auth {args}: {}", out.stderr);
    out.stdout.trim().to_string()
}

fn build_lab(python: &Path) -> Lab {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let keys = dir.join("keys");
    let kid = binary(dir, &[], "keygen --out keys");
    let rs256_token = |flags: &str| {
        let args = format!("token --client-id dev-client --sign-key keys/private.pem {flags}");
        binary(dir, &[], &args)
    };
    let hs_token = |var: &str, secret: &str| {
        let args = format!(
            "token --client-id hs-client --scope read --algorithm HS256 --secret-env {var}"
        );
        binary(dir, &[(var, secret)], &args)
    };

    // Each rejected rs256.json token differs from the accepted one in one thing only.
    let iss_aud = format!("--issuer {ISSUER} --audience {AUDIENCE}");
    let expired = rs256_token(&format!(
        "{iss_aud} --scope read --scope write --expires-in 1"
    ));
    let expired_at = Instant::now();

    binary(
        dir,
        &[],
        &format!(
            "generate --provider bearer --set-file public_key=keys/public.pem \
             --set issuer={ISSUER} --set audience={AUDIENCE} --scope read --scope write \
             --output rs256.json"
        ),
    );
    let (jwks_url, jwks_requests) = serve_file(&keys.join("jwks.json"));
    binary(
        dir,
        &[],
        &format!(
            "generate --provider bearer --set jwks_uri={jwks_url} --scope read --output jwks.json"
        ),
    );
    binary(
        dir,
        &[],
        "generate --provider bearer --env public_key=JWT_SECRET --set algorithm=HS256 \
         --scope read --output hs256.json",
    );
    // MultiAuth: people sign in through an OAuth proxy (its own verifier on the first
    // key), machines present JWTs of a second issuer signed with a second key.
    binary(dir, &[], "keygen --out machine-keys");
    binary(
        dir,
        &[],
        &format!(
            "generate --provider oauth-proxy \
             --set upstream_authorization_endpoint={ISSUER}/oauth/authorize \
             --set upstream_token_endpoint={ISSUER}/oauth/token \
             --set upstream_client_id=mcp-app --env upstream_client_secret=UPSTREAM_SECRET \
             --set base_url=https://mcp.example.com \
             --token-verifier bearer --set-file token_verifier.public_key=keys/public.pem \
             --set token_verifier.issuer={ISSUER} \
             --also-accept bearer --set-file also_accept.1.public_key=machine-keys/public.pem \
             --set also_accept.1.issuer={MACHINE_ISSUER} --set also_accept.1.audience={AUDIENCE} \
             --set also_accept.1.required_scopes=machine:call --output multi.json"
        ),
    );
    let machine_token = |key: &str, flags: &str| {
        let args = format!(
            "token --client-id build-bot --sign-key {key}/private.pem --issuer {MACHINE_ISSUER} \
             --audience {AUDIENCE} {flags}"
        );
        binary(dir, &[], &args)
    };
    let cases = [
        (
            "multi_auth_machine_jwt",
            "multi.json",
            machine_token("machine-keys", "--scope machine:call"),
        ),
        (
            "multi_auth_jwt_signed_with_another_key",
            "multi.json",
            machine_token("keys", "--scope machine:call"),
        ),
        (
            "multi_auth_machine_jwt_without_its_scope",
            "multi.json",
            machine_token("machine-keys", "--scope read"),
        ),
        (
            "with_required_scopes",
            "rs256.json",
            rs256_token(&format!(
                "{iss_aud} --scope read --scope write --scope admin"
            )),
        ),
        (
            "missing_a_required_scope",
            "rs256.json",
            rs256_token(&format!("{iss_aud} --scope read")),
        ),
        (
            "without_the_audience",
            "rs256.json",
            rs256_token(&format!("--issuer {ISSUER} --scope read --scope write")),
        ),
        ("expired", "rs256.json", expired),
        ("through_jwks", "jwks.json", rs256_token("--scope read")),
        (
            "through_jwks_with_an_unknown_kid",
            "jwks.json",
            rs256_token("--scope read --kid not-in-jwks"),
        ),
        ("hs256", "hs256.json", hs_token("JWT_SECRET", SECRET)),
        (
            "hs256_with_another_secret",
            "hs256.json",
            hs_token("OTHER_SECRET", OTHER_SECRET),
        ),
        (
            "wizard_sample",
            "wizard/bearer-mcp.json",
            wizard_sample_token(dir),
        ),
    ];
    let cases: Vec<Value> = cases
        .into_iter()
        .map(|(name, config, token)| {
            let loader = (config == "multi.json").then_some("load_auth");
            json!({"name": name, "config": dir.join(config), "token": token, "loader": loader})
        })
        .collect();
    let cases_path = dir.join("cases.json");
    fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();

    let configs = ["rs256.json", "jwks.json", "hs256.json", "multi.json"]
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(dir.join(name)).unwrap();
            (name, serde_json::from_str(&text).unwrap())
        })
        .collect();

    thread::sleep(EXPIRED_AFTER.saturating_sub(expired_at.elapsed()));
    let verdicts = verify(python, dir, &cases_path);
    Lab {
        kid,
        public_pem: fs::read_to_string(keys.join("public.pem")).unwrap(),
        jwks: serde_json::from_str(&fs::read_to_string(keys.join("jwks.json")).unwrap()).unwrap(),
        configs,
        verdicts,
        jwks_requests,
    }
}

/// Walks the wizard through bearer with a development key pair (Ctrl+G), issuer, audience
/// and scope `read`, performing its effects as the terminal loop does; returns the done
/// screen's sample token. The config is saved at `<dir>/wizard/bearer-mcp.json`.
fn wizard_sample_token(dir: &Path) -> String {
    let config_dir = dir.join("wizard");
    let mut w = Wizard::new(
        Box::new(|_| None),
        Some(config_dir.clone()),
        Theme { color: false },
    );
    let press = |w: &mut Wizard, code: KeyCode, modifiers: KeyModifiers| {
        let effect = w.update(Msg::Key(KeyEvent::new(code, modifiers)));
        perform(w, effect);
    };
    let type_text = |w: &mut Wizard, text: &str| {
        for c in text.chars() {
            w.update(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
    };
    // Tabs to a credentials field by name, whatever the catalog's order.
    let focus = |w: &mut Wizard, name: &str| {
        for _ in 0..20 {
            let c = w.credentials.as_ref().unwrap();
            if c.fields[c.focus].spec.name == name {
                return;
            }
            press(w, KeyCode::Tab, KeyModifiers::NONE);
        }
        panic!("no credentials field {name}");
    };
    w.provider.select_type("bearer");
    press(&mut w, KeyCode::Enter, KeyModifiers::NONE);
    press(&mut w, KeyCode::Char('g'), KeyModifiers::CONTROL);
    focus(&mut w, "issuer");
    type_text(&mut w, ISSUER);
    focus(&mut w, "audience");
    type_text(&mut w, AUDIENCE);
    // Enter checks each remaining field; the last one moves on.
    for _ in 0..20 {
        if w.step != Step::Credentials {
            break;
        }
        press(&mut w, KeyCode::Enter, KeyModifiers::NONE);
    }
    assert_eq!(
        w.step,
        Step::Scopes,
        "{:?}",
        w.credentials.as_ref().map(|c| c.form_error.clone())
    );
    press(&mut w, KeyCode::Char(' '), KeyModifiers::NONE); // read
    for _ in 0..2 {
        press(&mut w, KeyCode::Enter, KeyModifiers::NONE); // scopes, preview
    }
    press(&mut w, KeyCode::Tab, KeyModifiers::NONE);
    press(&mut w, KeyCode::Enter, KeyModifiers::NONE); // save
    assert_eq!(w.step, Step::Done, "{:?}", w.save.error);
    assert!(config_dir.join("keys/bearer-mcp/private.pem").exists());
    let done = w.done.as_ref().unwrap();
    assert_eq!(
        done.config_path(),
        Some(config_dir.join("bearer-mcp.json").as_path())
    );
    done.sample_token
        .as_ref()
        .expect("a sample token")
        .token
        .clone()
}

/// What `tui::event_loop` does with an effect, minus the terminal.
fn perform(w: &mut Wizard, effect: Effect) {
    match effect {
        Effect::None
        | Effect::Quit(_)
        | Effect::Terminate(_)
        | Effect::Suspend
        | Effect::Redraw => {}
        Effect::LoadFile { path } => {
            w.update(fastmcp_auth::tui::load_file(path));
        }
        Effect::DevKeys { dir } => {
            let result = devkeys::load_or_create(&dir)
                .map(|(pair, origin)| Box::new(DevKeysReady { dir, pair, origin }))
                .map_err(|e| e.to_string());
            w.update(Msg::DevKeys(result));
        }
        Effect::Save { files, overwrite } => {
            w.update(Msg::Saved(jobs::save_files(&files, overwrite)));
        }
    }
}

/// Runs `verify_tokens.py` once over every case; FastMCP expands `${JWT_SECRET}` from this
/// environment.
fn verify(python: &Path, dir: &Path, cases: &Path) -> HashMap<String, Value> {
    let script = Path::new(MANIFEST_DIR).join("tests/python/verify_tokens.py");
    let started = Instant::now();
    let out = Command::new(python)
        .arg(script)
        .arg(cases)
        .env("JWT_SECRET", SECRET)
        .env(
            "UPSTREAM_SECRET",
            "upstream-client-secret-for-the-oauth-proxy",
        )
        .env("FASTMCP_HOME", dir.join("fastmcp-home"))
        .env("FASTMCP_ENABLE_RICH_LOGGING", "false")
        // The JWKS is fetched from loopback: never through a proxy.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "verify_tokens.py failed ({}):\n{stdout}\n{}",
        out.status,
        tail(&stderr, 30)
    );
    let _ = writeln!(
        std::io::stderr(),
        "fastmcp_tokens: FastMCP verified the tokens in {:.1?}",
        started.elapsed()
    );
    stdout
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap();
            (value["name"].as_str().unwrap().to_string(), value)
        })
        .collect()
}

/// Serves `path`'s contents (read now) on loopback; returns its URL and the request counter.
fn serve_file(path: &Path) -> (String, Arc<AtomicUsize>) {
    let body = fs::read_to_string(path).unwrap();
    let server = serve_json(|_| body).unwrap();
    (
        format!("{}/.well-known/jwks.json", server.base),
        server.requests,
    )
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn keygen_public_pem_gives_a_jwt_verifier_config_fastmcp_accepts() {
    let lab = lab();
    let config = &lab.configs["rs256.json"];
    assert_eq!(config["provider_class"], "JWTVerifier");
    assert_eq!(
        config["config_params"]["public_key"],
        lab.public_pem.trim_end()
    );
    assert_eq!(config["config_params"]["algorithm"], "RS256");
    assert_eq!(verdict(lab, "with_required_scopes")["class"], "JWTVerifier");
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn signed_token_with_the_required_scopes_is_accepted_and_its_scopes_read_back() {
    let lab = lab();
    let v = verdict(lab, "with_required_scopes");
    assert!(accepted(lab, "with_required_scopes"), "{v}");
    assert_eq!(v["scopes"], json!(["read", "write", "admin"]));
    assert_eq!(v["client_id"], "dev-client");
    assert_eq!(v["claims"]["iss"], ISSUER);
    assert_eq!(v["claims"]["aud"], AUDIENCE);
    assert_eq!(v["expires_at"], v["claims"]["exp"]);
    let lifetime = v["claims"]["exp"].as_u64().unwrap() - v["claims"]["iat"].as_u64().unwrap();
    assert_eq!(lifetime, 3600);
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn token_missing_a_required_scope_is_rejected() {
    let lab = lab();
    assert!(!accepted(lab, "missing_a_required_scope"));
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn expired_token_is_rejected() {
    let lab = lab();
    assert!(!accepted(lab, "expired"));
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn token_without_the_configured_audience_is_rejected() {
    let lab = lab();
    assert!(!accepted(lab, "without_the_audience"));
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn token_verified_through_the_generated_jwks_on_loopback_is_accepted() {
    let lab = lab();
    let v = verdict(lab, "through_jwks");
    assert!(accepted(lab, "through_jwks"), "{v}");
    assert_eq!(v["scopes"], json!(["read"]));
    assert!(
        lab.jwks_requests.load(Ordering::SeqCst) >= 1,
        "FastMCP fetched the JWKS from loopback"
    );
    assert_eq!(lab.jwks["keys"][0]["kid"], lab.kid.as_str());
    assert!(
        lab.configs["jwks.json"]["config_params"]["jwks_uri"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    // The kid is what FastMCP looks the key up by.
    assert!(!accepted(lab, "through_jwks_with_an_unknown_kid"));
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn hs256_works_end_to_end_with_the_secret_in_the_environment() {
    let lab = lab();
    let params = &lab.configs["hs256.json"]["config_params"];
    assert_eq!(params["public_key"], "${JWT_SECRET}");
    assert_eq!(params["algorithm"], "HS256");
    let v = verdict(lab, "hs256");
    assert!(accepted(lab, "hs256"), "{v}");
    assert_eq!(v["client_id"], "hs-client");
    assert_eq!(v["scopes"], json!(["read"]));
    assert!(!accepted(lab, "hs256_with_another_secret"));
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn wizard_sample_token_is_accepted_for_the_config_it_saved() {
    let lab = lab();
    let v = verdict(lab, "wizard_sample");
    assert!(accepted(lab, "wizard_sample"), "{v}");
    assert_eq!(v["client_id"], "dev-client");
    assert_eq!(v["scopes"], json!(["read"]));
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn multi_auth_from_load_auth_accepts_a_machine_jwt_and_rejects_a_bad_one() {
    let lab = lab();
    let config = &lab.configs["multi.json"];
    assert_eq!(config["provider_class"], "OAuthProxy");
    assert_eq!(
        config["verifier_params"]["token_verifier"]["provider_class"],
        "JWTVerifier"
    );
    assert_eq!(
        config["also_accept"][0]["config_params"]["issuer"],
        MACHINE_ISSUER
    );
    let good = verdict(lab, "multi_auth_machine_jwt");
    assert_eq!(good["class"], "MultiAuth", "{good}");
    assert!(accepted(lab, "multi_auth_machine_jwt"), "{good}");
    // MultiAuth qualifies the client id with the source that accepted the token.
    assert_eq!(good["claims"]["client_id"], "build-bot", "{good}");
    assert_eq!(good["claims"]["iss"], MACHINE_ISSUER, "{good}");
    assert!(
        !accepted(lab, "multi_auth_jwt_signed_with_another_key"),
        "a token signed with a key no source trusts must be refused"
    );
    assert!(
        !accepted(lab, "multi_auth_machine_jwt_without_its_scope"),
        "the extra verifier's own required scope must be checked"
    );
}
