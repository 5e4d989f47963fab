//! Public keys as FastMCP's `JWTVerifier` reads them (OpenSSL, through `cryptography`): a
//! PEM `PUBLIC KEY` (SubjectPublicKeyInfo), `RSA PUBLIC KEY` (PKCS #1) or `CERTIFICATE`.
//! Parsed, so that a corrupt body or a key that cannot verify the chosen algorithm is refused
//! here rather than when the server starts or, worse, on the first token.
//!
//! The armour is read as leniently as OpenSSL reads it (any line width, CRLF, text around
//! the block); the DER inside strictly, with the `der` crate. Nothing here ever quotes the
//! key: problems describe it ("an EC P-256 key"), so a private key pasted by mistake never
//! reaches a message.

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, UintRef};
use der::{Reader, SliceReader, Tag, TagNumber};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const X448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.111");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

/// The kind of a parsed public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA (`rsaEncryption`), with the modulus's size in bits.
    Rsa {
        /// Bits of the modulus.
        bits: usize,
    },
    /// RSA restricted to PSS signatures (`id-RSASSA-PSS`).
    RsaPss {
        /// Bits of the modulus.
        bits: usize,
    },
    /// Elliptic-curve (`id-ecPublicKey`) on a named curve.
    Ec(Curve),
    /// Ed25519.
    Ed25519,
    /// Ed448.
    Ed448,
    /// A key-agreement key (X25519, X448): it cannot verify a signature.
    KeyAgreement(&'static str),
}

/// A named elliptic curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    /// NIST P-256 (`prime256v1`): ES256.
    P256,
    /// NIST P-384: ES384.
    P384,
    /// NIST P-521: ES512.
    P521,
    /// secp256k1 (ES256K, which FastMCP does not offer).
    Secp256k1,
}

impl Curve {
    fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Secp256k1 => "secp256k1",
        }
    }

    /// Bytes of one coordinate.
    fn field_bytes(self) -> usize {
        match self {
            Curve::P256 | Curve::Secp256k1 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

impl std::fmt::Display for KeyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyKind::Rsa { bits } => write!(f, "an RSA key ({bits} bits)"),
            KeyKind::RsaPss { bits } => write!(f, "an RSA-PSS key ({bits} bits)"),
            KeyKind::Ec(curve) => write!(f, "an EC {} key", curve.name()),
            KeyKind::Ed25519 => f.write_str("an Ed25519 key"),
            KeyKind::Ed448 => f.write_str("an Ed448 key"),
            KeyKind::KeyAgreement(name) => write!(f, "an {name} key-agreement key"),
        }
    }
}

/// Why a text is not a usable public key. Carries no byte of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemProblem {
    /// No `-----BEGIN …-----` / `-----END …-----` block.
    NotPem,
    /// A private key (any label with PRIVATE in it).
    PrivateKey,
    /// A block of another kind (`EC PARAMETERS`, `CERTIFICATE REQUEST`…).
    UnsupportedLabel(String),
    /// The END line names another label than the BEGIN line.
    MismatchedEnd,
    /// The body is not base64, or its DER is not the structure the label announces.
    Corrupt(&'static str),
    /// A well-formed key of an algorithm FastMCP cannot verify with.
    UnknownAlgorithm,
}

impl std::fmt::Display for PemProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PemProblem::NotPem => f.write_str(
                "must be a PEM public key: a '-----BEGIN PUBLIC KEY-----' line, the base64 \
                 body, and an '-----END PUBLIC KEY-----' line",
            ),
            PemProblem::PrivateKey => f.write_str(
                "is a private key; give the matching public key (never the private one)",
            ),
            PemProblem::UnsupportedLabel(label) => write!(
                f,
                "is a PEM '{label}' block; FastMCP reads 'PUBLIC KEY', 'RSA PUBLIC KEY' or \
                 'CERTIFICATE'"
            ),
            PemProblem::MismatchedEnd => {
                f.write_str("is a PEM block whose END line does not match its BEGIN line")
            }
            PemProblem::Corrupt(what) => write!(
                f,
                "is a damaged PEM key: {what} (copy the whole key again, BEGIN and END lines \
                 included)"
            ),
            PemProblem::UnknownAlgorithm => f.write_str(
                "is a public key of a type FastMCP cannot verify tokens with (RSA, EC P-256/384/521, \
                 Ed25519 and Ed448 are)",
            ),
        }
    }
}

/// Whether the text holds a PEM armour line, whatever is inside.
pub fn has_pem_armour(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

/// Reads the first PEM block of `text` as a public key.
pub fn parse_public_key(text: &str) -> Result<KeyKind, PemProblem> {
    let (label, body) = armour(text)?;
    if label.contains("PRIVATE") {
        return Err(PemProblem::PrivateKey);
    }
    let der = decode_base64(body)?;
    match label {
        "PUBLIC KEY" => spki(&der),
        "RSA PUBLIC KEY" => decode_all(&der, rsa_public_key)
            .map(|bits| KeyKind::Rsa { bits })
            .map_err(|_| PemProblem::Corrupt("its body is not an RSA public key")),
        "CERTIFICATE" => certificate(&der),
        other => Err(PemProblem::UnsupportedLabel(other.to_string())),
    }
}

/// Whether `text` is a public key without its armour: base64 of a SubjectPublicKeyInfo
/// (the body of a PEM pasted alone, as where a shared secret was expected).
pub fn is_bare_public_key(text: &str) -> bool {
    let compact: String = text.split_ascii_whitespace().collect();
    // An SPKI starts with SEQUENCE and a long length: `MI` or `MC`/`MF`… in base64.
    compact.starts_with('M') && decode_base64(&compact).is_ok_and(|der| spki(&der).is_ok())
}

/// The first block's label and body.
fn armour(text: &str) -> Result<(&str, &str), PemProblem> {
    const BEGIN: &str = "-----BEGIN ";
    const END: &str = "-----END ";
    const DASHES: &str = "-----";
    let start = text.find(BEGIN).ok_or(PemProblem::NotPem)? + BEGIN.len();
    let rest = &text[start..];
    let label_end = rest.find(DASHES).ok_or(PemProblem::NotPem)?;
    let label = &rest[..label_end];
    if label.contains('\n') {
        return Err(PemProblem::NotPem);
    }
    let rest = &rest[label_end + DASHES.len()..];
    let body_end = rest.find(END).ok_or(PemProblem::NotPem)?;
    let body = &rest[..body_end];
    let rest = &rest[body_end + END.len()..];
    let end_label = rest
        .find(DASHES)
        .map(|i| &rest[..i])
        .ok_or(PemProblem::NotPem)?;
    if end_label != label {
        return Err(PemProblem::MismatchedEnd);
    }
    Ok((label, body))
}

/// The body's bytes. The body is re-wrapped at 64 columns for the strict RFC 7468 decoder,
/// so the line width it was pasted with does not matter (OpenSSL does not mind either).
fn decode_base64(body: &str) -> Result<Vec<u8>, PemProblem> {
    if body.contains(':') {
        // RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`) only appear on private keys.
        return Err(PemProblem::Corrupt(
            "it has headers, as encrypted private keys do",
        ));
    }
    let compact: String = body.split_ascii_whitespace().collect();
    if compact.is_empty() {
        return Err(PemProblem::Corrupt("its body is empty"));
    }
    let mut canonical = String::with_capacity(compact.len() + compact.len() / 64 + 64);
    canonical.push_str("-----BEGIN K-----\n");
    for line in compact.as_bytes().chunks(64) {
        canonical.push_str(std::str::from_utf8(line).unwrap_or_default());
        canonical.push('\n');
    }
    canonical.push_str("-----END K-----\n");
    der::pem::decode_vec(canonical.as_bytes())
        .map(|(_, bytes)| bytes)
        .map_err(|_| PemProblem::Corrupt("its body is not valid base64"))
}

/// Decodes the whole of `der` with `f`; bytes left over are an error.
fn decode_all<'a, T>(
    der: &'a [u8],
    f: impl FnOnce(&mut SliceReader<'a>) -> der::Result<T>,
) -> der::Result<T> {
    let mut reader = SliceReader::new(der)?;
    let value = f(&mut reader)?;
    reader.finish(value)
}

fn spki(der: &[u8]) -> Result<KeyKind, PemProblem> {
    let parsed = decode_all(der, |r| r.sequence(spki_fields));
    parsed.map_err(|_| PemProblem::Corrupt("its body is not a SubjectPublicKeyInfo"))?
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey
/// BIT STRING }`, its fields; the outer `Result` is the DER's, the inner the key's.
fn spki_fields<'a, R: Reader<'a>>(r: &mut R) -> der::Result<Result<KeyKind, PemProblem>> {
    let (oid, params) = r.sequence(|alg| {
        let oid: ObjectIdentifier = alg.decode()?;
        let params: Option<AnyRef<'a>> = alg.decode()?;
        Ok((oid, params))
    })?;
    let bits: BitStringRef<'a> = r.decode()?;
    let Some(key) = bits.as_bytes() else {
        return Ok(Err(PemProblem::Corrupt("its key bits are not whole bytes")));
    };
    let corrupt = |what| Ok(Err(PemProblem::Corrupt(what)));
    if oid == RSA_ENCRYPTION || oid == RSASSA_PSS {
        let Ok(bits) = decode_all(key, rsa_public_key) else {
            return corrupt("its RSA modulus and exponent do not parse");
        };
        return Ok(Ok(if oid == RSA_ENCRYPTION {
            KeyKind::Rsa { bits }
        } else {
            KeyKind::RsaPss { bits }
        }));
    }
    if oid == EC_PUBLIC_KEY {
        let curve = match params.map(|p| p.decode_as::<ObjectIdentifier>()) {
            Some(Ok(c)) if c == P256 => Curve::P256,
            Some(Ok(c)) if c == P384 => Curve::P384,
            Some(Ok(c)) if c == P521 => Curve::P521,
            Some(Ok(c)) if c == SECP256K1 => Curve::Secp256k1,
            Some(Ok(_)) => return Ok(Err(PemProblem::UnknownAlgorithm)),
            _ => return corrupt("its EC key names no curve"),
        };
        let n = curve.field_bytes();
        let fits = match key.first() {
            Some(0x04) => key.len() == 1 + 2 * n,
            Some(0x02 | 0x03) => key.len() == 1 + n,
            _ => false,
        };
        if !fits {
            return corrupt("its EC point has the wrong length for its curve");
        }
        return Ok(Ok(KeyKind::Ec(curve)));
    }
    let sized = |kind, len| {
        if key.len() == len {
            Ok(Ok(kind))
        } else {
            corrupt("its key has the wrong length for its algorithm")
        }
    };
    match oid {
        o if o == ED25519 => sized(KeyKind::Ed25519, 32),
        o if o == ED448 => sized(KeyKind::Ed448, 57),
        o if o == X25519 => sized(KeyKind::KeyAgreement("X25519"), 32),
        o if o == X448 => sized(KeyKind::KeyAgreement("X448"), 56),
        _ => Ok(Err(PemProblem::UnknownAlgorithm)),
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`: the modulus's
/// size in bits.
fn rsa_public_key<'a, R: Reader<'a>>(r: &mut R) -> der::Result<usize> {
    r.sequence(|seq| {
        let modulus: UintRef<'a> = seq.decode()?;
        let _exponent: UintRef<'a> = seq.decode()?;
        let bytes = modulus.as_bytes();
        let top = bytes.first().copied().unwrap_or(0);
        Ok(bytes.len().saturating_sub(1) * 8 + (8 - top.leading_zeros() as usize))
    })
}

/// An X.509 certificate's subject public key: `Certificate ::= SEQUENCE { tbsCertificate
/// SEQUENCE { [0] version OPTIONAL, serial, signature, issuer, validity, subject,
/// subjectPublicKeyInfo, … }, signatureAlgorithm, signature }`.
fn certificate(der: &[u8]) -> Result<KeyKind, PemProblem> {
    let parsed = decode_all(der, |r| {
        r.sequence(|cert| {
            let key = cert.sequence(|tbs| {
                if tbs.peek_tag()?
                    == (Tag::ContextSpecific {
                        constructed: true,
                        number: TagNumber::N0,
                    })
                {
                    let _version: AnyRef<'_> = tbs.decode()?;
                }
                for _ in 0..5 {
                    let _skipped: AnyRef<'_> = tbs.decode()?;
                }
                let key = tbs.sequence(spki_fields)?;
                // Unique ids and extensions follow; their content does not matter here.
                let rest = tbs.remaining_len();
                tbs.read_slice(rest)?;
                Ok(key)
            })?;
            let _signature_algorithm: AnyRef<'_> = cert.decode()?;
            let _signature: BitStringRef<'_> = cert.decode()?;
            Ok(key)
        })
    });
    parsed.map_err(|_| PemProblem::Corrupt("its body is not an X.509 certificate"))?
}

/// Whether a key of `kind` verifies JWTs signed with `algorithm` (JWA names, as FastMCP's
/// JWTVerifier takes them); `None` for an algorithm this module does not know (the choice
/// check refuses it). RS* needs RSA, PS* RSA or RSA-PSS, ES256/384/512 EC on P-256/384/521,
/// EdDSA Ed25519 or Ed448; HS* takes a shared secret, never a key.
pub fn fits_algorithm(kind: KeyKind, algorithm: &str) -> Option<bool> {
    let alg = algorithm.to_ascii_uppercase();
    Some(match alg.as_str() {
        "RS256" | "RS384" | "RS512" => matches!(kind, KeyKind::Rsa { .. }),
        "PS256" | "PS384" | "PS512" => matches!(kind, KeyKind::Rsa { .. } | KeyKind::RsaPss { .. }),
        "ES256" => kind == KeyKind::Ec(Curve::P256),
        "ES384" => kind == KeyKind::Ec(Curve::P384),
        "ES512" => kind == KeyKind::Ec(Curve::P521),
        "EDDSA" => matches!(kind, KeyKind::Ed25519 | KeyKind::Ed448),
        "ED25519" => kind == KeyKind::Ed25519,
        "ED448" => kind == KeyKind::Ed448,
        "HS256" | "HS384" | "HS512" => false,
        _ => return None,
    })
}

/// The key an algorithm needs, for messages ("ES384 needs an EC P-384 key").
pub fn key_needed(algorithm: &str) -> &'static str {
    match algorithm.to_ascii_uppercase().as_str() {
        "RS256" | "RS384" | "RS512" => "an RSA public key",
        "PS256" | "PS384" | "PS512" => "an RSA public key",
        "ES256" => "an EC P-256 public key",
        "ES384" => "an EC P-384 public key",
        "ES512" => "an EC P-521 public key",
        "EDDSA" => "an Ed25519 or Ed448 public key",
        "ED25519" => "an Ed25519 public key",
        "ED448" => "an Ed448 public key",
        _ => "a shared secret",
    }
}

/// The algorithm that fits a key, for the hint in a message.
pub fn algorithm_for(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Rsa { .. } => "RS256",
        KeyKind::RsaPss { .. } => "PS256",
        KeyKind::Ec(Curve::P256) => "ES256",
        KeyKind::Ec(Curve::P384) => "ES384",
        KeyKind::Ec(Curve::P521) => "ES512",
        KeyKind::Ed25519 | KeyKind::Ed448 => "EdDSA",
        KeyKind::Ec(Curve::Secp256k1) | KeyKind::KeyAgreement(_) => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA: &str = include_str!("../../tests/keys/rsa2048.pem");
    const RSA_PKCS1: &str = include_str!("../../tests/keys/rsa2048-pkcs1.pem");
    const RSA_CERT: &str = include_str!("../../tests/keys/rsa2048-cert.pem");
    const RSA_PSS: &str = include_str!("../../tests/keys/rsa-pss.pem");
    const P256_KEY: &str = include_str!("../../tests/keys/ec-p256.pem");
    const P384_KEY: &str = include_str!("../../tests/keys/ec-p384.pem");
    const P521_KEY: &str = include_str!("../../tests/keys/ec-p521.pem");
    const K256_KEY: &str = include_str!("../../tests/keys/ec-secp256k1.pem");
    const ED25519_KEY: &str = include_str!("../../tests/keys/ed25519.pem");
    const ED448_KEY: &str = include_str!("../../tests/keys/ed448.pem");
    const X25519_KEY: &str = include_str!("../../tests/keys/x25519.pem");

    #[test]
    fn every_form_fastmcp_reads_is_parsed_with_its_type() {
        for (pem, kind) in [
            (RSA, KeyKind::Rsa { bits: 2048 }),
            (RSA_PKCS1, KeyKind::Rsa { bits: 2048 }),
            (RSA_CERT, KeyKind::Rsa { bits: 2048 }),
            (RSA_PSS, KeyKind::RsaPss { bits: 2048 }),
            (P256_KEY, KeyKind::Ec(Curve::P256)),
            (P384_KEY, KeyKind::Ec(Curve::P384)),
            (P521_KEY, KeyKind::Ec(Curve::P521)),
            (K256_KEY, KeyKind::Ec(Curve::Secp256k1)),
            (ED25519_KEY, KeyKind::Ed25519),
            (ED448_KEY, KeyKind::Ed448),
            (X25519_KEY, KeyKind::KeyAgreement("X25519")),
        ] {
            assert_eq!(parse_public_key(pem), Ok(kind), "{pem}");
        }
    }

    /// OpenSSL reads any line width, CRLF and text around the block; so does this.
    #[test]
    fn the_armour_is_read_as_leniently_as_openssl_reads_it() {
        let body: String = RSA.lines().filter(|l| !l.starts_with("-----")).collect();
        let one_line = format!("-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----");
        let crlf = RSA.replace('\n', "\r\n");
        let wrapped_76: String = body
            .as_bytes()
            .chunks(76)
            .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
            .collect();
        let odd_width = format!("-----BEGIN PUBLIC KEY-----\n{wrapped_76}-----END PUBLIC KEY-----");
        let around = format!("key for prod:\n  {RSA}  \n(end)");
        for text in [one_line, crlf, odd_width, around] {
            assert_eq!(
                parse_public_key(&text),
                Ok(KeyKind::Rsa { bits: 2048 }),
                "{text}"
            );
        }
    }

    #[test]
    fn corrupt_bodies_are_refused() {
        let lines: Vec<&str> = RSA.lines().collect();
        let flip_first = RSA.replacen("MIIB", "XIIB", 1);
        let truncated = format!("{}\n{}\n{}", lines[0], lines[1], lines[lines.len() - 1]);
        let bad_char = RSA.replacen("MIIB", "MI!B", 1);
        let extra = RSA.replace("-----END", "QUFBQQ==\n-----END");
        let p256_short = {
            // Drop the point's last byte (the body of a P-256 SPKI is 91 bytes).
            let body: String = P256_KEY
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect();
            let der = decode_base64(&body).unwrap();
            let mut short = der[..der.len() - 1].to_vec();
            assert_eq!((short[1], short[23], short[24]), (0x59, 0x03, 0x42));
            short[1] -= 1; // the outer SEQUENCE's length
            short[24] -= 1; // the BIT STRING's length
            der::pem::encode_string("PUBLIC KEY", der::pem::LineEnding::LF, &short).unwrap()
        };
        for bad in [flip_first, truncated, bad_char, extra, p256_short] {
            let problem = parse_public_key(&bad).unwrap_err();
            assert!(
                matches!(problem, PemProblem::Corrupt(_)),
                "{problem:?}: {bad}"
            );
        }
        assert_eq!(parse_public_key("MIIBIjANBg"), Err(PemProblem::NotPem));
        assert_eq!(
            parse_public_key("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"),
            Err(PemProblem::PrivateKey)
        );
        assert_eq!(
            parse_public_key(&RSA.replace("END PUBLIC", "END RSA PUBLIC")),
            Err(PemProblem::MismatchedEnd)
        );
        assert!(matches!(
            parse_public_key(
                "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----"
            ),
            Err(PemProblem::UnsupportedLabel(_))
        ));
    }

    #[test]
    fn key_types_must_fit_the_algorithm() {
        let rsa = KeyKind::Rsa { bits: 2048 };
        assert_eq!(fits_algorithm(rsa, "RS256"), Some(true));
        assert_eq!(fits_algorithm(rsa, "PS512"), Some(true));
        assert_eq!(fits_algorithm(rsa, "ES256"), Some(false));
        assert_eq!(fits_algorithm(rsa, "HS256"), Some(false));
        assert_eq!(
            fits_algorithm(KeyKind::RsaPss { bits: 2048 }, "RS256"),
            Some(false)
        );
        assert_eq!(
            fits_algorithm(KeyKind::Ec(Curve::P256), "ES256"),
            Some(true)
        );
        assert_eq!(
            fits_algorithm(KeyKind::Ec(Curve::P256), "ES384"),
            Some(false)
        );
        assert_eq!(
            fits_algorithm(KeyKind::Ec(Curve::P256), "RS256"),
            Some(false)
        );
        assert_eq!(
            fits_algorithm(KeyKind::Ec(Curve::P521), "ES512"),
            Some(true)
        );
        assert_eq!(fits_algorithm(KeyKind::Ed25519, "EdDSA"), Some(true));
        assert_eq!(fits_algorithm(KeyKind::Ed448, "Ed25519"), Some(false));
        assert_eq!(
            fits_algorithm(KeyKind::KeyAgreement("X25519"), "EdDSA"),
            Some(false)
        );
        assert_eq!(fits_algorithm(rsa, "none"), None);
    }

    #[test]
    fn a_bare_base64_public_key_is_recognised() {
        let body: String = P256_KEY
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        assert!(is_bare_public_key(&body));
        assert!(!is_bare_public_key(
            "Mz9-a-long-shared-secret-of-32-characters"
        ));
        assert!(!is_bare_public_key("c2VjcmV0"));
    }
}
