//! One module per wizard step: its state, how it handles keys, and how it draws.

pub mod credentials;
pub mod done;
pub mod preview;
pub mod provider;
pub mod save;
pub mod scopes;

/// What a step asks of the wizard after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepEvent {
    None,
    /// The user wants the next step (the wizard validates first).
    Continue,
}

use tui_input::Input;

use crate::core::text::{escape_control, is_unsafe_for_terminal};

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

/// What an input box `width` characters wide shows of `input`, and the cursor's column in
/// it: scrolled to keep the cursor in sight, with control characters escaped (a value from
/// an edited file or the environment may hold some) and the cursor placed after them.
pub fn input_view(input: &Input, width: usize) -> (String, usize) {
    if !input.value().chars().any(is_unsafe_for_terminal) {
        let scroll = input.visual_scroll(width);
        let shown = input.value().chars().skip(scroll).take(width).collect();
        return (shown, input.visual_cursor().saturating_sub(scroll));
    }
    let cursor = escaped_cursor(input);
    let scroll = cursor.max(width) - width;
    let shown = escape_control(input.value())
        .chars()
        .skip(scroll)
        .take(width)
        .collect();
    (shown, cursor - scroll)
}

/// The cursor's column in the escaped form of `input`'s value.
pub fn escaped_cursor(input: &Input) -> usize {
    if !input.value().chars().any(is_unsafe_for_terminal) {
        return input.visual_cursor();
    }
    let before: String = input.value().chars().take(input.cursor()).collect();
    escape_control(&before).chars().count()
}

#[cfg(test)]
mod tests {
    use super::{Input, input_view, wrap_text};

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

        /// An input box shows no raw control character, fits its width, and its cursor
        /// stays inside it.
        #[test]
        fn input_view_is_terminal_safe_and_fits(
            text in "(?s).{0,40}",
            cursor in 0usize..45,
            width in 1usize..30,
        ) {
            let input = Input::new(text.clone());
            let input = input.with_cursor(cursor.min(text.chars().count()));
            let (shown, column) = input_view(&input, width);
            proptest::prop_assert!(!shown.chars().any(super::is_unsafe_for_terminal));
            proptest::prop_assert!(shown.chars().count() <= width);
            proptest::prop_assert!(column <= width);
        }
    }

    #[test]
    fn input_view_escapes_and_keeps_the_cursor_after_the_escape() {
        let input = Input::new("a\u{1b}b".into());
        assert_eq!(input_view(&input, 20), ("a\\u{1b}b".to_string(), 8));
        let input = input.with_cursor(2);
        assert_eq!(input_view(&input, 20).1, 7);
        // Scrolled: the cursor stays inside the box.
        let (shown, cursor) = input_view(&Input::new("\u{1b}".repeat(10)), 12);
        assert_eq!((shown.chars().count(), cursor), (12, 12));
    }
}
