"""What the app knows of a network's progress through the phases, as the checks of networks.phases.

- `step_expectations(network, phase)`: what the intervention expects before a network enters `phase`
  (PHASE_STEPS); the phase form shows it and what is still missing.
- `phase_tasks(network, user)`: the current phase's tasks, ticked where the app knows they are done
  (PHASE_TASKS); the network page shows them.
Both read `progress(network)` (a fixed number of queries). docs/phases.md lists the checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext, ngettext_lazy

from accounts import access
from networks.models import Network, Phase
from networks.phases import Check
from people.models import ACTIVE_STAGES, Participant, RouteEvent, Stage
from planning.forecast import TARGET as CORE_SIZE  # a stable core of at least 15 structural participants
from quality.models import EvaluationKind, EvaluationStatus, NetworkEvaluation, PreconditionStatus
from quality.selectors import PreconditionRow, precondition_rows

FIRST_GROUP = 5  # the exploration's "first small group": about five people
RECENT_DAYS = 91  # newcomers in the last three months
SUPPORT_DAYS = 182  # support seen in the last six months
FOLLOWUP_WAITING_DAYS = 21  # as on the needs-attention view (quality.attention)
START_PRECONDITIONS = ("hours_agreed", "hours_budget", "backup", "location")  # before the start


class Progress:
    """What the checks read of one network; each fact is read when a check first needs it, so a phase's
    checks cost a fixed number of queries (docs/phases.md)."""

    def __init__(self, network: Network, today: dt.date | None = None):
        self.network = network
        self.today = today or timezone.localdate()

    @cached_property
    def _activities(self) -> list:
        from practice.models import Activity

        return list(
            Activity.objects.filter(network=self.network).values_list(
                "recurrence", "active_from", "active_until"
            )
        )

    @property
    def activities(self) -> int:
        return len(self._activities)

    @property
    def weekly_running(self) -> bool:
        from practice.models import Recurrence

        return any(
            recurrence == Recurrence.WEEKLY and start <= self.today and (end is None or end >= self.today)
            for recurrence, start, end in self._activities
        )

    @cached_property
    def _stages(self) -> dict:
        return self.network.participations.aggregate(
            active=Count("pk", filter=Q(stage__in=ACTIVE_STAGES)),
            structural=Count("pk", filter=Q(stage=Stage.STRUCTURAL)),
        )

    @property
    def active(self) -> int:
        return self._stages["active"]

    @property
    def structural(self) -> int:
        return self._stages["structural"]

    @cached_property
    def newcomers(self) -> int:
        since = self.today - dt.timedelta(days=RECENT_DAYS)
        return (
            RouteEvent.objects.filter(
                participation__network=self.network, stage=Stage.FIRST_VISIT, date__gt=since
            )
            .values("participation_id")
            .distinct()
            .count()
        )

    @cached_property
    def partners(self) -> tuple[bool, str]:
        return partners_contacted(self.network)

    @cached_property
    def log_entries(self) -> int:
        from practice.models import LogEntry

        return LogEntry.objects.filter(network=self.network).count()

    @cached_property
    def house_rules(self) -> int:
        from practice.models import HouseRule

        return HouseRule.objects.filter(network=self.network, withdrawn_on__isnull=True).count()

    @cached_property
    def waiting_followups(self) -> int:
        from practice.models import FollowUp

        since = self.today - dt.timedelta(days=FOLLOWUP_WAITING_DAYS)
        return FollowUp.objects.filter(
            network=self.network, closed_on__isnull=True, opened_on__lt=since
        ).count()

    @cached_property
    def preconditions(self) -> list[PreconditionRow]:
        return precondition_rows(self.network)

    @cached_property
    def evaluations(self) -> list[tuple[str, str, dt.date]]:
        return list(
            NetworkEvaluation.objects.filter(network=self.network).values_list("kind", "status", "date")
        )

    @cached_property
    def interviews(self) -> int:
        from evaluation.models import Interview

        return Interview.objects.filter(round__network=self.network).count()

    @cached_property
    def support_seen(self) -> int:
        from support.models import SupportObservation

        since = self.today - dt.timedelta(days=SUPPORT_DAYS)
        return SupportObservation.objects.filter(network=self.network, date__gt=since).count()

    def unmet(self, keys) -> list[PreconditionRow]:
        return [row for row in self.preconditions if row.key in keys and row.unmet]

    def precondition_met(self, key: str) -> bool:
        return any(row.key == key and row.status == PreconditionStatus.MET for row in self.preconditions)

    def evaluation_done(self, kind: str, since: dt.date | None = None) -> bool:
        return any(
            k == kind and status == EvaluationStatus.FINAL and (since is None or date >= since)
            for k, status, date in self.evaluations
        )


def partners_contacted(network: Network) -> tuple[bool, str]:
    """Has the worker been in touch with colleagues and partners for this network? (four queries)

    The contact moments logged with partners (people.models.PartnerContact) first; besides those, what
    shows contact elsewhere in the app: hours spent on consultation with partners, logbook entries
    about partners, and people who came via a partner.
    """
    from people.models import PartnerContact
    from planning.models import HoursEntry, HoursPurpose
    from practice.models import LogCategory, LogEntry

    contacts = PartnerContact.objects.filter(network=network).count()
    hours = HoursEntry.objects.filter(network=network, purpose=HoursPurpose.PARTNERS).count()
    logged = LogEntry.objects.filter(network=network, category=LogCategory.PARTNERS).count()
    via = Participant.objects.filter(
        participations__network=network, invited_by_partner__isnull=False
    ).count()
    if not (contacts or hours or logged or via):
        return False, _("no contact with partners recorded yet")
    parts = []
    if contacts:
        parts.append(
            ngettext("%(n)s contact moment with a partner", "%(n)s contact moments with partners", contacts)
            % {"n": contacts}
        )
    if logged:
        parts.append(ngettext("%(n)s logbook entry", "%(n)s logbook entries", logged) % {"n": logged})
    if hours:
        parts.append(ngettext("%(n)s week with hours", "%(n)s weeks with hours", hours) % {"n": hours})
    if via:
        parts.append(
            ngettext("%(n)s person came via a partner", "%(n)s people came via a partner", via) % {"n": via}
        )
    return True, ", ".join(parts)


def progress(network: Network, today: dt.date | None = None) -> Progress:
    """The network's Progress, one per network object and day: the steps of a move over several phases
    share their reads (the same stable core before Verdieping and before Evaluatie en overgang)."""
    today = today or timezone.localdate()
    known = getattr(network, "_phase_progress", None)
    if known is None or known.today != today:
        known = Progress(network, today)
        network._phase_progress = known
    return known


# ----- the checks ------------------------------------------------------------------------------------
# A check that counts something of the network (done from `at_least`, its detail the count) is a Counted;
# the others are functions.


@dataclass(frozen=True)
class Counted:
    """A check that is done when a count of Progress reaches `at_least`; its detail says the count."""

    key: str
    text: str  # gettext_lazy: the expectation in plain words
    count: str  # the Progress attribute that counts
    detail: str  # ngettext_lazy(singular, plural, "n")
    url_name: str  # the page where it is done, taking the network's id
    at_least: int = 1

    def __call__(self, p: Progress) -> Check:
        n = getattr(p, self.count)
        url = reverse(self.url_name, args=[p.network.pk])
        return Check(self.key, str(self.text), n >= self.at_least, self.detail % {"n": n}, url)


first_activity = Counted(
    key="first_activity",
    text=_lazy("There is a first activity to invite people to."),
    count="activities",
    detail=ngettext_lazy("%(n)s activity", "%(n)s activities", "n"),
    url_name="practice:network",
)
first_group = Counted(
    key="first_group",
    text=_lazy("A first small group of about five people takes part."),
    count="active",
    detail=ngettext_lazy("%(n)s person taking part", "%(n)s people taking part", "n"),
    url_name="people:network_participants",
    at_least=FIRST_GROUP,
)
logbook = Counted(
    key="logbook",
    text=_lazy("The progress is kept in the logbook."),
    count="log_entries",
    detail=ngettext_lazy("%(n)s entry", "%(n)s entries", "n"),
    url_name="practice:logbook",
)
newcomers = Counted(
    key="newcomers",
    text=_lazy("New people keep coming: newcomers in the last three months."),
    count="newcomers",
    detail=ngettext_lazy("%(n)s newcomer", "%(n)s newcomers", "n"),
    url_name="people:network_participants",
)
house_rules = Counted(
    key="house_rules",
    text=_lazy("The group made its own house rules."),
    count="house_rules",
    detail=ngettext_lazy("%(n)s house rule", "%(n)s house rules", "n"),
    url_name="practice:rules",
)
support_seen = Counted(
    key="support",
    text=_lazy("Participants support each other (support seen in the last six months)."),
    count="support_seen",
    detail=ngettext_lazy("%(n)s observation", "%(n)s observations", "n"),
    url_name="support:network",
)
interviews = Counted(
    key="interviews",
    text=_lazy("Evaluation interviews with participants are held."),
    count="interviews",
    detail=ngettext_lazy("%(n)s interview", "%(n)s interviews", "n"),
    url_name="evaluation:network",
)


def location(p: Progress) -> Check:
    network = p.network
    return Check(
        "location",
        _("A location is chosen where the group can meet."),
        network.location_id is not None,
        network.location.name if network.location_id else _("no location recorded"),
        reverse("networks:edit", args=[network.pk]),
    )


def partners(p: Progress) -> Check:
    done, detail = p.partners
    return Check(
        "partners",
        _("Colleagues and partners in the neighbourhood know about the group."),
        done,
        detail,
        reverse("practice:logbook", args=[p.network.pk]),
    )


def start_preconditions(p: Progress) -> Check:
    unmet = p.unmet(START_PRECONDITIONS)
    detail = ", ".join(row.fact or row.status_label for row in unmet) if unmet else _("met")
    return Check(
        "start_preconditions",
        _("The preconditions for the start are met: hours agreed, hours, a backup, a location."),
        not unmet,
        detail,
        reverse("quality:network", args=[p.network.pk]) + "#randvoorwaarden",
    )


def core(p: Progress) -> Check:
    return Check(
        "core",
        _("A stable core of at least 15 structural participants."),
        p.structural >= CORE_SIZE,
        _("%(n)s of %(target)s") % {"n": p.structural, "target": CORE_SIZE},
        reverse("practice:stages", args=[p.network.pk]),
    )


def weekly(p: Progress) -> Check:
    return Check(
        "weekly",
        _("The group organises activities every week."),
        p.weekly_running,
        _("a weekly activity runs") if p.weekly_running else _("no weekly activity runs"),
        reverse("practice:network", args=[p.network.pk]),
    )


def followed_up(p: Progress) -> Check:
    n = p.waiting_followups
    return Check(
        "followed_up",
        _("People who stay away are followed up."),
        n == 0,
        ngettext(
            "%(n)s follow-up open for more than three weeks",
            "%(n)s follow-ups open for more than three weeks",
            n,
        )
        % {"n": n}
        if n
        else _("nothing waiting"),
        reverse("practice:followups", args=[p.network.pk]),
    )


def _evaluation(p: Progress, kind: str, text: str, since: dt.date | None = None) -> Check:
    done = p.evaluation_done(kind, since)
    url = reverse("quality:network", args=[p.network.pk])
    if not done:
        url = reverse("quality:evaluation_new", args=[p.network.pk]) + f"?soort={kind}"
    return Check(kind, text, done, _("recorded") if done else _("not recorded yet"), url)


def one_year_evaluation(p: Progress) -> Check:
    return _evaluation(p, EvaluationKind.ONE_YEAR, _("The one-year evaluation of the network is recorded."))


def final_evaluation(p: Progress) -> Check:
    return _evaluation(p, EvaluationKind.FINAL, _("The final evaluation of the network is recorded."))


def yearly_evaluation(p: Progress) -> Check:
    since = p.today - dt.timedelta(days=365)
    done = p.evaluation_done(EvaluationKind.YEARLY, since) or p.evaluation_done(EvaluationKind.FINAL, since)
    url = reverse("quality:evaluation_new", args=[p.network.pk]) + f"?soort={EvaluationKind.YEARLY}"
    return Check(
        "yearly",
        _("The network is evaluated at least once a year."),
        done,
        _("in the last twelve months") if done else _("not in the last twelve months"),
        url,
    )


def continuation(p: Progress) -> Check:
    done = p.precondition_met("continuation")
    return Check(
        "continuation",
        _("Continuation as a permanent provision is arranged."),
        done,
        _("met") if done else _("not recorded as met"),
        reverse("quality:precondition", args=[p.network.pk, "continuation"]),
    )


EXPLORATION_TASKS = (location, first_activity, first_group, partners, logbook)
# phase -> what the intervention expects before a network enters it
BEFORE = {
    Phase.BUILDUP: (*EXPLORATION_TASKS, start_preconditions),
    Phase.DEEPENING: (core, weekly),
    Phase.EVALUATION: (one_year_evaluation, core, support_seen),
    Phase.PROVISION: (final_evaluation, interviews, continuation),
}
# phase -> its tasks while the network is in it
TASKS = {
    Phase.EXPLORATION: EXPLORATION_TASKS,
    Phase.BUILDUP: (core, weekly, newcomers, followed_up, house_rules),
    Phase.DEEPENING: (support_seen, core, newcomers, one_year_evaluation),
    Phase.EVALUATION: (final_evaluation, interviews, continuation),
    Phase.PROVISION: (yearly_evaluation, core, newcomers),
}
# the page behind a check's link, so a task links only where the user may go
LINK_PERMISSIONS = {
    "location": "network.edit",
    "first_activity": "practice.view",
    "first_group": "participant.view",
    "partners": "logbook.view",
    "logbook": "logbook.view",
    "start_preconditions": "quality.view",
    "core": "route.record",
    "weekly": "practice.view",
    "newcomers": "participant.view",
    "followed_up": "followup.record",
    "house_rules": "practice.view",
    "support": "support.view",
    EvaluationKind.ONE_YEAR: "quality.evaluate",
    EvaluationKind.FINAL: "quality.evaluate",
    "yearly": "quality.evaluate",
    "interviews": "evaluation.view",
    "continuation": "quality.record",
}


def step_expectations(network: Network, phase: str) -> list[Check]:
    """What the intervention expects before `network` enters `phase` (PHASE_STEPS provider)."""
    checks = BEFORE.get(phase, ())
    if not checks:
        return []
    p = progress(network)
    return [check(p) for check in checks]


def phase_tasks(network: Network, user) -> list[Check]:
    """The current phase's tasks (PHASE_TASKS provider); a link only where the user may go."""
    checks = TASKS.get(network.phase, ())
    if not checks:
        return []
    p = progress(network)
    tasks = []
    for make in checks:
        check = make(p)
        if not access.can(user, LINK_PERMISSIONS[check.key]):
            check = Check(check.key, check.text, check.done, check.detail, "")
        tasks.append(check)
    return tasks
