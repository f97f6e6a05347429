//! The mail the registry sends about accounts. Plain text, in English with short Russian and
//! Chinese lines, since recipients are on both sides.

use crate::config::MailSettings;
use crate::domain::role::Role;
use crate::email::OutgoingMessage;

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "administrator",
        Role::Coordinator => "coordinator",
        Role::LabHead => "laboratory head",
        Role::Partner => "partner institution",
    }
}

pub fn invitation(mail: &MailSettings, to: &str, display_name: &str, role: Role, token: &str) -> OutgoingMessage {
    let url = &mail.public_url;
    OutgoingMessage {
        kind: "invitation",
        to: to.into(),
        subject: "Invitation to jointreg / Приглашение / 邀请".into(),
        body: format!(
            "Dear {display_name},\n\n\
             you are invited to jointreg, the registry of joint Russian–Chinese research, as {role}.\n\
             To accept, choose a password (12 characters or more) within 72 hours:\n\n\
             POST {url}/api/v1/auth/invitations/accept\n\
             {{\"token\": \"{token}\", \"password\": \"…\"}}\n\n\
             Вас пригласили в jointreg. Приглашение действует 72 часа.\n\
             您被邀请加入 jointreg。邀请在72小时内有效。\n\n\
             If you did not expect this message, ignore it.\n",
            role = role_name(role)
        ),
    }
}

pub fn password_reset(mail: &MailSettings, to: &str, display_name: &str, token: &str) -> OutgoingMessage {
    let url = &mail.public_url;
    OutgoingMessage {
        kind: "password_reset",
        to: to.into(),
        subject: "Password reset for jointreg / Сброс пароля / 重置密码".into(),
        body: format!(
            "Dear {display_name},\n\n\
             someone asked to reset the password of your jointreg account. Within one hour:\n\n\
             POST {url}/api/v1/auth/password-reset/confirm\n\
             {{\"token\": \"{token}\", \"new_password\": \"…\"}}\n\n\
             Ссылка действует один час. 链接在一小时内有效。\n\n\
             If it was not you, ignore this message: your password stays as it is.\n"
        ),
    }
}
