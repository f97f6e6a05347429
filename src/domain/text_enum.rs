//! Enums that are stored and sent as fixed snake_case words.

/// Declares such an enum with `ALL`, `as_str` and `parse`, so the word on the wire, in the
/// database and in CSV is written once.
///
/// The words are taken as `tt`, not `literal`: a `literal` fragment reaches derive macros wrapped
/// in an invisible group, which serde unwraps but utoipa does not, so the OpenAPI document listed
/// the variant names (`Planned`) instead of the words actually sent (`planned`).
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident => $text:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $($(#[$variant_meta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: [$name; <[&str]>::len(&[$($text),+])] = [$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }

            /// A word read back from the database. One that is not ours is a damaged row or a
            /// bug, never quietly read as some default: the error names the row, and its
            /// request id leads to it in the log.
            pub fn stored(text: &str, row_id: &str) -> Result<Self, $crate::error::ApiError> {
                Self::parse(text).ok_or_else(|| {
                    $crate::error::ApiError::internal_message(format!(
                        "row {row_id} holds {text:?}, which is not a {}",
                        stringify!($name)
                    ))
                })
            }
        }
    };
}
