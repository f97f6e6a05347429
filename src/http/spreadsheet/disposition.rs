//! `Content-Disposition: attachment` with the file's name (RFC 6266): a plain `filename` that
//! every client reads, and `filename*` in UTF-8 (RFC 8187) when the name is not plain ASCII.

pub fn attachment(filename: &str) -> String {
    let plain = |c: char| c == ' ' || (c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '%'));
    if filename.chars().all(plain) {
        return format!("attachment; filename=\"{filename}\"");
    }
    let fallback: String = filename.chars().map(|c| if plain(c) { c } else { '_' }).collect();
    let mut encoded = String::new();
    for byte in filename.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_stay_plain_and_others_are_also_given_in_utf8() {
        assert_eq!(attachment("funding.xlsx"), "attachment; filename=\"funding.xlsx\"");
        assert_eq!(
            attachment("финансы.csv"),
            "attachment; filename=\"_______.csv\"; filename*=UTF-8''%D1%84%D0%B8%D0%BD%D0%B0%D0%BD%D1%81%D1%8B.csv"
        );
    }
}
