//! The one path every API request takes:
//!
//! parse (extractors) → resolve the caller in the handler's own database trip → load the rows
//! → decide the rule (`auth::policy`) on what was loaded → change + history in the same
//! transaction → the response, built from the rows as that transaction leaves them.
//!
//! A handler takes an [`Exchange`] and hands it one closure. The [`Caller`] exists only inside
//! that closure, so a rule cannot be decided before the rows it is about are loaded, nor outside
//! the transaction that writes. The signature says who may call: `Exchange` (the default,
//! `Exchange<Members>`) refuses a request without credentials before anything else is looked at;
//! `Exchange<Public>` lets anyone read (what they read is still filtered by who they are).

use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use futures_util::future::LocalBoxFuture;

use crate::auth::caller::{Caller, Credentials, NO_CREDENTIALS};
use crate::clock::Clock;
use crate::db::models::history::Actor;
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::project_access::ReadScope;
use crate::db::{Db, DbConn, transaction};
use crate::error::ApiError;
use crate::http::idempotency::{self, IdempotencyKey};

/// Who may make a request at all, before the database is asked.
pub trait Admission {
    /// Whether a request without credentials gets through to the handler.
    const ANONYMOUS: bool;
}

/// Signed-in callers only (people and partner tokens).
pub struct Members;

/// Anyone: reads of what `public` visibility opens to all.
pub struct Public;

impl Admission for Members {
    const ANONYMOUS: bool = false;
}

impl Admission for Public {
    const ANONYMOUS: bool = true;
}

/// What a handler knows about its request before touching the database.
pub struct Exchange<A: Admission = Members> {
    db: Data<Db>,
    credentials: Credentials,
    today: NaiveDate,
    admission: PhantomData<A>,
}

/// What a handler knows inside its database trip: who is calling, and what day it is.
#[derive(Debug, Clone)]
pub struct Context {
    caller: Option<Caller>,
    pub today: NaiveDate,
}

impl Context {
    /// Anyone, signed in or not, reading what is open to all: the OAI-PMH endpoint, which answers
    /// every harvester alike and so never looks at credentials.
    pub fn public(today: NaiveDate) -> Self {
        Context { caller: None, today }
    }

    /// The signed-in caller; 401 for an anonymous request.
    pub fn caller(&self) -> Result<&Caller, ApiError> {
        self.caller.as_ref().ok_or(ApiError::Unauthenticated(NO_CREDENTIALS))
    }

    /// The caller, when credentials were sent (public reads take anyone).
    pub fn anyone(&self) -> Option<&Caller> {
        self.caller.as_ref()
    }

    /// The projects (and so the funding and outputs) this caller may read.
    pub fn scope(&self) -> ReadScope {
        ReadScope::of(self.caller.as_ref())
    }

    /// Who to name in the history of a change.
    pub fn actor(&self) -> Result<Actor, ApiError> {
        Ok(self.caller()?.actor())
    }
}

impl<A: Admission> Exchange<A> {
    /// An exchange with credentials found elsewhere than in the headers (the console's cookie).
    pub fn with(db: Data<Db>, credentials: Credentials, today: NaiveDate) -> Self {
        Exchange { db, credentials, today, admission: PhantomData }
    }

    /// A read: `read` runs in the same trip as the caller's lookup.
    pub async fn read<T, F>(&self, read: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn, &Context) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let (credentials, today) = (self.credentials.clone(), self.today);
        self.db
            .run(move |conn| {
                let context = Context { caller: credentials.resolve(conn)?, today };
                read(conn, &context)
            })
            .await
    }

    /// A change: the caller is resolved, and `write` loads, decides, changes, records history
    /// and builds its answer, all in one write transaction. Anonymous requests are refused
    /// before the trip (every change needs a caller).
    pub async fn write<T, F>(&self, write: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn, &Context) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let credentials = self.signed_in()?;
        let today = self.today;
        self.db
            .run(move |conn| {
                transaction::write(conn, |conn| {
                    let context = Context { caller: credentials.resolve(conn)?, today };
                    write(conn, &context)
                })
            })
            .await
    }

    /// A create that is safe to retry: as [`Exchange::write`], with the `Idempotency-Key` claimed,
    /// the record written and the answer stored in the same transaction.
    pub async fn create<F>(&self, key: IdempotencyKey, fingerprint: String, create: F) -> Result<HttpResponse, ApiError>
    where
        F: FnOnce(&mut DbConn, &Context) -> Result<StoredResponse, ApiError> + Send + 'static,
    {
        let credentials = self.signed_in()?;
        let today = self.today;
        let (response, replayed) = self
            .db
            .run(move |conn| {
                transaction::write(conn, |conn| {
                    let context = Context { caller: credentials.resolve(conn)?, today };
                    let caller = context.caller()?.clone();
                    idempotency::once(conn, &caller, key, &fingerprint, |conn| create(conn, &context))
                })
            })
            .await?;
        Ok(response.into_response(replayed))
    }

    fn signed_in(&self) -> Result<Credentials, ApiError> {
        if self.credentials.presented() {
            Ok(self.credentials.clone())
        } else {
            Err(ApiError::Unauthenticated(NO_CREDENTIALS))
        }
    }

    /// The database behind this request, for work that is not a caller's (sign-in itself).
    pub fn db(&self) -> &Db {
        &self.db
    }
}

impl<A: Admission + 'static> FromRequest for Exchange<A> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    /// A request without credentials that its route does not admit — and any change, since only
    /// reads are ever open — is refused here, before its path, query or body is looked at, so an
    /// anonymous caller learns nothing from validation.
    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let anonymous = req.headers().get(header::AUTHORIZATION).is_none();
        if anonymous && (!A::ANONYMOUS || !req.method().is_safe()) {
            return Box::pin(async { Err(ApiError::Unauthenticated(NO_CREDENTIALS)) });
        }
        let credentials = Credentials::from_request(req, payload);
        let db = req.app_data::<Data<Db>>().cloned();
        let today = req.app_data::<Data<Clock>>().map_or_else(|| Clock::system().today(), |clock| clock.today());
        Box::pin(async move {
            let credentials = credentials.await?;
            let db = db.ok_or_else(|| ApiError::internal_message("the database is not configured"))?;
            Ok(Exchange { db, credentials, today, admission: PhantomData })
        })
    }
}
