//! Lists as spreadsheets, asked for with `Accept: text/csv` or `Accept:` [`XLSX`]. Each list
//! declares its columns once (a [`Column`] table: a header and the typed [`Cell`] it takes from a
//! row); the CSV and XLSX writers both read that one table, so the two formats never drift apart.
//! Names beside ids (a project's title, a laboratory's name) are in the language the request's
//! `Accept-Language` asks for, else English, else the first the record has.

mod cell;
mod csv;
mod disposition;
mod xlsx;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

pub use self::cell::Cell;
use crate::db::models::names::{NameIndex, Names};
use crate::error::ApiError;
use crate::i18n::{Lang, name_in};

/// The media type of an Office Open XML workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of the CSV exports.
pub const CSV: &str = "text/csv; charset=utf-8";

// In the OpenAPI document a spreadsheet is a file (`type: string, format: binary`), so that
// generated clients hand over its bytes instead of parsing it as JSON.
/// A spreadsheet file: CSV (UTF-8 with a byte-order mark) or XLSX.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct SpreadsheetFile(pub Vec<u8>);

/// One column of a list's spreadsheet: its header, and its cell in a row.
pub struct Column<R> {
    pub name: &'static str,
    pub cell: fn(&R) -> Cell,
}

/// A column named `name` whose cells `cell` takes from a row.
pub const fn column<R>(name: &'static str, cell: fn(&R) -> Cell) -> Column<R> {
    Column { name, cell }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The spreadsheet format `Accept` names with the highest quality (the first named on a
    /// tie), or `None` when it names neither: a wildcard alone still means JSON.
    fn preferred(req: &HttpRequest) -> Option<Format> {
        let mut best: Option<(Format, f32)> = None;
        let items = req.headers().get_all(header::ACCEPT).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','));
        for item in items {
            let mut parts = item.split(';');
            let format = match parts.next().map(str::trim) {
                Some(media) if media.eq_ignore_ascii_case("text/csv") => Format::Csv,
                Some(media) if media.eq_ignore_ascii_case(XLSX) => Format::Xlsx,
                _ => continue,
            };
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((format, quality));
            }
        }
        best.map(|(format, _)| format)
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => CSV,
            Format::Xlsx => XLSX,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// A request for a list as a spreadsheet: in which format, with names in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spreadsheet {
    pub format: Format,
    pub lang: Lang,
}

impl Spreadsheet {
    /// The spreadsheet the request asks for, if any.
    pub fn wanted(req: &HttpRequest) -> Option<Spreadsheet> {
        let format = Format::preferred(req)?;
        let accept_language = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        Some(Spreadsheet { format, lang: Lang::negotiate(None, accept_language) })
    }

    /// The name of record `id` in this spreadsheet's language; blank when the index lacks it.
    pub fn name(self, index: &NameIndex, id: &str) -> String {
        index.get(id).map(|names| self.name_of(names).to_owned()).unwrap_or_default()
    }

    /// The names of several records, `; `-joined like every list in a cell.
    pub fn names<'a>(self, index: &NameIndex, ids: impl IntoIterator<Item = &'a str>) -> String {
        ids.into_iter().map(|id| self.name(index, id)).collect::<Vec<_>>().join("; ")
    }

    /// A record's name in this spreadsheet's language.
    pub fn name_of(self, names: &Names) -> &str {
        name_in(self.lang, &names.en, names.ru.as_deref(), names.zh.as_deref())
    }

    /// `rows` as the file `filename` (without extension), one row each, under a header row.
    pub async fn respond<R: Send + 'static>(
        self,
        filename: &'static str,
        columns: &'static [Column<R>],
        rows: Vec<R>,
    ) -> Result<HttpResponse, ApiError> {
        let format = self.format;
        // An export of 100 000 rows takes seconds to write: off the async workers, as database
        // work is.
        let body = web::block(move || write(format, filename, columns, &rows)).await??;
        let file = format!("{filename}.{}", self.format.extension());
        Ok(HttpResponse::Ok()
            .content_type(self.format.content_type())
            .insert_header((header::CONTENT_DISPOSITION, disposition::attachment(&file)))
            // The same URL answers JSON, CSV or XLSX, with names in the asked language.
            .insert_header((header::VARY, "Accept, Accept-Language"))
            .body(body))
    }
}

fn write<R>(format: Format, filename: &str, columns: &[Column<R>], rows: &[R]) -> Result<Vec<u8>, ApiError> {
    let headers: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let cells = rows.iter().map(|row| columns.iter().map(|c| (c.cell)(row)).collect::<Vec<Cell>>());
    match format {
        Format::Csv => csv::write(&headers, cells),
        Format::Xlsx => xlsx::write(filename, &headers, cells),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preferred(accept: &str) -> Option<Format> {
        Format::preferred(&actix_web::test::TestRequest::default().insert_header(("Accept", accept)).to_http_request())
    }

    #[test]
    fn the_spreadsheet_format_follows_accept_and_its_qualities() {
        assert_eq!(preferred("text/csv"), Some(Format::Csv));
        assert_eq!(preferred(XLSX), Some(Format::Xlsx));
        assert_eq!(preferred(&format!("text/csv;q=0.5, {XLSX}")), Some(Format::Xlsx));
        assert_eq!(preferred(&format!("text/csv, {XLSX}")), Some(Format::Csv));
        assert_eq!(preferred("text/csv;q=0, application/json"), None);
        assert_eq!(preferred("*/*"), None);
        assert_eq!(preferred("application/json"), None);
    }

    #[test]
    fn names_are_in_the_asked_language_else_english() {
        let names = Names { en: "Wuhan University".into(), ru: None, zh: Some("武汉大学".into()) };
        let index = NameIndex::from([("w".to_owned(), names)]);
        let sheet = |lang| Spreadsheet { format: Format::Csv, lang };
        assert_eq!(sheet(Lang::Zh).name(&index, "w"), "武汉大学");
        assert_eq!(sheet(Lang::Ru).name(&index, "w"), "Wuhan University");
        assert_eq!(sheet(Lang::Zh).names(&index, ["w", "unknown"]), "武汉大学; ");
    }
}
