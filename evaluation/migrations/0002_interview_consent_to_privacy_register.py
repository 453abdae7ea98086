"""Copy the interview's consent (evaluation, research) into the privacy consent register.

From now on the register (privacy.Consent) is the one place consent lives; the interview form
reads and writes it. Per participant and scope the latest interview that gave consent is copied,
with its date and its evaluator as the one who recorded it, unless the register already holds a
later answer. Each copy leaves a line in the field history, as a save through the app would.
The interview's own consent columns stay (unread) until perf/generator.py stops filling them.
"""

from django.db import migrations
from django.utils import timezone

SCOPES = (("consent_evaluation", "evaluation"), ("consent_research", "research"))


def copy_to_register(apps, schema_editor):
    Interview = apps.get_model("evaluation", "Interview")
    Consent = apps.get_model("privacy", "Consent")
    FieldChange = apps.get_model("privacy", "FieldChange")
    now = timezone.now()
    for name, scope in SCOPES:
        latest = {}
        for interview in Interview.objects.filter(**{name: True}).order_by(f"{name}_on", "held_on", "pk"):
            latest[interview.participant_id] = interview  # later ones overwrite earlier ones
        existing = {c.participant_id: c for c in Consent.objects.filter(scope=scope, participant_id__in=latest)}
        for participant_id, interview in latest.items():
            date = getattr(interview, f"{name}_on") or interview.held_on
            consent = existing.get(participant_id)
            if consent is None:
                # bulk_create: no save signals, so the history line below is the only one
                [consent] = Consent.objects.bulk_create([Consent(
                    participant_id=participant_id, scope=scope, given=True, date=date,
                    recorded_by_id=interview.evaluator_id, recorded_at=now,
                )])
                changes = {"participant_id": [None, participant_id], "scope": [None, scope], "given": [None, True],
                           "date": [None, date.isoformat()], "recorded_by_id": [None, interview.evaluator_id]}
                action = "create"
            elif not consent.given and consent.date < date:
                changes = {"given": [False, True], "date": [consent.date.isoformat(), date.isoformat()],
                           "recorded_by_id": [consent.recorded_by_id, interview.evaluator_id]}
                Consent.objects.filter(pk=consent.pk).update(
                    given=True, date=date, recorded_by_id=interview.evaluator_id, version=consent.version + 1
                )
                action = "update"
            else:
                continue  # the register already says yes, or holds a later answer
            FieldChange.objects.create(
                at=now, actor_id=interview.evaluator_id, participant_id=participant_id, model="privacy.Consent",
                object_id=str(consent.pk), action=action, changes=changes,
            )


def copy_back(apps, schema_editor):
    Interview = apps.get_model("evaluation", "Interview")
    Consent = apps.get_model("privacy", "Consent")
    for name, scope in SCOPES:
        given = dict(Consent.objects.filter(scope=scope, given=True).values_list("participant_id", "date"))
        for interview in Interview.objects.all():
            date = given.get(interview.participant_id)
            setattr(interview, name, date is not None)
            setattr(interview, f"{name}_on", date)
            interview.save(update_fields=[name, f"{name}_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_evaluation"),
        ("privacy", "0002_audit_append_only_triggers"),
    ]

    operations = [migrations.RunPython(copy_to_register, copy_back)]
