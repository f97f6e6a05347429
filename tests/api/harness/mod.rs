//! The test runner of this binary (`harness = false`): libtest-mimic, fed by the tests that
//! `api_test!` and `both_backends!` register. A test whose requirement is not met (no PostgreSQL
//! URL, a program not on PATH) is reported as ignored, with the reason, rather than passing
//! without having run; `--include-ignored` runs it anyway, and it then fails.

mod honesty;
mod macros;
mod requirement;

use std::cell::RefCell;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

pub use requirement::{Requirement, find_on_path, shared_file};

/// One registered test.
pub struct Test {
    /// `module_path!()` and the function: `api::labs::a_lab::sqlite`.
    pub path: &'static str,
    pub requires: &'static [Requirement],
    pub run: fn(),
}

#[linkme::distributed_slice]
pub static TESTS: [Test];

impl Test {
    /// The name shown and filtered on: the path within this binary, as libtest names tests.
    fn name(&self) -> &'static str {
        self.path.split_once("::").map_or(self.path, |(_crate, rest)| rest)
    }

    fn trial(&'static self, run_unmet: bool) -> Trial {
        let missing = self.requires.iter().find_map(Requirement::missing);
        // libtest-mimic's ignored flag carries no reason, so an unmet test that is not asked for
        // reports itself ignored with the reason; `--ignored`/`--include-ignored` get the real test.
        match missing {
            Some(reason) if !run_unmet => {
                Trial::ignorable_test(self.name(), move || Ok(Completion::ignored_with(reason)))
            }
            missing => Trial::test(self.name(), move || run_isolated(self)).with_ignored_flag(missing.is_some()),
        }
    }
}

pub fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    // libtest honours RUST_TEST_THREADS; libtest-mimic reads only the flag.
    if args.test_threads.is_none() {
        args.test_threads = std::env::var("RUST_TEST_THREADS").ok().and_then(|n| n.parse().ok());
    }
    remember_panics();
    let run_unmet = args.ignored || args.include_ignored;
    let mut tests: Vec<&'static Test> = TESTS.iter().collect();
    tests.sort_by_key(|test| test.name());
    let trials = tests.into_iter().map(|test| test.trial(run_unmet)).collect();
    libtest_mimic::run(&args, trials).exit_code()
}

/// Runs an async test body on a runtime of its own, as `#[tokio::test]` did (current thread).
pub fn block_on(body: impl Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime for the test").block_on(body)
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps the default panic output (printed as it happens: nothing is captured) and remembers each
/// thread's last panic with its location, for the failure report.
fn remember_panics() {
    let print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(info.to_string()));
        print(info);
    }));
}

/// Runs the test on a thread named after it, as libtest does, so a panic message names the test.
fn run_isolated(test: &'static Test) -> Result<(), Failed> {
    let thread = std::thread::Builder::new()
        .name(test.name().to_owned())
        .spawn(move || {
            std::panic::catch_unwind(test.run)
                .map_err(|_| LAST_PANIC.with(|last| last.take()).unwrap_or_else(|| "panicked".to_owned()))
        })
        .map_err(|e| format!("cannot start the test's thread: {e}"))?;
    thread.join().unwrap_or_else(|_| Err("the test's thread could not report".to_owned())).map_err(Failed::from)
}
