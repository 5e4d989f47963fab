//! FastMCP version compatibility (issue 13).

mod common;

use common::python::{COMPAT_VERSIONS, fastmcp_pythons_for};

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn every_compat_version_has_a_venv() {
    for (v, python) in COMPAT_VERSIONS
        .iter()
        .zip(fastmcp_pythons_for(&COMPAT_VERSIONS))
    {
        let python = python.unwrap_or_else(|e| panic!("{v}: {e}"));
        let out = std::process::Command::new(&python)
            .args(["-c", "import fastmcp; print(fastmcp.__version__)"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            *v,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
