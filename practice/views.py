import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from core import editing
from core.formatting import written_date
from people.models import ACTIVE_STAGES, Participant, Participation
from people.selectors import likely_duplicates
from practice import forms, selectors, services
from practice.models import Activity, FollowUp, HouseRule, LogEntry, Session
from practice.registry import DASHBOARD_SECTIONS, SESSION_SECTIONS
from practice.rules import STRUCTURAL_AFTER_DAYS


def _page(request, template: str, network, context: dict, status: int = 200):
    return render(request, template, {"network": network, **context}, status=status)


def _activity(network, activity_id: int) -> Activity:
    activity = Activity.objects.filter(network=network, pk=activity_id).first()
    if activity is None:
        raise Http404
    activity.network = network  # already read through the access layer: no second query
    return activity


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


# ----- activities and sessions ------------------------------------------------------------


@access.permission_required("practice.view")
def network_practice(request, network_id: int):
    network = access.get_network(request.user, network_id, "practice.view")
    return _page(request, "practice/network.html", network, selectors.network_practice(network=network))


@access.permission_required("practice.manage")
@require_http_methods(["GET", "POST"])
def activity_create(request, network_id: int):
    network = access.get_network(request.user, network_id, "practice.manage")
    form = forms.ActivityForm(
        request.POST or None, initial={"active_from": timezone.localdate()}, network=network
    )
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.activity_create(
            actor=request.user, network=network, **{k: v for k, v in data.items() if k != "version"}
        ),
        success_message=lambda activity: _("The activity %(name)s has been saved.") % {"name": activity.name},
        success_url=reverse("practice:network", args=[network.pk]),
    )
    if saved:
        _warn_too_long(request, form)
        return saved
    return _page(request, "practice/form.html", network, {"form": form, "title": _("New activity")})


def _warn_too_long(request, form) -> None:
    if form.too_long:
        messages.warning(request, _("This activity is longer than the advised 2.5 hours."))


@access.permission_required("practice.manage")
@require_http_methods(["GET", "POST"])
def activity_edit(request, network_id: int, activity_id: int):
    network = access.get_network(request.user, network_id, "practice.manage")
    activity = _activity(network, activity_id)
    form = forms.ActivityForm(
        request.POST or None, initial=editing.stored_values(activity, forms.ActivityForm), network=network
    )

    def save(cleaned):
        data = {k: v for k, v in cleaned.items() if k != "version"}
        services.activity_update(
            actor=request.user, activity=activity, expected_version=cleaned["version"] or 0, **data
        )
        return data["name"]

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=lambda name: _("The activity %(name)s has been saved.") % {"name": name},
        success_url=reverse("practice:network", args=[network.pk]),
    )
    if saved:
        _warn_too_long(request, form)
        return saved
    return _page(request, "practice/form.html", network, {"form": form, "title": activity.name})


@access.permission_required("practice.record")
@require_http_methods(["GET"])
def session_other_date(request, network_id: int, activity_id: int):
    """Record a session on a date that is not in the weekly rhythm (still inside the activity's period)."""
    network = access.get_network(request.user, network_id, "practice.record")
    activity = _activity(network, activity_id)
    form = forms.OtherDateForm(request.GET or None, network=network)
    if form.is_bound and form.is_valid():
        try:
            services.validate_session_date(activity, form.cleaned_data["date"])
        except ValidationError as error:
            editing.add_service_errors(form, error)
        else:
            return redirect(
                "practice:session", network.pk, activity.pk, form.cleaned_data["date"].isoformat()
            )
    return _page(request, "practice/other_date.html", network, {"form": form, "activity": activity})


def _support_url(request, session: Session | None) -> str | None:
    # SUPPORT HOOK: the support app records observations such as "X took Y to the hospital" from here.
    if session is None or not access.can(request.user, "support.record"):
        return None
    url = reverse("support:record", args=[session.network_id])
    return f"{url}?{urlencode({'sessie': session.pk, 'next': request.path})}"


@access.permission_required("practice.record")
@require_http_methods(["GET", "POST"])
def session(request, network_id: int, activity_id: int, day: str):
    network = access.get_network(request.user, network_id, "practice.record")
    activity = _activity(network, activity_id)
    date = _day(day)
    try:
        services.validate_session_date(activity, date)
    except ValidationError:
        raise Http404 from None
    where = {"network": network, "activity": activity, "date": date}
    # A save needs only the form's rows; the page around them is read when it is shown.
    data = (
        selectors.session_form_data(**where) if request.method == "POST" else selectors.session_page(**where)
    )
    form = forms.SessionForm(
        request.POST or None,
        rows=data["rows"],
        tasks=data["tasks"],
        session=data["session"],
        find_duplicates=lambda name: likely_duplicates(
            user=request.user, organisation_id=network.organisation_id, name=name
        ),
    )

    def save(cleaned):
        return services.session_record(
            actor=request.user,
            activity=activity,
            date=date,
            expected_version=cleaned["version"],
            token=cleaned["token"],
            marks=form.marks(),
            guests=cleaned["guests"] or 0,
            note=cleaned["note"],
            walk_ins=form.walk_ins(),
            read=data,
            walk_ins_known=form.walk_ins_known(),
        )

    def on_conflict(current):
        # Keep what this person typed, on top of the fresh state; saving again is their choice.
        fresh = selectors.session_page(**where)
        again = editing.form_again(
            lambda posted: forms.SessionForm(
                posted, rows=fresh["rows"], tasks=fresh["tasks"], session=current
            ),
            request.POST,
            versions={"version": current.version if current is not None else 0},
            message=_(
                "Someone else saved this session while you were filling it in. Nothing of yours has been saved "
                "yet. Your choices are still below; check them against the changes at the bottom and save again."
            ),
        )
        return _session_page(request, network, activity, date, fresh, again, status=409)

    def saved_message(result):
        if result.duplicate:
            return messages.INFO, _("This session was already saved.")
        return _("The session of %(date)s has been saved.") % {"date": written_date(date)}

    saved = editing.save_form(
        request,
        form,
        save=save,
        on_conflict=on_conflict,
        success_message=saved_message,
        success_url=reverse("practice:session", args=[network.pk, activity.pk, date.isoformat()]),
    )
    if saved:
        return saved
    if request.method == "POST":  # shown again with the errors at the fields
        data = selectors.session_page_details(data, **where)
        return _session_page(request, network, activity, date, data, form, status=400)
    return _session_page(request, network, activity, date, data, form)


def _session_page(request, network, activity, date, data: dict, form, *, status: int = 200):
    """The session page around its form: `data` is `selectors.session_page`'s read."""
    # Other apps' blocks (the group board's intentions); "Ik kan niet" starts as excused on a new session.
    data["extra_sections"] = [
        section(network, activity, date, data["session"]) for section in SESSION_SECTIONS
    ]
    if request.method == "GET" and data["session"] is None:
        for section in data["extra_sections"]:
            for pid in section.get("excused_ids", ()):
                if f"p{pid}_status" in form.fields:
                    form.fields[f"p{pid}_status"].initial = "excused"
    data["present_count"] = sum(
        1 for row in data["rows"] if row.attendance and row.attendance.status == "present"
    )
    data["can_cancel"] = not any(row.attendance for row in data["rows"]) and not (
        data["session"] and data["session"].status == "cancelled"
    )
    # The copy a device keeps for working without a connection (offline/) leaves out the change
    # history and the links that need a connection: only what recording the session needs.
    offline_copy = request.method == "GET" and request.headers.get("X-Vangnet-Offline") == "1"
    context = {
        "offline_copy": offline_copy,
        "activity": activity,
        "date": date,
        "form": form,
        "support_url": _support_url(request, data["session"]),
        "future": date > timezone.localdate(),
        "cancel_form": forms.CancelForm(
            initial={"version": data["session"].version if data["session"] else 0}
        ),
        **data,
    }
    return _page(request, "practice/session.html", network, context, status=status)


@access.permission_required("practice.record")
@require_POST
def session_cancel(request, network_id: int, activity_id: int, day: str):
    network = access.get_network(request.user, network_id, "practice.record")
    activity = _activity(network, activity_id)
    date = _day(day)
    form = forms.CancelForm(request.POST)
    session_page = reverse("practice:session", args=[network.pk, activity.pk, date.isoformat()])

    def on_conflict(_current):
        # The session page shows what the other person saved (usually presence: then it took place).
        messages.error(request, _("Someone else saved this session in the meantime; nothing was changed."))
        return redirect(session_page)

    saved = editing.save_form(
        request,
        form,
        on_conflict=on_conflict,
        save=lambda data: services.session_cancel(
            actor=request.user,
            activity=activity,
            date=date,
            reason=data["reason"],
            expected_version=data["version"] or 0,
        ),
        success_message=_("The session has been cancelled."),
        success_url=reverse("practice:network", args=[network.pk]),
    )
    if saved:
        return saved
    # The form is one field inside a fold of the session page: its problem is said at the top there.
    if "reason" in form.errors and not form.data.get("reason", "").strip():
        messages.error(request, _("Give a short reason, so the group knows why."))
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(session_page)


@access.permission_required("practice.manage")
@require_http_methods(["GET", "POST"])
def tasks(request, network_id: int):
    network = access.get_network(request.user, network_id, "practice.manage")
    form = forms.TaskForm(request.POST or None)
    if request.method == "POST":
        toggle = request.POST.get("toggle")
        if toggle:
            pk = access.object_id(toggle)
            task = network.tasks.filter(pk=pk).first() if pk is not None else None
            if task is None:
                raise Http404
            services.task_set_archived(task=task, archived=not task.archived)
            return redirect("practice:tasks", network.pk)
        saved = editing.save_form(
            request,
            form,
            save=lambda data: services.task_add(network=network, **data),
            success_message=lambda _task: None,  # the new task is in view on the page it returns to
            success_url=reverse("practice:tasks", args=[network.pk]),
        )
        if saved:
            return saved
    return _page(request, "practice/tasks.html", network, {"form": form, "tasks": list(network.tasks.all())})


# ----- stages (structural rule) -------------------------------------------------------------


@access.permission_required("route.record")
@require_http_methods(["GET", "POST"])
def stages(request, network_id: int):
    network = access.get_network(request.user, network_id, "route.record")
    if request.method == "POST":
        pk = access.object_id(request.POST.get("participation"))
        participation = (
            Participation.objects.filter(network=network, pk=pk, stage__in=ACTIVE_STAGES).first()
            if pk is not None
            else None
        )
        if participation is None:
            raise Http404
        if request.POST.get("action") == "release":
            services.stage_release(actor=request.user, participation=participation)
            messages.success(
                request,
                _("The app derives the stage of %(name)s again.") % {"name": participation.participant.name},
            )
        else:
            form = forms.StageForm(request.POST)
            if form.is_valid():
                try:
                    services.stage_confirm(
                        actor=request.user, participation=participation, stage=form.cleaned_data["stage"]
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(
                        request,
                        _("The stage of %(name)s has been saved.") % {"name": participation.participant.name},
                    )
        return redirect("practice:stages", network.pk)
    return _page(
        request,
        "practice/stages.html",
        network,
        {
            "participations": selectors.stage_overview(network=network),
            "stage_form": forms.StageForm(),
            "structural_after_days": STRUCTURAL_AFTER_DAYS,
        },
    )


# ----- logbook ----------------------------------------------------------------------------


@access.permission_required("logbook.view")
def logbook(request, network_id: int):
    network = access.get_network(request.user, network_id, "logbook.view")
    filters = forms.LogFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    entries = selectors.logbook(network=network, **criteria)
    return _page(
        request,
        "practice/logbook.html",
        network,
        {
            "filters": filters,
            "entries": entries[:200],
            "can_write": access.can(request.user, "logbook.write"),
        },
    )


def _network_participants(network):
    return Participant.objects.filter(participations__network=network, anonymised_at__isnull=True).order_by(
        "name"
    )


@access.permission_required("logbook.write")
@require_http_methods(["GET", "POST"])
def logentry_edit(request, network_id: int, entry_id: int | None = None):
    network = access.get_network(request.user, network_id, "logbook.write")
    entry = None
    if entry_id is not None:
        entry = LogEntry.objects.filter(network=network, pk=entry_id).first()
        if entry is None:
            raise Http404
    initial = (
        {"date": timezone.localdate()} if entry is None else editing.stored_values(entry, forms.LogEntryForm)
    )
    form = forms.LogEntryForm(
        request.POST or None,
        initial=initial,
        participants=_network_participants(network),
        network=network,
    )

    def save(cleaned):
        data = {k: cleaned[k] for k in ("date", "category", "text", "participants")}
        if entry is None:
            services.logentry_create(actor=request.user, network=network, **data)
        else:
            services.logentry_update(
                actor=request.user,
                entry=entry,
                expected_version=cleaned["version"] or 0,
                **data,
            )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("The logbook entry has been saved."),
        success_url=reverse("practice:logbook", args=[network.pk]),
    )
    title = _("New logbook entry") if entry is None else _("Logbook entry")
    return saved or _page(request, "practice/form.html", network, {"form": form, "title": title})


# ----- house rules ------------------------------------------------------------------------


@access.permission_required("practice.view")
def house_rules(request, network_id: int):
    network = access.get_network(request.user, network_id, "practice.view")
    context = selectors.house_rules(network=network) | {
        "can_manage": access.can(request.user, "practice.manage")
    }
    return _page(request, "practice/house_rules.html", network, context)


@access.permission_required("practice.manage")
@require_http_methods(["GET", "POST"])
def house_rule_edit(request, network_id: int, rule_id: int | None = None):
    network = access.get_network(request.user, network_id, "practice.manage")
    rule = None
    if rule_id is not None:
        rule = HouseRule.objects.filter(network=network, pk=rule_id).first()
        if rule is None:
            raise Http404
    initial = (
        {"agreed_on": timezone.localdate()}
        if rule is None
        else editing.stored_values(rule, forms.HouseRuleForm)
    )
    form = forms.HouseRuleForm(request.POST or None, initial=initial, creating=rule is None)

    def save(data):
        if rule is None:
            services.houserule_create(
                actor=request.user, network=network, text=data["text"], agreed_on=data["agreed_on"]
            )
        else:
            services.houserule_update(
                actor=request.user,
                rule=rule,
                expected_version=data["version"] or 0,
                text=data["text"],
                agreed_on=data["agreed_on"],
                withdrawn_on=data.get("withdrawn_on"),
            )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("The house rule has been saved."),
        success_url=reverse("practice:rules", args=[network.pk]),
    )
    title = _("New house rule") if rule is None else _("House rule")
    return saved or _page(request, "practice/form.html", network, {"form": form, "title": title})


# ----- follow-up --------------------------------------------------------------------------


@access.permission_required("followup.record")
def followups(request, network_id: int):
    network = access.get_network(request.user, network_id, "followup.record")
    return _page(request, "practice/followups.html", network, selectors.followup_list(network=network))


@access.permission_required("followup.record")
@require_http_methods(["GET", "POST"])
def followup(request, network_id: int, followup_id: int):
    network = access.get_network(request.user, network_id, "followup.record")
    item = (
        FollowUp.objects.filter(network=network, pk=followup_id)
        .select_related("participation__participant")
        .first()
    )
    if item is None:
        raise Http404
    today = timezone.localdate()
    action_form = forms.FollowUpActionForm(
        request.POST if request.POST.get("form") == "action" else None,
        initial={"date": today},
        opened_on=item.opened_on,
    )
    close_form = forms.FollowUpCloseForm(
        request.POST if request.POST.get("form") == "close" else None,
        initial={"date": today, "version": item.version},
        opened_on=item.opened_on,
        auto_id="close_%s",  # both forms have date and note: distinct ids keep every label working
    )
    saved = None
    if action_form.is_bound:
        saved = editing.save_form(
            request,
            action_form,
            save=lambda data: services.followup_add_action(actor=request.user, followup=item, **data),
            success_message=_("Saved what was done."),
            success_url=request.path,
        )
    elif close_form.is_bound:
        saved = editing.save_form(
            request,
            close_form,
            save=lambda data: services.followup_close(
                actor=request.user,
                followup=item,
                expected_version=data["version"] or 0,
                outcome=data["outcome"],
                date=data["date"],
                dropout_reason=data["dropout_reason"],
                referral_target=data["referral_target"],
                note=data["note"],
            ),
            success_message=_("The follow-up has been closed."),
            success_url=reverse("practice:followups", args=[network.pk]),
        )
    if saved:
        return saved
    status = 400 if request.method == "POST" else 200
    context = {
        "followup": item,
        "actions": list(item.actions.select_related("recorded_by")),
        "action_form": action_form,
        "close_form": close_form,
    }
    return _page(request, "practice/followup.html", network, context, status=status)


# ----- dashboard --------------------------------------------------------------------------


@access.permission_required("dashboard.view")
def dashboard(request, network_id: int):
    network = access.get_network(request.user, network_id, "dashboard.view")
    data = selectors.dashboard_data(network=network, user=request.user)
    # Other apps add their own blocks (e.g. quarterly support figures) through practice.registry.
    data["extra_sections"] = [section(network, request.user) for section in DASHBOARD_SECTIONS]
    return _page(request, "practice/dashboard.html", network, data)
