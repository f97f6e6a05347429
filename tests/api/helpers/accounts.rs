//! People and sessions for tests: accounts are written straight into the database (with a real
//! argon2id hash), sessions are made through the real login route.

use std::sync::OnceLock;

use jointreg::db::models::history::Actor;
use jointreg::db::models::institution::{Institution, InstitutionFields};
use jointreg::db::models::user::{NewUser, User};
use jointreg::db::{DbConn, transaction};
use jointreg::domain::institution::InstitutionKind;
use jointreg::domain::role::{Role, UserStatus};
use serde_json::{Value, json};

/// Every test account's password.
pub const PASSWORD: &str = "mirror laboratories in three countries";

/// The argon2id hash of [`PASSWORD`] at the minimum accepted cost, made once per test process.
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        use argon2::password_hash::PasswordHasher;
        let params = argon2::Params::new(19456, 2, 1, None).unwrap();
        argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password(PASSWORD.as_bytes())
            .unwrap()
            .to_string()
    })
}

/// An account made for a test.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub institution_id: Option<String>,
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub user: TestUser,
}

pub fn insert_institution(conn: &mut DbConn, name: &str, country: &str) -> String {
    let fields = InstitutionFields {
        name_en: name.into(),
        name_ru: None,
        name_zh: None,
        country: country.into(),
        city: None,
        ror_id: None,
        kind: InstitutionKind::University,
        website: None,
    };
    Institution::insert(conn, fields, &Actor::system()).unwrap().id
}

pub fn insert_user(conn: &mut DbConn, role: Role, institution_id: Option<String>, status: UserStatus) -> TestUser {
    let email = format!("{}.{}@example.org", role.as_str(), uuid::Uuid::now_v7().simple());
    let new = NewUser {
        email: email.clone(),
        display_name: format!("Test {}", role.as_str()),
        role,
        institution_id: institution_id.clone(),
        status,
        password_hash: Some(password_hash().to_owned()),
        language: jointreg::i18n::Lang::En,
    };
    let user = transaction::write(conn, |conn| User::insert(conn, new, &Actor::system())).unwrap();
    TestUser { id: user.id, email, institution_id }
}

/// The body of a login.
pub fn credentials(email: &str, password: &str) -> Value {
    json!({"email": email, "password": password})
}
