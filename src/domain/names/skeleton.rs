//! `translit_key`: one lenient Latin spelling for the romanisations of Russian (GOST 7.79 B,
//! ISO 9, ICAO 9303, BGN/PCGN, German and French forms), REFERENCE §2.4. Челябинск,
//! Chelyabinsk, Cheliabinsk, Tscheljabinsk, Tcheliabinsk and Čeljabinsk all give
//! `cheliabinsk`. Hanzi have no skeleton: `pinyin_key` covers them, and the x and kh rules
//! here would make Xu and Hu meet.

use unicode_normalization::UnicodeNormalization;

use super::palladius;
use super::units::{Token, tokens};

/// The skeleton of each Latin or Cyrillic word of a name; `None` when there is none. Cyrillic
/// of two or more words that each read as one or two Palladius syllables (Сун Ли) is a Chinese
/// name: its Russian romanisation (Sun Li) would meet another person (孙丽), so it has none.
pub(super) fn reading(name: &str) -> Option<Vec<String>> {
    let tokens = tokens(name);
    let cyrillic: Vec<&String> =
        tokens.iter().filter_map(|t| if let Token::Cyrillic(word) = t { Some(word) } else { None }).collect();
    let chinese = cyrillic.len() >= 2 && cyrillic.iter().all(|word| palladius::is_chinese_name_word(word));
    let words: Vec<String> = tokens
        .into_iter()
        .filter_map(|token| match token {
            Token::Cyrillic(word) if !chinese => Some(word_skeleton(&word)),
            Token::Latin(word) => Some(word_skeleton(&word)),
            Token::Cyrillic(_) | Token::Han(_) => None,
        })
        .filter(|word| !word.is_empty())
        .collect();
    (!words.is_empty()).then_some(words)
}

/// One lower-case word: letters to ICAO-like Latin, then the rewrites that fold the systems.
pub(super) fn word_skeleton(word: &str) -> String {
    let mut latin = String::new();
    for c in word.chars() {
        match letter(c) {
            Some(text) => latin.push_str(text),
            None => latin.extend(c.to_string().nfd().filter(char::is_ascii_alphanumeric)),
        }
    }
    let latin = latin.to_ascii_lowercase();
    let mut text = latin;
    for (from, to) in [
        ("tsch", "ch"),
        ("tch", "ch"),
        ("sch", "sh"),
        ("shh", "shch"),
        ("x", "ks"),
        ("kh", "h"),
        ("tz", "ts"),
        ("cz", "ts"),
        ("j", "i"),
        ("y", "i"),
    ] {
        text = text.replace(from, to);
    }
    // ii first: Dmitriyev (dmitriiev) and Дмитриев (dmitriev) must then lose the same ie.
    text = collapse_ii(&text);
    text = text.replace("io", "e").replace("ie", "e");
    collapse_ii(&text)
}

fn collapse_ii(text: &str) -> String {
    let mut text = text.to_string();
    while text.contains("ii") {
        text = text.replace("ii", "i");
    }
    text
}

/// Cyrillic (ICAO 9303, with ъ and ь dropped) and the Latin letters with diacritics that the
/// scholarly and ISO 9 forms use; other diacritics are stripped by the caller.
fn letter(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'є' => "ie",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'ї' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "iu",
        'я' => "ia",
        'č' => "ch",
        'š' => "sh",
        'ž' => "zh",
        'ŝ' => "shch",
        'â' => "ia",
        'û' => "iu",
        'ë' | 'è' | 'é' => "e",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Vec<(&'static str, Vec<&'static str>)> {
        vec![
            (
                "cheliabinsk",
                vec![
                    "Челябинск",
                    "Chelyabinsk",
                    "Cheliabinsk",
                    "Tcheliabinsk",
                    "Tscheljabinsk",
                    "Čeljabinsk",
                    "Čelâbinsk",
                ],
            ),
            ("maiski", vec!["Майский", "Mayskiy", "Maiskii", "Majskij", "Maysky"]),
            ("iulia", vec!["Юлия", "Yuliya", "Iuliia", "Julija", "Ûliâ", "Yulia"]),
            ("ekaterinburg", vec!["Екатеринбург", "Yekaterinburg", "Jekaterinburg"]),
            ("dostoevski", vec!["Достоевский", "Dostoyevskiy", "Dostojevskij"]),
            ("shchukin", vec!["Щукин", "Shhukin", "Ŝukin", "Schtschukin", "Shchukin"]),
            ("korolev", vec!["Королёв", "Korolyov", "Korolev"]),
            ("dmitrev", vec!["Дмитриев", "Dmitriyev", "Dmitriev"]),
            ("habarovsk", vec!["Хабаровск", "Khabarovsk", "Habarovsk"]),
        ]
    }

    #[test]
    fn every_variant_of_a_group_gives_one_skeleton() {
        for (skeleton, forms) in groups() {
            for form in forms {
                assert_eq!(reading(form).map(|w| w.concat()).as_deref(), Some(skeleton), "{form}");
            }
        }
    }

    #[test]
    fn palladius_names_have_no_skeleton() {
        assert_eq!(reading("Сун Ли"), None);
        assert_eq!(reading("Анна Белая").map(|w| w.concat()).as_deref(), Some("annabelaia"));
    }

    #[test]
    fn hanzi_have_no_skeleton() {
        assert_eq!(reading("张伟"), None);
        assert_eq!(reading("张伟 Zhang Wei").map(|w| w.concat()).as_deref(), Some("zhangwei"));
    }
}
