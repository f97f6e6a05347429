//! At registry scale (the synthetic registry of 50,000 projects: 200,000 funding records, 500,000
//! outputs), the list queries of projects, funding and outputs — the very queries `list` runs,
//! count and page, for an administrator and for a partner — are answered from indexes: the plan
//! (`EXPLAIN` on PostgreSQL, `EXPLAIN QUERY PLAN` on SQLite) never reads a whole large table; nor
//! does the lab list's status filter, nor a lookup by the identifiers partners hold (a
//! participant's ORCID iD, an award number), nor what changed since an instant, nor a name
//! query's cross-script terms (`search_terms`).

use diesel::prelude::*;
use jointreg::db::explain::plan;
use jointreg::db::models::funding::{self, FundingRecord};
use jointreg::db::models::lab_status::status_on_sql;
use jointreg::db::models::output::{self, Output};
use jointreg::db::models::project::{self, Project};
use jointreg::db::models::project_access::ReadScope;
use jointreg::db::models::{institution, lab};
use jointreg::db::schema::{institutions, labs};
use jointreg::domain::lab::LabStatus;
use jointreg::domain::project::{FundingStatus, ProjectStatus};

use crate::both_backends;
use crate::helpers::TestDatabase;

const PROJECTS: usize = 50_000;
const LARGE: [&str; 7] =
    ["projects", "funding_records", "outputs", "output_projects", "project_labs", "lab_status_entries", "search_terms"];
const LAB: &str = "01a21f73-1003-7000-8000-000000000007";
const PROJECT: &str = "01a21f73-2001-7000-8000-000000000010";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

/// The steps of `plan` that read all of a large table: PostgreSQL's `Seq Scan on t`, SQLite's
/// `SCAN t` without an index.
fn whole_table_reads(backend_plan: &[String]) -> Vec<&String> {
    backend_plan
        .iter()
        .filter(|step| {
            LARGE.iter().any(|table| {
                let step = step.trim_start_matches([' ', '-', '>']);
                step.starts_with(&format!("Seq Scan on {table} "))
                    || (step == format!("SCAN {table}") || step.starts_with(&format!("SCAN {table} ")))
                        && !step.contains("USING")
            })
        })
        .collect()
}

/// Records `name` among the failures, with its whole plan, when the plan reads a whole table.
fn check(name: &str, steps: diesel::QueryResult<Vec<String>>, failures: &mut Vec<String>) {
    let steps = steps.unwrap_or_else(|e| panic!("{name}: {e}"));
    if std::env::var_os("JOINTREG_PRINT_PLANS").is_some() {
        eprintln!("{name}:\n    {}", steps.join("\n    "));
    }
    if !whole_table_reads(&steps).is_empty() {
        failures.push(format!("{name}:\n    {}", steps.join("\n    ")));
    }
}

both_backends! {
    async fn list_queries_use_indexes_at_fifty_thousand_projects(backend) {
        let database = TestDatabase::new(backend);
        let mut conn = database.connect();
        jointreg::synthetic::load(&mut conn, PROJECTS, 1, &mut |_, _| {}).unwrap();
        let partner = ReadScope::Member { institution_id: Some("01a21f73-1001-7000-8000-000000000001".into()), user_id: None };
        // After the load: what a sync that keeps up asks for (few rows, if any).
        let changed_since = chrono::Utc::now().naive_utc();
        let mut failures = Vec::new();
        for (who, scope) in [("administrator", ReadScope::Everything), ("partner", partner)] {
            let project_filters = [
                ("no filter", project::ListFilter::default()),
                ("status", project::ListFilter { status: Some(ProjectStatus::Active), ..Default::default() }),
                ("lab", project::ListFilter { lab_id: Some(LAB.into()), ..Default::default() }),
                ("funder", project::ListFilter { funder_id: Some(RSF.into()), status: Some(ProjectStatus::Active), ..Default::default() }),
                ("participant's ORCID iD", project::ListFilter { orcid: Some("0000-0002-1825-0097".into()), ..Default::default() }),
                ("changed since", project::ListFilter { updated_since: Some(changed_since), ..Default::default() }),
            ];
            for (name, filter) in project_filters {
                let page = Project::page_query(&scope, &filter, project::Order::Title, None, 51);
                check(&format!("projects page, {name}, {who}"), plan(&mut conn, page), &mut failures);
                if name != "no filter" {
                    check(&format!("projects count, {name}, {who}"), plan(&mut conn, Project::count_query(&scope, &filter)), &mut failures);
                }
            }
            let funding_filters = [
                ("no filter", funding::ListFilter::default()),
                ("project", funding::ListFilter { project_id: Some(PROJECT.into()), ..Default::default() }),
                ("lab", funding::ListFilter { lab_id: Some(LAB.into()), ..Default::default() }),
                ("funder and status", funding::ListFilter { funder_id: Some(RSF.into()), status: Some(FundingStatus::Active), ..Default::default() }),
                ("award number", funding::ListFilter { award_number: Some("21-45-00012".into()), ..Default::default() }),
                ("changed since", funding::ListFilter { updated_since: Some(changed_since), ..Default::default() }),
            ];
            for (name, filter) in funding_filters {
                let page = FundingRecord::page_query(&scope, &filter, funding::Order::StartsOn, None, 51);
                check(&format!("funding page, {name}, {who}"), plan(&mut conn, page), &mut failures);
                if name != "no filter" && name != "funder and status" {
                    check(&format!("funding count, {name}, {who}"), plan(&mut conn, FundingRecord::count_query(&scope, &filter)), &mut failures);
                }
            }
            let output_filters = [
                ("no filter", output::ListFilter::default()),
                ("project", output::ListFilter { projects: vec![PROJECT.into()], ..Default::default() }),
                ("year", output::ListFilter { year_from: Some(2025), year_to: Some(2025), ..Default::default() }),
                ("changed since", output::ListFilter { updated_since: Some(changed_since), ..Default::default() }),
            ];
            for (name, filter) in output_filters {
                let page = Output::page_query(&scope, &filter, output::Order::YearDescending, None, 51);
                check(&format!("outputs page, {name}, {who}"), plan(&mut conn, page), &mut failures);
                if name == "project" {
                    check(&format!("outputs count, {name}, {who}"), plan(&mut conn, Output::count_query(&scope, &filter)), &mut failures);
                }
            }
        }
        // A name query in another script: its terms looked up as index ranges, never all of them.
        for query in ["Zhang", "Чжан", "张伟", "Cheliabinsk", "Tscheljabinsk"] {
            let filter = lab::ListFilter { query: Some(query.into()), ..Default::default() };
            check(&format!("labs by name, {query}"), plan(&mut conn, lab::filtered(&filter).select(labs::id)), &mut failures);
            let filter = institution::ListFilter { query: Some(query.into()), ..Default::default() };
            let institutions = institution::filtered(&filter).select(institutions::id);
            check(&format!("institutions by name, {query}"), plan(&mut conn, institutions), &mut failures);
        }
        // The lab list's status filter: each lab's latest status entry, through its index.
        let active_labs = labs::table.filter(status_on_sql(jointreg::synthetic::reference_day(), LabStatus::Active)).count();
        check("labs count, status", plan(&mut conn, active_labs), &mut failures);
        assert!(failures.is_empty(), "{} queries read a whole large table:\n{}", failures.len(), failures.join("\n"));
    }
}
