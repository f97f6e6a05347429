## Findings in words: the console's rows and the weekly digest. Every message gets
## $name (the project, laboratory or centre, in the reader's language), $from and $to (dates).

finding-side-ru = Russian
finding-side-cn = Chinese
finding-text-gap =
    No funding covers project “{ $name }” from { $from } to { $to } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    }).
finding-text-expiring = Funding of project “{ $name }” ends on { $to } and nothing is lined up after it.
finding-text-one-sided = Project “{ $name }” is one-sided from { $from } to { $to }: the { $funded } side is funded, the { $unfunded } side is not.
finding-text-funder-lapsed = Project “{ $name }” is funded until { $to } by { $funder }, which has closed: nothing will renew it.
finding-text-funder-lapsed-successor = Project “{ $name }” is funded until { $to } by { $funder }, which has closed; its role passed to { $successor }.
finding-text-lab-at-risk = Laboratory “{ $name }” is active, but none of its active projects is funded on every day until { $to }.
finding-text-centre-at-risk = Joint centre “{ $name }”: none of its active laboratories has a project funded on every day until { $to }.
