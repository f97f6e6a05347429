//! The change feed (`GET /api/v1/changes`): every create, update and deletion a caller may see,
//! in commit order, resumable from a cursor; a record that becomes visible to a caller appears
//! as a create, one they can no longer read as a removal; no change is skipped or given twice
//! across pages, even while others write.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields};
use crate::outputs::output_body;
use crate::projects::{create, project_body};

const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

/// One change as the tests compare them: (type, id, action, reason).
type Seen = (String, String, String, Option<String>);

/// Reads the feed after `after` to its current end as `token` (the administrator when `None`,
/// anonymous with `Some("")`), `limit` a page; the changes and the cursor to resume from.
async fn drain(app: &TestApp, token: Option<&str>, after: &str, query: &str, limit: u32) -> (Vec<Seen>, String) {
    let mut cursor = after.to_owned();
    let mut seen = Vec::new();
    loop {
        let path = format!("/api/v1/changes?limit={limit}&after={cursor}{query}");
        let response = match token {
            None => app.get(&path).await,
            Some("") => app.anonymous.get(app.url(&path)).send().await.unwrap(),
            Some(token) => app.request_as(token, Method::GET, &path).send().await.unwrap(),
        };
        let status = response.status();
        let link = response.headers().get("link").map(|l| l.to_str().unwrap().to_owned());
        let page: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{path}: {page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit as usize);
        for item in items {
            let action = item["action"].as_str().unwrap().to_owned();
            // A present record says where to read it and at which version; a removed one neither.
            assert_eq!(item["href"].is_string(), action != "delete", "{item}");
            assert_eq!(item["version"].is_i64(), action != "delete", "{item}");
            seen.push((
                item["type"].as_str().unwrap().to_owned(),
                item["id"].as_str().unwrap().to_owned(),
                action,
                item["reason"].as_str().map(str::to_owned),
            ));
        }
        cursor = page["next_cursor"].as_str().unwrap().to_owned();
        assert_eq!(link.is_some(), page["more"] == true, "{page}");
        if page["more"] != true {
            return (seen, cursor);
        }
        assert_eq!(page["next"].as_str().unwrap(), format!("/api/v1/changes?{}", next_query(limit, query, &cursor)));
    }
}

/// Waits until the feed shows `change` (as the administrator sees it), the last write a test
/// made. On PostgreSQL the feed holds back entries of transactions younger than one still
/// running in the database (the service's own jobs), until it ends; once the last write is out,
/// every earlier one is too, for every caller.
async fn settle(app: &TestApp, change: &Seen) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut cursor = String::new();
    loop {
        let (seen, next) = drain(app, None, &cursor, "", 100).await;
        if seen.contains(change) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "the feed never showed {change:?}");
        cursor = next;
        tokio::task::yield_now().await;
    }
}

/// Waits until the administrator's feed holds `count` entries of the record `id`.
async fn settle_count(app: &TestApp, id: &Value, count: usize) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (seen, _) = drain(app, None, "", "", 100).await;
        if seen.iter().filter(|(_, seen_id, ..)| seen_id == id.as_str().unwrap()).count() >= count {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "the feed never showed {count} changes of {id}");
        tokio::task::yield_now().await;
    }
}

fn next_query(limit: u32, query: &str, cursor: &str) -> String {
    let types = query.strip_prefix("&types=").map(|t| format!("types={}&", t.replace(',', "%2C"))).unwrap_or_default();
    format!("{types}limit={limit}&after={cursor}")
}

fn change(kind: &str, id: &Value, action: &str, reason: Option<&str>) -> Seen {
    (kind.to_owned(), id.as_str().unwrap().to_owned(), action.to_owned(), reason.map(str::to_owned))
}

async fn award(app: &TestApp, project: &Value, number: &str) -> Value {
    let body = json!({
        "project_id": project["id"], "funder_id": RSF, "award_number": number, "side": "RU",
        "starts_on": "2021-07-01", "ends_on": "2024-06-30", "status": "active",
        "amount": {"amount_minor": 600_000_000_i64, "currency": "RUB"},
    });
    let response = app.post_json("/api/v1/funding", &body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// Every record's audience as its last feed entry has it: (type, id) → (audience, readers).
fn audiences(conn: &mut jointreg::db::DbConn) -> BTreeMap<(String, String), (String, String)> {
    use diesel::prelude::*;
    use jointreg::db::schema::feed_entries::dsl as feed;
    let rows: Vec<(String, String, String, String)> = feed::feed_entries
        .order(feed::seq)
        .select((feed::resource, feed::resource_id, feed::audience, feed::readers))
        .load(conn)
        .unwrap();
    rows.into_iter().map(|(kind, id, audience, readers)| ((kind, id), (audience, readers))).collect()
}

both_backends! {
    async fn the_migration_starts_the_feed_with_the_audiences_the_service_keeps(backend) {
        use diesel::connection::SimpleConnection;
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let mut projects = Vec::new();
        for (title, visibility, labs) in [
            ("Open atlas", "public", json!([{"lab_id": world.ru_lab, "role": "lead"}])),
            ("Partners' study", "partners", json!([{"lab_id": world.cn_lab, "role": "lead"}])),
            ("Closed study", "restricted", json!([{"lab_id": world.ru_lab, "role": "lead"}, {"lab_id": world.cn_lab, "role": "partner"}])),
            ("Other closed study", "restricted", json!([{"lab_id": world.other_lab, "role": "lead"}])),
        ] {
            let mut body = project_body(&world, title);
            body["visibility"] = json!(visibility);
            body["labs"] = labs;
            body["participants"] = json!([]);
            projects.push(create(&app, &body).await);
        }
        for (n, project) in projects.iter().enumerate() {
            award(&app, project, &format!("21-45-0000{n}")).await;
        }
        for linked in [vec![&projects[2], &projects[3]], vec![&projects[1], &projects[2]], vec![&projects[0], &projects[3]]] {
            let response = app.post_json("/api/v1/outputs", &output_body("Joint article", &linked)).await;
            assert_eq!(response.status(), 201);
        }
        let mut conn = app.database.connect();
        let kept = audiences(&mut conn);
        let kinds: BTreeSet<&str> = kept.values().map(|(audience, _)| audience.as_str()).collect();
        assert_eq!(kinds, BTreeSet::from(["everyone", "members", "readers"]));

        // Undo the migration and apply it again: it starts the feed from the records as they are.
        let down = if matches!(conn, jointreg::db::DbConn::Pg(_)) { "postgres" } else { "sqlite" };
        let down = std::fs::read_to_string(format!("migrations/{down}/2026-12-07-000016_change_feed/down.sql")).unwrap();
        conn.batch_execute(&down).unwrap();
        conn.batch_execute("DELETE FROM __diesel_schema_migrations WHERE version = '20261207000016'").unwrap();
        assert_eq!(jointreg::db::migrations::run(&mut conn).unwrap(), ["20261207000016"]);
        assert_eq!(audiences(&mut conn), kept);
    }


    async fn the_feed_starts_with_every_record_and_then_follows_each_change_in_order(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        settle(&app, &change("lab", &json!(world.other_lab), "create", None)).await;
        let (start, cursor) = drain(&app, None, "", "", 2).await;
        // The seeded funders, then the world: three institutions and three laboratories.
        let kinds: BTreeMap<&str, usize> = start.iter().fold(BTreeMap::new(), |mut counts, (kind, ..)| {
            *counts.entry(kind.as_str()).or_default() += 1;
            counts
        });
        assert_eq!(kinds.get("institution"), Some(&3), "{start:?}");
        assert_eq!(kinds.get("lab"), Some(&3), "{start:?}");
        assert!(kinds.get("funder").is_some_and(|n| *n > 0));
        assert!(start.iter().all(|(_, _, action, _)| action == "create"));
        let unique: BTreeSet<_> = start.iter().map(|(kind, id, ..)| (kind, id)).collect();
        assert_eq!(unique.len(), start.len(), "no record twice");

        let project = create(&app, &project_body(&world, "Systemic pathology of inflammation")).await;
        let path = format!("/api/v1/projects/{}", project["id"].as_str().unwrap());
        let etag = app.etag_of(&path).await;
        let response = app.patch_json(&path, Some(&etag), &json!({"acronym": "SP"})).await;
        assert_eq!(response.status(), 200);
        let funding = award(&app, &project, "21-45-00012").await;
        let response = app.client.delete(app.url(&format!("/api/v1/funding/{}", funding["id"].as_str().unwrap()))).send().await.unwrap();
        assert_eq!(response.status(), 204);
        let response = app.client.delete(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 204);
        settle(&app, &change("project", &project["id"], "delete", Some("deleted"))).await;

        let (changes, end) = drain(&app, None, &cursor, "", 2).await;
        assert_eq!(changes, [
            change("project", &project["id"], "create", None),
            change("project", &project["id"], "update", None),
            change("funding", &funding["id"], "create", None),
            change("funding", &funding["id"], "delete", Some("deleted")),
            change("project", &project["id"], "delete", Some("deleted")),
        ]);
        // Nothing new: an empty page that keeps the position.
        let page: Value = app.get(&format!("/api/v1/changes?after={end}")).await.json().await.unwrap();
        assert_eq!(page, json!({"items": [], "next_cursor": end, "more": false, "next": null}));
        // Only some kinds.
        let (funding_only, _) = drain(&app, None, &cursor, "&types=funding,output", 10).await;
        assert_eq!(funding_only.len(), 2);
        assert!(funding_only.iter().all(|(kind, ..)| kind == "funding"));
    }

    async fn a_record_becoming_visible_is_a_create_and_one_hidden_is_a_removal_for_that_caller(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let mut body = project_body(&world, "Systemic pathology of inflammation");
        body["visibility"] = json!("restricted");
        body["participants"] = json!([{"name": "Ирина Петрова", "role": "principal_investigator", "lab_id": world.ru_lab}]);
        let project = create(&app, &body).await;
        let funding = award(&app, &project, "21-45-00012").await;
        settle(&app, &change("funding", &funding["id"], "create", None)).await;
        let path = format!("/api/v1/projects/{}", project["id"].as_str().unwrap());
        let outsider = world.other_head.access_token.clone();
        let partner = World::partner_token(&app, &world.wuhan).await;

        // The outsider and the public see nothing of it; the Chinese partner's token sees it.
        let (outsider_start, outsider_cursor) = drain(&app, Some(&outsider), "", "&types=project,funding", 50).await;
        assert_eq!(outsider_start, []);
        let (public_start, public_cursor) = drain(&app, Some(""), "", "", 50).await;
        assert_eq!(public_start, [], "anonymous callers see public records only");
        let (partner_start, partner_cursor) = drain(&app, Some(&partner), "", "&types=project,funding", 50).await;
        assert_eq!(partner_start, [
            change("project", &project["id"], "create", None),
            change("funding", &funding["id"], "create", None),
        ]);

        // Made public: a create for everyone who could not read it, an update for the partner.
        let response = app.patch_current(&world.ru_head.access_token, &path, &json!({"visibility": "public"})).await;
        assert_eq!(response.status(), 200);
        settle(&app, &change("project", &project["id"], "update", None)).await;
        let became_visible = [change("project", &project["id"], "create", None), change("funding", &funding["id"], "create", None)];
        let (seen, outsider_cursor) = drain(&app, Some(&outsider), &outsider_cursor, "&types=project,funding", 1).await;
        assert_eq!(seen, became_visible);
        let (seen, public_cursor) = drain(&app, Some(""), &public_cursor, "", 1).await;
        assert_eq!(seen, became_visible);
        let (seen, partner_cursor) = drain(&app, Some(&partner), &partner_cursor, "&types=project,funding", 1).await;
        assert_eq!(seen, [change("project", &project["id"], "update", None)]);

        // The Chinese laboratory leaves it, and it is restricted again: gone for all three.
        let response = app
            .patch_current(&world.ru_head.access_token, &path, &json!({"visibility": "restricted", "labs": [{"lab_id": world.ru_lab, "role": "lead"}]}))
            .await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        settle_count(&app, &project["id"], 3).await;
        let hidden = [
            change("project", &project["id"], "delete", Some("no_longer_visible")),
            change("funding", &funding["id"], "delete", Some("no_longer_visible")),
        ];
        assert_eq!(drain(&app, Some(&outsider), &outsider_cursor, "&types=project,funding", 1).await.0, hidden);
        assert_eq!(drain(&app, Some(""), &public_cursor, "", 1).await.0, hidden);
        assert_eq!(drain(&app, Some(&partner), &partner_cursor, "&types=project,funding", 1).await.0, hidden);
        // Its own head still reads both, now as updates: the project changed, the funding did not.
        let (own, _) = drain(&app, Some(&world.ru_head.access_token), "", "&types=project,funding", 50).await;
        assert_eq!(own, [
            change("project", &project["id"], "create", None),
            change("funding", &funding["id"], "create", None),
            change("project", &project["id"], "update", None),
            change("project", &project["id"], "update", None),
        ]);

        // A new head of the Russian laboratory reads it; the old one no longer does.
        let new_head = app.sign_in(app.user(jointreg::domain::role::Role::LabHead, Some(world.outsider_institution.clone()), jointreg::domain::role::UserStatus::Active)).await;
        // Like everyone, they saw it while it was public.
        let (before, new_head_cursor) = drain(&app, Some(&new_head.access_token), "", "&types=project,funding", 50).await;
        assert_eq!(before, [became_visible.to_vec(), hidden.to_vec()].concat());
        let lab_path = format!("/api/v1/labs/{}", world.ru_lab);
        let response = app.patch_current(&app.admin.access_token, &lab_path, &json!({"head_user_id": new_head.user.id})).await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        settle_count(&app, &json!(world.ru_lab), 2).await;
        let (after, _) = drain(&app, Some(&new_head.access_token), &new_head_cursor, "&types=project,funding", 50).await;
        assert_eq!(after, became_visible);
    }

    async fn bad_arguments_are_refused_by_name(backend) {
        let app = TestApp::spawn(backend).await;
        for (query, field) in [
            ("types=project,grants", "types"),
            ("after=not-a-cursor", "after"),
            ("limit=0", "limit"),
            ("limit=1001", "limit"),
            ("cursor=x", "cursor"),
        ] {
            let problem = assert_problem(app.get(&format!("/api/v1/changes?{query}")).await, 422).await;
            assert_eq!(error_fields(&problem), [field], "{query}");
        }
        // A list's cursor is not the feed's.
        let page: Value = app.get("/api/v1/funders?limit=1").await.json().await.unwrap();
        let list_cursor = page["next_cursor"].as_str().unwrap();
        let problem = assert_problem(app.get(&format!("/api/v1/changes?after={list_cursor}")).await, 422).await;
        assert_eq!(error_fields(&problem), ["after"]);
    }

    async fn writers_running_while_a_reader_pages_lose_and_repeat_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let (_, start) = drain(&app, None, "", "", 100).await;
        const WRITERS: usize = 4;
        const EACH: usize = 15;
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let (client, url) = (app.client.clone(), app.url("/api/v1/institutions"));
                tokio::spawn(async move {
                    let mut ids = Vec::new();
                    for n in 0..EACH {
                        let body = json!({"names": {"en": format!("Institute {writer}-{n}")}, "country": "CN", "kind": "university"});
                        let response = client.post(&url).json(&body).send().await.unwrap();
                        assert_eq!(response.status(), 201);
                        let created: Value = response.json().await.unwrap();
                        ids.push(created["id"].as_str().unwrap().to_owned());
                    }
                    ids
                })
            })
            .collect();
        // Page while they write, then once more after the last write was acknowledged.
        let mut seen = Vec::new();
        let mut cursor = start;
        let mut reads_while_writing = 0;
        while !writers.iter().all(|w| w.is_finished()) {
            let (changes, next) = drain(&app, None, &cursor, "", 3).await;
            seen.extend(changes);
            cursor = next;
            reads_while_writing += 1;
            tokio::task::yield_now().await;
        }
        assert!(reads_while_writing > 1, "the reader paged while the writers wrote");
        let mut written = BTreeSet::new();
        for writer in writers {
            written.extend(writer.await.unwrap());
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while seen.len() < written.len() && std::time::Instant::now() < deadline {
            let (changes, next) = drain(&app, None, &cursor, "", 3).await;
            seen.extend(changes);
            cursor = next;
            tokio::task::yield_now().await;
        }
        let ids: Vec<&String> = seen.iter().map(|(_, id, ..)| id).collect();
        let unique: BTreeSet<&String> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "a change was given twice");
        assert_eq!(unique, written.iter().collect(), "every acknowledged write is in the feed once");
        assert!(seen.iter().all(|(kind, _, action, _)| kind == "institution" && action == "create"));
    }
}
