//! Writing a file so that its name never shows half of it: a temporary name beside it, flushed to
//! disk, renamed into place, and the folder flushed so the rename survives a power cut too.

use std::path::{Path, PathBuf};

use super::BackupError;

/// Suffixes SQLite may leave beside a database file it has open.
pub const SQLITE_COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// A file being written under a temporary name beside `destination`; removed unless persisted.
pub struct PartialFile {
    temporary: PathBuf,
    destination: PathBuf,
    persisted: bool,
}

impl PartialFile {
    pub fn beside(destination: &Path) -> Result<Self, BackupError> {
        let name = destination
            .file_name()
            .ok_or_else(|| BackupError::Input(format!("{} does not name a file", destination.display())))?;
        // The process id keeps two runs apart; a hidden name keeps the file out of casual listings.
        let temporary =
            destination.with_file_name(format!(".{}.{}.partial", name.to_string_lossy(), std::process::id()));
        let partial = PartialFile { temporary, destination: destination.to_owned(), persisted: false };
        partial.remove_leftovers();
        Ok(partial)
    }

    pub fn path(&self) -> &Path {
        &self.temporary
    }

    /// Flushes the file, renames it over the destination, and flushes the folder.
    pub fn persist(mut self) -> Result<(), BackupError> {
        let failed = |what: &str, e: std::io::Error| BackupError::Failed(format!("cannot {what}: {e}"));
        std::fs::File::open(&self.temporary)
            .and_then(|file| file.sync_all())
            .map_err(|e| failed(&format!("flush {} to disk", self.temporary.display()), e))?;
        std::fs::rename(&self.temporary, &self.destination).map_err(|e| {
            failed(&format!("rename {} to {}", self.temporary.display(), self.destination.display()), e)
        })?;
        self.persisted = true;
        sync_folder(&self.destination)
            .map_err(|e| failed(&format!("flush the folder of {}", self.destination.display()), e))
    }

    fn remove_leftovers(&self) {
        let _ = std::fs::remove_file(&self.temporary);
        for suffix in SQLITE_COMPANIONS {
            let _ = std::fs::remove_file(with_suffix(&self.temporary, suffix));
        }
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.persisted {
            self.remove_leftovers();
        }
    }
}

/// `path` with `suffix` appended to its file name (`db` + `-wal` = `db-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The folder a relative or absolute file name lives in.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A backup is written only where nothing is, unless the operator said `--force`.
pub fn check_destination(destination: &Path, force: bool) -> Result<(), BackupError> {
    if destination.is_dir() {
        return Err(BackupError::Input(format!("{} is a folder; name the backup file", destination.display())));
    }
    if destination.symlink_metadata().is_ok() && !force {
        return Err(BackupError::Input(format!(
            "{} already exists; choose another name, or pass --force to replace it",
            destination.display()
        )));
    }
    let folder = folder_of(destination);
    if !folder.is_dir() {
        return Err(BackupError::Input(format!("the folder {} does not exist", folder.display())));
    }
    Ok(())
}

/// Whether two paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(unix)]
fn sync_folder(file: &Path) -> std::io::Result<()> {
    std::fs::File::open(folder_of(file))?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_file: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_is_gone_unless_persisted() {
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("backup.db");
        let partial = PartialFile::beside(&destination).unwrap();
        std::fs::write(partial.path(), b"half").unwrap();
        let temporary = partial.path().to_owned();
        assert_eq!(temporary.parent(), Some(dir.path()), "written beside its destination");
        drop(partial);
        assert!(!temporary.exists() && !destination.exists());

        let partial = PartialFile::beside(&destination).unwrap();
        std::fs::write(partial.path(), b"whole").unwrap();
        partial.persist().unwrap();
        assert_eq!(std::fs::read(&destination).unwrap(), b"whole");
    }

    #[test]
    fn an_existing_destination_needs_force() {
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("backup.db");
        assert!(check_destination(&destination, false).is_ok());
        std::fs::write(&destination, b"keep").unwrap();
        assert!(matches!(check_destination(&destination, false), Err(BackupError::Input(m)) if m.contains("--force")));
        assert!(check_destination(&destination, true).is_ok());
        assert!(check_destination(dir.path(), true).is_err(), "a folder is not a file");
        assert!(check_destination(&dir.path().join("missing/backup.db"), false).is_err());
        assert_eq!(folder_of(Path::new("backup.db")), Path::new("."));
    }
}
