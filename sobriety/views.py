"""Web pages of the sobriety app, and its sections of the client's home and a supporter's page."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from circle import policy
from circle.models import Membership, Scope
from circle.policy import SELF, access_rule
from recoverycircle import humane
from recoverycircle.errors import form_error
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest
from sobriety import lapses, services
from sobriety.forms import LapseForm, SettingsForm, StartForm
from sobriety.models import Lapse, SobrietyStart


@access_rule(SELF)
@login_required
def overview(request: AuthedHttpRequest) -> HttpResponse:
    """My counts, milestones, lapses and lapse plan."""
    return render(
        request,
        "sobriety/overview.html",
        {
            "statuses": services.statuses(request.user),
            "lapses": lapses.lapses_of(request.user),
            "settings": services.settings_of(request.user),
            "lapse_plan": services.lapse_plan_of(request.user),
            "lapse_plan_url": services.lapse_plan_edit_url(),
        },
    )


@access_rule(SELF)
@login_required
def start(request: AuthedHttpRequest) -> HttpResponse:
    """Sets or corrects a start date, overall or for one substance."""
    starts = list(SobrietyStart.objects.filter(client=request.user))
    initial: dict[str, object] = {"start_date": services.today_of(request.user)}
    if starts:
        initial = {"start_date": starts[0].start_date, "substance": starts[0].substance}
    form = StartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.set_start(request.user, data["start_date"], data["substance"])
        except services.SobrietyError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Saved: %(label)s count since %(day)s.")
                % {"label": found.label, "day": humane.dated(found.start_date)},
            )
            return redirect("sobriety:overview")
    return render(
        request,
        "sobriety/start.html",
        {"form": form, "starts": starts},
        status=400 if form.errors else 200,
    )


@access_rule(SELF)
@login_required
def remove_start(request: AuthedHttpRequest, start_id: int) -> HttpResponse:
    """Asks first, then removes a count with the lapses written down for it."""
    try:
        found = services.own_start(request.user, start_id)
    except SobrietyStart.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        services.remove_start(request.user, start_id)
        messages.success(
            request, _("The %(label)s count is removed.") % {"label": found.label.lower()}
        )
        return redirect("sobriety:overview")
    return render(request, "sobriety/remove.html", {"start": found, "lapses": found.lapses.count()})


@access_rule(SELF)
@login_required
def settings(request: AuthedHttpRequest) -> HttpResponse:
    current = services.settings_of(request.user)
    # Bound on every POST: unticking the only box posts no field at all.
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"announce_milestones": current.announce_milestones},
    )
    if request.method == "POST" and form.is_valid():
        services.save_settings(request.user, form.cleaned_data["announce_milestones"])
        messages.success(request, _("Your sobriety settings are saved."))
        return redirect("sobriety:overview")
    return render(
        request,
        "sobriety/settings.html",
        {"form": form, "lapse_plan_url": services.lapse_plan_edit_url()},
        status=400 if form.errors else 200,
    )


def asked_date(value: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return fallback


@access_rule(SELF)
@login_required
def lapse(request: AuthedHttpRequest) -> HttpResponse:
    """Writes a lapse down, with the client's own lapse plan in view. Pre-filled with the date
    of a check-in that said "used"."""
    now = timezone.now()
    today = services.today_of(request.user, now)
    starts = list(SobrietyStart.objects.filter(client=request.user))
    form = LapseForm(
        request.POST or None,
        starts=starts,
        initial={"date": asked_date(request.GET.get("date"), today)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = lapses.record_lapse(
                request.user,
                data["date"],
                data["what_happened"],
                data["what_learned"],
                data["tell_circle"],
                start=data.get("start") or (starts[0] if starts else None),
                now=now,
                end_date=data["end_date"],
            )
        except services.SobrietyError as error:
            form_error(form, error)
        else:
            again = services.day_words(recorded.end_date + timedelta(days=1))
            written = _(
                "It's written down. Your new count runs from %(day)s, and every sober day "
                "you had before still counts."
            ) % {"day": again}
            if data["tell_circle"]:
                written += " " + _("Your supporters have been told, kindly.")
            messages.success(request, written)
            return redirect("sobriety:overview")
    return render(
        request,
        "sobriety/lapse.html",
        {
            "form": form,
            "lapse_plan": services.lapse_plan_of(request.user),
            "lapse_plan_url": services.lapse_plan_edit_url(),
            "starts": starts,
        },
        status=400 if form.errors else 200,
    )


@access_rule(SELF)
@login_required
def edit_lapse(request: AuthedHttpRequest, lapse_id: int) -> HttpResponse:
    """A lapse written down (on the lapse page or with a check-in): add what happened, change
    its days or count, share it now."""
    try:
        found = lapses.own_lapse(request.user, lapse_id)
    except Lapse.DoesNotExist:
        raise Http404 from None
    starts = list(SobrietyStart.objects.filter(client=request.user))
    form = LapseForm(request.POST or None, starts=starts, initial=lapse_initial(found))
    if found.told_circle:
        form.fields["tell_circle"].disabled = True
        form.fields["tell_circle"].help_text = _("Your supporters were told of this lapse.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lapses.change_lapse(
                request.user,
                found.pk,
                data["date"],
                data["end_date"],
                data["what_happened"],
                data["what_learned"],
                data["tell_circle"],
                start=data.get("start"),
            )
        except services.SobrietyError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Your lapse is saved. Every sober day you had still counts.")
            )
            return redirect("sobriety:overview")
    return render(
        request,
        "sobriety/lapse.html",
        {
            "form": form,
            "lapse": found,
            "lapse_plan": services.lapse_plan_of(request.user),
            "lapse_plan_url": services.lapse_plan_edit_url(),
            "starts": starts,
        },
        status=400 if form.errors else 200,
    )


def lapse_initial(lapse: Lapse) -> dict[str, object]:
    return {
        "start": lapse.start_id,
        "date": lapse.date,
        "end_date": lapse.end_date if lapse.end_date != lapse.date else None,
        "what_happened": lapse.what_happened,
        "what_learned": lapse.what_learned,
        "tell_circle": lapse.told_circle,
    }


@access_rule(SELF)
@login_required
def remove_lapse(request: AuthedHttpRequest, lapse_id: int) -> HttpResponse:
    """Asks first, then removes a lapse written down by mistake."""
    try:
        found = lapses.own_lapse(request.user, lapse_id)
    except Lapse.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        lapses.remove_lapse(request.user, found.pk)
        messages.success(request, _("The lapse is removed; its days count as sober again."))
        return redirect("sobriety:overview")
    return render(request, "sobriety/remove_lapse.html", {"lapse": found})


# Sections


def sobriety_on_home(user: User) -> Section:
    statuses = services.detect_milestones(user)
    return Section("sobriety/section_home.html", {"statuses": statuses}, order=15)


def sobriety_for_supporter(viewer: User, client: User, membership: Membership) -> Section | None:
    if not membership.has_scope(Scope.SOBRIETY):
        return None
    policy.read(viewer, client.pk, Scope.SOBRIETY, gettext_noop("sobriety count"))
    return Section(
        "sobriety/section_supporter.html",
        {"client": client, "statuses": services.statuses(client)},
        order=15,
    )
