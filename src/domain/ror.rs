//! Research Organization Registry identifiers: `0`, six Crockford base-32 characters, and a
//! two-digit ISO 7064 mod 97-10 checksum of the number those six encode.

use std::borrow::Cow;

use validator::ValidationError;

const PREFIX: &str = "https://ror.org/";

/// The longest input taken (the longest spelling is 25 characters; the rest is room for spaces
/// around it): stated in the OpenAPI document, so enforced.
pub const MAX_INPUT_LENGTH: usize = 64;
const CROCKFORD: &str = "0123456789abcdefghjkmnpqrstvwxyz";

/// Parses `033vjfk17`, `ror.org/033vjfk17` or `https://ror.org/033VJFK17` into the canonical
/// `https://ror.org/033vjfk17`.
pub fn parse(input: &str) -> Result<String, ValidationError> {
    if input.chars().count() > MAX_INPUT_LENGTH {
        return Err(invalid("must be at most 64 characters"));
    }
    let lower = input.trim().to_ascii_lowercase();
    let bare = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).unwrap_or(&lower);
    let bare = bare.strip_prefix("ror.org/").unwrap_or(bare);
    let bytes = bare.as_bytes();
    if bytes.len() != 9 || bytes[0] != b'0' {
        return Err(invalid("must look like https://ror.org/0abcde123 (0, six letters or digits, two check digits)"));
    }
    let mut number: u64 = 0;
    for c in bare[1..7].chars() {
        let digit =
            CROCKFORD.find(c).ok_or_else(|| invalid("uses a character outside ROR's alphabet (no i, l, o or u)"))?;
        number = number * 32 + digit as u64;
    }
    let expected = 98 - (number * 100) % 97;
    if bare[7..].parse::<u64>().ok() != Some(expected) {
        return Err(invalid("has a wrong checksum: check for a typing error"));
    }
    Ok(format!("{PREFIX}{bare}"))
}

pub fn check(input: &str) -> Result<(), ValidationError> {
    parse(input).map(|_| ())
}

fn invalid(message: &'static str) -> ValidationError {
    ValidationError::new("invalid_ror_id").with_message(Cow::Borrowed(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_parse_in_every_spelling() {
        for input in ["033vjfk17", "ror.org/033vjfk17", "https://ror.org/033VJFK17", " http://ror.org/033vjfk17 "] {
            assert_eq!(parse(input).unwrap(), "https://ror.org/033vjfk17", "{input}");
        }
        assert!(parse("01h0zpd94").is_ok());
        assert!(parse("02mh1ke95").is_ok());
    }

    #[test]
    fn wrong_checksum_alphabet_and_shape_are_rejected() {
        for input in ["033vjfk18", "033vjfi17", "133vjfk17", "033vjfk1", "", "https://example.org/033vjfk17"] {
            assert!(parse(input).is_err(), "{input}");
        }
    }
}
