//! Search keys that meet across scripts: 张伟, "Zhang Wei" and "Чжан Вэй"; Челябинск,
//! Chelyabinsk and Tscheljabinsk. `search_key` (the native fold) stays as it is; these add
//!
//! * `pinyin_key`: a toneless pinyin reading of every name (hanzi through the `pinyin` crate with
//!   name readings, Cyrillic through reverse Palladius, Latin as written), and
//! * `translit_key`: a lenient Latin skeleton of every name that folds the romanisations of
//!   Russian into one spelling.
//!
//! Both are lists of readings; each reading is a list of units (syllables or words). A query meets
//! a name when one of the query's forms is a prefix of the name's reading from some unit boundary
//! on ([`terms`]), so "wei" finds "zhangwei" but "ian" does not find "dalian". Design and sources:
//! shared/REFERENCE.md §2.

mod palladius;
mod pinyin;
mod query;
mod readings;
mod skeleton;
mod units;

#[cfg(test)]
mod golden;

pub use query::{QueryForms, fold_query};

use std::collections::BTreeSet;

/// The version of the rules below; stored terms built by older rules are rebuilt on start.
/// Bump it with any change that changes a key.
pub const RULES_VERSION: i32 = 2; // 2: projects have terms too

/// Separates the readings inside one key, as `search_key` separates names.
pub const KEY_SEPARATOR: char = '\u{1f}';
/// At most this many readings per name (heteronym variants only add recall).
pub const MAX_READINGS: usize = 8;
/// Terms (and query forms) are cut to this many bytes; they are ASCII, so characters too.
pub const MAX_TERM: usize = 64;
/// Forms shorter than this never go down the transliterated paths: "li" or "xu" would meet half
/// the registry.
pub const MIN_FORM: usize = 3;

/// Person names read their first hanzi as a surname (单 shan, 曾 zeng); other names do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Person,
    Other,
}

/// Which key a term belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyKind {
    Pinyin,
    Translit,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Pinyin => "pinyin",
            KeyKind::Translit => "translit",
        }
    }
}

/// The readings of one name, each a list of units.
type Readings = Vec<Vec<String>>;

/// Pinyin readings of one name: at most [`MAX_READINGS`], the preferred one first.
pub fn pinyin_readings(name: &str, kind: NameKind) -> Readings {
    pinyin::readings(name, kind)
}

/// The skeleton of one name, one unit per word; `None` when it has no Latin or Cyrillic word.
pub fn translit_reading(name: &str) -> Option<Vec<String>> {
    skeleton::reading(name)
}

/// `pinyin_key` of a record: every reading of every name, joined.
pub fn pinyin_key<'a>(names: impl IntoIterator<Item = &'a str>, kind: NameKind) -> String {
    join(names.into_iter().flat_map(|name| pinyin_readings(name, kind)))
}

/// `translit_key` of a record: the skeleton of every name, joined.
pub fn translit_key<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    join(names.into_iter().filter_map(translit_reading))
}

fn join(readings: impl Iterator<Item = Vec<String>>) -> String {
    let mut seen = BTreeSet::new();
    let mut parts = Vec::new();
    for reading in readings {
        let joined = reading.concat();
        if !joined.is_empty() && seen.insert(joined.clone()) {
            parts.push(joined);
        }
    }
    parts.join(&KEY_SEPARATOR.to_string())
}

/// The terms a record is found by: every reading from every unit boundary on, cut to
/// [`MAX_TERM`]. A query form meets the record when it is a prefix of one of them.
pub fn terms<'a>(names: impl IntoIterator<Item = &'a str>, kind: NameKind) -> BTreeSet<(KeyKind, String)> {
    let mut out = BTreeSet::new();
    for name in names {
        for reading in pinyin_readings(name, kind) {
            add_suffixes(&mut out, KeyKind::Pinyin, &reading);
        }
        if let Some(reading) = translit_reading(name) {
            add_suffixes(&mut out, KeyKind::Translit, &reading);
        }
    }
    out
}

fn add_suffixes(out: &mut BTreeSet<(KeyKind, String)>, key: KeyKind, units: &[String]) {
    for start in 0..units.len() {
        let term = cut(&units[start..].concat());
        if term.len() >= MIN_FORM {
            out.insert((key, term));
        }
    }
}

/// The first [`MAX_TERM`] bytes (terms are ASCII; a stray non-ASCII character is never split).
pub(crate) fn cut(text: &str) -> String {
    let mut end = text.len().min(MAX_TERM);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// Whether a query meets a record with these names, exactly as the database search decides it:
/// the native fold anywhere in `search_key`, or a query form as a prefix of one of its terms.
pub fn matches<'a>(query: &QueryForms, names: impl IntoIterator<Item = &'a str> + Clone, kind: NameKind) -> bool {
    let native = crate::domain::search_key::for_names(names.clone());
    if !query.native.is_empty() && native.contains(&query.native) {
        return true;
    }
    let terms = terms(names, kind);
    terms.iter().any(|(key, term)| {
        let forms = match key {
            KeyKind::Pinyin => &query.pinyin,
            KeyKind::Translit => &query.translit,
        };
        forms.iter().any(|form| term.starts_with(form.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zhang_meets_in_three_scripts() {
        let query = fold_query("Zhang");
        for name in ["张伟", "Zhang Wei", "Чжан Вэй", "張偉"] {
            assert!(matches(&query, [name], NameKind::Person), "{name}");
        }
        assert!(!matches(&query, ["王伟"], NameKind::Person));
    }

    #[test]
    fn xu_is_not_hu() {
        let first = |name: &str| pinyin_key([name], NameKind::Person).split(KEY_SEPARATOR).next().map(str::to_string);
        assert_eq!(first("徐明").as_deref(), Some("xuming"));
        assert_eq!(first("胡明").as_deref(), Some("huming"));
        assert!(!pinyin_key(["徐明"], NameKind::Person).contains("hu"));
        assert!(!matches(&fold_query("Xu Ming"), ["胡明", "Hu Ming", "Ху Мин"], NameKind::Person));
    }

    #[test]
    fn short_queries_do_not_meet_everything() {
        let names = ["李娜", "Li Na", "张伟", "Lin Tao", "Чжан Вэй", "Челябинск", "Wuhan University", "Ли На"];
        for query in ["Li", "Ли", "李"] {
            let met: Vec<&str> =
                names.iter().copied().filter(|n| matches(&fold_query(query), [*n], NameKind::Person)).collect();
            assert!(met.len() <= 3, "{query} met {met:?}");
        }
    }

    #[test]
    fn keys_join_readings() {
        assert_eq!(pinyin_key(["重庆大学"], NameKind::Other).split(KEY_SEPARATOR).next(), Some("chongqingdaxue"));
        assert_eq!(translit_key(["Челябинск", "Tscheljabinsk"]), "cheliabinsk");
    }

    #[test]
    fn terms_start_at_unit_boundaries() {
        let terms = terms(["大连"], NameKind::Other);
        assert!(terms.contains(&(KeyKind::Pinyin, "dalian".to_string())));
        assert!(terms.contains(&(KeyKind::Pinyin, "lian".to_string())));
        assert!(!terms.iter().any(|(_, t)| t == "ian"));
    }

    #[test]
    fn long_terms_are_cut() {
        let title = "Long ".repeat(40);
        assert!(terms([title.as_str()], NameKind::Other).iter().all(|(_, t)| t.len() <= MAX_TERM));
    }
}
