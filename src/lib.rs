#![deny(missing_docs)]
//! fastmcp-auth: build FastMCP authentication configs that today's FastMCP accepts.
//!
//! - [`core`]: the builder library (the MCPStore auth API), catalog-driven validation.
//! - [`export`]: the config as JSON, FastMCP server code, a `.env` template.
//! - `persist` (feature `persist`): saving and listing configs on disk.

pub mod core;
pub mod export;

#[cfg(feature = "persist")]
pub mod persist;

// The front ends: the binary and the integration tests need them, library users do not.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
#[cfg(feature = "devkeys")]
#[doc(hidden)]
pub mod devkeys;
#[cfg(feature = "diagnose")]
#[doc(hidden)]
pub mod diagnose;
#[cfg(feature = "tui")]
#[doc(hidden)]
pub mod tui;
