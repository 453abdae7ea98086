"""Extension points so each app plugs its pages into shared screens without editing them.

Apps append to these lists in their AppConfig.ready():
- NAVIGATION: (permission, url name, label) entries of the main menu.
- NETWORK_TABS: (permission, url name taking the network id, label) tabs on every network page.
- HOME_SECTIONS: callables (user) -> {"template": ..., **context}; each renders a block on the
  home page with a fixed number of queries.
- NETWORK_SECTIONS: callables (network, user) -> {"template": ..., **context}; each renders a small
  block (signals) on the network overview page with a fixed number of queries.
- NETWORK_CARD_SIGNALS: callables (user, networks queryset) -> {network id: (signal, ...)}; the
  needs-attention signals on the network cards, for all networks at once with a fixed number of
  queries. A signal has `kind`, `level`, `text`, `url` and `link_text` (quality.attention.Signal).
- PHASE_STEPS: callables (network, target phase) -> [expectation, ...]; what the intervention expects
  before a network moves to a phase and what the app already knows of it (networks.phases).
- PHASE_TASKS: callables (network, user) -> [task, ...]; the current phase's tasks from the
  intervention, ticked where the app knows they are done (networks.phases).
"""

from django.utils.translation import gettext_lazy as _

NAVIGATION: list[tuple[str, str, object]] = [
    ("network.view", "networks:list", _("Support networks")),
    ("participant.view", "people:list", _("Participants")),
    ("partner.view", "people:partners", _("Partners")),
    ("location.view", "accounts:locations", _("Locations")),
    ("user.manage", "accounts:users", _("Users")),
]

NETWORK_TABS: list[tuple[str, str, object]] = [
    ("network.view", "networks:detail", _("Overview")),
    ("participant.view", "people:network_participants", _("Participants")),
]

HOME_SECTIONS: list = []

NETWORK_SECTIONS: list = []

NETWORK_CARD_SIGNALS: list = []

PHASE_STEPS: list = []

PHASE_TASKS: list = []
