"""Web pages of conversations: my threads, a thread, sending, editing, deleting, and the
client's choice of who is in the circle thread.

New messages appear without reloading by polling: the thread page asks every few seconds
for what changed since it last asked (HTMX `hx-trigger="every 5s"`), and the answer is
empty (204) when nothing did. Server-sent events would push faster, but each open page would
hold one of the web server's two worker processes (granian WSGI) for as long as it stays
open; a poll holds one for a few milliseconds. A thread between people who write a few
messages a day does not need more than a few seconds' latency.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from circle.policy import MEMBER, SELF, access_rule
from conversations import services
from conversations.access import MESSAGE, THREAD, message_for, thread_for
from conversations.concern import WHAT_TO_DO
from conversations.forms import CircleMembersForm, MessageForm, PollForm
from conversations.models import Message, Thread
from crisis.web import show_crisis_resources
from recoverycircle.errors import ServiceError, form_error, page_message
from recoverycircle.typing import AuthedHttpRequest

POLL_SECONDS = 5


@access_rule(SELF)
@login_required
@require_GET
def threads(request: AuthedHttpRequest) -> HttpResponse:
    summaries = services.threads_for(request.user)
    return render(
        request,
        "conversations/list.html",
        {
            "summaries": summaries,
            "has_circle": bool(services.active_circle(request.user)),
            "has_circle_thread": services.circle_thread(request.user) is not None,
        },
    )


def page_context(viewer: User, thread: Thread, **extra: Any) -> dict[str, Any]:
    shown = services.messages_of(thread)
    last = shown[-1].pk if shown else 0
    services.mark_read(viewer, thread, last)
    return {
        "thread": thread,
        "title": services.title_of(thread, viewer),
        "shown": shown,
        "editable": services.editable_ids(shown, viewer),
        "people": [p for p in services.people_in(thread) if p.pk != viewer.pk],
        "can_write": services.can_write(thread, viewer),
        "after": last,
        "since": timezone.now().isoformat(),
        "poll_seconds": POLL_SECONDS,
        "what_to_do": WHAT_TO_DO,
        **extra,
    }


@access_rule(MEMBER, through=THREAD, log=False)
@login_required
@require_GET
def thread(request: AuthedHttpRequest, thread_id: int) -> HttpResponse:
    found = thread_for(request.user, thread_id)
    context = page_context(
        request.user, found, form=MessageForm(), concern=request.GET.get("concern") == "1"
    )
    return render(request, "conversations/thread.html", context)


def updates(viewer: User, thread: Thread, after: int, since: datetime) -> dict[str, Any]:
    """What changed in the thread since the page last asked: new messages (now read) and
    edits or deletions of those it shows; and where the page stands afterwards."""
    now = timezone.now()
    fresh = services.messages_of(thread, after=after)
    changed = services.changed_since(thread, after, since)
    last = fresh[-1].pk if fresh else after
    if fresh:
        services.mark_read(viewer, thread, last)
    return {
        "thread": thread,
        "fresh": fresh,
        "changed": changed,
        "editable": services.editable_ids(fresh + changed, viewer, now),
        "after": last,
        "since": now.isoformat(),
        "poll_seconds": POLL_SECONDS,
        "what_to_do": WHAT_TO_DO,
    }


@access_rule(MEMBER, through=THREAD, log=False)
@login_required
@require_GET
def poll(request: AuthedHttpRequest, thread_id: int) -> HttpResponse:
    # The decision every time (a supporter paused a second ago is out), the log only when
    # something new is shown.
    found = thread_for(request.user, thread_id, log=False)
    marks = PollForm(request.GET)
    if not marks.is_valid():
        return HttpResponseBadRequest(_("Reload the page to see new messages."))
    after, since = marks.cleaned_data["after"], marks.cleaned_data["since"]
    context = updates(request.user, found, after, since)
    if not context["fresh"] and not context["changed"]:
        return HttpResponse(status=204)
    if any(m.author_id != request.user.pk for m in context["fresh"]):
        thread_for(request.user, thread_id)  # logs the read
    return render(request, "conversations/_poll.html", context)


@access_rule(MEMBER, through=THREAD, log=False)
@login_required
@require_POST
def send(request: AuthedHttpRequest, thread_id: int) -> HttpResponse:
    found = thread_for(request.user, thread_id)
    form = MessageForm(request.POST)
    sent = None
    if form.is_valid():
        try:
            sent = services.send(request.user, found, form.cleaned_data["text"])
        except ServiceError as error:
            form_error(form, error)
    if request.htmx:
        return sent_fragment(request, found, form, sent)
    if sent is None:
        context = page_context(request.user, found, form=form)
        return render(request, "conversations/thread.html", context, status=400)
    return after_save(request, found, sent)


def sent_fragment(
    request: AuthedHttpRequest, thread: Thread, form: MessageForm, sent: services.Sent | None
) -> HttpResponse:
    """For the page's own form: a fresh form (or the form with its error) and, out of band,
    what changed since the page last asked, the author's message included."""
    marks = PollForm(request.POST)
    if sent is None or not marks.is_valid():
        # A refused message keeps its words in the form; the page's next poll brings the rest.
        return render(request, "conversations/_form.html", {"thread": thread, "form": form})
    context = updates(
        request.user, thread, marks.cleaned_data["after"], marks.cleaned_data["since"]
    )
    context.update(form=MessageForm(), crisis=sent.crisis, concern=sent.concern, sent=True)
    return render(request, "conversations/_sent.html", context)


def after_save(request: AuthedHttpRequest, thread: Thread, sent: services.Sent) -> HttpResponse:
    url = reverse("conversations:thread", args=[thread.pk])
    if sent.crisis is not None:
        show_crisis_resources(request)
    if sent.concern is not None:
        url += "?concern=1"
    return redirect(f"{url}#message-{sent.message.pk}")


@access_rule(MEMBER, through=MESSAGE, log=False)
@login_required
def edit_message(request: AuthedHttpRequest, message_id: int) -> HttpResponse:
    message = message_for(request.user, message_id)
    try:
        services.own_message(request.user, message)
    except ServiceError as error:
        raise PermissionDenied(error.message) from None
    form = MessageForm(
        request.POST if request.method == "POST" else None, initial={"text": message.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.edit(request.user, message, form.cleaned_data["text"])
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Message changed."))
            return after_save(request, message.thread, sent)
    status = 400 if form.errors else 200
    context = {"form": form, "message": message, "thread": message.thread}
    return render(request, "conversations/edit.html", context, status=status)


@access_rule(MEMBER, through=MESSAGE, log=False)
@login_required
@require_POST
def delete_message(request: AuthedHttpRequest, message_id: int) -> HttpResponse:
    message: Message = message_for(request.user, message_id)
    try:
        services.delete(request.user, message)
    except ServiceError as error:
        page_message(request, error)
    else:
        messages.success(request, _("Message deleted."))
    return redirect("conversations:thread", message.thread_id)


@access_rule(SELF)
@login_required
def circle_members(request: AuthedHttpRequest) -> HttpResponse:
    """The client chooses who is in their circle thread."""
    choices = [(m.pk, str(m.supporter)) for m in services.active_circle(request.user)]
    initial = {"members": services.circle_choice(request.user)}
    form = CircleMembersForm(
        request.POST if request.method == "POST" else None, choices=choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            found = services.choose_circle(request.user, form.cleaned_data["members"])
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved. Everyone you chose can open the circle thread."))
            return redirect("conversations:thread", found.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "has_circle": bool(choices)}
    return render(request, "conversations/circle_members.html", context, status=status)
