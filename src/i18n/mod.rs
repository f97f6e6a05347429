//! The console's languages: which one a request gets, its messages (Fluent, one `.ftl` file per
//! language beside this one) and how dates, numbers and money are written in it.
//!
//! Keys are kebab-case, area first (`nav-home`, `sign-in-error-wrong-credentials`); a field's
//! hint is an attribute (`field-new-password.hint`); a stored word's label is its prefix and the
//! word (`finding-kind-one-sided`, see [`Labelled`]). Variables are snake_case (`$request_id`).

mod catalogue;
mod format;
mod lang;

pub use catalogue::{Arg, Catalogue, Labelled, Texts, key_of};
pub use format::{date, money, month_year, number};
pub use lang::{Lang, name_in};
