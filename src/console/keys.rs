//! Every message key the console's templates and pages name literally exists in every language:
//! a typo or a forgotten key fails here, not on a page in front of someone. (Keys made at run
//! time — a stored word's label — are checked by the catalogue's own tests.)

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::i18n::Catalogue;

    /// The quoted keys after `.t(`, `.text(`, `.text_with(`, `.t_with(` and `.frame(` in `source`.
    fn keys_named(source: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for call in [".t(\"", ".text(\"", ".text_with(\"", ".t_with(\"", ".frame(\""] {
            for (at, _) in source.match_indices(call) {
                let rest = &source[at + call.len()..];
                if let Some(end) = rest.find('"') {
                    keys.push(rest[..end].to_owned());
                }
            }
        }
        keys
    }

    fn files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("picture") {
                files(&path, found);
            } else if path.extension().is_some_and(|e| e == "html" || e == "rs") && !path.ends_with("keys.rs") {
                found.push(path);
            }
        }
    }

    #[test]
    fn every_key_the_console_names_is_in_every_language() {
        let catalogue = Catalogue::load().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sources = Vec::new();
        // The pictures take their words ready-made; everything else that speaks to people is here.
        for dir in ["templates/console", "src/console", "src/findings", "src/auth", "src/alerts"] {
            files(&root.join(dir), &mut sources);
        }
        let mut named = 0;
        let mut missing = Vec::new();
        for path in sources {
            let source = std::fs::read_to_string(&path).unwrap();
            for key in keys_named(&source) {
                named += 1;
                if !catalogue.has(&key) {
                    missing.push(format!("{}: {key}", path.strip_prefix(root).unwrap().display()));
                }
            }
        }
        assert!(named > 50, "the scan found only {named} keys: has the way pages name them changed?");
        assert!(missing.is_empty(), "keys missing from the catalogue:\n{}", missing.join("\n"));
    }
}
