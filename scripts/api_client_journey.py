"""A journey through tinhgon's JSON API with a client generated from its OpenAPI document
(openapi-python-client): the scoped organization officer records a candidate, opens the admission
in a cell of the province, records every step up to the ceremony, and reads the new member back.

Usage: api_client_journey.py ADDR TOKEN, with the generated package `tinhgon_api_client` on the path
(scripts/api-check generates it). Exits non-zero, saying where, when a step is not as expected.
"""

import datetime
import sys

from tinhgon_api_client import AuthenticatedClient
from tinhgon_api_client.api.party import admission_step, get_admission, member_record, open_admission
from tinhgon_api_client.api.register import create_person, get_person
from tinhgon_api_client.models import (
    AdmissionStep,
    Gender,
    NewPerson,
    OpenAdmission,
    RecordStep,
    Sponsor,
)

CANDIDATE = "42.0999201"
CELL = "18073.DU.C01"


def day(text):
    return datetime.date.fromisoformat(text)


def expect(what, answer, status):
    if answer.status_code != status:
        sys.exit(f"{what}: expected {status}, got {answer.status_code}: {answer.content.decode()}")
    return answer.parsed


def main(addr, token):
    client = AuthenticatedClient(base_url=addr, token=token, raise_on_unexpected_status=False)
    person = NewPerson(code=CANDIDATE, full_name="Hoàng Minh Đức", gender=Gender.MALE, birth_date=day("2000-05-19"))
    expect("the candidate", create_person.sync_detailed(client=client, body=person), 201)

    opened = OpenAdmission(person=CANDIDATE, cell=CELL, on=day("2026-01-05"), general_education="12/12")
    created = expect("the admission", open_admission.sync_detailed(client=client, body=opened), 201)
    admission = created.id

    sponsors = [Sponsor(person="42.0000055", known_since=day("2024-01-01")), Sponsor(person="42.0000056", known_since=day("2024-06-01"))]
    steps = [
        RecordStep(step=AdmissionStep.COURSE, on=day("2026-01-10"), document="12-GCN/TTCT"),
        RecordStep(step=AdmissionStep.APPLICATION, on=day("2026-01-12")),
        RecordStep(step=AdmissionStep.SPONSORS, on=day("2026-01-15"), sponsors=sponsors),
        RecordStep(step=AdmissionStep.VERIFICATION, on=day("2026-03-02")),
        RecordStep(step=AdmissionStep.CELL_VOTE, on=day("2026-03-10")),
        RecordStep(step=AdmissionStep.GRASSROOTS_RESOLUTION, on=day("2026-03-20"), document="45-NQ/ĐU"),
        RecordStep(step=AdmissionStep.DECISION, on=day("2026-04-01"), document="15-QĐ/ĐU"),
        RecordStep(step=AdmissionStep.CEREMONY, on=day("2026-04-20")),
    ]
    for s in steps:
        expect(f"the step {s.step.value}", admission_step.sync_detailed(admission, client=client, body=s), 201)

    shown = expect("the admission read back", get_admission.sync_detailed(admission, client=client), 200)
    recorded = [s.step.value for s in shown.steps]
    if recorded[-1] != "ceremony" or len(recorded) != len(steps):
        sys.exit(f"the admission's steps: {recorded}")

    member = expect("the member", get_person.sync_detailed(CANDIDATE, client=client), 200)
    periods = [(m.unit, m.status, m.admitted_on) for m in member.memberships]
    if periods != [(CELL, "probationary", "2026-04-01")]:
        sys.exit(f"the new member's memberships: {periods}")
    expect("the member's record", member_record.sync_detailed(CANDIDATE, client=client), 200)
    print(f"the generated client's journey: admission {admission}, {len(steps)} steps, {CANDIDATE} a probationary member of {CELL}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
