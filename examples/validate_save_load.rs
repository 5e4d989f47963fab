//! The specification's configuration management examples (configuration.md, "Validating"
//! and "Config files"): validate a config, save it to a file, load it back.
//!
//! The specification's `validate_auth_config` checks for `BearerAuthProvider`, FastMCP's
//! old name; the class is `JWTVerifier` now. Loading goes further than the specification's
//! `json.load`: the file is checked by generating it again.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use fastmcp_auth::core::{
    AuthContext, FastMCPAuthConfig, LoadedConfig, ParamValue, parse_document, parse_exact,
};

type Error = Box<dyn std::error::Error>;

fn validate_auth_config(auth_config: &FastMCPAuthConfig) -> Result<(), Error> {
    if auth_config.provider_class.is_empty() || auth_config.import_path.is_empty() {
        return Err("missing provider_class or import_path".into());
    }
    if auth_config.provider_class == "JWTVerifier" {
        for param in ["jwks_uri", "issuer", "audience"] {
            if !auth_config.config_params.contains_key(param) {
                return Err(format!("missing bearer token parameter: {param}").into());
            }
        }
    }
    Ok(())
}

/// Writes the config as JSON into a new file (never over an existing one). Secrets are
/// written only through `to_json_with_secrets`; this config has none.
fn save_auth_config(auth_config: &FastMCPAuthConfig, path: &Path) -> Result<(), Error> {
    let mut file = File::create_new(path)?;
    file.write_all(serde_json::to_string_pretty(auth_config)?.as_bytes())?;
    Ok(())
}

fn load_auth_config(path: &Path) -> Result<FastMCPAuthConfig, Error> {
    let text = std::fs::read_to_string(path)?;
    let document = parse_document(parse_exact(&text)?)?;
    // Generating again validates what was read; the result is the config itself.
    Ok(LoadedConfig::from_document(&document)?.regenerate()?.config)
}

fn main() -> Result<(), Error> {
    let store = AuthContext::new();
    let auth_config = store
        .auth_service("test_api")
        .use_bearer_auth(
            "https://auth.company.com/.well-known/jwks.json",
            "https://auth.company.com",
            "test_api",
        )
        .generate_fastmcp_config()?;
    validate_auth_config(&auth_config)?;

    let dir = tempfile::tempdir()?;
    let path = dir.path().join("auth_config.json");
    save_auth_config(&auth_config, &path)?;
    println!("saved to {}", path.display());
    // Saving again does not overwrite.
    assert!(save_auth_config(&auth_config, &path).is_err());

    let loaded = load_auth_config(&path)?;
    validate_auth_config(&loaded)?;
    assert_eq!(loaded, auth_config);
    assert_eq!(
        loaded.config_params["audience"],
        ParamValue::from("test_api")
    );

    // A file edited into an invalid config is refused on load, naming the field.
    std::fs::write(
        &path,
        std::fs::read_to_string(&path)?.replace("https://auth.company.com/", "auth.company.com/"),
    )?;
    let err = load_auth_config(&path).unwrap_err();
    assert!(err.to_string().starts_with("jwks_uri:"), "{err}");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().unwrap();
    }
}
