"""Organisation B's objects for every privacy URL (core/tests/test_ownership.py walks them)."""


def _olga_point(w):
    from privacy.models import PointOfAttention

    return PointOfAttention.objects.create(participant=w.olga, text="x", created_by=w.outsider).pk


CASES = {
    "privacy:file_log": lambda w: {"pk": w.olga.pk},
    "privacy:participant": lambda w: {"pk": w.olga.pk},
    "privacy:access_request": lambda w: {"pk": w.olga.pk},
    "privacy:access_request_json": lambda w: {"pk": w.olga.pk},
    "privacy:subject_access": lambda w: {"pk": w.olga.pk},
    "privacy:subject_access_json": lambda w: {"pk": w.olga.pk},
    "privacy:erase": lambda w: {"pk": w.olga.pk},
    "privacy:attention_add": lambda w: {"pk": w.olga.pk},
    "privacy:attention_delete": lambda w: {"pk": w.olga.pk, "point_pk": _olga_point(w)},
}


def _west_study(w):
    from privacy.models import Study

    return Study.objects.get_or_create(organisation=w.other_org, name="West")[0].pk


CASES.update(
    {
        "privacy:study": lambda w: {"pk": _west_study(w)},
        "privacy:study_export": lambda w: {"pk": _west_study(w), "fmt": "xlsx"},
    }
)
