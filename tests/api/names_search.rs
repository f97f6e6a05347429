//! Search across scripts through the API: pinyin, reverse Palladius and the Latin skeleton of
//! Russian romanisations, looked up in `search_terms` (src/domain/names, REFERENCE §2), for
//! named records and for projects (titles and participants, within what the caller may read).

use std::collections::{BTreeSet, HashMap};

use diesel::prelude::*;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, TestDatabase, wuhan_university};
use crate::projects::{create, project_body};

const GOLDEN: &str = include_str!("../fixtures/names-golden.tsv");

/// The English names of the institutions `query` finds (all of them: at most one page).
async fn found(app: &TestApp, query: &str) -> BTreeSet<String> {
    let params = [("q", query), ("limit", "100")];
    let url = reqwest::Url::parse_with_params(&app.url("/api/v1/institutions"), &params).unwrap();
    let response = app.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "q={query}");
    let page: Value = response.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(page["total"].as_u64().unwrap() as usize, items.len(), "q={query}: more than a page");
    items.iter().map(|i| i["names"]["en"].as_str().unwrap().to_owned()).collect()
}

fn institution(en: &str, ru: Option<&str>, zh: Option<&str>) -> Value {
    let mut names = json!({"en": en});
    if let Some(ru) = ru {
        names["ru"] = json!(ru);
    }
    if let Some(zh) = zh {
        names["zh"] = json!(zh);
    }
    json!({"names": names, "country": "CN", "kind": "other"})
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

both_backends! {
    async fn a_query_in_one_script_finds_names_in_the_others(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_institution(&wuhan_university()).await;
        app.create_institution(&institution("Laboratory A", None, Some("张伟实验室"))).await;
        app.create_institution(&institution("Laboratory B", Some("Лаборатория Чжан Вэй"), None)).await;
        app.create_institution(&institution("Laboratory C", None, Some("王芳实验室"))).await;
        app.create_institution(&institution("Chelyabinsk State University", Some("Челябинский государственный университет"), None)).await;
        app.create_institution(&institution("Lab of Li Na", Some("Лаборатория Ли На"), Some("李娜实验室"))).await;

        for query in ["Zhang", "Чжан", "张", "Zhang Wei", "Чжан Вэй", "张伟"] {
            assert_eq!(found(&app, query).await, set(&["Laboratory A", "Laboratory B"]), "q={query}");
        }
        for query in ["Cheliabinsk", "Chelyabinsk", "Tscheljabinsk", "Tcheliabinsk", "Čeljabinsk", "Челябинск"] {
            assert_eq!(found(&app, query).await, set(&["Chelyabinsk State University"]), "q={query}");
        }
        for query in ["Ухань", "Wuhan", "武汉"] {
            assert_eq!(found(&app, query).await, set(&["Wuhan University"]), "q={query}");
        }
        // Short queries stay on the native fold: they do not meet every record.
        assert_eq!(found(&app, "Ли").await, set(&["Lab of Li Na"]));
        assert_eq!(found(&app, "Li").await, set(&["Lab of Li Na"]));
        assert!(found(&app, "Xu").await.is_empty());
        assert_eq!(found(&app, "Wang Fang").await, set(&["Laboratory C"]));
    }

    async fn terms_follow_changes_and_deletes(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&institution("Laboratory A", None, Some("张伟实验室"))).await;
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(found(&app, "Zhang").await, set(&["Laboratory A"]));

        let response = app.get(&format!("/api/v1/institutions/{id}")).await;
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        let changed = app.patch_json(&format!("/api/v1/institutions/{id}"), Some(&etag), &json!({"names": {"zh": "胡明实验室"}})).await;
        assert_eq!(changed.status(), 200);
        assert!(found(&app, "Zhang").await.is_empty());
        assert_eq!(found(&app, "Hu Ming").await, set(&["Laboratory A"]));

        let response = app.get(&format!("/api/v1/institutions/{id}")).await;
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        let deleted = app.client.delete(app.url(&format!("/api/v1/institutions/{id}"))).header("If-Match", etag).send().await.unwrap();
        assert_eq!(deleted.status(), 204);
        assert!(found(&app, "Hu Ming").await.is_empty());
        let mut conn = app.database.connect();
        let terms = jointreg::db::schema::search_terms::table;
        let left: i64 =
            terms.filter(jointreg::db::schema::search_terms::record_id.eq(&id)).count().get_result(&mut conn).unwrap();
        assert_eq!(left, 0, "a deleted record leaves no terms");
    }

    async fn the_golden_places_and_institutions_pass_through_the_api(backend) {
        // People are not searched by name in the API; their rows are checked on the keys
        // (src/domain/names/golden.rs). Places and institutions are stored as institutions.
        let app = TestApp::spawn(backend).await;
        let rows: Vec<Vec<&str>> = GOLDEN
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|f| f[2] != "person")
            .collect();
        let names: BTreeSet<&str> = rows.iter().map(|f| f[1]).collect();
        for name in &names {
            app.create_institution(&institution(name, None, None)).await;
        }
        let mut answers: HashMap<&str, BTreeSet<String>> = HashMap::new();
        let mut failures = Vec::new();
        for fields in &rows {
            let (query, name, expected) = (fields[0], fields[1], fields[3] == "match");
            if !answers.contains_key(query) {
                answers.insert(query, found(&app, query).await);
            }
            if answers[query].contains(name) != expected {
                failures.push(format!("{query} → {name}: expected {}", fields[3]));
            }
        }
        assert!(rows.len() >= 250, "{} rows", rows.len());
        assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
    }

    async fn a_start_builds_terms_the_database_lacks(backend) {
        let database = TestDatabase::new(backend);
        let mut conn = database.connect();
        jointreg::synthetic::load(&mut conn, 20, 1, &mut |_, _| {}).unwrap();
        // As after the migration, or when the rules change: the terms are stale.
        diesel::delete(jointreg::db::schema::search_terms::table).execute(&mut conn).unwrap();
        diesel::update(jointreg::db::schema::search_terms_rules::table)
            .set(jointreg::db::schema::search_terms_rules::version.eq(0))
            .execute(&mut conn)
            .unwrap();
        jointreg::db::migrations::run(&mut conn).unwrap();
        let terms: i64 = jointreg::db::schema::search_terms::table.count().get_result(&mut conn).unwrap();
        assert!(terms > 0);
        assert!(!jointreg::db::models::search_terms::stale(&mut conn).unwrap());
    }
}

/// The ids of the projects `query` finds as `token` (all of them: at most one page).
async fn projects_found(app: &TestApp, token: &str, query: &str) -> BTreeSet<String> {
    let params = [("q", query), ("limit", "100")];
    let url = reqwest::Url::parse_with_params(&app.url("/api/v1/projects"), &params).unwrap();
    let response = app.anonymous.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 200, "q={query}");
    let page: Value = response.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(page["total"].as_u64().unwrap() as usize, items.len(), "q={query}: the total counts what is listed");
    items.iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect()
}

fn ids(projects: &[&Value]) -> BTreeSet<String> {
    projects.iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect()
}

/// Terms stored for a record.
fn terms_of(app: &TestApp, id: &str) -> i64 {
    use jointreg::db::schema::search_terms::dsl;
    let mut conn = app.database.connect();
    dsl::search_terms.filter(dsl::record_id.eq(id)).count().get_result(&mut conn).unwrap()
}

both_backends! {
    async fn projects_are_found_by_titles_and_participants_across_scripts(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let mut by_person = project_body(&world, "Inflammation cohort");
        by_person["participants"] = json!([{"name": "张伟", "role": "principal_investigator", "lab_id": world.cn_lab}]);
        let by_person = create(&app, &by_person).await;
        let mut by_title = project_body(&world, "Mirror laboratory of structural biology");
        by_title["titles"]["ru"] = json!("Зеркальная лаборатория Чжан Вэй");
        let by_title = create(&app, &by_title).await;
        let mut by_city = project_body(&world, "Air quality in the Urals");
        by_city["titles"]["ru"] = json!("Качество воздуха в Челябинске");
        let by_city = create(&app, &by_city).await;
        let mut hidden = project_body(&world, "Restricted trial");
        hidden["visibility"] = json!("restricted");
        hidden["titles"]["ru"] = json!("Закрытое исследование Чжан Вэй в Челябинске");
        hidden["participants"] = json!([{"name": "张伟", "role": "principal_investigator", "lab_id": world.cn_lab}]);
        let hidden = create(&app, &hidden).await;

        // A head of a laboratory at the Russian institution reads every project; a head of a
        // laboratory elsewhere reads the partners' ones but not the restricted one, whose terms
        // match all the same.
        let insider = world.ru_head.access_token.as_str();
        let outsider = world.other_head.access_token.as_str();
        for query in ["Zhang", "Чжан", "张伟"] {
            assert_eq!(projects_found(&app, insider, query).await, ids(&[&by_person, &by_title, &hidden]), "q={query}");
            assert_eq!(projects_found(&app, outsider, query).await, ids(&[&by_person, &by_title]), "q={query}");
        }
        for query in ["Cheliabinsk", "Tscheljabinsk", "Челябинск"] {
            assert_eq!(projects_found(&app, insider, query).await, ids(&[&by_city, &hidden]), "q={query}");
            assert_eq!(projects_found(&app, outsider, query).await, ids(&[&by_city]), "q={query}");
        }
        // The native fold still finds English titles.
        assert_eq!(projects_found(&app, outsider, "Urals").await, ids(&[&by_city]));

        let path = format!("/api/v1/projects/{}", by_title["id"].as_str().unwrap());
        let titles = json!({"titles": {"en": "Mirror laboratory of structural biology", "ru": "Зеркальная лаборатория Ли Хуа"}});
        let changed = app.patch_json(&path, Some("\"1\""), &titles).await;
        assert_eq!(changed.status(), 200);
        assert_eq!(projects_found(&app, insider, "Zhang").await, ids(&[&by_person, &hidden]), "a title edit drops its terms");
        assert_eq!(projects_found(&app, insider, "Li Hua").await, ids(&[&by_title]), "and writes the new ones");

        let id = by_person["id"].as_str().unwrap();
        assert!(terms_of(&app, id) > 0);
        let deleted = app.client.delete(app.url(&format!("/api/v1/projects/{id}"))).send().await.unwrap();
        assert_eq!(deleted.status(), 204);
        assert_eq!(projects_found(&app, insider, "Zhang").await, ids(&[&hidden]));
        assert_eq!(terms_of(&app, id), 0, "a deleted project leaves no terms");
    }
}
