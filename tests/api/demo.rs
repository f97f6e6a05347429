//! `jointreg seed-demo`: the centre of the article, loaded twice, read back through the API.

use std::process::Command;

use jointreg::config::DatabaseUrl;
use serde_json::Value;

use crate::both_backends;
use crate::helpers::{TestApp, TestDatabase};

fn seed_demo(database: &DatabaseUrl) -> std::process::Output {
    let url = match database {
        DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres { url } => url.clone(),
    };
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_jointreg"))
        .arg("seed-demo")
        .env_clear()
        .env("JOINTREG_DATABASE_URL", url)
        .current_dir(dir.path())
        .output()
        .unwrap()
}

both_backends! {
    async fn seed_demo_loads_the_centre_once_and_shows_progress(backend) {
        let database = TestDatabase::new(backend);

        let first = seed_demo(&database.url);
        assert!(first.status.success(), "{first:?}");
        assert!(String::from_utf8_lossy(&first.stderr).contains("loading laboratories"), "progress is shown");
        assert!(String::from_utf8_lossy(&first.stdout).contains("demo data loaded"));
        let second = seed_demo(&database.url);
        assert!(second.status.success(), "{second:?}");
        assert!(String::from_utf8_lossy(&second.stdout).contains("already loaded"));
    }

    async fn the_demo_centres_timeline_tells_three_pairs_then_one_and_a_third_country_site(backend) {
        let app = TestApp::spawn(backend).await;
        let outcome = jointreg::demo::load(&mut app.database.connect(), &mut |_| {}).unwrap();
        let jointreg::demo::Outcome::Loaded { centre_id } = outcome else { panic!("a fresh database") };

        let timeline: Value = app.get(&format!("/api/v1/centres/{centre_id}/timeline")).await.json().await.unwrap();

        let points: Vec<(String, i64, i64, i64)> = timeline["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["date"].as_str().unwrap().to_owned(),
                    p["active_labs"].as_i64().unwrap(),
                    p["active_mirror_pairs"].as_i64().unwrap(),
                    p["active_third_country_links"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            points,
            [
                ("2020-09-01".into(), 6, 3, 0),
                ("2022-12-31".into(), 6, 1, 0),
                ("2023-01-01".into(), 2, 1, 0),
                ("2023-03-01".into(), 3, 1, 1),
            ]
        );
        let centre: Value = app.get(&format!("/api/v1/centres/{centre_id}")).await.json().await.unwrap();
        assert_eq!(centre["status"], "reduced");
        let funders: Value = app.get("/api/v1/funders?q=rfbr").await.json().await.unwrap();
        assert_eq!(funders["items"][0]["status"], "closed");
    }
}
