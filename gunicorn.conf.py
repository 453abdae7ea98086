"""gunicorn settings read from the working directory by every `gunicorn` start (bin/serve, the browser
tests). The access log carries the path without its query string and no referrer: a search for a
participant's name (?q=...) would otherwise put that name in the log (docs/privacy.md: logs carry ids,
never names). Test: e2e/test_logs.py scans the log of a browser run for the demo's names."""

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
