//! Reading a file into sections of records, one section per kind.
//!
//! - JSON: an object whose keys are kinds (`{"institutions": [...], "funding": [...]}`), each an
//!   array of the kind's `POST` bodies (plus `id` to name an existing record); or an array of
//!   bodies of the one kind named by `kind`.
//! - CSV: one kind, named by `kind`, or else known by its header (the columns of the kind's CSV
//!   export, so an export re-imports). UTF-8, with or without a byte-order mark; `,` or `;`.
//! - XLSX: one sheet per kind, named after it (`institutions`, `labs`, …), each with a header row
//!   as in CSV; a workbook with a single sheet of another name is read as CSV is.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldError};
use crate::imports::Kind;
use crate::imports::columns::{self, Given};

/// The media type of XLSX workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The formats a file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Xlsx,
}

impl Format {
    /// The format of a `Content-Type` (its essence, ignoring parameters and case).
    pub fn from_media_type(value: &str) -> Option<Format> {
        let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match essence.as_str() {
            "text/csv" => Some(Format::Csv),
            "application/json" => Some(Format::Json),
            XLSX => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The format of a file sent as `application/octet-stream` (what generated clients send),
    /// told by its first bytes: a ZIP container is XLSX, `{` or `[` (after a BOM and blanks) is
    /// JSON, anything else CSV.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            return Format::Xlsx;
        }
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match text.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{' | b'[') => Format::Json,
            _ => Format::Csv,
        }
    }

    /// Whether a `Content-Type` asks for [`Format::sniff`].
    pub fn is_octet_stream(value: &str) -> bool {
        value.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/octet-stream")
    }

    /// The format of a file by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// How a file's format was known, which decides what a file that cannot be read is: a body that
/// is not what its sender declared is a malformed request (400, as on every route); a file whose
/// format was told from its bytes is content that cannot be read (422 on `file`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    Declared,
    Sniffed,
}

impl Told {
    fn unreadable(self, message: impl Into<String>) -> ApiError {
        match self {
            Told::Declared => ApiError::BadRequest(message.into()),
            Told::Sniffed => ApiError::field("file", "unreadable", message),
        }
    }
}

/// The records of one kind, in the file's order.
#[derive(Debug)]
pub struct Section {
    pub kind: Kind,
    pub records: Vec<Record>,
}

/// One record as the file gives it.
#[derive(Debug)]
pub struct Record {
    /// Its place among its kind's records, from 0: errors name it (`labs[3]`).
    pub position: usize,
    /// Its line in the file (CSV, XLSX), for people looking for it.
    pub line: Option<usize>,
    /// The `id` of the existing record it is about, when given.
    pub id: Option<String>,
    /// The kind's `POST` body.
    pub body: Map<String, Value>,
    /// Which fields the record speaks for: when it updates a record, only these change.
    pub given: Given,
    /// Body fields and the columns they came from (CSV, XLSX), so errors name the column.
    pub columns: Option<&'static [(&'static str, &'static str)]>,
}

/// Reads `bytes` in `format`; `kind` names the kind of a CSV file or a JSON array (required
/// when a CSV header does not tell).
pub fn read(bytes: &[u8], format: Format, told: Told, kind: Option<Kind>) -> Result<Vec<Section>, ApiError> {
    match format {
        Format::Json => json(bytes, told, kind),
        Format::Csv => {
            let (header, rows) = csv_table(bytes, told)?;
            Ok(vec![table(kind, &header, rows, "")?])
        }
        Format::Xlsx => xlsx(bytes, told, kind),
    }
}

fn json(bytes: &[u8], told: Told, kind: Option<Kind>) -> Result<Vec<Section>, ApiError> {
    let document: Value =
        serde_json::from_slice(bytes).map_err(|e| told.unreadable(format!("The file is not valid JSON: {e}")))?;
    let arrays: Vec<(Kind, Value)> = match (document, kind) {
        (Value::Array(items), Some(kind)) => vec![(kind, Value::Array(items))],
        (Value::Array(_), None) => {
            return Err(ApiError::field(
                "kind",
                "required",
                format!("a JSON array needs its kind: one of {}", Kind::names()),
            ));
        }
        (Value::Object(sections), _) => {
            let mut arrays = Vec::new();
            let mut unknown = Vec::new();
            for (name, value) in sections {
                match Kind::parse(&name) {
                    Some(kind) => arrays.push((kind, value)),
                    None => unknown.push(FieldError::new(
                        name,
                        "unknown_kind",
                        format!("is not a kind of record; the file's keys are {}", Kind::names()),
                    )),
                }
            }
            if !unknown.is_empty() {
                return Err(ApiError::Validation(unknown));
            }
            arrays
        }
        _ => {
            return Err(ApiError::field("", "not_an_object", "the file must be a JSON object of arrays, or an array"));
        }
    };
    let mut sections = Vec::new();
    let mut problems = Vec::new();
    for (kind, value) in arrays {
        let items = match value {
            Value::Array(items) => items,
            // `"labs": null` is a kind the file has none of.
            Value::Null => continue,
            _ => {
                problems.push(FieldError::new(kind.as_str(), "not_an_array", "must be an array of records"));
                continue;
            }
        };
        let mut records = Vec::with_capacity(items.len());
        for (position, item) in items.into_iter().enumerate() {
            let Value::Object(mut body) = item else {
                problems.push(FieldError::new(
                    format!("{}[{position}]", kind.as_str()),
                    "not_an_object",
                    "must be an object",
                ));
                continue;
            };
            let id = match body.remove("id") {
                None | Some(Value::Null) => None,
                Some(Value::String(id)) => Some(id),
                Some(_) => {
                    problems.push(FieldError::new(
                        format!("{}[{position}].id", kind.as_str()),
                        "invalid",
                        "must be a string",
                    ));
                    continue;
                }
            };
            let given = Given::Keys(body.keys().cloned().collect());
            records.push(Record { position, line: None, id, body, given, columns: None });
        }
        sections.push(Section { kind, records });
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    Ok(sections)
}

/// Rows of cells, each with its line in the file.
type Rows = Vec<(usize, Vec<String>)>;

/// A CSV file as its header and its rows (line numbers from 1, the header's included).
fn csv_table(bytes: &[u8], told: Told) -> Result<(Vec<String>, Rows), ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| told.unreadable("The file is not UTF-8 text; save the CSV as UTF-8 (\"CSV UTF-8\" in Excel)."))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Spreadsheets in many locales save CSV with `;`: the header says which one this is.
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if !first_line.contains(',') && first_line.contains(';') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| told.unreadable(format!("The file is not valid CSV: {e}")))?;
        let line = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push((line, record.iter().map(str::to_owned).collect::<Vec<_>>()));
    }
    if rows.is_empty() {
        return Err(ApiError::field("", "empty", "the file has no header row"));
    }
    let (_, header) = rows.remove(0);
    Ok((header, rows))
}

fn xlsx(bytes: &[u8], told: Told, kind: Option<Kind>) -> Result<Vec<Section>, ApiError> {
    let mut workbook =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| told.unreadable(format!("The file is not an XLSX workbook: {e}")))?;
    let names = workbook.sheet_names();
    let kinds: Vec<Option<Kind>> = names.iter().map(|name| Kind::parse(name)).collect();
    // A lone sheet named anything (Sheet1) is one kind, named or known by its header, as in CSV.
    let lone = names.len() == 1 && (kinds[0].is_none() || kind.is_some());
    let mut sections = Vec::new();
    let mut problems = Vec::new();
    for (name, sheet_kind) in names.iter().zip(kinds) {
        let kind = if lone { kind.or(sheet_kind) } else { sheet_kind };
        if !lone && kind.is_none() {
            problems.push(FieldError::new(
                name.clone(),
                "unknown_sheet",
                format!("is not a kind of record; name each sheet after one of {}", Kind::names()),
            ));
            continue;
        }
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| told.unreadable(format!("The sheet {name:?} cannot be read: {e}")))?;
        // Line numbers as the spreadsheet shows them: the range may start below row 1.
        let first_line = range.start().map_or(1, |(row, _)| row as usize + 1);
        let mut rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| (first_line + i, cells.iter().map(cell).collect::<Vec<String>>()));
        let Some((_, header)) = rows.next() else { continue };
        match table(kind, &header, rows.collect(), if lone { "" } else { name }) {
            Ok(section) => sections.push(section),
            Err(ApiError::Validation(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    Ok(sections)
}

/// A cell as the text a CSV file would hold: whole numbers without `.0`, dates as `YYYY-MM-DD`.
fn cell(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(at) => match at.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
            Some(at) => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => at.as_f64().to_string(),
        },
        Data::DateTimeIso(text) => text.strip_suffix("T00:00:00").unwrap_or(text).to_owned(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Rows under a header as records of `kind` (or of the kind the header shows). `sheet` names
/// the sheet in errors about the header ("" for a CSV file).
fn table(kind: Option<Kind>, header: &[String], rows: Rows, sheet: &str) -> Result<Section, ApiError> {
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let field = |name: &str| if sheet.is_empty() { name.to_owned() } else { format!("{sheet}.{name}") };
    let kind = match kind.or_else(|| columns::kind_of(&header)) {
        Some(kind) => kind,
        None => {
            return Err(ApiError::Validation(vec![FieldError::new(
                field("kind"),
                "required",
                format!("the header does not say which kind of record this is: name it ({})", Kind::names()),
            )]));
        }
    };
    let layout = columns::layout(kind, &header).map_err(|unknown| {
        ApiError::Validation(
            unknown
                .into_iter()
                .map(|name| {
                    FieldError::new(
                        field(&name),
                        "unknown_column",
                        format!("is not a column of {}; they are {}", kind.as_str(), columns::names(kind)),
                    )
                })
                .collect(),
        )
    })?;
    let mut records = Vec::with_capacity(rows.len());
    let mut duplicates: HashMap<&str, usize> = HashMap::new();
    for name in &header {
        *duplicates.entry(name).or_default() += 1;
    }
    if let Some((name, _)) = duplicates.into_iter().find(|(name, n)| *n > 1 && !name.is_empty()) {
        return Err(ApiError::field(&field(name), "duplicate_column", "appears more than once in the header"));
    }
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let position = records.len();
        let (id, body) = layout.body(&cells);
        records.push(Record {
            position,
            line: Some(line),
            id,
            body,
            given: layout.given(),
            columns: Some(columns::renames(kind)),
        });
    }
    Ok(Section { kind, records })
}
