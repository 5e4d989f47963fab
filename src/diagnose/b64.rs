//! Base64url decoding exactly as strict as joserfc's `urlsafe_b64decode` (FastMCP 4.1's JWT
//! library): no padding, no `+` `/` `=`, no impossible length, and the unused bits of the
//! last character must be zero. A token that passes here decodes the same way in FastMCP.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The bytes a base64url segment encodes, or `None` when joserfc would refuse it.
pub fn decode_strict(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value_of(c)? << (18 - 6 * i);
        }
        let produced = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        // Non-canonical endings (bits set beyond the last whole byte) are refused.
        let unused_mask: u32 = match produced {
            1 => 0xFFFF,
            2 => 0xFF,
            _ => 0,
        };
        if acc & unused_mask != 0 {
            return None;
        }
        out.extend_from_slice(&acc.to_be_bytes()[1..1 + produced]);
    }
    Some(out)
}

/// Base64url without padding (for tests and for re-encoding).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut acc: u32 = 0;
        for (i, &b) in chunk.iter().enumerate() {
            acc |= u32::from(b) << (16 - 8 * i);
        }
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((acc >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refuses_what_joserfc_refuses() {
        assert_eq!(decode_strict("eyJ9"), Some(b"{\"}".to_vec()));
        assert_eq!(decode_strict("YQ"), Some(b"a".to_vec()));
        assert_eq!(decode_strict("YR"), None, "non-canonical trailing bits");
        assert_eq!(decode_strict("YQ=="), None, "padding");
        assert_eq!(decode_strict("a+b/"), None, "standard alphabet");
        assert_eq!(decode_strict("abcde"), None, "impossible length");
        assert_eq!(decode_strict(""), Some(Vec::new()));
    }

    proptest! {
        #[test]
        fn round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(decode_strict(&encode(&bytes)), Some(bytes));
        }
    }
}
