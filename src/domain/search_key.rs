//! One normalised form for names, so search matches the same way in English, Russian and Chinese
//! on SQLite and PostgreSQL alike: the databases only ever compare already-folded text.

use unicode_normalization::UnicodeNormalization;

/// NFKC (full-width Latin and digits become ordinary ones), Unicode lower case (Cyrillic too,
/// which SQLite's `lower()` would miss), `ё` read as `е` as Russian readers do, and runs of white
/// space collapsed. Chinese has no case; traditional and simplified forms are not folded.
pub fn normalise(text: &str) -> String {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).map(|c| if c == 'ё' { 'е' } else { c }).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key stored beside a record: all its names, folded, separated by a character no query
/// can contain after folding (a query cannot match across two names).
pub fn for_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().map(normalise).collect::<Vec<_>>().join("\u{1f}")
}

/// A `LIKE` pattern matching `query` anywhere, with `\` as the escape character.
pub fn contains_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in normalise(query).chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_in_every_script() {
        assert_eq!(normalise("Wuhan UNIVERSITY"), "wuhan university");
        assert_eq!(normalise("ЮЖНО-Уральский"), "южно-уральский");
        assert_eq!(normalise("武汉大学"), "武汉大学");
    }

    #[test]
    fn folds_yo_width_and_spacing() {
        assert_eq!(normalise("Королёв"), "королев");
        assert_eq!(normalise("ＷＵＨＡＮ　１"), "wuhan 1");
        assert_eq!(normalise("  a \t b "), "a b");
    }

    #[test]
    fn like_metacharacters_are_escaped() {
        assert_eq!(contains_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
