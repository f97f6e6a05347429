//! From dates to x coordinates, year ticks, and stacking labels so that they do not overlap.
//!
//! Days are whole and both ends of a stretch are included, as everywhere in the registry
//! (`crate::coverage`): a day occupies the width from its own start to the next day's start, so
//! an award from 2024-01-01 to 2024-12-31 ends exactly where one from 2025-01-01 begins.

use chrono::{Datelike, NaiveDate};

use crate::coverage::Interval;

/// Maps the days of a window onto `x0..x1`.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    from: NaiveDate,
    days: i64,
    x0: f64,
    x1: f64,
}

impl Scale {
    pub fn new(window: Interval, x0: f64, x1: f64) -> Scale {
        Scale { from: window.start, days: window.days(), x0, x1 }
    }

    pub fn left(&self) -> f64 {
        self.x0
    }

    pub fn right(&self) -> f64 {
        self.x1
    }

    /// Where `offset` days after the window's first day start, clamped to the window, so that a
    /// stretch reaching outside the window is drawn up to its edge.
    fn at(&self, offset: i64) -> f64 {
        let offset = offset.clamp(0, self.days) as f64;
        self.x0 + offset * (self.x1 - self.x0) / self.days as f64
    }

    /// The start of `day`.
    pub fn x(&self, day: NaiveDate) -> f64 {
        self.at((day - self.from).num_days())
    }

    /// The end of `day` (the start of the next), computed without building the next date so
    /// that `NaiveDate::MAX` cannot overflow.
    pub fn x_after(&self, day: NaiveDate) -> f64 {
        self.at((day - self.from).num_days() + 1)
    }

    /// Whether `day` lies in the window.
    pub fn contains(&self, day: NaiveDate) -> bool {
        (0..self.days).contains(&(day - self.from).num_days())
    }

    /// The left and right x of the days `from..=to` (`to` open: to the window's end), clipped to
    /// the window; `None` when nothing of it is inside.
    pub fn span(&self, from: NaiveDate, to: Option<NaiveDate>) -> Option<(f64, f64)> {
        let first = (from - self.from).num_days();
        let last = to.map_or(self.days - 1, |to| (to - self.from).num_days());
        if last < first || last < 0 || first >= self.days {
            return None;
        }
        Some((self.at(first), self.at(last + 1)))
    }

    fn last_day(&self) -> NaiveDate {
        self.from + chrono::Days::new((self.days - 1).max(0) as u64)
    }
}

/// One calendar year of the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct YearTick {
    pub year: i32,
    /// The x of 1 January, when that day is inside the window and not its first day (where the
    /// plot's own edge already stands).
    pub tick: Option<f64>,
    /// The centre of the year's visible part, where its label goes.
    pub label_x: f64,
    /// Whether to print the year: every year when there is room, else every 2nd, 5th, 10th…
    /// year, and never on a sliver of a year (at the window's edge) too narrow for its label.
    pub labelled: bool,
}

/// The years of the window, with ticks at each 1 January; labels `label_px` wide.
pub fn year_ticks(scale: &Scale, label_px: f64) -> Vec<YearTick> {
    let (first, last) = (scale.from, scale.last_day());
    let year_px = (scale.x1 - scale.x0) * 365.25 / scale.days as f64;
    let step = [1, 2, 5, 10, 20, 50, 100].into_iter().find(|s| *s as f64 * year_px >= label_px + 8.0).unwrap_or(200);
    (first.year()..=last.year())
        .filter_map(|year| {
            let jan1 = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let dec31 = NaiveDate::from_ymd_opt(year, 12, 31)?;
            let (left, right) = scale.span(jan1.max(first), Some(dec31.min(last)))?;
            // A whole year may lend its label the room of unlabelled neighbours; a sliver at the
            // window's edge may not.
            let whole = jan1 >= first && dec31 <= last;
            let half = label_px / 2.0;
            Some(YearTick {
                year,
                tick: (jan1 > first).then(|| scale.x(jan1)),
                label_x: ((left + right) / 2.0).clamp(scale.x0 + half, (scale.x1 - half).max(scale.x0 + half)),
                labelled: year.rem_euclid(step) == 0 && (whole || right - left >= label_px),
            })
        })
        .collect()
}

/// For labels at `(left, width)`, the lane (0, 1, …) each goes in so that no two in a lane
/// come closer than `pad`: each takes the first lane where it fits, in order of `left`.
pub fn lanes(labels: &[(f64, f64)], pad: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|a, b| labels[*a].0.total_cmp(&labels[*b].0));
    let mut lane_ends: Vec<f64> = Vec::new();
    let mut lane_of = vec![0; labels.len()];
    for i in order {
        let (left, width) = labels[i];
        let lane = match lane_ends.iter().position(|end| *end + pad <= left) {
            Some(lane) => lane,
            None => {
                lane_ends.push(f64::NEG_INFINITY);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = left + width;
        lane_of[i] = lane;
    }
    lane_of
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn scale(from: &str, to: &str) -> Scale {
        Scale::new(Interval::new(day(from), day(to)).unwrap(), 100.0, 100.0 + 366.0)
    }

    #[test]
    fn days_are_inclusive() {
        // 2024 has 366 days: one pixel each.
        let s = scale("2024-01-01", "2024-12-31");
        assert_eq!(s.x(day("2024-01-01")), 100.0);
        assert_eq!(s.x_after(day("2024-01-01")), 101.0);
        assert_eq!(s.x_after(day("2024-12-31")), 466.0);
        // A stretch ending on a day ends where the next day starts.
        assert_eq!(s.span(day("2024-01-01"), Some(day("2024-01-31"))), Some((100.0, 131.0)));
        assert_eq!(s.x(day("2024-02-01")), 131.0);
        // A single day is one day wide.
        assert_eq!(s.span(day("2024-03-01"), Some(day("2024-03-01"))).map(|(l, r)| r - l), Some(1.0));
        assert!(s.contains(day("2024-12-31")));
        assert!(!s.contains(day("2025-01-01")));
    }

    #[test]
    fn spans_are_clipped_to_the_window() {
        let s = scale("2024-01-01", "2024-12-31");
        assert_eq!(s.span(day("2023-06-01"), Some(day("2024-01-10"))), Some((100.0, 110.0)));
        assert_eq!(s.span(day("2024-12-01"), None), Some((435.0, 466.0)));
        assert_eq!(s.span(day("2024-12-01"), Some(day("2026-01-01"))), Some((435.0, 466.0)));
        assert_eq!(s.span(day("2025-01-01"), None), None);
        assert_eq!(s.span(day("2020-01-01"), Some(day("2023-12-31"))), None);
        assert_eq!(s.span(day("2024-05-02"), Some(day("2024-05-01"))), None);
        assert_eq!(s.x(day("1999-01-01")), 100.0);
        assert_eq!(s.x_after(NaiveDate::MAX), 466.0);
    }

    #[test]
    fn one_tick_per_year_and_labels_where_they_fit() {
        let s = Scale::new(Interval::new(day("2020-09-01"), day("2026-12-31")).unwrap(), 0.0, 700.0);
        let ticks = year_ticks(&s, 30.0);
        let years: Vec<i32> = ticks.iter().map(|t| t.year).collect();
        assert_eq!(years, (2020..=2026).collect::<Vec<_>>());
        // No tick at the window's first day; one at each later 1 January.
        assert_eq!(ticks[0].tick, None);
        assert_eq!(ticks[1].tick, Some(s.x(day("2021-01-01"))));
        assert!(ticks.iter().all(|t| t.labelled));
        // A window ending on 3 January: that year's sliver gets a tick but no label.
        let s = Scale::new(Interval::new(day("2020-01-01"), day("2023-01-03")).unwrap(), 0.0, 700.0);
        let last = year_ticks(&s, 30.0).pop().unwrap();
        assert_eq!((last.year, last.labelled), (2023, false));
        assert!(last.tick.is_some());
    }

    #[test]
    fn long_windows_label_every_few_years() {
        let s = Scale::new(Interval::new(day("1990-01-01"), day("2029-12-31")).unwrap(), 0.0, 700.0);
        let labelled: Vec<i32> = year_ticks(&s, 30.0).into_iter().filter(|t| t.labelled).map(|t| t.year).collect();
        // 17.5 px a year: every 5th year gets its 30 px label.
        assert_eq!(labelled, (1990..2030).step_by(5).collect::<Vec<_>>());
    }

    #[test]
    fn labels_stack_into_lanes_only_when_they_would_touch() {
        assert_eq!(lanes(&[(0.0, 50.0), (60.0, 50.0), (200.0, 10.0)], 4.0), vec![0, 0, 0]);
        assert_eq!(lanes(&[(0.0, 50.0), (52.0, 50.0), (53.0, 50.0), (110.0, 10.0)], 4.0), vec![0, 1, 2, 0]);
        // Exactly `pad` apart is apart enough.
        assert_eq!(lanes(&[(0.0, 50.0), (54.0, 50.0)], 4.0), vec![0, 0]);
        // Input order does not matter: lanes follow x.
        assert_eq!(lanes(&[(52.0, 50.0), (0.0, 50.0)], 4.0), vec![1, 0]);
        assert!(lanes(&[], 4.0).is_empty());
    }
}
