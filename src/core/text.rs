//! Text that came from a file, an argument or the environment, made safe to show on a
//! terminal. A config value can carry escape sequences (OSC 52 writes the clipboard,
//! `ESC[2J` clears the screen); shown raw, they act on the operator's terminal. Every
//! front end passes such text through [`escape_control`] before printing or drawing it.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw: C0 and C1 control characters, DEL, and the
/// bidirectional overrides and isolates that reorder what is displayed ("Trojan source").
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character of [`is_unsafe_for_terminal`] written as `\u{1b}`, and the
/// rest unchanged. Borrowed when nothing needed escaping (the common case).
pub fn escape_control(text: &str) -> Cow<'_, str> {
    escape_except(text, |_| false)
}

/// Like [`escape_control`], but newlines stay newlines: for multi-line text such as a
/// rendered file or a report whose line breaks are its own.
pub fn escape_control_keep_newlines(text: &str) -> Cow<'_, str> {
    escape_except(text, |c| c == '\n')
}

fn escape_except(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe_for_terminal(c) && !keep(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_osc52_and_screen_clear() {
        let hostile = "https://x.example.com\u{1b}]52;c;aGk=\u{7}\u{1b}[2J";
        let shown = escape_control(hostile);
        assert_eq!(
            shown,
            "https://x.example.com\\u{1b}]52;c;aGk=\\u{7}\\u{1b}[2J"
        );
        assert!(!shown.chars().any(is_unsafe_for_terminal));
    }

    #[test]
    fn escapes_c1_del_and_bidi_but_keeps_printable_unicode() {
        assert_eq!(escape_control("a\u{9b}b\u{7f}c"), "a\\u{9b}b\\u{7f}c");
        assert_eq!(escape_control("x\u{202e}y"), "x\\u{202e}y");
        assert!(matches!(escape_control("café ✓ 日本"), Cow::Borrowed(_)));
    }

    #[test]
    fn newlines_kept_only_when_asked() {
        assert_eq!(escape_control("a\nb\tc"), "a\\u{a}b\\u{9}c");
        assert_eq!(escape_control_keep_newlines("a\nb\rc"), "a\nb\\u{d}c");
    }
}
