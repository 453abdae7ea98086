from django.shortcuts import render


def conflict_response(request, *, form, current, edit_url: str):
    """A 409 page that shows the stored version next to what the user typed; nothing is lost."""
    rows = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        mine = form.cleaned_data.get(name, form.data.get(name, ""))
        theirs = getattr(current, name, "")
        if hasattr(current, f"get_{name}_display"):
            theirs = getattr(current, f"get_{name}_display")()
        rows.append(
            {"label": field.label, "mine": mine, "theirs": theirs, "differs": str(mine) != str(theirs)}
        )
    return render(request, "core/conflict.html", {"rows": rows, "edit_url": edit_url}, status=409)
