"""Writes for participants, their route through a network, and partners."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.concurrency import ConflictError, save_with_version
from core.formatting import written_date
from networks.models import Network
from people import hooks
from people.models import (
    ACTIVE_STAGES,
    LEFT_STAGES,
    InvitedVia,
    Participant,
    Participation,
    Partner,
    PartnerContact,
    RouteEvent,
    Stage,
)

PROFILE_FIELDS = (
    "name",
    "full_name",
    "birth_year",
    "phone",
    "email",
    "address",
    "talents",
    "wishes",
    "likes_to_do",
    "invited_via",
    "invited_by_participant",
    "invited_by_partner",
)

# Steps the worker records by hand; the practice app may add derived ones.
MANUAL_CONFIRMED = (Stage.SETTLING_IN, Stage.STRUCTURAL)


def derive_stage(events: list[RouteEvent]) -> tuple[str, dt.date, dt.date | None]:
    """The current stage is the step of the latest event; also returns since-when and the first visit."""
    ordered = sorted(events, key=lambda e: (e.date, e.pk or 0))
    if not ordered:
        raise ValueError("A participation without route events has no stage.")
    first_visit = next((e.date for e in ordered if e.stage == Stage.FIRST_VISIT), None)
    last = ordered[-1]
    return last.stage, last.date, first_visit


def _refresh_stage(participation: Participation, *, confirmed: bool | None = None) -> None:
    stage, since, first_visit = derive_stage(list(participation.events.all()))
    participation.stage, participation.stage_since, participation.first_visit = stage, since, first_visit
    fields = ["stage", "stage_since", "first_visit"]
    if confirmed is not None:
        participation.stage_confirmed = confirmed
        fields.append("stage_confirmed")
    participation.save(update_fields=fields)


def _check_profile_links(organisation_id: int, fields: dict) -> None:
    member = fields.get("invited_by_participant")
    partner = fields.get("invited_by_partner")
    if member is not None and member.organisation_id != organisation_id:
        raise ValidationError({"invited_by_participant": _("Unknown participant.")})
    if partner is not None and partner.organisation_id != organisation_id:
        raise ValidationError({"invited_by_partner": _("Unknown partner.")})
    if fields.get("invited_via") == InvitedVia.PARTNER and partner is None:
        raise ValidationError({"invited_by_partner": _("Choose the partner who referred this person.")})


def validate_route_step(
    *,
    participation: Participation | None,
    stage: str,
    date: dt.date,
    dropout_reason: str = "",
    referral_target: str = "",
) -> None:
    """The rules of the route (DOMAIN.md). Raises ValidationError with a message per field."""
    errors: dict[str, str] = {}
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    current = participation.stage if participation else None
    if participation is not None and date < participation.stage_since:
        errors["date"] = _("The date cannot be before the previous step (%(date)s).") % {
            "date": written_date(participation.stage_since)
        }
    if stage == Stage.INVITED and current is not None:
        errors["stage"] = _("This person is already on the route.")
    elif stage == Stage.FIRST_VISIT and current not in (None, Stage.INVITED):
        errors["stage"] = _("This person has already had a first visit.")
    elif stage == Stage.RETURNED and current not in LEFT_STAGES:
        errors["stage"] = _("Only someone who has left can return.")
    elif stage in MANUAL_CONFIRMED and current not in ACTIVE_STAGES:
        errors["stage"] = _("Only someone who takes part can be settling in or structural.")
    elif stage in LEFT_STAGES and current in LEFT_STAGES:
        errors["stage"] = _("This person has already left the group.")
    if stage == Stage.DROPPED_OUT and not dropout_reason:
        errors["dropout_reason"] = _("Choose a reason (or 'unknown').")
    if stage == Stage.REFERRED and not referral_target:
        errors["referral_target"] = _("Choose where this person was referred to.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def participant_register(
    *,
    actor: User | None,
    network: Network,
    name: str,
    date: dt.date | None = None,
    stage: str = Stage.FIRST_VISIT,
    partner: Partner | None = None,
    **profile,
) -> Participant:
    """Register a person in a network with one field (name). Starts their route as invited or first visit."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A first name or nickname is enough, but it is needed.")})
    if stage not in (Stage.INVITED, Stage.FIRST_VISIT):
        raise ValidationError({"stage": _("A new person starts as invited or with a first visit.")})
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    _check_profile_links(network.organisation_id, profile)
    date = date or timezone.localdate()
    validate_route_step(participation=None, stage=stage, date=date)
    partner = partner or profile.get("invited_by_partner")  # a referral in names the partner
    participant = Participant.objects.create(
        organisation_id=network.organisation_id, name=name, created_by=actor, **profile
    )
    participation = Participation.objects.create(
        participant=participant, network=network, stage=stage, stage_since=date
    )
    RouteEvent.objects.create(
        participation=participation, stage=stage, date=date, partner=partner, recorded_by=actor
    )
    _refresh_stage(participation)
    return participant


@transaction.atomic
def participants_register(*, actor: User | None, network: Network, people: list[dict]) -> list[Participant]:
    """Many people at once (the import): each dict holds `participant_register`'s arguments (`name`,
    `date`, `stage`, `partner` and profile fields). The same checks for every person before anything
    is written, then the same rows and field history in a few queries whatever their number (each
    participation is written with the stage its one route event gives)."""
    checked = []
    for person in people:
        person = dict(person)
        name = (person.pop("name", "") or "").strip()
        date = person.pop("date", None) or timezone.localdate()
        stage = person.pop("stage", Stage.FIRST_VISIT)
        partner = person.pop("partner", None)
        if not name:
            raise ValidationError({"name": _("A first name or nickname is enough, but it is needed.")})
        if stage not in (Stage.INVITED, Stage.FIRST_VISIT):
            raise ValidationError({"stage": _("A new person starts as invited or with a first visit.")})
        unknown = set(person) - set(PROFILE_FIELDS)
        if unknown:
            raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
        _check_profile_links(network.organisation_id, person)
        validate_route_step(participation=None, stage=stage, date=date)
        checked.append((name, date, stage, partner or person.get("invited_by_partner"), person))
    participants = Participant.objects.bulk_create(
        [
            Participant(organisation_id=network.organisation_id, name=name, created_by=actor, **profile)
            for name, _date, _stage, _partner, profile in checked
        ]
    )
    participations = Participation.objects.bulk_create(
        [
            Participation(
                participant=participant,
                network=network,
                stage=stage,
                stage_since=date,
                first_visit=date if stage == Stage.FIRST_VISIT else None,
            )
            for participant, (_name, date, stage, _partner, _profile) in zip(
                participants, checked, strict=True
            )
        ]
    )
    RouteEvent.objects.bulk_create(
        [
            RouteEvent(
                participation=participation, stage=stage, date=date, partner=partner, recorded_by=actor
            )
            for participation, (_name, date, stage, partner, _profile) in zip(
                participations, checked, strict=True
            )
        ]
    )
    return participants


@transaction.atomic
def participant_update(*, actor: User, participant: Participant, expected_version: int, **fields) -> None:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    if not (fields.get("name", participant.name) or "").strip():
        raise ValidationError({"name": _("A first name or nickname is needed.")})
    _check_profile_links(participant.organisation_id, fields)
    if fields.get("invited_by_participant") == participant:
        raise ValidationError({"invited_by_participant": _("Someone cannot invite themselves.")})
    for name, value in fields.items():
        setattr(participant, name, value)
    save_with_version(participant, expected_version=expected_version, fields=sorted(fields))


@transaction.atomic
def participation_add(
    *, actor: User, participant: Participant, network: Network, stage: str = Stage.FIRST_VISIT, date: dt.date
) -> Participation:
    """Someone known in one network joins another network of the same organisation."""
    if participant.organisation_id != network.organisation_id:
        raise ValidationError(_("This person belongs to another organisation."))
    if Participation.objects.filter(participant=participant, network=network).exists():
        raise ValidationError(_("This person is already on the route of this network."))
    validate_route_step(participation=None, stage=stage, date=date)
    participation = Participation.objects.create(
        participant=participant, network=network, stage=stage, stage_since=date
    )
    RouteEvent.objects.create(participation=participation, stage=stage, date=date, recorded_by=actor)
    _refresh_stage(participation)
    return participation


@transaction.atomic
def route_record(
    *,
    actor: User | None,
    participation: Participation,
    stage: str,
    date: dt.date,
    dropout_reason: str = "",
    referral_target: str = "",
    partner: Partner | None = None,
    note: str = "",
) -> RouteEvent:
    """Record a step on someone's route. Returning is always possible after leaving."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    validate_route_step(
        participation=participation,
        stage=stage,
        date=date,
        dropout_reason=dropout_reason,
        referral_target=referral_target,
    )
    if partner is not None and partner.organisation_id != participation.network.organisation_id:
        raise ValidationError({"partner": _("Unknown partner.")})
    event = RouteEvent.objects.create(
        participation=participation,
        stage=stage,
        date=date,
        dropout_reason=dropout_reason if stage == Stage.DROPPED_OUT else "",
        referral_target=referral_target if stage == Stage.REFERRED else "",
        partner=partner,
        note=note,
        recorded_by=actor,
    )
    _refresh_stage(participation, confirmed=stage in MANUAL_CONFIRMED)
    return event


def _check_partner_networks(organisation_id: int, networks) -> list:
    networks = list(networks or [])
    if any(n.organisation_id != organisation_id for n in networks):
        raise ValidationError({"networks": _("Unknown support network.")})
    return networks


@transaction.atomic
def partner_create(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    contact: str = "",
    neighbourhood: str = "",
    networks=(),
    actor: User | None = None,
) -> Partner:
    """A new partner of the organisation, linked to the given networks (of the same organisation)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A name is needed.")})
    if Partner.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a partner with this name.")})
    networks = _check_partner_networks(organisation.pk, networks)
    partner = Partner.objects.create(
        organisation=organisation,
        name=name,
        kind=kind,
        contact=contact.strip(),
        neighbourhood=neighbourhood.strip(),
        created_by=actor,
    )
    partner.networks.add(*networks)
    return partner


@transaction.atomic
def partner_update(
    *,
    partner: Partner,
    name: str,
    kind: str,
    contact: str,
    archived: bool,
    neighbourhood: str = "",
    networks=None,
    expected_version: int | None = None,
) -> None:
    """Change a partner; `networks` (when given) replaces its links to networks."""
    partner.name, partner.kind, partner.contact, partner.archived = name.strip(), kind, contact, archived
    partner.neighbourhood = neighbourhood.strip()
    fields = ["name", "kind", "contact", "archived", "neighbourhood"]
    if expected_version is None:
        partner.save(update_fields=fields)
    else:
        save_with_version(partner, expected_version=expected_version, fields=fields)
    if networks is not None:
        partner.networks.set(_check_partner_networks(partner.organisation_id, networks))


@transaction.atomic
def partner_link(*, partner: Partner, network: Network, linked: bool = True) -> None:
    """Link a partner to a network (or undo the link); contact moments stay."""
    if partner.organisation_id != network.organisation_id:
        raise ValidationError({"partner": _("Unknown partner.")})
    if linked:
        partner.networks.add(network)
    else:
        partner.networks.remove(network)


@transaction.atomic
def partner_contact_record(
    *,
    actor: User,
    partner: Partner,
    network: Network,
    date: dt.date,
    kind: str,
    summary: str,
    with_whom: str = "",
    follow_up: str = "",
    follow_up_on: dt.date | None = None,
) -> PartnerContact:
    """Log a contact moment with a partner for a network; the partner becomes linked to the network."""
    errors = {}
    if partner.organisation_id != network.organisation_id:
        errors["partner"] = _("Unknown partner.")
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif date < network.start_date - dt.timedelta(days=366):
        errors["date"] = _("This date lies long before the network started.")
    if not (summary or "").strip():
        errors["summary"] = _("Write in a few words what was discussed.")
    if follow_up_on is not None and follow_up_on < date:
        errors["follow_up_on"] = _("The next step cannot be before the contact moment.")
    if follow_up_on is not None and not (follow_up or "").strip():
        errors["follow_up"] = _("Say what the next step is.")
    if errors:
        raise ValidationError(errors)
    contact = PartnerContact.objects.create(
        partner=partner,
        network=network,
        date=date,
        kind=kind,
        summary=summary.strip(),
        with_whom=with_whom.strip(),
        follow_up=follow_up.strip(),
        follow_up_on=follow_up_on,
        recorded_by=actor,
    )
    partner.networks.add(network)
    return contact


@transaction.atomic
def partner_contact_follow_up_done(*, contact: PartnerContact, done_on: dt.date | None = None) -> None:
    if not contact.follow_up:
        raise ValidationError(_("This contact moment has no next step."))
    contact.follow_up_done = done_on or timezone.localdate()
    contact.save(update_fields=["follow_up_done"])


# ----- merging two records of one person (issue 18) ------------------------------------------------

# Free-text profile fields that are combined when both records say something; other fields keep the
# kept record's value and take the other's only where the kept one is empty.
COMBINED_TEXT_FIELDS = ("talents", "wishes", "likes_to_do")
ENTRY_STEPS = (Stage.INVITED, Stage.FIRST_VISIT)


def join_text(first: str, second: str, *, limit: int | None = None, sep: str = "\n") -> str:
    """Two records' texts as one: both when they differ, once when one holds the other."""
    first, second = (first or "").strip(), (second or "").strip()
    if not second or second == first or second in first:
        joined = first
    elif not first:
        joined = second
    else:
        joined = f"{first}{sep}{second}"
    return joined[:limit] if limit else joined


def repoint(queryset, field_name: str, value: int) -> int:
    """Move rows to another participant (or participation); a tracked model's QuerySet writes the
    change-history line per row (core/history.py)."""
    return queryset.update(**{queryset.model._meta.get_field(field_name).attname: value})


def merge_profile(keep: Participant, remove: Participant) -> dict:
    """The kept record's profile after the merge: its own values, gaps filled from the other record,
    talents, wishes and what they like to do combined. Used by the confirmation page too."""
    values = {}
    for name in PROFILE_FIELDS:
        mine, theirs = getattr(keep, name), getattr(remove, name)
        if name in COMBINED_TEXT_FIELDS:
            values[name] = join_text(mine, theirs)
        elif name == "invited_by_participant":
            chosen = mine if mine is not None else theirs
            values[name] = None if chosen is not None and chosen.pk in (keep.pk, remove.pk) else chosen
        else:
            values[name] = mine if mine not in ("", None) else theirs
    return values


def merge_conflicts(keep: Participant, remove: Participant) -> list[str]:
    """Reasons the two records cannot be merged as they are (the user must act first)."""
    problems = []
    if keep.pk == remove.pk:
        problems.append(_("Choose two different people."))
    if keep.organisation_id != remove.organisation_id:
        problems.append(_("These two people belong to different organisations."))
    if keep.anonymised_at or remove.anonymised_at:
        problems.append(_("An erased record cannot be merged."))
    problems.extend(hooks.merge_problems(keep, remove))
    return problems


def _merge_route(keep_part: Participation, remove_part: Participation, summary: dict) -> None:
    """Two routes in one network become one: every step kept, except a second registration."""
    repoint(remove_part.events.all(), "participation", keep_part.pk)
    events = sorted(keep_part.events.all(), key=lambda e: (e.date, e.pk))
    state = None
    for event in events:
        if event.stage in ENTRY_STEPS:
            if state is None or (state == Stage.INVITED and event.stage == Stage.FIRST_VISIT):
                state = event.stage
            elif state in LEFT_STAGES and event.stage == Stage.FIRST_VISIT:
                # Registered anew after leaving: for the one person that is a return.
                event.stage = Stage.RETURNED
                event.save(update_fields=["stage"])
                state = Stage.RETURNED
                summary["steps_made_return"] += 1
            else:
                event.delete()  # a second "first visit": the field history keeps it
                summary["steps_dropped"] += 1
        else:
            state = event.stage
    moved = {RouteEvent, *hooks.merge_route(keep_part, remove_part, summary)}
    for relation in Participation._meta.related_objects:
        model = relation.related_model
        if model in moved or relation.many_to_many:
            continue
        summary["other"] += repoint(
            model._default_manager.filter(**{relation.field.name: remove_part}),
            relation.field.name,
            keep_part.pk,
        )
    keep_part.stage_confirmed = keep_part.stage_confirmed or remove_part.stage_confirmed
    remove_part.delete()
    _refresh_stage(keep_part, confirmed=keep_part.stage_confirmed)


def _merge_logbook(keep: Participant, remove: Participant, summary: dict) -> None:
    for relation in Participant._meta.related_objects:
        if not relation.many_to_many:
            continue
        field = relation.field
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = list(
            through._default_manager.filter(**{target: remove.pk}).values_list(f"{source}_id", flat=True)
        )
        already = set(
            through._default_manager.filter(**{target: keep.pk, f"{source}_id__in": rows}).values_list(
                f"{source}_id", flat=True
            )
        )
        through._default_manager.bulk_create(
            [through(**{f"{source}_id": row, f"{target}_id": keep.pk}) for row in rows if row not in already]
        )
        through._default_manager.filter(**{target: remove.pk}).delete()
        summary["mentions"] += len(rows)


@transaction.atomic
def participant_merge(
    *, actor: User, keep: Participant, remove: Participant, keep_version: int, remove_version: int
) -> dict:
    """Merge `remove` into `keep`: one person, one record. Everything that refers to `remove` moves.

    Route, attendance, contributions, follow-ups, support observations, interviews, consent, points of
    attention, logbook mentions and every other row registered in privacy.registry move to `keep`;
    the field history of `remove` becomes `keep`'s; both are audited. Where both records hold the same
    thing (the same session, network, consent question) the two are joined as docs/people.md explains.
    Nothing may point to `remove` at the end, or nothing is saved. Returns counts of what moved.
    The rows of the apps above people move through their steps in `people.hooks`, in the order
    written here.
    """
    locked = {p.pk: p for p in Participant.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])}
    keep, remove = locked.get(keep.pk), locked.get(remove.pk)
    if keep is None or remove is None:
        raise ValidationError(_("One of the two records no longer exists."))
    if keep.version != keep_version:
        raise ConflictError(keep)
    if remove.version != remove_version:
        raise ConflictError(remove)
    problems = merge_conflicts(keep, remove)
    if problems:
        raise ValidationError(problems)
    summary = dict.fromkeys(
        [
            "route_events",
            "participations",
            "participations_joined",
            "steps_dropped",
            "steps_made_return",
            "followups",
            "followups_joined",
            "attendance",
            "attendance_joined",
            "contributions",
            "support_observations",
            "support_observations_dropped",
            "support_ties",
            "support_ties_dropped",
            "interviews",
            "consent",
            "consent_joined",
            "mentions",
            "invited",
            "other",
            "history",
        ],
        0,
    )
    profile = merge_profile(keep, remove)

    # Others invited by the removed record were invited by this person.
    for person in Participant.objects.filter(invited_by_participant=remove).exclude(pk=keep.pk):
        person.invited_by_participant = keep
        person.save(update_fields=["invited_by_participant"])
        summary["invited"] += 1

    kept_routes = {p.network_id: p for p in keep.participations.all()}
    for participation in list(remove.participations.all()):
        summary["route_events"] += participation.events.count()
        target = kept_routes.get(participation.network_id)
        if target is None:
            summary["participations"] += repoint(
                Participation.objects.filter(pk=participation.pk), "participant", keep.pk
            )
        else:
            _merge_route(target, participation, summary)
            summary["participations_joined"] += 1
    handled = {Participation, Participant}
    for step in (hooks.merge_attendance, hooks.merge_support, hooks.merge_interviews, hooks.merge_consent):
        handled.update(step(keep, remove, summary))
    _merge_logbook(keep, remove, summary)
    for relation in Participant._meta.related_objects:
        model = relation.related_model
        if relation.many_to_many or model in handled:
            continue
        # Anything else about the person (points of attention, what other apps add): it simply moves.
        summary["other"] += repoint(
            model._default_manager.filter(**{relation.field.name: remove}), relation.field.name, keep.pk
        )

    for name, value in profile.items():
        setattr(keep, name, value)
    save_with_version(keep, expected_version=keep_version, fields=list(PROFILE_FIELDS))
    for relation in Participant._meta.related_objects:
        if relation.many_to_many:
            left = relation.field.remote_field.through._default_manager.filter(
                **{relation.field.m2m_reverse_field_name(): remove.pk}
            )
        else:
            left = relation.related_model._default_manager.filter(**{relation.field.name: remove})
        if left.exists():
            raise RuntimeError(f"Merge left {relation.related_model._meta.label} rows on the removed record.")
    removed_pk = remove.pk
    remove.delete()  # its profile is kept in the field history (a "deleted" line with every value)
    summary["history"] = hooks.merge_history(actor=actor, keep=keep, removed_pk=removed_pk)
    return summary
