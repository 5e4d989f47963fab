//! Bounded reads: every file or stream the program reads (configs, key files, `--set-file`
//! values, the `--secret-stdin` line) goes through here.
//!
//! A path must name a regular file (a symbolic link to one is fine): FIFOs, devices,
//! sockets and directories are refused before they are opened, because opening a FIFO
//! blocks until a writer appears and a device such as `/dev/zero` never ends. The file is
//! opened non-blocking and checked again (the path may have changed in between), and at
//! most `limit + 1` bytes are read, so an input over its limit is refused without being
//! read whole.

use std::fs::{self, File, FileType, Metadata};
use std::io::{self, BufRead, Read};
use std::path::Path;

use thiserror::Error;
use zeroize::{Zeroize, Zeroizing};

use super::describe;

/// How much of one kind of input is read at most, and what to call that kind in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The most bytes read.
    pub bytes: u64,
    /// What the input is, for messages.
    pub what: &'static str,
}

impl Limit {
    /// A saved config (`show`, `validate`, `list`, the wizard's `--edit`).
    pub const CONFIG: Limit = Limit::kib(1024, "a config file");
    /// A PEM key (`--sign-key`, the development key pair's `private.pem`).
    pub const KEY: Limit = Limit::kib(64, "a key file");
    /// A value read from a file (`--set-file`): a PEM key, a JWKS, a token map.
    pub const VALUE_FILE: Limit = Limit::kib(256, "a value read from a file");
    /// A value the wizard loads into a field from a file: as much as `--set-file` takes.
    pub const FIELD_FILE: Limit = Limit::kib(256, "a value loaded from a file");
    /// The secret read from standard input (`--secret-stdin`).
    pub const SECRET: Limit = Limit::kib(64, "a secret");

    const fn kib(kib: u64, what: &'static str) -> Limit {
        Limit {
            bytes: kib * 1024,
            what,
        }
    }
}

/// Why an input was not read. No variant holds anything read from the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReadError {
    /// The operating system's error, in plain words (see `describe`).
    #[error("{0}")]
    Io(String),
    /// A directory, device, FIFO or socket.
    #[error("it is {kind}, not a regular file")]
    NotRegular {
        /// What it is.
        kind: &'static str,
    },
    /// Larger than the limit.
    #[error("it is larger than {}, the limit for {}", size(limit.bytes), limit.what)]
    TooLarge {
        /// The limit.
        limit: Limit,
    },
    /// Not UTF-8.
    #[error("it is not UTF-8 text")]
    NotText,
}

impl From<io::Error> for ReadError {
    fn from(err: io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::InvalidData => ReadError::NotText,
            _ => ReadError::Io(describe(&err)),
        }
    }
}

/// The contents of the regular file at `path`, at most `limit` bytes.
pub fn read_file(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    refuse_special(&fs::metadata(path)?)?;
    let file = open_nonblocking(path)?;
    let metadata = file.metadata()?;
    refuse_special(&metadata)?;
    // Sized up front so the buffer is not reallocated (a key leaves no stray copies).
    let expected = metadata.len().min(limit.bytes) as usize + 1;
    let mut bytes = Zeroizing::new(Vec::with_capacity(expected));
    file.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(std::mem::take(&mut *bytes))
}

/// `read_file` as UTF-8 text, wiped from memory when dropped (keys and secrets pass here).
pub fn read_text_file(path: &Path, limit: Limit) -> Result<Zeroizing<String>, ReadError> {
    into_text(read_file(path, limit)?)
}

/// The first line of `input` without its line ending, at most `limit` bytes; wiped from
/// memory when dropped. `input` may be a pipe or a terminal: reading stops at the first
/// newline, at the end of input or one byte past the limit, whichever comes first.
pub fn read_first_line(
    input: &mut dyn BufRead,
    limit: Limit,
) -> Result<Zeroizing<String>, ReadError> {
    let mut line = Zeroizing::new(Vec::with_capacity(limit.bytes as usize + 1));
    input.take(limit.bytes + 1).read_until(b'\n', &mut line)?;
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    } else if line.len() as u64 > limit.bytes {
        return Err(ReadError::TooLarge { limit });
    }
    into_text(std::mem::take(&mut *line))
}

fn into_text(bytes: Vec<u8>) -> Result<Zeroizing<String>, ReadError> {
    String::from_utf8(bytes).map(Zeroizing::new).map_err(|err| {
        err.into_bytes().zeroize();
        ReadError::NotText
    })
}

fn refuse_special(metadata: &Metadata) -> Result<(), ReadError> {
    match special_kind(&metadata.file_type()) {
        Some(kind) => Err(ReadError::NotRegular { kind }),
        None => Ok(()),
    }
}

/// What a file that is not a regular file is, in words; `None` for a regular file.
pub(crate) fn special_kind(file_type: &FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    if file_type.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Opens for reading without blocking (a FIFO swapped in after the check must not hang
/// the open) and without making a terminal the controlling one.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// `1048576` → `1 MiB`, `65536` → `64 KiB`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 && b % (1024 * 1024) == 0 => format!("{} MiB", b / (1024 * 1024)),
        b if b >= 1024 && b % 1024 == 0 => format!("{} KiB", b / 1024),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const SMALL: Limit = Limit {
        bytes: 8,
        what: "a test input",
    };

    #[test]
    fn regular_files_within_the_limit_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"12345678").unwrap();
        assert_eq!(read_file(&path, SMALL).unwrap(), b"12345678");
        assert_eq!(&*read_text_file(&path, SMALL).unwrap(), "12345678");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_stating_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"123456789").unwrap();
        let err = read_file(&path, SMALL).unwrap_err();
        assert_eq!(err, ReadError::TooLarge { limit: SMALL });
        assert_eq!(
            err.to_string(),
            "it is larger than 8 bytes, the limit for a test input"
        );
        assert_eq!(
            ReadError::TooLarge {
                limit: Limit::CONFIG
            }
            .to_string(),
            "it is larger than 1 MiB, the limit for a config file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_to_a_regular_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("real"), b"ok").unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("link")).unwrap();
        assert_eq!(read_file(&dir.path().join("link"), SMALL).unwrap(), b"ok");
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_directories_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        let link = dir.path().join("link-to-fifo");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        for (path, kind) in [
            (Path::new("/dev/zero"), "a character device"),
            (Path::new("/dev/null"), "a character device"),
            (fifo.as_path(), "a FIFO (named pipe)"),
            (link.as_path(), "a FIFO (named pipe)"),
            (dir.path(), "a directory"),
        ] {
            assert_eq!(
                read_file(path, Limit::CONFIG),
                Err(ReadError::NotRegular { kind }),
                "{}",
                path.display()
            );
        }
    }

    #[test]
    fn a_missing_file_is_named_in_plain_words() {
        let err = read_file(Path::new("/nonexistent/f"), SMALL).unwrap_err();
        assert_eq!(err.to_string(), "no such file or directory");
    }

    #[test]
    fn invalid_utf8_is_not_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"\xff\xfe").unwrap();
        assert_eq!(read_text_file(&path, SMALL), Err(ReadError::NotText));
        assert_eq!(
            read_first_line(&mut &b"\xff\n"[..], SMALL),
            Err(ReadError::NotText)
        );
    }

    #[test]
    fn first_line_stops_at_the_newline_and_strips_its_ending() {
        let line = |input: &[u8]| read_first_line(&mut &input[..], SMALL).map(|s| s.to_string());
        assert_eq!(line(b"abc\r\nrest"), Ok("abc".into()));
        assert_eq!(line(b"abc"), Ok("abc".into()));
        assert_eq!(line(b""), Ok("".into()));
        // Exactly the limit, with or without its newline.
        assert_eq!(line(b"12345678\n"), Ok("12345678".into()));
        assert_eq!(line(b"12345678"), Ok("12345678".into()));
        assert_eq!(
            line(b"123456789\n"),
            Err(ReadError::TooLarge { limit: SMALL })
        );
    }

    #[test]
    fn an_endless_stream_is_cut_one_byte_past_the_limit() {
        // `io::repeat` is `/dev/zero`: without the bound this would never return.
        let mut endless = io::BufReader::new(io::repeat(0));
        assert_eq!(
            read_first_line(&mut endless, Limit::SECRET),
            Err(ReadError::TooLarge {
                limit: Limit::SECRET
            })
        );
    }

    #[cfg(unix)]
    pub(crate) fn mkfifo(path: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    }
}
