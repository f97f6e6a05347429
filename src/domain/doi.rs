//! Digital Object Identifiers: `10.` + a registrant code of digits and dots + `/` + a suffix.
//!
//! DOIs are case-insensitive (ASCII), so the stored form is the bare DOI in ASCII lower case:
//! one spelling per DOI is what makes a UNIQUE column mean "one record per DOI". A Crossref
//! Funder DOI is a DOI with the prefix `10.13039` and a numeric suffix.

use std::borrow::Cow;
use std::fmt;

use validator::ValidationError;

/// The longest bare DOI accepted. DOIs have no formal limit; real ones are far shorter, and a
/// bound keeps junk out of indexed columns.
pub const MAX_LENGTH: usize = 255;

/// The longest input taken, resolver spelling and spaces included: stated in the OpenAPI
/// document, so enforced.
pub const MAX_INPUT_LENGTH: usize = 300;

/// The prefix of every Crossref Funder Registry DOI.
pub const FUNDER_PREFIX: &str = "10.13039";

/// Resolver and scheme spellings people paste in front of a DOI (matched after lower-casing).
const LEADERS: [&str; 7] = [
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi.org/",
    "dx.doi.org/",
    "doi:",
];

/// A syntactically valid DOI in its stored form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Doi {
    text: String,
    /// Byte index of the `/` between prefix and suffix.
    slash: usize,
}

impl Doi {
    /// Parses `10.1000/xyz`, `doi:10.1000/xyz` or `https://doi.org/10.1000/XYZ` (any case).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        if input.chars().count() > MAX_INPUT_LENGTH {
            return Err(invalid("too_long", "must be at most 300 characters, resolver included"));
        }
        if input.chars().any(char::is_control) {
            return Err(invalid("control_character", "must not contain NUL or other control characters"));
        }
        // ASCII-only lower-casing: DOIs fold ASCII case only, and byte offsets stay valid.
        let lower = input.trim().to_ascii_lowercase();
        let bare = LEADERS.iter().find_map(|leader| lower.strip_prefix(leader)).unwrap_or(&lower).trim_start();
        if bare.chars().count() > MAX_LENGTH {
            return Err(invalid("too_long", "must be at most 255 characters"));
        }
        let Some((prefix, suffix)) = bare.split_once('/') else {
            return Err(invalid("invalid_doi", "must look like 10.1234/suffix (a `/` after the prefix)"));
        };
        let registrant = prefix.strip_prefix("10.").unwrap_or("");
        if registrant.is_empty()
            || !registrant.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(invalid(
                "invalid_doi",
                "must start with 10. and a registrant code of digits and dots, e.g. 10.1234/",
            ));
        }
        if suffix.is_empty() {
            return Err(invalid("invalid_doi", "must have a suffix after the `/`"));
        }
        if suffix.chars().any(char::is_whitespace) {
            return Err(invalid("invalid_doi", "must not contain spaces"));
        }
        Ok(Doi { slash: prefix.len(), text: bare.to_owned() })
    }

    /// The bare DOI as stored: `10.13039/501100001809`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn into_string(self) -> String {
        self.text
    }

    /// `10.13039`
    pub fn prefix(&self) -> &str {
        &self.text[..self.slash]
    }

    /// `501100001809`
    pub fn suffix(&self) -> &str {
        &self.text[self.slash + 1..]
    }

    /// Whether this is a Crossref Funder Registry DOI: prefix 10.13039, suffix all digits.
    pub fn is_funder(&self) -> bool {
        self.prefix() == FUNDER_PREFIX && self.suffix().bytes().all(|b| b.is_ascii_digit())
    }

    /// The resolvable URL (`https://doi.org/…`).
    pub fn url(&self) -> String {
        format!("https://doi.org/{}", self.text)
    }
}

impl fmt::Display for Doi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Any DOI (for `#[validate(custom(function = "doi::check"))]`).
pub fn check(input: &str) -> Result<(), ValidationError> {
    Doi::parse(input).map(|_| ())
}

/// A Crossref Funder DOI, in its stored form.
pub fn parse_funder(input: &str) -> Result<Doi, ValidationError> {
    let doi = Doi::parse(input)?;
    if doi.is_funder() {
        Ok(doi)
    } else {
        Err(invalid(
            "not_a_funder_doi",
            "must be a Crossref Funder DOI: 10.13039/ followed by digits, e.g. 10.13039/501100001809",
        ))
    }
}

pub fn check_funder(input: &str) -> Result<(), ValidationError> {
    parse_funder(input).map(|_| ())
}

fn invalid(code: &'static str, message: &'static str) -> ValidationError {
    ValidationError::new(code).with_message(Cow::Borrowed(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_doi_is_stored_one_way() {
        for input in [
            "10.13039/501100001809",
            "doi:10.13039/501100001809",
            "DOI: 10.13039/501100001809",
            "https://doi.org/10.13039/501100001809",
            "HTTPS://DOI.ORG/10.13039/501100001809",
            "http://dx.doi.org/10.13039/501100001809",
            "doi.org/10.13039/501100001809",
            "  10.13039/501100001809 ",
        ] {
            let doi = Doi::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(doi.as_str(), "10.13039/501100001809", "{input}");
            assert_eq!(doi.prefix(), "10.13039");
            assert_eq!(doi.suffix(), "501100001809");
        }
    }

    #[test]
    fn general_dois_keep_their_suffix_and_fold_ascii_case() {
        let doi = Doi::parse("https://doi.org/10.1016/J.Physletb.2012.08.020").unwrap();
        assert_eq!(doi.as_str(), "10.1016/j.physletb.2012.08.020");
        assert_eq!(doi.url(), "https://doi.org/10.1016/j.physletb.2012.08.020");
        assert!(!doi.is_funder());
        // Registrant codes may have sub-parts; suffixes may contain further slashes.
        let doi = Doi::parse("10.1000.10/abc/def").unwrap();
        assert_eq!((doi.prefix(), doi.suffix()), ("10.1000.10", "abc/def"));
        assert!(Doi::parse("10.5555/Ёлка").is_ok(), "non-ASCII suffixes are DOIs too");
    }

    #[test]
    fn malformed_dois_are_rejected_with_a_code() {
        let code = |input: &str| Doi::parse(input).unwrap_err().code.to_string();
        for input in ["", "10.13039", "10.13039/", "11.13039/1", "10./1", "10.a1/1", "10..1/1", "10.1./x", "/x", "doi:"]
        {
            assert_eq!(code(input), "invalid_doi", "{input:?}");
        }
        assert_eq!(code("10.1000/a b"), "invalid_doi");
        assert_eq!(code("10.1000/a\0b"), "control_character");
        assert_eq!(code("10.1000/a\nb"), "control_character");
        assert_eq!(code(&format!("10.1000/{}", "x".repeat(250))), "too_long");
        assert!(Doi::parse(&format!("10.1000/{}", "x".repeat(247))).is_ok(), "255 characters is the limit");
    }

    #[test]
    fn funder_dois_are_crossref_prefix_and_numeric_suffix() {
        for known in ["10.13039/501100001809", "10.13039/501100006769", "10.13039/501100002261", "10.13039/100000001"] {
            assert_eq!(parse_funder(known).unwrap().as_str(), known);
        }
        for other in ["10.1016/j.x.2020.1", "10.13039/50110000180X", "10.130390/501100001809", "10.13039/1/2"] {
            assert_eq!(parse_funder(other).unwrap_err().code, "not_a_funder_doi", "{other}");
        }
        assert_eq!(parse_funder("nonsense").unwrap_err().code, "invalid_doi");
    }
}
