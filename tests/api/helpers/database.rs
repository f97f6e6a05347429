//! A fresh database per test: a copy of a migrated SQLite template file, or on PostgreSQL a
//! `CREATE DATABASE … TEMPLATE` copy, dropped when the test ends.

use std::path::PathBuf;
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, SqliteConnection};
use jointreg::config::DatabaseUrl;
use jointreg::db::{DbConn, migrations};

pub const POSTGRES_URL_VARIABLE: &str = "JOINTREG_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The PostgreSQL server URL for tests; `None` when unset (then PostgreSQL tests are ignored).
    pub fn postgres_server() -> Option<url::Url> {
        let text = std::env::var(POSTGRES_URL_VARIABLE).ok().filter(|v| !v.is_empty())?;
        Some(url::Url::parse(&text).unwrap_or_else(|e| panic!("{POSTGRES_URL_VARIABLE} is not a URL: {e}")))
    }
}

pub struct TestDatabase {
    pub url: DatabaseUrl,
    /// Keeps the SQLite file's folder alive for the test.
    _dir: Option<tempfile::TempDir>,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => Self::sqlite(),
            Backend::Postgres => Self::postgres(),
        }
    }

    fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("test.db");
        std::fs::copy(sqlite_template(), &path).expect("copy the SQLite template");
        TestDatabase { url: DatabaseUrl::Sqlite { path }, _dir: Some(dir), postgres_name: None }
    }

    fn postgres() -> Self {
        let server = Backend::postgres_server().expect("PostgreSQL tests need JOINTREG_TEST_POSTGRES_URL");
        let template = postgres_template(&server);
        let name = format!("jointreg_test_{}", uuid::Uuid::now_v7().simple());
        let mut admin = admin_connection(&server);
        // A template being copied by a concurrent CREATE DATABASE can refuse a moment.
        let mut attempt = 0;
        loop {
            match admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}")) {
                Ok(()) => break,
                Err(e) if attempt < 50 && e.to_string().contains("being accessed by other users") => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => panic!("cannot create test database {name}: {e}"),
            }
        }
        let url = database_url(&server, &name);
        TestDatabase { url: DatabaseUrl::Postgres { url }, _dir: None, postgres_name: Some(name) }
    }

    /// A database with no schema at all (not even migrations): a new SQLite file, or a new
    /// PostgreSQL database.
    pub fn empty(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let path = dir.path().join("empty.db");
                TestDatabase { url: DatabaseUrl::Sqlite { path }, _dir: Some(dir), postgres_name: None }
            }
            Backend::Postgres => {
                let server = Backend::postgres_server().expect("PostgreSQL tests need JOINTREG_TEST_POSTGRES_URL");
                let name = format!("jointreg_test_{}", uuid::Uuid::now_v7().simple());
                admin_connection(&server).batch_execute(&format!("CREATE DATABASE {name}")).expect("create a database");
                let url = database_url(&server, &name);
                TestDatabase { url: DatabaseUrl::Postgres { url }, _dir: None, postgres_name: Some(name) }
            }
        }
    }

    /// Stands in for a database moved to a restarted app; owns nothing.
    pub fn placeholder() -> Self {
        TestDatabase { url: DatabaseUrl::Sqlite { path: PathBuf::new() }, _dir: None, postgres_name: None }
    }

    /// A direct connection, for arranging and asserting database state.
    pub fn connect(&self) -> DbConn {
        match &self.url {
            DatabaseUrl::Sqlite { path } => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy()).expect("open SQLite");
                conn.batch_execute("PRAGMA busy_timeout = 5000;").expect("busy timeout");
                DbConn::Sqlite(conn)
            }
            DatabaseUrl::Postgres { url } => DbConn::Pg(PgConnection::establish(url).expect("connect to PostgreSQL")),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let (Some(name), Some(server)) = (&self.postgres_name, Backend::postgres_server())
            && let Ok(mut admin) = PgConnection::establish(server.as_str())
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

fn admin_connection(server: &url::Url) -> PgConnection {
    PgConnection::establish(server.as_str()).unwrap_or_else(|e| {
        panic!("{POSTGRES_URL_VARIABLE} is set but PostgreSQL cannot be reached ({e}); this is a failure, not a skip")
    })
}

fn database_url(server: &url::Url, name: &str) -> String {
    let mut url = server.clone();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// A fingerprint of the migrations, so a changed migration gets a new template.
fn migrations_fingerprint(backend_folder: &str) -> String {
    use std::hash::{Hash, Hasher};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend_folder);
    let mut files: Vec<PathBuf> = walk(&root);
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        file.strip_prefix(&root).unwrap_or(&file).hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

fn sqlite_template() -> &'static PathBuf {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("jointreg-test-template-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("template folder");
        let path = dir.join(format!("{}.db", migrations_fingerprint("sqlite")));
        let _ = std::fs::remove_file(&path);
        let conn = SqliteConnection::establish(&path.to_string_lossy()).expect("create SQLite template");
        let mut conn = DbConn::Sqlite(conn);
        migrations::run(&mut conn).expect("migrate SQLite template");
        path
    })
}

fn postgres_template(server: &url::Url) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("jointreg_template_{}", migrations_fingerprint("postgres"));
        let mut admin = admin_connection(server);
        // Test processes may race to build the same template: one builds, the others wait.
        admin.batch_execute("SELECT pg_advisory_lock(7283947)").expect("template lock");
        let exists = diesel::sql_query(format!("SELECT 1 AS one FROM pg_database WHERE datname = '{name}'"))
            .execute(&mut admin)
            .expect("look for template");
        if exists == 0 {
            let building = format!("{name}_building");
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)")).expect("drop stale");
            admin.batch_execute(&format!("CREATE DATABASE {building}")).expect("create template");
            {
                let conn = PgConnection::establish(&database_url(server, &building)).expect("connect to template");
                let mut conn = DbConn::Pg(conn);
                migrations::run(&mut conn).expect("migrate PostgreSQL template");
            }
            admin.batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}")).expect("publish template");
        }
        admin.batch_execute("SELECT pg_advisory_unlock(7283947)").expect("template unlock");
        name
    })
}

use diesel::RunQueryDsl;
