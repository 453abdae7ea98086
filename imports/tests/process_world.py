"""Arranges a draft import of groep.xlsx and starts its background job in a database other processes
use (run through `manage.py shell` by test_background.py); prints what the test needs as JSON."""

import json


def arrange() -> None:
    from django.utils import translation

    from conftest import build_world
    from imports import reading, services
    from imports.tests.conftest import fixture_bytes
    from jobs.services import job_start

    world = build_world()
    sheets = reading.read_upload("groep.xlsx", fixture_bytes("groep.xlsx"))
    batch = services.batch_create(
        actor=world.worker_a, network=world.network_a, file_name="groep.xlsx", sheets=sheets
    )
    services.batch_set_mapping(
        actor=world.worker_a,
        batch=batch,
        mapping=dict(batch.mapping, activity=None, activity_name="Soepmiddag"),
    )
    with translation.override("nl"):
        job = job_start(
            user=world.worker_a, kind="import", data={"network": world.network_a.pk, "batch": batch.pk}
        )
    print("ARRANGED " + json.dumps({"job": job.pk, "network": world.network_a.pk, "batch": batch.pk}))
