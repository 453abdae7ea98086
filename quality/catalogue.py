"""The fixed lists of the quality app, in our own words: versioned data, not template text.

- CHECKLIST: the elements of a vangnetwerk to reflect on, grouped as the source groups them
  (doelgroep, activiteit, sociaal werker, resultaat). A reflection stores CHECKLIST_VERSION, so an
  old reflection keeps its meaning when the list changes; item keys are never reused.
- PRECONDITIONS: the randvoorwaarden a network needs before and during the intervention.
- SUB_GOALS: the sub-goals a-i of the intervention (see DOMAIN.md "Goals").
- FACTORS: short success and failure factors to tag in a network evaluation.
"""

from django.utils.translation import gettext_lazy as _

CHECKLIST_VERSION = 1

CHECKLIST_GROUPS = [
    ("target_group", _("Target group")),
    ("activity", _("Activity")),
    ("social_worker", _("Social worker")),
    ("result", _("Result")),
]

# (group, key, text). Keys are stable; a changed meaning gets a new key and a new version.
CHECKLIST = [
    (
        "target_group",
        "tg_isolated",
        _("The group reaches residents who are socially isolated and have few people around them."),
    ),
    (
        "target_group",
        "tg_open",
        _("The group is open: newcomers can join at any moment and people may come and go."),
    ),
    (
        "target_group",
        "tg_mixed",
        _("Participants differ in background and possibilities, and that is seen as a strength."),
    ),
    ("target_group", "tg_referrals", _("Colleagues and partners know the group and refer people to it.")),
    (
        "target_group",
        "tg_fit",
        _("When the group does not fit someone, they are helped towards other support."),
    ),
    (
        "activity",
        "ac_weekly",
        _("There is at least one fixed activity every week at the same time and place."),
    ),
    (
        "activity",
        "ac_together",
        _("Participants themselves decide on and prepare the activities (shopping, cooking, making things)."),
    ),
    (
        "activity",
        "ac_roles",
        _("Everyone contributes as they are able; there are tasks for people with little energy too."),
    ),
    (
        "activity",
        "ac_informal",
        _("There is room for coffee and a chat: the activity is a means for contact, not a goal in itself."),
    ),
    (
        "activity",
        "ac_place",
        _("The location is easy to reach, has a low threshold and feels like the group's own place."),
    ),
    ("activity", "ac_rules", _("The group has made its own house rules, in positive words.")),
    (
        "social_worker",
        "sw_presence",
        _("The social worker is present and attentive, follows the group and does not take over."),
    ),
    (
        "social_worker",
        "sw_invites",
        _("The social worker invites people personally and welcomes newcomers warmly."),
    ),
    (
        "social_worker",
        "sw_translates",
        _("The social worker helps participants understand each other when contact is difficult."),
    ),
    (
        "social_worker",
        "sw_followup",
        _("The social worker looks up people who stay away and keeps the door open for their return."),
    ),
    (
        "social_worker",
        "sw_hours",
        _("The social worker has enough hours and a backup colleague who knows the group."),
    ),
    (
        "social_worker",
        "sw_reflection",
        _("The social worker reflects regularly with colleagues or a coach on the progress."),
    ),
    ("result", "re_core", _("There is a stable core of about fifteen participants who come regularly.")),
    ("result", "re_identity", _("The group has its own identity: participants speak of 'our group'.")),
    (
        "result",
        "re_reciprocal",
        _("Participants support each other: practically, emotionally and by keeping each other company."),
    ),
    ("result", "re_outside", _("Participants also meet each other outside the group's hours.")),
    (
        "result",
        "re_ownership",
        _("The group organises more and more itself and needs the social worker less."),
    ),
]
CHECKLIST_KEYS = [key for _group, key, _text in CHECKLIST]

PRECONDITIONS = [
    (
        "hours_agreed",
        _("Before the start, the organisation agreed on the hours the social worker can spend."),
    ),
    ("hours_budget", _("There is budget for at least 4 hours a week of the social worker for 18 months.")),
    ("backup", _("There is a backup colleague (achterwacht) who knows the group and can step in.")),
    ("location", _("There is a suitable, low-threshold location (for example a community centre).")),
    ("room", _("At the location the group has room in the figurative sense too: participants feel welcome.")),
    ("activity_budget", _("There is a budget for activities (on average about EUR 1,000 for the period).")),
    ("replacement", _("The cost of a replacement during illness or long leave is covered.")),
    (
        "partners",
        _(
            "There are good working relations with colleagues and partners (for example the neighbourhood team) for referrals."
        ),
    ),
    ("continuation", _("The network can continue as a permanent provision after the intervention period.")),
]
PRECONDITION_KEYS = [key for key, _text in PRECONDITIONS]

SUB_GOALS = [
    ("a", _("Participants feel invited and join.")),
    ("b", _("Participants experience taking part as meaningful.")),
    ("c", _("Participants contribute, as they are able, to organising the activities.")),
    ("d", _("Relations within the group are reciprocal.")),
    ("e", _("The group is a safe place to practise social skills.")),
    ("f", _("The group has its own identity: it is their group.")),
    ("g", _("Participants enjoy each other's company.")),
    ("h", _("Participants give each other emotional support.")),
    ("i", _("Participants give each other practical support.")),
]
SUB_GOAL_LETTERS = [letter for letter, _text in SUB_GOALS]
MAIN_GOAL = _("Isolation is relieved: participants are part of a network in which they support each other.")

SUCCESS_FACTORS = [
    ("worker_presence", _("a present, steady social worker")),
    ("own_ideas", _("participants bring their own ideas")),
    ("good_location", _("a good, welcoming location")),
    ("stable_core", _("a stable core group")),
    ("referrals", _("referrals from partners")),
    ("backup_known", _("a backup who knows the group")),
    ("shared_tasks", _("tasks shared by the group")),
    ("contacts_outside", _("contacts outside opening hours")),
]
FAILURE_FACTORS = [
    ("too_few_hours", _("too few hours of the social worker")),
    ("worker_change", _("change of social worker")),
    ("unsuitable_location", _("unsuitable or changing location")),
    ("few_referrals", _("few referrals")),
    ("dropouts", _("many dropouts")),
    ("conflicts", _("conflicts in the group")),
    ("worker_takes_over", _("the social worker takes over too much")),
    ("no_funding", _("uncertain funding")),
]
# Short forms for chart labels (at most 17 characters in every language); tables use the full text.
FACTOR_SHORT = {
    "worker_presence": _("present worker"),
    "own_ideas": _("own ideas"),
    "good_location": _("good location"),
    "stable_core": _("stable core"),
    "referrals": _("referrals"),
    "backup_known": _("known backup"),
    "shared_tasks": _("shared tasks"),
    "contacts_outside": _("contact outside"),
    "too_few_hours": _("too few hours"),
    "worker_change": _("worker change"),
    "unsuitable_location": _("poor location"),
    "few_referrals": _("few referrals"),
    "dropouts": _("many dropouts"),
    "conflicts": _("conflicts"),
    "worker_takes_over": _("worker takes over"),
    "no_funding": _("funding unsure"),
}
FACTOR_TEXT = dict(SUCCESS_FACTORS + FAILURE_FACTORS)
# Short names of the preconditions, for signals that list several in one line.
PRECONDITION_SHORT = {
    "hours_agreed": _("hours agreed"),
    "hours_budget": _("hours for the social worker"),
    "backup": _("backup (achterwacht)"),
    "location": _("location"),
    "room": _("room for the group"),
    "activity_budget": _("activity budget"),
    "replacement": _("replacement covered"),
    "partners": _("partners"),
    "continuation": _("continuation as a provision"),
}
