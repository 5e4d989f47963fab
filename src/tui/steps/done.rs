//! The final screen: what was written and how to use it, and, after a development key pair
//! was generated, a sample token signed with it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::wrap_text;
use crate::core::types::DEFAULT_EXPIRES_IN;
use crate::core::{AuthTokenBuilder, Clock, ParamValue};
use crate::devkeys::{DEV_KEY_ALGORITHM, DevKeyPair, JwsSigner};
use crate::tui::jobs::Written;
use crate::tui::save_plan::FileKind;
use crate::tui::theme::Theme;
use crate::tui::view::render_lines;

pub struct DoneStep {
    /// Every file of the save, in the order written, and what happened to it.
    pub files: Vec<(FileKind, PathBuf, Written)>,
    /// Variables the server's environment must define.
    pub vars: Vec<String>,
    /// What the screen shows, printed again after exit (see `tui::summary`).
    pub summary: Vec<String>,
    /// A token signed with the development key pair the user generated in this session.
    pub sample_token: Option<SampleToken>,
}

/// A development token for the saved config: the user made the key, so showing the token
/// is the point (it is also printed when the wizard exits, where it can be copied whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleToken {
    pub token: String,
    /// Where the key pair that signed it lives.
    pub key_dir: PathBuf,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub expires_in: u64,
}

/// Who the sample token is for.
pub const SAMPLE_CLIENT_ID: &str = "dev-client";

impl SampleToken {
    /// A token FastMCP accepts for the config `params`, signed with `pair`: its scopes,
    /// issuer and audience are the config's. `None` when the config no longer uses `pair`
    /// with RS256 (the user replaced the key or the algorithm after generating it).
    pub fn for_config(
        pair: &DevKeyPair,
        key_dir: &Path,
        params: &IndexMap<String, ParamValue>,
        scope_param: &str,
        env: &dyn Fn(&str) -> Option<String>,
        clock: Arc<dyn Clock>,
    ) -> Option<SampleToken> {
        let literal = |name: &str| params.get(name).and_then(ParamValue::as_literal_str);
        let same_key =
            literal("public_key").is_some_and(|pem| pem.trim_end() == pair.public_pem().trim_end());
        let rs256 = literal("algorithm").is_none_or(|a| a == DEV_KEY_ALGORITHM);
        if !same_key || !rs256 {
            return None;
        }
        let values = |name: &str| text_values(params.get(name), env);
        let scopes = values(scope_param);
        let mut builder = AuthTokenBuilder::new(SAMPLE_CLIENT_ID, clock)
            .add_scopes(scopes.clone())
            .expires_in(DEFAULT_EXPIRES_IN);
        if let Some(issuer) = values("issuer").into_iter().next() {
            builder = builder.issuer(issuer);
        }
        for audience in values("audience") {
            builder = builder.audience(audience);
        }
        let token = JwsSigner::rs256(pair)
            .sign(&builder.generate_payload().ok()?)
            .ok()?;
        Some(SampleToken {
            token,
            key_dir: key_dir.to_path_buf(),
            client_id: SAMPLE_CLIENT_ID.to_string(),
            scopes,
            expires_in: DEFAULT_EXPIRES_IN,
        })
    }

    /// What the token is and why it is shown (the screen and the exit message use it).
    pub fn description(&self) -> String {
        let scopes = if self.scopes.is_empty() {
            "no scopes".to_string()
        } else {
            format!("scopes {}", self.scopes.join(" "))
        };
        format!(
            "client {}, {scopes}, valid {} min, signed with the key pair you generated in {}; \
             shown on purpose, use it only for testing",
            self.client_id,
            self.expires_in / 60,
            self.key_dir.display()
        )
    }
}

impl DoneStep {
    /// The config file (the source of truth the other files go next to).
    pub fn config_path(&self) -> Option<&Path> {
        self.files
            .iter()
            .find(|(kind, _, _)| *kind == FileKind::Config)
            .map(|(_, path, _)| path.as_path())
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = area.width as usize;
        let lines: Vec<Line> = self
            .summary
            .iter()
            .flat_map(|text| {
                let style = if text.starts_with('✓') {
                    theme.ok()
                } else if text.starts_with("  ") {
                    theme.title()
                } else {
                    ratatui::style::Style::new()
                };
                wrap_text(text, width)
                    .into_iter()
                    .map(move |l| Line::styled(l, style))
            })
            .collect();
        render_lines(frame, area, lines);
    }
}

/// A parameter's text values: a string, a list's strings, or a referenced variable's value.
fn text_values(value: Option<&ParamValue>, env: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    match value {
        Some(ParamValue::Literal(serde_json::Value::String(s))) => vec![s.clone()],
        Some(ParamValue::Literal(serde_json::Value::Array(items))) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(ParamValue::Env(var)) => env(var.as_str()).into_iter().collect(),
        _ => Vec::new(),
    }
}
