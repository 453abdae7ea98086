import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.settings")
application = get_wsgi_application()

# Load every view module now, then move everything loaded at start-up out of the garbage
# collector's reach: otherwise each full collection walks those ~half a million objects again,
# a 100 ms pause every few dozen requests (docs/performance.md, "gc.freeze").
get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view module
gc.collect()
gc.freeze()
