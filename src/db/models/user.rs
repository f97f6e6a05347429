//! Accounts as stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::models::history::{self, Actor};
use crate::db::models::merge::set;
use crate::db::models::paging;
use crate::db::models::versioned;
use crate::db::schema::institutions;
use crate::db::schema::users::{self, dsl};
use crate::domain::role::{Role, UserStatus};
use crate::error::{ApiError, FieldError};
use crate::i18n::Lang;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub struct User {
    pub id: String,
    pub email: String,
    pub email_key: String,
    pub display_name: String,
    pub role: String,
    pub institution_id: Option<String>,
    pub status: String,
    pub password_hash: Option<String>,
    pub auth_version: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The language of the person's mail (`en`, `ru`, `zh`); see [`User::language`].
    pub language: String,
}

/// What an account is created with.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub institution_id: Option<String>,
    pub status: UserStatus,
    pub password_hash: Option<String>,
    pub language: Lang,
}

/// Administrative changes; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    pub institution_id: Option<Option<String>>,
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    pub institution_id: Option<String>,
    /// Folded; matched against email and display name.
    pub query: Option<String>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

versioned_row!(User, users, "user", write_error);

impl UserChanges {
    /// Applies the changes to `user`. A change of role, status or institution ends the account's
    /// current tokens; the last active administrator stays one.
    pub fn apply(self, conn: &mut DbConn, user: &mut User) -> Result<(), ApiError> {
        let before = user.clone();
        set(&mut user.display_name, self.display_name);
        set(&mut user.role, self.role.map(|role| role.as_str().into()));
        set(&mut user.status, self.status.map(|status| status.as_str().into()));
        set(&mut user.institution_id, self.institution_id);
        set(&mut user.language, self.language.map(|language| language.as_str().into()));
        check_institution(conn, user.role()?, user.institution_id.as_deref())?;
        let was_admin = before.role()? == Role::Admin && before.status()? == UserStatus::Active;
        let stays_admin = user.role()? == Role::Admin && user.status()? == UserStatus::Active;
        if was_admin && !stays_admin && User::count_active_admins(conn)? <= 1 {
            return Err(ApiError::Conflict {
                detail: "This is the last active administrator; make another one first.".into(),
                errors: vec![],
            });
        }
        let access_changed =
            before.role != user.role || before.status != user.status || before.institution_id != user.institution_id;
        if access_changed {
            user.auth_version += 1;
            if user.status()? != UserStatus::Active {
                super::refresh::revoke_all_for_user(conn, &user.id, "account disabled")?;
            }
        }
        Ok(())
    }
}

/// One address, one account: addresses are compared folded to lower case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

impl User {
    pub fn role(&self) -> Result<Role, ApiError> {
        Role::stored(&self.role, &self.id)
    }

    pub fn status(&self) -> Result<UserStatus, ApiError> {
        UserStatus::stored(&self.status, &self.id)
    }

    /// The language the person reads their mail in.
    pub fn language(&self) -> Result<Lang, ApiError> {
        Lang::stored(&self.language, &self.id)
    }

    /// The audited view of an account (never the password hash).
    pub fn audit_view(&self) -> Value {
        json!({
            "email": self.email,
            "display_name": self.display_name,
            "role": self.role,
            "institution_id": self.institution_id,
            "status": self.status,
            "language": self.language,
        })
    }

    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::users.find(id).first(conn)?)
    }

    /// The account, and whether its session `session_id` is live (not ended, not past its
    /// absolute lifetime): one query, so checking a token's session costs no extra trip.
    pub fn find_in_session(conn: &mut DbConn, id: &str, session_id: &str) -> Result<Option<(Self, bool)>, ApiError> {
        use crate::db::schema::refresh_families as sessions;
        let live = diesel::dsl::exists(
            sessions::table
                .filter(sessions::id.eq(session_id.to_owned()))
                .filter(sessions::user_id.eq(dsl::id))
                .filter(sessions::revoked_at.is_null())
                .filter(sessions::expires_at.gt(super::now())),
        );
        Ok(dsl::users.find(id).select((users::all_columns, live)).first(conn).optional()?)
    }

    pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<Self>, ApiError> {
        Ok(dsl::users.filter(dsl::email_key.eq(email_key(email))).first(conn).optional()?)
    }

    /// Creates an account; call inside a write transaction.
    pub fn insert(conn: &mut DbConn, new: NewUser, actor: &Actor) -> Result<Self, ApiError> {
        check_institution(conn, new.role, new.institution_id.as_deref())?;
        let now = super::now();
        let user = User {
            id: super::new_id(),
            email_key: email_key(&new.email),
            email: new.email.trim().to_owned(),
            display_name: new.display_name,
            role: new.role.as_str().into(),
            institution_id: new.institution_id,
            status: new.status.as_str().into(),
            password_hash: new.password_hash,
            auth_version: 1,
            version: 1,
            created_at: now,
            updated_at: now,
            language: new.language.as_str().into(),
        };
        versioned::create(conn, actor, user)
    }

    /// Sets a new password hash. With `end_sessions`, every token of the account stops working.
    pub fn set_password(conn: &mut DbConn, id: &str, hash: &str, end_sessions: bool) -> Result<(), ApiError> {
        let bump = if end_sessions { 1 } else { 0 };
        diesel::update(dsl::users.find(id))
            .set((
                dsl::password_hash.eq(hash),
                dsl::auth_version.eq(dsl::auth_version + bump),
                dsl::updated_at.eq(super::now()),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// An invited account becomes active with its first password.
    pub fn activate(conn: &mut DbConn, id: &str, hash: &str, actor: &Actor) -> Result<(), ApiError> {
        let before = Self::find(conn, id)?;
        diesel::update(dsl::users.find(id))
            .set((
                dsl::password_hash.eq(hash),
                dsl::status.eq(UserStatus::Active.as_str()),
                dsl::version.eq(dsl::version + 1),
                dsl::updated_at.eq(super::now()),
            ))
            .execute(conn)?;
        let after = Self::find(conn, id)?;
        history::record(conn, actor, "user", id, "activate", history::diff(&before.audit_view(), &after.audit_view()))
    }

    pub fn count_active_admins(conn: &mut DbConn) -> Result<i64, ApiError> {
        Ok(dsl::users
            .filter(dsl::role.eq(Role::Admin.as_str()))
            .filter(dsl::status.eq(UserStatus::Active.as_str()))
            .count()
            .get_result(conn)?)
    }

    /// The active coordinators and administrators, by name: who may own a finding's follow-up.
    pub fn active_staff(conn: &mut DbConn) -> Result<Vec<(String, String)>, ApiError> {
        Ok(dsl::users
            .filter(dsl::role.eq_any([Role::Admin.as_str(), Role::Coordinator.as_str()]))
            .filter(dsl::status.eq(UserStatus::Active.as_str()))
            .order((dsl::display_name.asc(), dsl::id.asc()))
            .select((dsl::id, dsl::display_name))
            .load(conn)?)
    }

    /// The active lab heads, by name: who may head a laboratory.
    pub fn active_lab_heads(conn: &mut DbConn) -> Result<Vec<(String, String)>, ApiError> {
        Ok(dsl::users
            .filter(dsl::role.eq(Role::LabHead.as_str()))
            .filter(dsl::status.eq(UserStatus::Active.as_str()))
            .order((dsl::display_name.asc(), dsl::id.asc()))
            .select((dsl::id, dsl::display_name))
            .load(conn)?)
    }

    /// The display names of the accounts `ids` (unknown ids are left out).
    pub fn display_names(
        conn: &mut DbConn,
        ids: &[&str],
    ) -> Result<std::collections::HashMap<String, String>, ApiError> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        Ok(dsl::users
            .filter(dsl::id.eq_any(ids))
            .select((dsl::id, dsl::display_name))
            .load(conn)?
            .into_iter()
            .collect())
    }

    /// A page of accounts in id (creation) order after `after`, and the total matching.
    pub fn list(
        conn: &mut DbConn,
        filter: &UserFilter,
        after: Option<&str>,
        limit: i64,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        paging::in_creation_order(conn, || filtered(filter), dsl::id, after, limit)
    }
}

fn filtered(filter: &UserFilter) -> users::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut query = dsl::users.into_boxed();
    if let Some(role) = filter.role {
        query = query.filter(dsl::role.eq(role.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(dsl::status.eq(status.as_str()));
    }
    if let Some(institution) = &filter.institution_id {
        query = query.filter(dsl::institution_id.eq(institution.clone()));
    }
    if let Some(text) = &filter.query {
        let pattern = crate::domain::search_key::contains_pattern(text);
        query = query.filter(dsl::email_key.like(pattern).escape('\\'));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}

/// Lab heads and partners belong to an existing institution.
fn check_institution(conn: &mut DbConn, role: Role, institution_id: Option<&str>) -> Result<(), ApiError> {
    match institution_id {
        None if role.needs_institution() => {
            Err(ApiError::field("institution_id", "required", "is required for lab heads and partners"))
        }
        None => Ok(()),
        Some(id) => {
            let exists: i64 = institutions::table.filter(institutions::id.eq(id)).count().get_result(conn)?;
            if exists == 0 {
                Err(ApiError::field("institution_id", "unknown_institution", "names no institution"))
            } else {
                Ok(())
            }
        }
    }
}

/// One address, one account: the unique email key catches a second.
fn write_error(err: DieselError) -> ApiError {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => email_taken(),
        other => other.into(),
    }
}

fn email_taken() -> ApiError {
    ApiError::Conflict {
        detail: "An account with this email address exists.".into(),
        errors: vec![FieldError::new("email", "already_registered", "already has an account")],
    }
}
