//! Web addresses people can open: absolute http(s) URLs.

use std::borrow::Cow;

use validator::ValidationError;

pub const MAX_LENGTH: usize = 2048;

pub fn check(input: &str) -> Result<(), ValidationError> {
    let valid = input.len() <= MAX_LENGTH
        && url::Url::parse(input).is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some());
    if valid {
        Ok(())
    } else {
        Err(ValidationError::new("invalid_url")
            .with_message(Cow::Borrowed("must be an absolute http:// or https:// address of at most 2048 characters")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_and_https_only() {
        assert!(check("https://www.whu.edu.cn/").is_ok());
        assert!(check("http://susu.ru").is_ok());
        assert!(check("https://例子.中国/路径").is_ok());
        for bad in ["ftp://susu.ru", "susu.ru", "javascript:alert(1)", "https://"] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
