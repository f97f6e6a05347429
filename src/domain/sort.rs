//! The orders a list of named records can be read in.

use serde::Deserialize;
use utoipa::ToSchema;

/// `name` (English name, A→Z; the default), `-name`, `created` (oldest first), `-created`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
pub enum NameSort {
    #[default]
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "-name")]
    NameDescending,
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "-created")]
    CreatedDescending,
}

impl NameSort {
    pub fn as_str(self) -> &'static str {
        match self {
            NameSort::Name => "name",
            NameSort::NameDescending => "-name",
            NameSort::Created => "created",
            NameSort::CreatedDescending => "-created",
        }
    }

    /// Whether pages are keyed by name (and id), rather than by id alone.
    pub fn by_name(self) -> bool {
        matches!(self, NameSort::Name | NameSort::NameDescending)
    }
}
