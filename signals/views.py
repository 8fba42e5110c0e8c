"""The client's warning signals: seen first by the client, with their own plan beside them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from circle.policy import SELF, access_rule
from recoverycircle.errors import page_message
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest
from signals import plan_links, services
from signals.models import Signal
from signals.rules import Finding


def calls(client: User) -> list[tuple[str, str]]:
    from crisis.support import people_to_call

    return people_to_call(client)


def with_support(client: User, signals: list[Signal]) -> list[dict[str, object]]:
    rows = []
    for signal in signals:
        if signal.rule.startswith("crisis"):
            # Crisis: the crisis lines and the people to call, not everyday coping.
            rows.append({"signal": signal, "coping": [], "people": [], "calls": calls(client)})
            continue
        finding = Finding(signal.level, signal.title, signal.explanation, trigger_kinds=("",))
        coping, people = plan_links.support_for(client, finding)
        rows.append({"signal": signal, "coping": coping, "people": people})
    return rows


@access_rule(SELF)
@login_required
def signal_list(request: AuthedHttpRequest) -> HttpResponse:
    recent = list(Signal.objects.filter(client=request.user)[:50])
    return render(request, "signals/list.html", {"rows": with_support(request.user, recent)})


@access_rule(SELF)
@login_required
def signal_detail(request: AuthedHttpRequest, signal_id: int) -> HttpResponse:
    signal = services.visible_signal(request.user, signal_id)
    return render(request, "signals/detail.html", {"row": with_support(request.user, [signal])[0]})


@access_rule(SELF)
@login_required
@require_POST
def acknowledge(request: AuthedHttpRequest, signal_id: int) -> HttpResponse:
    try:
        services.acknowledge(request.user, signal_id, request.POST.get("note", ""))
    except services.SignalError as error:
        page_message(request, error)
        return redirect("signals:detail", signal_id)
    messages.success(request, _("Thank you for checking in with yourself. Noted."))
    return redirect("home")


def open_signals_section(user: User) -> Section | None:
    services.evaluate_if_due(user)
    signals = list(services.open_signals(user)[:5])
    if not signals:
        return None
    return Section("signals/_home.html", {"rows": with_support(user, signals)}, order=8)
