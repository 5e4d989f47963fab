//! JSON text whose numbers survive parsing exactly. serde_json reads a number that does not
//! fit a 64-bit integer or a double by rounding it (`9007199254740993.0` becomes
//! `9007199254740992.0`, `1e-400` becomes `0.0`), so a value typed by a user would be
//! written back as another one. Such numbers are refused instead.

use serde_json::Value;
use thiserror::Error;

/// Why a JSON text was refused. The text itself is not repeated: it may hold a secret.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ExactJsonError {
    /// Not JSON; the parser's message.
    #[error("not valid JSON ({0})")]
    Syntax(String),
    /// A number cannot be represented exactly.
    #[error(
        "the number at character {position} cannot be stored exactly (integers must fit in \
         64 bits, other numbers in a double without rounding); write it as a string"
    )]
    Inexact {
        /// Byte offset of the number.
        position: usize,
    },
}

/// Parses `text` as JSON, refusing any number that would not be read back as written.
///
/// # Errors
///
/// [`ExactJsonError::Syntax`] for text that is not JSON, [`ExactJsonError::Inexact`] for a number that would change on reading.
pub fn parse_exact(text: &str) -> Result<Value, ExactJsonError> {
    // serde_json refuses some numbers it cannot hold (`1e400`) as a syntax error: those
    // are reported as numbers too. Its messages give a line and column, never the text.
    let parsed = serde_json::from_str::<Value>(text);
    let inexact = number_literals(text)
        .into_iter()
        .find(|(_, literal)| is_json_number(literal) && !is_exact(literal));
    match (parsed, inexact) {
        (_, Some((offset, _))) => Err(ExactJsonError::Inexact {
            position: text[..offset].chars().count() + 1,
        }),
        (Ok(value), None) => Ok(value),
        (Err(e), None) => Err(ExactJsonError::Syntax(e.to_string())),
    }
}

/// RFC 8259's number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_json_number(literal: &str) -> bool {
    fn digits(text: &str) -> usize {
        text.bytes().take_while(u8::is_ascii_digit).count()
    }
    let rest = literal.strip_prefix('-').unwrap_or(literal);
    let whole = digits(rest);
    if whole == 0 || (whole > 1 && rest.starts_with('0')) {
        return false;
    }
    let mut rest = &rest[whole..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let n = digits(exponent);
        if n == 0 {
            return false;
        }
        rest = &exponent[n..];
    }
    rest.is_empty()
}

/// The number literals of a valid JSON text, with their byte offsets (strings skipped).
fn number_literals(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                found.push((start, &text[start..i]));
            }
            _ => i += 1,
        }
    }
    found
}

/// Whether the number `literal` (valid JSON syntax) parses to the same value it writes.
fn is_exact(literal: &str) -> bool {
    let is_integer = !literal.contains(['.', 'e', 'E']);
    if is_integer {
        // serde_json keeps these as integers; anything larger becomes a rounded double.
        return literal.parse::<i64>().is_ok() || literal.parse::<u64>().is_ok();
    }
    match literal.parse::<f64>() {
        // `{:e}` is the shortest text that reads back as the same double.
        Ok(double) if double.is_finite() => decimal(literal) == decimal(&format!("{double:e}")),
        _ => false,
    }
}

/// A decimal number as (negative, significant digits, exponent of the last digit), so that
/// `1.50`, `15e-1` and `1.5e0` compare equal. Zero is `(false, "", 0)` whatever its sign.
fn decimal(literal: &str) -> (bool, String, i64) {
    let (negative, unsigned) = match literal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, literal),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    let mut exponent = exponent - fraction.len() as i64;
    let trimmed_end = digits.trim_end_matches('0');
    exponent += (digits.len() - trimmed_end.len()) as i64;
    let significant = trimmed_end.trim_start_matches('0').to_string();
    if significant.is_empty() {
        return (false, String::new(), 0);
    }
    (negative, significant, exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_round_are_refused() {
        for lossy in [
            "1e400",
            "-1e400",
            "1e-400",
            "9007199254740993.0",
            "9007199254740993e0",
            "18446744073709551616",
            "-9223372036854775809",
            "0.1000000000000000000000001",
            "[1, {\"a\": 123456789012345678901234567890}]",
        ] {
            assert!(
                matches!(parse_exact(lossy), Err(ExactJsonError::Inexact { .. })),
                "{lossy} accepted"
            );
        }
        let err = parse_exact("{\"a\": 1, \"b\": 1e999}").unwrap_err();
        assert_eq!(err, ExactJsonError::Inexact { position: 15 });
    }

    #[test]
    fn numbers_that_fit_are_kept() {
        for exact in [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "30",
            "0.1",
            "1.50",
            "1E2",
            "2.5e-3",
            "9007199254740992.0",
            "18446744073709551615",
            "-9223372036854775808",
            "1.7976931348623157e308",
            "5e-324",
            "[\"1e400 in a string\", \"\\\"9007199254740993.0\"]",
        ] {
            assert!(parse_exact(exact).is_ok(), "{exact} refused");
        }
    }

    #[test]
    fn malformed_numbers_are_syntax_errors() {
        for bad in ["-", "01", "1.", ".5", "1e", "--1", "[1,]"] {
            assert!(
                matches!(parse_exact(bad), Err(ExactJsonError::Syntax(_))),
                "{bad}: {:?}",
                parse_exact(bad)
            );
        }
    }

    #[test]
    fn syntax_errors_do_not_repeat_the_text() {
        let err = parse_exact("{\"Zq81xVw27pLk03mNb4Rt\": ")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("not valid JSON"), "{err}");
        assert!(!err.contains("Zq81"), "{err}");
    }
}
