//! The harness reports what it did: this binary is run again on one tiny test, and its summary
//! line must call an unmet PostgreSQL variant ignored, and an unreachable server a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{POSTGRES_URL_VARIABLE, TestDatabase};
use crate::{api_test, both_backends};

both_backends! {
    async fn a_fresh_test_database_opens(backend) {
        TestDatabase::new(backend).connect();
    }
}

/// This binary on the two variants above, with `postgres_url` (or none) and `extra` arguments:
/// its exit code and its standard output and error.
fn run_self(postgres_url: Option<&str>, extra: &[&str]) -> (Option<i32>, String) {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command.args(["harness::honesty::a_fresh_test_database_opens::", "--test-threads", "1", "--color", "never"]);
    command.args(extra).env_remove(POSTGRES_URL_VARIABLE);
    if let Some(url) = postgres_url {
        command.env(POSTGRES_URL_VARIABLE, url);
    }
    let output = command.output().expect("run the test binary");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code(), text)
}

api_test! {
    fn without_the_url_the_postgres_variant_is_ignored_not_passed() {
        let (code, output) = run_self(None, &[]);
        assert_eq!(code, Some(0), "{output}");
        assert!(output.contains("test result: ok. 1 passed; 0 failed; 1 ignored;"), "{output}");
        assert!(
            output.contains(&format!("a_fresh_test_database_opens::postgres ... ignored ({POSTGRES_URL_VARIABLE} is not set)")),
            "{output}"
        );
    }

    fn include_ignored_runs_the_postgres_variant_and_it_fails_without_the_url() {
        let (code, output) = run_self(None, &["--include-ignored"]);
        assert_eq!(code, Some(101), "{output}");
        assert!(output.contains("test result: FAILED. 1 passed; 1 failed; 0 ignored;"), "{output}");
        assert!(output.contains("PostgreSQL tests need"), "{output}");
    }

    fn an_unreachable_postgres_url_fails_and_is_never_skipped() {
        let (code, output) = run_self(Some("postgres://postgres@127.0.0.1:1/postgres"), &[]);
        assert_eq!(code, Some(101), "{output}");
        assert!(output.contains("test result: FAILED. 1 passed; 1 failed; 0 ignored;"), "{output}");
        assert!(output.contains("is set but PostgreSQL cannot be reached"), "{output}");
    }

    /// With `harness = false` a `#[test]` function compiles and silently never runs.
    fn every_test_is_registered_with_the_harness() {
        let attributes = [concat!("#[", "test]"), concat!("#[", "tokio::test")];
        let mut found = Vec::new();
        for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api")) {
            let text = std::fs::read_to_string(&file).expect("read a test file");
            for (number, line) in text.lines().enumerate() {
                if attributes.iter().any(|attribute| line.trim_start().starts_with(attribute)) {
                    found.push(format!("{}:{}", file.display(), number + 1));
                }
            }
        }
        assert!(found.is_empty(), "never run here; write api_test! {{ fn … }} instead (README, Development): {found:#?}");
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read a test folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}
