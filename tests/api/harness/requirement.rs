//! What a test needs from the machine beyond this binary. An unmet requirement makes the test
//! ignored, never passed; a met one that then misbehaves (an unreachable server) is a failure.

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::helpers::{Backend, POSTGRES_URL_VARIABLE};

#[derive(Debug, Clone, Copy)]
pub enum Requirement {
    /// `JOINTREG_TEST_POSTGRES_URL` is set.
    Postgres,
    /// The test PostgreSQL server accepts TLS (`ssl = on`).
    PostgresTls,
    /// A program on PATH, e.g. `Tool("systemd-analyze")`.
    Tool(&'static str),
    /// What `helpers::browser::Browser` drives: Debian's `chromium` and `chromedriver` on PATH
    /// (the same as `Tool("chromium"), Tool("chromedriver")`).
    Browser,
    /// A file of the workplace's reference data beside the repository (`../shared/…`, e.g. the
    /// official schemas exports are checked against), by its path from the repository's root.
    SharedFile(&'static str),
}

impl Requirement {
    /// Why the requirement is not met, or `None` when it is.
    pub fn missing(&self) -> Option<String> {
        match self {
            Requirement::Postgres => {
                Backend::postgres_server().is_none().then(|| format!("{POSTGRES_URL_VARIABLE} is not set"))
            }
            Requirement::PostgresTls => Requirement::Postgres.missing().or_else(postgres_without_tls),
            Requirement::Tool(program) => find_on_path(program).is_none().then(|| format!("{program} is not on PATH")),
            Requirement::Browser => {
                Requirement::Tool("chromium").missing().or_else(|| Requirement::Tool("chromedriver").missing())
            }
            Requirement::SharedFile(path) => {
                (!shared_file(path).is_file()).then(|| format!("{} is not there", shared_file(path).display()))
            }
        }
    }
}

/// A path from the repository's root (`../shared/schemas/…`).
pub fn shared_file(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Where `program` is on PATH, as a shell would find it.
pub fn find_on_path(program: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| {
        std::fs::metadata(candidate).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// Asks the server for its `ssl` setting. When it cannot be asked, the requirement counts as met:
/// the test then runs and reports the unreachable server as a failure.
fn postgres_without_tls() -> Option<String> {
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        ssl: String,
    }
    let mut url = Backend::postgres_server()?;
    url.query_pairs_mut().append_pair("connect_timeout", "5");
    let mut conn = PgConnection::establish(url.as_str()).ok()?;
    let setting: Setting = diesel::sql_query("SHOW ssl").get_result(&mut conn).ok()?;
    (setting.ssl != "on").then(|| "the test PostgreSQL server has ssl = off".to_owned())
}
