//! A search query folded every way it can be read.

use std::collections::BTreeSet;

use super::pinyin::{has_han, strict_readings};
use super::{MIN_FORM, NameKind, cut, skeleton};
use crate::domain::search_key::normalise;

/// The forms a query is looked up by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryForms {
    /// The native fold, matched anywhere in `search_key`.
    pub native: String,
    /// Pinyin readings, matched as term prefixes.
    pub pinyin: Vec<String>,
    /// The skeleton, matched as a term prefix.
    pub translit: Vec<String>,
}

/// Hanzi are read as a person's name and as any other name (with their heteronyms); Cyrillic
/// through reverse Palladius when every word is Palladius, and as a skeleton; Latin joined and
/// as a skeleton. Forms shorter than [`MIN_FORM`] are dropped, and so is the skeleton of a query
/// of fewer letters.
pub fn fold_query(query: &str) -> QueryForms {
    let native = normalise(query);
    let mut kinds = vec![NameKind::Other];
    if has_han(query) {
        kinds.insert(0, NameKind::Person);
    }
    let pinyin = long_enough(kinds.into_iter().flat_map(|kind| strict_readings(query, kind)).map(|r| r.concat()));
    // Counted on the query as typed: "Xu" is two letters even though its skeleton is "ksu".
    let letters = native.chars().filter(|c| c.is_alphanumeric()).count();
    // A query with hanzi has no skeleton: it would be the rest of the query without them.
    let skeleton =
        skeleton::reading(query).map(|words| words.concat()).filter(|_| letters >= MIN_FORM && !has_han(query));
    let translit = long_enough(skeleton.into_iter());
    QueryForms { native, pinyin, translit }
}

fn long_enough(forms: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    forms.map(|form| cut(&form)).filter(|form| form.len() >= MIN_FORM && seen.insert(form.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_is_read() {
        let zhang = fold_query("张");
        assert!(zhang.pinyin.contains(&"zhang".to_string()));
        assert!(zhang.translit.is_empty());
        let chzhan = fold_query("Чжан");
        assert_eq!(chzhan.pinyin, vec!["zhang"]);
        assert_eq!(chzhan.translit, vec!["chzhan"]);
        let latin = fold_query("Tscheljabinsk");
        assert_eq!(latin.translit, vec!["cheliabinsk"]);
    }

    #[test]
    fn short_forms_stay_native() {
        for short in ["Li", "Ли", "李", "Xu", "徐"] {
            let forms = fold_query(short);
            assert!(forms.pinyin.is_empty() && forms.translit.is_empty(), "{short}: {forms:?}");
        }
    }
}
