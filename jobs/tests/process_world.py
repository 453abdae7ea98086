"""Arranges a small organisation with a research study in a database other processes use (run through
`manage.py shell` by test_processes.py); prints what the test needs as JSON."""

import json


def arrange(*, start_job: bool = True) -> None:
    from django.test import Client
    from django.utils import translation

    from accounts.testing import sign_in
    from conftest import build_world
    from jobs.services import job_start
    from privacy import services

    world = build_world()
    for person in (world.anne, world.bert):
        services.consent_set(actor=world.coordinator, participant=person, scope="research", given=True)
    study = services.study_create(actor=world.researcher, name="Proces 2026")
    out = {"study": study.pk, "anne": world.anne.pk}
    if start_job:
        with translation.override("nl"):
            out["job"] = job_start(
                user=world.researcher, kind="research_export", data={"study": study.pk, "format": "xlsx"}
            ).pk
    client = sign_in(Client(), world.researcher)
    out["session"] = client.cookies["sessionid"].value
    print("ARRANGED " + json.dumps(out))
