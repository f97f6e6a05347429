//! Pictures for the web console: server-rendered, self-contained SVG documents built by pure
//! functions from plain structs (no HTTP, no database, no language: every visible word arrives
//! translated in the input; dates are printed as ISO `YYYY-MM-DD` and years as numbers, which
//! read the same everywhere).
//!
//! - [`centre_timeline`]: a joint centre's labs, their status periods, the mirror links between
//!   them, each side's funding coverage and dated events.
//! - [`coverage`]: a lab's or a project's funding coverage, overall, per side and per funder.
//!
//! The pages have a strict Content-Security-Policy, so the SVG holds no script, no `style`
//! attribute and no `<style>` element. Colours are presentation attributes (`fill`, `stroke`,
//! the palette below), so a picture reads without any stylesheet; a stylesheet may restyle the
//! classes below, since any CSS rule overrides a presentation attribute. Nothing is told apart
//! by colour alone: gaps are hatched and labelled, closed periods cross-hatched, suspended ones
//! dotted, planned ones a dashed outline, link kinds dashed differently and named in text.
//!
//! Every `<svg>` has `role="img"` and `aria-labelledby` naming its `<title>` and `<desc>`, with
//! ids under the caller's `id_prefix` (so two pictures on one page do not clash). Because a
//! `role="img"` is read as one image, the `<title>` tooltips on bars serve pointer users; the
//! description (and a table on the page) should carry the story for screen readers.
//!
//! # CSS classes
//!
//! | class | element | what |
//! |---|---|---|
//! | `picture`, `picture-timeline`, `picture-coverage` | `svg` | the picture and its kind |
//! | `picture-bg` | `rect` | white background |
//! | `axis`, `axis-line`, `axis-tick`, `axis-label`, `grid` | `g`, `line`, `text` | year axis; light grid at each 1 January and the plot's edges |
//! | `row-label`, `lab-country`, `lab-name`, `row-name` | `g`, `text` | left column (full text in the group's `<title>`) |
//! | `lab-row` (with `data-country`) | `g` | one laboratory |
//! | `status`, `status-planned`, `status-active`, `status-suspended`, `status-closed` | `g` | one status period |
//! | `status-bar`, `status-label` | `rect`, `text` | its bar and its name |
//! | `link`, `link-mirror`, `link-third-country` | `g` | one mirror link |
//! | `link-band`, `link-start`, `link-end`, `link-label` | `rect`, `line`, `text` | its connector band, edges, kind name |
//! | `section-heading` | `text` | the heading over the timeline's coverage rows |
//! | `coverage-row`, `row-overall`, `row-side`, `row-funder` | `g` | one coverage row and its group |
//! | `coverage-track` | `rect` | the row's whole width (days neither covered nor in a gap) |
//! | `covered`, `covered-bar` | `g`, `rect` | a covered stretch |
//! | `gap`, `gap-bar`, `gap-label` | `g`, `rect`, `text` | a gap: hatched bar, text underneath |
//! | `group-rule` | `line` | between overall, side and funder rows |
//! | `today`, `today-line`, `today-label` | `g`, `line`, `text` | the today marker |
//! | `event`, `event-line`, `event-badge`, `event-number` | `g`, `line`, `circle`, `text` | an event mark |
//! | `event-legend`, `event-text` | `g`, `text` | the numbered list of events under the picture |
//! | `pattern` and `hatch-gap-*`, `hatch-closed-*`, `dots-suspended-*`, `link-mirror-*`, `link-third-country-*` | `pattern` contents | the textures |
//!
//! # Palette
//!
//! Each colour has at least 3:1 contrast against white (WCAG 1.4.11, graphics); text colours
//! at least 4.5:1. White text sits only on the active green (5.1:1).
//!
//! | use | colour | contrast on white |
//! |---|---|---|
//! | text | `#212121` | 16.1 |
//! | muted (axis, events) | `#5f6368` | 6.1 |
//! | active | `#2e7d32` | 5.1 |
//! | planned (outline) | `#1565c0` | 5.8 |
//! | suspended (dots, outline) | `#a15c00` | 5.2 |
//! | closed (hatch `#757575`, outline) | `#616161` | 6.2 |
//! | covered | `#00695c` | 6.6 |
//! | gap (stripes, outline, label) | `#c62828` | 5.6 |
//! | mirror link | `#1f4e9c` | 8.0 |
//! | third-country link | `#7b1fa2` | 8.2 |
//! | today | `#d84315` | 4.4 |
//! | grid and rules (decoration only) | `#d6d6d6` | — |

mod coverage;
mod frame;
pub mod scale;
pub mod svg;
mod timeline;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::coverage::Interval;

pub use coverage::{Coverage, coverage};
pub use timeline::{CentreTimeline, Event, LabRow, LinkBar, StatusPeriod, centre_timeline};

/// One row of funding coverage: a label in the left column ("RU", "RSF", "Overall"), covered
/// stretches, and gaps. Both come from `crate::coverage` (gaps are computed, never typed in).
#[derive(Debug, Clone, Default)]
pub struct CoverageRow {
    pub label: String,
    pub covered: Vec<Covered>,
    pub gaps: Vec<Gap>,
}

/// A covered stretch; `details` (e.g. "RSF 22-45-00001 · 6 000 000 RUB", one line per funding
/// record) go into its `<title>`.
#[derive(Debug, Clone)]
pub struct Covered {
    pub days: Interval,
    pub details: Vec<String>,
}

/// A gap: hatched, and `label` (e.g. "gap · 59 days") written under it; `details` (e.g. a
/// coordinator's review note) go into its `<title>` with the label and the dates.
#[derive(Debug, Clone)]
pub struct Gap {
    pub days: Interval,
    pub label: String,
    pub details: Vec<String>,
}

/// A line at the start of `on`, labelled (e.g. "today").
#[derive(Debug, Clone)]
pub struct Today {
    pub on: NaiveDate,
    pub label: String,
}
