"""Common early warning signs, offered as suggestions while a client writes their own.

Source: paraphrased from Terence Gorski's relapse warning sign list (CENAPS model: the phases
from internal change and denial to loss of control) and from Marlatt & Gordon's relapse
prevention model ("seemingly irrelevant decisions", lifestyle imbalance, urges, the abstinence
violation effect). These are prompts, not a checklist: a sign counts only when the client
recognises it in their own life, and is best rewritten in their own words.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WARNING_SIGNS: tuple[str | Promise, ...] = (
    _("Sleeping badly, or much more than usual"),
    _("Skipping meals or eating poorly"),
    _("Feeling restless, irritable or on edge"),
    _("Isolating: avoiding friends, family or my sponsor"),
    _("Skipping meetings, therapy or appointments"),
    _("Keeping secrets or telling small lies"),
    _("Thinking 'I can handle just one'"),
    _("Remembering using as only good times"),
    _("Getting defensive when someone asks how I am"),
    _("Feeling bored, empty or lonely most of the day"),
    _("Feeling overwhelmed and stuck on problems"),
    _("Blaming others, or feeling sorry for myself"),
    _("Making plans that put me near alcohol or drugs ('just to see old friends')"),
    _("Carrying extra cash, or keeping a contact I don't need"),
    _("Stopping the routines that keep me well"),
    _("Overworking, or doing everything to avoid feeling"),
    _("Mood swings I can't explain"),
    _("Thinking my recovery is done and I can stop trying"),
    _("Cravings coming more often or lasting longer"),
    _("Not taking my medication as prescribed"),
    _("Arguing more with the people close to me"),
    _("Feeling that nobody understands or can help"),
)
