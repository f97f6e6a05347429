//! ISO 3166-1 alpha-2 country codes, stored upper case.

use std::borrow::Cow;

use validator::ValidationError;

pub const RUSSIA: &str = "RU";
pub const CHINA: &str = "CN";

pub fn check(code: &str) -> Result<(), ValidationError> {
    let well_formed = code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic());
    if well_formed && celes::Country::from_alpha2(code).is_ok() {
        Ok(())
    } else {
        Err(ValidationError::new("invalid_country")
            .with_message(Cow::Borrowed("must be an ISO 3166-1 alpha-2 country code, e.g. RU, CN, KZ")))
    }
}

/// The stored form of a code that passed [`check`].
pub fn normalise(code: &str) -> String {
    code.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_known_codes_in_any_case() {
        for code in ["RU", "CN", "kz", "By"] {
            assert!(check(code).is_ok(), "{code}");
        }
        assert_eq!(normalise("cn"), "CN");
    }

    #[test]
    fn rejects_unknown_and_malformed_codes() {
        for code in ["", "R", "RUS", "ZZ", "1A", "Ру"] {
            assert!(check(code).is_err(), "{code}");
        }
    }
}
