//! Every permission in one place: each route asks one of these, inside the request that loaded
//! what it is about, so lists, reads and writes can never disagree.

use crate::auth::caller::{Caller, Principal};
use crate::domain::role::Role;
use crate::error::ApiError;

const READ_ONLY_TOKEN: &str = "Partner API tokens are read-only.";
const STAFF_ONLY: &str = "Only the department's coordinators and administrators may do this.";
const ADMIN_ONLY: &str = "Only administrators may do this.";

fn role_of(caller: &Caller) -> Result<Role, ApiError> {
    match &caller.principal {
        Principal::User { role, .. } => Ok(*role),
        Principal::PartnerToken { .. } => Err(ApiError::Forbidden(READ_ONLY_TOKEN)),
    }
}

/// Institutions are reference data: every signed-in caller reads them.
pub fn read_institutions(_caller: &Caller) -> Result<(), ApiError> {
    Ok(())
}

/// Coordinators and administrators keep institutions current.
pub fn write_institutions(caller: &Caller) -> Result<(), ApiError> {
    staff(caller)
}

/// Deleting is for unreferenced records only, and only administrators do it; everything else is
/// closed or archived instead, so history is never lost.
pub fn delete_records(caller: &Caller) -> Result<(), ApiError> {
    match role_of(caller)? {
        Role::Admin => Ok(()),
        _ => Err(ApiError::Forbidden("Only administrators delete records; close or archive it instead.")),
    }
}

/// Coordinators and administrators keep funders, centres, laboratories and mirror links current.
pub fn write_registry(caller: &Caller) -> Result<(), ApiError> {
    staff(caller)
}

/// Coordinators and administrators see accounts.
pub fn read_users(caller: &Caller) -> Result<(), ApiError> {
    staff(caller)
}

/// Only administrators change roles, status and institutions of accounts.
pub fn write_users(caller: &Caller) -> Result<(), ApiError> {
    match role_of(caller)? {
        Role::Admin => Ok(()),
        _ => Err(ApiError::Forbidden(ADMIN_ONLY)),
    }
}

/// Administrators invite anyone; coordinators invite lab heads and partners.
pub fn invite(caller: &Caller, role: Role) -> Result<(), ApiError> {
    match (role_of(caller)?, role) {
        (Role::Admin, _) => Ok(()),
        (Role::Coordinator, Role::LabHead | Role::Partner) => Ok(()),
        (Role::Coordinator, _) => {
            Err(ApiError::Forbidden("Coordinators invite lab heads and partners; administrators invite staff."))
        }
        _ => Err(ApiError::Forbidden(STAFF_ONLY)),
    }
}

/// Only administrators issue, list and revoke partner API tokens.
pub fn manage_partner_tokens(caller: &Caller) -> Result<(), ApiError> {
    write_users(caller)
}

fn staff(caller: &Caller) -> Result<(), ApiError> {
    if role_of(caller)?.is_staff() { Ok(()) } else { Err(ApiError::Forbidden(STAFF_ONLY)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> Caller {
        Caller { principal: Principal::User { id: "u".into(), role, institution_id: None }, request_id: None }
    }

    fn partner_token() -> Caller {
        Caller {
            principal: Principal::PartnerToken { token_id: "t".into(), institution_id: "i".into() },
            request_id: None,
        }
    }

    #[test]
    fn the_invitation_matrix() {
        use Role::*;
        let allowed = |inviter: Role, invitee: Role| invite(&user(inviter), invitee).is_ok();
        for invitee in Role::ALL {
            assert!(allowed(Admin, invitee));
            assert_eq!(allowed(Coordinator, invitee), matches!(invitee, LabHead | Partner));
            assert!(!allowed(LabHead, invitee));
            assert!(!allowed(Partner, invitee));
            assert!(invite(&partner_token(), invitee).is_err());
        }
    }

    #[test]
    fn partner_tokens_never_write() {
        let token = partner_token();
        assert!(read_institutions(&token).is_ok());
        assert!(write_institutions(&token).is_err());
        assert!(write_users(&token).is_err());
        assert!(read_users(&token).is_err());
    }

    #[test]
    fn staff_write_institutions_others_do_not() {
        for role in Role::ALL {
            assert_eq!(write_institutions(&user(role)).is_ok(), role.is_staff(), "{role:?}");
        }
        assert!(write_users(&user(Role::Admin)).is_ok());
        assert!(write_users(&user(Role::Coordinator)).is_err());
    }
}
