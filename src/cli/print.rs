//! Where the command line's text meets the terminal. Messages quote paths, arguments and
//! values from config files; any of them can carry escape sequences (OSC 52 writes the
//! clipboard, `ESC[2J` clears the screen). `run` hands every command a [`TerminalSafe`]
//! standard error, and a [`TerminalSafe`] standard output when that output is for people,
//! so no message can reach the terminal raw, whoever writes it. Machine output (exports,
//! JSON, tokens) keeps its bytes: it is made safe where it is rendered.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::core::text::{escape_control_keep_newlines, is_unsafe_for_terminal};

/// A writer that shows every character of [`is_unsafe_for_terminal`] except the newline as
/// an escape (`\u{1b}`) before passing text on. Bytes that are not UTF-8 become U+FFFD.
pub struct TerminalSafe<'a> {
    inner: &'a mut dyn Write,
    /// The start of a character split across two writes.
    pending: Vec<u8>,
}

impl<'a> TerminalSafe<'a> {
    pub fn new(inner: &'a mut dyn Write) -> Self {
        TerminalSafe {
            inner,
            pending: Vec::new(),
        }
    }

    /// Passes on the complete characters of `pending`; with `last`, a cut-off one too.
    fn drain(&mut self, last: bool) -> io::Result<()> {
        let mut text = String::new();
        let mut rest: &[u8] = &self.pending;
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    text.push_str(valid);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                    match e.error_len() {
                        Some(bad) => {
                            text.push(char::REPLACEMENT_CHARACTER);
                            rest = &after[bad..];
                        }
                        None if last => {
                            text.push(char::REPLACEMENT_CHARACTER);
                            rest = &[];
                            break;
                        }
                        // A character cut by the end of this write: wait for its end.
                        None => {
                            rest = after;
                            break;
                        }
                    }
                }
            }
        }
        let kept = rest.to_vec();
        self.pending = kept;
        self.inner
            .write_all(escape_control_keep_newlines(&text).as_bytes())
    }
}

impl Write for TerminalSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain(false)?;
        self.inner.flush()
    }
}

impl Drop for TerminalSafe<'_> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.drain(true);
            let _ = self.inner.flush();
        }
    }
}

/// JSON text with the characters a terminal acts on written as `\uXXXX`: the same JSON
/// value, safe to print. serde_json already escapes C0 controls, and outside strings it
/// writes only ASCII punctuation and whitespace, so what is left (DEL, C1, bidi controls)
/// sits inside strings, where `\uXXXX` means the very same character.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe_for_terminal(c) && c != '\n';
    if !json.chars().any(unsafe_char) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_filter(writes: &[&[u8]]) -> String {
        let mut sink = Vec::new();
        {
            let mut safe = TerminalSafe::new(&mut sink);
            for bytes in writes {
                safe.write_all(bytes).unwrap();
            }
        }
        String::from_utf8(sink).unwrap()
    }

    #[test]
    fn escapes_controls_but_keeps_newlines_and_unicode() {
        let shown = through_filter(&[b"a\x1b]52;c;aGk=\x07\n", "é\u{9b}2J\u{202e}✓\n".as_bytes()]);
        assert_eq!(shown, "a\\u{1b}]52;c;aGk=\\u{7}\né\\u{9b}2J\\u{202e}✓\n");
    }

    #[test]
    fn a_character_split_across_writes_is_kept_whole() {
        // U+009B is C2 9B in UTF-8: split, it must still be recognised and escaped.
        let shown = through_filter(&[
            b"x\xc2",
            b"\x9by",
            "✓".as_bytes()[..1].as_ref(),
            &"✓".as_bytes()[1..],
        ]);
        assert_eq!(shown, "x\\u{9b}y✓");
    }

    #[test]
    fn invalid_and_cut_off_bytes_become_replacement_characters() {
        assert_eq!(
            through_filter(&[b"a\xffb", b"\xe2\x9c"]),
            "a\u{fffd}b\u{fffd}"
        );
    }

    #[test]
    fn json_keeps_its_value_and_loses_raw_controls() {
        let value = serde_json::json!({"k\u{202e}": "a\u{1b}[2J\u{9b}\u{7f}\n"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = json_for_terminal(&text);
        assert!(
            !safe.chars().any(|c| is_unsafe_for_terminal(c) && c != '\n'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
