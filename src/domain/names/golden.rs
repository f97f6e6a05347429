//! The golden list (tests/fixtures/names-golden.tsv): every query must meet exactly the names it
//! is expected to, through the same functions the search uses.

use super::{NameKind, fold_query, matches};

const GOLDEN: &str = include_str!("../../../tests/fixtures/names-golden.tsv");

/// (line number, query, name, kind, expected)
pub(crate) fn pairs() -> Vec<(usize, &'static str, &'static str, NameKind, bool)> {
    GOLDEN
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(|(at, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "line {}: {line}", at + 1);
            let kind = match fields[2] {
                "person" => NameKind::Person,
                "place" | "institution" => NameKind::Other,
                other => panic!("line {}: kind {other}", at + 1),
            };
            let expected = match fields[3] {
                "match" => true,
                "none" => false,
                other => panic!("line {}: expected {other}", at + 1),
            };
            (at + 1, fields[0], fields[1], kind, expected)
        })
        .collect()
}

#[test]
fn golden_list_passes_in_full() {
    let pairs = pairs();
    assert!(pairs.len() >= 300, "only {} pairs", pairs.len());
    assert!(pairs.iter().filter(|p| !p.4).count() >= 50, "too few negatives");
    let failures: Vec<String> = pairs
        .iter()
        .filter(|(_, query, name, kind, expected)| matches(&fold_query(query), [*name], *kind) != *expected)
        .map(|(line, query, name, _, expected)| {
            format!("line {line}: {query} → {name}: expected {}", if *expected { "match" } else { "none" })
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), pairs.len(), failures.join("\n"));
}
