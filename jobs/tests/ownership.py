"""Organisation B's download for every jobs URL (core/tests/test_ownership.py walks them)."""


def _their_job(w):
    from jobs.models import Job

    return Job.objects.create(
        organisation=w.other_org, user=w.outsider, kind="research_export", title="West"
    ).pk


CASES = {
    "jobs:start": lambda w: {"kind": "research_export"},
    "jobs:detail": lambda w: {"pk": _their_job(w)},
    "jobs:status": lambda w: {"pk": _their_job(w)},
    "jobs:download": lambda w: {"pk": _their_job(w)},
    "jobs:retry": lambda w: {"pk": _their_job(w)},
    "jobs:delete": lambda w: {"pk": _their_job(w)},
}
