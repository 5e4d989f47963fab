//! fastmcp-auth: build FastMCP authentication configs that today's FastMCP accepts.
//!
//! - [`core`]: the builder library (the MCPStore auth API), catalog-driven validation.
//! - [`cli`]: the non-interactive command line over `core`.

pub mod cli;
pub mod core;
pub mod devkeys;
pub mod diagnose;
pub mod export;
pub mod persist;
#[cfg(feature = "python")]
mod python;
pub mod tui;
