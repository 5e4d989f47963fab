//! The compatibility suite's case table, `tests/data/compat_cases.json`: sample `generate`
//! arguments for every catalog provider type, and the fixture files they name. Read by
//! `fastmcp_compat` (one FastMCP release, every check) and `fastmcp_versions` (every case
//! against each release in `COMPAT_VERSIONS`).

#![allow(dead_code)] // each test binary uses its own subset

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use super::python::MANIFEST_DIR;

/// One `generate --provider <provider> <args>` run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseData {
    pub name: String,
    /// Catalog type name (not an alias).
    pub provider: String,
    /// Why the case exists, when it is not just "this provider".
    #[serde(default)]
    pub why: Option<String>,
    /// `{DISCOVERY_URL}` and `{FIXTURE}` are filled in by [`CaseTable::fill`].
    pub args: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseTable {
    pub about: String,
    /// Placeholder name → file contents.
    pub fixtures: BTreeMap<String, String>,
    pub cases: Vec<CaseData>,
}

/// The table, read once.
pub fn case_table() -> &'static CaseTable {
    static TABLE: OnceLock<CaseTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let path = Path::new(MANIFEST_DIR).join("tests/data/compat_cases.json");
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    })
}

impl CaseTable {
    pub fn case(&self, name: &str) -> &CaseData {
        self.cases
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no compat case {name:?}"))
    }

    pub fn fixture(&self, name: &str) -> &str {
        &self.fixtures[name]
    }

    /// Writes every fixture into `dir`; returns placeholder → path.
    pub fn write_fixtures(&self, dir: &Path) -> BTreeMap<String, PathBuf> {
        self.fixtures
            .iter()
            .map(|(name, text)| {
                let path = dir.join(name.to_ascii_lowercase());
                fs::write(&path, text).unwrap();
                (name.clone(), path)
            })
            .collect()
    }
}

/// `arg` with `{DISCOVERY_URL}` and each `{FIXTURE}` filled in.
pub fn fill(arg: &str, discovery_url: &str, files: &BTreeMap<String, PathBuf>) -> String {
    files.iter().fold(
        arg.replace("{DISCOVERY_URL}", discovery_url),
        |arg, (name, path)| arg.replace(&format!("{{{name}}}"), &path.to_string_lossy()),
    )
}

/// `NAME` for every `${NAME}` in `text`: the variables a printed config refers to.
pub fn env_references(text: &str) -> Vec<String> {
    text.split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.to_string())
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect()
}
