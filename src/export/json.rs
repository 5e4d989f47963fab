//! JSON output that is safe to print: serde_json escapes C0 controls, `"` and `\`; this
//! formatter also escapes DEL, C1 controls, bidirectional overrides and invisible
//! separators as `\uXXXX`. The result is still standard JSON and parses back to the same
//! value, but never carries a character that acts on a terminal.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};

use super::must_escape;

/// `value` as pretty JSON (serde_json's layout) with a trailing newline.
pub fn to_pretty_json(value: &impl Serialize) -> String {
    let mut bytes = Vec::new();
    let mut serializer =
        Serializer::with_formatter(&mut bytes, SafeFormatter(PrettyFormatter::new()));
    // Serialising plain data into memory cannot fail: every map key is a string.
    let _ = value.serialize(&mut serializer);
    let mut text = String::from_utf8(bytes).unwrap_or_default();
    text.push('\n');
    text
}

/// `value` as compact JSON, escaped like [`to_pretty_json`], that also has no `'`, `\`, `$` or `` ` `` outside its escapes
/// (each is written `\uXXXX`, a backslash in a string too), so it can be single-quoted
/// for a shell and python-dotenv alike (see `dotenv`).
pub fn to_shell_safe_json(value: &impl Serialize) -> String {
    compact(value, ShellSafe)
}

fn compact(value: &impl Serialize, formatter: impl Formatter) -> String {
    let mut bytes = Vec::new();
    let mut serializer = Serializer::with_formatter(&mut bytes, formatter);
    let _ = value.serialize(&mut serializer);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Wraps a layout formatter; only the writing of string contents changes.
struct SafeFormatter<F>(F);

/// Writes every character of `fragment` for which `escape` holds as `\uXXXX` escapes.
fn write_escaping<W: ?Sized + io::Write>(
    writer: &mut W,
    fragment: &str,
    escape: impl Fn(char) -> bool,
) -> io::Result<()> {
    let mut start = 0;
    for (i, c) in fragment.char_indices() {
        if escape(c) {
            writer.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
    }
    writer.write_all(&fragment.as_bytes()[start..])
}

/// Compact layout; escapes like [`SafeFormatter`] and also what a shell or python-dotenv
/// treats specially.
struct ShellSafe;

impl Formatter for ShellSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_escaping(writer, fragment, |c| {
            must_escape(c) || matches!(c, '\'' | '$' | '`')
        })
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        match escape {
            serde_json::ser::CharEscape::ReverseSolidus => writer.write_all(b"\\u005c"),
            other => CompactFormatter.write_char_escape(writer, other),
        }
    }
}

impl<F: Formatter> Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_escaping(writer, fragment, must_escape)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::is_unsafe_for_terminal;
    use serde_json::{Value, json};

    #[test]
    fn escapes_what_serde_json_leaves_raw_and_round_trips() {
        let hostile = "a\u{7f}b\u{9b}2J\u{202e}c\u{2028}d\u{1b}e\"\\ 日本 ✓ \u{1f600}";
        let value = json!({"k\u{85}": [hostile]});
        for text in [to_pretty_json(&value), to_shell_safe_json(&value)] {
            let unsafe_char = |c: char| c != '\n' && is_unsafe_for_terminal(c);
            assert!(!text.chars().any(unsafe_char), "{text}");
            assert!(
                text.contains("\\u007f") && text.contains("\\u202e"),
                "{text}"
            );
            assert!(
                text.contains("日本 ✓ \u{1f600}"),
                "printable text stays: {text}"
            );
            let back: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn shell_safe_json_has_nothing_quoting_cares_about() {
        let value = json!({"it's $HOME `id`": ["a\\b", "\"${X}\"", "\u{1b}\n"]});
        let text = to_shell_safe_json(&value);
        assert!(
            !text.contains(['\'', '$', '`']) && !text.contains("\\\\") && !text.ends_with('\\'),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
        assert_eq!(
            crate::export::dotenv::dotenv_value(&text),
            Ok(format!("'{text}'"))
        );
    }

    #[test]
    fn layout_is_serde_jsons() {
        let value = json!({"a": [1, 2.5, null, true], "b": {"c": "d"}, "e": []});
        assert_eq!(
            to_pretty_json(&value),
            format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
        );
    }
}
