//! The roles of people who use the registry (see docs/DOMAIN.md, "Who uses it").

use crate::text_enum;

text_enum! {
    Role {
        /// Manages accounts, roles and partner tokens; everything a coordinator can.
        Admin => "admin",
        /// Department staff: reads and edits everything, reviews funding gaps.
        Coordinator => "coordinator",
        /// Head of a laboratory: registers and keeps current the projects of their labs.
        LabHead => "lab_head",
        /// A partner institution's account: reads what its institution takes part in.
        Partner => "partner",
    }
}

impl Role {
    /// Lab heads and partners act for an institution; department staff do not.
    pub fn needs_institution(self) -> bool {
        matches!(self, Role::LabHead | Role::Partner)
    }

    /// Department staff, who read and write everything.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }
}

text_enum! {
    /// Where an account stands.
    UserStatus {
        /// Invited by mail; becomes active when the invitation is accepted.
        Invited => "invited",
        Active => "active",
        /// Cannot sign in; existing tokens stop working at once.
        Disabled => "disabled",
    }
}
