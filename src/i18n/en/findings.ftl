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

## The findings list (coordinators' home) and the other home pages

findings-title = Open funding findings
findings-caption = Open findings, the first to bite first
findings-by-kind = By kind
findings-filters = Filter the findings
findings-filter-kind = Kind
findings-filter-country = Country
findings-filter-centre = Joint centre
findings-filter-funder = Funder
findings-filter-lab = Laboratory
findings-filter-institution = Institution
findings-filter-from = Bites from
findings-filter-to = Bites until
findings-filter-any = Any
findings-filter-remove = Remove this filter
findings-col-when = Bites
findings-col-kind = Kind
findings-col-what = Finding
findings-col-review = Review
findings-open-record = Open
findings-review-action = Review
findings-review-state = State
findings-nobody = Nobody
findings-reviewed-by = Reviewed by { $name }, { $date }
findings-responsible = Responsible: { $name }
home-losing = Losing funding in the next 90 days (until { $date })
home-losing-caption = What loses funding in the next 90 days
home-losing-none = Nothing loses funding in the next 90 days.
home-labs = Your laboratories
home-projects = Projects of your laboratories
home-other-findings = Your other open findings
home-col-lab = Laboratory
home-col-project = Project
home-col-country = Country
home-col-status = Status
home-col-period = Period
home-col-role = Role
home-partner-institution = Your institution: { $name }
home-partner-labs = Its laboratories
home-partner-projects = Projects its laboratories take part in
home-partner-findings = Open findings of its laboratories
home-partner-search = Find public and partners' projects of other institutions
home-no-institution = Your account is not linked to an institution yet. Ask a coordinator.
