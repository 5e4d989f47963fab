//! FastMCP releases (issue 13): every case of `tests/data/compat_cases.json` is generated
//! with `--fastmcp V` for each release V in [`COMPAT_VERSIONS`] (the newest 4.x, 3.4.x and
//! 2.14.x), and loaded in that release's venv (`target/fastmcp-venv-V`, or the main venv
//! for the newest, built once, in parallel): whatever the tool prints for V, FastMCP V must construct; whatever it refuses
//! for V must be a class or parameter V lacks, and, for evidence, FastMCP V must reject the
//! config the tool prints for the newest release.
//!
//! One Python process per release loads all of its configs; the releases run in parallel.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::thread;
use std::time::Instant;

use fastmcp_auth::core::{Catalog, FastmcpVersion};
use serde_json::Value;

mod common;

use common::compat_cases::{CaseData, case_table, env_references, fill};
use common::python::{
    COMPAT_VERSIONS, MANIFEST_DIR, fastmcp_pythons_for, serve_discovery_document, tail,
};

const BIN: &str = env!("CARGO_BIN_EXE_fastmcp-auth");

/// What happened to one case for one release.
enum Outcome {
    /// The tool printed a config for the release; FastMCP's verdict (class, or its error).
    Printed { loaded: Result<String, String> },
    /// The tool refused; its message, and FastMCP's verdict on the newest release's config.
    Refused {
        message: String,
        newest_config_loaded: Result<String, String>,
    },
}

struct ReleaseRun {
    version: &'static str,
    outcomes: BTreeMap<String, Outcome>,
}

fn runs() -> &'static [ReleaseRun] {
    static RUNS: OnceLock<Result<Vec<ReleaseRun>, String>> = OnceLock::new();
    match RUNS.get_or_init(run_all) {
        Ok(runs) => runs,
        Err(e) => panic!("{e}"),
    }
}

fn run_all() -> Result<Vec<ReleaseRun>, String> {
    let started = Instant::now();
    let pythons = fastmcp_pythons_for(&COMPAT_VERSIONS);
    let provisioned = started.elapsed();
    let table = case_table();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let files = table.write_fixtures(dir.path());
    let discovery = serve_discovery_document()?;
    let env = discovery_env(&discovery);
    let args_of = |case: &CaseData| -> Vec<String> {
        let mut args = vec![
            "generate".to_string(),
            "--provider".to_string(),
            case.provider.clone(),
        ];
        args.extend(case.args.iter().map(|a| fill(a, &discovery, &files)));
        args
    };
    // The newest release's configs: the evidence for every refusal.
    let mut newest = HashMap::new();
    for case in &table.cases {
        let out = Command::new(BIN)
            .args(args_of(case))
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!(
                "case {} is refused for the newest release: {}",
                case.name,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        newest.insert(
            case.name.clone(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        );
    }
    let results: Vec<Result<ReleaseRun, String>> = thread::scope(|scope| {
        let handles: Vec<_> = COMPAT_VERSIONS
            .iter()
            .zip(pythons)
            .map(|(version, python)| {
                let (newest, args_of, dir, env) = (&newest, &args_of, dir.path(), &env);
                scope.spawn(move || {
                    let python = python?;
                    run_release(version, &python, dir, env, newest, args_of)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a release run panicked".into()))
            })
            .collect()
    });
    let _ = writeln!(
        std::io::stderr(),
        "fastmcp_versions: venvs ready in {provisioned:.1?}; {} cases x {} releases done in \
         {:.1?}",
        table.cases.len(),
        COMPAT_VERSIONS.len(),
        started.elapsed()
    );
    results.into_iter().collect()
}

fn discovery_env(url: &str) -> Vec<(String, String)> {
    let no_proxy = "127.0.0.1,localhost".to_string();
    vec![
        ("FASTMCP_AUTH_TEST_DISCOVERY_URL".into(), url.to_string()),
        ("FASTMCP_ENABLE_RICH_LOGGING".into(), "false".into()),
        ("NO_PROXY".into(), no_proxy.clone()),
        ("no_proxy".into(), no_proxy),
    ]
}

/// Generates every case for `version` and loads the results (and, for each refusal, the
/// newest release's config) in one `load_config.py` run.
fn run_release(
    version: &'static str,
    python: &Path,
    dir: &Path,
    env: &[(String, String)],
    newest: &HashMap<String, String>,
    args_of: &dyn Fn(&CaseData) -> Vec<String>,
) -> Result<ReleaseRun, String> {
    let started = Instant::now();
    let work = dir.join(format!("release-{version}"));
    fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    // case → (printed?, refusal message, file to load)
    let mut plan: Vec<(String, Option<String>, PathBuf)> = Vec::new();
    for case in &case_table().cases {
        let out = Command::new(BIN)
            .args(args_of(case))
            .args(["--fastmcp", version])
            .output()
            .map_err(|e| e.to_string())?;
        let path = work.join(format!("{}.json", case.name));
        if out.status.success() {
            fs::write(&path, &out.stdout).map_err(|e| e.to_string())?;
            plan.push((case.name.clone(), None, path));
        } else {
            fs::write(&path, &newest[&case.name]).map_err(|e| e.to_string())?;
            let message = String::from_utf8_lossy(&out.stderr).into_owned();
            plan.push((case.name.clone(), Some(message), path));
        }
    }
    let mut vars = BTreeSet::new();
    for (_, _, path) in &plan {
        let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
        vars.extend(env_references(&text));
    }
    let out = Command::new(python)
        .arg(Path::new(MANIFEST_DIR).join("tests/python/load_config.py"))
        .args(plan.iter().map(|(_, _, p)| p))
        .envs(
            vars.iter()
                .map(|v| (v.clone(), format!("dummy-{v}-0123456789abcdef"))),
        )
        .envs(env.iter().cloned())
        .env("FASTMCP_HOME", work.join("home"))
        .current_dir(&work)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    let mut verdicts: HashMap<String, Result<String, String>> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(result) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let verdict = if result["ok"] == true {
            Ok(result["class"].as_str().unwrap_or_default().to_string())
        } else {
            Err(result["error"].as_str().unwrap_or("?").to_string())
        };
        verdicts.insert(
            result["path"].as_str().unwrap_or_default().to_string(),
            verdict,
        );
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut outcomes = BTreeMap::new();
    for (name, refusal, path) in plan {
        let loaded = verdicts
            .remove(&path.to_string_lossy().into_owned())
            .unwrap_or_else(|| {
                Err(format!(
                    "load_config.py reported nothing ({}); its stderr ends:\n{}",
                    out.status,
                    tail(&stderr, 20)
                ))
            });
        let outcome = match refusal {
            None => Outcome::Printed { loaded },
            Some(message) => Outcome::Refused {
                message,
                newest_config_loaded: loaded,
            },
        };
        outcomes.insert(name, outcome);
    }
    let _ = writeln!(
        std::io::stderr(),
        "fastmcp_versions: FastMCP {version}: {} cases in {:.1?}",
        outcomes.len(),
        started.elapsed()
    );
    Ok(ReleaseRun { version, outcomes })
}

fn release(version: &str) -> FastmcpVersion {
    version.parse().unwrap()
}

#[test]
fn the_compat_releases_are_in_the_catalog() {
    let known = &Catalog::builtin().fastmcp_versions;
    for version in COMPAT_VERSIONS {
        assert!(
            known.contains(&release(version)),
            "{version} is tested but not in the catalog's fastmcp_versions {known:?}"
        );
    }
}

/// Whatever the tool prints for a release, that release's FastMCP constructs.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn every_config_generated_for_a_release_loads_in_it() {
    let mut failures = Vec::new();
    for run in runs() {
        for (name, outcome) in &run.outcomes {
            if let Outcome::Printed { loaded: Err(e) } = outcome {
                failures.push(format!("FastMCP {}: case {name}: {e}", run.version));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the tool refuses for a release is something that release lacks: the message names
/// the release and the one to target instead, and FastMCP on that release indeed rejects
/// the config the tool prints for the newest release.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn what_a_release_lacks_is_refused_first_and_fastmcp_agrees() {
    let mut failures = Vec::new();
    for run in runs() {
        for (name, outcome) in &run.outcomes {
            let Outcome::Refused {
                message,
                newest_config_loaded,
            } = outcome
            else {
                continue;
            };
            let names_release = message.contains(&format!("FastMCP {}", release(run.version)))
                && message.contains("--fastmcp ")
                && [
                    "first appears in FastMCP",
                    "was removed in FastMCP",
                    "is accepted from FastMCP",
                ]
                .iter()
                .any(|reason| message.contains(reason));
            if !names_release {
                failures.push(format!(
                    "FastMCP {}: case {name} refused for another reason: {message}",
                    run.version
                ));
            }
            if let Ok(class) = newest_config_loaded {
                failures.push(format!(
                    "FastMCP {}: case {name} was refused, but FastMCP builds the newest \
                     release's config ({class}): the catalog's since/removed is too strict",
                    run.version
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The catalog's record drives the refusals: a case whose class a release lacks is refused
/// for it, and the older releases do refuse something (the check above is not vacuous).
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn classes_a_release_lacks_are_refused_for_it() {
    let catalog = Catalog::builtin();
    let mut failures = Vec::new();
    for run in runs() {
        let target = release(run.version);
        for case in &case_table().cases {
            let spec = catalog.get(&case.provider).unwrap();
            let refused = matches!(run.outcomes[&case.name], Outcome::Refused { .. });
            if !spec.versions().contains(target) && !refused {
                failures.push(format!(
                    "FastMCP {target}: case {} uses {}, which the catalog says {target} \
                     lacks, and was not refused",
                    case.name, spec.provider_class
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let oldest = runs().iter().min_by_key(|r| release(r.version)).unwrap();
    assert!(
        oldest
            .outcomes
            .values()
            .any(|o| matches!(o, Outcome::Refused { .. })),
        "FastMCP {}: nothing refused",
        oldest.version
    );
}

/// `generate --provider google` with its required fields and `scopes` (none: the
/// catalog's defaults), for `version`.
fn google(version: &str, scopes: &[&str]) -> std::process::Output {
    let mut command = Command::new(BIN);
    command.args([
        "generate",
        "--provider",
        "google",
        "--set",
        "client_id=123-abc.apps.googleusercontent.com",
        "--env",
        "client_secret=GOOGLE_CLIENT_SECRET",
        "--set",
        "base_url=https://mcp.example.com",
        "--fastmcp",
        version,
    ]);
    for scope in scopes {
        command.args(["--scope", scope]);
    }
    command
        .env("GOOGLE_CLIENT_SECRET", "GOCSPX-test")
        .output()
        .unwrap()
}

const LONG_GOOGLE_SCOPES: &str = "openid https://www.googleapis.com/auth/userinfo.email \
                                  https://www.googleapis.com/auth/userinfo.profile";

/// Google's default scopes are the form every release expects: no release's default
/// config is warned about, and the CLI says which names clients must request.
#[test]
fn google_default_scopes_are_never_warned_about() {
    for version in &Catalog::builtin().fastmcp_versions {
        let out = google(&version.to_string(), &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{version}: {stderr}");
        assert!(
            !stderr.contains("warning: required_scopes"),
            "{version}: a default config is warned about: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "note: MCP clients must request the scopes by these names: {LONG_GOOGLE_SCOPES}\n"
            )),
            "{version}: {stderr}"
        );
    }
    // Typed in the short form: warned, and the note names what the target accepts from
    // clients (3.4.11+ renames the short names; 2.14 takes them as written).
    for (version, names) in [
        ("4.2.3", LONG_GOOGLE_SCOPES),
        ("2.14.7", "openid email profile"),
    ] {
        let out = google(version, &["openid", "email", "profile"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning: required_scopes: MCP clients must request"),
            "{version}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("by these names: {names}\n")),
            "{version}: {stderr}"
        );
    }
}

/// In each compatibility release the default scopes are what clients may request and a
/// token Google issues for them (tokeninfo names email/profile by their long URIs) passes
/// the provider's check (`tests/python/google_scopes.py`).
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn google_default_scopes_work_in_every_compat_release() {
    let pythons = fastmcp_pythons_for(&COMPAT_VERSIONS);
    for (version, python) in COMPAT_VERSIONS.iter().zip(pythons) {
        let python = python.unwrap_or_else(|e| panic!("{e}"));
        let out = google(version, &[]);
        let config: Value = serde_json::from_slice(&out.stdout).unwrap();
        let scopes = &config["config_params"]["required_scopes"];
        let check = Command::new(&python)
            .arg(Path::new(MANIFEST_DIR).join("tests/python/google_scopes.py"))
            .arg(scopes.to_string())
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{version}: {}",
            tail(&String::from_utf8_lossy(&check.stderr), 20)
        );
        let verdict: Value = serde_json::from_slice(&check.stdout).unwrap();
        assert_eq!(
            &verdict["valid_scopes"], scopes,
            "{version}: clients must request other scopes than the config names"
        );
        assert_eq!(
            verdict["token_accepted"], true,
            "{version}: FastMCP refuses Google's tokens for the default scopes {scopes}"
        );
    }
}
