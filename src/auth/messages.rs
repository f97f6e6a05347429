//! The mail the registry sends about accounts, in the recipient's language (`mail.ftl`). Each
//! links to the console page that does the job: nobody is asked to call the API.

use crate::auth::password::MIN_LENGTH;
use crate::db::models::one_time_token::Purpose;
use crate::domain::role::Role;
use crate::email::{Letter, OutgoingMessage, Recipient};
use crate::i18n::{Arg, Catalogue};

/// The console page that accepts an invitation, with its token.
pub fn invitation_link(public_url: &str, token: &str) -> String {
    format!("{public_url}/console/invitation?token={token}")
}

/// The console page that sets a new password with a reset token.
pub fn password_reset_link(public_url: &str, token: &str) -> String {
    format!("{public_url}/console/password-reset/confirm?token={token}")
}

fn hours(purpose: Purpose) -> i64 {
    purpose.lifetime().num_hours()
}

pub fn invitation(catalogue: &Catalogue, public_url: &str, to: &Recipient, role: Role, token: &str) -> OutgoingMessage {
    let mut letter = Letter::to(catalogue, to);
    let role = letter.texts().label(role);
    let min = i64::try_from(MIN_LENGTH).unwrap_or(i64::MAX);
    letter
        .say("mail-invitation-intro", &[("role", Arg::Str(&role))])
        .say("mail-invitation-action", &[("min", Arg::Int(min)), ("hours", Arg::Int(hours(Purpose::Invitation)))])
        .paragraph(invitation_link(public_url, token))
        .say("mail-invitation-ignore", &[]);
    letter.finish("invitation", letter.texts().text("mail-invitation-subject"))
}

pub fn password_reset(catalogue: &Catalogue, public_url: &str, to: &Recipient, token: &str) -> OutgoingMessage {
    let mut letter = Letter::to(catalogue, to);
    letter
        .say("mail-password-reset-intro", &[])
        .say("mail-password-reset-action", &[("hours", Arg::Int(hours(Purpose::PasswordReset)))])
        .paragraph(password_reset_link(public_url, token))
        .say("mail-password-reset-ignore", &[]);
    letter.finish("password_reset", letter.texts().text("mail-password-reset-subject"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    const URL: &str = "https://registry.example.org";
    const TOKEN: &str = "jro_nRhGukZhLOo4BRfkeyXJZ6EcD0CGbaUWeeYa5KgE5XQ";

    fn to(lang: Lang) -> Recipient {
        Recipient { email: "i.sokolova@susu.example.ru".into(), name: "Ирина Соколова".into(), lang }
    }

    #[test]
    fn an_invitation_links_to_the_console_in_the_recipients_language() {
        let catalogue = Catalogue::load().unwrap();
        let link = format!("{URL}/console/invitation?token={TOKEN}");
        for lang in Lang::ALL {
            let message = invitation(&catalogue, URL, &to(lang), Role::LabHead, TOKEN);
            assert_eq!(message.subject, catalogue.text(lang, "mail-invitation-subject"));
            assert!(message.body.lines().any(|line| line == link), "{lang:?}: {}", message.body);
            assert!(message.body.contains(&catalogue.label(lang, Role::LabHead)), "{}", message.body);
            assert!(!message.body.contains("/api/"), "{}", message.body);
        }
        let russian = invitation(&catalogue, URL, &to(Lang::Ru), Role::LabHead, TOKEN);
        assert!(russian.body.starts_with("Здравствуйте, Ирина Соколова!\n\n"), "{}", russian.body);
        assert!(
            russian.body.contains("не короче 12 символов") && russian.body.contains("72 часов"),
            "{}",
            russian.body
        );
    }

    #[test]
    fn a_reset_links_to_the_console_and_says_how_long_it_works() {
        let catalogue = Catalogue::load().unwrap();
        let message = password_reset(&catalogue, URL, &to(Lang::En), TOKEN);
        assert_eq!(message.kind, "password_reset");
        assert!(message.body.contains(&format!("\n{URL}/console/password-reset/confirm?token={TOKEN}\n")));
        assert!(message.body.contains("within 1 hour:"), "{}", message.body);
        let chinese = password_reset(&catalogue, URL, &to(Lang::Zh), TOKEN);
        assert!(chinese.body.contains("1小时内有效"), "{}", chinese.body);
    }
}
