//! The core builder library: the MCPStore auth API in Rust. No terminal code lives here;
//! the CLI and the wizard both go through it.

pub mod builders;
pub mod catalog;
pub mod deployment;
pub mod error;
pub mod exact_json;
pub mod generate;
pub mod load;
pub mod service;
pub mod stdlib_modules;
pub mod text;
pub mod token;
pub mod types;
pub mod validate;
pub mod value;

pub use builders::{AuthContext, AuthProviderBuilder, AuthServiceBuilder};
pub use catalog::{Catalog, FieldKind, FieldSpec, ProviderSpec};
pub use deployment::{Deployment, Storage};
pub use error::{AuthError, Result};
pub use generate::{Generated, generate_fastmcp_auth_config, generate_with_warnings};
pub use token::{AuthTokenBuilder, Clock, FixedClock, SystemClock};
pub use types::{AuthProviderConfig, AuthProviderType, FastMCPAuthConfig, JWTPayloadConfig};
pub use value::{EnvNameProblem, EnvVarName, ParamValue, Secret, looks_like_credential};
