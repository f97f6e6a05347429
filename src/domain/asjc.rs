//! ASJC, the All Science Journal Classification: the subject areas that Elsevier's Scopus files
//! journals and papers under, each a four-digit code such as `1702` (Artificial Intelligence).
//! The first two digits name one of 27 areas (10 Multidisciplinary, 11 Agricultural and Biological
//! Sciences, … 36 Health Professions), and `XX00` is that area's general code (`1700` General
//! Computer Science).
//!
//! The list in `asjc-codes.tsv` (one `CODE<TAB>English name` line per code, sorted by code) is
//! Elsevier's classification, © Elsevier, with the names Scopus gives them. It is shipped with the
//! crate as reference data so that subject areas can be validated without calling out to Scopus.

use std::borrow::Cow;
use std::sync::LazyLock;

use validator::ValidationError;

/// One ASJC subject area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubjectArea {
    pub code: i32,
    pub name: &'static str,
}

const SOURCE: &str = include_str!("asjc-codes.tsv");

static AREAS: LazyLock<Vec<SubjectArea>> = LazyLock::new(|| SOURCE.lines().map(parse_line).collect());

/// Parses one line of the compiled-in list. The file is part of the source tree and the tests
/// below check every line of it, so a malformed line is a build defect, not a run-time condition:
/// it panics with the line rather than silently dropping a code.
fn parse_line(line: &'static str) -> SubjectArea {
    let parsed = line.split_once('\t').and_then(|(code, name)| Some(SubjectArea { code: code.parse().ok()?, name }));
    parsed.unwrap_or_else(|| panic!("src/domain/asjc-codes.tsv: malformed line {line:?}"))
}

/// Every ASJC subject area, sorted by code.
pub fn all() -> &'static [SubjectArea] {
    &AREAS
}

/// The subject area with this code, if it is one.
pub fn find(code: i32) -> Option<SubjectArea> {
    let areas = all();
    areas.binary_search_by_key(&code, |area| area.code).ok().map(|index| areas[index])
}

/// The English name of this code, if it is one.
pub fn name(code: i32) -> Option<&'static str> {
    find(code).map(|area| area.name)
}

/// The lowest and highest code on Elsevier's list (the bounds the OpenAPI document states).
pub const FIRST_CODE: i32 = 1000;
pub const LAST_CODE: i32 = 3616;

pub fn check(code: i32) -> Result<(), ValidationError> {
    match find(code) {
        Some(_) => Ok(()),
        None => Err(ValidationError::new("unknown_asjc_code")
            .with_message(Cow::Borrowed("is not an ASJC code (see GET /api/v1/subject-areas)"))),
    }
}

/// The general code of the two-digit area that `code` belongs to: `code / 100 * 100`, so
/// `1702` (Artificial Intelligence) gives `1700` (General Computer Science) and a general code
/// gives itself. It does no checking: pass a code that [`check`] accepts.
pub fn area_of(code: i32) -> i32 {
    code / 100 * 100
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Elsevier's list has 334 codes: 1000 and 26 areas from 1100 to 3600.
    const EXPECTED_CODES: usize = 334;

    #[test]
    fn file_is_well_formed() {
        assert!(SOURCE.ends_with('\n'), "the file ends with a newline");
        assert_eq!(SOURCE.lines().count(), EXPECTED_CODES);
        for line in SOURCE.lines() {
            let (code, name) = line.split_once('\t').unwrap_or_else(|| panic!("no tab in {line:?}"));
            assert!(code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()), "{line:?}");
            assert!(!name.contains('\t'), "{line:?}");
        }
        assert_eq!(all().len(), EXPECTED_CODES);
    }

    #[test]
    fn codes_are_strictly_increasing_four_digit_codes() {
        for pair in all().windows(2) {
            assert!(pair[0].code < pair[1].code, "{:?} before {:?}", pair[0], pair[1]);
        }
        for area in all() {
            assert!((1000..=3699).contains(&area.code), "{area:?}");
        }
    }

    #[test]
    fn every_area_has_its_general_code() {
        for area in all() {
            assert!(find(area_of(area.code)).is_some(), "{area:?} has no {}", area_of(area.code));
        }
    }

    #[test]
    fn names_are_non_empty_trimmed_and_distinct() {
        let mut names = std::collections::HashSet::new();
        for area in all() {
            assert!(!area.name.is_empty(), "{area:?}");
            assert_eq!(area.name, area.name.trim(), "{area:?}");
            assert!(names.insert(area.name), "{area:?} repeats a name");
        }
    }

    #[test]
    fn spot_checks() {
        for (code, expected) in [
            (1000, "Multidisciplinary"),
            (1100, "General Agricultural and Biological Sciences"),
            (1111, "Soil Science"),
            (1600, "General Chemistry"),
            (1702, "Artificial Intelligence"),
            (1907, "Geology"),
            (2200, "General Engineering"),
            (2208, "Electrical and Electronic Engineering"),
            (2500, "General Materials Science"),
            (2734, "Pathology and Forensic Medicine"),
            (3100, "General Physics and Astronomy"),
            (3106, "Nuclear and High Energy Physics"),
            (3600, "General Health Professions"),
            (3616, "Speech and Hearing"),
        ] {
            assert_eq!(name(code), Some(expected), "{code}");
        }
    }

    #[test]
    fn find_and_check_reject_other_numbers() {
        assert_eq!(find(1702), Some(SubjectArea { code: 1702, name: "Artificial Intelligence" }));
        for code in [0, -1702, 999, 1001, 1112, 1699, 3617, 3700, 9999, 17020] {
            assert_eq!(find(code), None, "{code}");
            let error = check(code).expect_err("not an ASJC code");
            assert_eq!(error.code, "unknown_asjc_code");
        }
        assert!(check(3106).is_ok());
    }

    #[test]
    fn area_of_gives_the_general_code() {
        assert_eq!(area_of(1702), 1700);
        assert_eq!(area_of(1700), 1700);
        assert_eq!(area_of(1000), 1000);
        assert_eq!(area_of(3616), 3600);
    }

    #[test]
    fn the_stated_bounds_are_the_lists_first_and_last_codes() {
        assert_eq!(all().first().map(|area| area.code), Some(FIRST_CODE));
        assert_eq!(all().last().map(|area| area.code), Some(LAST_CODE));
    }
}
