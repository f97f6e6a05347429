//! kill -9 during a burst of creates, 20 times: every create that was acknowledged is there after
//! the restart, a create retried with its `Idempotency-Key` is never made twice, and SQLite's
//! integrity check passes. The real binary, killed with SIGKILL, on loopback.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::TestDatabase;
use crate::lifecycle::{admin_token, database_env, serve};

const CYCLES: usize = 20;
const BURST: usize = 12;

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

fn institution(n: usize) -> Value {
    json!({"names": {"en": format!("Crash-test institute {n:04}")}, "country": "KZ", "kind": "university"})
}

/// POSTs `body` with `key`: the status (`None` when the connection died) and the new record's id.
async fn create(
    client: &reqwest::Client,
    port: u16,
    token: &str,
    key: &str,
    body: &Value,
) -> (Option<u16>, Option<String>) {
    let sent = client
        .post(format!("http://127.0.0.1:{port}/api/v1/institutions"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await;
    let Ok(response) = sent else { return (None, None) };
    let status = response.status().as_u16();
    let created: Value = response.json().await.unwrap_or(Value::Null);
    (Some(status), if status == 201 { created["id"].as_str().map(str::to_owned) } else { None })
}

both_backends! {
    async fn kill_9_during_creates_loses_nothing_acknowledged_and_retries_make_no_duplicates(backend) {
        let database = TestDatabase::new(backend);
        let url = database_env(&database.url);
        let dir = tempfile::tempdir().unwrap();
        let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        let (mut child, mut port, _) = serve(dir.path(), &url);
        let token = admin_token(dir.path(), &url, port);
        // key → (n, acknowledged id)
        let mut acknowledged: BTreeMap<String, (usize, String)> = BTreeMap::new();
        let mut unanswered: BTreeMap<String, usize> = BTreeMap::new();

        for cycle in 0..CYCLES {
            let mut burst = Vec::new();
            let answered = Arc::new(AtomicUsize::new(0));
            for i in 0..BURST {
                let n = cycle * BURST + i;
                let key = format!("crash-{n}");
                let (client, token, body, answered) = (client.clone(), token.clone(), institution(n), answered.clone());
                burst.push(tokio::spawn(async move {
                    let (_, id) = create(&client, port, &token, &key, &body).await;
                    if id.is_some() {
                        answered.fetch_add(1, Ordering::SeqCst);
                    }
                    (key, n, id)
                }));
            }
            // Killed while the burst is in flight: once the first one to three creates are
            // answered (or after 5 s), so some are acknowledged and some are not.
            let started = std::time::Instant::now();
            while answered.load(Ordering::SeqCst) < 1 + cycle % 3 && started.elapsed() < Duration::from_secs(5) {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            child.kill().unwrap();
            child.wait().unwrap();
            for task in burst {
                let (key, n, id) = task.await.unwrap();
                match id {
                    Some(id) => {
                        acknowledged.insert(key, (n, id));
                    }
                    None => {
                        unanswered.insert(key, n);
                    }
                }
            }
            (child, port, _) = serve(dir.path(), &url);
        }
        assert!(!acknowledged.is_empty() && !unanswered.is_empty(), "the kills landed mid-burst: {} acknowledged, {} not", acknowledged.len(), unanswered.len());

        // Every create retried with its key. An acknowledged one answers with its first id; one
        // that was never answered is made now. (Before claims committed with their record, a kill
        // between the two left the key held: 409 to every retry for a minute.)
        for (key, (n, id)) in &acknowledged {
            assert_eq!(create(&client, port, &token, key, &institution(*n)).await, (Some(201), Some(id.clone())), "{key}");
        }
        for (key, n) in &unanswered {
            let (status, id) = create(&client, port, &token, key, &institution(*n)).await;
            assert!(status == Some(201) && id.is_some(), "{key}: {status:?}");
        }
        let listing: Value = client
            .get(format!("http://127.0.0.1:{port}/api/v1/institutions?limit=100&q=crash"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(listing["total"], json!(CYCLES * BURST), "each create exactly once");
        eprintln!(
            "kill -9 × {CYCLES}: {} creates acknowledged before the kill, {} unanswered and made on retry",
            acknowledged.len(),
            unanswered.len()
        );
        let mut conn = database.connect();
        let names: Vec<String> = jointreg::db::schema::institutions::table
            .select(jointreg::db::schema::institutions::name_en)
            .load(&mut conn)
            .unwrap();
        assert_eq!(names.iter().collect::<BTreeSet<_>>().len(), names.len(), "no duplicates");
        let ids: Vec<String> = jointreg::db::schema::institutions::table.select(jointreg::db::schema::institutions::id).load(&mut conn).unwrap();
        assert!(acknowledged.values().all(|(_, id)| ids.contains(id)), "every acknowledged create survived");
        if matches!(database.url, jointreg::config::DatabaseUrl::Sqlite { .. }) {
            let check: Vec<Integrity> = diesel::sql_query("PRAGMA integrity_check").load(&mut conn).unwrap();
            assert_eq!(check.iter().map(|c| c.integrity_check.as_str()).collect::<Vec<_>>(), ["ok"]);
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
