//! Laboratories' statuses and the kinds of link between mirror laboratories.

use crate::text_enum;

use crate::domain::country::{CHINA, RUSSIA};

text_enum! {
    LabStatus {
        Planned => "planned",
        Active => "active",
        Suspended => "suspended",
        Closed => "closed",
    }
}

text_enum! {
    /// `mirror`: the same research line in Russia and in China. `third_country`: a site outside
    /// both, placed there to reduce sanctions risk.
    MirrorKind {
        Mirror => "mirror",
        ThirdCountry => "third_country",
    }
}

impl MirrorKind {
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
