//! Records named in English, Russian and Chinese (institutions, funders, centres, laboratories):
//! found by any of their names, listed by the English one.

use crate::domain::search_key;

/// `(search_key, sort_key)` of a record with these names; `also` is searchable beside them (a
/// funder's short code).
pub fn keys(also: Option<&str>, name_en: &str, name_ru: Option<&str>, name_zh: Option<&str>) -> (String, String) {
    let names = [also, Some(name_en), name_ru, name_zh];
    (search_key::for_names(names.into_iter().flatten()), search_key::normalise(name_en))
}
