//! The findings a caller may see, filtered as they asked: who sees what, and where each finding
//! stands (countries, centres, labs, institutions, funders), worked out from the loaded registry.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use chrono::NaiveDate;

use crate::auth::caller::{Caller, Principal};
use crate::findings::engine::{self, Finding, FindingKind, FundingInput, ProjectInput};
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

/// Decides, finding by finding, which ones `scope` may see and `filter` asks for.
pub struct Selector<'a> {
    registry: &'a Registry,
    scope: &'a FindingScope,
    filter: &'a FindingFilter,
}

impl<'a> Selector<'a> {
    pub fn new(registry: &'a Registry, scope: &'a FindingScope, filter: &'a FindingFilter) -> Self {
        Selector { registry, scope, filter }
    }

    /// Whether to keep `finding`, given its project (none for lab and centre findings) and that
    /// project's covering funding, as [`crate::findings::scan::scan`] hands them over.
    pub fn accepts(&self, finding: &Finding, project: Option<&ProjectInput>, records: &[FundingInput]) -> bool {
        let (registry, filter) = (self.registry, self.filter);
        let labs = labs_of(finding, project, registry);
        let places: Vec<_> = labs.iter().filter_map(|l| registry.lab_places.get(*l)).collect();
        let visible = match self.scope {
            FindingScope::Everything => true,
            FindingScope::LabsHeadedBy(user) => places.iter().any(|p| p.head_user_id.as_deref() == Some(user)),
            FindingScope::LabsOf(Some(institution)) => places.iter().any(|p| &p.institution_id == institution),
            FindingScope::LabsOf(None) => false,
        };
        visible
            && filter.kind.is_none_or(|kind| finding.kind == kind)
            && filter.country.as_ref().is_none_or(|c| places.iter().any(|p| &p.country == c))
            && filter.lab_id.as_ref().is_none_or(|lab| labs.contains(&lab.as_str()))
            && filter.institution_id.as_ref().is_none_or(|i| places.iter().any(|p| &p.institution_id == i))
            && filter.centre_id.as_ref().is_none_or(|c| {
                finding.centre_id.as_ref() == Some(c) || places.iter().any(|p| p.centre_id.as_ref() == Some(c))
            })
            && filter
                .funder_id
                .as_ref()
                .is_none_or(|f| finding.funder_ids.contains(f) || records.iter().any(|r| &r.funder_id == f))
            && filter.from.is_none_or(|day| finding.bites_on >= day)
            && filter.to.is_none_or(|day| finding.bites_on <= day)
    }
}

/// The laboratories a finding is about: its project's, or its lab, or its centre's labs.
fn labs_of<'a>(finding: &'a Finding, project: Option<&'a ProjectInput>, registry: &'a Registry) -> Vec<&'a str> {
    if let Some(project) = project {
        return project.lab_ids.iter().map(String::as_str).collect();
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

/// Keeps the `keep` most urgent findings after a cursor out of all it is offered, and counts
/// those: a page of the report without holding the whole report.
pub struct MostUrgent {
    after: Option<(NaiveDate, String)>,
    keep: usize,
    /// A max-heap by urgency: its top is the least urgent kept, the first to give way.
    kept: BinaryHeap<ByUrgency>,
    offered: usize,
}

struct ByUrgency(Finding);

impl Ord for ByUrgency {
    fn cmp(&self, other: &Self) -> Ordering {
        engine::by_urgency(&self.0, &other.0)
    }
}

impl PartialOrd for ByUrgency {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ByUrgency {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ByUrgency {}

impl MostUrgent {
    /// `after`: the (bites_on, key) of the last finding of the page before, if any.
    pub fn new(after: Option<(NaiveDate, String)>, keep: usize) -> Self {
        MostUrgent { after, keep, kept: BinaryHeap::with_capacity(keep.min(1024) + 1), offered: 0 }
    }

    pub fn offer(&mut self, finding: Finding) {
        self.offered += 1;
        if self.after.as_ref().is_some_and(|(day, key)| (finding.bites_on, &finding.key) <= (*day, key)) {
            return;
        }
        self.kept.push(ByUrgency(finding));
        if self.kept.len() > self.keep {
            self.kept.pop();
        }
    }

    /// The kept findings, most urgent first, and how many were offered in all.
    pub fn finish(self) -> (Vec<Finding>, usize) {
        (self.kept.into_sorted_vec().into_iter().map(|f| f.0).collect(), self.offered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::Interval;
    use crate::findings::engine::FindingKind;

    fn finding(day: &str, key: &str) -> Finding {
        let day: NaiveDate = day.parse().unwrap();
        Finding {
            key: key.into(),
            kind: FindingKind::Gap,
            explanation: String::new(),
            interval: Interval { start: day, end: day },
            bites_on: day,
            project_id: None,
            lab_id: None,
            centre_id: None,
            funding_ids: Vec::new(),
            funder_ids: Vec::new(),
            side: None,
        }
    }

    #[test]
    fn most_urgent_keeps_the_first_after_the_cursor_in_any_offering_order() {
        let all =
            [("2027-01-02", "b"), ("2027-01-01", "z"), ("2027-01-02", "a"), ("2027-03-01", "c"), ("2026-12-01", "y")];
        let mut urgent = MostUrgent::new(Some(("2027-01-01".parse().unwrap(), "z".into())), 2);
        for (day, key) in all {
            urgent.offer(finding(day, key));
        }
        let (kept, offered) = urgent.finish();
        let keys: Vec<&str> = kept.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(offered, 5);
    }
}
