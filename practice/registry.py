"""Extension point of the network dashboard.

Other apps append callables (network, user) -> {"template": ..., **context} in their AppConfig.ready();
each is rendered as a block on the dashboard (e.g. quarterly support figures), with a fixed number of
queries.
"""

DASHBOARD_SECTIONS: list = []

# The session page: callables (network, activity, date, session) -> {"template": ..., "excused_ids": set, ...}
# from other apps (the group board's intentions and sign-ups). Each is rendered above the form; people in
# "excused_ids" start as excused on a session not recorded yet (the worker still records what happened).
SESSION_SECTIONS: list = []
