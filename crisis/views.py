"""Web pages of the crisis app: the question asked after a possible crisis, answered in one tap.

The public crisis page stays at /crisis/ (recoverycircle.views.crisis); other pages show the
same lines with `{% include "crisis/_resources.html" %}`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import User
from circle.policy import SELF, access_rule
from crisis import services
from crisis.models import CrisisEvent
from recoverycircle.errors import page_message
from recoverycircle.sections import Section
from recoverycircle.typing import AuthedHttpRequest

THANKS = {
    CrisisEvent.Answer.YES: _(
        "Thank you for telling us. The people your plan names for moments like this are being "
        "told now. Please call or text 988 while you wait: you deserve support right now."
    ),
    CrisisEvent.Answer.NO: _(
        "Thank you for answering. The crisis lines are here whenever you need them, day or night."
    ),
    CrisisEvent.Answer.DECLINED: _(
        "That's okay. The crisis lines are here for you now. If we don't hear more from you, "
        "the people your plan names for moments like this will be asked to check in with you."
    ),
}


@access_rule(SELF)
@login_required
@require_POST
def answer(request: AuthedHttpRequest, event_id: int) -> HttpResponse:
    try:
        event = services.answer_question(request.user, event_id, request.POST.get("answer", ""))
    except services.QuestionError as error:
        page_message(request, error)
    else:
        messages.info(request, str(THANKS[CrisisEvent.Answer(event.answer)]))
    return redirect("home")


def question_section(user: User) -> Section | None:
    waiting = list(services.pending_questions(user)[:3])
    if not waiting:
        return None
    return Section("crisis/_home_question.html", {"questions": waiting}, order=1)
