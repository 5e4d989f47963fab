//! Helpers shared by integration tests.

pub mod cli;
pub mod http;
pub mod python;
pub mod readback;
