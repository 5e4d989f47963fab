//! `fastmcp-auth providers`: the catalog, for people (text) or scripts (`--json`).

use std::io::Write;

use clap::Args;

use super::{CliError, print_json, write_out};
use crate::core::catalog::{Catalog, ProviderSpec};

#[derive(Debug, Args)]
pub struct ProvidersArgs {
    /// Show only this provider type
    #[arg(value_name = "TYPE")]
    pub provider: Option<String>,
    /// Print the catalog entries as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ProvidersArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let catalog = Catalog::builtin();
    let selected: Vec<&ProviderSpec> = match &args.provider {
        Some(name) => vec![catalog.get(name).ok_or_else(|| {
            CliError::Usage(format!(
                "unknown provider type '{name}': expected one of {} (example: fastmcp-auth providers google)",
                catalog.type_names().join(", ")
            ))
        })?],
        None => catalog.providers.iter().collect(),
    };
    if args.json {
        return print_json(out, &selected);
    }
    use std::fmt::Write as _;
    let selected_has_proxy = selected.iter().any(|s| s.oauth_proxy);
    let mut text = String::new();
    let mut group: Option<&str> = None;
    for spec in selected {
        // The full listing is long: headings where the catalog group changes.
        if args.provider.is_none() && group != Some(spec.group.as_str()) {
            group = Some(&spec.group);
            let _ = writeln!(text, "== {} ==\n", spec.group);
        }
        describe(spec, &mut text);
    }
    if selected_has_proxy {
        describe_client_presets(catalog, &mut text);
    }
    write_out(out, &text)
}

/// The `--allow-clients` presets for OAuth-proxy providers, each with where it is documented.
fn describe_client_presets(catalog: &Catalog, text: &mut String) {
    use std::fmt::Write as _;
    let _ = writeln!(
        text,
        "MCP client presets for allowed_client_redirect_uris (generate --allow-clients ID,...):"
    );
    for preset in &catalog.client_redirect_presets {
        let default = if preset.default { "  [default]" } else { "" };
        let _ = writeln!(text, "  {}  {}{default}", preset.id, preset.title);
        let _ = writeln!(text, "      urls: {}", preset.uris.join(", "));
        let _ = writeln!(text, "      source: {}", preset.source);
    }
    text.push('\n');
}

fn describe(spec: &ProviderSpec, text: &mut String) {
    use std::fmt::Write as _;
    let origin = if spec.custom {
        "your class, from your module".to_string()
    } else {
        format!("{} from {}", spec.provider_class, spec.import_path)
    };
    let dev = if spec.development_only {
        "  [development only]"
    } else {
        ""
    };
    let _ = writeln!(text, "{}  {}{dev}", spec.type_name, spec.title);
    let _ = writeln!(text, "    {}", spec.description);
    let _ = writeln!(text, "    class: {origin}");
    // The name column fits the provider's longest field name (the token-lifetime settings' are 37 characters).
    let w = spec
        .fields
        .iter()
        .map(|f| f.name.len())
        .max()
        .unwrap_or(0)
        .max(16);
    for field in &spec.fields {
        let mark = if field.required { "*" } else { " " };
        let kind = field.kind.name();
        let _ = writeln!(
            text,
            "    {mark} {:<w$} {kind:<7} {}",
            field.name, field.help
        );
        if field.advanced {
            let _ = writeln!(text, "      {:<w$} advanced", "");
        }
        let _ = writeln!(text, "      {:<w$} example: {}", "", field.example);
        if let Some(default) = &field.default {
            let _ = writeln!(text, "      {:<w$} default: {default}", "");
        }
        if !field.choices.is_empty() {
            let _ = writeln!(
                text,
                "      {:<w$} one of: {}",
                "",
                field.choices.join(", ")
            );
        }
        if !field.env.is_empty() {
            let _ = writeln!(text, "      {:<w$} env: {}", "", field.env.join(", "));
        }
    }
    if !spec.scopes.default.is_empty() {
        let _ = writeln!(
            text,
            "    default scopes: {}",
            spec.scopes.default.join(" ")
        );
    }
    if let Some(help) = &spec.scopes.help {
        let _ = writeln!(text, "    scopes: {help}");
    }
    if !spec.scopes.suggested.is_empty() {
        let _ = writeln!(
            text,
            "    suggested scopes: {}",
            spec.scopes.suggested.join(" ")
        );
    }
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(provider: Option<&str>) -> String {
        let args = ProvidersArgs {
            provider: provider.map(str::to_string),
            json: false,
        };
        let mut out = Vec::new();
        run(&args, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn full_listing_has_every_type_under_its_group_heading() {
        let text = listing(None);
        let mut last = 0;
        let mut group = "";
        for spec in &Catalog::builtin().providers {
            if spec.group != group {
                group = &spec.group;
                let heading = format!("== {group} ==");
                let at = text
                    .find(&heading)
                    .unwrap_or_else(|| panic!("no {heading}"));
                assert!(at >= last, "{heading} out of order");
                last = at;
            }
            let entry = format!("\n{}  {}", spec.type_name, spec.title);
            let at = text.find(&entry).unwrap_or_else(|| panic!("no {entry:?}"));
            assert!(at > last, "{} is not under {group}", spec.type_name);
            last = at;
        }
        assert!(text.contains("static  Static test tokens  [development only]"));
    }

    #[test]
    fn one_provider_has_no_heading() {
        let text = listing(Some("keycloak"));
        assert!(text.starts_with("keycloak  Keycloak\n"), "{text}");
        assert!(text.contains("    * realm_url        url "), "{text}");
        // Long field names keep the columns aligned.
        let azure = listing(Some("azure"));
        assert!(
            azure.contains("      additional_authorize_scopes           list    Upstream scopes")
                && azure
                    .contains("    * client_id                             text    Application")
                && azure.contains("      fallback_refresh_token_expiry_seconds integer Lifetime"),
            "{azure}"
        );
        assert!(!text.contains("=="), "{text}");
    }
}
