//! `jointreg seed-synthetic`: the shape it promises, the same registry for the same seed, data the
//! API serves (search in three scripts, findings), and a clear refusal of a database in use.

use std::process::Stdio;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde_json::Value;

use crate::both_backends;
use crate::helpers::{TestApp, TestDatabase};
use crate::lifecycle::{database_env, jointreg};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName, PartialEq, Debug)]
struct Digest {
    #[diesel(sql_type = Text)]
    row: String,
}

fn count(database: &TestDatabase, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(&mut database.connect()).unwrap().n
}

/// Every project's and funding record's defining values, in order: equal digests, equal registries.
fn digest(database: &TestDatabase) -> Vec<Digest> {
    let sql = "SELECT id || '|' || COALESCE(title_ru, '') || '|' || COALESCE(title_zh, '') || '|' || status || '|' || visibility AS row FROM projects \
               UNION ALL SELECT id || '|' || project_id || '|' || funder_id || '|' || side || '|' || status || '|' || CAST(amount_minor AS TEXT) FROM funding_records \
               UNION ALL SELECT output_id || '|' || project_id FROM output_projects ORDER BY 1";
    diesel::sql_query(sql).load(&mut database.connect()).unwrap()
}

/// Runs `jointreg seed-synthetic` on `database`; returns (exit code, stdout, stderr).
fn seed(database: &TestDatabase, args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = jointreg(dir.path())
        .arg("seed-synthetic")
        .args(args)
        .env("JOINTREG_DATABASE_URL", database_env(&database.url))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

both_backends! {
    async fn seeds_the_promised_shape_the_same_for_a_seed_and_refuses_a_database_in_use(backend) {
        let database = TestDatabase::new(backend);
        let (code, stdout, stderr) = seed(&database, &["--projects", "500", "--seed", "7"]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(stdout.contains("loaded a synthetic registry of 500 projects"), "{stdout}");
        for table in ["institutions", "labs", "mirror_links", "projects", "funding_records", "outputs"] {
            assert!(stderr.contains(&format!("{table}: ")), "progress names {table}: {stderr}");
        }
        assert_eq!(count(&database, "SELECT COUNT(*) AS n FROM projects"), 500);
        assert_eq!(count(&database, "SELECT COUNT(*) AS n FROM funding_records"), 2000);
        assert_eq!(count(&database, "SELECT COUNT(*) AS n FROM outputs"), 5000);
        assert_eq!(count(&database, "SELECT COUNT(*) AS n FROM institutions"), 20);
        assert_eq!(count(&database, "SELECT COUNT(*) AS n FROM labs"), 83);
        assert!(count(&database, "SELECT COUNT(*) AS n FROM mirror_links") > 10);
        assert_eq!(count(&database, "SELECT COUNT(*) AS n FROM project_labs WHERE role = 'lead'"), 500, "every project has one lead lab");
        assert!(count(&database, "SELECT COUNT(*) AS n FROM projects WHERE title_ru IS NOT NULL AND title_zh IS NOT NULL") > 200, "titles in three languages");
        for country in ["RU", "CN", "KZ"] {
            assert!(count(&database, &format!("SELECT COUNT(*) AS n FROM institutions WHERE country = '{country}'")) > 0, "{country}");
        }
        assert!(count(&database, "SELECT COUNT(*) AS n FROM funding_records WHERE status = 'ended'") > 100, "history, not just the present");

        let again = TestDatabase::new(backend);
        assert_eq!(seed(&again, &["--projects", "500", "--seed", "7"]).0, 0);
        assert_eq!(digest(&again), digest(&database), "the same seed, the same registry");
        let other = TestDatabase::new(backend);
        assert_eq!(seed(&other, &["--projects", "500", "--seed", "8"]).0, 0);
        assert_ne!(digest(&other), digest(&database), "another seed, another registry");

        let (code, _, stderr) = seed(&database, &["--projects", "10"]);
        assert_eq!(code, 65, "{stderr}");
        assert!(stderr.contains("fills only an empty registry"), "{stderr}");
        assert_eq!(count(&database, "SELECT COUNT(*) AS n FROM projects"), 500, "nothing added");
        assert_eq!(seed(&database, &["--projects", "0"]).0, 2, "usage error");
    }

    async fn the_api_serves_a_synthetic_registry_searched_in_three_scripts(backend) {
        let app = TestApp::spawn(backend).await;
        jointreg::synthetic::load(&mut app.database.connect(), 300, 1, &mut |_, _| {}).unwrap();
        for (query, expected) in [("joint project 12:", "Joint project 12:"), ("СОВМЕСТНЫЙ ПРОЕКТ 12:", "Совместный проект 12:"), ("联合项目 12：", "联合项目 12：")] {
            let page: Value = app.get(&format!("/api/v1/projects?q={}", url::form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>())).await.json().await.unwrap();
            let items = page["items"].as_array().unwrap();
            let titles: Vec<String> = items.iter().map(|item| item["titles"].to_string()).collect();
            assert!(titles.iter().any(|t| t.contains(expected)), "{query}: {titles:?}");
            // A cross-script term is a prefix that skips punctuation: "проект 12:" also meets
            // "проект 120:", never anything else.
            let prefix = expected.trim_end_matches([':', '：']);
            for title in &titles {
                assert!(title.contains(prefix), "{query}: {title}");
            }
        }
        let findings = app.get("/api/v1/funding-gaps?limit=5").await;
        assert_eq!(findings.status(), 200);
        let findings: Value = findings.json().await.unwrap();
        assert!(findings["total"].as_i64().unwrap() > 10, "a registry with gaps to find: {}", findings["total"]);
        let stats: Value = app.get("/api/v1/stats").await.json().await.unwrap();
        assert_eq!(stats["projects_by_status"].as_object().unwrap().values().map(|v| v.as_i64().unwrap()).sum::<i64>(), 300);
    }
}
