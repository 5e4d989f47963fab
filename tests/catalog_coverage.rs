//! The catalog covers FastMCP whole: every keyword parameter of every catalog class, in the
//! FastMCP release under test, is a catalog field available in that release, the scope
//! parameter, or listed in the provider's `not_configurable` with its reason; and the
//! catalog's `since`/`removed` agree with the release (`tests/python/check_coverage.py`).
//!
//! [`coverage_problems`] takes the python and its FastMCP version, so the same check runs
//! against every venv the compatibility suite provisions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use fastmcp_auth::core::Catalog;
use serde_json::Value;

mod common;

use common::python::{FASTMCP_VERSION, MANIFEST_DIR, fastmcp_python, tail};

/// Problems `check_coverage.py` finds with `catalog` (JSON) in `python`'s FastMCP, which must
/// be `version`; each prefixed with the catalog type. Panics when the check cannot run.
pub fn coverage_problems(python: &Path, version: &str, catalog: &str) -> Vec<String> {
    let script: PathBuf = Path::new(MANIFEST_DIR).join("tests/python/check_coverage.py");
    let mut child = Command::new(python)
        .arg(&script)
        .arg(version)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(catalog.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "check_coverage.py failed ({}):\n{}",
        output.status,
        tail(&stderr, 20)
    );
    let mut problems = Vec::new();
    let mut checked = 0;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let verdict: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("check_coverage.py printed {line:?}: {e}"));
        checked += 1;
        for problem in verdict["problems"].as_array().unwrap() {
            problems.push(format!(
                "{}: {}",
                verdict["type"].as_str().unwrap(),
                problem.as_str().unwrap()
            ));
        }
    }
    let expected = serde_json::from_str::<Value>(catalog).unwrap()["providers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["custom"] != Value::Bool(true))
        .count();
    assert_eq!(checked, expected, "not every class was checked");
    problems
}

fn builtin_json() -> Value {
    serde_json::to_value(Catalog::builtin()).unwrap()
}

fn provider_mut<'a>(catalog: &'a mut Value, type_name: &str) -> &'a mut Value {
    catalog["providers"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["type"] == type_name)
        .unwrap()
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn every_fastmcp_parameter_is_covered_or_explained() {
    let catalog = builtin_json().to_string();
    let problems = coverage_problems(&fastmcp_python(), FASTMCP_VERSION, &catalog);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check is not vacuous: a parameter dropped from the catalog, one moved to the wrong
/// release, and a class given to a release without it are each reported.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn a_gap_in_the_catalog_is_reported() {
    let mut catalog = builtin_json();
    let google = provider_mut(&mut catalog, "google");
    let fields = google["fields"].as_array_mut().unwrap();
    fields.retain(|f| f["name"] != "timeout_seconds");
    let jwt = provider_mut(&mut catalog, "bearer");
    let field = jwt["fields"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["name"] == "ssrf_safe")
        .unwrap();
    field["since"] = Value::from("99.0.0");
    let auth0_mcp = provider_mut(&mut catalog, "auth0-mcp");
    auth0_mcp["removed"] = Value::from("1.0.0");
    auth0_mcp["since"] = Value::Null;
    let introspection = provider_mut(&mut catalog, "introspection");
    introspection["not_configurable"] = Value::Array(Vec::new());

    let problems = coverage_problems(&fastmcp_python(), FASTMCP_VERSION, &catalog.to_string());
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        has(&format!(
            "google: GoogleProvider (FastMCP {FASTMCP_VERSION}) takes timeout_seconds, which the catalog neither covers"
        )),
        "{problems:#?}"
    );
    assert!(
        has(&format!(
            "bearer: JWTVerifier (FastMCP {FASTMCP_VERSION}) takes ssrf_safe, yet the field's since/removed leave it out"
        )),
        "{problems:#?}"
    );
    assert!(
        has(&format!(
            "auth0-mcp: Auth0MCPProvider (FastMCP {FASTMCP_VERSION}) exists"
        )),
        "{problems:#?}"
    );
    assert!(
        has(&format!(
            "introspection: IntrospectionTokenVerifier (FastMCP {FASTMCP_VERSION}) takes http_client"
        )),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 4, "{problems:#?}");
}
