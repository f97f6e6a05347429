//! The console's own files — its stylesheet, its small script and the vendored htmx — built into
//! the binary: `cargo run` serves them, and no page asks another host for anything.

use actix_web::http::header;
use actix_web::web::Path;
use actix_web::{HttpResponse, get};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The vendored htmx and the integrity the pages load it with (its README has the same).
pub const HTMX_INTEGRITY: &str = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg";

const FILES: [(&str, &str, &[u8]); 3] = [
    ("console.css", "text/css; charset=utf-8", include_bytes!("../../static/console.css")),
    ("console.js", "text/javascript; charset=utf-8", include_bytes!("../../static/console.js")),
    (
        "htmx-2.0.11.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/vendor/htmx-2.0.11/htmx.min.js"),
    ),
];

/// A file of the console, with an ETag of its contents (they change only with the binary).
#[get("/static/{name}")]
pub async fn file(name: Path<String>) -> Result<HttpResponse, ApiError> {
    let (_, content_type, bytes) =
        FILES.iter().find(|(file, _, _)| *file == name.as_str()).ok_or(ApiError::NotFound)?;
    let tag = format!("\"{}\"", hex::encode(&Sha256::digest(bytes)[..12]));
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, *content_type))
        .insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(*bytes))
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use sha2::Sha384;

    use super::*;

    #[test]
    fn the_vendored_htmx_is_the_pinned_one() {
        let (_, _, bytes) = FILES[2];
        let digest = base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes));
        assert_eq!(format!("sha384-{digest}"), HTMX_INTEGRITY);
    }
}
