//! The specification's `FastMCPAuthConfig` class methods (`for_bearer_token`,
//! `for_google_oauth`, `for_github_oauth`, `for_workos_oauth`) with its keyword arguments,
//! on top of the core's constructors of the same names. Like every config from this module
//! they return a plain dict; the class is a namespace, not constructed from Python.

use pyo3::prelude::*;
use pyo3::types::PyType;

use super::builders::{config_to_py, param};
use super::errors::to_py_err;
use crate::core::{self, AuthError};

/// The specification's config constructors: `FastMCPAuthConfig.for_bearer_token(jwks_uri=…,
/// issuer=…, audience=…)` and the Google, GitHub and WorkOS ones. Each returns the config
/// dict (`provider_class`, `import_path`, `config_params`).
#[pyclass(module = "fastmcp_auth._native", name = "FastMCPAuthConfig", frozen)]
pub struct PyFastMCPAuthConfig;

#[pymethods]
impl PyFastMCPAuthConfig {
    /// `JWTVerifier` checking tokens against a JWKS endpoint (`algorithm`: FastMCP's
    /// default, RS256, when not given).
    #[classmethod]
    #[pyo3(signature = (jwks_uri, issuer, audience, algorithm = None))]
    fn for_bearer_token<'py>(
        _cls: &Bound<'py, PyType>,
        jwks_uri: &Bound<'py, PyAny>,
        issuer: &Bound<'py, PyAny>,
        audience: &Bound<'py, PyAny>,
        algorithm: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = jwks_uri.py();
        let mut builder = core::AuthProviderBuilder::new(core::AuthProviderType::Bearer)
            .set_jwks_config(
                param(jwks_uri, "jwks_uri")?,
                param(issuer, "issuer")?,
                param(audience, "audience")?,
            );
        if let Some(algorithm) = algorithm {
            builder = builder.set_algorithm(algorithm);
        }
        let config = builder.generate_fastmcp_config();
        to_dict(py, config)
    }

    /// `GoogleProvider`; `required_scopes` defaults to `openid` and Google's long
    /// `userinfo.email` / `userinfo.profile` names.
    #[classmethod]
    #[pyo3(signature = (client_id, client_secret, base_url, required_scopes = None))]
    fn for_google_oauth<'py>(
        _cls: &Bound<'py, PyType>,
        client_id: &Bound<'py, PyAny>,
        client_secret: &Bound<'py, PyAny>,
        base_url: &Bound<'py, PyAny>,
        required_scopes: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        oauth_app(
            core::AuthProviderType::Google,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        )
    }

    /// `GitHubProvider`; `required_scopes` defaults to `read:user user:email`.
    #[classmethod]
    #[pyo3(signature = (client_id, client_secret, base_url, required_scopes = None))]
    fn for_github_oauth<'py>(
        _cls: &Bound<'py, PyType>,
        client_id: &Bound<'py, PyAny>,
        client_secret: &Bound<'py, PyAny>,
        base_url: &Bound<'py, PyAny>,
        required_scopes: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        oauth_app(
            core::AuthProviderType::GitHub,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        )
    }

    /// `AuthKitProvider`; a bare domain (`your-project.authkit.app`) gets `https://`.
    #[classmethod]
    fn for_workos_oauth<'py>(
        _cls: &Bound<'py, PyType>,
        authkit_domain: &Bound<'py, PyAny>,
        base_url: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = authkit_domain.py();
        let config = core::FastMCPAuthConfig::for_workos_oauth(
            param(authkit_domain, "authkit_domain")?,
            param(base_url, "base_url")?,
        );
        to_dict(py, config)
    }
}

/// Google or GitHub with the catalog's scopes, or the ones given, as the config dict.
fn oauth_app<'py>(
    provider: core::AuthProviderType,
    client_id: &Bound<'py, PyAny>,
    client_secret: &Bound<'py, PyAny>,
    base_url: &Bound<'py, PyAny>,
    required_scopes: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut builder = core::AuthProviderBuilder::new(provider)
        .set_client_credentials(
            param(client_id, "client_id")?,
            param(client_secret, "client_secret")?,
        )
        .set_base_url(param(base_url, "base_url")?);
    if let Some(scopes) = required_scopes {
        builder = builder.set_scopes(scopes);
    }
    to_dict(client_id.py(), builder.generate_fastmcp_config())
}

fn to_dict(
    py: Python<'_>,
    config: Result<core::FastMCPAuthConfig, AuthError>,
) -> PyResult<Bound<'_, PyAny>> {
    let config = config.map_err(|e| to_py_err(py, e))?;
    config_to_py(py, &config)
}
