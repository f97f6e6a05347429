//! JSON merge patch (RFC 7396) field helpers: an absent field is left alone, `null` clears a
//! field that may be empty, and `null` for a field that must have a value is a 422.

use serde::{Deserialize, Deserializer};

/// For a field that may be cleared: absent → `None`, `null` → `Some(None)`, value → `Some(Some(v))`.
/// Use with `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For a field that must keep a value: absent → `None`, `null` → an error, value → `Some(v)`.
/// Use with `#[serde(default, deserialize_with = "required_value")]`.
pub fn required_value<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
