//! Every permission in one place: each route asks one of these, inside the request that loaded
//! what it is about, so lists, reads and writes can never disagree.

use crate::auth::caller::{Caller, Principal};
use crate::db::models::project_access::Involvement;
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

/// Funders, centres, laboratories and mirror links are shared reference data of the cooperation:
/// every signed-in caller, partner tokens included, reads them. (Projects, funding and outputs
/// have a visibility and are read through `project_access::ReadScope`.)
pub fn read_registry(_caller: &Caller) -> Result<(), ApiError> {
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

/// Coordinators and administrators import records from files (of every kind at once).
pub fn import_records(caller: &Caller) -> Result<(), ApiError> {
    staff(caller)
}

/// Staff edit any laboratory; a lab head edits the labs they head, but neither moves one to
/// another institution nor hands it to another head: which partner institutions read its
/// restricted projects, and who keeps it, follow from those two.
pub fn edit_lab(caller: &Caller, head_user_id: Option<&str>, reassigns: bool) -> Result<(), ApiError> {
    match role_of(caller)? {
        role if role.is_staff() => Ok(()),
        Role::LabHead if heads(caller, head_user_id) && !reassigns => Ok(()),
        Role::LabHead if heads(caller, head_user_id) => Err(ApiError::Forbidden(
            "Only coordinators and administrators move a laboratory to another institution or change who heads it.",
        )),
        _ => Err(ApiError::Forbidden("Only the laboratory's head, coordinators and administrators edit it.")),
    }
}

/// Staff record any laboratory's status changes; a lab head those of the labs they head.
pub fn record_lab_status(caller: &Caller, head_user_id: Option<&str>) -> Result<(), ApiError> {
    edit_lab(caller, head_user_id, false)
}

fn heads(caller: &Caller, head_user_id: Option<&str>) -> bool {
    head_user_id.is_some() && caller.user_id() == head_user_id
}

/// Staff register any project; a lab head registers one only with a laboratory they head as lead.
pub fn register_project(caller: &Caller, heads_lead_lab: bool) -> Result<(), ApiError> {
    match role_of(caller)? {
        role if role.is_staff() => Ok(()),
        Role::LabHead if heads_lead_lab => Ok(()),
        Role::LabHead => {
            Err(ApiError::Forbidden("A lab head registers projects only with a laboratory they head as lead."))
        }
        _ => Err(ApiError::Forbidden("Only lab heads, coordinators and administrators register projects.")),
    }
}

/// Staff edit any project; a lab head edits the projects whose lead laboratory they head.
pub fn edit_project(caller: &Caller, involvement: &Involvement) -> Result<(), ApiError> {
    match role_of(caller)? {
        role if role.is_staff() => Ok(()),
        Role::LabHead if involvement.heads_lead => Ok(()),
        _ => Err(ApiError::Forbidden(
            "Only the head of the project's lead laboratory, coordinators and administrators edit it; \
             heads of partner laboratories keep their own side's funding and the outputs.",
        )),
    }
}

/// A lab head keeps a laboratory they head as the lead of a project they edit; handing a project
/// over to another lead is for staff.
pub fn hand_over_project(caller: &Caller, keeps_a_lead_they_head: bool) -> Result<(), ApiError> {
    match role_of(caller)? {
        role if role.is_staff() => Ok(()),
        _ if keeps_a_lead_they_head => Ok(()),
        _ => Err(ApiError::Forbidden(
            "A lab head keeps a laboratory they head as lead; ask a coordinator to hand a project over.",
        )),
    }
}

/// Staff keep any funding record; the lead laboratory's head every side of their project; a
/// partner laboratory's head the funding of their own side (their laboratory's country).
pub fn write_funding(caller: &Caller, involvement: &Involvement, side: &str) -> Result<(), ApiError> {
    match role_of(caller)? {
        role if role.is_staff() => Ok(()),
        Role::LabHead if involvement.heads_lead || involvement.sides.contains(side) => Ok(()),
        _ => Err(ApiError::Forbidden(
            "Only coordinators, administrators, the lead laboratory's head, or the head of a laboratory on this \
             funding's side keep it.",
        )),
    }
}

/// Staff record any output; a lab head records outputs of projects their laboratories take part in.
pub fn write_outputs(caller: &Caller, involvement: &Involvement) -> Result<(), ApiError> {
    match role_of(caller)? {
        role if role.is_staff() => Ok(()),
        Role::LabHead if involvement.heads_any => Ok(()),
        _ => Err(ApiError::Forbidden(
            "Only coordinators, administrators and heads of the project's laboratories record its outputs.",
        )),
    }
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

/// Administrators change accounts, but no one their own access: that takes a second
/// administrator, so a slip (or a stolen session) cannot demote, disable or move the account it
/// is acting through.
pub fn change_account(caller: &Caller, account_id: &str, changes_access: bool) -> Result<(), ApiError> {
    write_users(caller)?;
    if changes_access && caller.user_id() == Some(account_id) {
        return Err(ApiError::Forbidden(
            "You cannot change your own role, status or institution; another administrator can.",
        ));
    }
    Ok(())
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

/// Reference exchange rates are reference data: every signed-in caller reads them.
pub fn read_rates(_caller: &Caller) -> Result<(), ApiError> {
    Ok(())
}

/// Only administrators import reference rates: every converted total in the registry follows them.
pub fn import_rates(caller: &Caller) -> Result<(), ApiError> {
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
    fn a_lab_head_edits_only_their_own_lab_and_never_its_head() {
        let head = Caller {
            principal: Principal::User { id: "h".into(), role: Role::LabHead, institution_id: None },
            request_id: None,
        };
        assert!(edit_lab(&head, Some("h"), false).is_ok());
        assert!(edit_lab(&head, Some("h"), true).is_err());
        assert!(edit_lab(&head, Some("someone else"), false).is_err());
        assert!(edit_lab(&head, None, false).is_err());
        assert!(edit_lab(&user(Role::Coordinator), None, true).is_ok());
        assert!(edit_lab(&user(Role::Partner), None, false).is_err());
        assert!(record_lab_status(&partner_token(), Some("h")).is_err());
    }

    #[test]
    fn project_rights_follow_the_labs_a_lab_head_heads() {
        let lead = Involvement { heads_lead: true, heads_any: true, sides: ["RU".to_owned()].into() };
        let partner = Involvement { heads_lead: false, heads_any: true, sides: ["CN".to_owned()].into() };
        let outsider = Involvement::none();
        let head = user(Role::LabHead);
        assert!(edit_project(&head, &lead).is_ok());
        assert!(edit_project(&head, &partner).is_err());
        assert!(write_funding(&head, &lead, "CN").is_ok(), "the lead lab's head keeps every side");
        assert!(write_funding(&head, &partner, "CN").is_ok());
        assert!(write_funding(&head, &partner, "RU").is_err(), "a partner lab's head keeps only their side");
        assert!(write_outputs(&head, &partner).is_ok());
        assert!(write_outputs(&head, &outsider).is_err());
        assert!(register_project(&head, true).is_ok() && register_project(&head, false).is_err());
        for caller in [user(Role::Coordinator), user(Role::Admin)] {
            assert!(edit_project(&caller, &outsider).is_ok() && write_funding(&caller, &outsider, "KZ").is_ok());
        }
        for caller in [user(Role::Partner), partner_token()] {
            assert!(register_project(&caller, true).is_err());
            assert!(edit_project(&caller, &lead).is_err());
            assert!(write_funding(&caller, &lead, "RU").is_err());
            assert!(write_outputs(&caller, &lead).is_err());
        }
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
