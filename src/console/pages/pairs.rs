//! A submitted form read as its name/value pairs, in order — what a form with lists needs: its
//! rows are named as the API names them (`participants[2].orcid`, `labs[1].lab_id`), which a
//! struct of fields cannot take.

use std::collections::BTreeMap;

pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn new(pairs: Vec<(String, String)>) -> Pairs {
        Pairs(pairs)
    }

    /// The value sent under `name` (the first, if sent twice), or empty.
    pub fn one(&self, name: &str) -> String {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The values of `prefix[i]`, in the order of `i`.
    pub fn list(&self, prefix: &str) -> Vec<String> {
        let mut found = BTreeMap::new();
        for (name, value) in &self.0 {
            if let Some((index, "")) = index_in(prefix, name) {
                found.insert(index, value.clone());
            }
        }
        found.into_values().collect()
    }

    /// The rows of `prefix[i].field`, in the order of `i`: each row's fields by name (a field
    /// not sent is absent).
    pub fn rows(&self, prefix: &str) -> Vec<BTreeMap<String, String>> {
        self.numbered_rows(prefix).into_values().collect()
    }

    /// The rows of `prefix[i].field` by their `i`, for a form whose first row means something
    /// of its own (`labs[0]`, the lead laboratory).
    pub fn numbered_rows(&self, prefix: &str) -> BTreeMap<usize, BTreeMap<String, String>> {
        let mut found: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        for (name, value) in &self.0 {
            if let Some((index, rest)) = index_in(prefix, name)
                && let Some(field) = rest.strip_prefix('.')
            {
                found.entry(index).or_default().insert(field.to_owned(), value.clone());
            }
        }
        found
    }

    /// The rows of a list of pickers, in the order of `i`: each chosen `prefix[i]` with what
    /// was typed in its search box, `prefix[i]_q` (either may be absent, as empty).
    pub fn picked(&self, prefix: &str) -> Vec<(String, String)> {
        let mut found: BTreeMap<usize, (String, String)> = BTreeMap::new();
        for (name, value) in &self.0 {
            match index_in(prefix, name) {
                Some((index, "")) => found.entry(index).or_default().0 = value.clone(),
                Some((index, "_q")) => found.entry(index).or_default().1 = value.clone(),
                _ => {}
            }
        }
        found.into_values().collect()
    }
}

/// `prefix[7].name` → (7, ".name").
fn index_in<'a>(prefix: &str, name: &'a str) -> Option<(usize, &'a str)> {
    let rest = name.strip_prefix(prefix)?.strip_prefix('[')?;
    let (index, rest) = rest.split_once(']')?;
    Some((index.parse().ok()?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(pairs: &[(&str, &str)]) -> Pairs {
        Pairs::new(pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect())
    }

    #[test]
    fn rows_and_lists_come_in_index_order_whatever_order_they_were_sent_in() {
        let form = sent(&[
            ("participants[10].name", "Li Wei"),
            ("participants[2].name", "Ирина"),
            ("participants[2].orcid", "0000-0002-1825-0097"),
            ("subject_areas[1]", "2734"),
            ("subject_areas[0]", "2403"),
            ("subject_areas[x]", "ignored"),
            ("csrf", "t"),
        ]);
        let rows = form.rows("participants");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["name"], "Ирина");
        assert_eq!(rows[0]["orcid"], "0000-0002-1825-0097");
        assert_eq!(rows[1]["name"], "Li Wei");
        assert!(!rows[1].contains_key("orcid"));
        assert_eq!(form.list("subject_areas"), ["2403", "2734"]);
        assert_eq!(form.one("csrf"), "t");
        assert_eq!(form.one("missing"), "");
        let hosts = sent(&[("hosts[1]_q", "武汉"), ("hosts[0]", "a"), ("hosts[1]", ""), ("hosts[2]_q", "Урал")]);
        let picked = hosts.picked("hosts");
        let picked: Vec<(&str, &str)> = picked.iter().map(|(v, q)| (v.as_str(), q.as_str())).collect();
        assert_eq!(picked, [("a", ""), ("", "武汉"), ("", "Урал")]);
    }
}
