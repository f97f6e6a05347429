//! A registry record's names as its form types them: English (required) and, when the record has
//! them, Russian and Chinese — named as the API names them (`names.en`, …).

use serde::{Deserialize, Serialize};

use super::{Field, FieldProblem, optional};
use crate::console::page::Page;
use crate::routes::institutions::wire::{NamesInput, NamesPatch};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TypedNames {
    #[serde(rename = "names.en", default)]
    pub en: String,
    #[serde(rename = "names.ru", default)]
    pub ru: String,
    #[serde(rename = "names.zh", default)]
    pub zh: String,
}

impl TypedNames {
    /// A stored record's names, as its change form begins.
    pub fn of(en: &str, ru: Option<&str>, zh: Option<&str>) -> TypedNames {
        let text = |name: Option<&str>| name.unwrap_or_default().to_owned();
        TypedNames { en: en.to_owned(), ru: text(ru), zh: text(zh) }
    }

    /// The names of a create: a blank translation is none.
    pub fn input(&self) -> NamesInput {
        NamesInput { en: self.en.clone(), ru: optional(&self.ru), zh: optional(&self.zh) }
    }

    /// The names of a merge patch: every name as shown, a blank one clearing it.
    pub fn patch(&self) -> NamesPatch {
        let NamesInput { en, ru, zh } = self.input();
        NamesPatch { en: Some(en), ru: Some(ru), zh: Some(zh) }
    }

    /// The three fields, English first and required.
    pub fn fields(&self, page: &Page, problems: &[FieldProblem]) -> Vec<Field> {
        vec![
            Field::new(page, "names.en", &self.en, problems).required(),
            Field::new(page, "names.ru", &self.ru, problems),
            Field::new(page, "names.zh", &self.zh, problems),
        ]
    }
}
