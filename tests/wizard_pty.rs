//! The real binary in a pseudo-terminal: keystrokes in, the screen (rebuilt by a vt100
//! parser) out, and the saved file checked on disk.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const SECRET: &str = "GOCSPX-pty-secret-k3Jd9QwZ7771";
const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Session {
    master: Box<dyn portable_pty::MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn start(env: &[(&str, &str)], config_home: &Path) -> Session {
        Session::start_with(&[], env, config_home)
    }

    fn start_with(args: &[&str], env: &[(&str, &str)], config_home: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_fastmcp-auth"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", config_home);
        cmd.env("XDG_CONFIG_HOME", config_home);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn the wizard");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (screen_in, raw_in) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen_in.lock().unwrap().process(&buf[..n]);
                raw_in.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            master: pty.master,
            child,
            writer,
            screen,
            raw,
        }
    }

    fn resize(&self, rows: u16, cols: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text` (the wizard redraws after every event).
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; screen:\n{}",
            self.contents()
        );
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let the wizard read the keys as separate events.
        std::thread::sleep(Duration::from_millis(40));
    }

    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "wizard did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn raw_output(&self) -> String {
        // Give the reader thread a moment to drain the last bytes.
        std::thread::sleep(Duration::from_millis(100));
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }
}

const ENTER: &str = "\r";
const TAB: &str = "\t";
const DOWN: &str = "\x1b[B";

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn assert_restored(raw: &str) {
    for (seq, what) in [
        ("\x1b[?1049l", "alternate screen left"),
        ("\x1b[?2004l", "bracketed paste off"),
        ("\x1b[?25h", "cursor shown"),
    ] {
        assert!(raw.contains(seq), "terminal not restored: {what} missing");
    }
}

#[test]
fn google_from_environment_variables_to_a_saved_file() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        &[
            ("GOOGLE_CLIENT_ID", "123-abc.apps.googleusercontent.com"),
            ("GOOGLE_CLIENT_SECRET", SECRET),
        ],
        home.path(),
    );
    s.wait_for("Choose how clients");
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("from $GOOGLE_CLIENT_SECRET");
    assert!(
        s.contents().contains("$GOOGLE_CLIENT_ID"),
        "focused: the reference is edited"
    );
    s.send(ENTER); // client_id: from the environment
    s.wait_for("from $GOOGLE_CLIENT_ID");
    s.send(ENTER); // client_secret: from the environment
    s.send("https://mcp.example.com");
    s.send(ENTER);
    s.send(ENTER); // redirect_path: default → continue
    s.wait_for("[x] openid");
    s.send(ENTER);
    s.wait_for("\"client_secret\": \"${GOOGLE_CLIENT_SECRET}\"");
    s.send(ENTER);
    s.wait_for("Service name");
    s.send(TAB);
    s.send(ENTER);
    s.wait_for("Saved");
    assert!(!s.contents().contains(&SECRET[..12]));
    s.send(ENTER);
    assert_eq!(s.wait_exit(), 0);
    let raw = s.raw_output();
    assert!(
        !raw.contains(&SECRET[..SECRET.len() - 4]),
        "the secret reached the terminal"
    );
    assert_restored(&raw);

    let dir = home.path().join("fastmcp-auth");
    let path = dir.join("google-mcp.json");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["provider_class"], "GoogleProvider");
    assert_eq!(saved["config_params"]["client_id"], "${GOOGLE_CLIENT_ID}");
    assert_eq!(
        saved["config_params"]["client_secret"],
        "${GOOGLE_CLIENT_SECRET}"
    );
    assert_eq!(
        saved["config_params"]["base_url"],
        "https://mcp.example.com"
    );
    assert_eq!(
        saved["config_params"]["required_scopes"],
        serde_json::json!(["openid", "email", "profile"])
    );
    assert!(!std::fs::read_to_string(&path).unwrap().contains(SECRET));
    #[cfg(unix)]
    {
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir), 0o700);
    }
}

#[test]
fn bearer_typed_by_hand_with_overwrite_confirmation() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("fastmcp-auth");
    std::fs::create_dir_all(&dir).unwrap();
    let target: PathBuf = dir.join("payments.json");
    std::fs::write(&target, "{\"previous\": true}\n").unwrap();

    let mut s = Session::start(&[], home.path());
    s.wait_for("Choose how clients");
    s.send(ENTER); // bearer
    s.wait_for("JWKS URL");
    s.send("https://auth.example.com/.well-known/jwks.json");
    s.send(ENTER);
    s.send(ENTER); // public_key: empty
    s.send("https://auth.example.com");
    s.send(ENTER);
    s.send("payments-api");
    s.send(ENTER);
    s.send(ENTER); // algorithm RS256
    s.send(ENTER); // base_url: optional → continue
    s.wait_for("[ ] read");
    s.send(" "); // tick read
    s.send(DOWN);
    s.send(" "); // tick write
    s.send(ENTER);
    s.wait_for("JWTVerifier");
    s.send(ENTER);
    s.wait_for("Service name");
    s.send("\x15"); // Ctrl+U clears the proposed name
    s.send("payments");
    s.send(TAB);
    s.send(ENTER);
    s.wait_for("already exists");
    s.send("y");
    s.wait_for("Saved");
    assert!(s.contents().contains("payments.json.bak"));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);

    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(
        saved["config_params"],
        serde_json::json!({
            "jwks_uri": "https://auth.example.com/.well-known/jwks.json",
            "issuer": "https://auth.example.com",
            "audience": "payments-api",
            "algorithm": "RS256",
            "required_scopes": ["read", "write"]
        })
    );
    assert_eq!(saved["service"], "payments");
    assert_eq!(
        std::fs::read_to_string(dir.join("payments.json.bak")).unwrap(),
        "{\"previous\": true}\n"
    );
}

#[test]
fn ctrl_c_quits_with_130_writes_nothing_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[("GOOGLE_CLIENT_SECRET", SECRET)], home.path());
    s.wait_for("Choose how clients");
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("Client secret");
    s.send("\x1b[200~pasted-value-123456\x1b[201~"); // bracketed paste into client_id
    s.wait_for("pasted-value-123456");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 130);
    assert_restored(&s.raw_output());
    assert!(
        !home.path().join("fastmcp-auth").exists(),
        "nothing may be written"
    );
}

#[test]
fn no_color_means_no_colour_codes() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[("NO_COLOR", "1")], home.path());
    s.wait_for("Choose how clients");
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("Client ID");
    s.send("\x03");
    s.wait_exit();
    let raw = s.raw_output();
    for code in [
        "\x1b[38;", "\x1b[48;", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m",
    ] {
        assert!(
            !raw.contains(code),
            "colour code {code:?} with NO_COLOR set"
        );
    }
    // Without NO_COLOR the same screens are coloured (the check above can fail).
    let mut s = Session::start(&[], home.path());
    s.wait_for("Choose how clients");
    s.send("\x03");
    s.wait_exit();
    assert!(
        s.raw_output().contains("\x1b[38;"),
        "expected colours without NO_COLOR"
    );
}

#[test]
fn resize_below_minimum_and_back() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path());
    s.wait_for("Choose how clients");
    s.resize(10, 40);
    s.wait_for("terminal too small");
    s.resize(ROWS, COLS);
    s.wait_for("Choose how clients");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 130);
}

#[test]
fn without_a_terminal_it_exits_2_pointing_to_generate() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fastmcp-auth"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("fastmcp-auth generate"), "{stderr}");
}

#[test]
fn edit_prefills_every_step_and_saves_back_keeping_unknown_keys() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("docs.json");
    let original = serde_json::json!({
        "provider_class": "GitHubProvider",
        "import_path": "fastmcp.server.auth.providers.github",
        "config_params": {
            "client_id": "Ov23liOriginal",
            "client_secret": "${GH_SECRET}",
            "base_url": "https://docs.example.com",
            "required_scopes": ["read:user", "repo"]
        },
        "provider_type": "github",
        "service": "docs",
        "owner": "platform-team"
    });
    std::fs::write(&path, serde_json::to_string_pretty(&original).unwrap()).unwrap();

    let mut s = Session::start_with(
        &["wizard", "--edit", path.to_str().unwrap()],
        &[],
        home.path(),
    );
    s.wait_for("Choose how clients");
    assert!(
        s.contents().contains("> github"),
        "the file's provider is selected"
    );
    s.send(ENTER);
    s.wait_for("Ov23liOriginal");
    s.send(TAB); // client_secret keeps its reference
    s.send(TAB);
    s.send("\x15"); // Ctrl+U: clear base_url
    s.send("https://docs2.example.com");
    s.send(ENTER);
    s.send(ENTER); // redirect_path → continue
    s.wait_for("[x] repo");
    assert!(
        s.contents().contains("[ ] user:email"),
        "the file's scopes are checked, not the defaults"
    );
    s.send(ENTER);
    s.wait_for("Preview");
    s.send(ENTER);
    s.wait_for("Service name");
    assert!(
        s.contents().contains(path.to_str().unwrap()),
        "saves back to the edited file"
    );
    s.send(TAB);
    s.send(ENTER);
    s.wait_for("already exists");
    s.send("y");
    s.wait_for("Saved");
    s.send(ENTER);
    assert_eq!(s.wait_exit(), 0);

    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        saved["config_params"]["base_url"],
        "https://docs2.example.com"
    );
    assert_eq!(saved["config_params"]["client_secret"], "${GH_SECRET}");
    assert_eq!(
        saved["config_params"]["required_scopes"],
        serde_json::json!(["read:user", "repo"])
    );
    assert_eq!(
        saved["owner"], "platform-team",
        "unknown keys survive the edit"
    );
    assert_eq!(saved["service"], "docs");
    let backup: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.path().join("docs.json.bak")).unwrap())
            .unwrap();
    assert_eq!(backup, original);
}

#[test]
fn edit_of_a_broken_file_fails_before_the_wizard_starts() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("broken.json");
    std::fs::write(&path, "{\n  \"provider_class\": \n").unwrap();
    let mut s = Session::start_with(
        &["wizard", "--edit", path.to_str().unwrap()],
        &[],
        home.path(),
    );
    assert_eq!(s.wait_exit(), 1);
    let raw = s.raw_output();
    assert!(
        raw.contains("broken.json") && raw.contains("line 3"),
        "{raw}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{\n  \"provider_class\": \n"
    );
}
