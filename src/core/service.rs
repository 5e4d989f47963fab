//! Service names. A service name becomes a file name (`<service>.json`), a key-pair
//! directory, the name FastMCP reports and a word in generated files, so one rule holds
//! wherever a name enters: the CLI's `--service`, the builders, a loaded file, the wizard.

use super::error::AuthError;
use super::text::escape_control;

/// The longest service name accepted.
pub const MAX_SERVICE_NAME: usize = 64;

/// Checks a service name: 1-64 ASCII letters, digits, `-`, `_` or `.`, not starting with
/// `.` (so it cannot name a hidden file or a parent directory).
pub fn check_service_name(name: &str) -> Result<(), AuthError> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if name.is_empty() || name.len() > MAX_SERVICE_NAME || name.starts_with('.') || !ok_chars {
        return Err(AuthError::InvalidServiceName {
            shown: shown_name(name),
        });
    }
    Ok(())
}

/// The name as an error shows it: control characters escaped, and cut short so a
/// pasted document does not flood the message.
fn shown_name(name: &str) -> String {
    const SHOWN: usize = 80;
    let cut: String = name.chars().take(SHOWN).collect();
    let ellipsis = if name.chars().count() > SHOWN {
        "…"
    } else {
        ""
    };
    format!("{}{ellipsis}", escape_control(&cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_file_name_safe_names() {
        for good in ["payments-api_v2.1", "a", &"x".repeat(64)] {
            assert!(check_service_name(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn refuses_paths_hidden_names_and_code() {
        let hostile = "x\"\"\"\nimport os; os.system(\"id\")\n\"\"\"";
        for bad in [
            "",
            ".hidden",
            "a/b",
            "a b",
            "..",
            &"x".repeat(65),
            hostile,
            "é",
            "a\u{1b}[2J",
        ] {
            let err = check_service_name(bad).unwrap_err().to_string();
            assert!(err.contains("example: payments-api"), "{bad}: {err}");
            assert!(!err.contains('\n') && !err.contains('\u{1b}'), "{err}");
        }
    }
}
