//! `pinyin_key` readings: hanzi through the `pinyin` crate with name readings, Cyrillic through
//! reverse Palladius, Latin as written.

use pinyin::ToPinyinMulti;

use super::readings::{ANYWHERE, DOUBLE_SURNAMES, PLACES, SURNAMES};
use super::units::{Token, is_han, plain_latin, tokens};
use super::{MAX_READINGS, NameKind, Readings, palladius};

/// One piece of a name: its preferred units and other ways to read it (a hanzi's other
/// readings, a Cyrillic word's other splits).
struct Slot {
    preferred: Vec<String>,
    others: Vec<Vec<String>>,
}

impl Slot {
    fn fixed(units: Vec<String>) -> Slot {
        Slot { preferred: units, others: Vec::new() }
    }

    fn han(c: char, preferred: Option<&str>) -> Option<Slot> {
        let all: Vec<String> = c
            .to_pinyin_multi()
            .map(|multi| multi.into_iter().map(|p| plain_latin(p.plain())).collect())
            .unwrap_or_default();
        let preferred = preferred.map(str::to_string).or_else(|| all.first().cloned())?;
        let mut others: Vec<Vec<String>> = Vec::new();
        for reading in all {
            if reading != preferred && !others.iter().any(|o| o[0] == reading) {
                others.push(vec![reading]);
            }
        }
        Some(Slot { preferred: vec![preferred], others })
    }
}

/// The readings of one name, preferred first, then one piece at a time read another way, up to
/// [`MAX_READINGS`]. Cyrillic words that are not Palladius are left out of the reading (so
/// "Уханьский университет" reads "wuhan"), as are one-letter ones (и, в); with `strict`
/// (queries) any such word voids it.
pub(super) fn readings(name: &str, kind: NameKind) -> Readings {
    readings_with(name, kind, false)
}

pub(super) fn strict_readings(name: &str, kind: NameKind) -> Readings {
    readings_with(name, kind, true)
}

fn readings_with(name: &str, kind: NameKind, strict: bool) -> Readings {
    let mut slots = Vec::new();
    for token in tokens(name) {
        match token {
            Token::Han(chars) => han_run(&chars, kind, &mut slots),
            Token::Cyrillic(word) => {
                let mut splits = palladius::segmentations(&word);
                if splits.is_empty() || (!strict && word.chars().count() < 2) {
                    if strict {
                        return Vec::new();
                    }
                    continue;
                }
                let preferred = splits.remove(0);
                slots.push(Slot { preferred, others: splits });
            }
            Token::Latin(word) => slots.push(Slot::fixed(latin_units(&word))),
        }
    }
    variants(&slots)
}

fn variants(slots: &[Slot]) -> Readings {
    let flatten = |pieces: &[&Vec<String>]| -> Vec<String> { pieces.iter().flat_map(|p| p.iter().cloned()).collect() };
    let preferred: Vec<&Vec<String>> = slots.iter().map(|s| &s.preferred).collect();
    let first = flatten(&preferred);
    if first.is_empty() {
        return Vec::new();
    }
    let mut out = vec![first];
    for (at, slot) in slots.iter().enumerate() {
        for other in &slot.others {
            if out.len() >= MAX_READINGS {
                return out;
            }
            let mut pieces = preferred.clone();
            pieces[at] = other;
            let reading = flatten(&pieces);
            if !out.contains(&reading) {
                out.push(reading);
            }
        }
    }
    out
}

/// A run of hanzi: a person's surname first, then place readings (longest first), then the
/// name readings of single characters, then the crate.
fn han_run(chars: &[char], kind: NameKind, slots: &mut Vec<Slot>) {
    let mut at = 0;
    if kind == NameKind::Person {
        at = surname(chars, slots);
    }
    while at < chars.len() {
        if let Some(len) = place(&chars[at..], slots) {
            at += len;
            continue;
        }
        let c = chars[at];
        let named = ANYWHERE.iter().find(|(h, _)| *h == c).map(|(_, r)| *r);
        slots.extend(Slot::han(c, named));
        at += 1;
    }
}

/// Pushes the surname's slots; returns how many characters it took.
fn surname(chars: &[char], slots: &mut Vec<Slot>) -> usize {
    for (text, syllables) in DOUBLE_SURNAMES {
        if chars.starts_with(&text.chars().collect::<Vec<_>>()) {
            slots.extend(text.chars().zip(syllables).filter_map(|(c, s)| Slot::han(c, Some(*s))));
            return 2;
        }
    }
    match chars.first().and_then(|c| SURNAMES.iter().find(|(h, _)| h == c)) {
        Some((c, reading)) => {
            slots.extend(Slot::han(*c, Some(*reading)));
            1
        }
        None => 0,
    }
}

fn place(chars: &[char], slots: &mut Vec<Slot>) -> Option<usize> {
    let (text, syllables) = PLACES
        .iter()
        .filter(|(text, _)| chars.starts_with(&text.chars().collect::<Vec<_>>()))
        .max_by_key(|(text, _)| text.chars().count())?;
    // The table is authoritative: no heteronyms, so "Zhang" does not find 长春.
    slots.push(Slot::fixed(syllables.iter().map(|s| s.to_string()).collect()));
    Some(text.chars().count())
}

/// A Latin word as units: its pinyin syllables when it is all pinyin ("wuhan" → wu, han, so 汉
/// finds it), else the word whole.
fn latin_units(word: &str) -> Vec<String> {
    let plain = plain_latin(word);
    if plain.is_empty() {
        return Vec::new();
    }
    pinyin_syllables(plain.as_bytes()).unwrap_or_else(|| vec![plain])
}

fn pinyin_syllables(word: &[u8]) -> Option<Vec<String>> {
    if word.is_empty() {
        return Some(Vec::new());
    }
    (1..=word.len().min(6)).rev().find_map(|len| {
        let head = std::str::from_utf8(&word[..len]).ok()?;
        if !palladius::is_pinyin_syllable(head) {
            return None;
        }
        let mut rest = pinyin_syllables(&word[len..])?;
        rest.insert(0, head.to_string());
        Some(rest)
    })
}

/// Whether the text holds a hanzi (queries in hanzi are read every way a name could be).
pub(super) fn has_han(text: &str) -> bool {
    text.chars().any(is_han)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(name: &str, kind: NameKind) -> String {
        readings(name, kind).first().map(|r| r.concat()).unwrap_or_default()
    }

    fn all(name: &str, kind: NameKind) -> Vec<String> {
        readings(name, kind).iter().map(|r| r.concat()).collect()
    }

    #[test]
    fn places_read_as_named() {
        assert_eq!(first("重庆", NameKind::Other), "chongqing");
        assert_eq!(first("长春", NameKind::Other), "changchun");
        assert_eq!(first("長春", NameKind::Other), "changchun");
        assert_eq!(first("厦门大学", NameKind::Other), "xiamendaxue");
        assert_eq!(first("武汉大学", NameKind::Other), "wuhandaxue");
    }

    #[test]
    fn surnames_only_for_people() {
        assert_eq!(first("单伟", NameKind::Person), "shanwei");
        assert_eq!(first("曾明", NameKind::Person), "zengming");
        assert_eq!(first("解放", NameKind::Person), "xiefang");
        assert_eq!(first("解放", NameKind::Other), "jiefang");
        assert_eq!(first("令狐冲", NameKind::Person), "linghuchong");
        assert!(all("单伟", NameKind::Person).contains(&"danwei".to_string()));
    }

    #[test]
    fn readings_are_capped() {
        assert!(all("长重解单乐区大行", NameKind::Other).len() <= MAX_READINGS);
    }

    #[test]
    fn cyrillic_and_latin() {
        assert_eq!(first("Чжан Вэй", NameKind::Person), "zhangwei");
        assert_eq!(first("Уханьский университет", NameKind::Other), "wuhan");
        assert!(strict_readings("Уханьский университет", NameKind::Other).is_empty());
        assert_eq!(first("Zhāng Wěi", NameKind::Person), "zhangwei");
        assert_eq!(readings("Wuhan University", NameKind::Other)[0], ["wu", "han", "university"]);
        assert_eq!(first("Xi'an", NameKind::Other), "xian");
    }
}
