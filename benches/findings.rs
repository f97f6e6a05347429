//! The whole-registry funding findings report against one plain scan of the funding table, side
//! by side in one run (machines are noisy: compare ratios, not absolute times).
//!
//! `cargo bench --bench findings` (see benches/README.md). Generates a registry of N projects
//! (default 50,000; `--projects N` or `BENCH_PROJECTS`) with 4N funding records, deterministically,
//! on SQLite in a temporary folder and, when `JOINTREG_BENCH_POSTGRES_URL` (or
//! `JOINTREG_TEST_POSTGRES_URL`) is set, on a uniquely named PostgreSQL database dropped afterwards.
//! Then, alternating, K times each (default 5; `--iterations K` or `BENCH_ITERATIONS`):
//! (a) the report: `findings::load::registry` + `findings::engine::find(today, 180, …)`;
//! (b) the scan: `SELECT id, project_id, funder_id, side, starts_on, ends_on, status FROM
//!     funding_records` into a `Vec`.
//! A second registry of N/10 projects shows the report's query count does not grow with N.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use jointreg::config::DatabaseUrl;
use jointreg::db::schema::funding_records;
use jointreg::db::{DbConn, migrations, pool};
use jointreg::findings::{engine, load};

const DEFAULT_PROJECTS: usize = 50_000;
const DEFAULT_ITERATIONS: usize = 5;
const HORIZON_DAYS: u64 = 180;
const SEED: u64 = 0x6a6f_696e_7472_6567;
/// Rows per INSERT statement: well under SQLite's limits (statement length, host parameters are
/// not used at all: the values are generated literals).
const ROWS_PER_INSERT: usize = 500;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date")
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

// ---------------------------------------------------------------------------------------------
// A small deterministic generator (SplitMix64): the same registry on every machine and version.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn add_days(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days as u64)).expect("in range")
    } else {
        day.checked_sub_days(Days::new((-days) as u64)).expect("in range")
    }
}

/// A UUID-shaped id, so keys are as long as real ones.
fn id(table: u16, n: usize) -> String {
    format!("01a21f73-{table:04x}-7000-8000-{n:012x}")
}

// ---------------------------------------------------------------------------------------------
// The registry

const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const RFBR: &str = "01a21f73-9c00-7000-8000-000000000003";
const MINOBRNAUKI: &str = "01a21f73-9c00-7000-8000-000000000004";
const CAS: &str = "01a21f73-9c00-7000-8000-000000000007";
const MOST: &str = "01a21f73-9c00-7000-8000-000000000006";
/// The day RFBR stopped awarding (see the funder seed migration).
const RFBR_LAST_START: (i32, u32, u32) = (2022, 12, 31);
const THIRD_COUNTRIES: [&str; 5] = ["KZ", "BY", "MN", "UZ", "KG"];
const TOPICS: [&str; 8] = [
    "permafrost carbon",
    "Arctic shipping ice loads",
    "superconducting cables",
    "Amur basin hydrology",
    "rare-earth catalysis",
    "high-speed rail acoustics",
    "Baikal rift seismology",
    "photonic sensors",
];

struct Sizes {
    projects: usize,
    institutions: usize,
    labs: usize,
    centres: usize,
    funding: usize,
    lab_status_entries: usize,
    project_labs: usize,
}

/// Multi-row INSERT statements for one table, `ROWS_PER_INSERT` rows each.
struct Inserts {
    head: String,
    statements: Vec<String>,
    current: String,
    rows: usize,
    total: usize,
}

impl Inserts {
    fn new(table: &str, columns: &str) -> Self {
        Inserts {
            head: format!("INSERT INTO {table} ({columns}) VALUES "),
            statements: Vec::new(),
            current: String::new(),
            rows: 0,
            total: 0,
        }
    }

    fn row(&mut self, values: std::fmt::Arguments<'_>) {
        if self.rows == 0 {
            self.current.push_str(&self.head);
        } else {
            self.current.push(',');
        }
        self.current.push('(');
        self.current.write_fmt(values).expect("write to a String");
        self.current.push(')');
        self.rows += 1;
        self.total += 1;
        if self.rows == ROWS_PER_INSERT {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.rows > 0 {
            self.current.push(';');
            self.statements.push(std::mem::take(&mut self.current));
            self.rows = 0;
        }
    }

    fn finish(mut self) -> (Vec<String>, usize) {
        self.flush();
        (self.statements, self.total)
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn date(day: NaiveDate) -> String {
    format!("'{}'", day.format("%Y-%m-%d"))
}

const STAMP: &str = "'2026-11-28 00:00:00'";

/// The INSERT statements of a registry of `n` projects, in foreign-key order.
fn generate(n: usize) -> (Vec<String>, Sizes) {
    let mut rng = Rng(SEED ^ n as u64);
    let today = today();
    let mut statements = Vec::new();

    // Institutions: ~n/25, about 45% Russian, 40% Chinese, 15% in third countries.
    let institution_count = (n / 25).max(3);
    let mut countries = Vec::with_capacity(institution_count);
    let mut inserts = Inserts::new(
        "institutions",
        "id, name_en, country, city, kind, search_key, sort_key, version, created_at, updated_at",
    );
    for i in 0..institution_count {
        let roll = rng.below(100);
        let country = match i {
            0 => "RU",
            1 => "CN",
            2 => "KZ",
            _ if roll < 45 => "RU",
            _ if roll < 85 => "CN",
            _ => THIRD_COUNTRIES[rng.below(THIRD_COUNTRIES.len())],
        };
        countries.push(country);
        let kind = if rng.chance(70) { "university" } else { "academy_institute" };
        let name = format!("Institution {i} ({country})");
        let key = name.to_lowercase();
        inserts.row(format_args!(
            "{}, {}, '{country}', NULL, '{kind}', {}, {}, 1, {STAMP}, {STAMP}",
            quote(&id(0x1001, i)),
            quote(&name),
            quote(&key),
            quote(&key)
        ));
    }
    statements.extend(inserts.finish().0);

    // Joint centres: one per ~1,000 projects, mostly active.
    let centre_count = (n / 1000).max(1);
    let mut inserts = Inserts::new(
        "centres",
        "id, name_en, founded_on, status, search_key, sort_key, version, created_at, updated_at",
    );
    for c in 0..centre_count {
        let status = match rng.below(100) {
            0..80 => "active",
            80..90 => "reduced",
            90..95 => "planned",
            _ => "closed",
        };
        let name = format!("Joint Russian–Chinese centre {c}");
        let key = name.to_lowercase();
        let founded = add_days(NaiveDate::from_ymd_opt(2012, 1, 1).expect("a date"), rng.between(0, 4000));
        inserts.row(format_args!(
            "{}, {}, {}, '{status}', {}, {}, 1, {STAMP}, {STAMP}",
            quote(&id(0x1002, c)),
            quote(&name),
            date(founded),
            quote(&key),
            quote(&key)
        ));
    }
    statements.extend(inserts.finish().0);

    // Laboratories: ~n/6, in the country of their institution; a quarter in a joint centre. Their
    // status history: active since some day (a few planned first, some closed since).
    let lab_count = (n / 6).max(3);
    let mut labs_by_country: [Vec<usize>; 3] = [Vec::new(), Vec::new(), Vec::new()]; // RU, CN, other
    let mut lab_country = Vec::with_capacity(lab_count);
    let mut inserts = Inserts::new(
        "labs",
        "id, name_en, institution_id, centre_id, search_key, sort_key, version, created_at, updated_at",
    );
    let mut entries = Inserts::new("lab_status_entries", "id, lab_id, status, effective_on, reason, recorded_at");
    let mut entry_count = 0;
    for l in 0..lab_count {
        let institution = if l < 3 { l } else { rng.below(institution_count) };
        let country = countries[institution];
        lab_country.push(country);
        labs_by_country[match country {
            "RU" => 0,
            "CN" => 1,
            _ => 2,
        }]
        .push(l);
        let centre = if rng.chance(25) { quote(&id(0x1002, rng.below(centre_count))) } else { "NULL".into() };
        let name = format!("Laboratory {l} ({country})");
        let key = name.to_lowercase();
        let lab_id = id(0x1003, l);
        inserts.row(format_args!(
            "{}, {}, {}, {centre}, {}, {}, 1, {STAMP}, {STAMP}",
            quote(&lab_id),
            quote(&name),
            quote(&id(0x1001, institution)),
            quote(&key),
            quote(&key)
        ));
        let mut history = Vec::new();
        let since = add_days(NaiveDate::from_ymd_opt(2010, 1, 1).expect("a date"), rng.between(0, 5400));
        if rng.chance(10) {
            history.push(("planned", add_days(since, -rng.between(60, 400))));
        }
        history.push(("active", since));
        if rng.chance(8) {
            history.push(("closed", add_days(since, rng.between(365, 3650))));
        } else if rng.chance(3) {
            history.push(("suspended", add_days(today, rng.between(-300, 200))));
        }
        for (status, day) in history {
            entries.row(format_args!(
                "{}, {}, '{status}', {}, 'generated', {STAMP}",
                quote(&id(0x1004, entry_count)),
                quote(&lab_id),
                date(day)
            ));
            entry_count += 1;
        }
    }
    statements.extend(inserts.finish().0);
    statements.extend(entries.finish().0);

    // Projects, their labs and their funding.
    let mut projects = Inserts::new(
        "projects",
        "id, title_en, title_ru, starts_on, ends_on, status, visibility, identifiers, keywords, search_key, \
         sort_key, version, created_at, updated_at",
    );
    let mut project_labs = Inserts::new("project_labs", "project_id, lab_id, role");
    let mut funding = Inserts::new(
        "funding_records",
        "id, project_id, funder_id, call_name, award_number, amount_minor, currency, starts_on, ends_on, status, \
         side, lab_id, version, created_at, updated_at",
    );
    let rfbr_last_start =
        NaiveDate::from_ymd_opt(RFBR_LAST_START.0, RFBR_LAST_START.1, RFBR_LAST_START.2).expect("a date");
    let first_start = NaiveDate::from_ymd_opt(2016, 1, 1).expect("a date");
    let mut previous_delta = 0i64;
    let mut record_count = 0usize;
    for p in 0..n {
        let project_id = id(0x2001, p);
        let starts_on = add_days(first_start, rng.between(0, 4200)); // to mid-2027
        let open_ended = rng.chance(8);
        let ends_on = add_days(starts_on, rng.between(2 * 365, 6 * 365));
        let status = if starts_on > today {
            "planned"
        } else if !open_ended && ends_on < today {
            if rng.chance(93) { "completed" } else { "cancelled" }
        } else {
            match rng.below(100) {
                0..88 => "active",
                88..94 => "suspended",
                94..97 => "planned",
                _ => "cancelled",
            }
        };
        let topic = TOPICS[rng.below(TOPICS.len())];
        let title = format!("Joint project {p}: {topic}");
        let key = title.to_lowercase();
        projects.row(format_args!(
            "{}, {}, {}, {}, {}, '{status}', 'public', '[]', '[]', {}, {}, 1, {STAMP}, {STAMP}",
            quote(&project_id),
            quote(&title),
            if rng.chance(60) { quote(&format!("Совместный проект {p}")) } else { "NULL".into() },
            date(starts_on),
            if open_ended { "NULL".into() } else { date(ends_on) },
            quote(&key),
            quote(&key)
        ));

        // 1–3 labs: mostly a Russian and a Chinese one; sometimes a third-country partner.
        let lab_total = match rng.below(100) {
            0..20 => 1,
            20..75 => 2,
            _ => 3,
        };
        let mut chosen: Vec<usize> = Vec::with_capacity(3);
        let russian_first = rng.chance(50);
        for slot in 0..lab_total {
            let pool = match slot {
                0 if russian_first => 0,
                0 => 1,
                1 if russian_first => 1,
                1 => 0,
                _ if rng.chance(60) => 2,
                _ => rng.below(2),
            };
            let pool = &labs_by_country[pool];
            let lab = pool[rng.below(pool.len())];
            if !chosen.contains(&lab) {
                chosen.push(lab);
            }
        }
        for (slot, lab) in chosen.iter().enumerate() {
            project_labs.row(format_args!(
                "{}, {}, '{}'",
                quote(&project_id),
                quote(&id(0x1003, *lab)),
                if slot == 0 { "lead" } else { "partner" }
            ));
        }
        let lab_of = |country: &str| chosen.iter().copied().find(|l| lab_country[*l] == country);
        let russian = lab_of("RU");
        let chinese = lab_of("CN");
        let third = chosen.iter().copied().find(|l| !matches!(lab_country[*l], "RU" | "CN"));

        // 2–6 records, exactly 4 on average: pairs of projects balance each other, so 4N in all.
        let count = if p % 2 == 0 && p + 1 < n {
            previous_delta = rng.between(-2, 2);
            (4 + previous_delta) as usize
        } else if p % 2 == 1 {
            (4 - previous_delta) as usize
        } else {
            4
        };
        // Consecutive awards from the project's start: 1–4 years each, sometimes a gap between
        // them; on joint projects most rounds are a joint call funding both sides (some calls
        // one-sided, some with the Russian side's award shorter).
        let mut cursor = add_days(starts_on, rng.between(0, 90));
        let mut made = 0;
        while made < count {
            if rng.chance(20) {
                cursor = add_days(cursor, rng.between(30, 400)); // a gap before this round
            }
            let russian_funder = if cursor <= rfbr_last_start && rng.chance(30) {
                RFBR
            } else if rng.chance(85) {
                RSF
            } else {
                MINOBRNAUKI
            };
            // RFBR's last awards (2021–2022) were long ones: some still run after it closed.
            let length = if russian_funder == RFBR && cursor.year() >= 2021 {
                rng.between(3 * 365, 5 * 365)
            } else {
                rng.between(365, 4 * 365)
            };
            let period_end = add_days(cursor, length - 1);
            let mut round: Vec<(&str, &str, Option<usize>, NaiveDate)> = Vec::new(); // funder, side, lab, end
            let joint = russian.is_some() && chinese.is_some();
            let chinese_funder = match rng.below(100) {
                0..80 => NSFC,
                80..90 => CAS,
                _ => MOST,
            };
            if joint && count - made >= 2 && rng.chance(75) {
                let russian_end = if rng.chance(15) { add_days(cursor, length / 2) } else { period_end };
                round.push((russian_funder, "RU", russian, russian_end));
                round.push((chinese_funder, "CN", chinese, period_end));
            } else if let (Some(lab), true) = (third, rng.chance(15)) {
                // A third-country partner paid by the Russian side's funder.
                round.push((RSF, lab_country[lab], Some(lab), period_end));
            } else if chinese.is_some() && (russian.is_none() || rng.chance(45)) {
                round.push((chinese_funder, "CN", chinese, period_end));
            } else {
                round.push((russian_funder, "RU", russian.or(chinese), period_end));
            }
            for (funder, side, lab, end) in round {
                let start = cursor;
                let record_status = if rng.chance(4) {
                    if rng.chance(50) { "rejected" } else { "withdrawn" }
                } else if end < today {
                    if rng.chance(90) { "ended" } else { "active" } // some never marked ended
                } else if start > today {
                    if rng.chance(75) { "awarded" } else { "applied" }
                } else if rng.chance(85) {
                    "active"
                } else {
                    "awarded"
                };
                let (amount, currency) = match side {
                    "CN" => (rng.between(300_000, 3_000_000) * 100, "CNY"),
                    _ => (rng.between(3_000_000, 30_000_000) * 100, "RUB"),
                };
                let call = if side == "RU" || side == "CN" { "Joint call RSF–NSFC" } else { "Partner support" };
                funding.row(format_args!(
                    "{}, {}, '{funder}', '{call}', 'B-{record_count}', {amount}, '{currency}', {}, {}, \
                     '{record_status}', '{side}', {}, 1, {STAMP}, {STAMP}",
                    quote(&id(0x2002, record_count)),
                    quote(&project_id),
                    date(start),
                    date(end.max(start)),
                    lab.map(|l| quote(&id(0x1003, l))).unwrap_or_else(|| "NULL".into()),
                ));
                record_count += 1;
                made += 1;
            }
            // Some rounds overlap the next one (renewed early), most follow it.
            cursor = if rng.chance(10) { add_days(period_end, -rng.between(30, 180)) } else { add_days(period_end, 1) };
            if cursor.year() > 2040 {
                cursor = starts_on;
            }
        }
    }
    let (project_statements, project_total) = projects.finish();
    let (pair_statements, pair_total) = project_labs.finish();
    let (funding_statements, funding_total) = funding.finish();
    statements.extend(project_statements);
    statements.extend(pair_statements);
    statements.extend(funding_statements);
    let sizes = Sizes {
        projects: project_total,
        institutions: institution_count,
        labs: lab_count,
        centres: centre_count,
        funding: funding_total,
        lab_status_entries: entry_count,
        project_labs: pair_total,
    };
    (statements, sizes)
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

/// Migrates and fills `database` with a registry of `n` projects; returns its sizes and the time
/// the filling took (generation of the SQL included).
fn fill(database: &BenchDatabase, n: usize) -> (DbConn, Sizes, Duration) {
    let mut conn = database.connect();
    migrations::run(&mut conn).expect("migrate the benchmark database");
    let started = Instant::now();
    let (statements, sizes) = generate(n);
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        for chunk in statements.chunks(8) {
            conn.batch_execute(&chunk.concat())?;
        }
        Ok(())
    })
    .expect("insert the generated registry");
    // What a settled database looks like: PostgreSQL's autovacuum would have analysed the new
    // tables by now; SQLite's WAL would have been checkpointed.
    match &mut conn {
        DbConn::Pg(pg) => pg.batch_execute("ANALYZE").expect("analyse"),
        DbConn::Sqlite(sqlite) => sqlite.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)").expect("checkpoint"),
    }
    (conn, sizes, started.elapsed())
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
    let queries = counter.get() - before;
    let findings =
        engine::find(today, HORIZON_DAYS, &registry.projects, &registry.funding, &registry.labs, &registry.centres);
    let found = Instant::now();
    let mut kinds = BTreeMap::new();
    for finding in std::hint::black_box(&findings) {
        *kinds.entry(finding.kind.as_str()).or_default() += 1;
    }
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
