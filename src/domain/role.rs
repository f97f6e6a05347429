//! The roles of people who use the registry (see docs/DOMAIN.md, "Who uses it").

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts, roles and partner tokens; everything a coordinator can.
    Admin,
    /// Department staff: reads and edits everything, reviews funding gaps.
    Coordinator,
    /// Head of a laboratory: registers and keeps current the projects of their labs.
    LabHead,
    /// A partner institution's account: reads what its institution takes part in.
    Partner,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Coordinator, Role::LabHead, Role::Partner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::LabHead => "lab_head",
            Role::Partner => "partner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// Lab heads and partners act for an institution; department staff do not.
    pub fn needs_institution(self) -> bool {
        matches!(self, Role::LabHead | Role::Partner)
    }

    /// Department staff, who read and write everything.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }
}

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// Invited by mail; becomes active when the invitation is accepted.
    Invited,
    Active,
    /// Cannot sign in; existing tokens stop working at once.
    Disabled,
}

impl UserStatus {
    pub const ALL: [UserStatus; 3] = [UserStatus::Invited, UserStatus::Active, UserStatus::Disabled];

    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Invited => "invited",
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}
