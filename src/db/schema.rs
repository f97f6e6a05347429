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

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        email_key -> Text,
        display_name -> Text,
        role -> Text,
        institution_id -> Nullable<Text>,
        status -> Text,
        password_hash -> Nullable<Text>,
        auth_version -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        language -> Text,
    }
}

diesel::table! {
    refresh_families (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        idle_expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    one_time_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    partner_tokens (id) {
        id -> Text,
        institution_id -> Text,
        name -> Text,
        prefix -> Text,
        token_hash -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        identifier_key -> Text,
        client_ip -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    history (id) {
        id -> Text,
        resource -> Text,
        resource_id -> Text,
        action -> Text,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        request_id -> Nullable<Text>,
        at -> Timestamp,
        changes -> Text,
    }
}

diesel::table! {
    console_sessions (family_id) {
        family_id -> Text,
        token_hash -> Text,
        last_seen_at -> Timestamp,
    }
}

diesel::joinable!(users -> institutions (institution_id));
diesel::joinable!(refresh_tokens -> refresh_families (family_id));
diesel::joinable!(console_sessions -> refresh_families (family_id));
diesel::joinable!(refresh_families -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    institutions,
    users,
    refresh_families,
    refresh_tokens,
    partner_tokens,
    console_sessions
);

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        created_at -> Timestamp,
        attempts -> BigInt,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    funders (id) {
        id -> Text,
        name_en -> Text,
        name_ru -> Nullable<Text>,
        name_zh -> Nullable<Text>,
        short_code -> Text,
        short_code_key -> Text,
        country -> Text,
        funder_doi -> Nullable<Text>,
        ror_id -> Nullable<Text>,
        status -> Text,
        closed_on -> Nullable<Date>,
        successor_id -> Nullable<Text>,
        search_key -> Text,
        sort_key -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    centres (id) {
        id -> Text,
        name_en -> Text,
        name_ru -> Nullable<Text>,
        name_zh -> Nullable<Text>,
        founded_on -> Nullable<Date>,
        status -> Text,
        description -> Nullable<Text>,
        search_key -> Text,
        sort_key -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    centre_hosts (centre_id, institution_id) {
        centre_id -> Text,
        institution_id -> Text,
    }
}

diesel::table! {
    labs (id) {
        id -> Text,
        name_en -> Text,
        name_ru -> Nullable<Text>,
        name_zh -> Nullable<Text>,
        institution_id -> Text,
        centre_id -> Nullable<Text>,
        head_user_id -> Nullable<Text>,
        research_line -> Nullable<Text>,
        search_key -> Text,
        sort_key -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    lab_status_entries (id) {
        id -> Text,
        lab_id -> Text,
        status -> Text,
        effective_on -> Date,
        reason -> Text,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    mirror_links (id) {
        id -> Text,
        lab_a_id -> Text,
        lab_b_id -> Text,
        kind -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        end_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (caller, key) {
        caller -> Text,
        key -> Text,
        fingerprint -> Text,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        status -> Nullable<Integer>,
        location -> Nullable<Text>,
        etag -> Nullable<Text>,
        body -> Nullable<Text>,
    }
}

diesel::table! {
    projects (id) {
        id -> Text,
        acronym -> Nullable<Text>,
        title_en -> Nullable<Text>,
        title_ru -> Nullable<Text>,
        title_zh -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        summary_ru -> Nullable<Text>,
        summary_zh -> Nullable<Text>,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        status -> Text,
        visibility -> Text,
        identifiers -> Text,
        keywords -> Text,
        search_key -> Text,
        sort_key -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    project_labs (project_id, lab_id) {
        project_id -> Text,
        lab_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    project_subjects (project_id, asjc_code) {
        project_id -> Text,
        asjc_code -> Integer,
    }
}

diesel::table! {
    project_participants (id) {
        id -> Text,
        project_id -> Text,
        position -> Integer,
        name -> Text,
        orcid -> Nullable<Text>,
        role -> Text,
        lab_id -> Nullable<Text>,
    }
}

diesel::table! {
    funding_records (id) {
        id -> Text,
        project_id -> Text,
        funder_id -> Text,
        call_name -> Nullable<Text>,
        award_number -> Nullable<Text>,
        amount_minor -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        starts_on -> Date,
        ends_on -> Date,
        status -> Text,
        side -> Text,
        lab_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outputs (id) {
        id -> Text,
        kind -> Text,
        title -> Text,
        doi -> Nullable<Text>,
        year -> Integer,
        venue -> Nullable<Text>,
        url -> Nullable<Text>,
        author_countries -> Text,
        ru_cn -> Bool,
        search_key -> Text,
        sort_key -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    output_projects (output_id, project_id) {
        output_id -> Text,
        project_id -> Text,
    }
}

diesel::table! {
    output_funding (output_id, funding_id) {
        output_id -> Text,
        funding_id -> Text,
    }
}

diesel::table! {
    finding_reviews (id) {
        id -> Text,
        finding_key -> Text,
        state -> Text,
        note -> Text,
        owner_user_id -> Nullable<Text>,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Timestamp,
    }
}

diesel::table! {
    alert_deliveries (subject, threshold) {
        subject -> Text,
        threshold -> Text,
        sent_at -> Timestamp,
    }
}

diesel::joinable!(centre_hosts -> centres (centre_id));
diesel::joinable!(centre_hosts -> institutions (institution_id));
diesel::joinable!(labs -> institutions (institution_id));
diesel::joinable!(labs -> centres (centre_id));
diesel::joinable!(lab_status_entries -> labs (lab_id));
diesel::joinable!(project_labs -> projects (project_id));
diesel::joinable!(project_labs -> labs (lab_id));
diesel::joinable!(project_subjects -> projects (project_id));
diesel::joinable!(project_participants -> projects (project_id));
diesel::joinable!(funding_records -> projects (project_id));
diesel::joinable!(funding_records -> funders (funder_id));
diesel::joinable!(output_projects -> outputs (output_id));
diesel::joinable!(output_projects -> projects (project_id));
diesel::joinable!(output_funding -> outputs (output_id));
diesel::joinable!(output_funding -> funding_records (funding_id));
diesel::allow_tables_to_appear_in_same_query!(
    funders,
    centres,
    centre_hosts,
    labs,
    lab_status_entries,
    mirror_links,
    institutions,
    projects,
    project_labs,
    project_subjects,
    project_participants,
    funding_records,
    outputs,
    output_projects,
    output_funding,
    search_terms
);

diesel::table! {
    search_terms (entity, key, term, record_id) {
        entity -> Text,
        key -> Text,
        term -> Text,
        record_id -> Text,
    }
}

diesel::table! {
    search_terms_rules (id) {
        id -> Integer,
        version -> Integer,
    }
}

diesel::table! {
    feed_entries (seq) {
        seq -> BigInt,
        txid -> BigInt,
        resource -> Text,
        resource_id -> Text,
        action -> Text,
        version -> Nullable<BigInt>,
        at -> Timestamp,
        audience -> Text,
        readers -> Text,
        was_audience -> Text,
        was_readers -> Text,
    }
}

diesel::table! {
    fx_import_batches (id) {
        id -> Text,
        format -> Text,
        source -> Text,
        file_name -> Nullable<Text>,
        sha256 -> Text,
        rows_read -> BigInt,
        new_rows -> BigInt,
        changed_rows -> BigInt,
        imported_by -> Nullable<Text>,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    fx_rates (id) {
        id -> Text,
        source -> Text,
        rate_date -> Date,
        base -> Text,
        quote -> Text,
        rate -> Text,
        import_batch_id -> Text,
        imported_at -> Timestamp,
    }
}

diesel::joinable!(fx_rates -> fx_import_batches (import_batch_id));
diesel::allow_tables_to_appear_in_same_query!(fx_rates, fx_import_batches);
