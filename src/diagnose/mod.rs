//! Diagnosing a saved config: replaying FastMCP's token checks (`verify`) and checking what
//! the config points at on the network (`doctor`). Used by the CLI only; nothing here
//! writes files.

pub mod b64;
pub mod doctor;
pub mod fastmcp_probe;
pub mod http;
pub mod jwt;
pub mod report;
pub mod target;
