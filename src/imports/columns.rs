//! The columns of CSV files and XLSX sheets, per kind: the columns of the kind's CSV export (so an
//! export re-imports), each mapped to a field of the kind's `POST` body. Columns the export
//! derives (`version`, `country`, `ru_cn`, …) are read and ignored.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::imports::Kind;

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Text,
    Integer,
    /// Items separated by `;`.
    List,
    /// Integers separated by `;`.
    Integers,
    /// Written by the export, not read back.
    Ignored,
}

/// A column: its name, the body field it fills (dotted), and what it holds.
type Column = (&'static str, &'static str, Cell);

const INSTITUTIONS: &[Column] = &[
    ("id", "id", Cell::Text),
    ("name_en", "names.en", Cell::Text),
    ("name_ru", "names.ru", Cell::Text),
    ("name_zh", "names.zh", Cell::Text),
    ("country", "country", Cell::Text),
    ("city", "city", Cell::Text),
    ("ror_id", "ror_id", Cell::Text),
    ("kind", "kind", Cell::Text),
    ("website", "website", Cell::Text),
    ("version", "", Cell::Ignored),
    ("updated_at", "", Cell::Ignored),
];

const LABS: &[Column] = &[
    ("id", "id", Cell::Text),
    ("name_en", "names.en", Cell::Text),
    ("name_ru", "names.ru", Cell::Text),
    ("name_zh", "names.zh", Cell::Text),
    ("institution_id", "institution_id", Cell::Text),
    // Names the export writes beside ids, for people; the ids are what count.
    ("institution_name", "", Cell::Ignored),
    ("centre_id", "centre_id", Cell::Text),
    ("centre_name", "", Cell::Ignored),
    ("head_user_id", "head_user_id", Cell::Text),
    ("research_line", "research_line", Cell::Text),
    // A new laboratory's first status; an existing one's changes only by a status change.
    ("status", "status.status", Cell::Text),
    ("status_since", "status.effective_on", Cell::Text),
    ("status_reason", "status.reason", Cell::Text),
    ("country", "", Cell::Ignored),
    ("version", "", Cell::Ignored),
    ("updated_at", "", Cell::Ignored),
];

const PROJECTS: &[Column] = &[
    ("id", "id", Cell::Text),
    ("title_en", "titles.en", Cell::Text),
    ("title_ru", "titles.ru", Cell::Text),
    ("title_zh", "titles.zh", Cell::Text),
    ("summary_en", "summaries.en", Cell::Text),
    ("summary_ru", "summaries.ru", Cell::Text),
    ("summary_zh", "summaries.zh", Cell::Text),
    ("acronym", "acronym", Cell::Text),
    ("status", "status", Cell::Text),
    ("visibility", "visibility", Cell::Text),
    ("starts_on", "starts_on", Cell::Text),
    ("ends_on", "ends_on", Cell::Text),
    // These two together are the project's laboratories.
    ("lead_lab_id", "labs", Cell::Text),
    ("partner_lab_ids", "labs", Cell::List),
    ("lead_lab_name", "", Cell::Ignored),
    ("partner_lab_names", "", Cell::Ignored),
    ("institutions", "", Cell::Ignored),
    ("subject_areas", "subject_areas", Cell::Integers),
    ("keywords", "keywords", Cell::List),
    // `scheme:value`, e.g. `raid:https://raid.org/10.80368/b1adfb3a`.
    ("identifiers", "identifiers", Cell::List),
    ("countries", "", Cell::Ignored),
    // The export counts them; people are imported through JSON.
    ("participants", "", Cell::Ignored),
    ("version", "", Cell::Ignored),
    ("updated_at", "", Cell::Ignored),
];

const FUNDING: &[Column] = &[
    ("id", "id", Cell::Text),
    ("project_id", "project_id", Cell::Text),
    ("funder_id", "funder_id", Cell::Text),
    ("call_name", "call_name", Cell::Text),
    ("award_number", "award_number", Cell::Text),
    ("amount_minor", "amount.amount_minor", Cell::Integer),
    ("currency", "amount.currency", Cell::Text),
    ("starts_on", "starts_on", Cell::Text),
    ("ends_on", "ends_on", Cell::Text),
    ("status", "status", Cell::Text),
    ("side", "side", Cell::Text),
    ("lab_id", "lab_id", Cell::Text),
    ("funder_short_code", "", Cell::Ignored),
    ("project_title", "", Cell::Ignored),
    ("lab_name", "", Cell::Ignored),
    ("amount", "", Cell::Ignored),
    ("version", "", Cell::Ignored),
    ("created_at", "", Cell::Ignored),
    ("updated_at", "", Cell::Ignored),
];

const OUTPUTS: &[Column] = &[
    ("id", "id", Cell::Text),
    ("kind", "kind", Cell::Text),
    ("title", "title", Cell::Text),
    ("doi", "doi", Cell::Text),
    ("year", "year", Cell::Integer),
    ("venue", "venue", Cell::Text),
    ("url", "url", Cell::Text),
    ("author_countries", "author_countries", Cell::List),
    ("project_ids", "project_ids", Cell::List),
    ("funding_ids", "funding_ids", Cell::List),
    ("ru_cn", "", Cell::Ignored),
    ("project_titles", "", Cell::Ignored),
    ("version", "", Cell::Ignored),
    ("created_at", "", Cell::Ignored),
    ("updated_at", "", Cell::Ignored),
];

fn columns(kind: Kind) -> &'static [Column] {
    match kind {
        Kind::Institutions => INSTITUTIONS,
        Kind::Labs => LABS,
        Kind::Projects => PROJECTS,
        Kind::Funding => FUNDING,
        Kind::Outputs => OUTPUTS,
    }
}

/// The column names of a kind, for messages.
pub fn names(kind: Kind) -> String {
    columns(kind).iter().map(|(name, _, _)| *name).collect::<Vec<_>>().join(", ")
}

/// The kind a header shows by the column only that kind's export has.
pub fn kind_of(header: &[String]) -> Option<Kind> {
    let has = |name: &str| header.iter().any(|h| h == name);
    let signs = [
        (Kind::Institutions, has("ror_id") || (has("kind") && has("country"))),
        (Kind::Labs, has("research_line") || has("institution_id")),
        (Kind::Projects, has("lead_lab_id") || has("title_en")),
        (Kind::Funding, has("funder_id") || has("award_number")),
        (Kind::Outputs, has("author_countries") || has("doi")),
    ];
    let mut found = signs.into_iter().filter(|(_, sign)| *sign).map(|(kind, _)| kind);
    match (found.next(), found.next()) {
        (Some(kind), None) => Some(kind),
        _ => None,
    }
}

/// Body fields and the columns they come from, where they differ: errors name the column.
pub fn renames(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Institutions => {
            &[("names.en", "name_en"), ("names.ru", "name_ru"), ("names.zh", "name_zh"), ("names", "name_en")]
        }
        Kind::Labs => &[
            ("names.en", "name_en"),
            ("names.ru", "name_ru"),
            ("names.zh", "name_zh"),
            ("names", "name_en"),
            ("status.status", "status"),
            ("status.effective_on", "status_since"),
            ("status.reason", "status_reason"),
        ],
        Kind::Projects => &[
            ("titles.en", "title_en"),
            ("titles.ru", "title_ru"),
            ("titles.zh", "title_zh"),
            ("titles", "title_en"),
            ("summaries.en", "summary_en"),
            ("summaries.ru", "summary_ru"),
            ("summaries.zh", "summary_zh"),
            ("summaries", "summary_en"),
            // The lead comes first, then the partners.
            ("labs[0]", "lead_lab_id"),
            ("labs[", "partner_lab_ids"),
            ("labs", "lead_lab_id"),
        ],
        Kind::Funding => {
            &[("amount.amount_minor", "amount_minor"), ("amount.currency", "currency"), ("amount", "amount_minor")]
        }
        Kind::Outputs => &[],
    }
}

/// A body field's name as its column, when the record came from a table: every column is a leaf,
/// so whatever lies below its field (`labs[1].lab_id`) is the column's.
pub fn column_of(renames: &[(&str, &str)], field: &str) -> String {
    let under = |path: &str| match field.strip_prefix(path) {
        Some("") => true,
        Some(rest) => path.ends_with('[') || rest.starts_with(['.', '[']),
        None => false,
    };
    match renames.iter().find(|(path, _)| under(path)) {
        Some((_, column)) => (*column).to_owned(),
        None => field.to_owned(),
    }
}

/// Which fields a record speaks for.
#[derive(Debug, Clone)]
pub enum Given {
    /// A JSON record: its top-level keys (an object given replaces the whole object).
    Keys(HashSet<String>),
    /// A table's row: the body fields its columns fill.
    Paths(Arc<HashSet<&'static str>>),
}

impl Given {
    /// Whether the record speaks for the body field `path` (dotted).
    pub fn has(&self, path: &str) -> bool {
        match self {
            Given::Keys(keys) => keys.contains(path.split('.').next().unwrap_or(path)),
            Given::Paths(paths) => paths.contains(path),
        }
    }
}

/// How a header's columns fill a body.
#[derive(Debug)]
pub struct Layout {
    kind: Kind,
    /// Per cell: its column, if read.
    cells: Vec<Option<&'static Column>>,
    given: Arc<HashSet<&'static str>>,
}

/// The layout of a header; `Err` lists the columns that are not the kind's.
pub fn layout(kind: Kind, header: &[String]) -> Result<Layout, Vec<String>> {
    let known = columns(kind);
    let mut cells = Vec::with_capacity(header.len());
    let mut unknown = Vec::new();
    for name in header {
        match known.iter().find(|(column, _, _)| column == name) {
            Some(column) if column.2 == Cell::Ignored => cells.push(None),
            Some(column) => cells.push(Some(column)),
            None if name.is_empty() => cells.push(None),
            None => unknown.push(name.clone()),
        }
    }
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let mut given: HashSet<&'static str> = cells.iter().flatten().map(|(_, path, _)| *path).collect();
    // A nested object is given when any of its columns is.
    for path in given.clone() {
        if let Some((parent, _)) = path.split_once('.') {
            given.insert(match parent {
                "names" => "names",
                "titles" => "titles",
                "summaries" => "summaries",
                "status" => "status",
                _ => "amount",
            });
        }
    }
    Ok(Layout { kind, cells, given: Arc::new(given) })
}

impl Layout {
    pub fn given(&self) -> Given {
        Given::Paths(self.given.clone())
    }

    /// A row as the `id` it names and the body its cells make. An empty cell leaves its field
    /// out of the body (so it is cleared on update, and "required" when the kind needs it).
    pub fn body(&self, cells: &[String]) -> (Option<String>, Map<String, Value>) {
        let mut body = Map::new();
        let mut id = None;
        let mut lead: Option<String> = None;
        let mut partners: Vec<String> = Vec::new();
        for (column, raw) in self.cells.iter().zip(cells) {
            let Some((name, path, cell)) = column else { continue };
            let text = undo_formula_guard(raw.trim());
            if text.is_empty() {
                continue;
            }
            match (*name, *path) {
                ("id", _) => id = Some(text.to_owned()),
                ("lead_lab_id", _) => lead = Some(text.to_owned()),
                ("partner_lab_ids", _) => partners = items(text),
                ("identifiers", _) => {
                    let identifiers = items(text).into_iter().map(|item| match item.split_once(':') {
                        Some((scheme, value)) => json!({"scheme": scheme.trim(), "value": value.trim()}),
                        None => json!({"scheme": "other", "value": item}),
                    });
                    body.insert("identifiers".into(), Value::Array(identifiers.collect()));
                }
                _ => set(&mut body, path, value(*cell, text)),
            }
        }
        if self.kind == Kind::Projects && (lead.is_some() || !partners.is_empty()) {
            let lead = lead.map(|lab_id| json!({"lab_id": lab_id, "role": "lead"}));
            let partners = partners.into_iter().map(|lab_id| json!({"lab_id": lab_id, "role": "partner"}));
            body.insert("labs".into(), Value::Array(lead.into_iter().chain(partners).collect()));
        }
        // A first status read from a table says why when the row does not.
        if let Some(Value::Object(status)) = body.get_mut("status") {
            status.entry("reason").or_insert_with(|| json!("imported"));
        }
        (id, body)
    }
}

/// The CSV export writes `'=…`, `'+…`, `'-…` and `'@…` so spreadsheets do not run them as
/// formulas (src/http/csv.rs); read back, the quote goes again.
fn undo_formula_guard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

fn items(text: &str) -> Vec<String> {
    text.split(';').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect()
}

/// A cell's text as a body value; one that is not what the column holds stays text, for the
/// body's own validation to name.
fn value(cell: Cell, text: &str) -> Value {
    let number = |item: &str| item.parse::<i64>().map_or_else(|_| json!(item), |n| json!(n));
    match cell {
        Cell::Integer => number(text),
        Cell::List => Value::Array(items(text).into_iter().map(Value::String).collect()),
        Cell::Integers => Value::Array(items(text).iter().map(|item| number(item)).collect()),
        Cell::Text | Cell::Ignored => json!(text),
    }
}

/// Sets the dotted field `path` of `body`.
fn set(body: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        Some((parent, child)) => {
            let entry = body.entry(parent).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(object) = entry {
                set(object, child, value);
            }
        }
        None => {
            body.insert(path.to_owned(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn an_export_header_tells_its_kind() {
        assert_eq!(kind_of(&header(&["id", "name_en", "ror_id", "kind"])), Some(Kind::Institutions));
        assert_eq!(kind_of(&header(&["id", "project_id", "funder_id", "award_number"])), Some(Kind::Funding));
        assert_eq!(kind_of(&header(&["id", "title", "doi", "year"])), Some(Kind::Outputs));
        assert_eq!(kind_of(&header(&["id", "name_en"])), None);
    }

    #[test]
    fn a_row_becomes_a_body_with_nested_fields_lists_and_numbers() {
        let layout = layout(
            Kind::Projects,
            &header(&["id", "title_en", "lead_lab_id", "partner_lab_ids", "subject_areas", "identifiers", "countries"]),
        )
        .unwrap();
        let cells = header(&["", "Pathology", "L1", "L2; L3", "2734; 1300", "raid:https://raid.org/10.1/x", "RU; CN"]);
        let (id, body) = layout.body(&cells);
        assert_eq!(id, None);
        assert_eq!(
            Value::Object(body),
            json!({
                "titles": {"en": "Pathology"},
                "subject_areas": [2734, 1300],
                "identifiers": [{"scheme": "raid", "value": "https://raid.org/10.1/x"}],
                "labs": [{"lab_id": "L1", "role": "lead"}, {"lab_id": "L2", "role": "partner"}, {"lab_id": "L3", "role": "partner"}]
            })
        );
        assert!(layout.given().has("titles.en") && layout.given().has("labs") && !layout.given().has("titles.ru"));
    }

    #[test]
    fn unknown_columns_are_named_and_formula_guards_undone() {
        assert_eq!(layout(Kind::Funding, &header(&["award_number", "colour"])).unwrap_err(), vec!["colour".to_owned()]);
        let layout = layout(Kind::Funding, &header(&["call_name", "amount_minor", "currency"])).unwrap();
        let (_, body) = layout.body(&header(&["'-5 call", "150000", "RUB"]));
        assert_eq!(
            Value::Object(body),
            json!({"call_name": "-5 call", "amount": {"amount_minor": 150000, "currency": "RUB"}})
        );
    }

    #[test]
    fn errors_name_the_column() {
        assert_eq!(column_of(renames(Kind::Institutions), "names.en"), "name_en");
        assert_eq!(column_of(renames(Kind::Funding), "amount.currency"), "currency");
        assert_eq!(column_of(renames(Kind::Projects), "labs[0].lab_id"), "lead_lab_id");
        assert_eq!(column_of(renames(Kind::Projects), "labs[2].lab_id"), "partner_lab_ids");
        assert_eq!(column_of(renames(Kind::Projects), "labs"), "lead_lab_id");
        assert_eq!(column_of(renames(Kind::Outputs), "doi"), "doi");
    }
}
