"""Numbers and periods as a Dutch reader writes them: "minstens 0,25" (not "0.25"), "2026 K4" (not "Q4").

Django's min/max validators put the limit into the message with `%s`, which prints a Decimal with a
decimal point whatever the language. A field that has a fractional limit takes its messages from here:
`error_messages={"min_value": at_least(Decimal("0.25")), "max_value": at_most(80)}`. The text is made
when it is shown, in the language of that moment.
"""

from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.translation import gettext


def localised(value, decimals: int | None = None, *, grouping: bool = False) -> str:
    """A number with the language's decimal separator, without trailing zeros after it.

    The one helper for a number that goes into a translated sentence ("4,5 uur", "p = 0,012",
    "10.000 toekomsten"): `decimals` rounds first, `grouping` adds the thousands separator.
    """
    if decimals is not None:
        value = round(value, decimals)
    text = number_format(value, force_grouping=grouping)
    separator = number_format(0.5, 1)[1]
    if separator in text:
        text = text.rstrip("0").rstrip(separator)
    return text


def _at_least(value) -> str:
    return gettext("Enter %(limit)s or more.") % {"limit": localised(value)}


def _at_most(value) -> str:
    return gettext("Enter %(limit)s or less.") % {"limit": localised(value)}


at_least = lazy(_at_least, str)
at_most = lazy(_at_most, str)


def quarter_label(day) -> str:
    """'2026 K4' in Dutch, '2026 Q4' in English: the calendar quarter of `day`."""
    return gettext("%(year)s Q%(quarter)s") % {"year": day.year, "quarter": (day.month - 1) // 3 + 1}


def written_date(day) -> str:
    """The app's one date style in text: '1 dec 2026' (months in lowercase, as Dutch writes them)."""
    return date_format(day, "j b Y")
