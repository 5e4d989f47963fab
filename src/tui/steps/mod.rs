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

/// Splits `text` into lines of at most `width` characters, at spaces where possible.
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
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
}
