## Record pages: joint centres, laboratories, projects, and search across them.

records-breadcrumbs = Breadcrumbs
records-names = Names
records-name-en = English
records-name-ru = Russian
records-name-zh = Chinese
records-status = Status
records-since = Since
records-founded = Founded
records-description = About
records-hosts = Host institutions
records-institution = Institution
records-country = Country
records-centre = Joint centre
records-research-line = Research line
records-labs = Laboratories
records-lab = Laboratory
records-project = Project
records-projects = Projects
records-period = Period
records-role = Role
records-date = Date
records-event = Event
records-reason = Reason
records-kind = Kind
records-not-stated = not stated
records-shown-of =
    Showing { $shown } of { $total }.

## A centre's timeline

records-centre-labs-caption = Laboratories of the centre
records-timeline-heading = Timeline
records-timeline-title = Timeline of { $name }
records-timeline-steady =
    { $pairs ->
        [one] { $pairs } mirror pair
       *[other] { $pairs } mirror pairs
    } in force since { $since }.
records-timeline-changed =
    { $peak ->
        [one] { $peak } mirror pair
       *[other] { $peak } mirror pairs
    } in force from { $peak_since }; { $pairs } since { $since }.
records-events-caption = Events and their reasons
records-counts-caption = Laboratories and mirror links in force after each day with events
records-counts-labs = Laboratories (not closed)
records-counts-mirror-pairs = Mirror pairs in force
records-counts-third-country = Third-country links in force
records-event-lab-status = { $lab }: { $status }
records-event-link-started = Link established ({ $kind }): { $a } ↔ { $b }
records-event-link-ended = Link ended ({ $kind }): { $a } ↔ { $b }; its last day was { $last_day }
records-event-labs =
    { $status }: { $count ->
        [one] { $count } laboratory
       *[other] { $count } laboratories
    }
records-event-links-started =
    { $count ->
        [one] { $count } link established
       *[other] { $count } links established
    } ({ $kind })
records-event-links-ended =
    { $count ->
        [one] { $count } link ended
       *[other] { $count } links ended
    } ({ $kind })

## Funding coverage

records-coverage-heading = Funding coverage
records-coverage-title = Funding coverage of { $name }
records-coverage-summary =
    From { $from } to { $to }: { $covered ->
        [one] { $covered } day covered
       *[other] { $covered } days covered
    }, { $gaps ->
        [one] { $gaps } day in gaps
       *[other] { $gaps } days in gaps
    }.
records-coverage-caption = Funding coverage, overall, by side and by funder
records-coverage-of = Coverage
records-coverage-overall = Overall
records-coverage-covered-days = Days covered
records-coverage-gaps = Gaps
records-gap-label =
    gap · { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
records-gap-period =
    { $period } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    })
records-funder-closed = { $code } (no longer funds)
records-coverage-no-projects = No project that you may read is behind this coverage.

## Funding records

records-funding-heading = Funding
records-funding-caption = Funding records of the project
records-funder = Funder
records-call = Call
records-award-number = Award number
records-side = Side
records-amount = Amount

## Outputs

records-outputs-heading = Outputs
records-outputs-caption = What the project produced
records-title = Title
records-year = Year
records-doi = DOI
records-author-countries = Authors' countries
records-no-outputs = No outputs on record.
output-kind-journal-article = Journal article
output-kind-conference-paper = Conference paper
output-kind-patent = Patent
output-kind-dataset = Dataset
output-kind-software = Software
output-kind-agreement = Agreement
output-kind-educational-programme = Educational programme
output-kind-report = Report

## People and laboratories of a project

records-participants-heading = People
records-participants-caption = People taking part
records-person = Name
records-orcid = ORCID
records-no-participants = No people on record.
records-project-labs-caption = Laboratories taking part
participant-role-principal-investigator = Principal investigator
participant-role-co-investigator = Co-investigator
participant-role-researcher = Researcher
participant-role-postdoc = Postdoctoral researcher
participant-role-student = Student
participant-role-engineer = Engineer
participant-role-other = Other

## A project

records-acronym = Acronym
records-visibility = Visibility
records-summary = Summary
records-subject-areas = Subject areas
records-keywords = Keywords

## A laboratory

records-status-history-caption = Status history
records-mirror-links-caption = Mirror laboratories
records-partner-lab = Partner laboratory
records-no-mirror-links = No mirror links on record.
records-lab-projects-caption = Projects of the laboratory
records-no-projects = No project that you may read.

## History of a record

records-history-heading = History
records-history-caption = Changes, newest first
records-history-when = When
records-history-who = Who
records-history-action = Change
records-history-fields = Changed fields
records-history-more =
    Only the { $count ->
        [one] most recent change is
       *[other] { $count } most recent changes are
    } shown.
records-history-empty = No changes on record.
records-actor-system = The registry (system)
records-actor-partner-token = A partner institution's API token
records-actor-member = A registry member
records-value-none = (none)
history-action-create = Created
history-action-update = Changed
history-action-delete = Deleted
history-action-status = Status recorded
history-action-end = Ended

## Search

records-search-intro = Find institutions, joint centres, laboratories and projects by any of their names or titles, in any script.
records-search-label = Name or title
records-search-submit = Search
records-search-results = Results for “{ $query }”
records-search-institutions = Institutions
records-search-centres = Joint centres
records-search-labs = Laboratories
records-search-projects = Projects
records-search-invalid = The search may not contain control characters and may be at most 200 characters long.
