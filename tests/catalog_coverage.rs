//! The catalog covers FastMCP whole: every keyword parameter of every catalog class, in the
//! FastMCP release under test, is a catalog field available in that release, the scope
//! parameter, or listed in the provider's `not_configurable` with its reason; and the
//! catalog's `since`/`removed` agree with the release (`tests/python/check_coverage.py`).
//!
//! [`coverage_problems`] takes the python and its FastMCP version, so the same check runs
//! against every venv the compatibility suite provisions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use fastmcp_auth::core::Catalog;
use serde_json::Value;

mod common;

use common::python::{FASTMCP_VERSION, MANIFEST_DIR, fastmcp_python, tail};

/// Problems `check_coverage.py` finds with `catalog` (JSON) in `python`'s FastMCP, which must
/// be `version`; each prefixed with the catalog type. Panics when the check cannot run.
pub fn coverage_problems(python: &Path, version: &str, catalog: &str) -> Vec<String> {
    let script: PathBuf = Path::new(MANIFEST_DIR).join("tests/python/check_coverage.py");
    let mut child = Command::new(python)
        .arg(&script)
        .arg(version)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(catalog.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "check_coverage.py failed ({}):\n{}",
        output.status,
        tail(&stderr, 20)
    );
    let mut problems = Vec::new();
    let mut checked = 0;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let verdict: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("check_coverage.py printed {line:?}: {e}"));
        checked += 1;
        for problem in verdict["problems"].as_array().unwrap() {
            problems.push(format!(
                "{}: {}",
                verdict["type"].as_str().unwrap(),
                problem.as_str().unwrap()
            ));
        }
    }
    let expected = serde_json::from_str::<Value>(catalog).unwrap()["providers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["custom"] != Value::Bool(true))
        .count();
    assert_eq!(checked, expected, "not every class was checked");
    problems
}

fn builtin_json() -> Value {
    serde_json::to_value(Catalog::builtin()).unwrap()
}

fn provider_mut<'a>(catalog: &'a mut Value, type_name: &str) -> &'a mut Value {
    catalog["providers"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["type"] == type_name)
        .unwrap()
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn every_fastmcp_parameter_is_covered_or_explained() {
    let catalog = builtin_json().to_string();
    let problems = coverage_problems(&fastmcp_python(), FASTMCP_VERSION, &catalog);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check is not vacuous: a parameter dropped from the catalog, one moved to the wrong
/// release, and a class given to a release without it are each reported.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn a_gap_in_the_catalog_is_reported() {
    let mut catalog = builtin_json();
    let google = provider_mut(&mut catalog, "google");
    let fields = google["fields"].as_array_mut().unwrap();
    fields.retain(|f| f["name"] != "timeout_seconds");
    let jwt = provider_mut(&mut catalog, "bearer");
    let field = jwt["fields"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["name"] == "ssrf_safe")
        .unwrap();
    field["since"] = Value::from("99.0.0");
    let auth0_mcp = provider_mut(&mut catalog, "auth0-mcp");
    auth0_mcp["removed"] = Value::from("1.0.0");
    auth0_mcp["since"] = Value::Null;
    let introspection = provider_mut(&mut catalog, "introspection");
    introspection["not_configurable"] = Value::Array(Vec::new());

    let problems = coverage_problems(&fastmcp_python(), FASTMCP_VERSION, &catalog.to_string());
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        has(&format!(
            "google: GoogleProvider (FastMCP {FASTMCP_VERSION}) takes timeout_seconds, which the catalog neither covers"
        )),
        "{problems:#?}"
    );
    assert!(
        has(&format!(
            "bearer: JWTVerifier (FastMCP {FASTMCP_VERSION}) takes ssrf_safe, yet the field's since/removed leave it out"
        )),
        "{problems:#?}"
    );
    assert!(
        has(&format!(
            "auth0-mcp: Auth0MCPProvider (FastMCP {FASTMCP_VERSION}) exists"
        )),
        "{problems:#?}"
    );
    assert!(
        has(&format!(
            "introspection: IntrospectionTokenVerifier (FastMCP {FASTMCP_VERSION}) takes http_client"
        )),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 4, "{problems:#?}");
}

/// `tests/data/fastmcp_v2_env.json`: which `FASTMCP_SERVER_AUTH_*` variables every FastMCP
/// 2.12.0-2.14.7 release reads, per catalog class (`scripts/introspect_fastmcp.py env`).
fn v2_env_data() -> Value {
    let path = Path::new(MANIFEST_DIR).join("tests/data/fastmcp_v2_env.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A recorded release as env-v2 targets it: post-releases (`2.13.0.1`) as their release.
fn v2_release(text: &str) -> fastmcp_auth::core::FastmcpVersion {
    let three: Vec<&str> = text.split('.').take(3).collect();
    three.join(".").parse().unwrap()
}

fn has(list: &Value, release: &str) -> bool {
    list.as_array()
        .is_some_and(|l| l.iter().any(|r| r.as_str() == Some(release)))
}

/// A non-default value of the field's kind, so that nothing counts as FastMCP's default.
fn sample(field: &fastmcp_auth::core::catalog::FieldSpec) -> Value {
    use fastmcp_auth::core::catalog::FieldKind;
    match field.kind {
        FieldKind::Bool => Value::Bool(!field.default.as_ref().is_some_and(|d| d == true)),
        FieldKind::Integer | FieldKind::Number => Value::from(7),
        FieldKind::List => serde_json::json!(["x"]),
        FieldKind::StringMap => serde_json::json!({"k": "v"}),
        _ => Value::from("x"),
    }
}

fn v2_config(
    spec: &fastmcp_auth::core::catalog::ProviderSpec,
    params: Value,
    release: &str,
) -> fastmcp_auth::core::FastMCPAuthConfig {
    serde_json::from_value(serde_json::json!({
        "provider_class": spec.provider_class,
        "import_path": spec.import_path,
        "provider_type": spec.type_name,
        "config_params": params,
        "fastmcp_version": v2_release(release).to_string(),
    }))
    .unwrap()
}

/// env-v2's load/ignore rules agree with what each FastMCP 2.x release reads, for every
/// catalog class with 2.x settings, every catalog parameter and every release 2.12.0-2.14.7:
/// a class the release lacks is refused, a variable it reads is written without comment, a
/// variable it ignores is written with a warning, or left out silently when the value is
/// what the release does without it. No venv: the data was recorded once.
#[test]
fn env_v2_rules_agree_with_what_each_2_x_release_reads() {
    use fastmcp_auth::export::{ExportError, SecretDisplay, env_v2_warnings, render_env_v2};
    let data = v2_env_data();
    let releases: Vec<&str> = data["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(releases.contains(&"2.12.0") && releases.contains(&"2.14.7"));
    let mut problems = Vec::new();
    let mut checked = 0;
    for spec in &Catalog::builtin().providers {
        let Some(prefix) = &spec.v2_prefix else {
            continue;
        };
        let class = &data["classes"][spec.type_name.as_str()];
        assert!(class.is_object(), "{}: not recorded", spec.type_name);
        let env_prefix = format!("FASTMCP_SERVER_AUTH_{prefix}_");
        let mut names: Vec<(&str, Value)> = spec
            .fields
            .iter()
            .map(|f| (f.name.as_str(), sample(f)))
            .collect();
        names.push((spec.scopes.param.as_str(), serde_json::json!(["x"])));
        for release in &releases {
            let present = has(&class["present"], release)
                && has(&class["env_prefix"][env_prefix.as_str()], release);
            let base = v2_config(spec, serde_json::json!({}), release);
            match render_env_v2(&base, SecretDisplay::Plain) {
                Err(ExportError::NoV2Loader { .. }) if !present => {}
                Ok(_) if present => {}
                other => problems.push(format!(
                    "{} on {release}: FastMCP {} it from {env_prefix}*, env-v2 says {:?}",
                    spec.type_name,
                    if present { "loads" } else { "cannot load" },
                    other.map(|_| "loads")
                )),
            }
            if !present {
                continue;
            }
            for (name, value) in &names {
                checked += 1;
                let variable = format!("{env_prefix}{}", name.to_ascii_uppercase());
                let reads = has(&class["reads"][variable.as_str()], release);
                let config = v2_config(spec, serde_json::json!({ *name: value }), release);
                let warned = env_v2_warnings(&config).iter().any(|w| w.contains(name));
                let written = match render_env_v2(&config, SecretDisplay::Plain) {
                    Ok(text) => text.contains(&format!("\n{variable}=")),
                    // A map: refused by name, never silently dropped.
                    Err(ExportError::NoV2Variable { .. }) => {
                        if reads {
                            problems.push(format!("{variable} on {release}: read, yet refused"));
                        }
                        continue;
                    }
                    Err(e) => {
                        problems.push(format!("{variable} on {release}: refused: {e}"));
                        continue;
                    }
                };
                if reads != (written && !warned) {
                    problems.push(format!(
                        "{variable} on {release}: FastMCP {} it; env-v2 {} it{}",
                        if reads { "reads" } else { "ignores" },
                        if written { "writes" } else { "leaves out" },
                        if warned {
                            " and warns"
                        } else {
                            " without a warning"
                        },
                    ));
                }
                // FastMCP's own default where it ignores the variable: nothing to warn about.
                if !reads && name.starts_with("require_authorization_consent") {
                    let config = v2_config(spec, serde_json::json!({ *name: true }), release);
                    let default_true = has(&class["unread_defaults"][*name]["True"], release);
                    let warned = !env_v2_warnings(&config).is_empty();
                    if default_true == warned {
                        problems.push(format!(
                            "{variable}=true on {release}: the constructor's default is {}, \
                             env-v2 {}",
                            if default_true { "True" } else { "not True" },
                            if warned { "warns" } else { "says nothing" }
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} variables checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The same check in each compatibility release's own venv (newest 4.x, 3.4.x, 2.14.x):
/// classes, parameters and values such as `require_authorization_consent="remember"`
/// (3.4.11+) are given exactly the releases that have them.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn the_catalog_agrees_with_every_compat_release() {
    use common::python::{COMPAT_VERSIONS, fastmcp_pythons_for};
    let catalog = builtin_json().to_string();
    let pythons = fastmcp_pythons_for(&COMPAT_VERSIONS);
    let problems: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = COMPAT_VERSIONS
            .iter()
            .zip(pythons)
            .map(|(version, python)| {
                let catalog = &catalog;
                scope.spawn(move || {
                    let python = python.unwrap_or_else(|e| panic!("{e}"));
                    coverage_problems(&python, version, catalog)
                })
            })
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The value check is not vacuous: a value given to releases before the one that accepts
/// it, and one FastMCP takes that the catalog lacks, are each reported.
#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn a_consent_value_in_the_wrong_release_is_reported() {
    let mut catalog = builtin_json();
    let google = provider_mut(&mut catalog, "google");
    let consent = google["fields"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["name"] == "require_authorization_consent")
        .unwrap();
    consent["choices"] = serde_json::json!(["remember"]);
    let github = provider_mut(&mut catalog, "github");
    let consent = github["fields"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["name"] == "require_authorization_consent")
        .unwrap();
    consent["choice_since"]["external"] = Value::from("99.0.0");
    let problems = coverage_problems(&fastmcp_python(), FASTMCP_VERSION, &catalog.to_string());
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        has(&format!(
            "google: GoogleProvider (FastMCP {FASTMCP_VERSION})'s require_authorization_consent \
             takes ['external', 'remember'], yet the catalog gives this release ['remember']"
        )),
        "{problems:#?}"
    );
    assert!(
        has(&format!(
            "github: GitHubProvider (FastMCP {FASTMCP_VERSION})'s require_authorization_consent \
             takes ['external', 'remember'], yet the catalog gives this release ['remember']"
        )),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

/// `tests/data/fastmcp_signatures.json`: since/removed of every catalog class and
/// constructor parameter over the catalog's `fastmcp_versions`, as
/// `scripts/introspect_fastmcp.py versions` computed them from each release's signatures.
fn recorded_signatures() -> Value {
    let path = Path::new(MANIFEST_DIR).join("tests/data/fastmcp_signatures.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn recorded_range(entry: &Value) -> fastmcp_auth::core::VersionRange {
    serde_json::from_value(serde_json::json!({
        "since": entry["since"],
        "removed": entry["removed"],
    }))
    .unwrap()
}

/// Without a venv: in every release the catalog was checked against, each class, each
/// field and the scope parameter is available exactly where the recorded signatures have
/// it (e.g. DescopeProvider took no required_scopes before 2.13.2, recorded as 2.14.7).
#[test]
fn every_recorded_release_has_exactly_what_the_catalog_gives_it() {
    let recorded = recorded_signatures();
    let catalog = Catalog::builtin();
    let releases: Vec<String> = recorded["fastmcp_versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let listed: Vec<String> = catalog
        .fastmcp_versions
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(releases, listed, "record the catalog's releases again");
    let mut problems = Vec::new();
    for spec in catalog.providers.iter().filter(|p| !p.custom) {
        let class = &recorded["classes"][spec.type_name.as_str()];
        assert!(class.is_object(), "{} not recorded", spec.type_name);
        let class_range = recorded_range(class);
        let mut names: Vec<(&str, fastmcp_auth::core::VersionRange)> = spec
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.versions()))
            .collect();
        // Scopes routed to a token verifier are not the class's own parameter.
        if spec.field(&spec.scopes.param).is_none() && spec.scopes.via.is_none() {
            let scopes =
                serde_json::from_value(serde_json::json!({ "since": spec.scopes.since })).unwrap();
            names.push((spec.scopes.param.as_str(), scopes));
        }
        for release in &releases {
            let version = release.parse().unwrap();
            let has_class = class_range.contains(version);
            if has_class != spec.versions().contains(version) {
                problems.push(format!("{} on {release}: class", spec.type_name));
                continue;
            }
            if !has_class {
                continue;
            }
            for (name, range) in &names {
                let param = &class["params"][*name];
                let has = param.is_object() && recorded_range(param).contains(version);
                if has != range.contains(version) {
                    problems.push(format!(
                        "{}: {} on {release} {} {name}, the catalog says otherwise",
                        spec.type_name,
                        spec.provider_class,
                        if has { "takes" } else { "has no" }
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
