# Forms that write records (console/pages/form.rs and the record forms). Field labels are
# form-field-<the API's field path, dashed>; refusals are form-error-<the API's error code>.

page-institutions-title = Institutions
page-institution-new-title = Register an institution
page-change-title = Change { $name }
home-register-institution = Register an institution

form-names = Names
form-field-names-en = Name in English
form-field-names-ru = Name in Russian
form-field-names-zh = Name in Chinese
form-field-country = Country
form-field-city = City
form-field-kind = Kind
form-field-ror-id = ROR id
form-field-website = Website
form-hint-country = Two-letter ISO code, e.g. RU, CN or KZ.
form-hint-ror-id = Optional, e.g. https://ror.org/033vjfk17; its checksum is verified.
form-hint-website = Optional; the full address, starting with https://.
form-choose = Choose…
form-save = Save
form-cancel = Cancel
form-edit = Change
form-changed-meanwhile = Someone saved a change to this record after you opened the form, so your change was not saved:
form-changed-meanwhile-again = The form still holds your values. Compare them with the change above, then save again to apply them.

form-error-invalid = This value is not accepted.
form-error-invalid-value = Choose one of the listed values.
form-error-required = Fill this in.
form-error-blank = Fill this in: spaces alone are not a value.
form-error-length = This is too long.
form-error-control-character = Remove line breaks and control characters.
form-error-nul-character = Remove the NUL character.
form-error-invalid-country = Not a country code: use two letters, such as RU, CN or KZ.
form-error-invalid-ror-id = Not a valid ROR id: check it on ror.org (its last two characters are a checksum).
form-error-invalid-url = Enter the full address, starting with http:// or https://.
form-error-ror-id-already-registered = Another institution is already registered with this ROR id.
form-error-award-number-already-registered = This funder's award number is already on record.

institution-kind-university = University
institution-kind-academy-institute = Academy institute
institution-kind-funder = Funder
institution-kind-ministry = Ministry
institution-kind-company = Company
institution-kind-other = Other

form-lab-status-title = Record a change of status
form-lab-status-submit = Record the status
form-field-status = New status
form-field-effective-on = From (the day it takes effect)
form-field-reason = Reason
form-hint-status-reason = It is shown on the centre's timeline, e.g. “Targeted funding ended”. Entries are never edited: a newer one corrects a mistake.
form-error-invalid-date = Enter a date as YYYY-MM-DD.

page-lab-new-title = Register a laboratory
home-register-lab = Register a laboratory
form-field-institution-id = Institution
form-field-centre-id = Joint centre
form-field-head-user-id = Head
form-field-research-line = Research line
form-picker-hint = Type any of its names, in any language, then choose it in the list.
form-picker-search = Search by name
form-picker-find = Find
form-picker-none = (none chosen)
form-error-unknown-institution = No such record: choose one from the list.
form-error-unknown-centre = No such record: choose one from the list.
form-error-unknown-user = No such record: choose one from the list.
form-error-not-a-lab-head = This account is not a lab head: choose one from the list.

page-mirror-link-new-title = Link { $name } with another laboratory
page-mirror-link-end-title = End the link { $between }
form-mirror-link-new = Link a mirror laboratory
form-mirror-link-end = End this link
form-mirror-link-end-submit = End the link
form-field-lab-b-id = Laboratory to link with
form-field-starts-on = In force from
form-field-ends-on = Last day in force
form-field-end-reason = Reason
form-hint-mirror-kind = Mirror: one laboratory in Russia and one in China. Third country: at least one elsewhere.
form-hint-end-reason = It is shown on the centre's timeline, e.g. “Targeted funding ended”.
form-error-same-lab = A laboratory cannot be linked with itself.
form-error-countries-do-not-fit = These laboratories' countries do not fit this kind of link.
form-error-overlapping-link = These laboratories are already linked over these dates.
form-error-unknown-lab = No such laboratory: choose one from the list.
form-error-before-start = The end cannot be before the start.

page-funding-new-title = Record funding of { $project }
form-funding-new = Record funding
form-funder-closed = closed on
form-amount = Amount
form-field-funder-id = Funder
form-field-lab-id = Laboratory funded
form-field-call-name = Call or programme
form-field-award-number = Award number
form-field-amount = Amount, as you would write it
form-field-currency = Currency
form-hint-amount = For example 18 000 000,00 ₽, 1,800,000.00 or ¥2 000 000; kept exactly, to the kopeck or fen.
form-hint-funding-lab = The side it funds is this laboratory's country.
form-error-not-an-amount = Not an amount: write digits, with spaces or commas between thousands if you like.
form-error-too-precise = Too many decimals: at most two (kopecks, fen, cents).
form-error-too-large = Larger than any award can be.
form-error-two-currencies = The amount names another currency than the one chosen.

## People (administrators and coordinators) and partner API tokens (administrators)

nav-people = People
page-people-title = People
people-caption =
    { $count ->
        [one] { $count } account
       *[other] { $count } accounts
    }
people-search = Find by email address
people-search-submit = Find
people-status = Status
people-actions = Actions
people-invitation-pending = Invited, not yet accepted
people-invite = Invite a person
people-resend = Send the invitation again
people-revoke = Revoke the invitation
people-next = Next accounts
people-tokens-hint = Partner API tokens are issued on each institution's page (find it with Search).
people-done-invited = An invitation is on its way to { $name } ({ $email }).
people-done-resent = A new invitation is on its way to { $name } ({ $email }); the earlier link no longer works.
people-done-revoked = The invitation of { $name } ({ $email }) is revoked: its link no longer works.
people-done-saved = The account of { $name } ({ $email }) is changed.
people-own-access = Your own role, status and institution can be changed only by another administrator.
page-invite-title = Invite a person
page-invite-intro = The person gets an email, in the language chosen below, with a link to choose their password. Lab heads and partners belong to an institution.
page-person-title = Change an account
people-invite-submit = Send the invitation
form-field-email = Email address
form-field-display-name = Name
form-field-role = Role
form-field-language = Language of their mail
form-hint-invite-language = The invitation and all later mail to this person are in this language.
form-error-email = Not an email address.
form-error-email-already-registered = This address already has an account.
form-error-invalid-status = An account becomes invited only by an invitation: choose active or disabled.
history-action-invite = Invited

partner-tokens-title = Partner API tokens
partner-tokens-intro = A partner API token lets this institution's systems read the registry through the API, as the institution may. Send it as “Authorization: Bearer …”.
partner-tokens-none = No tokens have been issued for this institution.
partner-tokens-prefix = Begins with
partner-tokens-created = Issued
partner-tokens-last-used = Last used
partner-tokens-never-used = Never used
partner-tokens-state = State
partner-tokens-revoked = Revoked
partner-tokens-revoke = Revoke
partner-tokens-issue = Issue a token
partner-tokens-issue-submit = Issue the token
form-field-name = Name
form-field-expires-at = Works until
form-hint-partner-token-name = What the token is for, e.g. “WHU research office nightly sync”.
form-hint-partner-token-expires = Optional: the last day it works (to its end, UTC). Leave empty for no end.
form-error-in-the-past = Choose a day that has not ended yet.
partner-tokens-issued-title = New partner API token of { $institution }
partner-tokens-shown-once = Copy this token now. It is shown only this once: the registry keeps no copy of it, and no one can show it again.
partner-tokens-secret = Token “{ $name }”
partner-tokens-copy = Copy the token
partner-tokens-copied = Copied.
partner-tokens-already-issued = This form was sent before, and its token was shown then; it is not shown again. If you did not copy it, revoke it on the institution's page and issue another.
partner-tokens-back = Back to the institution
