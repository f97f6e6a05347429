//! ISO 3166-1 alpha-2 country codes, stored upper case.

use std::borrow::Cow;

use validator::ValidationError;

pub const RUSSIA: &str = "RU";
pub const CHINA: &str = "CN";

/// All assigned codes, upper case.
fn codes() -> impl Iterator<Item = &'static str> {
    celes::Country::get_countries().into_iter().map(|c| c.alpha2)
}

/// The schema of a country code: exactly the codes [`check`] accepts, in upper or lower case.
pub struct CountryCode;

impl utoipa::PartialSchema for CountryCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let values: Vec<String> = codes().map(str::to_owned).chain(codes().map(str::to_ascii_lowercase)).collect();
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("ISO 3166-1 alpha-2 country code, upper or lower case; stored upper case"))
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
