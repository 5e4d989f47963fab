//! One line per check: what was checked, its outcome, the value found and the value
//! expected. Everything that came from a token, a config or a remote document is escaped
//! for the terminal when the line is rendered.

use crate::core::text::escape_control;

/// A check's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Ok,
    Problem,
    /// The check could not run; the reason says why.
    Skipped(String),
    /// Shown for information; never decides anything (e.g. a claim FastMCP ignores).
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub status: Status,
    /// What the check saw (a masked or public value, never a secret).
    pub found: String,
    /// What FastMCP needs; empty when there is nothing to compare with.
    pub expected: String,
}

impl Check {
    pub fn new(
        name: &str,
        status: Status,
        found: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        Check {
            name: name.to_string(),
            status,
            found: found.into(),
            expected: expected.into(),
        }
    }

    pub fn ok(name: &str, found: impl Into<String>, expected: impl Into<String>) -> Self {
        Check::new(name, Status::Ok, found, expected)
    }

    pub fn problem(name: &str, found: impl Into<String>, expected: impl Into<String>) -> Self {
        Check::new(name, Status::Problem, found, expected)
    }

    pub fn skipped(name: &str, why: impl Into<String>) -> Self {
        Check::new(name, Status::Skipped(why.into()), "", "")
    }

    pub fn note(name: &str, found: impl Into<String>, expected: impl Into<String>) -> Self {
        Check::new(name, Status::Note, found, expected)
    }

    pub fn is_problem(&self) -> bool {
        self.status == Status::Problem
    }

    /// `ok       signature  found: …; expected: …`, escaped for the terminal.
    pub fn render(&self) -> String {
        let status = match &self.status {
            Status::Ok => "ok",
            Status::Problem => "problem",
            Status::Skipped(_) => "skipped",
            Status::Note => "note",
        };
        let mut line = format!("{status:<8} {:<12}", self.name);
        if let Status::Skipped(why) = &self.status {
            line.push_str(&format!(" ({why})"));
        }
        if !self.found.is_empty() {
            line.push_str(&format!(" found: {}", self.found));
        }
        if !self.expected.is_empty() {
            let sep = if self.found.is_empty() { " " } else { "; " };
            line.push_str(&format!("{sep}expected: {}", self.expected));
        }
        format!("{}\n", escape_control(line.trim_end()))
    }
}

/// Checks in the order they ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    pub fn push(&mut self, check: Check) {
        self.checks.push(check);
    }

    pub fn has_problem(&self) -> bool {
        self.checks.iter().any(Check::is_problem)
    }

    pub fn render(&self) -> String {
        self.checks.iter().map(Check::render).collect()
    }
}

/// A JSON value as Python's `repr` would make it recognisable, shortened to `max` chars.
pub fn show_value(value: &serde_json::Value) -> String {
    let text = match value {
        serde_json::Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    };
    shorten(&text, 200)
}

pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_remote_values_are_escaped() {
        let line = Check::problem("iss", "\"evil\u{1b}[2J\"", "x").render();
        assert!(!line.contains('\u{1b}'), "{line:?}");
        assert!(line.contains("\\u{1b}"), "{line:?}");
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
    }

    #[test]
    fn newline_in_a_value_cannot_forge_a_second_line() {
        let line = Check::ok("aud", "a\nok       signature", "").render();
        assert_eq!(line.matches('\n').count(), 1, "{line:?}");
    }
}
