"""Reads for evaluation pages, each with a fixed number of queries whatever the history."""

from __future__ import annotations

import json
import marshal
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from accounts.models import User
from core import memo
from core.files import clean_text
from evaluation import stats
from evaluation.access import rounds_for
from evaluation.models import (
    CHECKED_STATES,
    Answer,
    EvaluationRound,
    Highlight,
    Interview,
    KeptInterviewScores,
    QuestionKind,
    Theme,
)
from networks import stamps
from networks.models import Network, NetworkAssignment
from people.models import ACTIVE_STAGES, Participant, Participation
from people.naming import shared_display_names
from privacy.models import Consent, ConsentScope


def rounds_with_progress(rounds: QuerySet[EvaluationRound]) -> QuerySet[EvaluationRound]:
    return (
        rounds.select_related("network", "template")
        .annotate(
            n_interviews=Count("interviews", distinct=True),
            n_checked=Count(
                "interviews", filter=Q(interviews__report__state__in=CHECKED_STATES), distinct=True
            ),
        )
        .order_by("-starts_on", "name")
    )


def own_worker_evaluators(evaluation_round: EvaluationRound) -> list[User]:
    """Evaluators who also work in the network: the interview should preferably be held by someone else."""
    worker_ids = NetworkAssignment.objects.filter(network_id=evaluation_round.network_id).values("user_id")
    return list(evaluation_round.evaluators.filter(pk__in=worker_ids))


@dataclass
class RoundRow:
    participant_id: int
    name: str
    stage: str
    active: bool
    interview: Interview | None


def round_participants(evaluation_round: EvaluationRound, *, names: str = "full") -> list[RoundRow]:
    """Everyone who takes part or took part in the round's network, with their interview if any.

    names="full": the first name (evaluators need it to hold the conversation); "shared": the names
    of shared pages (first name with consent, otherwise initials).
    """
    participations = list(
        Participation.objects.filter(
            network_id=evaluation_round.network_id, participant__anonymised_at__isnull=True
        )
        .select_related("participant")
        .order_by("participant__name", "participant_id")
    )
    interviews = {
        i.participant_id: i
        for i in Interview.objects.filter(round=evaluation_round).select_related("report", "evaluator")
    }
    people = [p.participant for p in participations]
    labels = shared_display_names(people) if names == "shared" else {p.pk: p.name for p in people}
    rows = [
        RoundRow(
            p.participant_id,
            labels[p.participant_id],
            p.get_stage_display(),
            p.stage in ACTIVE_STAGES,
            interviews.get(p.participant_id),
        )
        for p in participations
    ]
    # Active members first: they are the ones to interview; people who left may still be asked.
    rows.sort(key=lambda r: (not r.active and r.interview is None, r.name))
    return rows


def interview_consent(interview: Interview) -> dict:
    """The interview form's consent fields and their versions, from the privacy consent register (one query).

    A date is shown only for a consent that is given; a withdrawn consent shows as not given.
    """
    consents = {
        c.scope: c
        for c in Consent.objects.filter(
            participant_id=interview.participant_id,
            scope__in=[ConsentScope.EVALUATION, ConsentScope.RESEARCH],
        )
    }
    out = {}
    for name, scope in (
        ("consent_evaluation", ConsentScope.EVALUATION),
        ("consent_research", ConsentScope.RESEARCH),
    ):
        consent = consents.get(scope)
        given = consent is not None and consent.given
        out[name], out[f"{name}_on"] = given, consent.date if given else None
        # The register's version as the form saw it (0: no answer yet), so a change made elsewhere
        # (the participant's consent page) while the form was open is not overwritten.
        out[f"{name}_version"] = consent.version if consent is not None else 0
    return out


def _consented(scope: str) -> Exists:
    return Exists(Consent.objects.filter(participant_id=OuterRef("participant_id"), scope=scope, given=True))


def interview_questions(interview: Interview) -> tuple[list, dict]:
    questions = list(interview.round.template.questions.all())
    answers = {a.question_id: a for a in Answer.objects.filter(interview=interview)}
    return questions, answers


# ----- paired analysis --------------------------------------------------------------------


def included_interviews(rounds: QuerySet[EvaluationRound], *, research: bool) -> Q:
    """Which interviews count: the participant agreed with the report and consented to the use
    (consent as the privacy register holds it now: a withdrawal there takes the interview out)."""
    condition = Q(
        _consented(ConsentScope.EVALUATION),
        round__in=rounds.values("pk"),
        report__state__in=CHECKED_STATES,
        participant__anonymised_at__isnull=True,
    )
    if research:
        condition &= Q(_consented(ConsentScope.RESEARCH))
    return condition


def paired_result(pairs: list[tuple[float, float]]) -> stats.PairedResult:
    """`stats.paired(pairs)`, remembered under the pairs themselves (core.memo): the tests take a few
    milliseconds each, and a page over many networks needs one per network. The pairs go into the key as
    bytes (marshal: every float exactly), which digest five times quicker than their repr."""
    return memo.computed("evaluation-paired", marshal.dumps(tuple(pairs)), lambda: stats.paired(pairs))


def _min_items_for_mean(n_items: int) -> int:
    """A person's domain mean counts when they answered at least half of the items."""
    return math.ceil(n_items / 2)


def _add_to_sums(sums: dict[int, list], interview_id: int, now, before) -> None:
    """Add one scale answer to its interview's [sum now, sum before, items answered both times]."""
    if now is None or before is None:
        return
    total = sums.get(interview_id)
    if total is None:
        sums[interview_id] = [now, before, 1]
    else:
        total[0] += now
        total[1] += before
        total[2] += 1


def domain_pairs_of(sums: dict[int, list], interviews, n_items: int) -> list[tuple[float, float]]:
    """(mean now, mean a year ago) per interview of `interviews` (in that order) that answered enough
    of the `n_items` items both times: the one rule for `Analysis.domain_pairs` and `domain_by_network`."""
    enough = max(_min_items_for_mean(n_items), 1)
    pairs = []
    for interview_id in interviews:
        total = sums.get(interview_id)
        if total is not None and total[2] >= enough:
            pairs.append((total[0] / total[2], total[1] / total[2]))
    return pairs


@dataclass
class ItemAnalysis:
    code: str
    label: str
    pairs: list[tuple[int, int]]  # (now, before)
    declined: int
    missing: int

    @cached_property
    def result(self) -> stats.PairedResult:
        """Computed when first read: a page that shows only the domain mean does not pay for the items."""
        return paired_result(self.pairs)


@dataclass
class Analysis:
    """The paired analysis of the interviews that count. Everything below is derived from `answers`
    when first read, so a page that shows only the domain result does not pay for the items."""

    answers: list[tuple]  # (interview, code, text, now, before, now declined, before declined), scale items
    n_interviews: int
    n_included: int
    rounds: list[EvaluationRound] = field(default_factory=list)

    @cached_property
    def labels(self) -> dict[str, str]:
        """Item code -> text, in questionnaire order."""
        labels: dict[str, str] = {}
        for row in self.answers:
            labels.setdefault(row[1], row[2])
        return labels

    @cached_property
    def items(self) -> list[ItemAnalysis]:
        pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
        declined: dict[str, int] = defaultdict(int)
        answered: dict[str, set[int]] = defaultdict(set)
        for interview_id, code, _text, now, before, now_declined, before_declined in self.answers:
            if now is not None and before is not None:
                pairs[code].append((now, before))
                answered[code].add(interview_id)
            elif now_declined or before_declined:
                declined[code] += 1
                answered[code].add(interview_id)
        return [
            ItemAnalysis(
                code=code,
                label=label,
                pairs=pairs[code],
                declined=declined[code],
                missing=self.n_included - len(answered[code]),
            )
            for code, label in self.labels.items()
        ]

    @cached_property
    def min_items_for_mean(self) -> int:
        return _min_items_for_mean(len(self.labels))

    @cached_property
    def domain_pairs(self) -> list[tuple[float, float]]:
        """Per person the mean over the items answered both now and a year ago, for people who
        answered at least half of the items."""
        sums: dict[int, list] = {}
        for interview_id, _code, _text, now, before, _now_declined, _before_declined in self.answers:
            _add_to_sums(sums, interview_id, now, before)
        return domain_pairs_of(sums, sorted(sums), len(self.labels))

    @cached_property
    def domain(self) -> stats.PairedResult | None:
        """The paired result of the domain mean per person (None without any scale answer)."""
        return paired_result(self.domain_pairs) if self.labels else None


def paired_analysis(
    rounds: QuerySet[EvaluationRound], *, research: bool = False, held_between: tuple | None = None
) -> Analysis:
    """Per item and for the domain mean, over checked interviews of `rounds` (2 queries).

    When rounds are pooled and someone was interviewed in more than one of them, only their latest
    interview counts, so that every person gives one pair. `held_between` (start, end): only
    interviews held in that period count (and are counted).
    """
    kept = _kept_interviews(rounds, research=research, held_between=held_between)
    rows = list(
        Answer.objects.filter(interview_id__in=kept.pooled or [0], question__kind=QuestionKind.SCALE)
        .order_by("question__position", "interview_id")
        .values_list(
            "interview_id",
            "question__code",
            "question__text",
            "now",
            "before",
            "now_declined",
            "before_declined",
        )
    )
    return Analysis(answers=rows, n_interviews=sum(kept.held.values()), n_included=len(kept.pooled))


@dataclass
class _Kept:
    """Which interviews count (`included_interviews`), one per person: their latest."""

    held: dict[int, int]  # network -> interviews held, counting or not
    pooled: set[int]  # the latest counting interview per person over all rounds
    by_network: dict[int, set[int]]  # network -> the latest counting interview per person in that network
    network_of: dict[int, int]  # an interview in `by_network` -> its network


def _kept_interviews(rounds, *, research: bool, held_between) -> _Kept:
    """One query: every interview of `rounds` (held in `held_between`), oldest first."""
    condition = included_interviews(rounds, research=research)
    interviews = Interview.objects.filter(round__in=rounds.values("pk"))
    if held_between is not None:
        interviews = interviews.filter(held_on__range=held_between)
    held: dict[int, int] = defaultdict(int)
    latest: dict[int, int] = {}  # participant -> their latest counting interview over all rounds
    latest_in_network: dict[tuple[int, int], int] = {}  # (network, participant) -> the same per network
    for interview_id, participant_id, network_id, counts in (
        interviews.annotate(counts=ExpressionWrapper(condition, output_field=BooleanField()))
        .order_by("held_on", "id")
        .values_list("id", "participant_id", "round__network_id", "counts")
    ):
        held[network_id] += 1
        if counts:
            latest[participant_id] = interview_id  # later ones overwrite earlier ones
            latest_in_network[network_id, participant_id] = interview_id
    by_network: dict[int, set[int]] = defaultdict(set)
    network_of: dict[int, int] = {}
    for (network_id, _participant_id), interview_id in latest_in_network.items():
        by_network[network_id].add(interview_id)
        network_of[interview_id] = network_id
    return _Kept(
        held=held,
        pooled=set(latest.values()),
        by_network=dict(by_network),
        network_of=network_of,
    )


@dataclass(frozen=True)
class DomainResult:
    """The paired result of the domain mean over a set of interviews, as `Analysis.domain` gives it."""

    domain: stats.PairedResult | None
    domain_pairs: list[tuple[float, float]]
    n_interviews: int
    n_included: int


def domain_by_network(
    networks: QuerySet[Network], *, research: bool = False, held_between: tuple | None = None
) -> tuple[DomainResult, dict[int, DomainResult]]:
    """The domain result over the rounds of `networks`, pooled and one per network, in 3 queries whatever
    the number of networks and interviews (when every network's interview scores are kept).

    Each network's result equals `paired_analysis` of that network's rounds (one pair per person in the
    network, their latest counting interview); the pooled one equals `paired_analysis` of all their
    rounds (one pair per person over all networks). Networks without a counting interview are absent. A
    person's latest interview over all networks is also their latest in its own network, so the pooled
    interviews are among the networks' ones.
    """
    rounds = EvaluationRound.objects.filter(network__in=networks.values("pk"))
    kept = _kept_interviews(rounds, research=research, held_between=held_between)
    scores = interview_scores(
        list(networks.annotate(stamp=stamps.stamp()).values_list("pk", "stamp", named=True)), networks
    )
    sums: dict[int, list] = {}  # interview -> [sum now, sum before, items answered now and a year ago]
    codes: dict[int, set[str]] = defaultdict(set)  # network -> scale items answered or declined
    pooled_codes: set[str] = set()
    for network_id, rows in scores.items():
        for interview_id, answered, now, before, both in rows:
            if kept.network_of.get(interview_id) != network_id:
                continue  # not counting, not held in the period, or not this person's latest in the network
            # Items are counted by code: two questionnaires may ask the same item.
            items = answered.split()
            codes[network_id].update(items)
            if interview_id in kept.pooled:
                pooled_codes.update(items)
            if both:
                sums[interview_id] = [now, before, both]

    def result(interviews, n_items: int, n_interviews: int) -> DomainResult:
        pairs = domain_pairs_of(sums, sorted(interviews), n_items)
        domain = paired_result(pairs) if n_items else None
        return DomainResult(domain, pairs, n_interviews, len(interviews))

    pooled = result(kept.pooled, len(pooled_codes), sum(kept.held.values()))
    by_network = {
        network_id: result(ids, len(codes.get(network_id, ())), kept.held.get(network_id, 0))
        for network_id, ids in kept.by_network.items()
    }
    return pooled, by_network


def interview_scores(networks: list, scope: QuerySet[Network]) -> dict[int, list]:
    """Per network of `networks` (read with their stamp, from the queryset `scope`) its interviews' scale
    answers summed: [interview id, the item codes answered or declined, sum now, sum before, items
    answered both now and a year ago] each, kept in KeptInterviewScores under the network's stamp
    (networks/stamps.py): one query where kept, one more for the networks that changed."""
    return stamps.kept(
        KeptInterviewScores,
        networks=networks,
        scope=scope,
        key={},
        unique=("network",),
        compute=_interview_scores,
        dump=lambda rows: {"scores": json.dumps(rows)},
        load=lambda network, scores: json.loads(scores),
    )


def _interview_scores(networks: list, scope: QuerySet[Network]) -> dict[int, list]:
    """interview_scores read from the answers (one query: four numbers and a code a row)."""
    found: dict[int, dict[int, list]] = {n.pk: {} for n in networks}
    for network_id, interview_id, code, now, before in (
        Answer.objects.filter(
            interview__round__network__in=scope.values("pk"), question__kind=QuestionKind.SCALE
        )
        .order_by("interview_id", "question__code")
        .values_list("interview__round__network_id", "interview_id", "question__code", "now", "before")
    ):
        row = found[network_id].get(interview_id)
        if row is None:
            row = found[network_id][interview_id] = [interview_id, set(), 0, 0, 0]
        row[1].add(code)
        if now is not None and before is not None:
            row[2] += now
            row[3] += before
            row[4] += 1
    return {
        network_id: [[i, " ".join(sorted(codes)), *numbers] for i, codes, *numbers in rows.values()]
        for network_id, rows in found.items()
    }


def watch_score_sources() -> None:
    """What _interview_scores reads renews the network's stamp (networks/stamps.py). Questions are not
    watched: no service changes a question once made (a questionnaire is copied, never edited)."""
    stamps.watch(EvaluationRound)
    stamps.watch(Interview, via="round")
    stamps.watch(Answer, via="interview__round")


def keep_scores_current() -> int:
    """Keep every network's interview scores current (the worker's housekeeping, every minute): the
    process evaluation then reads them. Returns the number of networks computed."""
    stale = stamps.stale_by_organisation(
        KeptInterviewScores,
        key={},
        networks=Network.objects.annotate(stamp=stamps.stamp()).values_list("pk", "organisation_id", "stamp"),
    )
    for ids in stale.values():
        scope = Network.objects.filter(pk__in=ids)
        interview_scores(
            list(scope.annotate(stamp=stamps.stamp()).values_list("pk", "stamp", named=True)), scope
        )
    return sum(len(ids) for ids in stale.values())


# ----- thematic analysis ------------------------------------------------------------------


def codebook(organisation_id: int) -> list[Theme]:
    """Main themes with their sub-themes prefetched (2 queries)."""
    return list(
        Theme.objects.filter(organisation_id=organisation_id, parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Theme.objects.order_by("name"))
        )
    )


def flat_codebook(organisation_id: int) -> list[tuple[Theme, int]]:
    """(theme, depth) in reading order."""
    out: list[tuple[Theme, int]] = []
    for theme in codebook(organisation_id):
        out.append((theme, 0))
        out.extend((child, 1) for child in theme.children.all())
    return out


def checked_highlights(rounds: QuerySet[EvaluationRound], *, research: bool = False) -> list[Highlight]:
    """Highlights of interviews that count, with everything the overview and exports need (2 queries)."""
    return list(
        Highlight.objects.filter(
            interview__in=Interview.objects.filter(included_interviews(rounds, research=research))
        )
        .select_related("interview__round__network", "answer__question")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.select_related("parent")))
        .order_by("interview__round__network__name", "interview_id", "id")
    )


def pseudonyms(highlights: list[Highlight]) -> dict[int, str]:
    """Interview id -> "D1", "D2", ... in order of first appearance; no names, no ids."""
    names: dict[int, str] = {}
    for highlight in highlights:
        names.setdefault(highlight.interview_id, f"D{len(names) + 1}")
    return names


@dataclass
class ThemeRow:
    theme: Theme
    depth: int
    counts: list[int]  # per network, number of participants in whose conversation the theme was marked
    total: int
    quotes: list[tuple[str, str, str]]  # (pseudonym, network, passage)


def theme_overview(
    organisation_id: int,
    rounds: QuerySet[EvaluationRound],
    *,
    research: bool = False,
    quotes_per_theme: int = 3,
) -> tuple[list[str], list[ThemeRow], dict[int, str]]:
    """Theme x network: in how many conversations each theme came up, with example quotes (4 queries).

    A highlight tagged with a sub-theme also counts for its main theme.
    """
    highlights = checked_highlights(rounds, research=research)
    names = pseudonyms(highlights)
    networks = sorted({h.interview.round.network.name for h in highlights})
    people: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    quotes: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for highlight in highlights:
        network = highlight.interview.round.network.name
        theme_ids = set()
        for theme in highlight.themes.all():
            theme_ids.add(theme.pk)
            if theme.parent_id:
                theme_ids.add(theme.parent_id)
            quotes[theme.pk].append((names[highlight.interview_id], network, highlight.passage))
        for theme_id in theme_ids:
            people[theme_id][network].add(highlight.interview_id)
    rows = []
    for theme, depth in flat_codebook(organisation_id):
        counts = [len(people[theme.pk][n]) for n in networks]
        rows.append(ThemeRow(theme, depth, counts, sum(counts), quotes[theme.pk][:quotes_per_theme]))
    return networks, rows, names


def home_section(user) -> dict:
    """The home-page block for whoever holds interviews: their rounds and how far they are (1 query)."""
    from accounts import access

    if not access.can(user, "evaluation.interview"):
        return {}
    rounds = list(rounds_with_progress(rounds_for(user, "evaluation.interview")))
    if not rounds:
        return {}
    return {"template": "evaluation/_home.html", "rounds": rounds}


# ----- pseudonymised documents ----------------------------------------------------------------


class Pseudonymiser:
    """Replaces every name the organisation knows inside a text by a pseudonym, for documents that
    leave the app (thematic report, codebook spreadsheet, REFI-QDA project).

    Participants keep the code of their conversation (D1, D2, ...); a participant who was not
    interviewed gets the next free D-number when first named; staff get M1, M2, ... Names are matched
    as whole words, as stored and capitalised (first name or nickname, full name, surname), longest
    first. A name that is also an ordinary word is replaced only where it is written as a name
    (with a capital), so "ton" stays but "Ton" becomes a code."""

    def __init__(self, names: dict[int, str], participants: list[tuple], staff: list[tuple]):
        import re

        self.codes: dict[tuple[str, int], str] = {}
        self._next = {"D": len(names) + 1, "M": 1}
        self._owner: dict[str, tuple[str, int]] = {}
        for pk, code in names.items():  # interview id -> code; participants mapped by the caller
            self.codes[("interview", pk)] = code
        for pk, *parts in participants:
            self._register(("D", pk), parts)
        for pk, *parts in staff:
            self._register(("M", pk), parts)
        words = sorted(self._owner, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None
        )

    def _register(self, owner: tuple[str, int], parts) -> None:
        forms = set()
        for part in parts:
            part = " ".join(str(part or "").split())
            if len(part) < 2:
                continue
            forms.add(part)
            words = part.split(" ")
            if len(words) > 1:
                surname = " ".join(words[1:])
                if len(surname) >= 3:
                    forms.add(surname)
                forms.add(words[0])
        for form in forms:
            for variant in (form, form[:1].upper() + form[1:]):
                if len(variant) >= 2 and variant[:1].isupper():
                    self._owner.setdefault(variant, owner)

    def participant_code(self, participant_id: int, code: str) -> None:
        """The participant of an interview keeps the interview's code."""
        self.codes[("D", participant_id)] = code

    def code(self, owner: tuple[str, int]) -> str:
        if owner not in self.codes:
            prefix = owner[0]
            self.codes[owner] = f"{prefix}{self._next[prefix]}"
            self._next[prefix] += 1
        return self.codes[owner]

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text
        return self._pattern.sub(lambda match: self.code(self._owner[match.group(1)]), text)


def pseudonymiser(organisation_id: int, names: dict[int, str], interviews: dict[int, int]) -> Pseudonymiser:
    """A Pseudonymiser for one document (2 queries). `names`: interview id -> code; `interviews`:
    interview id -> participant id."""
    from people.models import Participant

    participants = list(
        Participant.objects.filter(organisation_id=organisation_id).values_list("pk", "name", "full_name")
    )
    staff = list(
        User.objects.filter(organisation_id=organisation_id).values_list(
            "pk", "first_name", "last_name", "username"
        )
    )
    staff = [(pk, first, last, f"{first} {last}".strip()) for pk, first, last, _username in staff]
    replacer = Pseudonymiser(names, participants, staff)
    for interview_id, code in names.items():
        if interview_id in interviews:
            replacer.participant_code(interviews[interview_id], code)
    return replacer


@dataclass
class SourceText:
    """One agreed conversation as a plain-text source: the report, then the open answers."""

    interview: Interview
    code: str
    network: str
    text: str
    parts: dict[tuple[str, int | None], tuple[int, int]]  # ("report", None) / ("answer", id) -> span


def qda_sources(
    organisation_id: int, rounds: QuerySet[EvaluationRound], highlights: list[Highlight], *, research: bool
) -> tuple[list[SourceText], Pseudonymiser]:
    """The agreed reports and open answers of the interviews that count, pseudonymised as the thematic
    report is (4 queries)."""
    interviews = list(
        Interview.objects.filter(included_interviews(rounds, research=research))
        .select_related("round__network", "report")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(question__kind=QuestionKind.OPEN, text_declined=False)
                .exclude(text="")
                .select_related("question")
                .order_by("question__position"),
            )
        )
        .order_by("round__network__name", "held_on", "pk")
    )
    names = pseudonyms(highlights)
    for interview in interviews:
        names.setdefault(interview.pk, f"D{len(names) + 1}")
    replace = pseudonymiser(organisation_id, names, {i.pk: i.participant_id for i in interviews})
    sources = []
    for interview in interviews:
        pieces, parts, length = [], {}, 0
        for key, heading, body in [(("report", None), "", interview.report.text)] + [
            (("answer", a.pk), a.question.text, a.text) for a in interview.answers.all()
        ]:
            if not body.strip():
                continue
            if heading:
                block_head = f"\n\n{heading}\n"
                pieces.append(block_head)
                length += len(block_head)
            body = replace(clean_text(body))
            parts[key] = (length, length + len(body))
            pieces.append(body)
            length += len(body)
        sources.append(
            SourceText(interview, names[interview.pk], interview.round.network.name, "".join(pieces), parts)
        )
    return sources, replace


def interview_counts(person: Participant) -> list[tuple[str, int]]:
    """The merge confirmation page: one record's interviews. 1 query."""
    return [(_("Interviews"), Interview.objects.filter(participant=person).count())]
