//! Creating the first administrator from the command line.

use std::io::BufRead;

use crate::auth::password::{Passwords, check_policy};
use crate::config::Settings;
use crate::db::models::history::Actor;
use crate::db::models::user::{NewUser, User};
use crate::db::transaction;
use crate::domain::role::{Role, UserStatus};
use crate::startup::prepare_connection;

/// Why an administrator could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAdminError {
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Startup(#[from] crate::startup::StartupError),
    #[error("{0}")]
    Failed(String),
}

/// What was created, and the password when it was generated (shown once).
pub struct CreatedAdmin {
    pub id: String,
    pub generated_password: Option<String>,
}

/// Reads the password from the first line of `input` when given, else generates one.
pub fn create_admin(
    settings: &Settings,
    email: &str,
    display_name: &str,
    password_from: Option<&mut dyn BufRead>,
) -> Result<CreatedAdmin, CreateAdminError> {
    use validator::ValidateEmail;
    if !email.validate_email() || email.len() > 254 {
        return Err(CreateAdminError::Input(format!("{email:?} is not an email address")));
    }
    let (password, generated) = match password_from {
        Some(input) => {
            let mut line = String::new();
            input
                .read_line(&mut line)
                .map_err(|e| CreateAdminError::Input(format!("cannot read the password: {e}")))?;
            let password = line.trim_end_matches(['\r', '\n']).to_owned();
            check_policy(&password).map_err(|e| {
                CreateAdminError::Input(format!(
                    "the password {}",
                    e.message.map(|m| m.to_string()).unwrap_or_default()
                ))
            })?;
            (password, false)
        }
        None => (crate::auth::tokens::generate("").chars().take(24).collect::<String>(), true),
    };
    let passwords = Passwords::new(settings.auth.argon2).map_err(CreateAdminError::Failed)?;
    let hash = actix_web::rt::System::new()
        .block_on(passwords.hash(password.clone()))
        .map_err(|e| CreateAdminError::Failed(e.to_string()))?;
    let (mut conn, _) = prepare_connection(settings)?;
    let new = NewUser {
        email: email.to_owned(),
        display_name: display_name.to_owned(),
        role: Role::Admin,
        institution_id: None,
        status: UserStatus::Active,
        password_hash: Some(hash),
        language: crate::i18n::Lang::En,
    };
    let user =
        transaction::write(&mut conn, |conn| User::insert(conn, new, &Actor::system())).map_err(|e| match e {
            crate::error::ApiError::Conflict { .. } => {
                CreateAdminError::Input(format!("an account with the address {email} exists"))
            }
            other => CreateAdminError::Failed(other.to_string()),
        })?;
    Ok(CreatedAdmin { id: user.id, generated_password: generated.then_some(password) })
}
