//! Helpers shared by integration tests.

pub mod cli;
pub mod python;
pub mod readback;
