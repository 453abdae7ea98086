"""Extension point of the network dashboard.

Other apps append callables (network, user) -> {"template": ..., **context} in their AppConfig.ready();
each is rendered as a block on the dashboard (e.g. quarterly support figures), with a fixed number of
queries.
"""

DASHBOARD_SECTIONS: list = []
