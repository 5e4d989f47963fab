//! fastmcp-auth: build FastMCP authentication configs that today's FastMCP accepts.
//!
//! - [`core`]: the builder library (the MCPStore auth API), catalog-driven validation.
//! - [`cli`]: the non-interactive command line over `core`.

pub mod core;
pub mod export;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "devkeys")]
pub mod devkeys;
#[cfg(feature = "diagnose")]
pub mod diagnose;
#[cfg(feature = "persist")]
pub mod persist;
#[cfg(feature = "tui")]
pub mod tui;
