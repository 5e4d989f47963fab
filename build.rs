//! `FASTMCP_AUTH_SKIP_PYTHON=1` becomes the `skip_python` cfg, so the test binaries mark
//! their FastMCP-backed tests `#[ignore]` and libtest reports them as ignored, not passed.
//! (libtest cannot ignore a test at run time.)

fn main() {
    println!("cargo::rustc-check-cfg=cfg(skip_python)");
    println!("cargo::rerun-if-env-changed=FASTMCP_AUTH_SKIP_PYTHON");
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var_os("FASTMCP_AUTH_SKIP_PYTHON").is_some_and(|v| v == "1") {
        println!("cargo::rustc-cfg=skip_python");
    }
}
