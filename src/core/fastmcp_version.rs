//! FastMCP release numbers, as the catalog records them (`since`, `removed`) and as an
//! operator names a target (`4.2`, `3.4.11`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A FastMCP release: `major.minor.patch`. A target given as `major.minor` means that
/// minor series' first release (`4.2` = `4.2.0`), so it never claims a feature a later
/// patch added.
///
/// # Examples
///
/// ```
/// use fastmcp_auth::core::FastmcpVersion;
///
/// let target: FastmcpVersion = "3.4".parse().unwrap();
/// assert!(target < "3.4.11".parse().unwrap());
/// assert!(target >= "2.14.7".parse().unwrap());
/// assert_eq!(target.to_string(), "3.4.0");
/// assert!("3.x".parse::<FastmcpVersion>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FastmcpVersion {
    /// The major release.
    pub major: u16,
    /// The minor release.
    pub minor: u16,
    /// The patch release.
    pub patch: u16,
}

impl FastmcpVersion {
    /// The version with these parts.
    pub const fn new(major: u16, minor: u16, patch: u16) -> Self {
        FastmcpVersion {
            major,
            minor,
            patch,
        }
    }
}

/// Why a text is not a FastMCP version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a FastMCP version: expected MAJOR.MINOR or MAJOR.MINOR.PATCH (example: 4.2.3)")]
pub struct VersionParseError;

impl FromStr for FastmcpVersion {
    type Err = VersionParseError;

    /// Accepts `4`, `4.2` and `4.2.3`; a pre-release or local suffix from
    /// `fastmcp.__version__` (`4.2.3rc1`, `4.2.3+local`) is cut off, since releases are
    /// what the catalog records.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim().trim_start_matches('v');
        let release = text
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .unwrap_or("");
        let mut parts = release.split('.');
        let mut next = |required: bool| -> Result<u16, VersionParseError> {
            match parts.next() {
                Some(p) if !p.is_empty() && p.len() <= 5 => {
                    p.parse().map_err(|_| VersionParseError)
                }
                None if !required => Ok(0),
                _ => Err(VersionParseError),
            }
        };
        let version = FastmcpVersion::new(next(true)?, next(false)?, next(false)?);
        // More than three parts (`4.2.3.1`) only appear on the 2.13.0.x hotfixes; a fourth
        // part is a post-release of the same API, so it is accepted and ignored.
        match release.split('.').count() {
            1..=4 if !release.ends_with('.') => Ok(version),
            _ => Err(VersionParseError),
        }
    }
}

impl fmt::Display for FastmcpVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Serialize for FastmcpVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FastmcpVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The releases a catalog entry exists in: from `since` (inclusive) until `removed`
/// (exclusive). Absent bounds mean "as far back / forward as the catalog knows".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionRange {
    /// The first release that has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<FastmcpVersion>,
    /// The first release that no longer has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<FastmcpVersion>,
}

impl VersionRange {
    /// Whether `version` has it.
    pub fn contains(&self, version: FastmcpVersion) -> bool {
        self.since.is_none_or(|s| version >= s) && self.removed.is_none_or(|r| version < r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> FastmcpVersion {
        text.parse().unwrap()
    }

    #[test]
    fn short_forms_mean_the_series_first_release() {
        assert_eq!(v("4"), FastmcpVersion::new(4, 0, 0));
        assert_eq!(v("4.2"), FastmcpVersion::new(4, 2, 0));
        assert_eq!(v(" v2.14.7 "), FastmcpVersion::new(2, 14, 7));
        assert_eq!(v("2.13.0.2"), FastmcpVersion::new(2, 13, 0));
        assert_eq!(v("4.2.3rc1"), FastmcpVersion::new(4, 2, 3));
        assert_eq!(v("4.2.3+local"), FastmcpVersion::new(4, 2, 3));
    }

    #[test]
    fn malformed_versions_are_refused() {
        for bad in [
            "",
            "x",
            "4.",
            "4..1",
            ".4",
            "4.x",
            "99999999.1",
            "1.2.3.4.5",
            "latest",
        ] {
            assert!(bad.parse::<FastmcpVersion>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn numeric_not_lexical_order() {
        assert!(v("2.9.0") < v("2.14.7"));
        assert!(v("3.4.11") > v("3.4.9"));
    }

    #[test]
    fn range_bounds_are_inclusive_then_exclusive() {
        let range = VersionRange {
            since: Some(v("3.0.0")),
            removed: Some(v("4.0.0")),
        };
        assert!(!range.contains(v("2.14.7")));
        assert!(range.contains(v("3.0.0")));
        assert!(range.contains(v("3.4.11")));
        assert!(!range.contains(v("4.0.0")));
        assert!(VersionRange::default().contains(v("2.12.0")));
    }
}
