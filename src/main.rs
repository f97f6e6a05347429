//! The `jointreg` command: serve the API, migrate, print the OpenAPI document, check settings.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jointreg::config::{Settings, SettingsArgs, probable_typo, unknown_variables};
use jointreg::startup::{self, Application, StartupError};

const EXIT_CODES: &str = "\
Exit codes:
  0   success (for serve: stopped cleanly after SIGTERM)
  1   failure while running
  2   wrong command-line usage
  65  invalid input (create-admin: bad email or password, or the account exists;
      seed-synthetic: the database is not empty; import, rates import: a malformed file;
      backup: FILE exists; restore: not a backup, a backup of the other database kind, or a
      target that holds data)
  69  the database cannot be reached or prepared (backup, restore: or pg_dump/pg_restore
      is missing or older than the server)
  78  invalid configuration (every problem is printed, one per line)

Every flag can also be set by its JOINTREG_* environment variable, or in a .env file.";

/// jointreg — coordination registry for joint Russian–Chinese research.
///
/// Keeps every joint project, laboratory, funding line and output on record, so that a joint
/// centre's funding gap is seen months before it hurts. With no settings at all it serves on
/// http://127.0.0.1:8080 over the SQLite file ./jointreg.db.
#[derive(Debug, Parser)]
#[command(name = "jointreg", version, after_long_help = EXIT_CODES, after_help = EXIT_CODES)]
struct Cli {
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default). Applies pending migrations first; SIGTERM drains in-flight requests.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI 3.1 document on stdout (no database needed).
    Openapi,
    /// Validate the settings, connect to the database, print the effective settings.
    CheckConfig,
    /// Load a small demo world: the Chelyabinsk–Wuhan joint centre, its mirror labs and their
    /// history. Safe to run twice.
    SeedDemo,
    /// Fill an empty database with a synthetic registry for benchmarks and capacity planning:
    /// ~N/25 institutions, ~N/6 labs with mirror links, N projects titled in English, Russian
    /// and Chinese, 4N funding records, 10N outputs. The same N and seed give the same registry.
    /// All of it is loaded in one transaction, or nothing is. Refuses a database that already
    /// holds institutions or projects (exit 65).
    SeedSynthetic {
        /// How many projects.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
        projects: u32,
        /// The seed: another seed, another registry of the same shape.
        #[arg(long, value_name = "S", default_value = "1")]
        seed: u64,
    },
    /// Rebuild the cross-script search terms of institutions, centres, laboratories, funders and
    /// projects (after the rules in src/domain/names change; a start does it too when they are
    /// stale).
    /// Progress goes to standard error.
    ReindexSearch,
    /// Create an administrator account. The password is read from standard input with
    /// --password-stdin, or generated and printed once.
    CreateAdmin {
        /// The administrator's email address (their sign-in name).
        #[arg(long)]
        email: String,
        /// The name shown for the account.
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Write a consistent backup of the database to FILE while the service keeps serving.
    /// SQLite: a copy of one snapshot (VACUUM INTO), checked with PRAGMA integrity_check.
    /// PostgreSQL: a pg_dump custom-format archive (pg_dump must be on PATH and at least as new as
    /// the server). FILE appears only when complete and flushed to disk; progress goes to stderr.
    Backup {
        /// The backup file to write. An existing one is refused unless --force.
        #[arg(long, value_name = "FILE")]
        to: std::path::PathBuf,
        /// Replace FILE if it exists (atomically: it is never half-written).
        #[arg(long)]
        force: bool,
    },
    /// Restore a backup made by `jointreg backup` into the configured database, then apply any
    /// migrations the backup is missing. The target must be fresh: one that holds institutions,
    /// projects or users is refused (exit 65); one that is only migrated is emptied first. The
    /// backup must be of the configured database's kind (SQLite file or pg_dump archive; the
    /// latter needs pg_restore on PATH). Stop servers on the target before restoring.
    Restore {
        /// The backup file to restore.
        #[arg(long, value_name = "FILE")]
        from: std::path::PathBuf,
    },
    /// Import institutions, laboratories, projects, funding and outputs from FILE: .csv (one kind,
    /// named by --kind or known by its header), .xlsx (one sheet per kind, named after it) or
    /// .json (an object of arrays by kind). Columns are those of the CSV exports, so an export
    /// re-imports. Each record is checked as the API's POST checks it and names an existing record
    /// by `id` or its natural key (ROR id; funder + award number; DOI; …), which it then updates.
    /// All or nothing, in one transaction; safe to run twice (the second run changes nothing).
    /// Progress goes to stderr, counts per kind to stdout; every row's problems are listed.
    Import {
        /// The file to import.
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
        /// What a CSV file (or a JSON array) holds when its header does not tell: institutions,
        /// labs, projects, funding or outputs.
        #[arg(long, value_name = "KIND", value_parser = parse_kind)]
        kind: Option<jointreg::imports::Kind>,
        /// Check every row and report what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Reference exchange rates: import the files the ECB and the Bank of Russia publish.
    Rates {
        #[command(subcommand)]
        command: RatesCommand,
    },
    /// Funding alerts: lab heads are mailed 90 and again 30 days before a project of theirs loses
    /// funding coverage with nothing lined up; coordinators get a weekly digest of unreviewed
    /// findings. `serve` runs them daily by itself (JOINTREG_ALERTS_ENABLED, JOINTREG_ALERTS_AT).
    Alerts {
        #[command(subcommand)]
        command: AlertsCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AlertsCommand {
    /// Send the alerts due today that have not been sent, for cron or by hand, and exit. Each alert
    /// is sent once per subject and threshold however often this runs, alongside servers or
    /// another run: the database records what was sent. The mail is queued in the outbox; a
    /// running server delivers it. Prints "sent N alerts (M already sent)".
    Run {
        /// Run as if today were this day (YYYY-MM-DD, UTC), for back-fills and tests. Alerts are
        /// still sent at most once each.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
enum RatesCommand {
    /// Import the rates of FILE, as published: ecb-csv (eurofxref-hist.csv or eurofxref.csv),
    /// ecb-xml (eurofxref-daily.xml or eurofxref-hist.xml), cbr-daily (XML_daily.asp) or
    /// cbr-dynamic (XML_dynamic.asp). Only RUB, CNY, USD and EUR are kept. A malformed file is
    /// refused whole, naming its wrong line (exit 65); the same file twice changes nothing; a
    /// stored rate given another value is replaced and counted as changed. Progress goes to
    /// stderr, the counts (new, changed, unchanged) to stdout.
    Import {
        /// The file's format.
        #[arg(long, value_name = "FORMAT", value_parser = parse_rates_format)]
        format: jointreg::rates::Format,
        /// The file to import.
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
    },
}

fn parse_rates_format(text: &str) -> Result<jointreg::rates::Format, String> {
    jointreg::rates::Format::parse(text)
        .ok_or_else(|| format!("{text:?} is not a rates format ({})", jointreg::rates::Format::names()))
}

fn parse_kind(text: &str) -> Result<jointreg::imports::Kind, String> {
    jointreg::imports::Kind::parse(text)
        .ok_or_else(|| format!("{text:?} is not a kind of record ({})", jointreg::imports::Kind::names()))
}

fn parse_day(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?} is not a day (YYYY-MM-DD)"))
}

const EX_SOFTWARE: u8 = 1;
const EX_DATAERR: u8 = 65;
const EX_NOINPUT: u8 = 66;
const EX_UNAVAILABLE: u8 = 69;
const EX_CONFIG: u8 = 78;

fn main() -> ExitCode {
    jointreg::memory::tune_allocator();
    let env_file_problem = match dotenvy::dotenv() {
        Err(err) if !err.not_found() => Some(format!(".env: cannot be read ({err})")),
        _ => None,
    };
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        print!("{}", jointreg::openapi::to_pretty_json(&jointreg::openapi::document()));
        return ExitCode::SUCCESS;
    }
    // A misspelt variable is often why another setting is wrong (its default was used), so it is
    // reported with the problems, not only when everything else is right.
    let typos: Vec<String> = unknown_variables().iter().map(|name| probable_typo(name)).collect();
    let settings = match (cli.settings.validate(), env_file_problem) {
        (Ok(settings), None) => settings,
        (result, env_problem) => {
            let problems = env_problem.into_iter().chain(result.err().into_iter().flatten()).chain(typos);
            for problem in problems {
                eprintln!("error: {problem}");
            }
            return ExitCode::from(EX_CONFIG);
        }
    };
    for typo in typos {
        eprintln!("warning: {typo}");
    }
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings),
        Command::Migrate => migrate(&settings),
        Command::CheckConfig => check_config(&settings),
        Command::CreateAdmin { email, name, password_stdin } => create_admin(&settings, &email, &name, password_stdin),
        Command::SeedDemo => seed_demo(&settings),
        Command::SeedSynthetic { projects, seed } => seed_synthetic(&settings, projects, seed),
        Command::ReindexSearch => reindex_search(&settings),
        Command::Alerts { command: AlertsCommand::Run { today } } => run_alerts(&settings, today),
        Command::Import { file, kind, dry_run } => import(&settings, &file, kind, dry_run),
        Command::Rates { command: RatesCommand::Import { format, file } } => import_rates(&settings, &file, format),
        Command::Backup { to, force } => backup(&settings, &to, force),
        Command::Restore { from } => restore(&settings, &from),
        Command::Openapi => ExitCode::SUCCESS,
    }
}

fn startup_failure(err: &StartupError) -> ExitCode {
    eprintln!("error: {err}");
    match err {
        StartupError::Bind { .. } => ExitCode::from(EX_SOFTWARE),
        StartupError::Mail(_) | StartupError::Auth(_) => ExitCode::from(EX_CONFIG),
        StartupError::Alerts(_) => ExitCode::from(EX_SOFTWARE),
        _ => ExitCode::from(EX_UNAVAILABLE),
    }
}

fn serve(settings: Settings) -> ExitCode {
    jointreg::telemetry::init(&settings);
    let result = actix_web::rt::System::new().block_on(async move {
        let app = Application::build(&settings).map_err(|e| startup_failure(&e))?;
        app.run_until_stopped().await.map_err(|e| {
            eprintln!("error: the server stopped with an error: {e}");
            ExitCode::from(EX_SOFTWARE)
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn migrate(settings: &Settings) -> ExitCode {
    match startup::prepare_connection(settings) {
        Ok((_, applied)) if applied.is_empty() => {
            println!("{}: the database is up to date", settings.database.redacted());
            ExitCode::SUCCESS
        }
        Ok((_, applied)) => {
            for name in applied {
                println!("applied {name}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => startup_failure(&err),
    }
}

fn create_admin(settings: &Settings, email: &str, name: &str, password_stdin: bool) -> ExitCode {
    use jointreg::admin::{CreateAdminError, create_admin};
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let input: Option<&mut dyn std::io::BufRead> = if password_stdin { Some(&mut lock) } else { None };
    match create_admin(settings, email, name, input) {
        Ok(created) => {
            println!("created administrator {email} ({})", created.id);
            if let Some(password) = created.generated_password {
                println!("password (shown once; change it after signing in): {password}");
            }
            ExitCode::SUCCESS
        }
        Err(CreateAdminError::Input(why)) => {
            eprintln!("error: {why}");
            ExitCode::from(EX_DATAERR)
        }
        Err(CreateAdminError::Startup(err)) => startup_failure(&err),
        Err(CreateAdminError::Failed(why)) => {
            eprintln!("error: {why}");
            ExitCode::from(EX_SOFTWARE)
        }
    }
}

fn seed_demo(settings: &Settings) -> ExitCode {
    use jointreg::demo::{Outcome, load};
    let mut conn = match startup::prepare_connection(settings) {
        Ok((conn, _)) => conn,
        Err(err) => return startup_failure(&err),
    };
    let today = settings.clock.today();
    let loaded = load(&mut conn, today, &mut |step| eprintln!("loading {step}…")).map_err(|e| e.to_string());
    match loaded {
        Ok(Outcome::Loaded { centre_id }) => {
            println!(
                "demo data loaded: see GET /api/v1/centres/{centre_id}/timeline and, for its funding findings, GET /api/v1/funding-gaps"
            );
            ExitCode::SUCCESS
        }
        Ok(Outcome::AlreadyLoaded { centre_id }) => {
            println!("demo data already loaded (centre {centre_id}); nothing changed");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::from(EX_SOFTWARE)
        }
    }
}

fn seed_synthetic(settings: &Settings, projects: u32, seed: u64) -> ExitCode {
    use jointreg::synthetic::{SyntheticError, load};
    let mut conn = match startup::prepare_connection(settings) {
        Ok((conn, _)) => conn,
        Err(err) => return startup_failure(&err),
    };
    let started = std::time::Instant::now();
    eprintln!("generating a registry of {projects} projects (seed {seed}) into {}", settings.database.redacted());
    let mut progress = |table: &str, rows: usize| {
        eprintln!("{:>7.1} s  {table}: {rows} rows", started.elapsed().as_secs_f64());
    };
    match load(&mut conn, projects as usize, seed, &mut progress) {
        Ok(()) => {
            println!("loaded a synthetic registry of {projects} projects in {:.1} s", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(err @ SyntheticError::NotEmpty(_)) => {
            eprintln!("error: {err}");
            ExitCode::from(EX_DATAERR)
        }
        Err(err) => {
            eprintln!("error: nothing was loaded: {err}");
            ExitCode::from(EX_SOFTWARE)
        }
    }
}

fn reindex_search(settings: &Settings) -> ExitCode {
    let mut conn = match startup::prepare_connection(settings) {
        Ok((conn, _)) => conn,
        Err(err) => return startup_failure(&err),
    };
    let started = std::time::Instant::now();
    let mut progress = |entity: &str, records: usize| {
        eprintln!("{:>7.1} s  {entity}: {records} records", started.elapsed().as_secs_f64());
    };
    match jointreg::db::models::search_terms::rebuild(&mut conn, true, &mut progress) {
        Ok(_) => {
            println!("rebuilt the search terms in {:.1} s", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: the search terms were left as they were: {err}");
            ExitCode::from(EX_SOFTWARE)
        }
    }
}

fn import(
    settings: &Settings,
    file: &std::path::Path,
    kind: Option<jointreg::imports::Kind>,
    dry_run: bool,
) -> ExitCode {
    use jointreg::imports::command::import_file;
    let started = std::time::Instant::now();
    let mut progress = |kind: jointreg::imports::Kind, done: usize, total: usize| {
        eprintln!("{:>7.1} s  {}: {done}/{total} rows", started.elapsed().as_secs_f64(), kind.as_str());
    };
    match import_file(settings, file, kind, dry_run, &mut progress) {
        Ok(report) => {
            for kind in jointreg::imports::Kind::ALL {
                let counts = report.of(kind);
                println!(
                    "{:<13} {} created, {} updated, {} unchanged",
                    kind.as_str(),
                    counts.created,
                    counts.updated,
                    counts.unchanged
                );
            }
            match report.dry_run {
                true => println!("dry run: {} rows checked, nothing written", report.rows),
                false => println!("imported {} rows (import {})", report.rows, report.import_id),
            }
            ExitCode::SUCCESS
        }
        Err(err) => import_failure(err),
    }
}

/// How a failed import (of records or of rates) ends.
fn import_failure(err: jointreg::imports::command::ImportError) -> ExitCode {
    use jointreg::imports::command::ImportError;
    match err {
        ImportError::Input { message, problems } => {
            for problem in &problems {
                let field = if problem.field.is_empty() { "file" } else { problem.field.as_str() };
                eprintln!("error: {field}: {} [{}]", problem.message, problem.code);
            }
            eprintln!("error: {message}");
            ExitCode::from(EX_DATAERR)
        }
        ImportError::NoInput(why) => {
            eprintln!("error: {why}");
            ExitCode::from(EX_NOINPUT)
        }
        ImportError::Startup(err) => startup_failure(&err),
        err @ ImportError::Unavailable(_) => {
            eprintln!("error: nothing was imported: {err}");
            ExitCode::from(EX_UNAVAILABLE)
        }
        ImportError::Failed(why) => {
            eprintln!("error: nothing was imported: {why}");
            ExitCode::from(EX_SOFTWARE)
        }
    }
}

fn import_rates(settings: &Settings, file: &std::path::Path, format: jointreg::rates::Format) -> ExitCode {
    use jointreg::rates::command::import_file;
    let started = std::time::Instant::now();
    let mut progress = |step: &str| eprintln!("{:>7.1} s  {step}", started.elapsed().as_secs_f64());
    match import_file(settings, file, format, &mut progress) {
        Ok(report) => {
            println!(
                "{} rates: {} new, {} changed, {} unchanged ({} of other currencies left out)",
                report.source.as_str(),
                report.new,
                report.changed,
                report.unchanged,
                report.skipped
            );
            if let (Some(first), Some(last)) = (report.first_date, report.last_date) {
                println!("from {first} to {last}");
            }
            match &report.batch_id {
                Some(batch) => println!("imported {} rates (batch {batch})", report.rows),
                None => println!("nothing to write: every rate is already stored"),
            }
            ExitCode::SUCCESS
        }
        Err(err) => import_failure(err),
    }
}

fn backup(settings: &Settings, to: &std::path::Path, force: bool) -> ExitCode {
    match jointreg::backup::backup(settings, to, force) {
        Ok(written) => {
            println!("{written}");
            ExitCode::SUCCESS
        }
        Err(err) => backup_failure(&err),
    }
}

fn restore(settings: &Settings, from: &std::path::Path) -> ExitCode {
    match jointreg::backup::restore(settings, from) {
        Ok(restored) => {
            println!("{restored}");
            ExitCode::SUCCESS
        }
        Err(err) => backup_failure(&err),
    }
}

fn backup_failure(err: &jointreg::backup::BackupError) -> ExitCode {
    use jointreg::backup::BackupError;
    eprintln!("error: {err}");
    match err {
        BackupError::Input(_) => ExitCode::from(EX_DATAERR),
        BackupError::Unavailable(_) => ExitCode::from(EX_UNAVAILABLE),
        BackupError::Failed(_) => ExitCode::from(EX_SOFTWARE),
    }
}

fn run_alerts(settings: &Settings, today: Option<chrono::NaiveDate>) -> ExitCode {
    let mut conn = match startup::prepare_connection(settings) {
        Ok((conn, _)) => conn,
        Err(err) => return startup_failure(&err),
    };
    let today = today.unwrap_or_else(|| settings.clock.today());
    let catalogue = match jointreg::i18n::Catalogue::load() {
        Ok(catalogue) => catalogue,
        Err(why) => {
            eprintln!("error: the message catalogue does not load: {why}");
            return ExitCode::from(EX_SOFTWARE);
        }
    };
    match jointreg::alerts::run(&mut conn, today, &settings.mail.public_url, &catalogue) {
        Ok(report) => {
            println!("sent {} alerts ({} already sent)", report.sent, report.already_sent);
            println!("{} messages queued for delivery", report.messages);
            if report.unaddressed > 0 {
                println!(
                    "{} alerts have nobody to receive them (no active lab head or coordinator)",
                    report.unaddressed
                );
            }
            if report.failed > 0 {
                eprintln!("error: {} alerts could not be queued; run again to retry them", report.failed);
                return ExitCode::from(EX_SOFTWARE);
            }
            ExitCode::SUCCESS
        }
        Err(jointreg::error::ApiError::Unavailable(why)) => {
            eprintln!("error: the database is unavailable: {why}");
            ExitCode::from(EX_UNAVAILABLE)
        }
        Err(jointreg::error::ApiError::Internal(err)) => {
            eprintln!("error: alerts not run: {err:#}");
            ExitCode::from(EX_SOFTWARE)
        }
        Err(err) => {
            eprintln!("error: alerts not run: {err}");
            ExitCode::from(EX_SOFTWARE)
        }
    }
}

fn check_config(settings: &Settings) -> ExitCode {
    println!("bind                {}", settings.bind);
    println!("database            {}", settings.database.redacted());
    println!("db pool size        {}", settings.db_pool_size);
    println!("db connect timeout  {} s", settings.db_connect_timeout.as_secs());
    println!("db busy timeout     {} ms", settings.db_busy_timeout.as_millis());
    println!("workers             {}", settings.workers);
    println!("max body            {} bytes", settings.max_body_bytes);
    println!("shutdown timeout    {} s", settings.shutdown_timeout.as_secs());
    println!("log                 {} ({:?})", settings.log_filter, settings.log_format);
    if settings.alerts_enabled {
        println!("alerts              daily at {} UTC", settings.alerts_at.format("%H:%M"));
    } else {
        println!("alerts              off (run `jointreg alerts run` from cron)");
    }
    let metrics = match (&settings.metrics.bind, &settings.metrics.token) {
        (None, None) => "off".to_owned(),
        (Some(address), None) => format!("http://{address}/metrics"),
        (None, Some(_)) => "/metrics on the main address, with the metrics token".to_owned(),
        (Some(address), Some(_)) => format!("http://{address}/metrics, and on the main address with the token"),
    };
    println!("metrics             {metrics}");
    let manager = jointreg::db::pool::Manager::new(
        settings.database.clone(),
        settings.db_connect_timeout,
        settings.db_busy_timeout,
    );
    match r2d2::ManageConnection::connect(&manager) {
        Ok(_) => {
            println!("database connection ok");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(EX_UNAVAILABLE)
        }
    }
}
