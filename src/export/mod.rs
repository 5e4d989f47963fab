//! Renders a generated config in the forms users need: the JSON artifact, FastMCP server
//! code in Python, a `.env` template, and FastMCP 2.x's `FASTMCP_SERVER_AUTH_*` variables.
//! Pure functions of the config: the CLI prints or saves them, the wizard previews them.
//!
//! Every value reaches an output through an emitter of that output's literals
//! (`json`, `python`, `dotenv`), never by pasting text into a template, and every
//! name that is written unquoted (class, module, parameter, service) is checked first. So
//! a config, whatever it holds, cannot add code to the Python module or a line to a `.env`
//! file, and no output carries a raw terminal control character.

mod dotenv;
pub(crate) mod json;
mod python;

use serde_json::Value;

use crate::core::catalog::Catalog;
use crate::core::service::check_service_name;
use crate::core::stdlib_modules::is_stdlib_module;
use crate::core::text::{escape_control, is_unsafe_for_terminal};
use crate::core::validate::{is_module_path, is_provider_class_name, is_python_identifier};
use crate::core::value::mask;
use crate::core::{FastMCPAuthConfig, ParamValue};

// The wizard's exit summary prints a command with it.
#[cfg(feature = "tui")]
pub(crate) use dotenv::shell_word;
pub use dotenv::{env_v2_warnings, render_env, render_env_v2};
pub use python::render_python;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// The config JSON.
    Json,
    /// FastMCP server code in Python.
    Python,
    /// A `.env` template of the referenced variables.
    Env,
    /// FastMCP 2.x's `FASTMCP_SERVER_AUTH_*` variables.
    EnvV2,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Json, Format::Python, Format::Env, Format::EnvV2];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Python => "python",
            Format::Env => "env",
            Format::EnvV2 => "env-v2",
        }
    }
}

/// How secrets appear in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretDisplay {
    /// As they are in the config (embedded only when the user asked for it).
    Plain,
    /// `********abcd`, for previews on screen.
    Masked,
}

/// Why a config cannot be written in a format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The class has no FastMCP 2.x environment settings.
    #[error(
        "{class} has no FastMCP 2.x environment configuration; write it as JSON or Python \
         instead (env-v2 covers: {known})"
    )]
    NoV2Settings {
        /// The class.
        class: String,
        /// The classes env-v2 covers.
        known: String,
    },

    /// env-v2 was asked for a config targeting a release outside FastMCP 2.12–2.14.
    #[error(
        "env-v2 is FastMCP 2.12-2.14's configuration, and this config is for FastMCP \
         {target}: use --format json or python, or generate for a 2.x release (example: \
         --fastmcp 2.14.7 --format env-v2)"
    )]
    EnvV2Release {
        /// The config's target.
        target: crate::core::FastmcpVersion,
    },

    /// The target FastMCP 2.x release cannot build the class from its variables.
    #[error(
        "{class} cannot be loaded from FASTMCP_SERVER_AUTH_* variables by FastMCP {target}{}: \
         use --format json or python (example: --format python)",
        from.map(|f| format!(" (FastMCP {f} and later 2.x releases can)")).unwrap_or_default()
    )]
    NoV2Loader {
        /// The class.
        class: String,
        /// The config's target.
        target: crate::core::FastmcpVersion,
        /// The first 2.x release that can, if any.
        from: Option<crate::core::FastmcpVersion>,
    },

    /// A parameter of a kind FastMCP 2.x's environment settings never take (a map).
    #[error(
        "{param}: FastMCP 2.x's environment settings for {class} have no variable for it \
         (they take no maps); use --format json or python, or leave {param} out (example: \
         fastmcp-auth generate ... --format python)"
    )]
    NoV2Variable {
        /// The parameter.
        param: String,
        /// The class.
        class: String,
    },

    /// A name written unquoted is not a Python name.
    #[error(
        "{what} '{}' is not a Python name the generated code can use: letters, digits and \
         '_', not a keyword (a module path joins such names with '.'; a class is not named \
         os, FastMCP, auth, mcp or __*__) (example: {})",
        escape_control(shown),
        example_name(what)
    )]
    NotPythonName {
        /// Which name.
        what: &'static str,
        /// The name, escaped for display.
        shown: String,
    },

    /// The import path is a standard library module.
    #[error(
        "import_path '{}' is part of Python's standard library: no FastMCP provider lives \
         there, and the generated server would call whatever class it names (example: \
         my_package.auth)",
        escape_control(module)
    )]
    StdlibModule {
        /// The module, escaped for display.
        module: String,
    },

    /// The format cannot express a config built from other configs.
    #[error(
        "{what} cannot be written as {format}: environment variables hold strings, not the \
         Python objects FastMCP needs for it; use --format python or json (with `load_auth`)"
    )]
    NotExpressible {
        /// What the config holds (`a token verifier (token_verifier)`, `MultiAuth`).
        what: String,
        /// The format.
        format: &'static str,
    },

    /// Two classes the Python export imports share a name.
    #[error(
        "{class} is imported from both {first} and {second}; the generated code can import \
         one class by that name only (example: rename your class, e.g. MyTokenVerifier)"
    )]
    ClassNameClash {
        /// The class name.
        class: String,
        /// One module.
        first: String,
        /// The other module.
        second: String,
    },

    /// The service name is invalid.
    #[error(transparent)]
    InvalidService(#[from] crate::core::AuthError),

    /// The value is never shown: it may be a secret.
    #[error(
        "{var}: the value cannot be written to a .env file: {reason}; set {var} in the \
         server's environment another way (example: leave {var}= empty in the file and \
         export it from a secrets manager)"
    )]
    UnencodableEnvValue {
        /// The variable.
        var: String,
        /// Why.
        reason: &'static str,
    },
}

fn example_name(what: &str) -> &'static str {
    match what {
        "import_path" => "my_package.auth",
        "provider_class" => "MyTokenVerifier",
        _ => "client_id",
    }
}

/// Characters no output writes raw: what acts on a terminal ([`is_unsafe_for_terminal`]),
/// plus invisible separators and marks that make text read differently from what it is.
#[doc(hidden)] // the export tests' oracle
pub fn must_escape(c: char) -> bool {
    is_unsafe_for_terminal(c)
        || matches!(
            c,
            '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'..='\u{2064}'
                | '\u{feff}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// The names the Python and `.env` exports write unquoted, checked in the config and every
/// config nested in it.
fn check_unquoted_names(config: &FastMCPAuthConfig) -> Result<(), ExportError> {
    for part in config.parts() {
        check_part_names(part)?;
        if let Some(name) = part
            .verifier_params
            .keys()
            .find(|name| !is_python_identifier(name))
        {
            return Err(ExportError::NotPythonName {
                what: "verifier_params key",
                shown: name.clone(),
            });
        }
    }
    Ok(())
}

/// The names of one config, written unquoted: a config made by hand (or read from a file)
/// reaches the exports without passing the builders.
fn check_part_names(config: &FastMCPAuthConfig) -> Result<(), ExportError> {
    let bad = |what: &'static str, shown: &str| ExportError::NotPythonName {
        what,
        shown: shown.to_string(),
    };
    if !is_module_path(&config.import_path) {
        return Err(bad("import_path", &config.import_path));
    }
    if is_stdlib_module(&config.import_path) {
        return Err(ExportError::StdlibModule {
            module: config.import_path.clone(),
        });
    }
    if !is_provider_class_name(&config.provider_class) {
        return Err(bad("provider_class", &config.provider_class));
    }
    if let Some(name) = config
        .config_params
        .keys()
        .find(|name| !is_python_identifier(name))
    {
        return Err(bad("config_params key", name));
    }
    if let Some(service) = &config.service {
        check_service_name(service)?;
    }
    Ok(())
}

/// Renders `config` in `format`.
///
/// # Errors
///
/// An [`ExportError`] when a name written unquoted is not a Python name, or the format cannot express the config.
///
/// # Examples
///
/// FastMCP server code for a config:
///
/// ```
/// use fastmcp_auth::core::AuthContext;
/// use fastmcp_auth::export::{Format, SecretDisplay, render};
///
/// let config = AuthContext::new()
///     .auth_service("api")
///     .use_workos_auth("your-domain.authkit.com", "https://api.example.com")
///     .generate_fastmcp_config()?;
/// let code = render(&config, Format::Python, SecretDisplay::Plain).unwrap();
/// assert!(code.contains("AuthKitProvider("));
/// # Ok::<(), fastmcp_auth::core::AuthError>(())
/// ```
pub fn render(
    config: &FastMCPAuthConfig,
    format: Format,
    secrets: SecretDisplay,
) -> Result<String, ExportError> {
    Ok(match format {
        Format::Json => render_json(config, secrets),
        Format::Python => render_python(config, secrets)?,
        Format::Env => render_env(config, None)?,
        Format::EnvV2 => render_env_v2(config, secrets)?,
    })
}

/// A parameter value as it should be shown under `secrets`. Besides `Secret` values,
/// literals of a secret kind are masked too: static tokens are the keys of their map.
fn displayed(
    config: &FastMCPAuthConfig,
    name: &str,
    value: &ParamValue,
    secrets: SecretDisplay,
) -> ParamValue {
    if secrets == SecretDisplay::Plain {
        return value.clone();
    }
    match value {
        ParamValue::Secret(s) => ParamValue::from(s.masked()),
        ParamValue::Literal(literal) if is_secret_kind(config, name) => {
            ParamValue::Literal(masked_literal(literal))
        }
        other => other.clone(),
    }
}

fn is_secret_kind(config: &FastMCPAuthConfig, name: &str) -> bool {
    config
        .provider_type
        .as_deref()
        .and_then(|t| Catalog::builtin().get(t))
        .and_then(|spec| spec.field(name))
        .is_some_and(|field| field.kind.is_secret())
}

/// Strings masked; in a map the keys (the secret part of a token map) masked.
fn masked_literal(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(mask(s)),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, entry)| (mask(key), entry.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The config as pretty JSON; control characters in it are `\u` escapes.
pub fn render_json(config: &FastMCPAuthConfig, secrets: SecretDisplay) -> String {
    let shown = shown_config(config, secrets);
    match secrets {
        // Embedding was asked for: the one place a secret is written in clear.
        SecretDisplay::Plain => json::to_pretty_json(&shown.to_json_with_secrets()),
        SecretDisplay::Masked => json::to_pretty_json(&shown),
    }
}

/// The config with every value, nested ones included, as `secrets` shows it.
fn shown_config(config: &FastMCPAuthConfig, secrets: SecretDisplay) -> FastMCPAuthConfig {
    let mut shown = config.clone();
    for (name, value) in shown.config_params.iter_mut() {
        *value = displayed(config, name, value, secrets);
    }
    for nested in shown.verifier_params.values_mut() {
        *nested = shown_config(nested, secrets);
    }
    for extra in &mut shown.also_accept {
        *extra = shown_config(extra, secrets);
    }
    shown
}

/// Every variable the config refers to, nested verifiers included, once each, with the
/// parameter that first uses it.
pub fn referenced_vars(config: &FastMCPAuthConfig) -> Vec<(&str, &str)> {
    let mut vars: Vec<(&str, &str)> = Vec::new();
    let params = config.parts().into_iter().flat_map(|part| {
        part.config_params
            .iter()
            .filter_map(|(name, value)| value.env_var().map(|v| (v.as_str(), name.as_str())))
    });
    let deployment = config
        .deployment
        .iter()
        .flat_map(|d| d.variables())
        .map(|(label, var)| (var.as_str(), label));
    for (var, param) in params.chain(deployment) {
        if !vars.iter().any(|(seen, _)| *seen == var) {
            vars.push((var, param));
        }
    }
    vars
}

/// Looks up a variable's value (the process environment, or a test's map).
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{AuthContext, ParamValue};

    fn google(embed: bool) -> FastMCPAuthConfig {
        google_for(embed, crate::core::compat::default_target())
    }

    fn google_for(embed: bool, target: crate::core::FastmcpVersion) -> FastMCPAuthConfig {
        let secret = if embed {
            ParamValue::secret("GOCSPX-embedded-secret-9876")
        } else {
            ParamValue::env("GOOGLE_CLIENT_SECRET").unwrap()
        };
        AuthContext::new()
            .auth_provider("google")
            .unwrap()
            .set_client_credentials(ParamValue::env("GOOGLE_CLIENT_ID").unwrap(), secret)
            .set_base_url("https://mcp.example.com")
            .embed_secrets(embed)
            .fastmcp_version(target)
            .generate_fastmcp_config()
            .unwrap()
    }

    fn v(text: &str) -> crate::core::FastmcpVersion {
        text.parse().unwrap()
    }

    #[test]
    fn python_builds_provider_from_environment() {
        let mut config = google(false);
        config.service = Some("docs".into());
        let code = render_python(&config, SecretDisplay::Plain).unwrap();
        assert!(code.contains("from fastmcp.server.auth.providers.google import GoogleProvider"));
        assert!(code.contains("    client_id=os.environ[\"GOOGLE_CLIENT_ID\"],\n"));
        assert!(
            code.contains(
                "    required_scopes=[\"openid\", \"https://www.googleapis.com/auth/userinfo.email\", \
                 \"https://www.googleapis.com/auth/userinfo.profile\"],\n"
            ),
            "{code}"
        );
        assert!(code.contains("mcp = FastMCP(\"docs\", auth=auth)"));
        assert!(code.contains("if __name__ == \"__main__\":\n    mcp.run("));
    }

    #[test]
    fn previews_mask_embedded_secrets() {
        let config = google_for(true, v("2.14.7"));
        for format in [Format::Json, Format::Python, Format::EnvV2] {
            let text = render(&config, format, SecretDisplay::Masked).unwrap();
            assert!(!text.contains("GOCSPX-embedded"), "{format:?}: {text}");
            assert!(text.contains("********9876"), "{format:?}: {text}");
        }
        let plain = render(&config, Format::Json, SecretDisplay::Plain).unwrap();
        assert!(plain.contains("GOCSPX-embedded-secret-9876"));
    }

    #[test]
    fn env_template_lists_referenced_variables() {
        let text = render_env(&google(false), None).unwrap();
        assert!(
            text.contains("\n# client_id\nGOOGLE_CLIENT_ID=\n"),
            "{text}"
        );
        assert!(
            text.contains("\n# client_secret\nGOOGLE_CLIENT_SECRET=\n"),
            "{text}"
        );
        let lookup = |var: &str| (var == "GOOGLE_CLIENT_SECRET").then(|| "a b'c".to_string());
        let text = render_env(&google(false), Some(&lookup)).unwrap();
        assert!(text.contains("GOOGLE_CLIENT_SECRET=\"a b'c\"\n"), "{text}");
    }

    #[test]
    fn env_v2_uses_fastmcp_2_prefixes() {
        let text = render_env_v2(&google_for(false, v("2.14.7")), SecretDisplay::Plain).unwrap();
        assert!(text.contains("# Checked for FastMCP 2.14.7.\n"), "{text}");
        assert!(
            text.contains(
                "FASTMCP_SERVER_AUTH=fastmcp.server.auth.providers.google.GoogleProvider\n"
            )
        );
        assert!(
            text.contains("FASTMCP_SERVER_AUTH_GOOGLE_CLIENT_SECRET=${GOOGLE_CLIENT_SECRET}\n")
        );
        assert!(
            text.contains(
                "FASTMCP_SERVER_AUTH_GOOGLE_REQUIRED_SCOPES='[\"openid\",\
                 \"https://www.googleapis.com/auth/userinfo.email\",\
                 \"https://www.googleapis.com/auth/userinfo.profile\"]'\n"
            ),
            "{text}"
        );
        let oidc = AuthContext::new()
            .auth_provider("oauth")
            .unwrap()
            .set_config_url("https://a.example.com/.well-known/openid-configuration")
            .set_client_credentials("c", ParamValue::env("S").unwrap())
            .set_base_url("https://m.example.com")
            .fastmcp_version(v("2.14.7"))
            .generate_fastmcp_config()
            .unwrap();
        let err = render_env_v2(&oidc, SecretDisplay::Plain).unwrap_err();
        assert!(err.to_string().contains("OIDCProxy has no FastMCP 2.x"));
    }
}

#[cfg(test)]
mod env_v2_tests {
    use super::*;
    use crate::core::{AuthContext, AuthError, FastmcpVersion};

    fn v(text: &str) -> FastmcpVersion {
        text.parse().unwrap()
    }

    fn config_err(provider: &str, fields: &[(&str, &str)], target: &str) -> AuthError {
        let mut builder = AuthContext::new().auth_provider(provider).unwrap();
        for (name, value) in fields {
            builder = builder.set_field(name, *value);
        }
        builder
            .fastmcp_version(v(target))
            .generate_fastmcp_config()
            .unwrap_err()
    }

    fn config(provider: &str, fields: &[(&str, &str)], target: &str) -> FastMCPAuthConfig {
        let mut builder = AuthContext::new().auth_provider(provider).unwrap();
        for (name, value) in fields {
            builder = builder.set_field(name, *value);
        }
        builder
            .fastmcp_version(v(target))
            .generate_fastmcp_config()
            .unwrap()
    }

    const DISCORD: &[(&str, &str)] = &[
        ("client_id", "123456789012345678"),
        ("client_secret", "${DISCORD_CLIENT_SECRET}"),
        ("base_url", "https://mcp.example.com"),
    ];
    const INTROSPECTION: &[(&str, &str)] = &[
        ("introspection_url", "https://auth.example.com/introspect"),
        ("client_id", "mcp"),
        ("client_secret", "${INTROSPECTION_CLIENT_SECRET}"),
    ];
    const AZURE: &[(&str, &str)] = &[
        ("client_id", "835f09b6-0f0f-40cc-85cb-f32c5829a149"),
        ("client_secret", "${AZURE_CLIENT_SECRET}"),
        ("tenant_id", "08541b6e-646d-43de-a0eb-834e6713d6d5"),
        ("base_url", "https://mcp.example.com"),
        ("identifier_uri", "api://mcp"),
        ("required_scopes", "read"),
    ];

    #[test]
    fn refuses_targets_outside_the_2_x_variables() {
        for target in ["3.4.11", "4.2.3"] {
            let google = config("google", DISCORD, target);
            let err = render_env_v2(&google, SecretDisplay::Plain).unwrap_err();
            assert!(matches!(err, ExportError::EnvV2Release { .. }), "{err}");
            assert!(err.to_string().contains("--fastmcp 2.14.7"), "{err}");
        }
    }

    #[test]
    fn refuses_classes_the_target_cannot_load_from_variables() {
        // DiscordProvider came with FastMCP 2.13.2.
        let mut discord = config("discord", DISCORD, "2.14.7");
        assert!(render_env_v2(&discord, SecretDisplay::Plain).is_ok());
        discord.fastmcp_version = Some(v("2.13.1"));
        let err = render_env_v2(&discord, SecretDisplay::Plain).unwrap_err();
        assert!(matches!(err, ExportError::NoV2Loader { .. }), "{err}");
        assert!(err.to_string().contains("DiscordProvider"), "{err}");
        assert!(
            err.to_string().contains("FastMCP 2.13.2 and later"),
            "{err}"
        );

        // FastMCP 2.12 has no IntrospectionTokenVerifier at all: refused before any export.
        let err = config_err("introspection", INTROSPECTION, "2.12.5");
        assert!(
            matches!(&err, AuthError::NotInFastmcpVersion { field, .. } if field == "provider_class"),
            "{err}"
        );
        let on_2_14 = config("introspection", INTROSPECTION, "2.14.7");
        assert!(render_env_v2(&on_2_14, SecretDisplay::Plain).is_ok());
    }

    #[test]
    fn says_which_variables_the_target_ignores() {
        // A parameter 2.12 does not have is refused when the config is made for it, naming
        // the release that has it; nothing is left for env-v2 to ignore.
        let err = config_err("azure", AZURE, "2.12.5");
        assert!(
            matches!(&err, AuthError::NotInFastmcpVersion { field, .. } if field == "identifier_uri"),
            "{err}"
        );
        let on_2_14 = config("azure", AZURE, "2.14.7");
        assert!(env_v2_warnings(&on_2_14).is_empty());

        // Built by hand, as a library user may: no target, every variable judged.
        let mut by_hand = config("introspection", INTROSPECTION, "4.2.3");
        by_hand.fastmcp_version = None;
        let warnings = env_v2_warnings(&by_hand);
        assert!(
            warnings.iter().any(|w| w.contains("client_auth_method")),
            "{warnings:?}"
        );
    }
}

#[cfg(test)]
mod masking_tests {
    use super::*;
    use crate::core::AuthContext;

    #[test]
    fn previews_mask_static_tokens_but_files_keep_them() {
        let config = AuthContext::new()
            .auth_provider("static")
            .unwrap()
            .set_field(
                "tokens",
                serde_json::json!({"dev-alice-token-7788": {"client_id": "alice", "scopes": ["read"]}}),
            )
            .generate_fastmcp_config()
            .unwrap();
        for format in [Format::Json, Format::Python] {
            let shown = render(&config, format, SecretDisplay::Masked).unwrap();
            assert!(!shown.contains("dev-alice-token"), "{format:?}: {shown}");
            assert!(
                shown.contains("********7788") && shown.contains("alice"),
                "{shown}"
            );
            let plain = render(&config, format, SecretDisplay::Plain).unwrap();
            assert!(
                plain.contains("dev-alice-token-7788"),
                "{format:?}: {plain}"
            );
        }
    }
}

#[cfg(test)]
mod composite_tests {
    use super::*;
    use crate::core::{AuthContext, AuthProviderBuilder};

    fn introspection(secret: ParamValue) -> AuthProviderBuilder {
        AuthContext::new()
            .auth_provider("introspection")
            .unwrap()
            .set_field("introspection_url", "https://a.example.com/introspect")
            .set_field("client_id", "rs")
            .set_field("client_secret", secret)
    }

    fn multi(secret: ParamValue, embed: bool) -> FastMCPAuthConfig {
        AuthContext::new()
            .auth_provider("remote-auth")
            .unwrap()
            .set_field(
                "authorization_servers",
                ParamValue::list(["https://a.example.com"]),
            )
            .set_base_url("https://mcp.example.com")
            .set_token_verifier(introspection(secret))
            .also_accept(
                AuthContext::new()
                    .auth_provider("bearer")
                    .unwrap()
                    .set_jwks_config("https://m.example.com/jwks", "https://m.example.com", "api"),
            )
            .embed_secrets(embed)
            .generate_fastmcp_config()
            .unwrap()
    }

    #[test]
    fn python_builds_nested_verifiers_inside_multi_auth() {
        let config = multi(ParamValue::env("INTROSPECTION_SECRET").unwrap(), false);
        let code = render_python(&config, SecretDisplay::Plain).unwrap();
        for line in [
            "from fastmcp.server.auth import MultiAuth\n",
            "from fastmcp.server.auth import RemoteAuthProvider\n",
            "from fastmcp.server.auth.providers.introspection import IntrospectionTokenVerifier\n",
            "from fastmcp.server.auth.providers.jwt import JWTVerifier\n",
            "auth = MultiAuth(\n    server=RemoteAuthProvider(\n",
            "        token_verifier=IntrospectionTokenVerifier(\n",
            "            client_secret=os.environ[\"INTROSPECTION_SECRET\"],\n",
            "        ),\n    ),\n    verifiers=[\n        JWTVerifier(\n",
            "            issuer=\"https://m.example.com\",\n",
            "        ),\n    ],\n)\n",
        ] {
            assert!(code.contains(line), "missing {line:?} in\n{code}");
        }
    }

    #[test]
    fn previews_mask_nested_secrets_and_env_lists_nested_variables() {
        let config = multi(ParamValue::secret("nested-embedded-secret-9876"), true);
        for format in [Format::Json, Format::Python] {
            let shown = render(&config, format, SecretDisplay::Masked).unwrap();
            assert!(
                !shown.contains("nested-embedded-secret"),
                "{format:?}: {shown}"
            );
            assert!(shown.contains("********9876"), "{format:?}: {shown}");
        }
        let config = multi(ParamValue::env("INTROSPECTION_SECRET").unwrap(), false);
        let env = render_env(&config, None).unwrap();
        assert!(
            env.contains("\n# client_secret\nINTROSPECTION_SECRET=\n"),
            "{env}"
        );
    }

    #[test]
    fn env_v2_refuses_what_variables_cannot_express() {
        let config = multi(ParamValue::env("INTROSPECTION_SECRET").unwrap(), false);
        let err = render_env_v2(&config, SecretDisplay::Plain).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a token verifier (token_verifier) cannot be written"),
            "{err}"
        );
        let mut only_multi = config.clone();
        only_multi.verifier_params.clear();
        let err = render_env_v2(&only_multi, SecretDisplay::Plain).unwrap_err();
        assert!(err.to_string().contains("MultiAuth (also_accept)"), "{err}");
    }

    #[test]
    fn python_refuses_two_classes_of_one_name_and_bad_nested_names() {
        let mut config = multi(ParamValue::env("S").unwrap(), false);
        config.also_accept[0].import_path = "my_package.auth".into();
        config.also_accept[0].provider_class = "MultiAuth".into();
        let err = render_python(&config, SecretDisplay::Plain).unwrap_err();
        assert!(matches!(err, ExportError::ClassNameClash { .. }), "{err}");
        let mut config = multi(ParamValue::env("S").unwrap(), false);
        config.verifier_params["token_verifier"].import_path = "os".into();
        let err = render_python(&config, SecretDisplay::Plain).unwrap_err();
        assert!(matches!(err, ExportError::StdlibModule { .. }), "{err}");
    }
}
