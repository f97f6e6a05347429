//! `/api/v1/users` and `/api/v1/invitations`: account administration, all of it audited.

pub mod wire;

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, patch, post};

use crate::auth::{messages, policy};
use crate::config::MailSettings;
use crate::db::DbConn;
use crate::db::models::history;
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::one_time_token::{self, Purpose};
use crate::db::models::user::{NewUser, User, UserChanges, UserFilter};
use crate::db::models::versioned::{self, Precondition, Unconditional};
use crate::domain::role::UserStatus;
use crate::domain::search_key;
use crate::email::{self, Outbox, Recipient};
use crate::error::{ApiError, Problem};
use crate::http::etag::{IfMatch, etag, tagged};
use crate::http::exchange::{Context, Exchange};
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{Change, RecordId, RecordRequest};
use crate::http::responses::{
    Changed, Current, InvalidFields, InvalidQuery, JsonBody, NoSuchRecord, SignedIn, StaffOnly, Versioned,
};
use crate::i18n::Catalogue;
use crate::routes::history::{History, HistoryQuery, HistoryRequest};
use wire::{InviteUser, ListUsersQuery, UpdateUser, UserPage, UserResponse};

const COLLECTION: &str = "/api/v1/users";

/// An account as JSON, with its ETag.
pub fn user_response(status: StatusCode, user: User) -> Result<HttpResponse, ApiError> {
    Ok(tagged(status, user.version, &UserResponse::new(user)?))
}

/// Invite a person by mail. Administrators invite anyone; coordinators invite lab heads and
/// partners. Inviting an address that is still only invited sends a fresh invitation. The mail
/// is in the person's `language` and links to the console's page
/// `/console/invitation?token=…`, where they choose a password (the token works with
/// `POST /api/v1/auth/invitations/accept` too).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a07", description = "Makes the request safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = InviteUser, content_type = "application/json"),
    responses(
        (status = 201, description = "Invited; the mail is on its way", body = UserResponse,
            headers(("Location" = String, description = "URL of the account"))),
        (status = 200, description = "Invited again; the earlier invitation no longer works", body = UserResponse),
        (status = 403, description = "Not allowed to invite this role", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address already has an active or disabled account, or a request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        InvalidFields, JsonBody, SignedIn,
    )
)]
#[post("/invitations")]
pub async fn invite_user(
    exchange: Exchange,
    key: IdempotencyKey,
    mail: Data<MailSettings>,
    catalogue: Data<Catalogue>,
    outbox: Data<Outbox>,
    body: ApiJson<InviteUser>,
) -> Result<HttpResponse, ApiError> {
    let (input, fingerprint) = body.into_parts();
    let response = exchange
        .create(key, fingerprint, move |conn, context| {
            let (user, again) = invite(conn, context, &catalogue, &mail.public_url, input)?;
            let location = format!("{COLLECTION}/{}", user.id);
            let tag = etag(user.version);
            let body = UserResponse::new(user)?;
            if again {
                let mut stored = StoredResponse::json(200, &body)?;
                stored.etag = Some(tag);
                Ok(stored)
            } else {
                StoredResponse::created(location, tag, &body)
            }
        })
        .await?;
    outbox.wake();
    Ok(response)
}

/// `POST /api/v1/invitations` inside its transaction: the account (new, or the invited one
/// again, its language updated when one is named), a fresh invitation token that ends the
/// earlier one, the mail in the outbox (wake it after the commit) and the history. Returns the
/// account and whether it was invited before.
pub fn invite(
    conn: &mut DbConn,
    context: &Context,
    catalogue: &Catalogue,
    public_url: &str,
    input: InviteUser,
) -> Result<(User, bool), ApiError> {
    let caller = context.caller()?;
    policy::invite(caller, input.role)?;
    let actor = caller.actor();
    let (user, again) = match User::find_by_email(conn, &input.email)? {
        Some(existing) if existing.status()? == UserStatus::Invited => {
            policy::invite(caller, existing.role()?)?;
            // A language named again is the one the person reads: the account's from now on.
            let existing = match input.language {
                Some(language) if existing.language()? != language => {
                    let changes = UserChanges { language: Some(language), ..UserChanges::default() };
                    versioned::update(conn, &actor, existing, &Unconditional, |conn, user| changes.apply(conn, user))?
                }
                _ => existing,
            };
            (existing, true)
        }
        Some(_) => {
            return Err(ApiError::Conflict {
                detail: "An account with this email address exists.".into(),
                errors: vec![crate::error::FieldError::new("email", "already_registered", "already has an account")],
            });
        }
        None => {
            let new = NewUser {
                email: input.email.clone(),
                display_name: input.display_name.trim().to_owned(),
                role: input.role,
                institution_id: input.institution_id.clone(),
                status: UserStatus::Invited,
                password_hash: None,
                language: input.language.unwrap_or_default(),
            };
            (User::insert(conn, new, &actor)?, false)
        }
    };
    let token = one_time_token::issue(conn, &user.id, Purpose::Invitation)?;
    let to = Recipient::of(&user)?;
    email::enqueue(conn, &messages::invitation(catalogue, public_url, &to, user.role()?, &token))?;
    history::record(conn, &actor, "user", &user.id, "invite", serde_json::json!({}))?;
    Ok((user, again))
}

/// List accounts (coordinators and administrators).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(ListUsersQuery),
    responses(
        (status = 200, description = "One page, oldest account first", body = UserPage,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when there is one"))),
        StaffOnly, InvalidQuery, SignedIn,
    )
)]
#[get("/users")]
pub async fn list_users(
    req: HttpRequest,
    exchange: Exchange,
    query: ApiQuery<ListUsersQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let link = PageLink::of(&req);
    let after = Cursor::from_param(query.cursor.as_deref(), "created")?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let filter = UserFilter {
        role: query.role,
        status: query.status,
        institution_id: query.institution_id.clone(),
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        updated_since: query.updated_since.map(|t| t.naive_utc()),
    };
    let (mut items, total) = exchange
        .read(move |conn, context| {
            policy::read_users(context.caller()?)?;
            User::list(conn, &filter, after.as_ref().map(|c| c.id.as_str()), i64::from(limit) + 1)
        })
        .await?;
    let page = NextPage::after(&mut items, limit, &link, |last| Cursor::new("created", None, last.id.clone()));
    Ok(UserPage::respond(items.into_iter().map(UserResponse::new).collect::<Result<_, _>>()?, total, page))
}

/// Read one account (coordinators and administrators).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(RecordId),
    responses(
        Current<UserResponse>,
        StaffOnly, NoSuchRecord, SignedIn,
    )
)]
#[get("/users/{id}")]
pub async fn get_user(request: RecordRequest<()>) -> Result<HttpResponse, ApiError> {
    let (exchange, id, ()) = request.into_parts()?;
    let user = exchange
        .read(move |conn, context| {
            policy::read_users(context.caller()?)?;
            User::find(conn, &id)
        })
        .await?;
    user_response(StatusCode::OK, user)
}

/// Change an account's role, status, institution, name or mail language (administrators).
/// Requires `If-Match`. A change of role, status or institution takes effect on the account's
/// very next request; an administrator's own are changed by another administrator.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateUser, content_type = "application/merge-patch+json", description = "Also accepted as application/json."),
    responses(
        Changed<UserResponse>,
        (status = 403, description = "Not an administrator, or your own role, status or institution", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It would leave no active administrator", body = Problem, content_type = "application/problem+json"),
        NoSuchRecord, InvalidFields, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(change: Change<UpdateUser>) -> Result<HttpResponse, ApiError> {
    let (exchange, id, (if_match, body)) = change.into_parts()?;
    let changes = AccountChanges::of(body.into_inner())?;
    let user = exchange.write(move |conn, context| update(conn, context, &id, &if_match, changes)).await?;
    user_response(StatusCode::OK, user)
}

/// What a `PATCH /api/v1/users/{id}` asks for, checked before the account is looked up: an
/// account becomes invited only by invitation.
pub struct AccountChanges {
    changes: UserChanges,
    /// Whether it names a role, status or institution (no one sends those for themselves).
    access: bool,
}

impl AccountChanges {
    pub fn of(input: UpdateUser) -> Result<AccountChanges, ApiError> {
        if input.status == Some(UserStatus::Invited) {
            return Err(ApiError::field(
                "status",
                "invalid_status",
                "can be set to active or disabled; accounts become invited only by invitation",
            ));
        }
        let access = input.role.is_some() || input.status.is_some() || input.institution_id.is_some();
        let changes = UserChanges {
            display_name: input.display_name.map(|n| n.trim().to_owned()),
            role: input.role,
            status: input.status,
            institution_id: input.institution_id,
            language: input.language,
        };
        Ok(AccountChanges { changes, access })
    }
}

/// `PATCH /api/v1/users/{id}` inside its transaction: the policy (administrators; no one their
/// own access), the version, the change and its history.
pub fn update(
    conn: &mut DbConn,
    context: &Context,
    id: &str,
    expected: &impl Precondition,
    changes: AccountChanges,
) -> Result<User, ApiError> {
    let user = User::find(conn, id)?;
    policy::change_account(context.caller()?, &user.id, changes.access)?;
    let AccountChanges { changes, .. } = changes;
    versioned::update(conn, &context.actor()?, user, expected, |conn, user| changes.apply(conn, user))
}

/// The history of an account, newest first (coordinators and administrators).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        StaffOnly, NoSuchRecord, History, SignedIn,
    )
)]
#[get("/users/{id}/history")]
pub async fn user_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request
        .page("user", COLLECTION, |conn, context, id| {
            policy::read_users(context.caller()?)?;
            User::find(conn, id).map(|_| ())
        })
        .await
}
