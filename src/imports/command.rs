//! `jointreg import FILE`: an import by an operator at the command line, recorded in the history
//! as the system's, under an import id of its own.

use std::path::Path;

use crate::config::Settings;
use crate::db::models::history::Actor;
use crate::error::{ApiError, FieldError};
use crate::imports::{self, Format, ImportReport, Kind, Options, source};
use crate::startup::{StartupError, prepare_connection};

/// Why a file was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("{0}")]
    NoInput(String),
    /// The file, or rows of it, are invalid: nothing was written.
    #[error("{message}")]
    Input { message: String, problems: Vec<FieldError> },
    #[error("{0}")]
    Startup(#[from] StartupError),
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("{0}")]
    Failed(String),
}

impl From<ApiError> for ImportError {
    fn from(err: ApiError) -> Self {
        match err {
            ApiError::Validation(problems) => {
                let message = format!("{} problems; nothing was imported", problems.len());
                ImportError::Input { message, problems }
            }
            ApiError::BadRequest(why) => ImportError::Input { message: why, problems: vec![] },
            ApiError::Unavailable(why) => ImportError::Unavailable(why),
            ApiError::Internal(err) => ImportError::Failed(format!("{err:#}")),
            other => ImportError::Failed(other.to_string()),
        }
    }
}

/// Imports `path` (its format told by its extension) into the configured database.
/// `progress(kind, done, total)` is called as rows are done.
pub fn import_file(
    settings: &Settings,
    path: &Path,
    kind: Option<Kind>,
    dry_run: bool,
    progress: &mut dyn FnMut(Kind, usize, usize),
) -> Result<ImportReport, ImportError> {
    let format = Format::from_path(path).ok_or_else(|| ImportError::Input {
        message: format!("{}: name the file .csv, .xlsx or .json so its format is known", path.display()),
        problems: vec![],
    })?;
    let bytes =
        std::fs::read(path).map_err(|e| ImportError::NoInput(format!("{}: cannot be read ({e})", path.display())))?;
    let sections = source::read(&bytes, format, source::Told::Declared, kind)?;
    let (mut conn, _) = prepare_connection(settings)?;
    let options = Options { dry_run, today: settings.clock.today(), import_id: crate::db::models::new_id() };
    Ok(imports::run(&mut conn, &Actor::system(), sections, &options, progress)?)
}
