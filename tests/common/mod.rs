//! Helpers shared by integration tests.

pub mod cli;
pub mod compat_cases;
pub mod http;
pub mod python;
pub mod readback;
