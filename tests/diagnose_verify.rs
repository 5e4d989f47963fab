//! `verify` against FastMCP itself: a corpus of tokens (valid, expired, not yet valid,
//! wrong issuer or audience, scopes in `scope` and `scp`, wrong key, unknown kid, `alg:
//! none`, HS256 signed with the RSA public key as the secret, tampered, malformed…) for three
//! configs (RS256 with a PEM key, RS256 through a loopback JWKS, HS256). For every token,
//! `fastmcp-auth verify`'s exit status (0 accept, 1 reject) must equal what the main venv's
//! FastMCP ([`FASTMCP_VERSION`], which every config names as its target)
//! `JWTVerifier.load_access_token` decides (one Python process, tests/python/verify_tokens.py).

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use common::cli::{clean_command, run};
use common::python::{FASTMCP_VERSION, MANIFEST_DIR, fastmcp_python, serve_json, tail};
use fastmcp_auth::devkeys::DevKeyPair;
use fastmcp_auth::diagnose::b64;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "my-mcp-server";
const SECRET_VAR: &str = "DIAG_HS_SECRET";
const SECRET: &str = "hs256-shared-secret-for-the-verify-differential-test-0123";
const OTHER_SECRET: &str = "not-the-configured-secret-for-the-verify-differential-te";

enum Sign<'a> {
    /// An asymmetric key (RSA or EC) and its algorithm.
    Key(&'a EncodingKey, Algorithm),
    Hmac(&'a [u8], Algorithm),
    /// An empty signature (`alg: none`).
    Unsigned,
}

/// `header.payload.signature` with exactly the header and claims given.
fn token(header: &Value, claims: &Value, sign: &Sign<'_>) -> String {
    let input = format!(
        "{}.{}",
        b64::encode(header.to_string().as_bytes()),
        b64::encode(claims.to_string().as_bytes())
    );
    let signature = match sign {
        Sign::Key(key, alg) => jsonwebtoken::crypto::sign(input.as_bytes(), key, *alg).unwrap(),
        Sign::Hmac(secret, alg) => {
            jsonwebtoken::crypto::sign(input.as_bytes(), &EncodingKey::from_secret(secret), *alg)
                .unwrap()
        }
        Sign::Unsigned => String::new(),
    };
    format!("{input}.{signature}")
}

/// Replaces the payload of a signed token (the signature no longer matches).
fn tamper(token: &str, claims: &Value) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    format!(
        "{}.{}.{}",
        parts[0],
        b64::encode(claims.to_string().as_bytes()),
        parts[2]
    )
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

struct Case {
    name: String,
    config: &'static str,
    token: String,
}

fn corpus(dir: &Path, python: &Path) -> Vec<Case> {
    let key_a = DevKeyPair::generate().unwrap();
    let key_b = DevKeyPair::generate().unwrap();
    let enc_a = EncodingKey::from_rsa_pem(key_a.private_pem().as_bytes()).unwrap();
    let enc_b = EncodingKey::from_rsa_pem(key_b.private_pem().as_bytes()).unwrap();
    let jwks_body = key_a.jwks_json();
    let jwks = serve_json(move |_| jwks_body).unwrap();
    // The loopback server answers every path with the JWKS (Keycloak's and Scalekit's too).
    let jwks_url = format!("{}/.well-known/jwks.json", jwks.base);
    let (ec_pem, ec_jwk) = ec_key(python);
    let ec_body = json!({"keys": [ec_jwk]}).to_string();
    let supabase = serve_json(move |_| ec_body).unwrap();
    let project_url = supabase.base.clone();
    let enc_ec = EncodingKey::from_ec_pem(ec_pem.as_bytes()).unwrap();

    let bearer = |params: Value| {
        json!({
            "provider_class": "JWTVerifier",
            "import_path": "fastmcp.server.auth.providers.jwt",
            "config_params": params,
            "provider_type": "bearer",
        })
    };
    let configs = [
        (
            "pem.json",
            bearer(json!({"public_key": key_a.public_pem(), "issuer": ISSUER,
                "audience": AUDIENCE, "algorithm": "RS256", "required_scopes": ["read", "write"]})),
        ),
        (
            "jwks.json",
            bearer(json!({"jwks_uri": jwks_url, "issuer": ISSUER,
                "audience": ["aud-a", "aud-b"], "required_scopes": ["read"]})),
        ),
        (
            "hs256.json",
            bearer(
                json!({"public_key": format!("${{{SECRET_VAR}}}"), "issuer": ISSUER,
                "audience": AUDIENCE, "algorithm": "HS256", "required_scopes": ["read"]}),
            ),
        ),
    ];
    let realm_url = format!("{}/realms/demo", jwks.base);
    let scalekit_env = format!("{}/scalekit", jwks.base);
    let configs = [
        configs[0].clone(),
        configs[1].clone(),
        configs[2].clone(),
        (
            "keycloak.json",
            json!({
                "provider_class": "KeycloakAuthProvider",
                "import_path": "fastmcp.server.auth.providers.keycloak",
                "config_params": {"realm_url": realm_url, "base_url": "https://mcp.example.com"},
                "provider_type": "keycloak",
            }),
        ),
        (
            "supabase.json",
            json!({
                "provider_class": "SupabaseProvider",
                "import_path": "fastmcp.server.auth.providers.supabase",
                "config_params": {"project_url": project_url, "base_url": "https://mcp.example.com"},
                "provider_type": "supabase",
            }),
        ),
        (
            "descope.json",
            json!({
                "provider_class": "DescopeProvider",
                "import_path": "fastmcp.server.auth.providers.descope",
                "config_params": {
                    "config_url": format!("{}/v1/apps/agentic/P2proj/M1srv/.well-known/openid-configuration", jwks.base),
                    "base_url": "https://mcp.example.com"},
                "provider_type": "descope",
            }),
        ),
        (
            "authkit.json",
            json!({
                "provider_class": "AuthKitProvider",
                "import_path": "fastmcp.server.auth.providers.workos",
                "config_params": {"authkit_domain": format!("{}/authkit", jwks.base),
                                  "base_url": "https://mcp.example.com/"},
                "provider_type": "workos",
            }),
        ),
        (
            "scalekit.json",
            json!({
                "provider_class": "ScalekitProvider",
                "import_path": "fastmcp.server.auth.providers.scalekit",
                "config_params": {"environment_url": scalekit_env, "resource_id": "res_1",
                                  "base_url": "https://mcp.example.com"},
                "provider_type": "scalekit",
            }),
        ),
    ];
    for (name, config) in &configs {
        // verify judges tokens as the config's release does: the one the corpus runs in.
        let mut config = config.clone();
        config["fastmcp_version"] = json!(FASTMCP_VERSION);
        fs::write(
            dir.join(name),
            serde_json::to_string_pretty(&config).unwrap(),
        )
        .unwrap();
    }

    let t = now();
    let rs = |kid: Option<&str>| match kid {
        Some(kid) => json!({"alg": "RS256", "typ": "JWT", "kid": kid}),
        None => json!({"alg": "RS256", "typ": "JWT"}),
    };
    let claims = |aud: Value, scope: Value| {
        json!({"sub": "user-1", "client_id": "client-1", "iss": ISSUER, "aud": aud,
               "iat": t, "exp": t + 3600, "scope": scope})
    };
    let with = |base: &Value, key: &str, value: Value| {
        let mut c = base.clone();
        if value.is_null() {
            c.as_object_mut().unwrap().remove(key);
        } else {
            c[key] = value;
        }
        c
    };
    let a = Sign::Key(&enc_a, Algorithm::RS256);
    let b = Sign::Key(&enc_b, Algorithm::RS256);
    let pem_secret = Sign::Hmac(key_a.public_pem().as_bytes(), Algorithm::HS256);
    let hs = Sign::Hmac(SECRET.as_bytes(), Algorithm::HS256);
    let hs_other = Sign::Hmac(OTHER_SECRET.as_bytes(), Algorithm::HS256);

    let mut cases = Vec::new();
    let mut add = |config: &'static str, name: &str, token: String| {
        cases.push(Case {
            name: format!("{config}:{name}"),
            config,
            token,
        });
    };

    // RS256 with a PEM public key; requires read + write, audience my-mcp-server.
    let ok = claims(json!(AUDIENCE), json!("read write"));
    let h = rs(None);
    add("pem.json", "valid", token(&h, &ok, &a));
    add(
        "pem.json",
        "expired",
        token(&h, &with(&ok, "exp", json!(t - 60)), &a),
    );
    add(
        "pem.json",
        "expired_one_second_ago",
        token(&h, &with(&ok, "exp", json!(t - 1)), &a),
    );
    add(
        "pem.json",
        "not_yet_valid_nbf",
        token(&h, &with(&ok, "nbf", json!(t + 3600)), &a),
    );
    // FastMCP 4.2 allows nbf 30 s ahead (clock skew); a later or non-numeric nbf is refused.
    add(
        "pem.json",
        "nbf_within_the_clock_skew",
        token(&h, &with(&ok, "nbf", json!(t + 20)), &a),
    );
    add(
        "pem.json",
        "nbf_just_past_the_clock_skew",
        token(&h, &with(&ok, "nbf", json!(t + 45)), &a),
    );
    add(
        "pem.json",
        "nbf_in_the_past",
        token(&h, &with(&ok, "nbf", json!(t - 60)), &a),
    );
    add(
        "pem.json",
        "nbf_as_string",
        token(&h, &with(&ok, "nbf", json!((t - 60).to_string())), &a),
    );
    add(
        "pem.json",
        "issued_in_the_future",
        token(&h, &with(&ok, "iat", json!(t + 3600)), &a),
    );
    add(
        "pem.json",
        "no_exp",
        token(&h, &with(&ok, "exp", Value::Null), &a),
    );
    add(
        "pem.json",
        "exp_as_string",
        token(&h, &with(&ok, "exp", json!((t + 3600).to_string())), &a),
    );
    add(
        "pem.json",
        "wrong_iss",
        token(&h, &with(&ok, "iss", json!("https://evil.example.com")), &a),
    );
    add(
        "pem.json",
        "no_iss",
        token(&h, &with(&ok, "iss", Value::Null), &a),
    );
    add(
        "pem.json",
        "wrong_aud",
        token(&h, &with(&ok, "aud", json!("another-server")), &a),
    );
    add(
        "pem.json",
        "aud_list_with_ours",
        token(&h, &with(&ok, "aud", json!(["x", AUDIENCE])), &a),
    );
    add(
        "pem.json",
        "aud_list_without_ours",
        token(&h, &with(&ok, "aud", json!(["x", "y"])), &a),
    );
    add(
        "pem.json",
        "missing_scope",
        token(&h, &with(&ok, "scope", json!("read")), &a),
    );
    add(
        "pem.json",
        "extra_scopes",
        token(&h, &with(&ok, "scope", json!("read write admin")), &a),
    );
    add(
        "pem.json",
        "scope_as_list",
        token(&h, &with(&ok, "scope", json!(["read", "write"])), &a),
    );
    let scp = |v: Value| with(&with(&ok, "scope", Value::Null), "scp", v);
    add(
        "pem.json",
        "scp_list",
        token(&h, &scp(json!(["read", "write"])), &a),
    );
    add(
        "pem.json",
        "scp_string",
        token(&h, &scp(json!("read write")), &a),
    );
    add(
        "pem.json",
        "scp_missing_scope",
        token(&h, &scp(json!(["read"])), &a),
    );
    add(
        "pem.json",
        "empty_scope_hides_scp",
        token(
            &h,
            &with(&scp(json!(["read", "write"])), "scope", json!("")),
            &a,
        ),
    );
    add(
        "pem.json",
        "scopes_claim_is_ignored",
        token(
            &h,
            &with(
                &with(&ok, "scope", Value::Null),
                "scopes",
                json!(["read", "write"]),
            ),
            &a,
        ),
    );
    add(
        "pem.json",
        "non_string_scope",
        token(&h, &with(&ok, "scope", json!(["read", "write", 7])), &a),
    );
    add(
        "pem.json",
        "sub_not_a_string",
        token(&h, &with(&ok, "sub", json!(123)), &a),
    );
    add("pem.json", "wrong_key", token(&h, &ok, &b));
    add(
        "pem.json",
        "alg_none",
        token(&json!({"alg": "none", "typ": "JWT"}), &ok, &Sign::Unsigned),
    );
    add(
        "pem.json",
        "alg_none_with_a_signature",
        format!(
            "{}sig",
            token(&json!({"alg": "none"}), &ok, &Sign::Unsigned)
        ),
    );
    add(
        "pem.json",
        "hs256_with_the_public_key_as_secret",
        token(&json!({"alg": "HS256", "typ": "JWT"}), &ok, &pem_secret),
    );
    add(
        "pem.json",
        "tampered_payload",
        tamper(&token(&h, &with(&ok, "scope", json!("read")), &a), &ok),
    );
    add("pem.json", "two_parts", {
        let full = token(&h, &ok, &a);
        full.rsplit_once('.').unwrap().0.to_string()
    });
    add("pem.json", "header_not_base64", {
        let full = token(&h, &ok, &a);
        format!("!!{full}")
    });
    add(
        "pem.json",
        "padded_signature",
        format!("{}=", token(&h, &ok, &a)),
    );
    add(
        "pem.json",
        "payload_is_an_array",
        token(&h, &json!(["not", "an", "object"]), &a),
    );
    add(
        "pem.json",
        "kid_not_a_string",
        token(&json!({"alg": "RS256", "kid": 5}), &ok, &a),
    );
    add(
        "pem.json",
        "crit_unknown_header",
        token(&json!({"alg": "RS256", "crit": ["exp"], "exp": 1}), &ok, &a),
    );
    add(
        "pem.json",
        "crit_known_header",
        token(
            &json!({"alg": "RS256", "crit": ["kid"], "kid": "k"}),
            &ok,
            &a,
        ),
    );
    add("pem.json", "empty", String::new());

    // RS256 through a loopback JWKS (key A only); audience aud-a or aud-b; requires read.
    let kid = key_a.kid();
    let ok = claims(json!("aud-b"), json!("read"));
    add(
        "jwks.json",
        "valid_with_kid",
        token(&rs(Some(kid)), &ok, &a),
    );
    add("jwks.json", "valid_without_kid", token(&rs(None), &ok, &a));
    add(
        "jwks.json",
        "unknown_kid",
        token(&rs(Some("not-in-the-jwks")), &ok, &a),
    );
    add(
        "jwks.json",
        "wrong_key_under_our_kid",
        token(&rs(Some(kid)), &ok, &b),
    );
    add(
        "jwks.json",
        "aud_list_intersecting",
        token(&rs(Some(kid)), &with(&ok, "aud", json!(["x", "aud-a"])), &a),
    );
    add(
        "jwks.json",
        "aud_outside_the_list",
        token(&rs(Some(kid)), &with(&ok, "aud", json!("x")), &a),
    );
    add(
        "jwks.json",
        "expired",
        token(&rs(Some(kid)), &with(&ok, "exp", json!(t - 30)), &a),
    );
    add(
        "jwks.json",
        "scp_list",
        token(
            &rs(Some(kid)),
            &with(&with(&ok, "scope", Value::Null), "scp", json!(["read"])),
            &a,
        ),
    );
    add(
        "jwks.json",
        "missing_scope",
        token(&rs(Some(kid)), &with(&ok, "scope", json!("write")), &a),
    );
    add(
        "jwks.json",
        "alg_none",
        token(&json!({"alg": "none", "kid": kid}), &ok, &Sign::Unsigned),
    );
    add(
        "jwks.json",
        "hs256_with_the_public_key_as_secret",
        token(&json!({"alg": "HS256", "kid": kid}), &ok, &pem_secret),
    );
    add(
        "jwks.json",
        "tampered_payload",
        tamper(
            &token(&rs(Some(kid)), &with(&ok, "aud", json!("x")), &a),
            &ok,
        ),
    );

    // HS256 with the secret in the environment; audience my-mcp-server; requires read.
    let h = json!({"alg": "HS256", "typ": "JWT"});
    let ok = claims(json!(AUDIENCE), json!("read"));
    add("hs256.json", "valid", token(&h, &ok, &hs));
    add("hs256.json", "wrong_secret", token(&h, &ok, &hs_other));
    add("hs256.json", "rs256_token", token(&rs(None), &ok, &a));
    add(
        "hs256.json",
        "alg_none",
        token(&json!({"alg": "none"}), &ok, &Sign::Unsigned),
    );
    add(
        "hs256.json",
        "hs512_token",
        token(
            &json!({"alg": "HS512"}),
            &ok,
            &Sign::Hmac(SECRET.as_bytes(), Algorithm::HS512),
        ),
    );
    add(
        "hs256.json",
        "expired",
        token(&h, &with(&ok, "exp", json!(t - 5)), &hs),
    );
    add(
        "hs256.json",
        "not_yet_valid_nbf",
        token(&h, &with(&ok, "nbf", json!(t + 600)), &hs),
    );
    add(
        "hs256.json",
        "wrong_iss",
        token(&h, &with(&ok, "iss", json!("https://other")), &hs),
    );
    add(
        "hs256.json",
        "tampered_payload",
        tamper(&token(&h, &with(&ok, "scope", json!("none")), &hs), &ok),
    );
    add(
        "hs256.json",
        "malformed_four_parts",
        format!("{}.x", token(&h, &ok, &hs)),
    );

    // KeycloakAuthProvider: JWKS {realm}/protocol/openid-connect/certs, issuer the realm,
    // required scope openid by default, no audience.
    let ok = json!({"sub": "u", "iss": realm_url, "exp": t + 600, "scope": "openid profile"});
    add("keycloak.json", "valid", token(&rs(Some(kid)), &ok, &a));
    add(
        "keycloak.json",
        "without_openid",
        token(&rs(Some(kid)), &with(&ok, "scope", json!("profile")), &a),
    );
    add(
        "keycloak.json",
        "wrong_iss",
        token(&rs(Some(kid)), &with(&ok, "iss", json!(ISSUER)), &a),
    );
    add("keycloak.json", "wrong_key", token(&rs(Some(kid)), &ok, &b));

    // SupabaseProvider: ES256 by default, JWKS and issuer under {project}/auth/v1,
    // audience "authenticated".
    let es = Sign::Key(&enc_ec, Algorithm::ES256);
    let es_header = json!({"alg": "ES256", "kid": "ec-1"});
    let ok = json!({"sub": "u", "iss": format!("{project_url}/auth/v1"), "aud": "authenticated",
                    "exp": t + 600, "role": "authenticated"});
    add("supabase.json", "valid", token(&es_header, &ok, &es));
    add(
        "supabase.json",
        "project_url_as_issuer",
        token(&es_header, &with(&ok, "iss", json!(project_url)), &es),
    );
    add(
        "supabase.json",
        "anon_audience",
        token(&es_header, &with(&ok, "aud", json!("anon")), &es),
    );
    add(
        "supabase.json",
        "rs256_token",
        token(&rs(Some(kid)), &ok, &a),
    );

    // DescopeProvider: JWKS {base}/{project}/.well-known/jwks.json, audience the project,
    // issuer the project's, or one more segment after it or after its agentic form.
    let apps = format!("{}/v1/apps", jwks.base);
    let ok = json!({"sub": "u", "iss": format!("{apps}/P2proj"), "aud": "P2proj", "exp": t + 600});
    let iss = |v: String| with(&ok, "iss", json!(v));
    add(
        "descope.json",
        "project_issuer",
        token(&rs(Some(kid)), &ok, &a),
    );
    add(
        "descope.json",
        "agentic_server_issuer",
        token(
            &rs(Some(kid)),
            &iss(format!("{apps}/agentic/P2proj/M9")),
            &a,
        ),
    );
    add(
        "descope.json",
        "tenant_issuer",
        token(&rs(Some(kid)), &iss(format!("{apps}/P2proj/T1/")), &a),
    );
    add(
        "descope.json",
        "two_segments_too_many",
        token(&rs(Some(kid)), &iss(format!("{apps}/P2proj/T1/x")), &a),
    );
    add(
        "descope.json",
        "other_project",
        token(&rs(Some(kid)), &iss(format!("{apps}/P2other")), &a),
    );
    add(
        "descope.json",
        "prefix_without_slash",
        token(&rs(Some(kid)), &iss(format!("{apps}/P2projX")), &a),
    );
    add(
        "descope.json",
        "wrong_audience",
        token(&rs(Some(kid)), &with(&ok, "aud", json!("P2other")), &a),
    );

    // AuthKitProvider: JWKS {domain}/oauth2/jwks, issuer the domain, audience the MCP URL
    // (base_url + /mcp, bound when the server mounts it).
    let domain = format!("{}/authkit", jwks.base);
    let ok =
        json!({"sub": "u", "iss": domain, "aud": "https://mcp.example.com/mcp", "exp": t + 600});
    add("authkit.json", "valid", token(&rs(Some(kid)), &ok, &a));
    add(
        "authkit.json",
        "base_url_as_audience",
        token(
            &rs(Some(kid)),
            &with(&ok, "aud", json!("https://mcp.example.com/")),
            &a,
        ),
    );
    add(
        "authkit.json",
        "no_audience",
        token(&rs(Some(kid)), &with(&ok, "aud", Value::Null), &a),
    );
    add(
        "authkit.json",
        "other_issuer",
        token(&rs(Some(kid)), &with(&ok, "iss", json!(ISSUER)), &a),
    );

    // ScalekitProvider: issuer the environment or its resource URL, audience resource_id.
    let ok = json!({"sub": "u", "iss": scalekit_env, "aud": ["res_1"], "exp": t + 600});
    add("scalekit.json", "valid", token(&rs(Some(kid)), &ok, &a));
    add(
        "scalekit.json",
        "resource_issuer",
        token(
            &rs(Some(kid)),
            &with(&ok, "iss", json!(format!("{scalekit_env}/resources/res_1"))),
            &a,
        ),
    );
    add(
        "scalekit.json",
        "other_issuer",
        token(&rs(Some(kid)), &with(&ok, "iss", json!(ISSUER)), &a),
    );
    add(
        "scalekit.json",
        "wrong_audience",
        token(&rs(Some(kid)), &with(&ok, "aud", json!("res_2")), &a),
    );
    cases
}

/// A P-256 key made by the venv's `cryptography`: (private PKCS#8 PEM, public JWK with
/// kid `ec-1`).
fn ec_key(python: &Path) -> (String, Value) {
    let script = r#"
import base64, json
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = ec.generate_private_key(ec.SECP256R1())
nums = key.public_key().public_numbers()
b64 = lambda n: base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()
pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption()).decode()
print(json.dumps({"pem": pem, "jwk": {"kty": "EC", "crv": "P-256", "kid": "ec-1", "use": "sig",
                                      "x": b64(nums.x), "y": b64(nums.y)}}))
"#;
    let out = Command::new(python).args(["-c", script]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (v["pem"].as_str().unwrap().to_string(), v["jwk"].clone())
}

/// FastMCP's verdict on every case (one Python process).
fn fastmcp_verdicts(python: &Path, dir: &Path, cases: &[Case]) -> HashMap<String, bool> {
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({"name": c.name, "config": dir.join(c.config), "token": c.token,
                   "mcp_path": "/mcp"})
        })
        .collect();
    let path = dir.join("cases.json");
    fs::write(&path, serde_json::to_string(&list).unwrap()).unwrap();
    let out = Command::new(python)
        .arg(Path::new(MANIFEST_DIR).join("tests/python/verify_tokens.py"))
        .arg(&path)
        .env(SECRET_VAR, SECRET)
        .env("FASTMCP_HOME", dir.join("fastmcp-home"))
        .env("FASTMCP_ENABLE_RICH_LOGGING", "false")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "verify_tokens.py failed:\n{stdout}\n{}",
        tail(&String::from_utf8_lossy(&out.stderr), 30)
    );
    stdout
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let accepted = v["accepted"]
                .as_bool()
                .unwrap_or_else(|| panic!("no verdict: {v}"));
            (v["name"].as_str().unwrap().to_string(), accepted)
        })
        .collect()
}

#[test]
#[cfg_attr(skip_python, ignore = "FASTMCP_AUTH_SKIP_PYTHON=1")]
fn verify_agrees_with_fastmcp_on_every_token_of_the_corpus() {
    let python = fastmcp_python();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let cases = corpus(dir, &python);
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let fastmcp = fastmcp_verdicts(&python, dir, &cases);

    let mut disagreements = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for case in &cases {
        let mut cmd = clean_command(None);
        cmd.current_dir(dir)
            .env(SECRET_VAR, SECRET)
            .args(["verify", case.config])
            .write_stdin(case.token.clone());
        let outcome = run(&mut cmd);
        let fastmcp_accepts = fastmcp[&case.name];
        let expected_code = if fastmcp_accepts { 0 } else { 1 };
        if fastmcp_accepts {
            accepted += 1;
        } else {
            rejected += 1;
        }
        // The token itself never appears in what verify prints.
        if case.token.len() > 20 {
            assert!(
                !outcome.stdout.contains(&case.token) && !outcome.stderr.contains(&case.token),
                "{}: the token was printed",
                case.name
            );
        }
        assert!(
            !outcome.stdout.contains(SECRET),
            "{}: the secret was printed",
            case.name
        );
        let empty_input = case.token.is_empty() && outcome.code == 2;
        // An empty input is a usage error (exit 2) here; FastMCP rejects it.
        let agrees = outcome.code == expected_code || (empty_input && !fastmcp_accepts);
        if !agrees {
            disagreements.push(format!(
                "{}: FastMCP {}, verify exit {}\n{}{}",
                case.name,
                if fastmcp_accepts {
                    "accepts"
                } else {
                    "rejects"
                },
                outcome.code,
                outcome.stdout,
                outcome.stderr
            ));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "diagnose_verify: {} tokens, FastMCP accepted {accepted}, rejected {rejected}",
        cases.len()
    );
    assert!(
        accepted >= 8 && rejected >= 20,
        "accepted {accepted}, rejected {rejected}"
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// An HS256 config in the sandbox's config directory under the service name `svc`.
fn sandbox_with_hs_config() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("xdg/fastmcp-auth");
    fs::create_dir_all(&dir).unwrap();
    let config = json!({
        "provider_class": "JWTVerifier",
        "import_path": "fastmcp.server.auth.providers.jwt",
        "config_params": {"public_key": format!("${{{SECRET_VAR}}}"), "algorithm": "HS256"},
        "provider_type": "bearer",
    });
    fs::write(dir.join("svc.json"), config.to_string()).unwrap();
    root
}

fn hs_token(exp_offset: i64) -> String {
    token(
        &json!({"alg": "HS256"}),
        &json!({"sub": "u", "exp": now() + exp_offset}),
        &Sign::Hmac(SECRET.as_bytes(), Algorithm::HS256),
    )
}

#[test]
fn a_service_name_finds_the_config_and_the_token_can_come_from_a_variable() {
    let root = sandbox_with_hs_config();
    let token = hs_token(600);
    let mut cmd = clean_command(Some(root.path()));
    cmd.env(SECRET_VAR, SECRET).env("MY_TOKEN", &token).args([
        "verify",
        "svc",
        "--token-env",
        "MY_TOKEN",
    ]);
    let outcome = run(&mut cmd);
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    assert!(outcome.stdout.contains("FastMCP accepts this token"));
    assert!(!outcome.stdout.contains(&token) && !outcome.stdout.contains(SECRET));
}

#[test]
fn the_token_is_never_taken_from_the_command_line() {
    let root = sandbox_with_hs_config();
    let token = hs_token(600);
    let mut cmd = clean_command(Some(root.path()));
    cmd.env(SECRET_VAR, SECRET).args(["verify", "svc", &token]);
    let outcome = run(&mut cmd);
    assert_eq!(outcome.code, 2, "{}", outcome.stdout);
    assert!(!outcome.stdout.contains("accepts"));
}

#[test]
fn an_oversized_standard_input_is_refused_without_echoing_it() {
    let root = sandbox_with_hs_config();
    let huge = "A".repeat(64 * 1024 + 1);
    let mut cmd = clean_command(Some(root.path()));
    cmd.env(SECRET_VAR, SECRET)
        .args(["verify", "svc"])
        .write_stdin(huge.clone());
    let outcome = run(&mut cmd);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome.stderr.contains("larger than 65536 bytes"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains(&huge[..100]));
}

#[test]
fn a_bearer_prefix_and_a_trailing_newline_are_dropped_and_expiry_rejects() {
    let root = sandbox_with_hs_config();
    let mut cmd = clean_command(Some(root.path()));
    cmd.env(SECRET_VAR, SECRET)
        .args(["verify", "svc"])
        .write_stdin(format!("Bearer {}\n", hs_token(-10)));
    let outcome = run(&mut cmd);
    assert_eq!(outcome.code, 1, "{}{}", outcome.stdout, outcome.stderr);
    assert!(
        outcome
            .stdout
            .lines()
            .any(|l| l.starts_with("problem  exp")),
        "{}",
        outcome.stdout
    );
}

/// A token not valid for an hour is judged as the config's release would: FastMCP 4.2 and
/// later refuse it (the default target is the newest), 4.1 never looks at nbf.
#[test]
fn nbf_is_judged_for_the_release_the_config_names() {
    let root = sandbox_with_hs_config();
    let token = token(
        &json!({"alg": "HS256"}),
        &json!({"sub": "u", "exp": now() + 7200, "nbf": now() + 3600}),
        &Sign::Hmac(SECRET.as_bytes(), Algorithm::HS256),
    );
    let verify = |root: &Path| {
        let mut cmd = clean_command(Some(root));
        cmd.env(SECRET_VAR, SECRET)
            .args(["verify", "svc"])
            .write_stdin(token.clone());
        run(&mut cmd)
    };
    let newest = verify(root.path());
    assert_eq!(newest.code, 1, "{}{}", newest.stdout, newest.stderr);
    assert!(
        newest
            .stdout
            .lines()
            .any(|l| l.starts_with("problem  nbf") && l.contains("not yet valid")),
        "{}",
        newest.stdout
    );

    let path = root.path().join("xdg/fastmcp-auth/svc.json");
    let mut config: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    config["fastmcp_version"] = json!("4.1.2");
    fs::write(&path, config.to_string()).unwrap();
    let old = verify(root.path());
    assert_eq!(old.code, 0, "{}{}", old.stdout, old.stderr);
    assert!(
        old.stdout.contains("FastMCP 4.1.2 does not check nbf"),
        "{}",
        old.stdout
    );
}

#[test]
fn an_unset_secret_variable_means_cannot_tell() {
    let root = sandbox_with_hs_config();
    let mut cmd = clean_command(Some(root.path()));
    cmd.args(["verify", "svc"]).write_stdin(hs_token(600));
    let outcome = run(&mut cmd);
    assert_eq!(outcome.code, 2, "{}{}", outcome.stdout, outcome.stderr);
    assert!(
        outcome
            .stdout
            .contains(&format!("${{{SECRET_VAR}}}, which is not set")),
        "{}",
        outcome.stdout
    );
}

#[test]
fn opaque_token_providers_say_so_with_exit_2() {
    let root = tempfile::tempdir().unwrap();
    let config = json!({
        "provider_class": "GitHubProvider",
        "import_path": "fastmcp.server.auth.providers.github",
        "config_params": {"client_id": "Iv1.abc", "client_secret": "${GH_SECRET}",
                          "base_url": "https://mcp.example.com"},
        "provider_type": "github",
    });
    fs::write(root.path().join("gh.json"), config.to_string()).unwrap();
    let mut cmd = clean_command(Some(root.path()));
    cmd.args(["verify", "./gh.json"]).write_stdin(hs_token(600));
    let outcome = run(&mut cmd);
    assert_eq!(outcome.code, 2, "{}{}", outcome.stdout, outcome.stderr);
    assert!(outcome.stdout.contains("OAuth proxy"), "{}", outcome.stdout);
}

#[test]
fn a_missing_config_means_cannot_tell_not_rejected() {
    let root = tempfile::tempdir().unwrap();
    let mut cmd = clean_command(Some(root.path()));
    cmd.args(["verify", "no-such-service"])
        .write_stdin(hs_token(600));
    let outcome = run(&mut cmd);
    assert_eq!(outcome.code, 2, "{}{}", outcome.stdout, outcome.stderr);
    assert!(
        outcome.stderr.contains("no-such-service.json"),
        "{}",
        outcome.stderr
    );
}
