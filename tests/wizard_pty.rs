//! The real binary in a pseudo-terminal: keystrokes in, the screen (rebuilt by a vt100
//! parser) out, and the saved file checked on disk. Signals and job control are sent as a
//! shell would, and the terminal's modes are read back from the pty.
//!
//! No sleeps: keys are written back to back (the wizard reads them in order), and every
//! check waits for what it expects, woken by the wizard's output (a frame can reach the
//! parser in pieces) or, for a stop, by the kernel (`waitid`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
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
    /// The reader saw the end of the output (the wizard exited and closed the terminal).
    drained: Arc<AtomicBool>,
    /// Counts the chunks of output read so far; notified after each (and at the end).
    output: Arc<(Mutex<u64>, Condvar)>,
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
        let drained = Arc::new(AtomicBool::new(false));
        let output = Arc::new((Mutex::new(0), Condvar::new()));
        let (screen_in, raw_in, drained_in) = (screen.clone(), raw.clone(), drained.clone());
        let output_in = output.clone();
        let tell = move || {
            *output_in.0.lock().unwrap() += 1;
            output_in.1.notify_all();
        };
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen_in.lock().unwrap().process(&buf[..n]);
                raw_in.lock().unwrap().extend_from_slice(&buf[..n]);
                tell();
            }
            drained_in.store(true, Ordering::SeqCst);
            tell();
        });
        Session {
            master: pty.master,
            child,
            writer,
            screen,
            raw,
            drained,
            output,
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

    /// Waits until `done` holds, checking it again after every piece of output (what it
    /// looks at changes only when the wizard writes; the deadline only catches a hang).
    fn wait_until(&self, what: &str, done: impl Fn(&Session) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let (count, changed) = &*self.output;
        loop {
            // Read before checking, so output that comes during the check is not missed.
            let seen = *count.lock().unwrap();
            if done(self) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; screen:\n{}",
                self.contents()
            );
            let guard = count.lock().unwrap();
            drop(
                changed
                    .wait_timeout_while(guard, left, |n| *n == seen)
                    .unwrap(),
            );
        }
    }

    /// Waits until the wizard is stopped (SIGTSTP or SIGSTOP): `waitid` blocks until the
    /// kernel reports it, leaving the state to be collected (`WNOWAIT`).
    fn wait_stopped(&self) {
        let pid = self.pid() as libc::id_t;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
            let flags = libc::WSTOPPED | libc::WNOWAIT;
            let _ = tx.send(unsafe { libc::waitid(libc::P_PID, pid, &mut info, flags) });
        });
        let status = rx.recv_timeout(Duration::from_secs(10));
        assert_eq!(status, Ok(0), "the wizard did not stop");
        assert_eq!(self.state(), 'T');
    }

    /// Waits until the screen shows `text` (the wizard redraws after every event).
    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    /// Types `bytes`. The wizard reads them in order whatever the timing: wait on the
    /// screen where a step must have happened.
    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn pid(&self) -> libc::pid_t {
        self.child.process_id().expect("the wizard's pid") as libc::pid_t
    }

    /// Sends `signo` to the wizard, as `kill` from another shell would.
    fn signal(&self, signo: libc::c_int) {
        assert_eq!(unsafe { libc::kill(self.pid(), signo) }, 0, "kill failed");
    }

    /// The process state from /proc/PID/stat: `T` when stopped, `S` when waiting.
    fn state(&self) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap();
        // The command name is in parentheses and may hold spaces: the state follows it.
        let after = &stat[stat.rfind(')').unwrap() + 1..];
        after.trim_start().chars().next().unwrap()
    }

    /// The pty's terminal attributes (the master reads the slave's).
    fn termios(&self) -> libc::termios {
        let fd = self.master.as_raw_fd().expect("the master's fd");
        let mut attrs: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut attrs) }, 0, "tcgetattr");
        attrs
    }

    /// Cooked mode: the line discipline edits and echoes (what a shell expects).
    fn is_cooked(&self) -> bool {
        let flags = self.termios().c_lflag;
        flags & libc::ICANON != 0 && flags & libc::ECHO != 0
    }

    /// Puts the pty in cooked mode, as a shell does when it takes the terminal back.
    fn set_cooked(&self) {
        let fd = self.master.as_raw_fd().expect("the master's fd");
        let mut attrs = self.termios();
        attrs.c_lflag |= libc::ICANON | libc::ECHO | libc::ISIG;
        assert_eq!(unsafe { libc::tcsetattr(fd, libc::TCSANOW, &attrs) }, 0);
    }

    /// How much output the wizard has written so far (a mark for [`Session::raw_since`]).
    fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    fn raw_since(&self, mark: usize) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()[mark..]).into_owned()
    }

    /// The exit status, once the wizard has exited (its end of the terminal closes then).
    fn wait_exit(&mut self) -> u32 {
        self.wait_until("the wizard to exit", |s| s.drained.load(Ordering::SeqCst));
        self.child.wait().unwrap().exit_code()
    }

    /// Everything the wizard wrote, once it has exited and the reader has seen the end.
    fn raw_output(&self) -> String {
        self.wait_until("the end of the output", |s| {
            s.drained.load(Ordering::SeqCst)
        });
        self.raw_since(0)
    }
}

/// What the wizard printed after it left the alternate screen, with line breaks as
/// printed (raw mode is off by then, so the terminal turns `\n` into `\r\n`).
fn scrollback(raw: &str) -> String {
    let start = raw
        .rfind("\x1b[?1049l")
        .expect("the alternate screen was left");
    raw[start..].replace("\r\n", "\n")
}

const ENTER: &str = "\r";
const TAB: &str = "\t";
const DOWN: &str = "\x1b[B";

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

const RESTORE: [(&str, &str); 3] = [
    ("\x1b[?1049l", "alternate screen left"),
    ("\x1b[?2004l", "bracketed paste off"),
    ("\x1b[?25h", "cursor shown"),
];

fn assert_restored(raw: &str) {
    for (seq, what) in RESTORE {
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
    s.wait_for("$GOOGLE_CLIENT_ID"); // focused: the reference is edited
    s.send(ENTER); // client_id: from the environment
    s.wait_for("from $GOOGLE_CLIENT_ID");
    s.send(ENTER); // client_secret: from the environment
    s.send("https://mcp.example.com");
    s.send(ENTER);
    s.send(ENTER); // redirect_path: default
    for _ in 0..2 {
        s.send(ENTER); // jwt_signing_key, consent: defaults → continue
    }
    s.wait_for("[x] openid");
    s.send(ENTER);
    // The deployment step: several instances sharing a Redis, with the documented names.
    s.wait_for("‹ One instance ›");
    s.send("\x1b[C"); // →
    s.wait_for("Redis URL variable");
    s.wait_for("$REDIS_URL");
    s.wait_for("$FASTMCP_STORAGE_KEY");
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
    // The summary is printed after the terminal is restored: it stays in the scrollback.
    let after = scrollback(&raw);
    let config_path = home.path().join("fastmcp-auth/google-mcp.json");
    for text in [
        format!("✓ Saved config {} (mode 0600)", config_path.display()),
        "Register this redirect URI with the identity provider: \
         https://mcp.example.com/auth/callback"
            .to_string(),
        "Scopes to grant: openid https://www.googleapis.com/auth/userinfo.email \
         https://www.googleapis.com/auth/userinfo.profile"
            .to_string(),
        "MCP clients must request them by these names: openid \
         https://www.googleapis.com/auth/userinfo.email \
         https://www.googleapis.com/auth/userinfo.profile"
            .to_string(),
        "Export where the server runs: GOOGLE_CLIENT_ID GOOGLE_CLIENT_SECRET".to_string(),
        "fastmcp-auth generate --provider google --service google-mcp \
         --env client_id=GOOGLE_CLIENT_ID --env client_secret=GOOGLE_CLIENT_SECRET"
            .to_string(),
        "--storage redis --env storage_url=REDIS_URL".to_string(),
    ] {
        assert!(after.contains(&text), "{text:?} not in\n{after}");
    }

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
        serde_json::json!([
            "openid",
            "https://www.googleapis.com/auth/userinfo.email",
            "https://www.googleapis.com/auth/userinfo.profile"
        ])
    );
    assert_eq!(
        saved["config_params"]["jwt_signing_key"],
        "${FASTMCP_JWT_SIGNING_KEY}"
    );
    assert_eq!(
        saved["deployment"],
        serde_json::json!({"storage": {"backend": "redis", "url": "${REDIS_URL}",
                                       "encryption_keys": ["${FASTMCP_STORAGE_KEY}"]}})
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
    s.wait_for("payments.json.bak");
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
    // The review: every value of the file, under a banner naming it.
    s.wait_for(&format!("Editing {}", path.display()));
    s.wait_for("$GH_SECRET");
    s.send(ENTER); // the provider row
    s.wait_for("Choose how clients");
    s.wait_for("> github"); // the file's provider is selected
    s.send(ENTER);
    s.wait_for("Ov23liOriginal");
    s.send(TAB); // client_secret keeps its reference
    s.send(TAB);
    s.send("\x15"); // Ctrl+U: clear base_url
    s.send("https://docs2.example.com");
    s.send(ENTER);
    s.send(ENTER); // redirect_path
    for _ in 0..2 {
        s.send(ENTER); // jwt_signing_key, consent: as loaded → continue
    }
    s.wait_for("[x] repo");
    s.wait_for("[ ] user:email"); // the file's scopes are checked, not the defaults
    s.send(ENTER);
    s.wait_for("‹ One instance ›"); // the file has no deployment section
    s.send(ENTER);
    s.wait_for("JSON | Python");
    s.send(ENTER);
    s.wait_for("Service name");
    s.wait_for(path.to_str().unwrap()); // saves back to the edited file
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

/// A termination signal from outside: the terminal is given back as it was found (modes
/// read back from the pty, the restoring sequences in the output after the signal), the
/// exit status is 128 + the signal's number, and nothing is written.
fn terminated_by(signo: libc::c_int) {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[("GOOGLE_CLIENT_SECRET", SECRET)], home.path());
    s.wait_for("Choose how clients");
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("Client secret");
    assert!(!s.is_cooked(), "the wizard runs in raw mode");
    let mark = s.raw_len();
    s.signal(signo);
    assert_eq!(s.wait_exit(), 128 + signo as u32);
    s.raw_output();
    assert_restored(&s.raw_since(mark));
    assert!(s.is_cooked(), "raw mode left on after signal {signo}");
    assert!(
        !home.path().join("fastmcp-auth").exists(),
        "nothing may be written"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    terminated_by(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    terminated_by(libc::SIGHUP);
}

/// Stops the wizard with `stop`, checks the terminal was given back before it stopped,
/// then continues it (as `fg` does) and checks it took the terminal again and redrew.
fn suspend_and_resume(stop: impl FnOnce(&mut Session)) {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path());
    s.wait_for("Choose how clients");
    s.send(DOWN);
    s.wait_for("> google");
    let mark = s.raw_len();
    stop(&mut s);
    s.wait_stopped();
    s.wait_until("the restoring sequences", |s| {
        RESTORE
            .iter()
            .all(|(seq, _)| s.raw_since(mark).contains(seq))
    });
    assert!(s.is_cooked(), "stopped in raw mode");
    assert!(
        !s.contents().contains("Choose how clients"),
        "the shell's screen is back while stopped"
    );

    s.signal(libc::SIGCONT);
    // The whole screen again, with the state kept (the frame may arrive in pieces).
    s.wait_for("Choose how clients");
    s.wait_for("> google");
    s.wait_until("raw mode again", |s| !s.is_cooked());
    // Keys work as before: cooked mode would hold them back until Enter.
    s.send(DOWN);
    s.wait_for("> github");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 130);
}

#[test]
fn sigtstp_restores_the_terminal_stops_and_fg_redraws() {
    suspend_and_resume(|s| s.signal(libc::SIGTSTP));
}

#[test]
fn ctrl_z_suspends_like_sigtstp() {
    suspend_and_resume(|s| s.send("\x1a"));
}

#[test]
fn stop_and_continue_from_outside_takes_the_terminal_back_and_redraws() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path());
    s.wait_for("Choose how clients");
    s.signal(libc::SIGSTOP);
    s.wait_stopped();
    // Meanwhile the shell takes the terminal: cooked mode, and its own screen.
    s.set_cooked();
    s.screen.lock().unwrap().process(b"\x1b[2J\x1b[Hshell$ ");
    s.signal(libc::SIGCONT);
    s.wait_for("Choose how clients");
    s.wait_until("raw mode again", |s| !s.is_cooked());
    s.send(DOWN);
    s.wait_for("> google");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 130);
}

/// Base64-like text of `len` characters that ends with `tail`.
fn long_paste(len: usize, tail: &str) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text: String = (0..len - tail.len())
        .map(|i| char::from(alphabet[(i * 7) % alphabet.len()]))
        .collect();
    text.push_str(tail);
    text
}

#[test]
fn a_100_kb_paste_is_taken_at_once_and_the_wizard_stays_responsive() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path());
    s.wait_for("Choose how clients");
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("Client secret");
    // Into a plain field: the focused field shows the end of the value, where the cursor is.
    let plain = long_paste(100_000, "-END-OF-PASTE");
    s.send(&format!("\x1b[200~{plain}\x1b[201~"));
    s.wait_for("-END-OF-PASTE");
    s.send("Z");
    s.wait_for("-END-OF-PASTEZ");
    // Into the masked secret: counted, not shown.
    s.send(TAB);
    let secret = long_paste(100_000, "w9Yt");
    s.send(&format!("\x1b[200~{secret}\x1b[201~"));
    s.wait_for("pasted 100000 characters");
    s.wait_for("********w9Yt");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 130);
}

const RSA_PEM: &str = include_str!("keys/rsa2048.pem");

/// Bearer with its public key given by `give_key` (focus on the key field), through to a
/// saved `keyed.json`; returns the saved `public_key`.
fn bearer_with_key_saved(give_key: impl FnOnce(&mut Session)) -> serde_json::Value {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path());
    s.wait_for("Choose how clients");
    s.send(ENTER); // bearer
    s.wait_for("JWKS URL");
    s.send(ENTER); // jwks_uri: empty
    give_key(&mut s);
    s.send(ENTER);
    s.send("https://auth.example.com");
    s.send(ENTER);
    s.send("payments-api");
    s.send(ENTER);
    s.send(ENTER); // algorithm RS256
    s.send(ENTER); // base_url: optional → continue
    s.wait_for("[ ] read");
    s.send(" ");
    s.send(ENTER);
    s.wait_for("JWTVerifier");
    s.send(ENTER);
    s.wait_for("Service name");
    s.send("\x15");
    s.send("keyed");
    s.send(TAB);
    s.send(ENTER);
    s.wait_for("Saved");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let path = home.path().join("fastmcp-auth/keyed.json");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    saved["config_params"]["public_key"].clone()
}

/// A terminal sends a pasted key's line breaks as CR inside the bracketed paste: the
/// saved key has its lines, exactly as copied.
#[test]
fn a_pem_pasted_into_the_wizard_keeps_its_lines() {
    let saved = bearer_with_key_saved(|s| {
        s.send(&format!(
            "\x1b[200~{}\x1b[201~",
            RSA_PEM.replace('\n', "\r")
        ));
        // The focused field shows the end of the value, its line breaks as ↵.
        s.wait_for("↵OwIDAQAB↵-----END PUBLIC KEY-----");
    });
    assert_eq!(saved, RSA_PEM.trim_end());
}

/// In `wizard --edit` of `path`: from the review to the preview and the save step, saves
/// without a change, and checks the exit and the summary's "Unchanged config".
fn save_edit_unchanged(s: &mut Session, path: &std::path::Path) {
    s.wait_for(&format!("Editing {}", path.display()));
    s.send("\x1b[F"); // End: the last row
    s.send(ENTER);
    s.wait_for("JSON | Python");
    s.send(ENTER);
    s.wait_for("Service name");
    s.send(TAB);
    s.send(ENTER);
    s.wait_for("Unchanged config");
    s.send(ENTER);
    assert_eq!(s.wait_exit(), 0);
    let after = scrollback(&s.raw_output());
    assert!(after.contains("= Unchanged config"), "{after}");
}

/// Ctrl+O, a path, Enter: the key file is read into the field.
#[test]
fn a_key_file_is_loaded_with_ctrl_o() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("public.pem");
    std::fs::write(&path, RSA_PEM).unwrap();
    let saved = bearer_with_key_saved(|s| {
        s.send("\x0f"); // Ctrl+O
        s.wait_for("load from file:");
        s.send(&path.display().to_string());
        s.send(ENTER);
        s.wait_for("loaded public_key from");
    });
    assert_eq!(saved, RSA_PEM.trim_end());
}

#[test]
fn edit_by_service_name_saved_unchanged_rewrites_nothing_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let saved = std::process::Command::new(env!("CARGO_BIN_EXE_fastmcp-auth"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .args([
            "generate",
            "--provider",
            "github",
            "--service",
            "docs",
            "--set",
            "client_id=Ov23li",
            "--env",
            "client_secret=GITHUB_CLIENT_SECRET",
            "--set",
            "base_url=https://docs.example.com",
            "--allow-clients",
            "loopback",
            "--save",
        ])
        .output()
        .unwrap();
    assert!(saved.status.success(), "{saved:?}");
    let path = home.path().join("fastmcp-auth/docs.json");
    let before = std::fs::read(&path).unwrap();

    let mut s = Session::start_with(&["wizard", "--edit", "docs"], &[], home.path());
    save_edit_unchanged(&mut s, &path);
    assert_eq!(std::fs::read(&path).unwrap(), before, "not rewritten");
    assert!(!home.path().join("fastmcp-auth/docs.json.bak").exists());
}

/// A hand-written config that leaves out its release, provider type, service and every
/// defaulted parameter: opened with `--edit` and saved without a change, it stays as the
/// person wrote it, with no backup.
#[test]
fn edit_of_a_hand_written_file_without_defaults_saved_unchanged_rewrites_nothing() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("fastmcp-auth");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("docs.json");
    let hand_written = r#"{"provider_class": "GitHubProvider",
 "import_path": "fastmcp.server.auth.providers.github",
 "config_params": {"client_id": "Ov23li", "client_secret": "${GITHUB_CLIENT_SECRET}",
                   "base_url": "https://docs.example.com"}}
"#;
    std::fs::write(&path, hand_written).unwrap();

    let mut s = Session::start_with(&["wizard", "--edit", "docs"], &[], home.path());
    save_edit_unchanged(&mut s, &path);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), hand_written);
    assert!(!dir.join("docs.json.bak").exists());
}
