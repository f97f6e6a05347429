//! The findings a caller may see, filtered as they asked: who sees what, and where each finding
//! stands (countries, centres, labs, institutions, funders), worked out from the loaded registry.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::auth::caller::{Caller, Principal};
use crate::findings::engine::{Finding, FindingKind};
use crate::findings::load::Registry;

/// Which findings a caller sees: coordinators and administrators all; a lab head those of the labs
/// they head; a partner (account or token) those of its institution's labs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingScope {
    Everything,
    LabsHeadedBy(String),
    LabsOf(Option<String>),
}

impl FindingScope {
    pub fn of(caller: &Caller) -> Self {
        match &caller.principal {
            Principal::User { role, .. } if role.is_staff() => FindingScope::Everything,
            Principal::User { id, role: crate::domain::role::Role::LabHead, .. } => {
                FindingScope::LabsHeadedBy(id.clone())
            }
            Principal::User { institution_id, .. } => FindingScope::LabsOf(institution_id.clone()),
            Principal::PartnerToken { institution_id, .. } => FindingScope::LabsOf(Some(institution_id.clone())),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    pub kind: Option<FindingKind>,
    pub country: Option<String>,
    pub funder_id: Option<String>,
    pub centre_id: Option<String>,
    pub lab_id: Option<String>,
    pub institution_id: Option<String>,
    /// Only findings that bite on or after this day.
    pub from: Option<NaiveDate>,
    /// Only findings that bite on or before this day.
    pub to: Option<NaiveDate>,
}

/// The laboratories a finding is about: its project's, or its lab, or its centre's labs.
fn labs_of<'a>(
    finding: &'a Finding,
    registry: &'a Registry,
    project_labs: &'a HashMap<&str, &[String]>,
) -> Vec<&'a str> {
    if let Some(project) = &finding.project_id {
        return project_labs
            .get(project.as_str())
            .map(|labs| labs.iter().map(String::as_str).collect())
            .unwrap_or_default();
    }
    if let Some(lab) = &finding.lab_id {
        return vec![lab.as_str()];
    }
    match &finding.centre_id {
        Some(centre) => registry
            .lab_places
            .iter()
            .filter(|(_, place)| place.centre_id.as_deref() == Some(centre.as_str()))
            .map(|(id, _)| id.as_str())
            .collect(),
        None => Vec::new(),
    }
}

/// The findings `scope` may see that match `filter`, in the engine's order (most urgent first).
pub fn select(
    findings: Vec<Finding>,
    registry: &Registry,
    scope: &FindingScope,
    filter: &FindingFilter,
) -> Vec<Finding> {
    let project_labs: HashMap<&str, &[String]> =
        registry.projects.iter().map(|p| (p.id.as_str(), p.lab_ids.as_slice())).collect();
    let mut project_funders: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for record in &registry.funding {
        project_funders.entry(record.project_id.as_str()).or_default().insert(record.funder_id.as_str());
    }
    findings
        .into_iter()
        .filter(|finding| {
            let labs = labs_of(finding, registry, &project_labs);
            let places: Vec<_> = labs.iter().filter_map(|l| registry.lab_places.get(*l).map(|p| (*l, p))).collect();
            let visible = match scope {
                FindingScope::Everything => true,
                FindingScope::LabsHeadedBy(user) => places.iter().any(|(_, p)| p.head_user_id.as_deref() == Some(user)),
                FindingScope::LabsOf(Some(institution)) => places.iter().any(|(_, p)| &p.institution_id == institution),
                FindingScope::LabsOf(None) => false,
            };
            let funders = finding.project_id.as_deref().and_then(|p| project_funders.get(p));
            visible
                && filter.kind.is_none_or(|kind| finding.kind == kind)
                && filter.country.as_ref().is_none_or(|c| places.iter().any(|(_, p)| &p.country == c))
                && filter.lab_id.as_ref().is_none_or(|lab| labs.contains(&lab.as_str()))
                && filter.institution_id.as_ref().is_none_or(|i| places.iter().any(|(_, p)| &p.institution_id == i))
                && filter.centre_id.as_ref().is_none_or(|c| {
                    finding.centre_id.as_ref() == Some(c) || places.iter().any(|(_, p)| p.centre_id.as_ref() == Some(c))
                })
                && filter.funder_id.as_ref().is_none_or(|f| {
                    finding.funder_ids.contains(f) || funders.is_some_and(|set| set.contains(f.as_str()))
                })
                && filter.from.is_none_or(|day| finding.bites_on >= day)
                && filter.to.is_none_or(|day| finding.bites_on <= day)
        })
        .collect()
}
