"""Web pages of sober events: my events, propose one, an event with its answers, answer,
cancel; the home section and the section on a supporter's page about a client."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from circle import members
from circle.models import Membership
from circle.policy import MEMBER, SELF, access_rule, granted, read
from events import services
from events.forms import EventForm, RSVPForm
from events.models import RSVP, Event
from recoverycircle.errors import form_error, page_message
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest

HOME_EVENTS = 5


@access_rule(SELF)
@login_required
def my_events(request: AuthedHttpRequest) -> HttpResponse:
    now = timezone.now()
    upcoming = list(services.events_for(request.user, now))
    past = list(services.events_for(request.user, now, past=True)[:20])
    services.log_event_reads(request.user, upcoming + past)
    return render(
        request,
        "events/list.html",
        {"upcoming": with_answers(upcoming, request.user), "past": past},
    )


@access_rule(MEMBER, log=False)  # a form to propose an activity reads nothing of the client's
@login_required
def new_event(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    """Propose an activity to the circle of `client_id` (my own, or one I support)."""
    client = granted(request).client
    form = EventForm(request.POST or None, client=client, organiser=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.propose(request.user, client.pk, form.draft())
        except services.EventError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Proposed. Everyone invited has been told."))
            return redirect("events:detail", event.pk)
    return render(
        request,
        "events/new.html",
        {"form": form, "client": client, "is_client": client.pk == request.user.pk},
        status=400 if form.errors else 200,
    )


def detail_context(user: User, event: Event, form: RSVPForm | None = None) -> dict[str, object]:
    answer = services.answer_of(event, user)
    return {
        "event": event,
        "when": services.when_text(event, user.zone),
        "answers": services.answers_for(event, user),
        "my_answer": answer,
        "form": form or RSVPForm(initial={"answer": answer or RSVP.Answer.YES}),
        "can_cancel": user.pk in {event.client_id, event.organiser_id},
        "is_over": event.ends_at <= timezone.now(),
    }


@access_rule(MEMBER, through=services.EVENT, log=False)
@login_required
@require_GET
def detail(request: AuthedHttpRequest, event_id: int) -> HttpResponse:
    event = services.visible_event(request.user, event_id)
    return render(request, "events/detail.html", detail_context(request.user, event))


@access_rule(MEMBER, through=services.EVENT, log=False)
@login_required
@require_POST
def answer(request: AuthedHttpRequest, event_id: int) -> HttpResponse:
    form = RSVPForm(request.POST)
    if form.is_valid():
        try:
            services.rsvp(request.user, event_id, form.cleaned_data["answer"])
        except services.EventError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Thanks for letting everyone know."))
            return redirect("events:detail", event_id)
    event = services.visible_event(request.user, event_id)
    return render(
        request, "events/detail.html", detail_context(request.user, event, form), status=400
    )


@access_rule(MEMBER, through=services.EVENT, log=False)
@login_required
@require_POST
def cancel(request: AuthedHttpRequest, event_id: int) -> HttpResponse:
    try:
        event = services.cancel(request.user, event_id)
    except services.EventError as error:
        page_message(request, error)
    else:
        messages.success(
            request,
            _("%(title)s is cancelled; those coming have been told.") % {"title": event.title},
        )
    return redirect("events:detail", event_id)


def with_answers(events: list[Event], user: User) -> list[tuple[Event, str]]:
    mine = dict(
        RSVP.objects.filter(event__in=events, person=user).values_list("event_id", "answer")
    )
    return [(e, mine.get(e.pk, "")) for e in events]


def events_on_home(user: User) -> Section | None:
    events = list(services.events_for(user)[:HOME_EVENTS])
    # Events in the circles I support are those clients' data: each listing is logged.
    for client_id in {e.client_id for e in events if e.client_id != user.pk}:
        read(user, client_id, None, gettext_noop("upcoming sober events"))
    has_circle = members.has_active_circle(user)
    if not events and not has_circle:
        return None  # nobody to plan anything with yet
    return Section(
        "events/section_home.html",
        {
            "events": with_answers(events, user),
            "answers": RSVP.Answer.choices,
            "has_circle": has_circle,
        },
        order=45,
    )


def events_with_client(viewer: User, client: User, membership: Membership) -> Section | None:
    if membership.status != Membership.Status.ACTIVE:
        return None
    read(viewer, client.pk, None, gettext_noop("sober events"))
    events = [e for e in services.events_for(viewer) if e.client_id == client.pk]
    return Section(
        "events/section_supporter.html",
        {"client": client, "events": with_answers(events, viewer)},
        order=60,
    )
