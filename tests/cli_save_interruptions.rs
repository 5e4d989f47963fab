//! Saves that are raced or interrupted, driven through the real binary: two processes
//! saving the same new file, a termination signal delivered while the temporary file
//! exists, and `ulimit -f` cutting the write short. In every case no `.fastmcp-auth-*`
//! temporary file may remain and the target is either the old file or absent.
#![cfg(unix)]

use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Generous: two cores are shared by many test binaries.
const DEADLINE: Duration = Duration::from_secs(120);

/// The binary with a clean environment, HOME and XDG_CONFIG_HOME inside `root`.
fn bin(root: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fastmcp-auth"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", root.join("home"))
        .env("XDG_CONFIG_HOME", root.join("xdg"))
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// `generate` saving a valid GitHub config (told apart by its base URL) at `target`.
fn save_args(target: &Path, host: &str, force: bool) -> Vec<String> {
    let mut args: Vec<String> = [
        "generate",
        "--provider",
        "github",
        "--set",
        "client_id=Ov23li",
        "--env",
        "client_secret=GITHUB_CLIENT_SECRET",
        "--set",
        &format!("base_url=https://{host}"),
        "--output",
    ]
    .map(String::from)
    .to_vec();
    args.push(target.display().to_string());
    if force {
        args.push("--force".into());
    }
    args
}

/// Runs `work` on its own thread and gives its result, or fails the test at the deadline
/// (a FIFO handshake with a process that never arrives would otherwise block forever).
fn within<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("{what}: not done within {DEADLINE:?}"))
}

fn mkfifo(path: &Path) {
    let c_path = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
}

fn temp_files_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".fastmcp-auth-"))
        .collect()
}

/// The attack: two processes save the same new file at the same moment. Before the
/// exclusive link, both reported success and one config silently replaced the other.
#[test]
fn of_two_processes_saving_the_same_new_file_exactly_one_wins() {
    let root = tempfile::tempdir().unwrap();
    let work = root.path().join("work");
    fs::create_dir(&work).unwrap();
    for round in 0..25 {
        let target = work.join(format!("svc-{round}.json"));
        let children: Vec<_> = ["one.example.com", "two.example.com"]
            .into_iter()
            .map(|host| {
                let child = bin(root.path())
                    .args(save_args(&target, host, false))
                    .spawn()
                    .unwrap();
                (host, child)
            })
            .collect();
        let results: Vec<_> = children
            .into_iter()
            .map(|(host, child)| {
                let out = within("a save", move || child.wait_with_output().unwrap());
                (
                    host,
                    out.status.code(),
                    String::from_utf8(out.stderr).unwrap(),
                )
            })
            .collect();
        let winners: Vec<_> = results.iter().filter(|r| r.1 == Some(0)).collect();
        let losers: Vec<_> = results
            .iter()
            .filter(|r| r.1 == Some(1) && r.2.contains("already exists"))
            .collect();
        assert_eq!(
            (winners.len(), losers.len()),
            (1, 1),
            "round {round}: {results:?}"
        );
        let saved = fs::read_to_string(&target).unwrap();
        assert!(saved.contains(winners[0].0), "round {round}: {saved}");
    }
    assert_eq!(temp_files_in(&work), Vec::<String>::new());
}

/// The attack: SIGTERM/SIGHUP/SIGINT while the temporary file holding the whole config
/// exists. Before, the process died there and left the file behind. The test-only pause
/// (`FASTMCP_AUTH_TEST_SAVE_PAUSE`, debug builds) holds the save right after the temporary
/// file is written, the signal is sent, and the save is let go.
fn signal_during_save(signal: libc::c_int, old: Option<&str>) {
    let root = tempfile::tempdir().unwrap();
    let (work, pause) = (root.path().join("work"), root.path().join("pause"));
    fs::create_dir(&work).unwrap();
    fs::create_dir(&pause).unwrap();
    mkfifo(&pause.join("ready"));
    mkfifo(&pause.join("go"));
    let target = work.join("svc.json");
    if let Some(old) = old {
        fs::write(&target, old).unwrap();
    }
    let mut cmd = bin(root.path());
    cmd.args(save_args(&target, "mcp.example.com", old.is_some()))
        .env("FASTMCP_AUTH_TEST_SAVE_PAUSE", &pause);
    // The child starts with the signal's default action even if this test runs with it
    // ignored (nohup, some CI runners), which would otherwise be inherited.
    // SAFETY: signal() is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(signal, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;

    let ready = pause.join("ready");
    let temp = within("waiting for the save to pause", move || {
        fs::read(ready).unwrap()
    });
    let temp = PathBuf::from(String::from_utf8(temp).unwrap());
    assert_eq!(temp.parent(), Some(work.as_path()));
    assert!(
        fs::read_to_string(&temp)
            .unwrap()
            .contains("\"base_url\": \"https://mcp.example.com\""),
        "the temporary file holds the whole config"
    );

    // SAFETY: signalling our own child, which has not been reaped.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    let go = pause.join("go");
    // Blocks until the save opens `go`: it never does if the signal ended it mid-save.
    within("the paused save to take the signal and go on", move || {
        fs::write(go, b"go").unwrap()
    });
    let status = within("the save to end", move || child.wait().unwrap());

    assert_eq!(status.signal(), Some(signal), "{status:?}");
    assert_eq!(temp_files_in(&work), Vec::<String>::new());
    match old {
        Some(old) => assert_eq!(fs::read_to_string(&target).unwrap(), old),
        None => assert!(fs::symlink_metadata(&target).is_err(), "target created"),
    }
}

#[test]
fn sigterm_during_a_save_leaves_no_temporary_file_and_no_new_target() {
    signal_during_save(libc::SIGTERM, None);
}

#[test]
fn sighup_during_a_replacing_save_leaves_the_old_file_and_no_temporary_file() {
    signal_during_save(libc::SIGHUP, Some("{\"old\": true}\n"));
}

#[test]
fn sigint_during_a_save_leaves_no_temporary_file() {
    signal_during_save(libc::SIGINT, None);
}

/// The attack: `ulimit -f` smaller than the config. Before, SIGXFSZ ended the process
/// mid-write and left a partial temporary file.
#[test]
fn a_file_size_limit_fails_the_save_cleanly() {
    for old in [None, Some("{}\n")] {
        let root = tempfile::tempdir().unwrap();
        let work = root.path().join("work");
        fs::create_dir(&work).unwrap();
        let target = work.join("svc.json");
        if let Some(old) = old {
            fs::write(&target, old).unwrap();
        }
        let mut cmd = bin(root.path());
        cmd.args(save_args(&target, "mcp.example.com", old.is_some()));
        // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 64,
                    rlim_max: 64,
                };
                match libc::setrlimit(libc::RLIMIT_FSIZE, &limit) {
                    0 => Ok(()),
                    _ => Err(std::io::Error::last_os_error()),
                }
            });
        }
        let out = within("the save", move || cmd.output().unwrap());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{:?}: {stderr}", out.status);
        assert!(
            stderr.contains(&format!("cannot save {}", target.display()))
                && stderr.contains("the file size limit (ulimit -f) was reached"),
            "{stderr}"
        );
        assert_eq!(temp_files_in(&work), Vec::<String>::new());
        match old {
            Some(old) => assert_eq!(fs::read_to_string(&target).unwrap(), old),
            None => assert!(fs::symlink_metadata(&target).is_err()),
        }
    }
}
