## account
## The account pages (src/console/pages/{invitation,password_reset,account}.rs) use the shared
## words of common.ftl (invitation-*, password-*, field-*); these are the ones it lacks.

account-name = Name
account-role = Role
account-institution = Institution
account-language = Language of your mail
account-language-hint = The language you choose at the top of any page is also the language of the mail the registry sends you.
account-password-change-intro = Changing your password signs you out everywhere, here too: then sign in with the new password.
account-sign-out-everywhere-title = Sign out everywhere
account-sign-out-everywhere-intro = Ends every session of your account: in every browser, on every device, and those of scripts using the API. Do it if you lost a device or think someone else signed in as you.
account-sign-out-everywhere-submit = Sign out everywhere
account-signed-out-everywhere = You have been signed out everywhere. Sign in again to go on.
account-password-changed = Your password has been changed, and you have been signed out everywhere. Sign in with the new password.
account-password-error-unusable = The password contains a character that cannot be used. Type it again.
account-back-to-sign-in = Back to sign-in
account-request-new-link = Request a new link
