"""A partner's everyday use of jointreg, through a client generated from openapi/openapi.json by
openapi-python-client with its default settings (see .ci/generated-client, which generates the
`jointreg_client` package this imports and starts the server).

Signs in, registers institutions and pages their list to the end by `next_cursor`, changes one
with `If-Match`, meets a stale `If-Match` (412) and an invalid field (422) as parsed `Problem`s,
then builds a project with one side funded and reads its coverage and the funding findings.

    JOINTREG_URL=http://127.0.0.1:8080 JOINTREG_EMAIL=… JOINTREG_PASSWORD=… python client_scenario.py
"""

import datetime
import os
import sys
from http import HTTPStatus

from jointreg_client import AuthenticatedClient, Client
from jointreg_client.api.auth import login
from jointreg_client.api.funders import create_funder
from jointreg_client.api.funding import create_funding
from jointreg_client.api.funding_gaps import list_findings, project_coverage
from jointreg_client.api.institutions import create_institution, get_institution, list_institutions, update_institution
from jointreg_client.api.labs import create_lab
from jointreg_client.api.projects import create_project
from jointreg_client.models import (
    AmountInput,
    CountryCode,
    CoverageResponse,
    CreateFunder,
    CreateFunding,
    CreateInstitution,
    CreateLab,
    CreateProject,
    Currency,
    FindingPage,
    FunderResponse,
    FundingResponse,
    FundingStatus,
    InstitutionKind,
    InstitutionPage,
    InstitutionResponse,
    LabResponse,
    LabRole,
    LoginRequest,
    NamesInput,
    Problem,
    ProjectLabInput,
    ProjectResponse,
    Titles,
    TokenResponse,
    UpdateInstitution,
)


def check(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)
    print(f"ok  {what}")


def created(response, kind):
    """The parsed body of a 201, or the problem the server answered with."""
    if response.status_code != HTTPStatus.CREATED or not isinstance(response.parsed, kind):
        raise AssertionError(f"expected 201 {kind.__name__}, got {response.status_code}: {response.content!r}")
    return response.parsed


def main() -> None:
    base_url = os.environ["JOINTREG_URL"]
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    token = login.sync(
        client=anonymous,
        body=LoginRequest(email=os.environ["JOINTREG_EMAIL"], password=os.environ["JOINTREG_PASSWORD"]),
    )
    check(isinstance(token, TokenResponse) and token.token_type == "Bearer", "signed in: a typed TokenResponse")
    client = AuthenticatedClient(base_url=base_url, token=token.access_token, raise_on_unexpected_status=True)

    # Five institutions, then their list read two at a time until `next_cursor` is null.
    countries = [CountryCode.RU, CountryCode.CN, CountryCode.KZ, CountryCode.BY, CountryCode.MN]
    institutions = [
        created(
            create_institution.sync_detailed(
                client=client,
                body=CreateInstitution(
                    names=NamesInput(en=f"Generated Client University {n}"),
                    country=country,
                    kind=InstitutionKind.UNIVERSITY,
                ),
            ),
            InstitutionResponse,
        )
        for n, country in enumerate(countries, start=1)
    ]
    seen, cursor, pages = [], None, 0
    while True:
        page = list_institutions.sync(client=client, limit=2, **({"cursor": cursor} if cursor else {}))
        check(isinstance(page, InstitutionPage), f"page {pages + 1} of institutions is a typed InstitutionPage")
        pages += 1
        seen.extend(item.id for item in page.items)
        cursor = page.next_cursor
        if cursor is None:
            check(page.next_ is None, "the last page has `next` null too")
            break
        check(isinstance(page.next_, str) and cursor in page.next_, "`next` links to the page `next_cursor` names")
    check(pages == 3, f"five institutions in pages of two: 3 pages (read {pages})")
    check(sorted(seen) == sorted(i.id for i in institutions), "paging by next_cursor read each institution once")
    check(page.total == len(institutions), "`total` counts every match")

    # A change with the ETag just read; the same ETag again is stale: 412, a typed Problem.
    wuhan = institutions[1]
    read = get_institution.sync_detailed(wuhan.id, client=client)
    etag = read.headers["ETag"]
    changed = update_institution.sync_detailed(wuhan.id, client=client, body=UpdateInstitution(city="Wuhan"), if_match=etag)
    check(changed.status_code == HTTPStatus.OK and isinstance(changed.parsed, InstitutionResponse), "PATCH with If-Match: 200")
    check(changed.parsed.city == "Wuhan" and changed.parsed.version == wuhan.version + 1, "the change is stored, version + 1")
    check(changed.headers["ETag"] != etag, "a new ETag comes back")
    stale = update_institution.sync_detailed(wuhan.id, client=client, body=UpdateInstitution(city="Hankou"), if_match=etag)
    check(stale.status_code == HTTPStatus.PRECONDITION_FAILED, "PATCH with the old ETag: 412")
    check(isinstance(stale.parsed, Problem) and stale.parsed.status == 412, "the 412 is parsed as a Problem")

    # An invalid field: 422, a Problem naming the field.
    invalid = create_institution.sync_detailed(
        client=client,
        body=CreateInstitution(
            names=NamesInput(en="Checksum Institute"),
            country=CountryCode.CN,
            kind=InstitutionKind.UNIVERSITY,
            ror_id="https://ror.org/033vjfk18",
        ),
    )
    check(invalid.status_code == HTTPStatus.UNPROCESSABLE_ENTITY, "a ROR id with a wrong checksum: 422")
    problem = invalid.parsed
    check(isinstance(problem, Problem) and problem.status == 422, "the 422 is parsed as a Problem")
    check(any(error.field == "ror_id" for error in problem.errors), f"its errors name ror_id: {problem.errors}")

    # A joint project funded on the Russian side only until mid-2026: coverage and findings.
    susu = institutions[0]
    labs = [
        created(
            create_lab.sync_detailed(
                client=client,
                body=CreateLab(names=NamesInput(en=f"Generated Client Lab {side}"), institution_id=host.id),
            ),
            LabResponse,
        )
        for side, host in (("RU", susu), ("CN", wuhan))
    ]
    funder = created(
        create_funder.sync_detailed(
            client=client,
            body=CreateFunder(names=NamesInput(en="Generated Client Foundation"), short_code="GCF", country=CountryCode.RU),
        ),
        FunderResponse,
    )
    project = created(
        create_project.sync_detailed(
            client=client,
            body=CreateProject(
                titles=Titles(en="Mirror laboratories through a generated client"),
                starts_on=datetime.date(2024, 1, 1),
                labs=[
                    ProjectLabInput(lab_id=labs[0].id, role=LabRole.LEAD),
                    ProjectLabInput(lab_id=labs[1].id, role=LabRole.PARTNER),
                ],
                ends_on=datetime.date(2030, 12, 31),
            ),
        ),
        ProjectResponse,
    )
    created(
        create_funding.sync_detailed(
            client=client,
            body=CreateFunding(
                project_id=project.id,
                funder_id=funder.id,
                starts_on=datetime.date(2024, 1, 1),
                ends_on=datetime.date(2026, 6, 30),
                status=FundingStatus.ACTIVE,
                lab_id=labs[0].id,
                amount=AmountInput(amount_minor=600_000_000, currency=Currency.RUB),
            ),
        ),
        FundingResponse,
    )
    coverage = project_coverage.sync(project.id, client=client)
    check(isinstance(coverage, CoverageResponse), "project coverage is a typed CoverageResponse")
    check(coverage.coverage.covered_days > 0 and coverage.coverage.gap_days > 0, "covered until mid-2026, a gap after")
    check(coverage.starts_on == datetime.date(2024, 1, 1), "dates are parsed as dates")

    findings, cursor = [], None
    while True:
        page = list_findings.sync(client=client, limit=1, **({"cursor": cursor} if cursor else {}))
        check(isinstance(page, FindingPage), f"findings page {len(findings) + 1} is a typed FindingPage")
        findings.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    mine = [finding for finding in findings if finding.project_id == project.id]
    check(len(mine) > 0, f"the project's findings are listed: {sorted(f.kind.value for f in mine)}")
    check(len({f.key for f in findings}) == len(findings), "paging the findings read each once")
    print("the generated client's scenario passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
