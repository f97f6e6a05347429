//! The kinds of record a file can carry, in the order they are imported.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A kind of record: the name of a JSON array, an XLSX sheet, or what a CSV file holds.
/// Ordered as imported: what others refer to first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ImportKind)]
pub enum Kind {
    Institutions,
    Labs,
    Projects,
    Funding,
    Outputs,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Institutions, Kind::Labs, Kind::Projects, Kind::Funding, Kind::Outputs];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Institutions => "institutions",
            Kind::Labs => "labs",
            Kind::Projects => "projects",
            Kind::Funding => "funding",
            Kind::Outputs => "outputs",
        }
    }

    /// One record of the kind, in words.
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Institutions => "institution",
            Kind::Labs => "laboratory",
            Kind::Projects => "project",
            Kind::Funding => "funding record",
            Kind::Outputs => "output",
        }
    }

    /// The kind by its name (`funding`), ignoring case and surrounding blanks.
    pub fn parse(name: &str) -> Option<Kind> {
        let name = name.trim().to_lowercase();
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The names, for messages: `institutions, labs, projects, funding, outputs`.
    pub fn names() -> String {
        Kind::ALL.map(Kind::as_str).join(", ")
    }
}
