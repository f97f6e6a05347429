//! The trail above a record's heading: home, the records it belongs to, the record itself.

use super::naming::Named;
use crate::i18n::Texts;

pub struct Crumb {
    /// `None` for the page itself (the last crumb).
    pub href: Option<String>,
    pub name: Named,
}

impl Crumb {
    pub fn home(texts: &Texts) -> Crumb {
        Crumb { href: Some("/console/".into()), name: Named { text: texts.text("nav-home"), lang: None } }
    }

    pub fn link(href: String, name: Named) -> Crumb {
        Crumb { href: Some(href), name }
    }

    pub fn here(name: Named) -> Crumb {
        Crumb { href: None, name }
    }
}
