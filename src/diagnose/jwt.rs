//! What FastMCP's `JWTVerifier.load_access_token` does with a bearer token, step by step,
//! in the release the config is for, so `verify` can say which step refuses it. Mirrors
//! `fastmcp/server/auth/providers/jwt.py` and the joserfc checks it relies on:
//!
//! - joserfc: three segments (header ≤ 512, payload ≤ 128000, signature ≤ 1024 bytes),
//!   strict base64url, a JSON-object header with `alg` and well-typed registered fields,
//!   `alg` exactly the configured algorithm (so `none` and HS/RS confusion are refused),
//!   `crit` naming only present, registered fields, the signature, a JSON-object payload.
//! - JWKS: keys of another `kty` than the algorithm needs are skipped; a `kid` in the token
//!   must name a key; without a `kid` the set must hold exactly one key.
//! - Claims: `exp`, compared with the clock with **no leeway**; from FastMCP 4.2 on, `nbf`
//!   too, with 30 s of clock skew (a number after now + 30 s, or anything but a number, is
//!   refused; before 4.2 it is not checked); `iat` is **not** checked. `iss` and `aud` when
//!   configured (string or list). Scopes from `scope`
//!   (space-separated string or list), else `scp`. `sub` must be a string for FastMCP's
//!   `AccessToken`, and so must every scope.

use jsonwebtoken::{Algorithm, DecodingKey, jwk::Jwk};
use serde_json::{Map, Value};

use super::b64::decode_strict;
use super::report::{Check, Report, shorten, show_value};
use crate::core::{FastmcpVersion, Secret};

/// The first release whose `JWTVerifier` refuses a token before its `nbf` (4.1.7, the last
/// 4.1, does not check it).
pub const NBF_CHECKED_SINCE: FastmcpVersion = FastmcpVersion::new(4, 2, 0);
/// How far in the future `nbf` may be (FastMCP's `_NBF_CLOCK_SKEW_SECONDS`).
pub const NBF_CLOCK_SKEW_SECONDS: f64 = 30.0;

const MAX_HEADER: usize = 512;
const MAX_PAYLOAD: usize = 128_000;
const MAX_SIGNATURE: usize = 1024;

/// Header fields joserfc's JWS registry knows (FastMCP's `SUPPORTED_JWS_HEADER_FIELDS`).
const REGISTERED_HEADERS: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "b64",
];

/// The algorithms `JWTVerifier` accepts.
pub const FASTMCP_ALGORITHMS: &[&str] = &[
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256",
    "PS384", "PS512", "EdDSA", "Ed25519", "Ed448",
];

/// Where the verification key comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// `public_key`: a PEM public key, or the shared secret for HS*. `origin` says where it
    /// came from (`${VAR}` or "the config") for the report.
    Static { key: Secret, origin: String },
    /// `jwks_uri`.
    Jwks(String),
}

/// The `JWTVerifier` a config builds, with FastMCP's defaults applied.
#[derive(Debug, Clone)]
pub struct VerifierSpec {
    pub algorithm: String,
    pub key: KeySource,
    /// A string or a list, as FastMCP receives it; `None` or falsy = not checked.
    pub issuer: Option<Value>,
    /// Issuers also accepted when they are one of these followed by `/` and exactly one
    /// more path segment (Descope's `_DescopeJWTVerifier._validate_issuer`).
    pub issuer_prefixes: Vec<String>,
    pub audience: Option<Value>,
    pub required_scopes: Vec<String>,
    /// The release the server runs (the config's target): which claims it checks.
    pub fastmcp: FastmcpVersion,
}

/// What FastMCP would do with the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    Reject,
    /// A step could not be evaluated here (e.g. an algorithm this tool cannot verify).
    Undecided,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub report: Report,
    pub verdict: Verdict,
}

/// Fetches a JWKS document (a loopback server in tests, `diagnose::http` otherwise).
pub type FetchJson<'a> = dyn FnMut(&str) -> Result<Value, String> + 'a;

/// Runs FastMCP's checks on `token` at time `now` (seconds since the epoch).
pub fn verify(token: &str, spec: &VerifierSpec, fetch: &mut FetchJson<'_>, now: f64) -> Outcome {
    let mut run = Run {
        report: Report::default(),
        undecided: false,
    };
    run.evaluate(token, spec, fetch, now);
    let verdict = if run.report.has_problem() {
        Verdict::Reject
    } else if run.undecided {
        Verdict::Undecided
    } else {
        Verdict::Accept
    };
    Outcome {
        report: run.report,
        verdict,
    }
}

struct Run {
    report: Report,
    undecided: bool,
}

struct Parsed<'t> {
    header: Map<String, Value>,
    payload: Vec<u8>,
    signing_input: &'t str,
    signature: &'t str,
}

impl Run {
    fn push(&mut self, check: Check) {
        self.report.push(check);
    }

    fn evaluate(&mut self, token: &str, spec: &VerifierSpec, fetch: &mut FetchJson<'_>, now: f64) {
        let Some(parsed) = self.structure(token) else {
            return;
        };
        let alg_ok = self.algorithm(&parsed.header, spec);
        let crit_ok = self.critical_headers(&parsed.header);
        let key = self.key(&parsed.header, spec, fetch);
        match (key, alg_ok && crit_ok) {
            (Some(key), true) => self.signature(&parsed, &key, &spec.algorithm),
            (Some(_), false) => self.push(Check::skipped(
                "signature",
                "FastMCP refuses the header before checking it",
            )),
            (None, _) => self.push(Check::skipped("signature", "no verification key")),
        }
        let Some(claims) = self.claims(&parsed.payload) else {
            return;
        };
        self.client(&claims);
        self.expiry(&claims, now);
        self.not_before(&claims, spec.fastmcp, now);
        self.issued_at(&claims, now);
        self.issuer(&claims, spec);
        self.audience(&claims, spec);
        self.scopes(&claims, spec);
        self.subject(&claims);
    }

    /// Segments, sizes, base64url and the header's JSON, as joserfc extracts them.
    fn structure<'t>(&mut self, token: &'t str) -> Option<Parsed<'t>> {
        const EXPECTED: &str = "header.payload.signature, base64url without padding";
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() != 3 {
            self.push(Check::problem(
                "structure",
                format!("{} dot-separated part(s)", parts.len()),
                EXPECTED,
            ));
            return None;
        }
        let (h, p, s) = (parts[0], parts[1], parts[2]);
        for (name, seg, max) in [
            ("header", h, MAX_HEADER),
            ("payload", p, MAX_PAYLOAD),
            ("signature", s, MAX_SIGNATURE),
        ] {
            if seg.len() > max {
                self.push(Check::problem(
                    "structure",
                    format!("{name} of {} bytes", seg.len()),
                    format!("at most {max} bytes (joserfc's limit)"),
                ));
                return None;
            }
        }
        let header = match decode_strict(h).map(|b| serde_json::from_slice::<Value>(&b)) {
            Some(Ok(Value::Object(map))) => map,
            Some(Ok(other)) => {
                self.push(Check::problem(
                    "structure",
                    format!("header is JSON {}", json_kind(&other)),
                    "a JSON object",
                ));
                return None;
            }
            Some(Err(_)) => {
                self.push(Check::problem("structure", "header is not JSON", EXPECTED));
                return None;
            }
            None => {
                self.push(Check::problem(
                    "structure",
                    "header is not strict base64url",
                    EXPECTED,
                ));
                return None;
            }
        };
        if let Some(problem) = header_field_problem(&header) {
            self.push(Check::problem(
                "structure",
                format!("header {}", show_value(&Value::Object(header.clone()))),
                problem,
            ));
            return None;
        }
        // RFC 7797 (`b64: false`, joserfc enables it): the payload segment is the payload.
        let payload = if header.get("b64") == Some(&Value::Bool(false)) {
            Some(p.as_bytes().to_vec())
        } else {
            decode_strict(p)
        };
        let Some(payload) = payload else {
            self.push(Check::problem(
                "structure",
                "payload is not strict base64url",
                EXPECTED,
            ));
            return None;
        };
        if decode_strict(s).is_none() {
            self.push(Check::problem(
                "structure",
                "signature is not strict base64url",
                EXPECTED,
            ));
            return None;
        }
        self.push(Check::ok(
            "structure",
            format!("header {}", show_value(&Value::Object(header.clone()))),
            "",
        ));
        Some(Parsed {
            header,
            payload,
            signing_input: &token[..h.len() + 1 + p.len()],
            signature: s,
        })
    }

    fn algorithm(&mut self, header: &Map<String, Value>, spec: &VerifierSpec) -> bool {
        let alg = header
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let expected = format!("{} (the only algorithm the config accepts)", spec.algorithm);
        if alg == spec.algorithm {
            self.push(Check::ok("algorithm", alg, spec.algorithm.clone()));
            return true;
        }
        let found = if alg.eq_ignore_ascii_case("none") {
            format!("\"{alg}\": an unsigned token")
        } else if is_hmac(alg) != is_hmac(&spec.algorithm) {
            format!(
                "{alg}: {} token for {} verifier (key confusion)",
                if is_hmac(alg) {
                    "an HMAC"
                } else {
                    "a public-key"
                },
                if is_hmac(&spec.algorithm) {
                    "an HMAC"
                } else {
                    "a public-key"
                },
            )
        } else {
            alg.to_string()
        };
        self.push(Check::problem("algorithm", found, expected));
        false
    }

    /// FastMCP's `_has_unsupported_critical_headers` and joserfc's `check_crit_header`.
    fn critical_headers(&mut self, header: &Map<String, Value>) -> bool {
        let Some(crit) = header.get("crit") else {
            return true;
        };
        let ok = crit.as_array().is_some_and(|names| {
            names.iter().all(|n| {
                n.as_str()
                    .is_some_and(|n| header.contains_key(n) && REGISTERED_HEADERS.contains(&n))
            })
        });
        let check = if ok {
            Check::ok("crit", show_value(crit), "registered header names")
        } else {
            Check::problem(
                "crit",
                show_value(crit),
                "only names of registered header fields present in the header",
            )
        };
        self.push(check);
        ok
    }

    fn key(
        &mut self,
        header: &Map<String, Value>,
        spec: &VerifierSpec,
        fetch: &mut FetchJson<'_>,
    ) -> Option<DecodingKey> {
        match &spec.key {
            KeySource::Static { key, origin } => self.static_key(key, origin, &spec.algorithm),
            KeySource::Jwks(url) => self.jwks_key(header, url, &spec.algorithm, fetch),
        }
    }

    fn static_key(&mut self, key: &Secret, origin: &str, algorithm: &str) -> Option<DecodingKey> {
        if is_hmac(algorithm) {
            self.push(Check::ok(
                "key",
                format!("shared secret from {origin}"),
                format!("the {algorithm} secret the issuer signs with"),
            ));
            return Some(DecodingKey::from_secret(key.expose().as_bytes()));
        }
        let pem = key.expose().as_bytes();
        let parsed = match key_type_for(algorithm) {
            "RSA" => DecodingKey::from_rsa_pem(pem),
            "EC" => DecodingKey::from_ec_pem(pem),
            _ => DecodingKey::from_ed_pem(pem),
        };
        match parsed {
            Ok(k) => {
                self.push(Check::ok(
                    "key",
                    format!("{} public key (PEM) from {origin}", key_type_for(algorithm)),
                    "",
                ));
                Some(k)
            }
            Err(_) => {
                self.push(Check::problem(
                    "key",
                    format!("public_key from {origin} is not a usable PEM key"),
                    format!(
                        "a PEM {} public key for {algorithm}",
                        key_type_for(algorithm)
                    ),
                ));
                None
            }
        }
    }

    /// `_get_jwks_key` / `_refresh_jwks_key` after a fresh fetch.
    fn jwks_key(
        &mut self,
        header: &Map<String, Value>,
        url: &str,
        algorithm: &str,
        fetch: &mut FetchJson<'_>,
    ) -> Option<DecodingKey> {
        let document = match fetch(url) {
            Ok(doc) => doc,
            Err(e) => {
                self.push(Check::problem(
                    "key",
                    format!("JWKS {url}: {e}"),
                    "a reachable JWKS (FastMCP refuses every token otherwise)",
                ));
                return None;
            }
        };
        let jwks = Jwks::from_document(&document, key_type_for(algorithm));
        let kid = header.get("kid").filter(|k| truthy(k));
        let summary = format!(
            "{} usable {} key(s) in {url}{}",
            jwks.keys.len(),
            key_type_for(algorithm),
            if jwks.skipped.is_empty() {
                String::new()
            } else {
                format!(", {} skipped (other kty or unusable)", jwks.skipped.len())
            }
        );
        let chosen = match kid {
            Some(kid) => match jwks.keys.iter().find(|(k, _)| py_eq(k, kid)) {
                Some((_, key)) => Ok(key.clone()),
                None if jwks.skipped.iter().any(|k| py_eq(k, kid)) => Err(format!(
                    "kid {} is in the JWKS but its key type is not {}",
                    show_value(kid),
                    key_type_for(algorithm)
                )),
                None => Err(format!("kid {} is not in the JWKS", show_value(kid))),
            },
            None => match jwks.keys.len() {
                1 => Ok(jwks.keys[0].1.clone()),
                0 => Err("no kid, and no usable key in the JWKS".to_string()),
                n => Err(format!("no kid in the token, and {n} keys in the JWKS")),
            },
        };
        match chosen {
            Ok(key) => {
                let which = kid.map_or("the only key".to_string(), |k| {
                    format!("kid {}", show_value(k))
                });
                self.push(Check::ok("key", format!("{which}; {summary}"), ""));
                Some(key)
            }
            Err(why) => {
                self.push(Check::problem(
                    "key",
                    format!("{why}; {summary}"),
                    "a kid naming a key of the JWKS (or no kid and exactly one key)",
                ));
                None
            }
        }
    }

    fn signature(&mut self, parsed: &Parsed<'_>, key: &DecodingKey, algorithm: &str) {
        let Some(alg) = jsonwebtoken_algorithm(algorithm) else {
            self.undecided = true;
            self.push(Check::skipped(
                "signature",
                format!("this tool cannot verify {algorithm} signatures"),
            ));
            return;
        };
        let valid = jsonwebtoken::crypto::verify(
            parsed.signature,
            parsed.signing_input.as_bytes(),
            key,
            alg,
        )
        .unwrap_or(false);
        if valid {
            self.push(Check::ok("signature", format!("valid {algorithm}"), ""));
        } else {
            self.push(Check::problem(
                "signature",
                "does not match the header and payload",
                "signed by the configured key (tampered, or signed with another key)",
            ));
        }
    }

    fn claims(&mut self, payload: &[u8]) -> Option<Map<String, Value>> {
        match serde_json::from_slice::<Value>(payload) {
            Ok(Value::Object(map)) => {
                self.push(Check::note(
                    "claims",
                    shorten(&Value::Object(map.clone()).to_string(), 2000),
                    "",
                ));
                Some(map)
            }
            Ok(other) => {
                self.push(Check::problem(
                    "claims",
                    format!("payload is JSON {}", json_kind(&other)),
                    "a JSON object",
                ));
                None
            }
            Err(_) => {
                self.push(Check::problem(
                    "claims",
                    "payload is not JSON",
                    "a JSON object",
                ));
                None
            }
        }
    }

    /// `client_id`, then `azp`, then `sub` (the first that is truthy).
    fn client(&mut self, claims: &Map<String, Value>) {
        let found = ["client_id", "azp", "sub"].iter().find_map(|name| {
            claims
                .get(*name)
                .filter(|v| truthy(v))
                .map(|v| format!("{} (from {name})", show_value(v)))
        });
        self.push(Check::note(
            "client",
            found.unwrap_or_else(|| "\"unknown\" (no client_id, azp or sub)".into()),
            "",
        ));
    }

    fn expiry(&mut self, claims: &Map<String, Value>, now: f64) {
        const EXPECTED: &str = "a time after now (FastMCP allows no leeway)";
        match claims.get("exp") {
            None | Some(Value::Null) => self.push(Check::note(
                "exp",
                "absent: FastMCP accepts a token without exp",
                "",
            )),
            Some(v) => match number(v) {
                Some(exp) if exp < now => {
                    self.push(Check::problem("exp", describe_time(v, exp, now), EXPECTED))
                }
                Some(exp) => self.push(Check::ok("exp", describe_time(v, exp, now), EXPECTED)),
                None => self.push(Check::problem(
                    "exp",
                    format!("{} (not a number)", show_value(v)),
                    "a number of seconds since 1970",
                )),
            },
        }
    }

    /// `nbf`: from [`NBF_CHECKED_SINCE`] on, `nbf > now + 30 s` refuses the token, and so
    /// does a value Python cannot compare with a number (a `TypeError` FastMCP catches).
    fn not_before(&mut self, claims: &Map<String, Value>, fastmcp: FastmcpVersion, now: f64) {
        let Some(v) = claims.get("nbf") else {
            return;
        };
        if fastmcp < NBF_CHECKED_SINCE {
            self.push(Check::note(
                "nbf",
                format!(
                    "{}; FastMCP {fastmcp} does not check nbf ({NBF_CHECKED_SINCE} and later do)",
                    show_time(v, now)
                ),
                "",
            ));
            return;
        }
        let expected = format!(
            "a time at most {NBF_CLOCK_SKEW_SECONDS} s from now (FastMCP {fastmcp} allows \
             {NBF_CLOCK_SKEW_SECONDS} s of clock skew)"
        );
        match (v, number(v)) {
            (Value::Null, _) => self.push(Check::note(
                "nbf",
                "null: FastMCP checks nbf only when it is set",
                "",
            )),
            (_, Some(nbf)) if nbf > now + NBF_CLOCK_SKEW_SECONDS => self.push(Check::problem(
                "nbf",
                format!("{}: not yet valid", describe_time(v, nbf, now)),
                expected,
            )),
            (_, Some(nbf)) => self.push(Check::ok("nbf", describe_time(v, nbf, now), expected)),
            (_, None) => self.push(Check::problem(
                "nbf",
                format!("{} (not a number)", show_value(v)),
                "a number of seconds since 1970",
            )),
        }
    }

    fn issued_at(&mut self, claims: &Map<String, Value>, now: f64) {
        if let Some(v) = claims.get("iat") {
            self.push(Check::note(
                "iat",
                format!("{}; FastMCP does not check iat", show_time(v, now)),
                "",
            ));
        }
    }

    fn issuer(&mut self, claims: &Map<String, Value>, spec: &VerifierSpec) {
        let Some(expected) = spec.issuer.as_ref().filter(|v| truthy(v)) else {
            self.push(Check::note("iss", "not checked: no issuer configured", ""));
            return;
        };
        let iss = claims.get("iss").unwrap_or(&Value::Null);
        let exact = match expected {
            Value::Array(list) => list.iter().any(|e| py_eq(e, iss)),
            one => py_eq(one, iss),
        };
        let ok = exact
            || iss.as_str().is_some_and(|iss| {
                spec.issuer_prefixes.iter().any(|prefix| {
                    iss.strip_prefix(prefix.as_str())
                        .and_then(|rest| rest.strip_prefix('/'))
                        .map(|rest| rest.trim_matches('/'))
                        .is_some_and(|segment| !segment.is_empty() && !segment.contains('/'))
                })
            });
        let mut expected_text = match expected {
            Value::Array(_) => format!("one of {}", show_value(expected)),
            _ => show_value(expected),
        };
        for prefix in &spec.issuer_prefixes {
            expected_text.push_str(&format!(" or \"{prefix}/<one segment>\""));
        }
        self.push(Check::new(
            "iss",
            status(ok),
            present(claims.get("iss")),
            expected_text,
        ));
    }

    fn audience(&mut self, claims: &Map<String, Value>, spec: &VerifierSpec) {
        let Some(expected) = spec.audience.as_ref().filter(|v| truthy(v)) else {
            self.push(Check::note(
                "aud",
                "not checked: no audience configured",
                "",
            ));
            return;
        };
        let aud = claims.get("aud").unwrap_or(&Value::Null);
        let ok = match (expected, aud) {
            (Value::Array(wanted), Value::Array(got)) => {
                wanted.iter().any(|w| got.iter().any(|g| py_eq(w, g)))
            }
            (Value::Array(wanted), one) => wanted.iter().any(|w| py_eq(w, one)),
            (wanted, Value::Array(got)) => got.iter().any(|g| py_eq(wanted, g)),
            (wanted, one) => py_eq(wanted, one),
        };
        let expected_text = match expected {
            Value::Array(_) => format!("one of {}", show_value(expected)),
            _ => show_value(expected),
        };
        self.push(Check::new(
            "aud",
            status(ok),
            present(claims.get("aud")),
            expected_text,
        ));
    }

    /// `_extract_scopes`, the required-scope subset test, and `AccessToken.scopes: list[str]`.
    fn scopes(&mut self, claims: &Map<String, Value>, spec: &VerifierSpec) {
        let mut source = None;
        for name in ["scope", "scp"] {
            match claims.get(name) {
                Some(Value::String(s)) => {
                    source = Some((name, s.split_whitespace().map(Value::from).collect()));
                    break;
                }
                Some(Value::Array(list)) => {
                    source = Some((name, list.clone()));
                    break;
                }
                _ => {}
            }
        }
        let (claim, scopes): (&str, Vec<Value>) = source.unwrap_or(("", Vec::new()));
        let required = if spec.required_scopes.is_empty() {
            "none required".to_string()
        } else {
            format!("all of {}", spec.required_scopes.join(" "))
        };
        let from = if claim.is_empty() {
            "no scope or scp claim".to_string()
        } else {
            let list: Vec<String> = scopes.iter().map(show_value).collect();
            format!("[{}] from {claim}", list.join(", "))
        };
        if scopes.iter().any(|s| !s.is_string()) {
            self.push(Check::problem(
                "scopes",
                from,
                "strings only (FastMCP's AccessToken.scopes is list[str])",
            ));
            return;
        }
        let have: Vec<&str> = scopes.iter().filter_map(Value::as_str).collect();
        let missing: Vec<&str> = spec
            .required_scopes
            .iter()
            .map(String::as_str)
            .filter(|r| !have.contains(r))
            .collect();
        if missing.is_empty() {
            self.push(Check::ok("scopes", from, required));
        } else {
            self.push(Check::problem(
                "scopes",
                format!("{from}; missing {}", missing.join(" ")),
                required,
            ));
        }
    }

    /// `AccessToken.subject: str | None`.
    fn subject(&mut self, claims: &Map<String, Value>) {
        if let Some(sub) = claims.get("sub").filter(|v| !v.is_string() && !v.is_null()) {
            self.push(Check::problem(
                "sub",
                format!("{} (not a string)", show_value(sub)),
                "a string (FastMCP's AccessToken.subject)",
            ));
        }
    }
}

/// The JWKS keys FastMCP keeps: by `kid` (or `_default`), later duplicates replacing
/// earlier ones, keys of another type or unusable ones skipped.
struct Jwks {
    keys: Vec<(Value, DecodingKey)>,
    skipped: Vec<Value>,
}

impl Jwks {
    fn from_document(document: &Value, key_type: &str) -> Self {
        let mut jwks = Jwks {
            keys: Vec::new(),
            skipped: Vec::new(),
        };
        let entries = document
            .get("keys")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for entry in entries.iter().filter(|e| e.is_object()) {
            let kid = entry.get("kid").filter(|k| truthy(k)).cloned();
            let usable = (entry.get("kty").and_then(Value::as_str) == Some(key_type))
                .then(|| serde_json::from_value::<Jwk>(entry.clone()).ok())
                .flatten()
                .and_then(|jwk| DecodingKey::from_jwk(&jwk).ok());
            match usable {
                Some(key) => {
                    let name = kid.unwrap_or_else(|| Value::from("_default"));
                    match jwks.keys.iter_mut().find(|(k, _)| py_eq(k, &name)) {
                        Some(slot) => slot.1 = key,
                        None => jwks.keys.push((name, key)),
                    }
                }
                None => jwks.skipped.extend(kid),
            }
        }
        jwks
    }
}

/// `kty` FastMCP expects for an algorithm (`_key_type_for_algorithm`).
pub fn key_type_for(algorithm: &str) -> &'static str {
    if algorithm.starts_with("HS") {
        "oct"
    } else if algorithm.starts_with("RS") || algorithm.starts_with("PS") {
        "RSA"
    } else if algorithm.starts_with("ES") {
        "EC"
    } else {
        "OKP"
    }
}

pub fn is_hmac(algorithm: &str) -> bool {
    algorithm.starts_with("HS")
}

fn jsonwebtoken_algorithm(name: &str) -> Option<Algorithm> {
    Some(match name {
        "HS256" => Algorithm::HS256,
        "HS384" => Algorithm::HS384,
        "HS512" => Algorithm::HS512,
        "RS256" => Algorithm::RS256,
        "RS384" => Algorithm::RS384,
        "RS512" => Algorithm::RS512,
        "PS256" => Algorithm::PS256,
        "PS384" => Algorithm::PS384,
        "PS512" => Algorithm::PS512,
        "ES256" => Algorithm::ES256,
        "ES384" => Algorithm::ES384,
        "EdDSA" | "Ed25519" => Algorithm::EdDSA,
        _ => return None,
    })
}

/// joserfc's header registry: the registered fields must have their registered types.
fn header_field_problem(header: &Map<String, Value>) -> Option<String> {
    let is_str = |v: &Value| v.is_string();
    let is_list_str = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    let Some(alg) = header.get("alg") else {
        return Some("an \"alg\" field".into());
    };
    if !alg.is_string() {
        return Some("\"alg\" to be a string".into());
    }
    for (name, value) in header {
        let ok = match name.as_str() {
            "kid" | "typ" | "cty" | "x5t" | "x5t#S256" | "jku" | "x5u" => is_str(value),
            "x5c" | "crit" => is_list_str(value),
            "jwk" => value.is_object(),
            "b64" => value.is_boolean(),
            _ => true,
        };
        if !ok {
            return Some(format!("\"{name}\" of the type RFC 7515 registers"));
        }
    }
    None
}

/// Python truthiness of a JSON value (`if self.issuer:`, `if kid:`).
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Python `==` on JSON values: numbers and booleans compare by value (`1 == 1.0 == True`).
fn py_eq(a: &Value, b: &Value) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// A number as Python compares it; booleans are 0 and 1.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// A claim meant as a time: described relative to now when it is a number.
fn show_time(raw: &Value, now: f64) -> String {
    match number(raw) {
        Some(t) => describe_time(raw, t, now),
        None => show_value(raw),
    }
}

fn describe_time(raw: &Value, t: f64, now: f64) -> String {
    let delta = (t - now).round();
    let when = if delta >= 0.0 {
        format!("in {}", human_seconds(delta))
    } else {
        format!("{} ago", human_seconds(-delta))
    };
    format!("{raw} ({when})")
}

fn human_seconds(s: f64) -> String {
    match s {
        s if s < 120.0 => format!("{s} s"),
        s if s < 7200.0 => format!("{} min", (s / 60.0).round()),
        s if s < 172_800.0 => format!("{} h", (s / 3600.0).round()),
        s => format!("{} days", (s / 86400.0).round()),
    }
}

fn status(ok: bool) -> super::report::Status {
    if ok {
        super::report::Status::Ok
    } else {
        super::report::Status::Problem
    }
}

fn present(value: Option<&Value>) -> String {
    value.map_or_else(|| "absent".to_string(), show_value)
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devkeys::test_pair;
    use crate::diagnose::b64::encode;
    use jsonwebtoken::EncodingKey;
    use serde_json::json;

    const NOW: f64 = 1_800_000_000.0;
    const SECRET: &str = "a-shared-secret-of-at-least-thirty-two-bytes";

    fn hs_spec() -> VerifierSpec {
        VerifierSpec {
            algorithm: "HS256".into(),
            key: KeySource::Static {
                key: Secret::new(SECRET),
                origin: "${S}".into(),
            },
            issuer: Some(json!("https://iss")),
            audience: Some(json!(["a", "b"])),
            required_scopes: vec!["read".into()],
            issuer_prefixes: Vec::new(),
            fastmcp: FastmcpVersion::new(4, 2, 3),
        }
    }

    fn sign(header: &Value, claims: &Value, key: &EncodingKey, alg: Algorithm) -> String {
        let input = format!(
            "{}.{}",
            encode(header.to_string().as_bytes()),
            encode(claims.to_string().as_bytes())
        );
        let sig = jsonwebtoken::crypto::sign(input.as_bytes(), key, alg).unwrap();
        format!("{input}.{sig}")
    }

    fn hs(claims: &Value) -> String {
        sign(
            &json!({"alg": "HS256"}),
            claims,
            &EncodingKey::from_secret(SECRET.as_bytes()),
            Algorithm::HS256,
        )
    }

    fn good() -> Value {
        json!({"iss": "https://iss", "aud": "b", "exp": NOW + 10.0, "scope": "read"})
    }

    fn run(token: &str, spec: &VerifierSpec) -> Outcome {
        let mut no_fetch = |_: &str| -> Result<Value, String> { panic!("no fetch expected") };
        verify(token, spec, &mut no_fetch, NOW)
    }

    fn line<'a>(outcome: &'a Outcome, name: &str) -> &'a Check {
        outcome
            .report
            .checks
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", outcome.report))
    }

    #[test]
    fn a_good_token_is_accepted() {
        let outcome = run(&hs(&good()), &hs_spec());
        assert_eq!(
            outcome.verdict,
            Verdict::Accept,
            "{}",
            outcome.report.render()
        );
    }

    #[test]
    fn exp_has_no_leeway_and_iat_is_only_noted() {
        let mut claims = good();
        claims["exp"] = json!(NOW - 1.0);
        let outcome = run(&hs(&claims), &hs_spec());
        assert_eq!(outcome.verdict, Verdict::Reject);
        assert!(line(&outcome, "exp").is_problem());

        let mut claims = good();
        claims["iat"] = json!(NOW + 3600.0);
        let outcome = run(&hs(&claims), &hs_spec());
        assert_eq!(outcome.verdict, Verdict::Accept);
        assert!(
            line(&outcome, "iat")
                .found
                .contains("FastMCP does not check iat")
        );
    }

    /// FastMCP 4.2 refuses a token whose `nbf` is more than 30 s ahead, or not a number.
    #[test]
    fn nbf_is_checked_with_thirty_seconds_of_skew_from_4_2() {
        let verdict = |nbf: Value| {
            let mut claims = good();
            claims["nbf"] = nbf;
            let outcome = run(&hs(&claims), &hs_spec());
            (outcome.verdict, line(&outcome, "nbf").clone())
        };
        for nbf in [json!(NOW - 60.0), json!(NOW + 30.0), json!(true)] {
            let (v, check) = verdict(nbf.clone());
            assert_eq!(v, Verdict::Accept, "{nbf}: {check:?}");
        }
        for nbf in [json!(NOW + 31.0), json!(NOW + 3600.0)] {
            let (v, check) = verdict(nbf.clone());
            assert_eq!(v, Verdict::Reject, "{nbf}");
            assert!(
                check.is_problem() && check.found.contains("not yet valid"),
                "{check:?}"
            );
            assert!(check.expected.contains("30 s of clock skew"), "{check:?}");
        }
        let (v, check) = verdict(json!((NOW - 60.0).to_string()));
        assert_eq!(v, Verdict::Reject);
        assert!(check.found.contains("not a number"), "{check:?}");
        let (v, check) = verdict(Value::Null);
        assert_eq!(v, Verdict::Accept);
        assert!(!check.is_problem());
    }

    /// Before 4.2 FastMCP ignores `nbf`: a config for 4.1 keeps such a token accepted.
    #[test]
    fn nbf_is_only_noted_for_releases_before_4_2() {
        let spec = VerifierSpec {
            fastmcp: FastmcpVersion::new(4, 1, 7),
            ..hs_spec()
        };
        let mut claims = good();
        claims["nbf"] = json!(NOW + 3600.0);
        let outcome = run(&hs(&claims), &spec);
        assert_eq!(outcome.verdict, Verdict::Accept);
        let check = line(&outcome, "nbf");
        assert!(!check.is_problem());
        assert!(
            check.found.contains("FastMCP 4.1.7 does not check nbf"),
            "{check:?}"
        );
    }

    #[test]
    fn alg_none_and_key_confusion_are_named() {
        let unsigned = format!(
            "{}.{}.",
            encode(br#"{"alg":"none"}"#),
            encode(good().to_string().as_bytes())
        );
        let outcome = run(&unsigned, &hs_spec());
        assert_eq!(outcome.verdict, Verdict::Reject);
        assert!(line(&outcome, "algorithm").found.contains("unsigned"));

        let pair = test_pair();
        let spec = VerifierSpec {
            algorithm: "RS256".into(),
            key: KeySource::Static {
                key: Secret::new(pair.public_pem()),
                origin: "public_key in the config".into(),
            },
            ..hs_spec()
        };
        let confused = sign(
            &json!({"alg": "HS256"}),
            &good(),
            &EncodingKey::from_secret(pair.public_pem().as_bytes()),
            Algorithm::HS256,
        );
        let outcome = run(&confused, &spec);
        assert_eq!(outcome.verdict, Verdict::Reject);
        assert!(line(&outcome, "algorithm").found.contains("key confusion"));
    }

    #[test]
    fn scopes_come_from_scope_then_scp_and_must_be_strings() {
        let mut claims = good();
        claims.as_object_mut().unwrap().remove("scope");
        claims["scp"] = json!(["read"]);
        assert_eq!(run(&hs(&claims), &hs_spec()).verdict, Verdict::Accept);
        claims["scope"] = json!("");
        assert_eq!(run(&hs(&claims), &hs_spec()).verdict, Verdict::Reject);
        let mut claims = good();
        claims["scope"] = json!(["read", 1]);
        assert_eq!(run(&hs(&claims), &hs_spec()).verdict, Verdict::Reject);
    }

    #[test]
    fn jwks_without_kid_needs_exactly_one_key() {
        let pair = test_pair();
        let jwk: Value = serde_json::from_str(&pair.jwks_json()).unwrap();
        let key = jwk["keys"][0].clone();
        let mut other = key.clone();
        other["kid"] = json!("second");
        let spec = VerifierSpec {
            algorithm: "RS256".into(),
            key: KeySource::Jwks("http://jwks".into()),
            ..hs_spec()
        };
        let token = sign(
            &json!({"alg": "RS256"}),
            &good(),
            &EncodingKey::from_rsa_pem(pair.private_pem().as_bytes()).unwrap(),
            Algorithm::RS256,
        );
        let mut one = |_: &str| Ok(json!({"keys": [key.clone()]}));
        assert_eq!(
            verify(&token, &spec, &mut one, NOW).verdict,
            Verdict::Accept
        );
        let mut two = |_: &str| Ok(json!({"keys": [key.clone(), other.clone()]}));
        let outcome = verify(&token, &spec, &mut two, NOW);
        assert_eq!(outcome.verdict, Verdict::Reject);
        assert!(line(&outcome, "key").found.contains("2 keys"));
        let mut down = |_: &str| Err("HTTP 503".to_string());
        assert_eq!(
            verify(&token, &spec, &mut down, NOW).verdict,
            Verdict::Reject
        );
    }

    #[test]
    fn an_algorithm_this_tool_cannot_verify_is_undecided_not_accepted() {
        let spec = VerifierSpec {
            algorithm: "ES512".into(),
            key: KeySource::Jwks("http://jwks".into()),
            ..hs_spec()
        };
        let token = format!(
            "{}.{}.{}",
            encode(br#"{"alg":"ES512"}"#),
            encode(good().to_string().as_bytes()),
            encode(b"sig")
        );
        let jwk = json!({"kty": "EC", "crv": "P-256", "kid": "k",
            "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"});
        let mut fetch = |_: &str| Ok(json!({"keys": [jwk.clone()]}));
        let outcome = verify(&token, &spec, &mut fetch, NOW);
        assert_eq!(
            outcome.verdict,
            Verdict::Undecided,
            "{}",
            outcome.report.render()
        );
    }

    #[test]
    fn oversized_header_is_refused_like_joserfc() {
        let header = json!({"alg": "HS256", "pad": "x".repeat(400)});
        let token = sign(
            &header,
            &good(),
            &EncodingKey::from_secret(SECRET.as_bytes()),
            Algorithm::HS256,
        );
        let outcome = run(&token, &hs_spec());
        assert_eq!(outcome.verdict, Verdict::Reject);
        assert!(line(&outcome, "structure").found.contains("header of"));
    }
}
