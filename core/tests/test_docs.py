"""The documentation stands alone: every link in the README and docs/ points into the repository."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_no_document_links_outside_the_repository():
    outside = []
    for document in DOCUMENTS:
        text = document.read_text()
        if "shared/DOMAIN" in text or "/work/" in text:
            outside.append(f"{document.name}: names a file outside the repository")
        for target in LINK.findall(text):
            if target.startswith("#"):
                continue
            if target.startswith(("http://", "https://", "mailto:")):
                outside.append(f"{document.name}: {target}")
                continue
            path = (document.parent / target.split("#")[0]).resolve()
            if ROOT.resolve() not in path.parents or not path.exists():
                outside.append(f"{document.name}: {target}")
    assert outside == []


def test_the_intervention_is_described_in_the_repository():
    text = (ROOT / "docs" / "intervention.md").read_text()
    for topic in ("Verkenning", "Opbouw", "Verdieping", "achterwacht", "post-then-pre", "member check"):
        assert topic in text
    assert "docs/intervention.md" in (ROOT / "README.md").read_text()
