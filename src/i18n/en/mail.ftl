## mail
## The registry's mail, in its recipient's language (the account's `language`): plain text put
## together from these paragraphs (src/email/letter.rs). Links stand on lines of their own, below
## the paragraph that introduces them. Dates come formatted ($today, $last_covered…).

mail-greeting = Dear { $name },
mail-signature = jointreg, the registry of joint Russian–Chinese research

## Invitation (auth::messages)

mail-invitation-subject = Your invitation to jointreg
mail-invitation-intro = You have been invited to jointreg, the registry of joint Russian–Chinese research. Your role: { $role }.
mail-invitation-action =
    To accept, open this link and choose a password of at least { $min } characters. The link works once, within { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }:
mail-invitation-ignore = If you did not expect this invitation, ignore this message.

## Password reset (auth::messages)

mail-password-reset-subject = Reset your jointreg password
mail-password-reset-intro = Someone, probably you, asked to reset the password of your jointreg account.
mail-password-reset-action =
    To choose a new password, open this link. It works once, within { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }:
mail-password-reset-ignore = If it was not you, ignore this message: your password stays as it is.

## Coverage-loss alert to the heads of a project's laboratories (alerts::messages)

mail-coverage-loss-subject =
    Funding of “{ $title }” ends in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
mail-coverage-loss-intro =
    The project “{ $title }” of your laboratory is funded until { $last_covered }. From { $first_uncovered } no awarded or active funding covers it, and nothing is lined up after it: { $days ->
        [one] { $days } day
       *[other] { $days } days
    } from today ({ $today }).
mail-coverage-loss-what-to-do = What to do:
mail-coverage-loss-record = if a new award or an extension is coming, record it on the project's page (as “{ $applied }” until it is awarded, then “{ $awarded }”);
mail-coverage-loss-end = if the project ends earlier than planned, change its end date or status there;
mail-coverage-loss-help = if you need help finding funding, answer this message: the coordinators read it.
mail-coverage-loss-link = The project, its funding and its coverage, side by side:
mail-coverage-loss-once =
    You get this message { $threshold ->
        [one] { $threshold } day
       *[other] { $threshold } days
    } ahead, once for this date.

## Weekly digest of unreviewed findings to coordinators (alerts::messages)

mail-digest-subject =
    jointreg weekly digest { $week }: { $count ->
        [one] { $count } unreviewed finding
       *[other] { $count } unreviewed findings
    }
mail-digest-intro =
    These funding findings of the next { $horizon ->
        [one] { $horizon } day
       *[other] { $horizon } days
    } are open and nobody has reviewed them yet, newest first:
mail-digest-more =
    … and { $count ->
        [one] { $count } more finding.
       *[other] { $count } more findings.
    }
mail-digest-review = Review them in the console: acknowledge a finding, or note the action planned, and it leaves this list.
mail-digest-link = The open findings in the console:
