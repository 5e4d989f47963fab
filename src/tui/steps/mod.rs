//! One module per wizard step: its state, how it handles keys, and how it draws.

pub mod credentials;
pub mod deployment;
pub mod done;
pub mod preview;
pub mod provider;
pub mod review;
pub mod save;
pub mod scopes;
pub mod verifiers;

/// What a step asks of the wizard after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepEvent {
    None,
    /// The user wants the next step (the wizard validates first).
    Continue,
    /// Read this file into the field that asked for it (the loop reads, bounded).
    LoadFile(std::path::PathBuf),
}

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::core::text::escape_control;
#[cfg(test)]
use crate::core::text::is_unsafe_for_terminal;

/// Splits `text` into lines of at most `width` columns (display width: a CJK character
/// or an emoji takes two), at spaces where possible. The text is escaped first (`\u{1b}`
/// for ESC): messages quote values from files, the environment and the user, and the
/// lines are measured as they will be shown.
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let text = &*escape_control(text);
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let cut = take_columns(&line, width).len();
            let rest = line.split_off(cut);
            lines.push(std::mem::replace(&mut line, rest));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The longest start of `text` that fits `width` columns (at least one character, so a
/// character wider than the width still makes progress).
pub fn take_columns(text: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && i > 0 {
            return &text[..i];
        }
        used += w;
    }
    text
}

/// `text` cut to `width` columns, ending with `…` when it was cut.
pub fn clip(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut kept = take_columns(text, width.saturating_sub(1)).to_string();
    if kept.width() >= width {
        kept.clear();
    }
    kept.push('…');
    kept
}

/// `text` padded with spaces to `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
    padded
}

#[cfg(test)]
mod tests {
    use super::{clip, pad, wrap_text};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        assert_eq!(wrap_text("aaa bbb ccc", 8), ["aaa bbb", "ccc"]);
        assert_eq!(wrap_text("abcdefghijkl", 8), ["abcdefgh", "ijkl"]);
        assert_eq!(wrap_text("", 8), [""]);
    }

    #[test]
    fn wrapped_text_shows_control_characters_as_escapes() {
        let lines = wrap_text("bad '\u{1b}]52;c;aGk=\u{7}' \u{9b}2J", 12);
        assert_eq!(lines.concat(), "bad'\\u{1b}]52;c;aGk=\\u{7}'\\u{9b}2J");
        assert!(lines.iter().all(|l| l.chars().count() <= 12), "{lines:?}");
    }

    #[test]
    fn wide_characters_count_two_columns() {
        // Six CJK characters are twelve columns: they do not fit ten.
        let lines = wrap_text("設定ファイル を保存", 10);
        assert_eq!(lines, ["設定ファイ", "ル を保存"]);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
        assert_eq!(clip("設定ファイル", 7), "設定フ…");
        assert_eq!(clip("🔑🔑🔑", 4), "🔑…");
        assert_eq!(clip("ok", 4), "ok");
        assert_eq!(pad("設定", 6), "設定  ");
    }

    proptest::proptest! {
        /// Whatever the text, wrapped lines hold no character a terminal acts on, fit the
        /// width, and lose nothing but the spaces they were split at.
        #[test]
        fn wrapped_lines_are_terminal_safe_and_fit(text in "(?s).{0,60}", width in 0usize..30) {
            let lines = wrap_text(&text, width);
            let escaped = crate::core::text::escape_control(&text).replace(' ', "");
            proptest::prop_assert_eq!(lines.concat().replace(' ', ""), escaped);
            for line in &lines {
                proptest::prop_assert!(!line.chars().any(super::is_unsafe_for_terminal));
                proptest::prop_assert!(line.width() <= width.max(8));
            }
        }
    }
}
