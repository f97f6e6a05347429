//! Table definitions shared by both backends (portable SQL types only).

diesel::table! {
    institutions (id) {
        id -> Text,
        name_en -> Text,
        name_ru -> Nullable<Text>,
        name_zh -> Nullable<Text>,
        country -> Text,
        city -> Nullable<Text>,
        ror_id -> Nullable<Text>,
        kind -> Text,
        website -> Nullable<Text>,
        search_key -> Text,
        sort_key -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
