//! One module per wizard step: its state, how it handles keys, and how it draws.

pub mod credentials;
pub mod deployment;
pub mod done;
pub mod preview;
pub mod provider;
pub mod save;
pub mod scopes;
pub mod verifiers;

/// What a step asks of the wizard after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepEvent {
    None,
    /// The user wants the next step (the wizard validates first).
    Continue,
}

use crate::core::text::escape_control;
#[cfg(test)]
use crate::core::text::is_unsafe_for_terminal;

/// Splits `text` into lines of at most `width` characters, at spaces where possible. The
/// text is escaped first (`\u{1b}` for ESC): messages quote values from files, the
/// environment and the user, and the lines are measured as they will be shown.
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let text = &*escape_control(text);
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            word.chars().count()
        } else {
            line.chars().count() + 1 + word.chars().count()
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > width {
            let head: String = line.chars().take(width).collect();
            line = line.chars().skip(width).collect();
            lines.push(head);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap_text;

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
                proptest::prop_assert!(line.chars().count() <= width.max(8));
            }
        }
    }
}
