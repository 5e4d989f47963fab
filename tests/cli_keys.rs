//! `keygen` and signed `token`s, driven through the real binary: the files keygen writes
//! (modes, kid, refusal to overwrite, `.bak`), tokens checked with `jsonwebtoken` against
//! those files, and the shared secret never leaving its environment variable.
//! FastMCP's own verdict on these tokens is in `fastmcp_tokens.rs`.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::cli::{Outcome, clean_command, run};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::{Value, json};

/// Long enough for HS512 (64 bytes), recognisable in any output.
const SECRET: &str = "hs-secret-do-not-leak-0123456789-0123456789-0123456789-0123456789";

fn keygen(dir: &Path, extra: &[&str]) -> Outcome {
    run(clean_command(None)
        .arg("keygen")
        .arg("--out")
        .arg(dir)
        .args(extra))
}

fn token(args: &[&str]) -> Outcome {
    run(clean_command(None).arg("token").args(args))
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A key pair made by `keygen` in a directory removed when this is dropped (a key pair
/// per test: a shared one in a static would outlive the process on disk).
struct Keys {
    dir: tempfile::TempDir,
    kid: String,
}

impl Keys {
    fn new() -> Keys {
        let dir = tempfile::tempdir().unwrap();
        let out = keygen(dir.path(), &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let kid = out.stdout.trim().to_string();
        Keys { dir, kid }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Checks the signature with the public key keygen wrote and returns the claims.
    fn verify_rs256(&self, jwt: &str) -> Value {
        let pem = fs::read(self.file("public.pem")).unwrap();
        let key = DecodingKey::from_rsa_pem(&pem).unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_aud = false;
        decode::<Value>(jwt, &key, &validation).unwrap().claims
    }
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn keygen_writes_private_public_and_jwks_with_the_kid() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new/keys");
    let out = keygen(&dir, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let kid = out.stdout.trim();
    assert_eq!(kid.len(), 43, "a base64url SHA-256 thumbprint: {kid}");
    assert_eq!(out.stdout, format!("{kid}\n"), "stdout is the kid alone");

    let private = fs::read_to_string(dir.join("private.pem")).unwrap();
    let public = fs::read_to_string(dir.join("public.pem")).unwrap();
    let jwks: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("jwks.json")).unwrap()).unwrap();
    assert!(private.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    let key = &jwks["keys"][0];
    assert_eq!(
        (&key["kid"], &key["kty"], &key["alg"], &key["use"]),
        (&json!(kid), &json!("RSA"), &json!("RS256"), &json!("sig"))
    );
    assert!(key.get("d").is_none(), "the JWKS holds no private part");
    for name in ["private.pem", "public.pem", "jwks.json"] {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
    }
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&tmp.path().join("new")), 0o700);

    let stderr = &out.stderr;
    assert!(
        stderr.contains("private.pem (mode 0600; keep it private)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("jwks.json (kid {kid})")),
        "{stderr}"
    );
    assert!(stderr.contains("--set-file public_key="), "{stderr}");
    assert!(
        !stderr.contains(private.lines().nth(1).unwrap()),
        "no key material"
    );
}

#[test]
fn keygen_refuses_existing_files_unless_forced_and_keeps_bak() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("keys");
    let first = keygen(&dir, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let old_private = fs::read_to_string(dir.join("private.pem")).unwrap();
    fs::remove_file(dir.join("public.pem")).unwrap();

    let refused = keygen(&dir, &[]);
    assert_eq!(refused.code, 1);
    assert!(refused.stdout.is_empty());
    assert!(
        refused.stderr.contains("private.pem")
            && refused.stderr.contains("jwks.json already exist;")
            && refused.stderr.contains("--force"),
        "{}",
        refused.stderr
    );
    assert!(
        !dir.join("public.pem").exists(),
        "a refused run writes nothing"
    );
    assert_eq!(
        fs::read_to_string(dir.join("private.pem")).unwrap(),
        old_private
    );

    let forced = keygen(&dir, &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(forced.stdout, first.stdout, "a new key, a new kid");
    assert_eq!(
        fs::read_to_string(dir.join("private.pem.bak")).unwrap(),
        old_private
    );
    assert_eq!(mode(&dir.join("private.pem.bak")), 0o600);
    assert!(dir.join("jwks.json.bak").exists());
    assert!(!dir.join("public.pem.bak").exists(), "nothing to keep");
    assert!(
        forced.stderr.contains("previous version kept as") && forced.stderr.contains(".bak"),
        "{}",
        forced.stderr
    );
}

#[test]
fn token_signs_rs256_with_the_kid_of_jwks_json() {
    let keys = Keys::new();
    let private = keys.file("private.pem");
    let out = token(&[
        "--client-id",
        "dev-client",
        "--scope",
        "read",
        "--issuer",
        "https://auth.example.com",
        "--audience",
        "my-api",
        "--sign-key",
        arg(&private),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let jwt = out.stdout.trim();
    assert_eq!(jwt.split('.').count(), 3, "compact JWS: {jwt}");
    let header = decode_header(jwt).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.kid.as_deref(), Some(keys.kid.as_str()));
    let claims = keys.verify_rs256(jwt);
    assert_eq!(claims["client_id"], "dev-client");
    assert_eq!(claims["scope"], "read");
    assert_eq!(claims["iss"], "https://auth.example.com");
    assert_eq!(claims["aud"], "my-api");

    let out = token(&[
        "--client-id",
        "c",
        "--sign-key",
        arg(&private),
        "--kid",
        "dev-key-1",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let header = decode_header(out.stdout.trim()).unwrap();
    assert_eq!(header.kid.as_deref(), Some("dev-key-1"));
}

#[test]
fn token_signs_hs_with_the_secret_from_the_environment_only() {
    for (name, alg) in [
        ("HS256", Algorithm::HS256),
        ("HS384", Algorithm::HS384),
        ("HS512", Algorithm::HS512),
    ] {
        let out = run(clean_command(None).env("JWT_SECRET", SECRET).args([
            "token",
            "--client-id",
            "c",
            "--scope",
            "read",
            "--algorithm",
            name,
            "--secret-env",
            "JWT_SECRET",
        ]));
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert!(!out.stdout.contains(SECRET) && !out.stderr.contains(SECRET));
        let jwt = out.stdout.trim();
        let header = decode_header(jwt).unwrap();
        assert_eq!((header.alg, header.kid), (alg, None));
        let key = DecodingKey::from_secret(SECRET.as_bytes());
        let claims = decode::<Value>(jwt, &key, &Validation::new(alg))
            .unwrap()
            .claims;
        assert_eq!(claims["scope"], "read");
    }
    // The algorithm name is accepted in lower case too.
    let out = run(clean_command(None).env("JWT_SECRET", SECRET).args([
        "token",
        "--client-id",
        "c",
        "--algorithm",
        "hs256",
        "--secret-env",
        "JWT_SECRET",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn secret_env_problems_name_the_variable_and_never_a_value() {
    let hs = |env: &[(&str, &str)], var: &str, alg: &str| {
        let mut cmd = clean_command(None);
        for (k, v) in env {
            cmd.env(k, v);
        }
        run(cmd.args([
            "token",
            "--client-id",
            "c",
            "--algorithm",
            alg,
            "--secret-env",
            var,
        ]))
    };
    let unset = hs(&[], "JWT_SECRET", "HS256");
    assert_eq!(unset.code, 2);
    assert!(
        unset
            .stderr
            .contains("--secret-env JWT_SECRET: the variable is not set")
            && unset.stderr.contains("example: export JWT_SECRET="),
        "{}",
        unset.stderr
    );
    let empty = hs(&[("JWT_SECRET", "")], "JWT_SECRET", "HS256");
    assert_eq!(empty.code, 2);
    assert!(
        empty.stderr.contains("JWT_SECRET: the variable is empty"),
        "{}",
        empty.stderr
    );

    let short = &SECRET[..40];
    let out = hs(&[("JWT_SECRET", short)], "JWT_SECRET", "HS512");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("HS512 needs a shared secret of at least 64 bytes"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(short) && out.stdout.is_empty());

    // The secret itself where the variable's name belongs: refused without repeating it.
    let out = hs(&[], "hs-secret do-not-leak", "HS256");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("takes the NAME of an environment variable"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("do-not-leak"), "{}", out.stderr);
}

#[test]
fn sign_key_must_be_a_readable_private_key() {
    let keys = Keys::new();
    let public = keys.file("public.pem");
    let out = token(&["--client-id", "c", "--sign-key", arg(&public)]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("this is a public key; signing needs the private key"),
        "{}",
        out.stderr
    );
    let jwks = keys.file("jwks.json");
    let out = token(&["--client-id", "c", "--sign-key", arg(&jwks)]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not an RSA private key in PEM form"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("AQAB"), "file contents are not echoed");
    let out = token(&["--client-id", "c", "--sign-key", "/nonexistent/private.pem"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("cannot read it (no such file or directory)"),
        "{}",
        out.stderr
    );
}

#[test]
fn signing_flags_that_do_not_go_together_are_usage_errors() {
    let keys = Keys::new();
    let private = keys.file("private.pem");
    let cases: [&[&str]; 4] = [
        &["--kid", "k"],
        &["--algorithm", "HS256"],
        &["--secret-env", "JWT_SECRET"],
        &[
            "--sign-key",
            arg(&private),
            "--algorithm",
            "HS256",
            "--secret-env",
            "X",
        ],
    ];
    for extra in cases {
        let out = run(clean_command(None)
            .args(["token", "--client-id", "c"])
            .args(extra));
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let out = token(&[
        "--client-id",
        "c",
        "--sign-key",
        arg(&private),
        "--kid",
        " ",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--kid: kid: must not be empty"),
        "{}",
        out.stderr
    );
}

#[test]
fn unsigned_token_prints_iss_and_aud_and_refuses_them_twice() {
    let out = token(&[
        "--client-id",
        "c",
        "--issuer",
        "https://auth.example.com",
        "--audience",
        "a",
        "--audience",
        "b",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(value["iss"], "https://auth.example.com");
    assert_eq!(value["aud"], json!(["a", "b"]));

    let out = token(&[
        "--client-id",
        "c",
        "--issuer",
        "https://a",
        "--claim",
        "iss=x",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("'iss' is computed") && out.stderr.contains("--issuer"),
        "{}",
        out.stderr
    );
    let out = token(&["--client-id", "c", "--audience", " "]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("audience: must not be empty (example: audience=my-mcp-server)"),
        "{}",
        out.stderr
    );
}

#[test]
fn help_documents_keygen_and_the_signing_options() {
    let out = run(clean_command(None).arg("--help"));
    assert!(out.stdout.contains("keygen"), "{}", out.stdout);
    let out = run(clean_command(None).args(["keygen", "--help"]));
    assert!(
        out.stdout.contains("--out <DIR>") && out.stdout.contains("--force"),
        "{}",
        out.stdout
    );
    let out = run(clean_command(None)
        .env("JWT_SECRET", SECRET)
        .args(["token", "--help"]));
    for flag in [
        "--sign-key <PRIVATE.pem>",
        "--kid <KID>",
        "--algorithm <ALG>",
        "--secret-env <VAR>",
        "--issuer <ISS>",
        "--audience <AUD>",
    ] {
        assert!(out.stdout.contains(flag), "{flag}: {}", out.stdout);
    }
    assert!(!out.stdout.contains(SECRET));
}
