//! What answers when no route matched: 405 with `Allow` when the path exists with other methods
//! (actix would say 404), otherwise 404. The path table comes from the OpenAPI document, so the
//! answer can never disagree with what is documented.

use actix_web::HttpRequest;
use actix_web::dev::ResourceDef;
use actix_web::web::Data;
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

pub struct MethodTable {
    paths: Vec<(ResourceDef, Vec<String>)>,
}

impl MethodTable {
    pub fn from_document(document: &OpenApi) -> Self {
        let paths = document
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                let allow = methods.iter().filter(|(_, present)| *present).map(|(m, _)| (*m).to_owned()).collect();
                (ResourceDef::new(template.as_str()), allow)
            })
            .collect();
        MethodTable { paths }
    }

    fn allowed(&self, path: &str) -> Option<&[String]> {
        self.paths.iter().find(|(def, _)| def.is_match(path)).map(|(_, allow)| allow.as_slice())
    }
}

pub async fn not_matched(req: HttpRequest, table: Data<MethodTable>) -> Result<actix_web::HttpResponse, ApiError> {
    match table.allowed(req.path()) {
        Some(allow) if !allow.is_empty() => Err(ApiError::MethodNotAllowed { allow: allow.to_vec() }),
        _ => Err(ApiError::NotFound),
    }
}
