//! ISO 3166-1 alpha-2 country codes, stored upper case.

use std::borrow::Cow;

use validator::ValidationError;

pub const RUSSIA: &str = "RU";
pub const CHINA: &str = "CN";

/// All assigned codes, upper case.
fn codes() -> impl Iterator<Item = &'static str> {
    celes::Country::get_countries().into_iter().map(|c| c.alpha2)
}

/// The schema of a country code: the codes [`check`] accepts, listed once each, upper case (the
/// stored and returned form). Lower case is accepted too, but listing both spellings made every
/// code two enum members differing only in case, which client generators cannot name.
pub struct CountryCode;

impl utoipa::PartialSchema for CountryCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let values: Vec<String> = codes().map(str::to_owned).collect();
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "ISO 3166-1 alpha-2 country code, upper case (lower case is also accepted and stored upper case)",
            ))
            .enum_values(Some(values))
            .examples(["CN"])
            .into()
    }
}

impl utoipa::ToSchema for CountryCode {}

pub fn check(code: &str) -> Result<(), ValidationError> {
    let one_case = code == code.to_ascii_uppercase() || code == code.to_ascii_lowercase();
    let well_formed = code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) && one_case;
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
        for code in ["RU", "CN", "kz", "by"] {
            assert!(check(code).is_ok(), "{code}");
        }
        assert_eq!(normalise("cn"), "CN");
    }

    #[test]
    fn rejects_unknown_and_malformed_codes() {
        for code in ["", "R", "RUS", "ZZ", "1A", "Ру", "Cn"] {
            assert!(check(code).is_err(), "{code}");
        }
    }
}
