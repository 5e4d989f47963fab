//! The core's errors as Python exceptions: every one is a `ValueError` (the specification's
//! exception for bad parameters) of a class saying what kind of problem it is, with the
//! field it concerns in `.field` (or `None` when it concerns no single field).

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::core::AuthError;

create_exception!(
    fastmcp_auth,
    AuthConfigError,
    PyValueError,
    "A parameter was rejected; `.field` names it (None when no single field is at fault)."
);
create_exception!(
    fastmcp_auth,
    UnknownProviderTypeError,
    AuthConfigError,
    "The provider type is not in the catalog."
);
create_exception!(
    fastmcp_auth,
    MissingFieldError,
    AuthConfigError,
    "A required field was not given."
);
create_exception!(
    fastmcp_auth,
    UnknownFieldError,
    AuthConfigError,
    "The provider's FastMCP class has no such parameter."
);
create_exception!(
    fastmcp_auth,
    InvalidFieldError,
    AuthConfigError,
    "A field's value is not valid."
);
create_exception!(
    fastmcp_auth,
    InvalidScopeError,
    AuthConfigError,
    "A scope is not valid."
);
create_exception!(
    fastmcp_auth,
    SecretNeedsReferenceError,
    AuthConfigError,
    "A secret was given as a literal: give a ${VAR} reference or embed it explicitly."
);
create_exception!(
    fastmcp_auth,
    ConflictError,
    AuthConfigError,
    "Fields contradict each other, or the provider is disabled."
);
create_exception!(
    fastmcp_auth,
    NoProviderError,
    AuthConfigError,
    "The service has no auth provider."
);
create_exception!(
    fastmcp_auth,
    ReservedClaimError,
    AuthConfigError,
    "The claim is computed by the token builder."
);

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("AuthConfigError", py.get_type::<AuthConfigError>())?;
    m.add(
        "UnknownProviderTypeError",
        py.get_type::<UnknownProviderTypeError>(),
    )?;
    m.add("MissingFieldError", py.get_type::<MissingFieldError>())?;
    m.add("UnknownFieldError", py.get_type::<UnknownFieldError>())?;
    m.add("InvalidFieldError", py.get_type::<InvalidFieldError>())?;
    m.add("InvalidScopeError", py.get_type::<InvalidScopeError>())?;
    m.add(
        "SecretNeedsReferenceError",
        py.get_type::<SecretNeedsReferenceError>(),
    )?;
    m.add("ConflictError", py.get_type::<ConflictError>())?;
    m.add("NoProviderError", py.get_type::<NoProviderError>())?;
    m.add("ReservedClaimError", py.get_type::<ReservedClaimError>())?;
    Ok(())
}

/// The Python exception for a core error. The message is the core's (it never carries a
/// secret's characters); `.field` is set on the instance.
pub fn to_py_err(py: Python<'_>, err: AuthError) -> PyErr {
    let message = err.to_string();
    let (py_err, field): (PyErr, Option<String>) = match err {
        AuthError::UnknownProviderType { .. } => (
            UnknownProviderTypeError::new_err(message),
            Some("provider_type".into()),
        ),
        AuthError::MissingField { field, .. } => (MissingFieldError::new_err(message), Some(field)),
        AuthError::UnknownField { field, .. } => (UnknownFieldError::new_err(message), Some(field)),
        AuthError::InvalidField { field, .. } | AuthError::InvalidEnvVarName { field, .. } => {
            (InvalidFieldError::new_err(message), Some(field))
        }
        AuthError::InvalidScope { .. } => (
            InvalidScopeError::new_err(message),
            Some("required_scopes".into()),
        ),
        AuthError::SecretNeedsReference { field } => {
            (SecretNeedsReferenceError::new_err(message), Some(field))
        }
        AuthError::Conflict { .. } => (ConflictError::new_err(message), None),
        AuthError::Disabled { .. } => (ConflictError::new_err(message), Some("enabled".into())),
        AuthError::NoProvider { .. } => (NoProviderError::new_err(message), None),
        AuthError::ReservedClaim { claim, .. } => {
            (ReservedClaimError::new_err(message), Some(claim.into()))
        }
        AuthError::InvalidServiceName { .. } => (
            InvalidFieldError::new_err(message),
            Some("service_name".into()),
        ),
        AuthError::EmptyClientId => (
            InvalidFieldError::new_err(message),
            Some("client_id".into()),
        ),
        AuthError::InvalidExpiry | AuthError::ExpiryTooLate { .. } => (
            InvalidFieldError::new_err(message),
            Some("expires_in".into()),
        ),
        AuthError::Catalog(_) => (AuthConfigError::new_err(message), None),
        AuthError::NeedsNewerFastmcp { field, .. } => {
            (InvalidFieldError::new_err(message), Some(field))
        }
    };
    if let Err(e) = py_err.value(py).setattr("field", field) {
        return e;
    }
    py_err
}

/// A field given Python's `None` (e.g. `os.getenv` of an unset variable): named, with the
/// reference form that would work.
pub fn none_given(py: Python<'_>, field: &str) -> PyErr {
    to_py_err(
        py,
        AuthError::InvalidField {
            field: field.to_string(),
            problem: "got None (an unset environment variable?)".to_string(),
            example: format!("\"${{{}}}\"", field.to_ascii_uppercase()),
        },
    )
}
