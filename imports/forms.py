import hashlib

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports import mapping as m
from imports.plan import Plan

NEW = "new"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy("A sheet of participants, an attendance list, or both (as two sheets)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt,.tsv"}),
        error_messages={"required": gettext_lazy("Choose a file.")},
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if too_large:  # the upload handler stopped reading (imports.uploads): no file, and the field says why
            self.fields["file"].error_messages = self.fields["file"].error_messages | {
                "required": _("The file is larger than %(mb)s MB. Split it into smaller files.")
                % {"mb": settings.IMPORT_MAX_BYTES // 1_000_000}
            }


def _column_field(header: str, letter: str, kind: str, initial: str) -> forms.ChoiceField:
    choices = [("", _("(do not import)"))] + [(key, str(label)) for key, label in m.fields_for(kind)]
    return forms.ChoiceField(
        label=_("Column %(col)s: %(header)s") % {"col": letter, "header": header or _("(no header)")},
        choices=choices,
        required=False,
        initial=initial,
    )


class MappingForm(forms.Form):
    """Per sheet its kind and what each column means (guessed; the user confirms or changes), and the
    activity the attendance belongs to."""

    def __init__(self, *args, batch, activities, **kwargs):
        super().__init__(*args, **kwargs)
        from core.files import column_letter

        self.batch = batch
        self.sheet_fields: list[dict] = []
        entries = batch.mapping.get("sheets") or []
        for i, sheet in enumerate(batch.sheets):
            entry = entries[i] if i < len(entries) else {"kind": m.SKIP, "columns": {}}
            kind = entry["kind"]
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("What is on this sheet?"), choices=[(k, str(v)) for k, v in m.KINDS], initial=kind
            )
            header = sheet["rows"][0]
            dates = m.date_columns_safe(header) if kind == m.ATTENDANCE_MATRIX else {}
            names = []
            for c, text in enumerate(header):
                if c in dates or kind == m.SKIP:
                    continue
                name = f"col_{i}_{c}"
                self.fields[name] = _column_field(
                    text, column_letter(c), kind, entry["columns"].get(str(c), "")
                )
                names.append(name)
            self.sheet_fields.append(
                {
                    "index": i,
                    "title": sheet["title"],
                    "kind_field": f"kind_{i}",
                    "column_fields": names,
                    "rows": len(sheet["rows"]) - 1,
                    "dates": sorted(dates.values()),
                    "kind": kind,
                    "sample": sheet["rows"][1:4],
                }
            )
        choices = (
            [("", _("choose..."))] + [(str(a.pk), a.name) for a in activities] + [(NEW, _("a new activity"))]
        )
        self.fields["activity"] = forms.ChoiceField(
            label=_("The attendance belongs to the activity"),
            choices=choices,
            required=False,
            initial=str(batch.mapping.get("activity") or (NEW if batch.mapping.get("activity_name") else "")),
        )
        self.fields["activity_name"] = forms.CharField(
            label=_("Name of the new activity"),
            max_length=120,
            required=False,
            initial=batch.mapping.get("activity_name", ""),
        )
        self.activities = {str(a.pk): a for a in activities}
        self.kind_changed = False

    def sheets_for_template(self):
        for entry in self.sheet_fields:
            yield {
                **entry,
                "kind_bound": self[entry["kind_field"]],
                "columns": [self[name] for name in entry["column_fields"]],
            }

    def clean(self):
        data = super().clean()
        sheets = []
        attendance = False
        for entry in self.sheet_fields:
            i = entry["index"]
            kind = data.get(f"kind_{i}") or m.SKIP
            header = self.batch.sheets[i]["rows"][0]
            if kind != entry["kind"]:  # another kind: guess its columns again and show them
                self.kind_changed = True
                sheets.append(
                    {"kind": kind, "columns": {str(c): f for c, f in m.guess_mapping(header, kind).items()}}
                )
                continue
            columns = {}
            for name in entry["column_fields"]:
                if value := data.get(name):
                    if value in columns.values():
                        self.add_error(name, _("Another column already has this meaning."))
                    columns[name.rsplit("_", 1)[1]] = value
            used = set(columns.values())
            if kind != m.SKIP and not used & {"name", "full_name"}:
                self.add_error(entry["kind_field"], _("Choose the column with the name."))
            if kind == m.ATTENDANCE_ROWS and "date" not in used:
                self.add_error(entry["kind_field"], _("Choose the column with the date."))
            if kind == m.ATTENDANCE_MATRIX and not entry["dates"]:
                self.add_error(entry["kind_field"], _("No columns with a date in the header were found."))
            attendance = attendance or kind in (m.ATTENDANCE_ROWS, m.ATTENDANCE_MATRIX)
            sheets.append({"kind": kind, "columns": columns})
        if all(s["kind"] == m.SKIP for s in sheets):
            self.add_error(None, _("Choose at least one sheet to import."))
        mapping = {"sheets": sheets, "activity": None, "activity_name": ""}
        if attendance and not self.kind_changed:
            choice = data.get("activity")
            if choice == NEW:
                name = (data.get("activity_name") or "").strip()
                if not name:
                    self.add_error("activity_name", _("Give the new activity a name."))
                elif any(a.name.lower() == name.lower() for a in self.activities.values()):
                    self.add_error(
                        "activity_name",
                        _("This network already has an activity with this name: choose it above."),
                    )
                mapping["activity_name"] = name
            elif choice in self.activities:
                mapping["activity"] = int(choice)
            else:
                self.add_error("activity", _("Choose the activity the attendance belongs to."))
        self.mapping = mapping
        return data


def match_field_name(ref: str) -> str:
    return "match_" + hashlib.sha256(ref.encode()).hexdigest()[:12]


class PreviewForm(forms.Form):
    """The decisions of the preview: for each row that matches someone in the network, the same
    person or a new one; and whether rows with problems are skipped."""

    skip_problems = forms.BooleanField(label=gettext_lazy("Skip the rows with problems"), required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.matched = []
        for person in plan.matched_people:
            name = match_field_name(person.ref)
            choices = [
                (str(e.participant_id), _("the same person as %(name)s") % {"name": e.full_name or e.name})
                for e in person.matches
            ] + [(NEW, _("a new person"))]
            self.fields[name] = forms.ChoiceField(
                label=person.label,
                choices=choices,
                widget=forms.RadioSelect,
                initial=str(person.existing_id) if person.existing_id else NEW,
            )
            self.matched.append((person, name))

    def decisions(self) -> dict:
        source = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {person.ref: source.get(name) for person, name in self.matched if source.get(name)}

    def matched_rows(self):
        return [(person, self[name]) for person, name in self.matched]
