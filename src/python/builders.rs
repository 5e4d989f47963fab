//! The specification's builders as Python classes. Each wraps the core builder; setters
//! change the builder and return it (the specification's chaining), `generate_*` return
//! plain dicts and raise the `ValueError` subclasses of [`super::errors`].

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::convert::{from_py, map_to_py, to_py};
use super::errors::{none_given, to_py_err};
use crate::core::{
    AuthContext, AuthProviderBuilder, AuthProviderType, AuthServiceBuilder, AuthTokenBuilder,
    FastMCPAuthConfig, ParamValue,
};

/// A constructor parameter from Python: `"${VAR}"` is a reference, other strings, numbers,
/// booleans and lists are literals; `None` is refused by name.
pub fn param(value: &Bound<'_, PyAny>, field: &str) -> PyResult<ParamValue> {
    if value.is_none() {
        return Err(none_given(value.py(), field));
    }
    Ok(ParamValue::from(from_py(value, field)?))
}

/// The generated config as a dict: `provider_class`, `import_path`, `config_params`, …
pub fn config_to_py<'py>(
    py: Python<'py>,
    config: &FastMCPAuthConfig,
) -> PyResult<Bound<'py, PyAny>> {
    // A secret is only in the config when the caller asked to embed secrets.
    to_py(py, &config.to_json_with_secrets())
}

#[pyclass(module = "fastmcp_auth._native", name = "AuthProviderBuilder")]
#[derive(Clone)]
pub struct PyProviderBuilder {
    pub inner: AuthProviderBuilder,
}

impl PyProviderBuilder {
    fn update(
        mut slf: PyRefMut<'_, Self>,
        change: impl FnOnce(AuthProviderBuilder) -> AuthProviderBuilder,
    ) -> PyRefMut<'_, Self> {
        slf.inner = change(slf.inner.clone());
        slf
    }
}

#[pymethods]
impl PyProviderBuilder {
    fn set_client_credentials<'py>(
        slf: PyRefMut<'py, Self>,
        client_id: &Bound<'py, PyAny>,
        client_secret: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let (id, secret) = (
            param(client_id, "client_id")?,
            param(client_secret, "client_secret")?,
        );
        Ok(Self::update(slf, |b| b.set_client_credentials(id, secret)))
    }

    fn set_base_url<'py>(
        slf: PyRefMut<'py, Self>,
        base_url: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let url = param(base_url, "base_url")?;
        Ok(Self::update(slf, |b| b.set_base_url(url)))
    }

    #[pyo3(signature = (jwks_uri, issuer, audience, algorithm = None))]
    fn set_jwks_config<'py>(
        slf: PyRefMut<'py, Self>,
        jwks_uri: &Bound<'py, PyAny>,
        issuer: &Bound<'py, PyAny>,
        audience: &Bound<'py, PyAny>,
        algorithm: Option<String>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let (jwks, iss, aud) = (
            param(jwks_uri, "jwks_uri")?,
            param(issuer, "issuer")?,
            param(audience, "audience")?,
        );
        Ok(Self::update(slf, |b| {
            let b = b.set_jwks_config(jwks, iss, aud);
            match algorithm {
                Some(alg) => b.set_algorithm(alg),
                None => b,
            }
        }))
    }

    /// Replaces the required scopes (a list, as the specification has it).
    fn set_scopes(slf: PyRefMut<'_, Self>, scopes: Vec<String>) -> PyRefMut<'_, Self> {
        Self::update(slf, |b| b.set_scopes(scopes))
    }

    #[pyo3(signature = (*scopes))]
    fn add_scopes(slf: PyRefMut<'_, Self>, scopes: Vec<String>) -> PyRefMut<'_, Self> {
        Self::update(slf, |b| b.add_scopes(scopes))
    }

    fn set_authkit_domain<'py>(
        slf: PyRefMut<'py, Self>,
        domain: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let domain = param(domain, "authkit_domain")?;
        Ok(Self::update(slf, |b| b.set_authkit_domain(domain)))
    }

    fn set_config_url<'py>(
        slf: PyRefMut<'py, Self>,
        config_url: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let url = param(config_url, "config_url")?;
        Ok(Self::update(slf, |b| b.set_config_url(url)))
    }

    fn set_redirect_path<'py>(
        slf: PyRefMut<'py, Self>,
        path: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let path = param(path, "redirect_path")?;
        Ok(Self::update(slf, |b| b.set_redirect_path(path)))
    }

    /// Any constructor parameter by name (checked against the catalog on generate).
    fn set_field<'py>(
        slf: PyRefMut<'py, Self>,
        name: &str,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let value = param(value, name)?;
        Ok(Self::update(slf, |b| b.set_field(name, value)))
    }

    /// Write secret literals into the config instead of refusing them.
    #[pyo3(signature = (embed = true))]
    fn embed_secrets(slf: PyRefMut<'_, Self>, embed: bool) -> PyRefMut<'_, Self> {
        Self::update(slf, |b| b.embed_secrets(embed))
    }

    fn generate_fastmcp_config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let config = self
            .inner
            .generate_fastmcp_config()
            .map_err(|e| to_py_err(py, e))?;
        config_to_py(py, &config)
    }

    fn __repr__(&self) -> String {
        format!(
            "AuthProviderBuilder({:?})",
            self.inner.config().provider_type.as_str()
        )
    }
}

/// The service builder keeps its provider on this side so `generate_fastmcp_config` can
/// pass `embed_secrets` to it.
#[pyclass(module = "fastmcp_auth._native", name = "AuthServiceBuilder")]
pub struct PyServiceBuilder {
    name: String,
    scopes: Vec<String>,
    provider: Option<AuthProviderBuilder>,
}

impl PyServiceBuilder {
    pub fn new(name: String) -> Self {
        PyServiceBuilder {
            name,
            scopes: Vec::new(),
            provider: None,
        }
    }

    fn with_provider(
        mut slf: PyRefMut<'_, Self>,
        provider: AuthProviderBuilder,
    ) -> PyRefMut<'_, Self> {
        slf.provider = Some(provider);
        slf
    }
}

#[pymethods]
impl PyServiceBuilder {
    #[getter]
    fn service_name(&self) -> &str {
        &self.name
    }

    #[pyo3(signature = (*scopes))]
    fn require_scopes(mut slf: PyRefMut<'_, Self>, scopes: Vec<String>) -> PyRefMut<'_, Self> {
        slf.scopes.extend(scopes);
        slf
    }

    #[pyo3(signature = (jwks_uri, issuer, audience, algorithm = None))]
    fn use_bearer_auth<'py>(
        slf: PyRefMut<'py, Self>,
        jwks_uri: &Bound<'py, PyAny>,
        issuer: &Bound<'py, PyAny>,
        audience: &Bound<'py, PyAny>,
        algorithm: Option<String>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let provider = AuthProviderBuilder::new(AuthProviderType::Bearer).set_jwks_config(
            param(jwks_uri, "jwks_uri")?,
            param(issuer, "issuer")?,
            param(audience, "audience")?,
        );
        let provider = match algorithm {
            Some(alg) => provider.set_algorithm(alg),
            None => provider,
        };
        Ok(Self::with_provider(slf, provider))
    }

    /// A generic OIDC issuer (`OIDCProxy`). The specification's version had no discovery
    /// URL, which `OIDCProxy` needs, so `config_url` comes first.
    fn use_oauth_auth<'py>(
        slf: PyRefMut<'py, Self>,
        config_url: &Bound<'py, PyAny>,
        client_id: &Bound<'py, PyAny>,
        client_secret: &Bound<'py, PyAny>,
        base_url: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let provider = AuthProviderBuilder::new(AuthProviderType::OAuth)
            .set_config_url(param(config_url, "config_url")?)
            .set_client_credentials(
                param(client_id, "client_id")?,
                param(client_secret, "client_secret")?,
            )
            .set_base_url(param(base_url, "base_url")?);
        Ok(Self::with_provider(slf, provider))
    }

    #[pyo3(signature = (client_id, client_secret, base_url, required_scopes = None))]
    fn use_google_auth<'py>(
        slf: PyRefMut<'py, Self>,
        client_id: &Bound<'py, PyAny>,
        client_secret: &Bound<'py, PyAny>,
        base_url: &Bound<'py, PyAny>,
        required_scopes: Option<Vec<String>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let provider = oauth_app(
            AuthProviderType::Google,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        )?;
        Ok(Self::with_provider(slf, provider))
    }

    #[pyo3(signature = (client_id, client_secret, base_url, required_scopes = None))]
    fn use_github_auth<'py>(
        slf: PyRefMut<'py, Self>,
        client_id: &Bound<'py, PyAny>,
        client_secret: &Bound<'py, PyAny>,
        base_url: &Bound<'py, PyAny>,
        required_scopes: Option<Vec<String>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let provider = oauth_app(
            AuthProviderType::GitHub,
            client_id,
            client_secret,
            base_url,
            required_scopes,
        )?;
        Ok(Self::with_provider(slf, provider))
    }

    fn use_workos_auth<'py>(
        slf: PyRefMut<'py, Self>,
        authkit_domain: &Bound<'py, PyAny>,
        base_url: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let provider = AuthProviderBuilder::new(AuthProviderType::WorkOS)
            .set_authkit_domain(param(authkit_domain, "authkit_domain")?)
            .set_base_url(param(base_url, "base_url")?);
        Ok(Self::with_provider(slf, provider))
    }

    /// Any provider made with `auth_provider(...)` (Azure, Auth0, custom, …).
    fn use_provider<'py>(
        slf: PyRefMut<'py, Self>,
        provider: PyRef<'py, PyProviderBuilder>,
    ) -> PyRefMut<'py, Self> {
        let provider = provider.inner.clone();
        Self::with_provider(slf, provider)
    }

    /// The config as a dict. Without a provider this raises `NoProviderError` (the
    /// specification returned None, which then failed far from the cause).
    #[pyo3(signature = (embed_secrets = false))]
    fn generate_fastmcp_config<'py>(
        &self,
        py: Python<'py>,
        embed_secrets: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut service =
            AuthServiceBuilder::new(&self.name).require_scopes(self.scopes.iter().cloned());
        if let Some(provider) = &self.provider {
            service = service.use_provider(provider.clone().embed_secrets(embed_secrets));
        }
        let config = service
            .generate_fastmcp_config()
            .map_err(|e| to_py_err(py, e))?;
        config_to_py(py, &config)
    }

    fn __repr__(&self) -> String {
        format!("AuthServiceBuilder({:?})", self.name)
    }
}

fn oauth_app(
    provider_type: AuthProviderType,
    client_id: &Bound<'_, PyAny>,
    client_secret: &Bound<'_, PyAny>,
    base_url: &Bound<'_, PyAny>,
    required_scopes: Option<Vec<String>>,
) -> PyResult<AuthProviderBuilder> {
    let provider = AuthProviderBuilder::new(provider_type)
        .set_client_credentials(
            param(client_id, "client_id")?,
            param(client_secret, "client_secret")?,
        )
        .set_base_url(param(base_url, "base_url")?);
    Ok(match required_scopes {
        Some(scopes) => provider.set_scopes(scopes),
        None => provider,
    })
}

#[pyclass(module = "fastmcp_auth._native", name = "AuthTokenBuilder")]
pub struct PyTokenBuilder {
    pub inner: AuthTokenBuilder,
}

impl PyTokenBuilder {
    pub fn new(client_id: &str) -> Self {
        PyTokenBuilder {
            inner: AuthContext::new().auth_jwt_payload(client_id),
        }
    }

    fn update(
        mut slf: PyRefMut<'_, Self>,
        change: impl FnOnce(AuthTokenBuilder) -> AuthTokenBuilder,
    ) -> PyRefMut<'_, Self> {
        slf.inner = change(slf.inner.clone());
        slf
    }
}

#[pymethods]
impl PyTokenBuilder {
    #[pyo3(signature = (*scopes))]
    fn add_scopes(slf: PyRefMut<'_, Self>, scopes: Vec<String>) -> PyRefMut<'_, Self> {
        Self::update(slf, |b| b.add_scopes(scopes))
    }

    fn add_claim<'py>(
        slf: PyRefMut<'py, Self>,
        key: &str,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let value = from_py(value, key)?;
        Ok(Self::update(slf, |b| b.add_claim(key, value)))
    }

    fn expires_in(slf: PyRefMut<'_, Self>, seconds: u64) -> PyRefMut<'_, Self> {
        Self::update(slf, |b| b.expires_in(seconds))
    }

    fn issuer(slf: PyRefMut<'_, Self>, issuer: String) -> PyRefMut<'_, Self> {
        Self::update(slf, |b| b.issuer(issuer))
    }

    fn audience(slf: PyRefMut<'_, Self>, audience: String) -> PyRefMut<'_, Self> {
        Self::update(slf, |b| b.audience(audience))
    }

    fn generate_payload<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let payload = self
            .inner
            .generate_payload()
            .map_err(|e| to_py_err(py, e))?;
        map_to_py(py, &payload)
    }

    fn __repr__(&self) -> String {
        format!("AuthTokenBuilder({:?})", self.inner.config().client_id)
    }
}
