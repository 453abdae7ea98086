"""The long downloads of Vangnet, one registration each (see jobs/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jobs.registry import register_view

# The research export registers itself (privacy/downloads.py, in the privacy app's ready()).

# ----- organisation-wide reports (their views make the file; the worker stores it) --------------------

register_view(
    "thematic_report",
    permission="evaluation.export",
    url_name="evaluation:thematic_report",
    title=gettext_lazy("Thematic report of the evaluation interviews (.docx)"),
)
register_view(
    "process_report",
    permission="quality.process",
    url_name="quality:process_docx",
    title=gettext_lazy("Process evaluation (.docx)"),
    query_params=("van", "tot"),
)

# The import of a large spreadsheet registers itself too (imports/jobs.py, in the imports app's ready()).
