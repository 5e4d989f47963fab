//! `fastmcp-auth list`: the configs in the config directory, one row each; a file that
//! cannot be loaded is listed with its problem.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::{CliError, write_out};
use crate::core::text::escape_control;
use crate::persist;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Directory to list (default: <config dir>/fastmcp-auth, e.g. ~/.config/fastmcp-auth)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

const HEADER: [&str; 5] = ["SERVICE", "TYPE", "CLASS", "PATH", "STATUS"];

pub fn run(args: &ListArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => persist::default_config_dir().ok_or_else(|| {
            CliError::Usage(
                "no config directory is known here (set XDG_CONFIG_HOME or HOME); give one \
                 (example: fastmcp-auth list --dir ./configs)"
                    .into(),
            )
        })?,
    };
    let files = match persist::config_files(&dir) {
        Ok(files) => files,
        // The default directory appears with the first save; not having one is no error.
        Err(e) if e.kind() == ErrorKind::NotFound && args.dir.is_none() => Vec::new(),
        Err(e) => {
            return Err(CliError::Failed(format!(
                "cannot list {}: {}",
                dir.display(),
                persist::describe(&e)
            )));
        }
    };
    if files.is_empty() {
        let _ = writeln!(
            err,
            "no configs in {} (save one with: fastmcp-auth generate ... --service NAME --save)",
            dir.display()
        );
        return Ok(());
    }
    // Cells are escaped before the columns are measured: a value from a file (or a file
    // name) holding a newline or an escape sequence must neither act on the terminal nor
    // break the table's rows and columns.
    let rows: Vec<[String; 5]> = files
        .iter()
        .map(|path| row(path).map(|cell| escape_control(&cell).into_owned()))
        .collect();
    write_out(out, &table(&rows))
}

fn row(path: &Path) -> [String; 5] {
    let shown = path.display().to_string();
    match persist::load_config(path) {
        Ok(file) => {
            let config = &file.generated.config;
            let status = if file.generated.warnings.is_empty() {
                "ok"
            } else {
                "ok, with warnings (see fastmcp-auth validate)"
            };
            [
                config.service.clone().unwrap_or_else(|| "-".into()),
                config.provider_type.clone().unwrap_or_else(|| "-".into()),
                config.provider_class.clone(),
                shown,
                status.into(),
            ]
        }
        Err(e) => [
            "-".into(),
            "-".into(),
            "-".into(),
            shown,
            e.problem.to_string(),
        ],
    }
}

/// Left-aligned columns; the last one (free text) is not padded.
fn table(rows: &[[String; 5]]) -> String {
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = HEADER.map(String::from);
    let mut text = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let padded: Vec<String> = row[..4]
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        text.push_str(&format!("{}  {}\n", padded.join("  "), row[4]));
    }
    text
}
