from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Group, ModerationAction, Reaction, Report
from groups.posting import MAX_LENGTH
from groups.services import ALIAS_MAX, DEFAULT_GUIDELINES

ALIAS_HELP = _(
    "How the group will know you. Not your name or e-mail address: nobody in the group, "
    "moderators included, sees who you are."
)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=80)
    description = forms.CharField(
        label=_("What it is for"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    guidelines = forms.CharField(
        label=_("Guidelines every member accepts"),
        max_length=4000,
        initial=DEFAULT_GUIDELINES,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can join"),
        choices=Group.Visibility.choices,
        initial=Group.Visibility.OPEN,
        widget=forms.RadioSelect,
    )
    alias = forms.CharField(label=_("Your alias"), max_length=ALIAS_MAX, help_text=ALIAS_HELP)


class JoinForm(forms.Form):
    alias = forms.CharField(label=_("Your alias"), max_length=ALIAS_MAX, help_text=ALIAS_HELP)
    accept = forms.BooleanField(label=_("I have read the guidelines and will follow them"))


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Share with the group"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"), max_length=MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneForm(forms.Form):
    days = forms.TypedChoiceField(label=_("Milestone"), coerce=int)
    # Not "text": the page also holds the post form, and ids must stay unique.
    note = forms.CharField(
        label=_("A few words (optional)"),
        max_length=MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["days"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


A = ModerationAction.Action
# What a moderator's buttons say (the log says what was done: "Post hidden").
VERBS = {
    A.HIDE: _("Hide"),
    A.RESTORE: _("Restore"),
    A.REMOVE_POST: _("Remove"),
    A.DISMISS: _("Mark handled"),
    A.MUTE: _("Mute"),
    A.UNMUTE: _("Unmute"),
    A.REMOVE_MEMBER: _("Remove from the group"),
}
POST_ACTIONS = [(a.value, VERBS[a]) for a in (A.HIDE, A.RESTORE, A.REMOVE_POST, A.DISMISS)]
MEMBER_ACTIONS = [(a.value, VERBS[a]) for a in (A.MUTE, A.UNMUTE, A.REMOVE_MEMBER)]


class PostActionForm(forms.Form):
    action = forms.ChoiceField(choices=POST_ACTIONS)
    reason = forms.CharField(label=_("Reason (logged)"), max_length=500, required=False)


class MemberActionForm(forms.Form):
    action = forms.ChoiceField(choices=MEMBER_ACTIONS)
    reason = forms.CharField(label=_("Reason (logged)"), max_length=500, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need to know who this is (logged)"), min_length=10, max_length=500
    )
