//! Funding continuity as pure functions over days: which stretches of a period are covered by
//! funding (and by which awards), which are gaps, and where one side of a joint project is covered
//! while the other is not. No web, no database: the findings, the coverage endpoints and the
//! benchmark all build on these, so they are tested on their own, with properties.
//!
//! Every interval holds whole days, both ends included: an award from 2024-01-01 to 2024-12-31
//! and the next from 2025-01-01 leave no gap.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};

/// The days from `start` to `end`, both included (`start <= end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Interval {
    /// `None` when `end` is before `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Option<Self> {
        (start <= end).then_some(Interval { start, end })
    }

    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        Interval::new(self.start.max(other.start), self.end.min(other.end))
    }
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

fn previous_day(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(1)).unwrap_or(day)
}

/// The union of `intervals`: sorted, with no two overlapping or adjacent (touching intervals are
/// joined, since a day-exact handover is no gap). The order of the input does not matter.
pub fn merge(intervals: impl IntoIterator<Item = Interval>) -> Vec<Interval> {
    let mut sorted: Vec<Interval> = intervals.into_iter().collect();
    sorted.sort();
    let mut merged: Vec<Interval> = Vec::with_capacity(sorted.len());
    for interval in sorted {
        match merged.last_mut() {
            Some(last) if interval.start <= next_day(last.end) => last.end = last.end.max(interval.end),
            _ => merged.push(interval),
        }
    }
    merged
}

/// The days of `from` that none of `remove` holds; both are merged lists (see [`merge`]).
pub fn subtract(from: &[Interval], remove: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    let mut holes = remove.iter().peekable();
    for interval in from {
        let mut cursor = interval.start;
        let mut open = true;
        while let Some(hole) = holes.peek() {
            if hole.end < cursor {
                holes.next();
                continue;
            }
            if hole.start > interval.end {
                break;
            }
            if hole.start > cursor {
                out.push(Interval { start: cursor, end: previous_day(hole.start) });
            }
            if hole.end >= interval.end {
                open = false;
                break;
            }
            cursor = next_day(hole.end);
            holes.next();
        }
        if open && cursor <= interval.end {
            out.push(Interval { start: cursor, end: interval.end });
        }
    }
    out
}

/// An award that counts as coverage (status `awarded` or `active`), with what it is grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award<K> {
    pub id: String,
    pub period: Interval,
    pub key: K,
}

/// A covered stretch and the awards covering every day of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Covered {
    pub interval: Interval,
    pub award_ids: Vec<String>,
}

/// A period cut into covered stretches and gaps: together they are exactly the period, in order,
/// never overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timeline {
    pub covered: Vec<Covered>,
    pub gaps: Vec<Interval>,
}

impl Timeline {
    /// The covered days, merged.
    pub fn covered_days(&self) -> Vec<Interval> {
        merge(self.covered.iter().map(|c| c.interval))
    }
}

/// The timeline of `within`: stretches split wherever the set of awards covering them changes.
/// One pass over the award boundaries, sorted: O(n log n) for n awards.
pub fn timeline<K>(within: Interval, awards: &[Award<K>]) -> Timeline {
    // Boundaries: an award starts covering on its start and stops on the day after its end.
    let mut events: Vec<(NaiveDate, bool, usize)> = Vec::with_capacity(awards.len() * 2);
    for (index, award) in awards.iter().enumerate() {
        if let Some(part) = award.period.intersect(&within) {
            events.push((part.start, true, index));
            if part.end < within.end {
                events.push((next_day(part.end), false, index));
            }
        }
    }
    events.sort();
    let mut active: BTreeSet<usize> = BTreeSet::new();
    let mut result = Timeline::default();
    let mut cursor = within.start;
    let mut next = 0;
    loop {
        while let Some(&(_, starts, index)) = events.get(next).filter(|e| e.0 <= cursor) {
            if starts {
                active.insert(index);
            } else {
                active.remove(&index);
            }
            next += 1;
        }
        let end = events.get(next).map_or(within.end, |e| previous_day(e.0));
        let interval = Interval { start: cursor, end };
        if active.is_empty() {
            result.gaps.push(interval);
        } else {
            let award_ids = active.iter().map(|&a| awards[a].id.clone()).collect();
            result.covered.push(Covered { interval, award_ids });
        }
        if end >= within.end {
            return result;
        }
        cursor = next_day(end);
    }
}

/// A timeline per key (per funder, per side): each one over the whole of `within`.
pub fn timelines_by<K: Ord + Clone>(within: Interval, awards: &[Award<K>]) -> BTreeMap<K, Timeline> {
    let mut groups: BTreeMap<K, Vec<Award<K>>> = BTreeMap::new();
    for award in awards {
        groups.entry(award.key.clone()).or_default().push(award.clone());
    }
    groups.into_iter().map(|(key, group)| (key, timeline(within, &group))).collect()
}

/// The stretches where side `a` is covered and side `b` is not, and the reverse: what makes a
/// joint project one-sided.
pub fn one_sided(a: &Timeline, b: &Timeline) -> (Vec<Interval>, Vec<Interval>) {
    let (a, b) = (a.covered_days(), b.covered_days());
    (subtract(&a, &b), subtract(&b, &a))
}

/// When coverage running on `today` ends within `horizon_days` with nothing after it: the last
/// covered day. `None` when today is not covered, or coverage lasts beyond the horizon, or more
/// coverage follows later.
pub fn expiring(covered: &[Interval], today: NaiveDate, horizon_days: u64) -> Option<NaiveDate> {
    let horizon = today.checked_add_days(Days::new(horizon_days))?;
    let current = covered.iter().find(|c| c.contains(today))?;
    let lined_up = covered.iter().any(|c| c.start > current.end);
    (current.end < horizon && !lined_up).then_some(current.end)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A date written as in ISO 8601, for tests here and in the findings engine.
    pub(crate) fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    pub(crate) fn iv(start: &str, end: &str) -> Interval {
        Interval::new(d(start), d(end)).unwrap()
    }

    fn award(id: &str, start: &str, end: &str, side: &str) -> Award<String> {
        Award { id: id.into(), period: iv(start, end), key: side.into() }
    }

    #[test]
    fn adjacent_awards_leave_no_gap_and_a_one_day_gap_is_found() {
        let period = iv("2024-01-01", "2025-12-31");
        let handover = [award("a", "2024-01-01", "2024-12-31", "RU"), award("b", "2025-01-01", "2025-12-31", "RU")];
        assert!(timeline(period, &handover).gaps.is_empty());
        assert_eq!(timeline(period, &handover).covered.len(), 2);
        let one_day = [award("a", "2024-01-01", "2024-12-30", "RU"), award("b", "2025-01-01", "2025-12-31", "RU")];
        assert_eq!(timeline(period, &one_day).gaps, [iv("2024-12-31", "2024-12-31")]);
    }

    #[test]
    fn covered_stretches_name_the_awards_behind_them() {
        let period = iv("2024-01-01", "2024-12-31");
        let awards = [award("rsf", "2023-06-01", "2024-06-30", "RU"), award("nsfc", "2024-03-01", "2025-02-28", "CN")];
        let t = timeline(period, &awards);
        let stretches: Vec<(Interval, Vec<String>)> =
            t.covered.iter().map(|c| (c.interval, c.award_ids.clone())).collect();
        assert_eq!(
            stretches,
            [
                (iv("2024-01-01", "2024-02-29"), vec!["rsf".to_owned()]),
                (iv("2024-03-01", "2024-06-30"), vec!["rsf".to_owned(), "nsfc".to_owned()]),
                (iv("2024-07-01", "2024-12-31"), vec!["nsfc".to_owned()]),
            ]
        );
        assert!(t.gaps.is_empty());
    }

    #[test]
    fn a_joint_call_whose_russian_award_ends_a_year_early_is_one_sided() {
        let period = iv("2024-01-01", "2027-12-31");
        let awards = [award("rsf", "2024-01-01", "2026-12-31", "RU"), award("nsfc", "2024-01-01", "2027-12-31", "CN")];
        let sides = timelines_by(period, &awards);
        let (cn_only, ru_only) = one_sided(&sides["CN"], &sides["RU"]);
        assert_eq!(cn_only, [iv("2027-01-01", "2027-12-31")]);
        assert!(ru_only.is_empty());
        assert_eq!(sides["RU"].gaps, [iv("2027-01-01", "2027-12-31")]);
    }

    #[test]
    fn coverage_ending_within_the_horizon_with_nothing_after_is_expiring() {
        let covered = [iv("2024-01-01", "2026-12-31")];
        assert_eq!(expiring(&covered, d("2026-11-28"), 180), Some(d("2026-12-31")));
        assert_eq!(expiring(&covered, d("2026-01-01"), 180), None, "beyond the horizon");
        let lined_up = [iv("2024-01-01", "2026-12-31"), iv("2027-03-01", "2028-12-31")];
        assert_eq!(expiring(&lined_up, d("2026-11-28"), 180), None, "more funding follows");
        assert_eq!(expiring(&covered, d("2027-02-01"), 180), None, "not covered today");
    }

    fn day_strategy() -> impl Strategy<Value = NaiveDate> {
        (0i64..400).prop_map(|n| d("2024-01-01") + chrono::Duration::days(n))
    }

    fn interval_strategy() -> impl Strategy<Value = Interval> {
        (day_strategy(), 0i64..120)
            .prop_map(|(start, len)| Interval { start, end: start + chrono::Duration::days(len) })
    }

    fn awards_strategy() -> impl Strategy<Value = Vec<Award<u8>>> {
        prop::collection::vec((interval_strategy(), 0u8..3), 0..12).prop_map(|list| {
            list.into_iter().enumerate().map(|(i, (period, key))| Award { id: format!("a{i}"), period, key }).collect()
        })
    }

    fn covered_by_brute_force(day: NaiveDate, awards: &[Award<u8>]) -> bool {
        awards.iter().any(|a| a.period.contains(day))
    }

    proptest! {
        #[test]
        fn stretches_never_overlap_and_together_are_the_whole_period(period in interval_strategy(), awards in awards_strategy()) {
            let t = timeline(period, &awards);
            let mut all: Vec<Interval> = t.covered.iter().map(|c| c.interval).chain(t.gaps.iter().copied()).collect();
            all.sort();
            prop_assert_eq!(all.first().map(|i| i.start), Some(period.start));
            prop_assert_eq!(all.last().map(|i| i.end), Some(period.end));
            for pair in all.windows(2) {
                prop_assert_eq!(next_day(pair[0].end), pair[1].start, "no overlap, no hole");
            }
            let mut day = period.start;
            while day <= period.end {
                let in_gap = t.gaps.iter().any(|g| g.contains(day));
                prop_assert_eq!(in_gap, !covered_by_brute_force(day, &awards), "day {}", day);
                if let Some(c) = t.covered.iter().find(|c| c.interval.contains(day)) {
                    let expected: BTreeSet<String> =
                        awards.iter().filter(|a| a.period.contains(day)).map(|a| a.id.clone()).collect();
                    prop_assert_eq!(c.award_ids.iter().cloned().collect::<BTreeSet<_>>(), expected);
                }
                day = next_day(day);
            }
        }

        #[test]
        fn merging_is_order_independent_and_leaves_no_touching_intervals(mut list in prop::collection::vec(interval_strategy(), 0..12)) {
            let merged = merge(list.clone());
            list.reverse();
            prop_assert_eq!(&merge(list.clone()), &merged);
            for pair in merged.windows(2) {
                prop_assert!(next_day(pair[0].end) < pair[1].start);
            }
            let days: i64 = merged.iter().map(Interval::days).sum();
            let mut brute = BTreeSet::new();
            for i in &list {
                let mut day = i.start;
                while day <= i.end { brute.insert(day); day = next_day(day); }
            }
            prop_assert_eq!(days as usize, brute.len());
        }

        #[test]
        fn subtracting_keeps_exactly_the_days_not_removed(a in prop::collection::vec(interval_strategy(), 0..8), b in prop::collection::vec(interval_strategy(), 0..8)) {
            let (a, b) = (merge(a), merge(b));
            let rest = subtract(&a, &b);
            for day in (0..560).map(|n| d("2024-01-01") + chrono::Duration::days(n)) {
                let expected = a.iter().any(|i| i.contains(day)) && !b.iter().any(|i| i.contains(day));
                prop_assert_eq!(rest.iter().any(|i| i.contains(day)), expected, "day {}", day);
            }
            prop_assert_eq!(merge(rest.clone()), rest);
        }
    }
}
