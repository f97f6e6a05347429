//! PostgreSQL: pg_dump's custom-format archive (one consistent snapshot by design) and
//! pg_restore, driven as child processes. The password never goes on their command line: it
//! travels in PGPASSWORD, which other users of the machine cannot read.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::files::PartialFile;
use super::kind::BackupKind;
use super::progress::{GrowthReport, human_size};
use super::target::{self, MIGRATIONS_TABLE};
use super::{BackupError, connect, size_of};
use crate::config::Settings;
use crate::db::DbConn;

/// Drops every table, view, sequence and function in the current schema: run only on a database
/// that holds jointreg's schema and no registry, so that pg_restore can create it afresh.
const EMPTY_THE_SCHEMA: &str = "
DO $$
DECLARE
  kind record;
  statement text;
BEGIN
  -- Each statement is built whole before it runs, so nothing names an object already dropped.
  FOR kind IN SELECT * FROM (VALUES ('TABLE', ARRAY['r', 'p']), ('MATERIALIZED VIEW', ARRAY['m']),
                                    ('VIEW', ARRAY['v']), ('SEQUENCE', ARRAY['S'])) AS k(word, relkinds)
  LOOP
    SELECT 'DROP ' || kind.word || ' IF EXISTS ' || string_agg(format('%I.%I', n.nspname, c.relname), ', ') || ' CASCADE'
      INTO statement
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind::text = ANY (kind.relkinds)
       AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e');
    IF statement IS NOT NULL THEN
      EXECUTE statement;
    END IF;
  END LOOP;
  SELECT 'DROP FUNCTION IF EXISTS ' || string_agg(p.oid::regprocedure::text, ', ') || ' CASCADE'
    INTO statement
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = current_schema() AND p.prokind = 'f'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e');
  IF statement IS NOT NULL THEN
    EXECUTE statement;
  END IF;
END $$;";

/// Dumps the database at `url` to `to`.
pub fn backup(settings: &Settings, url: &str, to: &Path) -> Result<(), BackupError> {
    let pg_dump = Tool::find("pg_dump")?;
    let server = server_major_version(settings)?;
    if pg_dump.major < server {
        return Err(BackupError::Unavailable(format!(
            "pg_dump {} cannot dump a PostgreSQL {server} server (pg_dump must be at least as new as the \
             server); install the PostgreSQL {server} client tools or put them first on PATH",
            pg_dump.major
        )));
    }
    let login = Login::from_url(url, settings.db_connect_timeout)?;
    let partial = PartialFile::beside(to)?;
    let started = Instant::now();
    eprintln!("dumping with {} from a PostgreSQL {server} server; writes carry on meanwhile", pg_dump.version);
    let status = {
        let _report = GrowthReport::start(partial.path().to_owned(), started);
        login
            .command(&pg_dump)
            .args(["--format=custom", "--no-password", "--file"])
            .arg(partial.path())
            .arg("--dbname")
            .arg(&login.url)
            .status()
    };
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => return Err(BackupError::Failed(format!("pg_dump failed ({status}); no backup was written"))),
        Err(e) => return Err(BackupError::Unavailable(format!("cannot run pg_dump: {e}"))),
    }
    eprintln!("dumped {} in {:.1} s", human_size(size_of(partial.path())), started.elapsed().as_secs_f64());
    let checking = Instant::now();
    if super::kind::detect(partial.path()).ok() != Some(BackupKind::PgDump) {
        return Err(BackupError::Failed("pg_dump wrote something that is not a custom-format archive".into()));
    }
    list_contents(partial.path())
        .map_err(|why| BackupError::Failed(format!("the archive does not read back: {why}")))?;
    eprintln!("the archive reads back with pg_restore --list ({:.1} s)", checking.elapsed().as_secs_f64());
    partial.persist()
}

/// Restores the archive at `from` into the empty database at `url`; returns the migrations applied.
pub fn restore(settings: &Settings, url: &str, from: &Path) -> Result<Vec<String>, BackupError> {
    let pg_restore = Tool::find("pg_restore")?;
    let contents = list_contents(from)
        .map_err(|why| BackupError::Input(format!("{} is not a readable pg_dump archive: {why}", from.display())))?;
    if !contents.contains(MIGRATIONS_TABLE) {
        return Err(BackupError::Input(format!(
            "{} is a pg_dump archive but not of a jointreg database (it has no {MIGRATIONS_TABLE} table)",
            from.display()
        )));
    }
    let login = Login::from_url(url, settings.db_connect_timeout)?;
    let mut conn = connect(settings)?;
    target::refuse_data(&mut conn, &settings.database.redacted())?;
    if target::has_table(&mut conn, MIGRATIONS_TABLE)? {
        // A server started on it, or `jointreg migrate`, made the schema: empty, but in the way.
        eprintln!("removing the empty jointreg schema the target was migrated to");
        conn.batch_execute(EMPTY_THE_SCHEMA)
            .map_err(|e| BackupError::Failed(format!("cannot empty the target schema: {e}")))?;
    }
    drop(conn);

    let started = Instant::now();
    eprintln!("restoring with {} ({}, one transaction)", pg_restore.version, human_size(size_of(from)));
    let status = login
        .command(&pg_restore)
        .args(["--exit-on-error", "--single-transaction", "--no-owner", "--no-password", "--dbname"])
        .arg(&login.url)
        .arg(from)
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => {
            return Err(BackupError::Failed(format!(
                "pg_restore failed ({status}); its one transaction was rolled back, so the target database \
                 holds no jointreg tables: fix the cause and run restore again"
            )));
        }
        Err(e) => return Err(BackupError::Unavailable(format!("cannot run pg_restore: {e}"))),
    }
    eprintln!("restored in {:.1} s", started.elapsed().as_secs_f64());
    let mut conn = connect(settings)?;
    crate::db::migrations::run(&mut conn)
        .map_err(|e| BackupError::Failed(format!("restored, but the migrations failed: {e}")))
}

/// A PostgreSQL client program on PATH, and its version.
struct Tool {
    program: &'static str,
    /// What `--version` printed, e.g. "pg_dump (PostgreSQL) 15.20".
    version: String,
    major: u32,
}

impl Tool {
    fn find(program: &'static str) -> Result<Self, BackupError> {
        let output = match Command::new(program).arg("--version").stdin(Stdio::null()).output() {
            Ok(output) if output.status.success() => output,
            Ok(output) => {
                return Err(BackupError::Unavailable(format!("{program} --version failed ({})", output.status)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(BackupError::Unavailable(format!(
                    "{program} is not on PATH; install the PostgreSQL client tools (as new as the server)"
                )));
            }
            Err(e) => return Err(BackupError::Unavailable(format!("cannot run {program}: {e}"))),
        };
        let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        let major = major_version(&version).ok_or_else(|| {
            BackupError::Unavailable(format!("cannot read the version of {program} from {version:?}"))
        })?;
        Ok(Tool { program, version, major })
    }
}

/// The major version in `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)` (15), `… 9.6.24` (9),
/// `… 17beta1` (17).
fn major_version(text: &str) -> Option<u32> {
    let number = text.split_whitespace().find(|word| word.starts_with(|c: char| c.is_ascii_digit()))?;
    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[derive(QueryableByName)]
struct ServerVersion {
    #[diesel(sql_type = Text)]
    version: String,
}

fn server_major_version(settings: &Settings) -> Result<u32, BackupError> {
    let mut conn = connect(settings)?;
    let DbConn::Pg(pg) = &mut conn else {
        return Err(BackupError::Failed("the configured database is not PostgreSQL".into()));
    };
    let number = diesel::sql_query("SELECT current_setting('server_version_num') AS version")
        .get_result::<ServerVersion>(pg)
        .map_err(|e| BackupError::Unavailable(format!("cannot read the server's version: {e}")))?
        .version;
    // 150020 is 15.20; 90624 is 9.6.24.
    number
        .trim()
        .parse::<u32>()
        .map(|n| n / 10_000)
        .map_err(|_| BackupError::Failed(format!("the server reports an unreadable version {number:?}")))
}

/// The archive's table of contents, as `pg_restore --list` prints it.
fn list_contents(archive: &Path) -> Result<String, String> {
    let output = Command::new("pg_restore")
        .arg("--list")
        .arg(archive)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run pg_restore: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// How the client programs log in: the URL without its password, and the password apart.
struct Login {
    url: String,
    password: Option<String>,
    connect_timeout_secs: u64,
}

impl Login {
    fn from_url(url: &str, connect_timeout: Duration) -> Result<Self, BackupError> {
        let mut parsed =
            url::Url::parse(url).map_err(|e| BackupError::Failed(format!("the database URL does not parse ({e})")))?;
        let mut password = parsed.password().map(percent_decode);
        // libpq also takes the password as a query parameter.
        let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        if pairs.iter().any(|(key, _)| key == "password") {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (key, value) in pairs {
                if key == "password" {
                    password = Some(value);
                } else {
                    query.append_pair(&key, &value);
                }
            }
            let query = query.finish();
            parsed.set_query(if query.is_empty() { None } else { Some(&query) });
        }
        if parsed.password().is_some() && parsed.set_password(None).is_err() {
            return Err(BackupError::Failed("cannot take the password out of the database URL".into()));
        }
        Ok(Login { url: parsed.to_string(), password, connect_timeout_secs: connect_timeout.as_secs() })
    }

    fn command(&self, tool: &Tool) -> Command {
        let mut command = Command::new(tool.program);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .env("PGCONNECT_TIMEOUT", self.connect_timeout_secs.max(1).to_string());
        if let Some(password) = &self.password {
            command.env("PGPASSWORD", password);
        }
        command
    }
}

/// `%40` → `@`: the URL keeps its password percent-encoded, libpq wants it as typed.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|pair| std::str::from_utf8(pair).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_versions_are_read_from_version_lines() {
        assert_eq!(major_version("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"), Some(15));
        assert_eq!(major_version("pg_restore (PostgreSQL) 9.6.24"), Some(9));
        assert_eq!(major_version("pg_dump (PostgreSQL) 17beta1"), Some(17));
        assert_eq!(major_version("pg_dump"), None);
    }

    #[test]
    fn the_password_leaves_the_url() {
        let timeout = Duration::from_secs(1);
        let login = Login::from_url("postgres://app:s%40cret@db.example:5433/reg?sslmode=require", timeout).unwrap();
        assert_eq!(login.url, "postgres://app@db.example:5433/reg?sslmode=require");
        assert_eq!(login.password.as_deref(), Some("s@cret"));
        let login = Login::from_url("postgres://app@db.example/reg?password=p%26w&sslmode=require", timeout).unwrap();
        assert_eq!(login.url, "postgres://app@db.example/reg?sslmode=require");
        assert_eq!(login.password.as_deref(), Some("p&w"));
        let login = Login::from_url("postgres://app@db.example/reg", timeout).unwrap();
        assert_eq!((login.url.as_str(), login.password), ("postgres://app@db.example/reg", None));
    }
}
