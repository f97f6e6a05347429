//! What kind of organisation an institution is.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    University,
    AcademyInstitute,
    Funder,
    Ministry,
    Company,
    Other,
}

impl InstitutionKind {
    pub const ALL: [InstitutionKind; 6] = [
        InstitutionKind::University,
        InstitutionKind::AcademyInstitute,
        InstitutionKind::Funder,
        InstitutionKind::Ministry,
        InstitutionKind::Company,
        InstitutionKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InstitutionKind::University => "university",
            InstitutionKind::AcademyInstitute => "academy_institute",
            InstitutionKind::Funder => "funder",
            InstitutionKind::Ministry => "ministry",
            InstitutionKind::Company => "company",
            InstitutionKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
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
