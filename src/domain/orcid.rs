//! ORCID iDs: sixteen digits in four groups, the last one an ISO 7064 MOD 11-2 check digit
//! (which may be `X`), stored as the bare `0000-0002-1825-0097` form.

use std::borrow::Cow;

use validator::ValidationError;

/// The longest input taken (the longest spelling is 37 characters; the rest is room for spaces
/// around it): stated in the OpenAPI document, so enforced.
pub const MAX_INPUT_LENGTH: usize = 64;

/// Parses `0000-0002-1825-0097`, `https://orcid.org/0000-0002-1825-0097` or `orcid.org/…`.
pub fn parse(input: &str) -> Result<String, ValidationError> {
    if input.chars().count() > MAX_INPUT_LENGTH {
        return Err(invalid("must be at most 64 characters"));
    }
    let trimmed = input.trim();
    let lower = trimmed.to_ascii_lowercase();
    let bare = ["https://orcid.org/", "http://orcid.org/", "orcid.org/"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix).map(|_| &trimmed[prefix.len()..]))
        .unwrap_or(trimmed);
    let digits: Vec<char> = bare.chars().filter(|c| *c != '-').collect();
    let grouped = bare.len() == 19 && bare.char_indices().all(|(i, c)| (i % 5 == 4) == (c == '-'));
    let well_formed = grouped
        && digits.len() == 16
        && digits[..15].iter().all(char::is_ascii_digit)
        && (digits[15].is_ascii_digit() || digits[15] == 'X' || digits[15] == 'x');
    if !well_formed {
        return Err(invalid("must look like 0000-0002-1825-0097 (four groups of four digits; the last may be X)"));
    }
    let total = digits[..15].iter().fold(0u32, |total, d| (total + d.to_digit(10).unwrap_or(0)) * 2);
    let check = (12 - total % 11) % 11;
    let expected = if check == 10 { 'X' } else { char::from_digit(check, 10).unwrap_or('?') };
    if digits[15].to_ascii_uppercase() != expected {
        return Err(invalid("has a wrong check digit: check for a typing error"));
    }
    Ok(bare.to_ascii_uppercase())
}

pub fn check(input: &str) -> Result<(), ValidationError> {
    parse(input).map(|_| ())
}

fn invalid(message: &'static str) -> ValidationError {
    ValidationError::new("invalid_orcid").with_message(Cow::Borrowed(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orcids_parse_in_every_spelling() {
        // ORCID's own examples.
        assert_eq!(parse("0000-0002-1825-0097").unwrap(), "0000-0002-1825-0097");
        assert_eq!(parse("https://orcid.org/0000-0001-5109-3700").unwrap(), "0000-0001-5109-3700");
        assert_eq!(parse("orcid.org/0000-0002-1694-233x").unwrap(), "0000-0002-1694-233X");
    }

    #[test]
    fn typos_and_shapes_are_rejected() {
        for input in [
            "0000-0002-1825-0098",
            "0000000218250097",
            "0000-0002-1825-009",
            "0000-0002-1825-00X7",
            "",
            "https://example.org/0000-0002-1825-0097",
        ] {
            assert!(parse(input).is_err(), "{input}");
        }
    }
}
