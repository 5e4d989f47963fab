//! The core builder library: the MCPStore auth API in Rust. No terminal code lives here;
//! the CLI and the wizard both go through it.

mod builders;
pub mod catalog;
pub mod compat;
pub mod composite;
pub mod deployment;
mod error;
pub mod exact_json;
mod fastmcp_version;
pub(crate) mod generate;
pub mod load;
pub(crate) mod pem_key;
#[doc(hidden)]
pub mod redaction;
mod token;
pub(crate) mod types;
pub(crate) mod value;
mod warning;

// Predicates the front ends share and the integration tests use as oracles; not API.
#[doc(hidden)]
pub mod service;
#[doc(hidden)]
pub mod stdlib_modules;
#[doc(hidden)]
pub mod text;
#[doc(hidden)]
pub mod validate;

pub use builders::{AuthContext, AuthProviderBuilder, AuthServiceBuilder};
pub use catalog::{Catalog, FieldKind, FieldSpec, ProviderSpec, VerifierField};
pub use deployment::{Deployment, Storage};
pub use error::{AuthError, ProblemKind, Result};
pub use exact_json::{ExactJsonError, parse_exact};
pub use fastmcp_version::{FastmcpVersion, VersionParseError, VersionRange};
pub use generate::{
    Generated, generate_fastmcp_auth_config, generate_with_catalog, generate_with_warnings,
};
pub use load::{LoadedConfig, ShapeError, parse_document};
pub use token::{AuthTokenBuilder, Clock, FixedClock, SystemClock};
pub use types::{AuthProviderConfig, AuthProviderType, FastMCPAuthConfig, JWTPayloadConfig};
pub use value::{EnvNameProblem, EnvVarName, ParamValue, Secret, looks_like_credential};
pub use warning::{Warning, WarningKind};
