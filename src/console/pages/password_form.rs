//! The "new password, repeated" fields that the invitation, reset and change-password forms
//! share: the policy's hint, and its verdict (`auth::password::check_policy`) in the page's words,
//! next to the field it is about.

use super::form::FieldProblem;
use crate::auth::password::{MAX_LENGTH, MIN_LENGTH, check_policy};
use crate::console::page::Page;
use crate::i18n::Arg;

/// What the fields show: the hint always, a problem under each field that has one.
#[derive(Debug, Clone, Default)]
pub struct PasswordFields {
    pub hint: String,
    pub new_problem: Option<String>,
    pub repeat_problem: Option<String>,
}

fn count(n: usize) -> Arg<'static> {
    Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

impl PasswordFields {
    /// The fields before anything is typed.
    pub fn blank(page: &Page) -> PasswordFields {
        PasswordFields {
            hint: page.t_with("field-new-password.hint", &[("min", count(MIN_LENGTH))]),
            ..Default::default()
        }
    }

    /// The fields after `new` and `repeat` were sent: what is wrong with them, if anything.
    pub fn checked(page: &Page, new: &str, repeat: &str) -> PasswordFields {
        let mut fields = PasswordFields::blank(page);
        fields.new_problem = check_policy(new).err().map(|error| match error.code.as_ref() {
            "too_short" => page.t_with("password-error-too-short", &[("min", count(MIN_LENGTH))]),
            "too_long" => page.t_with("password-error-too-long", &[("max", count(MAX_LENGTH))]),
            "common_password" => page.t("password-error-common"),
            // `nul_character`, and any rule added later: a word of its own beats none.
            _ => page.t("account-password-error-unusable"),
        });
        if fields.new_problem.is_none() && new != repeat {
            fields.repeat_problem = Some(page.t("password-error-mismatch"));
        }
        fields
    }

    pub fn ok(&self) -> bool {
        self.new_problem.is_none() && self.repeat_problem.is_none()
    }

    /// The problems for the summary above the form, each linking to its field.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let new = self.new_problem.iter().map(|m| FieldProblem { field: "new-password".into(), message: m.clone() });
        let repeat =
            self.repeat_problem.iter().map(|m| FieldProblem { field: "repeat-password".into(), message: m.clone() });
        new.chain(repeat).collect()
    }
}
