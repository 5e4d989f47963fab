//! `fastmcp-auth providers`: the catalog, for people (text) or scripts (`--json`).

use std::io::Write;

use clap::Args;

use super::{CliError, print_json, write_out};
use crate::core::catalog::{Catalog, FieldKind, ProviderSpec};

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
    let mut text = String::new();
    for spec in selected {
        describe(spec, &mut text);
    }
    write_out(out, &text)
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
    for field in &spec.fields {
        let mark = if field.required { "*" } else { " " };
        let kind = match field.kind {
            FieldKind::Url => "url",
            FieldKind::Secret => "secret",
            FieldKind::Text => "text",
            FieldKind::List => "list",
            FieldKind::Choice => "choice",
        };
        let _ = writeln!(
            text,
            "    {mark} {:<16} {kind:<7} {}",
            field.name, field.help
        );
        let _ = writeln!(text, "      {:<16} example: {}", "", field.example);
        if let Some(default) = &field.default {
            let _ = writeln!(text, "      {:<16} default: {default}", "");
        }
        if !field.choices.is_empty() {
            let _ = writeln!(
                text,
                "      {:<16} one of: {}",
                "",
                field.choices.join(", ")
            );
        }
        if !field.env.is_empty() {
            let _ = writeln!(text, "      {:<16} env: {}", "", field.env.join(", "));
        }
    }
    if !spec.scopes.default.is_empty() {
        let _ = writeln!(
            text,
            "    default scopes: {}",
            spec.scopes.default.join(" ")
        );
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
