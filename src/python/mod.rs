//! `fastmcp_auth._native`: the core builder library for Python (PyO3, abi3), and the
//! command line run in-process for the wheel's `fastmcp-auth` script. The Python package
//! (`python/fastmcp_auth/`) re-exports it and adds `build_provider`.
//!
//! Names and call shapes are the specification's, with `store.for_store().` dropped:
//! `auth_service("api").require_scopes("read", "write").use_bearer_auth(jwks_uri=…, …)`.

mod builders;
mod config;
mod convert;
mod errors;

use std::ffi::OsString;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use self::builders::{PyProviderBuilder, PyServiceBuilder, PyTokenBuilder, config_to_py, param};
use self::errors::to_py_err;
use crate::core::{AuthContext, AuthProviderConfig, AuthProviderType};

/// Auth for one named service: scopes plus one provider.
#[pyfunction]
fn auth_service(service_name: String) -> PyServiceBuilder {
    PyServiceBuilder::new(service_name)
}

/// A provider of any catalog type (`bearer`, `google`, `azure`, …); an unknown type raises
/// `UnknownProviderTypeError` listing the known ones.
#[pyfunction]
fn auth_provider(py: Python<'_>, provider_type: &str) -> PyResult<PyProviderBuilder> {
    let inner = AuthContext::new()
        .auth_provider(provider_type)
        .map_err(|e| to_py_err(py, e))?;
    Ok(PyProviderBuilder { inner })
}

/// The claims of a JWT for `client_id`.
#[pyfunction]
fn auth_jwt_payload(client_id: &str) -> PyTokenBuilder {
    PyTokenBuilder::new(client_id)
}

/// Same as `auth_jwt_payload`.
#[pyfunction]
fn auth_token(client_id: &str) -> PyTokenBuilder {
    PyTokenBuilder::new(client_id)
}

/// The specification's `generate_fastmcp_auth_config(AuthProviderConfig(...))`: the
/// provider as a builder, a dict, or keyword arguments (`provider_type="bearer",
/// jwks_uri=…`); `required_scopes`, `enabled`, `embed_secrets` and a nested `config` dict
/// are read as the specification's `AuthProviderConfig` attributes, anything else is a field.
#[pyfunction]
#[pyo3(signature = (provider = None, **fields))]
fn generate_fastmcp_auth_config<'py>(
    py: Python<'py>,
    provider: Option<&Bound<'py, PyAny>>,
    fields: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some(builder) = provider.and_then(|p| p.cast::<PyProviderBuilder>().ok()) {
        if fields.is_some_and(|f| !f.is_empty()) {
            return Err(PyTypeError::new_err(
                "generate_fastmcp_auth_config: give a builder or fields, not both",
            ));
        }
        let config = builder
            .borrow()
            .inner
            .generate_fastmcp_config()
            .map_err(|e| to_py_err(py, e))?;
        return config_to_py(py, &config);
    }
    let all = PyDict::new(py);
    if let Some(provider) = provider {
        let dict = provider.cast::<PyDict>().map_err(|_| {
            PyTypeError::new_err(
                "generate_fastmcp_auth_config: give an AuthProviderBuilder, a dict or keyword \
                 arguments (example: provider_type=\"bearer\", jwks_uri=...)",
            )
        })?;
        all.update(dict.as_mapping())?;
    }
    if let Some(fields) = fields {
        all.update(fields.as_mapping())?;
    }
    let config = provider_config(&all)?;
    let generated =
        crate::core::generate_fastmcp_auth_config(&config).map_err(|e| to_py_err(py, e))?;
    config_to_py(py, &generated)
}

/// An `AuthProviderConfig` from the specification's attributes.
fn provider_config(all: &Bound<'_, PyDict>) -> PyResult<AuthProviderConfig> {
    let py = all.py();
    let type_name: String = match all.get_item("provider_type")? {
        Some(value) if !value.is_none() => value.str()?.to_cow()?.into_owned(),
        _ => {
            return Err(to_py_err(
                py,
                crate::core::AuthError::MissingField {
                    provider: "AuthProviderConfig".into(),
                    field: "provider_type".into(),
                    example: "bearer".into(),
                },
            ));
        }
    };
    let provider_type: AuthProviderType = type_name.parse().map_err(|e| to_py_err(py, e))?;
    let mut config = AuthProviderConfig::new(provider_type);
    for (key, value) in all.iter() {
        let key: String = key.extract()?;
        match key.as_str() {
            "provider_type" => {}
            "enabled" => config.enabled = value.extract()?,
            "embed_secrets" => config.embed_secrets = value.extract()?,
            "required_scopes" => {
                if !value.is_none() {
                    config.required_scopes = value.extract()?;
                }
            }
            "config" => {
                if !value.is_none() {
                    for (name, item) in value.cast::<PyDict>()?.iter() {
                        let name: String = name.extract()?;
                        let item = param(&item, &name)?;
                        config.set(&name, item);
                    }
                }
            }
            // The specification's optional attributes: None means "not set".
            _ if value.is_none() => {}
            _ => config.set(&key, param(&value, &key)?),
        }
    }
    Ok(config)
}

/// Runs the command line with `argv` (argv[0] is the program name) on this process's
/// standard streams; returns the exit status. The GIL is released meanwhile.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    py.detach(|| {
        let mut args = argv;
        if args.len() <= 1 {
            args.truncate(1);
            if args.is_empty() {
                args.push("fastmcp-auth".into());
            }
            args.push("wizard".into());
        }
        let mut stdout = std::io::stdout().lock();
        let mut stderr = std::io::stderr().lock();
        let code = crate::cli::run(args, &mut stdout, &mut stderr);
        exit_status(code)
    })
}

/// `ExitCode` keeps its number private; find it by comparison.
fn exit_status(code: std::process::ExitCode) -> u8 {
    (0..=u8::MAX)
        .find(|n| std::process::ExitCode::from(*n) == code)
        .unwrap_or(1)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(auth_service, m)?)?;
    m.add_function(wrap_pyfunction!(auth_provider, m)?)?;
    m.add_function(wrap_pyfunction!(auth_jwt_payload, m)?)?;
    m.add_function(wrap_pyfunction!(auth_token, m)?)?;
    m.add_function(wrap_pyfunction!(generate_fastmcp_auth_config, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_class::<PyServiceBuilder>()?;
    m.add_class::<PyProviderBuilder>()?;
    m.add_class::<PyTokenBuilder>()?;
    m.add_class::<config::PyFastMCPAuthConfig>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)
}
