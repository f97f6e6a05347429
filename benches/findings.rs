//! The whole-registry funding findings report against one plain scan of the funding table, side
//! by side in one run (machines are noisy: compare ratios, not absolute times).
//!
//! `cargo bench --bench findings` (see benches/README.md). Loads the synthetic registry of N projects
//! (`jointreg seed-synthetic`; default 50,000, `--projects N` or `BENCH_PROJECTS`) with 4N funding records
//! on SQLite in a temporary folder and, when `JOINTREG_BENCH_POSTGRES_URL` (or
//! `JOINTREG_TEST_POSTGRES_URL`) is set, on a uniquely named PostgreSQL database dropped afterwards.
//! Then, alternating, K times each (default 5; `--iterations K` or `BENCH_ITERATIONS`):
//! (a) the report: `findings::load::registry` (*load*), then `findings::scan::scan(today, 180, …)`,
//!     the funding streamed through the engine (*find*);
//! (b) the scan: `SELECT id, project_id, funder_id, side, starts_on, ends_on, status FROM
//!     funding_records` into a `Vec`.
//! A second registry of N/10 projects shows the report's query count does not grow with N.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use jointreg::config::DatabaseUrl;
use jointreg::db::schema::funding_records;
use jointreg::db::{DbConn, migrations, pool};
use jointreg::findings::{load, scan};
use jointreg::synthetic;

const DEFAULT_PROJECTS: usize = 50_000;
const DEFAULT_ITERATIONS: usize = 5;
const HORIZON_DAYS: u64 = 180;
const SEED: u64 = 1;

fn today() -> NaiveDate {
    synthetic::reference_day()
}

// ---------------------------------------------------------------------------------------------
// Arguments

struct Options {
    projects: usize,
    iterations: usize,
    postgres: Option<String>,
}

fn options() -> Options {
    let env_number = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse::<usize>().ok());
    let mut projects = env_number("BENCH_PROJECTS").unwrap_or(DEFAULT_PROJECTS);
    let mut iterations = env_number("BENCH_ITERATIONS").unwrap_or(DEFAULT_ITERATIONS);
    // `cargo bench` passes `--bench` (and any filter) too: anything unknown is ignored.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let (flag, inline) = match args[i].split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (args[i].clone(), None),
        };
        let target = match flag.as_str() {
            "--projects" => Some(&mut projects),
            "--iterations" => Some(&mut iterations),
            _ => None,
        };
        if let Some(target) = target {
            let value = match inline {
                Some(value) => value,
                None => {
                    i += 1;
                    args.get(i).cloned().unwrap_or_default()
                }
            };
            *target = value.parse().unwrap_or_else(|_| panic!("{flag} needs a whole number, not {value:?}"));
        }
        i += 1;
    }
    let postgres = ["JOINTREG_BENCH_POSTGRES_URL", "JOINTREG_TEST_POSTGRES_URL"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    Options { projects: projects.max(10), iterations: iterations.max(1), postgres }
}

struct Sizes {
    projects: usize,
    institutions: usize,
    labs: usize,
    centres: usize,
    funding: usize,
    lab_status_entries: usize,
    project_labs: usize,
}

impl Sizes {
    fn count(conn: &mut DbConn) -> Sizes {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut count = |table: &str| -> usize {
            let row: Count =
                diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result(conn).expect("count");
            row.n as usize
        };
        Sizes {
            projects: count("projects"),
            institutions: count("institutions"),
            labs: count("labs"),
            centres: count("centres"),
            funding: count("funding_records"),
            lab_status_entries: count("lab_status_entries"),
            project_labs: count("project_labs"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Databases

/// A fresh, migrated database; a PostgreSQL one is dropped when this is.
struct BenchDatabase {
    backend: &'static str,
    url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>, // (server URL, database name)
}

impl BenchDatabase {
    fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("bench.db");
        BenchDatabase { backend: "sqlite", url: DatabaseUrl::Sqlite { path }, _dir: Some(dir), postgres: None }
    }

    fn postgres(server: &str) -> Self {
        let name = format!("jointreg_bench_{}", uuid::Uuid::now_v7().simple());
        let mut admin = diesel::PgConnection::establish(server)
            .unwrap_or_else(|e| panic!("the PostgreSQL URL is set but the server cannot be reached: {e}"));
        admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create the benchmark database");
        let mut url = url::Url::parse(server).expect("the PostgreSQL URL is a URL");
        url.set_path(&format!("/{name}"));
        BenchDatabase {
            backend: "postgres",
            url: DatabaseUrl::Postgres { url: url.to_string() },
            _dir: None,
            postgres: Some((server.to_owned(), name)),
        }
    }

    /// A connection set up as the server sets up its own (SQLite: WAL, synchronous=FULL, …).
    fn connect(&self) -> DbConn {
        let manager = pool::Manager::new(self.url.clone(), Duration::from_secs(10), Duration::from_secs(10));
        r2d2::ManageConnection::connect(&manager).expect("connect to the benchmark database")
    }
}

impl Drop for BenchDatabase {
    fn drop(&mut self) {
        if std::env::var_os("BENCH_KEEP_DATABASES").is_some() {
            // Kept to EXPLAIN the report's queries on; remove by hand.
            if let Some(dir) = self._dir.take() {
                eprintln!("kept {}", dir.keep().display());
            }
            if let Some((_, name)) = &self.postgres {
                eprintln!("kept PostgreSQL database {name}");
            }
            return;
        }
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = diesel::PgConnection::establish(server)
            && let Err(e) = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        {
            eprintln!("could not drop benchmark database {name}: {e}");
        }
    }
}

/// Migrates and fills `database` with the synthetic registry of `n` projects
/// (`jointreg seed-synthetic`); returns its sizes and the time the filling took.
fn fill(database: &BenchDatabase, n: usize) -> (DbConn, Sizes, Duration) {
    let mut conn = database.connect();
    migrations::run(&mut conn).expect("migrate the benchmark database");
    let started = Instant::now();
    synthetic::load(&mut conn, n, SEED, &mut |_, _| {}).expect("load the synthetic registry");
    let elapsed = started.elapsed();
    let sizes = Sizes::count(&mut conn);
    (conn, sizes, elapsed)
}

// ---------------------------------------------------------------------------------------------
// Measurements

/// Counts the queries a connection starts.
#[derive(Clone, Default)]
struct QueryCounter(Arc<AtomicUsize>);

impl QueryCounter {
    fn instrumentation(&self) -> impl Instrumentation {
        let count = self.0.clone();
        move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { .. } = event {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

struct Report {
    load: Duration,
    find: Duration,
    /// How many of each kind.
    kinds: BTreeMap<&'static str, usize>,
    queries: usize,
}

fn report(conn: &mut DbConn, counter: &QueryCounter) -> Report {
    let today = today();
    let before = counter.get();
    let started = Instant::now();
    let registry = load::registry(conn, today).expect("load the registry");
    let loaded = Instant::now();
    let mut kinds = BTreeMap::new();
    scan::scan(conn, &registry, today, HORIZON_DAYS, |finding, _, _| {
        *kinds.entry(std::hint::black_box(finding).kind.as_str()).or_default() += 1;
    })
    .expect("scan the registry");
    let found = Instant::now();
    let queries = counter.get() - before;
    Report { load: loaded - started, find: found - loaded, kinds, queries }
}

type ScanRow = (String, String, String, String, NaiveDate, NaiveDate, String);

fn scan(conn: &mut DbConn) -> (Duration, usize) {
    let started = Instant::now();
    let rows: Vec<ScanRow> = funding_records::table
        .select((
            funding_records::id,
            funding_records::project_id,
            funding_records::funder_id,
            funding_records::side,
            funding_records::starts_on,
            funding_records::ends_on,
            funding_records::status,
        ))
        .load(conn)
        .expect("scan the funding table");
    let elapsed = started.elapsed();
    (elapsed, std::hint::black_box(rows).len())
}

struct Run {
    backend: &'static str,
    sizes: Sizes,
    fill: Duration,
    report: Vec<Duration>,
    load: Vec<Duration>,
    find: Vec<Duration>,
    scan: Vec<Duration>,
    scanned: usize,
    kinds: BTreeMap<&'static str, usize>,
    queries: usize,
}

fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 { sorted[middle] } else { (sorted[middle - 1] + sorted[middle]) / 2 }
}

fn min(values: &[Duration]) -> Duration {
    values.iter().copied().min().unwrap_or_default()
}

fn measure(database: &BenchDatabase, n: usize, iterations: usize) -> Run {
    eprintln!("[{}] generating and inserting {n} projects…", database.backend);
    let (mut conn, sizes, fill) = fill(database, n);
    eprintln!(
        "[{}] inserted in {:.1} s; measuring {iterations} alternating iterations…",
        database.backend,
        fill.as_secs_f64()
    );
    let counter = QueryCounter::default();
    conn.set_instrumentation(counter.instrumentation());
    // One of each first, unmeasured: caches and prepared statements as in a running server.
    let warm = report(&mut conn, &counter);
    let (_, scanned) = scan(&mut conn);
    let mut run = Run {
        backend: database.backend,
        sizes,
        fill,
        report: Vec::new(),
        load: Vec::new(),
        find: Vec::new(),
        scan: Vec::new(),
        scanned,
        kinds: warm.kinds,
        queries: warm.queries,
    };
    for _ in 0..iterations {
        let measured = report(&mut conn, &counter);
        assert_eq!(measured.kinds, run.kinds, "the report is deterministic");
        assert_eq!(measured.queries, run.queries, "the report runs the same queries each time");
        run.report.push(measured.load + measured.find);
        run.load.push(measured.load);
        run.find.push(measured.find);
        run.scan.push(scan(&mut conn).0);
    }
    run
}

fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}

fn print(runs: &[Run], iterations: usize) {
    println!();
    println!(
        "Findings report (load + find, horizon {HORIZON_DAYS} days, today {}) vs one plain scan of funding_records;",
        today()
    );
    println!("{iterations} alternating iterations each after one warm-up; times in ms; ratio = report / scan.");
    println!();
    let header = [
        "backend",
        "projects",
        "labs",
        "funding",
        "insert s",
        "report med",
        "report min",
        "load med",
        "find med",
        "scan med",
        "scan min",
        "ratio med",
        "ratio min",
        "findings",
        "queries",
    ];
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|run| {
            vec![
                run.backend.to_owned(),
                run.sizes.projects.to_string(),
                run.sizes.labs.to_string(),
                run.scanned.to_string(),
                format!("{:.1}", run.fill.as_secs_f64()),
                ms(median(&run.report)),
                ms(min(&run.report)),
                ms(median(&run.load)),
                ms(median(&run.find)),
                ms(median(&run.scan)),
                ms(min(&run.scan)),
                format!("{:.2}×", median(&run.report).as_secs_f64() / median(&run.scan).as_secs_f64()),
                format!("{:.2}×", min(&run.report).as_secs_f64() / min(&run.scan).as_secs_f64()),
                run.kinds.values().sum::<usize>().to_string(),
                run.queries.to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).chain([header[c].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| {
        let text: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c] - cell.chars().count();
                if c == 0 { format!("{cell}{}", " ".repeat(pad)) } else { format!("{}{cell}", " ".repeat(pad)) }
            })
            .collect();
        println!("{}", text.join("  "));
    };
    line(&header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
    for row in &rows {
        line(row);
    }
    println!();
    for run in runs {
        println!(
            "{} at {} projects: {} institutions, {} centres, {} labs ({} status entries), {} project–lab links, {} \
             funding records; findings: {}",
            run.backend,
            run.sizes.projects,
            run.sizes.institutions,
            run.sizes.centres,
            run.sizes.labs,
            run.sizes.lab_status_entries,
            run.sizes.project_labs,
            run.sizes.funding,
            run.kinds.iter().map(|(kind, count)| format!("{count} {kind}")).collect::<Vec<_>>().join(", ")
        );
    }
    let mut backends: Vec<&str> = runs.iter().map(|r| r.backend).collect();
    backends.dedup();
    for backend in backends {
        let counts: Vec<String> = runs
            .iter()
            .filter(|r| r.backend == backend)
            .map(|r| format!("{} at {} projects", r.queries, r.sizes.projects))
            .collect();
        let same = runs.iter().filter(|r| r.backend == backend).map(|r| r.queries).collect::<Vec<_>>();
        let verdict = if same.windows(2).all(|w| w[0] == w[1]) { "constant" } else { "NOT constant" };
        println!("{backend}: report queries {} ({verdict})", counts.join(", "));
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs bench targets without it,
    // as a test: then there is nothing to check here, and generating 50,000 projects is no test.
    if !std::env::args().any(|a| a == "--bench") {
        println!("findings benchmark: skipped (run it with `cargo bench --bench findings`)");
        return;
    }
    let options = options();
    let small = (options.projects / 10).max(10);
    let mut runs = Vec::new();
    let mut backends = vec![None];
    if let Some(server) = &options.postgres {
        backends.push(Some(server.clone()));
    }
    for server in backends {
        for n in [small, options.projects] {
            let database = match &server {
                None => BenchDatabase::sqlite(),
                Some(server) => BenchDatabase::postgres(server),
            };
            runs.push(measure(&database, n, options.iterations));
        }
    }
    if options.postgres.is_none() {
        eprintln!("(PostgreSQL skipped: set JOINTREG_BENCH_POSTGRES_URL to include it)");
    }
    print(&runs, options.iterations);
    let constant = runs.chunks(2).all(|pair| pair.iter().all(|r| r.queries == pair[0].queries));
    if !constant {
        eprintln!("the report's query count grows with the registry");
        std::process::exit(1);
    }
}
