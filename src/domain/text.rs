//! Checks for free text typed by people.

use std::borrow::Cow;

use validator::ValidationError;

fn error(code: &'static str, message: &'static str) -> ValidationError {
    ValidationError::new(code).with_message(Cow::Borrowed(message))
}

/// A one-line text: not blank, no NUL or other control characters (PostgreSQL rejects NUL, and
/// control characters in names only ever come from broken tooling).
pub fn single_line(value: &str) -> Result<(), ValidationError> {
    if value.contains('\0') {
        return Err(error("nul_character", "must not contain the NUL character"));
    }
    if value.chars().any(char::is_control) {
        return Err(error("control_character", "must not contain control characters or line breaks"));
    }
    if value.trim().is_empty() {
        return Err(error("blank", "must not be blank"));
    }
    Ok(())
}

/// A text of several lines (descriptions): line breaks (`\n`, `\r\n`) are kept, but not blank and
/// no NUL or other control characters, for the same reasons as [`single_line`].
pub fn multi_line(value: &str) -> Result<(), ValidationError> {
    if value.contains('\0') {
        return Err(error("nul_character", "must not contain the NUL character"));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(error("control_character", "must not contain control characters other than line breaks"));
    }
    if value.trim().is_empty() {
        return Err(error("blank", "must not be blank"));
    }
    Ok(())
}

/// A search query: anything printable; NUL is refused the same way on both databases.
pub fn query_text(value: &str) -> Result<(), ValidationError> {
    if value.chars().any(char::is_control) {
        return Err(error("control_character", "must not contain NUL or other control characters"));
    }
    Ok(())
}

/// A record id as a filter: a UUID, so a typo is a 422 rather than an empty list.
pub fn uuid(value: &str) -> Result<(), ValidationError> {
    match uuid::Uuid::parse_str(value) {
        Ok(_) => Ok(()),
        Err(_) => Err(error("invalid_uuid", "must be a record id (a UUID)")),
    }
}

/// Surrounding white space never carries meaning in a name.
pub fn tidy(value: String) -> String {
    let trimmed = value.trim();
    if trimmed.len() == value.len() { value } else { trimmed.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_accepts_all_three_scripts() {
        for name in ["Wuhan University", "Южно-Уральский университет", "武汉大学"] {
            assert!(single_line(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn single_line_rejects_nul_blank_and_breaks() {
        assert_eq!(single_line("a\0b").unwrap_err().code, "nul_character");
        assert_eq!(single_line("   ").unwrap_err().code, "blank");
        assert_eq!(single_line("a\nb").unwrap_err().code, "control_character");
    }

    #[test]
    fn multi_line_keeps_line_breaks_and_rejects_other_controls() {
        assert!(multi_line("Founded in 2020.\r\nThree mirror laboratories;\nnow one.").is_ok());
        assert!(multi_line("武汉大学\nЮжно-Уральский").is_ok());
        assert_eq!(multi_line("a\0b").unwrap_err().code, "nul_character");
        assert_eq!(multi_line("a\u{7}b").unwrap_err().code, "control_character");
        assert_eq!(multi_line("a\tb").unwrap_err().code, "control_character");
        assert_eq!(multi_line(" \n\r\n ").unwrap_err().code, "blank");
    }
}
