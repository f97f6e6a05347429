//! `jointreg rates import --format F FILE`: an operator's import at the command line, with the
//! same parsers, checks and counts as `POST /api/v1/fx-rates/imports`, and the exit codes of
//! `jointreg import` (the same [`ImportError`]).

use std::path::Path;

use super::Format;
use super::import::{RatesImportReport, import};
use crate::config::Settings;
use crate::imports::command::ImportError;
use crate::startup::prepare_connection;

/// Imports the rates of `path`, read as `format`, into the configured database.
/// `progress` hears what is being done, for stderr.
pub fn import_file(
    settings: &Settings,
    path: &Path,
    format: Format,
    progress: &mut dyn FnMut(&str),
) -> Result<RatesImportReport, ImportError> {
    let bytes =
        std::fs::read(path).map_err(|e| ImportError::NoInput(format!("{}: cannot be read ({e})", path.display())))?;
    progress(&format!("read {} ({} bytes) as {}", path.display(), bytes.len(), format.as_str()));
    let (mut conn, _) = prepare_connection(settings)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    progress("checking and writing the rates");
    Ok(import(&mut conn, format, &bytes, file_name, None)?)
}
