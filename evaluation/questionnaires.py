"""The default questionnaire and the format an organisation uses to load its own wording.

The default items are written by us for Vangnet on the themes of taking part (meedoen). They are
not the wording of any licensed instrument; an organisation with a licence for such an instrument
loads that wording itself as a new questionnaire.

Upload format, JSON:
    {"name": "...", "description": "...", "questions": [
        {"kind": "scale", "code": "contact", "text": "...", "low": "...", "high": "..."},
        {"kind": "open", "code": "situation", "text": "..."}]}
or plain text, one question per line (lines starting with # are the name, empty lines are skipped):
    # Name of the questionnaire
    scale: contact | question text | meaning of 0 | meaning of 10
    open: situation | question text
("schaal:" may be used for "scale:".)
"""

from __future__ import annotations

import json
import re

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.files import clean_text

MAX_QUESTIONS = 40
CODE_RE = re.compile(r"^[a-z0-9_-]{1,40}$")
# Checked before anything is parsed or stored (issue 15): odd input is a message, never a 500.
MAX_CHARS = 200_000
MAX_DEPTH = 8  # {"questions": [{"text": ...}]} is 3 deep
MAX_LENGTHS = {"name": 200, "description": 2000, "text": 1000, "low": 200, "high": 200}


def _json_depth(content: str) -> int:
    """How deep objects and lists nest, counted without parsing (json.loads recurses per level)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in content:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _check_length(value: str, key: str, number: int | None = None) -> str:
    limit = MAX_LENGTHS[key]
    if len(value) <= limit:
        return value
    what = {
        "name": _("the name"),
        "description": _("the description"),
        "text": _("the question"),
        "low": _("the meaning of 0"),
        "high": _("the meaning of 10"),
    }[key]
    if number is None:
        raise ValidationError(
            capfirst(_("%(what)s is longer than %(n)s characters.") % {"what": what, "n": limit})
        )
    raise ValidationError(
        _("Question %(n)s: %(what)s is longer than %(limit)s characters.")
        % {"n": number, "what": what, "limit": limit}
    )


DEFAULT_NAME = "Meedoen (Vangnet)"
DEFAULT_DESCRIPTION = (
    "Zeven vragen over meedoen, eerst hoe het nu is en daarna hoe het een jaar geleden was, "
    "en drie open vragen. Geschreven voor Vangnet."
)
_LOW, _HIGH = "klopt helemaal niet", "klopt helemaal"
DEFAULT_QUESTIONS = [
    {
        "kind": "scale",
        "code": "contact",
        "text": "Ik heb regelmatig contact met andere mensen.",
        "low": _LOW,
        "high": _HIGH,
    },
    {
        "kind": "scale",
        "code": "serious",
        "text": "Anderen nemen mij serieus; er wordt naar mij geluisterd.",
        "low": _LOW,
        "high": _HIGH,
    },
    {
        "kind": "scale",
        "code": "together",
        "text": "Ik doe leuke dingen samen met anderen.",
        "low": _LOW,
        "high": _HIGH,
    },
    {
        "kind": "scale",
        "code": "support",
        "text": "Er zijn mensen bij wie ik terecht kan als ik iets nodig heb.",
        "low": _LOW,
        "high": _HIGH,
    },
    {
        "kind": "scale",
        "code": "belonging",
        "text": "Ik heb het gevoel dat ik ergens bij hoor.",
        "low": _LOW,
        "high": _HIGH,
    },
    {
        "kind": "scale",
        "code": "meaningful",
        "text": "Ik doe dingen die ik de moeite waard vind, voor mezelf of voor anderen.",
        "low": _LOW,
        "high": _HIGH,
    },
    {
        "kind": "scale",
        "code": "society",
        "text": "Ik ben benieuwd naar wat er in mijn buurt en in de wereld gebeurt.",
        "low": _LOW,
        "high": _HIGH,
    },
    {
        "kind": "open",
        "code": "situation",
        "text": "Hoe gaat het op dit moment met je? Wat is er het afgelopen jaar veranderd in je leven?",
    },
    {
        "kind": "open",
        "code": "taking-part",
        "text": "Hoe is het voor je om mee te doen aan de groep? Wat betekent de groep voor je?",
    },
    {
        "kind": "open",
        "code": "support-felt",
        "text": "Merk je dat je door de groep meer steun krijgt, of zelf anderen steunt? Kun je een voorbeeld geven?",
    },
]


def parse(content: str) -> dict:
    """Turn uploaded JSON or plain text into {"name", "description", "questions"}; ValidationError if unusable."""
    content = clean_text(content).strip()  # an import is an edge too: strip what XML cannot carry
    if not content:
        raise ValidationError(_("Paste or upload the questionnaire."))
    if len(content) > MAX_CHARS:
        raise ValidationError(
            _("The questionnaire is too long (at most %(n)s characters).") % {"n": MAX_CHARS}
        )
    if content.startswith("{"):
        if _json_depth(content) > MAX_DEPTH:
            raise ValidationError(_("The JSON is nested too deeply to be a questionnaire."))
        try:
            data = json.loads(content)
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("This is not valid JSON (line %(line)s): %(msg)s")
                % {"line": error.lineno, "msg": error.msg}
            ) from error
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            raise ValidationError(_('The JSON needs a list "questions".'))
        name = clean_text(str(data.get("name") or "")).strip()
        description = clean_text(str(data.get("description") or "")).strip()
        questions = data["questions"]
    else:
        name, description, questions = "", "", []
        for number, line in enumerate(content.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                name = name or line.lstrip("#").strip()
                continue
            kind, sep, rest = line.partition(":")
            kind = {"schaal": "scale"}.get(kind.strip().lower(), kind.strip().lower())
            parts = [p.strip() for p in rest.split("|")]
            if not sep or kind not in ("scale", "open"):
                raise ValidationError(_('Line %(line)s: start with "scale:" or "open:".') % {"line": number})
            expected = 4 if kind == "scale" else 2
            if len(parts) != expected:
                raise ValidationError(
                    _("Line %(line)s: expected %(n)s parts separated by |.") % {"line": number, "n": expected}
                )
            item = {"kind": kind, "code": parts[0], "text": parts[1]}
            if kind == "scale":
                item.update(low=parts[2], high=parts[3])
            questions.append(item)
    return {
        "name": _check_length(name, "name"),
        "description": _check_length(description, "description"),
        "questions": _check_questions(questions),
    }


def _check_questions(questions: list) -> list[dict]:
    if not questions:
        raise ValidationError(_("The questionnaire has no questions."))
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(_("At most %(n)s questions.") % {"n": MAX_QUESTIONS})
    cleaned, codes = [], set()
    for number, item in enumerate(questions, start=1):
        if not isinstance(item, dict):
            raise ValidationError(_("Question %(n)s is not readable.") % {"n": number})
        kind = str(item.get("kind", "")).strip().lower()
        code = str(item.get("code", "")).strip().lower()
        text = clean_text(str(item.get("text", ""))).strip()
        if kind not in ("scale", "open"):
            raise ValidationError(_('Question %(n)s: kind must be "scale" or "open".') % {"n": number})
        if not CODE_RE.match(code):
            raise ValidationError(
                _("Question %(n)s: the code may only hold small letters, digits, - and _ (at most 40).")
                % {"n": number}
            )
        if code in codes:
            raise ValidationError(
                _("Question %(n)s: the code %(code)s is used twice.") % {"n": number, "code": code}
            )
        if not text:
            raise ValidationError(_("Question %(n)s has no text.") % {"n": number})
        _check_length(text, "text", number)
        codes.add(code)
        entry = {"kind": kind, "code": code, "text": text, "low": "", "high": ""}
        if kind == "scale":
            entry["low"] = _check_length(clean_text(str(item.get("low", ""))).strip(), "low", number)
            entry["high"] = _check_length(clean_text(str(item.get("high", ""))).strip(), "high", number)
            if not entry["low"] or not entry["high"]:
                raise ValidationError(
                    _("Question %(n)s: a scale needs the meaning of 0 and of 10.") % {"n": number}
                )
        cleaned.append(entry)
    if not any(q["kind"] == "scale" for q in cleaned):
        raise ValidationError(_("The questionnaire needs at least one scale question."))
    return cleaned
