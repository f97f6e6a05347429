# The console's messages in English. Every message and attribute here must be in ru.ftl and
# zh.ftl too (a unit test compares them). Keys are kebab-case, area first; variables snake_case.
# Numbers passed as variables are grouped by the console (1,800,000), so write { $count } as is.

## Application

app-name = jointreg
app-tagline = Registry of joint Russian–Chinese research

## Navigation

nav-main = Main navigation
nav-skip-to-content = Skip to content
nav-home = Home
nav-centres = Joint centres
nav-labs = Laboratories
nav-projects = Projects
nav-search = Search
nav-my-account = My account
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-language = Language

## Page titles

page-home-title = Overview
page-centres-title = Joint centres
page-labs-title = Laboratories
page-projects-title = Projects
page-search-title = Search
page-findings-title = Funding findings
page-timeline-title = Timeline
page-account-title = My account
page-sign-in-title = Sign in
page-invitation-title = Accept invitation
page-password-reset-title = Reset password
page-password-change-title = Change password

## Form fields shared by the account forms

field-email = Email address
    .hint = The address your account was registered with.
field-password = Password
field-current-password = Current password
field-new-password = New password
    .hint = At least { $min } characters. A few words together make a good password.
field-repeat-password = Repeat new password
form-errors-summary = Please correct the fields marked below.
form-required = Required

## Sign in

sign-in-title = Sign in to jointreg
sign-in-intro = Sign in with the email address and password of your account.
sign-in-submit = Sign in
sign-in-forgot-password = Forgot your password?
sign-in-error-wrong-credentials = Wrong email address or password.
sign-in-error-too-many-attempts =
    Too many failed attempts. Try again in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.

## Sign out

sign-out-title = Sign out
sign-out-confirm = Sign out of jointreg on this device?
sign-out-submit = Sign out
sign-out-done = You have signed out.

## Invitation

invitation-title = Accept your invitation
invitation-intro = You have been invited to jointreg. Your role: { $role }. Choose a password to activate your account.
invitation-validity =
    The invitation is valid for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    } after it was sent.
invitation-submit = Activate account
invitation-done = Your account is active. You can now sign in.
invitation-error-link-invalid = This invitation link has expired or has already been used. Ask an administrator to send a new invitation.

## Password reset

password-reset-title = Reset your password
password-reset-request-intro = Enter the email address of your account, and we will send you a link to choose a new password.
password-reset-request-submit = Send link
password-reset-request-sent = If an account with this address exists, we have sent a link to it. Check your mailbox, including the spam folder.
password-reset-link-validity =
    The link is valid for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }.
password-reset-choose-title = Choose a new password
password-reset-submit = Set new password
password-reset-done = Your password has been changed. Sign in with the new password.
password-reset-error-link-invalid = This link has expired or has already been used. Request a new one.

## Change password

password-change-title = Change your password
password-change-submit = Change password
password-change-done = Your password has been changed.
password-change-error-wrong-current = The current password is wrong.

## Password rules, shared by the forms above

password-error-too-short =
    The password must be at least { $min ->
        [one] { $min } character
       *[other] { $min } characters
    } long.
password-error-too-long =
    The password must be at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } long.
password-error-common = This password is too common. Choose another one.
password-error-mismatch = The two passwords do not match.

## Generic words and actions

common-save = Save
common-cancel = Cancel
common-back = Back
common-edit = Edit
common-filter = Filter
common-clear-filters = Clear filters
common-download-csv = Download CSV
common-next-page = Next page
common-previous-page = Previous page
common-page-of = Page { $page } of { $pages }
common-results =
    { $count ->
        [one] { $count } result
       *[other] { $count } results
    }
common-none = None
common-unknown = Unknown
common-loading = Loading…
common-yes = Yes
common-no = No

## Relative days (the console's days(): n > 0 in, n < 0 ago)

days-today = today
days-in =
    { $count ->
        [one] in { $count } day
       *[other] in { $count } days
    }
days-ago =
    { $count ->
        [one] { $count } day ago
       *[other] { $count } days ago
    }

## Roles

role-admin = Administrator
role-coordinator = Coordinator
role-lab-head = Laboratory head
role-partner = Partner institution

## Account statuses

user-status-invited = Invited
user-status-active = Active
user-status-disabled = Disabled

## Laboratory statuses

lab-status-planned = Planned
lab-status-active = Active
lab-status-suspended = Suspended
lab-status-closed = Closed

## Joint centre statuses

centre-status-planned = Planned
centre-status-active = Active
centre-status-reduced = Reduced
    .hint = Working with fewer laboratories or research lines than planned.
centre-status-suspended = Suspended
centre-status-closed = Closed

## Project statuses

project-status-planned = Planned
project-status-active = Active
project-status-suspended = Suspended
project-status-completed = Completed
project-status-cancelled = Cancelled

## A laboratory's part in a project

lab-role-lead = Lead laboratory
lab-role-partner = Partner laboratory

## Visibility

visibility-public = Public
    .hint = Anyone can see it, even without signing in.
visibility-partners = Partners
    .hint = Every signed-in account and partner institution can see it.
visibility-restricted = Restricted
    .hint = Only coordinators, administrators, the heads of its laboratories and the institutions taking part can see it.

## Funding statuses

funding-status-applied = Applied
funding-status-awarded = Awarded
funding-status-active = Active
funding-status-ended = Ended
funding-status-rejected = Rejected
funding-status-withdrawn = Withdrawn

## Funder statuses

funder-status-active = Active
funder-status-closed = No longer funds

## Findings

finding-kind-gap = Funding gap
    .hint = Days within the project's period that no funding covers.
finding-kind-expiring = Funding ending soon
    .hint = Current funding ends soon and nothing is lined up after it.
finding-kind-one-sided = One-sided funding
    .hint = One country's side of the project is funded and the other's is not.
finding-kind-funder-lapsed = Funder has stopped funding
    .hint = Funding from now on relies on a funder that no longer issues grants.
finding-kind-lab-at-risk = Laboratory at risk
    .hint = None of the laboratory's active projects is funded for the whole of the next 90 days.
finding-kind-centre-at-risk = Joint centre at risk
    .hint = None of the centre's active projects is funded for the whole of the next 90 days.
findings-open =
    { $count ->
        [one] { $count } open finding
       *[other] { $count } open findings
    }

## Reviews of findings

review-state-none = Not reviewed
review-state-acknowledged = Acknowledged
review-state-action-planned = Action planned
review-state-resolved-externally = Resolved outside the registry
review-note = Note
review-owner = Responsible
review-submit = Save review

## Sides of a joint project

side-ru = Russian side
side-cn = Chinese side
side-other = Other countries

## Timeline

timeline-events = Events
timeline-mirror-link-started = Mirror link established
timeline-mirror-link-ended = Mirror link ended
timeline-status-changed = Status changed: { $from } → { $to }
timeline-covered = Covered
timeline-gap = Gap
timeline-no-funding = No funding
timeline-funding-by-side = Funding by side
timeline-reason = Reason
mirror-links = Mirror laboratories
mirror-kind-mirror = Mirror (Russia–China)
mirror-kind-third-country = Third country

## Empty states

empty-findings = No open findings.
empty-centres = No joint centres match.
empty-labs = No laboratories match.
empty-projects = No projects match.
empty-search = Nothing found.
empty-funding = No funding on record.
empty-events = No events yet.

## Errors

error-not-found-title = Page not found
error-not-found-body = This page does not exist, or you do not have access to it.
error-not-allowed-title = Not allowed
error-not-allowed-body = Your account is not allowed to do this. If you need it, ask a coordinator.
error-session-expired-title = Page expired
error-session-expired-body = This page has expired. Sign in again and repeat the action.
error-internal-title = Something went wrong
error-internal-body = Something went wrong on our side. If it happens again, send the administrator this request id: { $request_id }
error-too-many-title = Too many requests
error-too-many-body = Too many requests in a short time. Wait a minute and try again.
error-unavailable-title = Temporarily unavailable
error-unavailable-body = The registry is busy or being maintained. Try again in a few minutes.
error-bad-request-title = This request cannot be handled
error-bad-request-body = The address or the form is not what this page expects. Go back and try again.
