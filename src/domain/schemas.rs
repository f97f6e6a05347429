//! How the OpenAPI document describes the identifiers and codes the domain checks: one named schema
//! each, with the `maxLength` and `pattern` of what the check accepts. A pattern may let through
//! what the check still refuses (a ROR id's checksum, an unknown ASJC code: 422), never the other
//! way round, so a client that follows the document is never refused for its shape.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use crate::domain::{asjc, doi, orcid, ror};

/// `http://` or `https://`, any case.
const SCHEME: &str = "[Hh][Tt][Tt][Pp][Ss]?://";

fn text(description: &str, max_length: usize, pattern: String, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .max_length(Some(max_length))
        .pattern(Some(pattern))
        .examples([example])
        .into()
}

/// A name's letters in either case, for a pattern (JSON Schema patterns have no flags).
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            c if c.is_ascii_alphabetic() => format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase()),
            '.' => "\\.".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

macro_rules! schema_type {
    ($(#[$doc:meta])* $name:ident => $body:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $body
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

schema_type! {
    /// A ROR id in any spelling [`ror::parse`] takes.
    RorId => text(
        "ROR id as `0abcde123`, `ror.org/0abcde123` or `https://ror.org/0abcde123` (any case); the checksum \
         is verified; stored and returned as `https://ror.org/0abcde123`.",
        ror::MAX_INPUT_LENGTH,
        format!(r"^\s*({SCHEME})?({})?0[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{{6}}[0-9]{{2}}\s*$", any_case("ror.org/")),
        "https://ror.org/033vjfk17",
    )
}

/// The spellings [`doi::Doi::parse`] strips in front of a DOI.
fn doi_leader() -> String {
    format!(r"(({SCHEME})?({})?{}|{})?\s*", any_case("dx."), any_case("doi.org/"), any_case("doi:"))
}

schema_type! {
    /// A DOI in any spelling [`doi::Doi::parse`] takes.
    Doi => text(
        "DOI as `10.1016/…`, `doi:10.1016/…` or `https://doi.org/10.1016/…` (any case); stored bare and \
         lower case, at most 255 characters.",
        doi::MAX_INPUT_LENGTH,
        format!(r"^\s*{}10\.[0-9]+(\.[0-9]+)*/\S+\s*$", doi_leader()),
        "10.1016/j.physletb.2012.08.020",
    )
}

schema_type! {
    /// A Crossref Funder DOI in any spelling [`doi::parse_funder`] takes.
    FunderDoi => text(
        "Crossref Funder DOI as `10.13039/…`, `doi:10.13039/…` or `https://doi.org/10.13039/…` (any case); \
         stored bare.",
        doi::MAX_INPUT_LENGTH,
        format!(r"^\s*{}10\.13039/[0-9]+\s*$", doi_leader()),
        "10.13039/501100001809",
    )
}

schema_type! {
    /// An ORCID iD in any spelling [`orcid::parse`] takes.
    Orcid => text(
        "ORCID iD as `0000-0002-1825-0097` or `https://orcid.org/0000-0002-1825-0097`; the check digit is \
         verified.",
        orcid::MAX_INPUT_LENGTH,
        format!(
            r"^\s*(({SCHEME})?{})?[0-9]{{4}}-[0-9]{{4}}-[0-9]{{4}}-[0-9]{{3}}[0-9Xx]\s*$",
            any_case("orcid.org/")
        ),
        "0000-0002-1825-0097",
    )
}

/// The longest funder short code.
pub const SHORT_CODE_MAX: usize = 20;

schema_type! {
    /// A funder's short code: letters of any script, digits and `-`. The pattern refuses ASCII
    /// punctuation but `-`, spaces and control characters; other non-letters are refused by the
    /// check (422), as JSON Schema patterns cannot name "a letter of any script" portably.
    ShortCode => ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("1–20 letters (any script), digits or `-`; unique ignoring case."))
        .min_length(Some(1))
        .max_length(Some(SHORT_CODE_MAX))
        .pattern(Some(r"^[^\s\x00-\x1f\x7f!-,./:-@\[-`{-~]+$"))
        .examples(["RSF"])
        .into()
}

schema_type! {
    /// An ASJC subject-area code: the bounds of Elsevier's list; codes inside them that are not on
    /// it are refused by the check (422).
    AsjcCode => ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int32)))
        .description(Some("An ASJC code (see GET /api/v1/subject-areas), e.g. 2734 Pathology and Forensic Medicine."))
        .minimum(Some(asjc::FIRST_CODE))
        .maximum(Some(asjc::LAST_CODE))
        .examples([2734])
        .into()
}

/// The longest project keyword.
pub const KEYWORD_MAX: usize = 100;

schema_type! {
    /// One project keyword: one line of at most [`KEYWORD_MAX`] characters.
    Keyword => ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("One line, at most 100 characters."))
        .max_length(Some(KEYWORD_MAX))
        .examples(["inflammation"])
        .into()
}
