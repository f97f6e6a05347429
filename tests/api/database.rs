//! The database layer as the service uses it.

use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, TestDatabase};
use crate::{api_test, both_backends};

#[derive(diesel::QueryableByName)]
struct TextValue {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(diesel::QueryableByName)]
struct NumberValue {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

api_test! {
    fn every_pooled_sqlite_connection_has_wal_foreign_keys_and_a_busy_timeout() {
        let database = TestDatabase::new(Backend::Sqlite);
        let pool = jointreg::db::pool::build(
            &database.url,
            3,
            std::time::Duration::from_secs(2),
            std::time::Duration::from_millis(4321),
        )
        .unwrap();
        // Hold several connections at once so more than one is opened.
        let mut connections: Vec<_> = (0..3).map(|_| pool.get().unwrap()).collect();
        for conn in connections.iter_mut() {
            let conn = &mut **conn;
            let mode: TextValue =
                diesel::sql_query("SELECT journal_mode AS value FROM pragma_journal_mode").get_result(conn).unwrap();
            assert_eq!(mode.value, "wal");
            let keys: NumberValue =
                diesel::sql_query("SELECT foreign_keys AS value FROM pragma_foreign_keys").get_result(conn).unwrap();
            assert_eq!(keys.value, 1);
            let busy: NumberValue =
                diesel::sql_query("SELECT timeout AS value FROM pragma_busy_timeout").get_result(conn).unwrap();
            assert_eq!(busy.value, 4321);
            let sync: NumberValue =
                diesel::sql_query("SELECT synchronous AS value FROM pragma_synchronous").get_result(conn).unwrap();
            assert_eq!(sync.value, 2, "synchronous=FULL");
        }
    }
}

both_backends! {
    async fn many_concurrent_writers_all_succeed(backend) {
        let app = TestApp::spawn_with(backend, |s| s.workers = 2).await;
        let bodies: Vec<Value> = (0..40)
            .map(|i| json!({"names": {"en": format!("Concurrent {i}")}, "country": "KZ", "kind": "other"}))
            .collect();

        let responses = futures_util::future::join_all(bodies.iter().map(|b| app.post_json("/api/v1/institutions", b))).await;

        let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
        assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
        let page: Value = app.get("/api/v1/institutions?limit=1").await.json().await.unwrap();
        assert_eq!(page["total"], 40);
    }

    async fn concurrent_read_then_write_transactions_queue_instead_of_failing(backend) {
        let app = TestApp::spawn_with(backend, |s| s.workers = 2).await;
        let mut paths = Vec::new();
        for i in 0..30 {
            let created = app.create_institution(&json!({"names": {"en": format!("Edited {i}")}, "country": "KZ", "kind": "other"})).await;
            paths.push(format!("/api/v1/institutions/{}", created["id"].as_str().unwrap()));
        }
        let change = json!({"city": "Astana"});

        // Each PATCH reads its record, then writes it: the pattern that fails with "database is
        // locked" under deferred SQLite transactions.
        let responses = futures_util::future::join_all(paths.iter().map(|p| app.patch_json(p, Some("\"1\""), &change))).await;

        let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    }
}
