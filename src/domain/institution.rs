//! What kind of organisation an institution is.

use crate::text_enum;

text_enum! {
    InstitutionKind {
        University => "university",
        AcademyInstitute => "academy_institute",
        Funder => "funder",
        Ministry => "ministry",
        Company => "company",
        Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_stored_text() {
        for kind in InstitutionKind::ALL {
            assert_eq!(InstitutionKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }
}
