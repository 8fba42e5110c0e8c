"""Web pages of the contact log, and the home section "keeping in touch"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from circle.policy import SELF, access_rule
from contacts import services
from contacts.forms import ContactForm
from recoverycircle.errors import form_error
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest


@access_rule(SELF)
@login_required
def log(request: AuthedHttpRequest) -> HttpResponse:
    """My contact log: who I talked to and how, and when I last connected with each person."""
    initial = {"person": request.GET.get("person", "")}
    form = ContactForm(request.POST or None, client=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.log_contact(request.user, form.draft())
        except services.ContactError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Noted: you were in touch with %(name)s.") % {"name": entry.name}
            )
            return redirect("contacts:log")
    page = Paginator(services.log_of(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/log.html",
        {"form": form, "page": page, "summary": services.summary(request.user)},
        status=400 if form.errors else 200,
    )


@access_rule(SELF)
@login_required
@require_POST
def delete(request: AuthedHttpRequest, contact_id: int) -> HttpResponse:
    services.delete_contact(request.user, contact_id)
    messages.success(request, _("Removed from your log."))
    return redirect("contacts:log")


@access_rule(SELF)
@login_required
@require_POST
def nudges(request: AuthedHttpRequest) -> HttpResponse:
    # Only "1" and "0" count: a garbled form changes nothing.
    wanted = {"1": True, "0": False}.get(request.POST.get("enabled", ""))
    if wanted is None:
        messages.error(request, _("Choose on or off."))
    else:
        services.set_nudges(request.user, wanted)
        messages.success(
            request,
            _("Nudges are on.") if wanted else _("No more nudges. You can turn them on again."),
        )
    return redirect("contacts:log")


def keeping_in_touch(user: User) -> Section | None:
    people = services.last_contact_by_person(user)
    if not people:
        return None
    return Section("contacts/section_home.html", {"people": people}, order=30)
