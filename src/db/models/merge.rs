//! Merge patches (`PATCH` bodies): a field the patch gives replaces the one it changes; a field
//! it leaves out (`None`) stays. An optional field is cleared by `Some(None)`.

/// Replaces `field` with the patch's value, when the patch has one.
pub fn set<T>(field: &mut T, change: Option<T>) {
    if let Some(value) = change {
        *field = value;
    }
}
