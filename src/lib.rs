#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod core;
pub mod export;

#[cfg(feature = "persist")]
pub mod persist;

// The front ends: the binary and the integration tests need them, library users do not.
#[cfg(feature = "cli")]
#[doc(hidden)]
#[allow(rustdoc::invalid_html_tags)] // its doc comments are clap's --help text: `<file>.bak`
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

// The Python extension module `fastmcp_auth._native` (built by maturin for the wheel).
#[cfg(feature = "python")]
mod python;
