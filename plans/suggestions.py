"""Common early warning signs, offered as suggestions while a client writes their own.

Source: paraphrased from Terence Gorski's relapse warning sign list (CENAPS model: the phases
from internal change and denial to loss of control) and from Marlatt & Gordon's relapse
prevention model ("seemingly irrelevant decisions", lifestyle imbalance, urges, the abstinence
violation effect). These are prompts, not a checklist: a sign counts only when the client
recognises it in their own life, and is best rewritten in their own words.
"""

from __future__ import annotations

WARNING_SIGNS: tuple[str, ...] = (
    "Sleeping badly, or much more than usual",
    "Skipping meals or eating poorly",
    "Feeling restless, irritable or on edge",
    "Isolating: avoiding friends, family or my sponsor",
    "Skipping meetings, therapy or appointments",
    "Keeping secrets or telling small lies",
    "Thinking 'I can handle just one'",
    "Remembering using as only good times",
    "Getting defensive when someone asks how I am",
    "Feeling bored, empty or lonely most of the day",
    "Feeling overwhelmed and stuck on problems",
    "Blaming others, or feeling sorry for myself",
    "Making plans that put me near alcohol or drugs ('just to see old friends')",
    "Carrying extra cash, or keeping a contact I don't need",
    "Stopping the routines that keep me well",
    "Overworking, or doing everything to avoid feeling",
    "Mood swings I can't explain",
    "Thinking my recovery is done and I can stop trying",
    "Cravings coming more often or lasting longer",
    "Not taking my medication as prescribed",
    "Arguing more with the people close to me",
    "Feeling that nobody understands or can help",
)
