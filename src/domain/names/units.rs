//! Splits a name into runs of one script, after the native fold (NFKC, lower case, ё → е), so
//! every key starts from the same text that `search_key` holds.

use unicode_normalization::UnicodeNormalization;

use crate::domain::search_key::normalise;

/// A run of one script. Separators (spaces, hyphens, punctuation) end a run and are the only
/// word boundaries; apostrophes and the signs romanisations write for ъ and ь (Ural`skij,
/// Podʺyachev, Xi'an) are dropped inside a word instead.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token {
    Han(Vec<char>),
    Cyrillic(String),
    Latin(String),
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Script {
    Han,
    Cyrillic,
    Latin,
}

/// CJK ideographs (unified, extension A and beyond, compatibility) and 〇.
pub(super) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Dropped without ending a word.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '`' | '\u{2bc}' | '\u{2b9}' | '\u{2ba}' | '\u{2018}' | '\u{2019}' | '"' | '\u{2033}')
}

fn script(c: char) -> Option<Script> {
    if is_han(c) {
        Some(Script::Han)
    } else if matches!(c as u32, 0x0400..=0x04FF) && c.is_alphabetic() {
        Some(Script::Cyrillic)
    } else if c.is_alphanumeric() {
        Some(Script::Latin)
    } else {
        None
    }
}

pub(super) fn tokens(name: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current: Option<(Script, String)> = None;
    for c in normalise(name).chars().filter(|c| !is_joiner(*c)) {
        let next = script(c);
        match (&mut current, next) {
            (Some((kind, text)), Some(s)) if *kind == s => text.push(c),
            _ => {
                if let Some(done) = current.take() {
                    out.push(token(done));
                }
                current = next.map(|s| (s, c.to_string()));
            }
        }
    }
    if let Some(done) = current {
        out.push(token(done));
    }
    out
}

fn token((kind, text): (Script, String)) -> Token {
    match kind {
        Script::Han => Token::Han(text.chars().collect()),
        Script::Cyrillic => Token::Cyrillic(text),
        Script::Latin => Token::Latin(text),
    }
}

/// Latin as pinyin compares it: tone marks and other diacritics dropped (ü reads u), only ASCII
/// letters and digits kept.
pub(super) fn plain_latin(text: &str) -> String {
    text.nfd().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_by_script_and_separator() {
        assert_eq!(
            tokens("Ухань-Wuhan 武汉 Xi'an"),
            vec![
                Token::Cyrillic("ухань".into()),
                Token::Latin("wuhan".into()),
                Token::Han(vec!['武', '汉']),
                Token::Latin("xian".into()),
            ]
        );
    }

    #[test]
    fn plain_latin_drops_tones() {
        assert_eq!(plain_latin("Zhāng"), "zhang");
        assert_eq!(plain_latin("lüe"), "lue");
    }
}
