//! Laboratories' statuses and the kinds of link between mirror laboratories.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::country::{CHINA, RUSSIA};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LabStatus {
    Planned,
    Active,
    Suspended,
    Closed,
}

impl LabStatus {
    pub const ALL: [LabStatus; 4] = [LabStatus::Planned, LabStatus::Active, LabStatus::Suspended, LabStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            LabStatus::Planned => "planned",
            LabStatus::Active => "active",
            LabStatus::Suspended => "suspended",
            LabStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// `mirror`: the same research line in Russia and in China. `third_country`: a site outside both,
/// placed there to reduce sanctions risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MirrorKind {
    Mirror,
    ThirdCountry,
}

impl MirrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MirrorKind::Mirror => "mirror",
            MirrorKind::ThirdCountry => "third_country",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [MirrorKind::Mirror, MirrorKind::ThirdCountry].into_iter().find(|k| k.as_str() == text)
    }

    /// Whether two labs in these countries may be linked with this kind; `Err` says why not.
    pub fn check_countries(self, a: &str, b: &str) -> Result<(), &'static str> {
        if a == b {
            return Err("the two laboratories are in the same country; a mirror link joins two countries");
        }
        let core = |c: &str| c == RUSSIA || c == CHINA;
        match self {
            MirrorKind::Mirror if core(a) && core(b) => Ok(()),
            MirrorKind::Mirror => {
                Err("a `mirror` link joins a laboratory in Russia with one in China; use `third_country`")
            }
            MirrorKind::ThirdCountry if !core(a) || !core(b) => Ok(()),
            MirrorKind::ThirdCountry => {
                Err("a `third_country` link needs one side outside Russia and China; use `mirror`")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_fit_their_countries() {
        assert!(MirrorKind::Mirror.check_countries("RU", "CN").is_ok());
        assert!(MirrorKind::Mirror.check_countries("RU", "KZ").is_err());
        assert!(MirrorKind::ThirdCountry.check_countries("CN", "KZ").is_ok());
        assert!(MirrorKind::ThirdCountry.check_countries("RU", "CN").is_err());
        assert!(MirrorKind::ThirdCountry.check_countries("KZ", "KZ").is_err());
        assert!(MirrorKind::Mirror.check_countries("RU", "RU").is_err());
    }
}
