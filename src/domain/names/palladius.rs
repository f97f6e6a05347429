//! Reverse Palladius: Russian spellings of Chinese names (Чжан Вэй, Ухань) read back as pinyin.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// pinyin → Palladius for every toneless syllable; compiled in, see the header of the file.
const TABLE: &str = include_str!("palladius-pinyin.tsv");

/// Interjections (hm, m, n, ng…) would let any Russian word with н or м segment; yo is ё, which
/// the native fold reads as е (ye); lo gives ло like luo, and luo is the reading wanted.
const SKIPPED: &[&str] = &["hm", "hng", "m", "n", "ng", "yo", "lo", "ê"];

/// Russian derivational endings around a Chinese stem (Уханьский = Ухань + -ский); longest first.
const SUFFIXES: &[&str] =
    &["ского", "скому", "скими", "ская", "ское", "ские", "ский", "ской", "ском", "ских", "скую", "цы"];

struct Syllables {
    by_cyrillic: HashMap<Vec<char>, String>,
    pinyin: HashSet<String>,
    longest: usize,
}

static SYLLABLES: LazyLock<Syllables> = LazyLock::new(|| {
    let mut by_cyrillic = HashMap::new();
    let mut pinyin_set = HashSet::new();
    for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
        let Some((pinyin, cyrillic)) = line.split_once('\t') else { continue };
        if SKIPPED.contains(&pinyin) {
            continue;
        }
        let key: Vec<char> = crate::domain::search_key::normalise(cyrillic).chars().collect();
        let plain = super::units::plain_latin(pinyin);
        pinyin_set.insert(plain.clone());
        by_cyrillic.insert(key, plain);
    }
    let longest = by_cyrillic.keys().map(Vec::len).max().unwrap_or(0);
    Syllables { by_cyrillic, pinyin: pinyin_set, longest }
});

/// Segmentations of one word kept at most: Цзинань is both jin-an and jing-an.
const MAX_SEGMENTATIONS: usize = 4;

/// The pinyin syllables of one lower-case Cyrillic word, with a Russian ending stripped first,
/// every way it splits (longest syllables first); empty unless the whole stem is syllables.
pub(super) fn segmentations(word: &str) -> Vec<Vec<String>> {
    SUFFIXES
        .iter()
        .filter_map(|suffix| word.strip_suffix(suffix).filter(|stem| !stem.is_empty()))
        .chain(std::iter::once(word))
        .map(|stem| {
            let mut found = Vec::new();
            segment(&stem.chars().collect::<Vec<_>>(), &mut Vec::new(), &mut found);
            found
        })
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

/// Whether a word reads as a Chinese surname or given name: one or two Palladius syllables as it
/// stands (Сун, Цзэминь), unlike Russian words that happen to split (Юлия, you-li-ya).
pub(super) fn is_chinese_name_word(word: &str) -> bool {
    let mut found = Vec::new();
    segment(&word.chars().collect::<Vec<_>>(), &mut Vec::new(), &mut found);
    found.iter().any(|split| split.len() <= 2)
}

/// Whether a plain Latin string is one toneless pinyin syllable of the table.
pub(super) fn is_pinyin_syllable(text: &str) -> bool {
    SYLLABLES.pinyin.contains(text)
}

/// Depth first, longest syllable first, until [`MAX_SEGMENTATIONS`] are found.
fn segment(chars: &[char], prefix: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    if chars.is_empty() {
        found.push(prefix.clone());
        return;
    }
    let table = &*SYLLABLES;
    for len in (1..=table.longest.min(chars.len())).rev() {
        if found.len() >= MAX_SEGMENTATIONS {
            return;
        }
        if let Some(syllable) = table.by_cyrillic.get(&chars[..len]) {
            prefix.push(syllable.clone());
            segment(&chars[len..], prefix, found);
            prefix.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(word: &str) -> Option<String> {
        segmentations(word).first().map(|s| s.join(" "))
    }

    #[test]
    fn reads_names_and_places() {
        assert_eq!(read("чжан").as_deref(), Some("zhang"));
        assert_eq!(read("вэй").as_deref(), Some("wei"));
        assert_eq!(read("ухань").as_deref(), Some("wu han"));
        assert_eq!(read("цзэминь").as_deref(), Some("ze min"));
        assert_eq!(read("ло").as_deref(), Some("luo"));
        assert_eq!(read("люэ").as_deref(), Some("lue"));
    }

    #[test]
    fn ambiguous_words_keep_every_split() {
        let all: Vec<String> = segmentations("цзинань").iter().map(|s| s.join(" ")).collect();
        assert!(all.contains(&"ji nan".to_string()) && all.contains(&"jing an".to_string()), "{all:?}");
    }

    #[test]
    fn strips_russian_endings() {
        assert_eq!(read("уханьский").as_deref(), Some("wu han"));
        assert_eq!(read("уханьская").as_deref(), Some("wu han"));
    }

    #[test]
    fn russian_words_do_not_segment() {
        for word in ["университет", "москва", "петров", "новосибирский", "мария"]
        {
            assert_eq!(read(word), None, "{word}");
        }
    }
}
