"""The curated starter library of coping strategies: data in the repository, written for this
project in plain words, each with the published source it follows (docs/toolkit.md).

Each entry is tagged with the trigger kinds of the plan (plans.content.TRIGGER_KINDS) it
answers best, so the toolkit can suggest it next to the client's own triggers. The loader
(`toolkit.services.load_library`) copies keys, tags and order into the database after every
migrate; the words stay here, marked for translation, and are looked up by key.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ALL_KINDS: tuple[str, ...] = ("person", "place", "thing", "feeling", "time", "date")

MARLATT_GORDON = (
    "Marlatt, G. A. & Gordon, J. R. (Eds.) (1985). Relapse Prevention: Maintenance Strategies "
    "in the Treatment of Addictive Behaviors. New York: Guilford Press."
)
MARLATT_DONOVAN = (
    "Marlatt, G. A. & Donovan, D. M. (Eds.) (2005). Relapse Prevention: Maintenance "
    "Strategies in the Treatment of Addictive Behaviors (2nd ed.). New York: Guilford Press."
)
MBRP = (
    "Bowen, S., Chawla, N. & Marlatt, G. A. (2011). Mindfulness-Based Relapse Prevention for "
    "Addictive Behaviors: A Clinician's Guide. New York: Guilford Press."
)
MONTI = (
    "Monti, P. M., Kadden, R. M., Rohsenow, D. J., Cooney, N. L. & Abrams, D. B. (2002). "
    "Treating Alcohol Dependence: A Coping Skills Training Guide (2nd ed.). New York: "
    "Guilford Press."
)
BECK = (
    "Beck, A. T., Wright, F. D., Newman, C. F. & Liese, B. S. (1993). Cognitive Therapy of "
    "Substance Abuse. New York: Guilford Press."
)


@dataclass(frozen=True)
class LibraryEntry:
    key: str
    title: str | Promise
    how_to: str | Promise
    source: str
    kinds: tuple[str, ...]


LIBRARY: tuple[LibraryEntry, ...] = (
    LibraryEntry(
        "urge-surfing",
        _("Urge surfing"),
        _(
            "Treat the craving as a wave: it builds, peaks and falls, usually within 15 to 20 "
            "minutes, whether or not you act on it. Sit down, notice where you feel it in your "
            "body, and breathe with it. Describe it to yourself (tight chest, dry mouth) "
            "without fighting it or obeying it. Ride it until it is smaller."
        ),
        f"{MARLATT_GORDON} {MBRP}",
        ALL_KINDS,
    ),
    LibraryEntry(
        "play-the-tape-through",
        _("Play the tape through"),
        _(
            "When the craving tells you how good the first drink or hit will be, keep the film "
            "running past that moment: the next hour, the night, tomorrow morning, the people "
            "you would have to face. Say the ending out loud or write it down. The urge shows "
            "only the first scene; you know the rest."
        ),
        MARLATT_GORDON,
        ALL_KINDS,
    ),
    LibraryEntry(
        "halt",
        _("HALT: hungry, angry, lonely, tired?"),
        _(
            "Stop and ask yourself four questions: am I hungry, angry, lonely or tired? A "
            "craving often rides on one of them. Eat something, let the anger out safely (a "
            "walk, writing it down), call or sit with someone, or rest. Then see what is left "
            "of the urge."
        ),
        "A self-check from the twelve-step fellowships; Alcoholics Anonymous (1975), Living "
        "Sober. New York: Alcoholics Anonymous World Services.",
        ("feeling", "time"),
    ),
    LibraryEntry(
        "delay-distract-decide",
        _("Delay, distract, decide"),
        _(
            "Delay: promise yourself to wait 15 minutes before doing anything. Distract: fill "
            "those minutes with something that takes your hands and mind (a walk, a shower, a "
            "game, a chore). Decide: when the time is up, look at your reasons for recovery "
            "and decide again. Most urges have passed their peak by then."
        ),
        f"Puts the time-limited course of urges described by Marlatt & Gordon into three "
        f"steps. {MARLATT_GORDON}",
        ALL_KINDS,
    ),
    LibraryEntry(
        "sober-breathing-space",
        _("The SOBER breathing space"),
        _(
            "Stop where you are. Observe what is happening in your body, feelings and "
            "thoughts, without judging. Breathe: bring your attention to a few slow breaths. "
            "Expand your awareness to your whole body and the situation around you. Respond "
            "with a choice, rather than reacting on autopilot. It takes about three minutes "
            "and works anywhere."
        ),
        MBRP,
        ALL_KINDS,
    ),
    LibraryEntry(
        "call-someone",
        _("Call someone before you act"),
        _(
            "Pick up the phone before you pick up. Call or text one of the people on your "
            "plan and say it plainly: “I'm having a craving, can you talk for ten "
            "minutes?” You do not need a reason or a crisis. Saying the urge out loud to "
            "someone often takes half its strength away."
        ),
        f"Seeking social support as a coping response: {MARLATT_DONOVAN}",
        ("person", "feeling", "time", "date"),
    ),
    LibraryEntry(
        "leave-the-situation",
        _("Leave the situation"),
        _(
            "If you are somewhere that pulls you toward using, you are allowed to go. Have an "
            "exit line ready (“I have an early start”), know how you will get home, "
            "and go now rather than after one more. Leaving is a skill, not a failure."
        ),
        f"Avoiding and escaping high-risk situations: {MARLATT_GORDON}",
        ("place", "person", "thing"),
    ),
    LibraryEntry(
        "read-your-reasons",
        _("Read your reasons for recovery"),
        _(
            "Open your plan and read your own reasons for recovery, slowly, one by one. Keep "
            "a copy on your phone or wallet card. Ask: what would using tonight cost the "
            "things on that list?"
        ),
        f"Reviewing the pros and cons of using (decisional balance): {MARLATT_GORDON}",
        ALL_KINDS,
    ),
    LibraryEntry(
        "talk-back",
        _("Talk back to the craving thought"),
        _(
            "Catch the thought that gives permission (“just one won't hurt”, "
            "“I deserve it”) and answer it with what you know from experience. Write "
            "the answers on a card before you need them, so they are ready when the thought "
            "comes."
        ),
        f"Identifying and answering permission-giving beliefs with coping cards: {BECK}",
        ("feeling", "thing", "time"),
    ),
    LibraryEntry(
        "practise-refusing",
        _("Practise saying no"),
        _(
            "Decide before you go out what you will say when someone offers: a clear no, "
            "eye contact, a different drink in your hand, and a change of subject. Practise "
            "it out loud with someone you trust. You do not owe anyone an explanation."
        ),
        f"Drink refusal skills: {MONTI}",
        ("person", "place"),
    ),
    LibraryEntry(
        "change-the-cues",
        _("Change the route, remove the cues"),
        _(
            "Take another way home that avoids the bar or the dealer's street; delete the "
            "numbers you do not need; clear the house of what you used with. Fewer cues mean "
            "fewer cravings to ride."
        ),
        f"Stimulus control of cues to use: {MARLATT_GORDON}",
        ("place", "thing", "person"),
    ),
    LibraryEntry(
        "plan-the-hard-day",
        _("Plan the hard day ahead"),
        _(
            "For a payday, an anniversary or a holiday you know will be hard, write down "
            "the day in advance: where you will be, with whom, what you will do at the "
            "riskiest hour, and who you will call. Tell one person your plan."
        ),
        f"Coping with anticipated high-risk situations: {MARLATT_GORDON}",
        ("date", "time"),
    ),
    LibraryEntry(
        "move-your-body",
        _("Move your body for ten minutes"),
        _(
            "Go for a brisk walk, climb stairs or do a short workout. Getting up and moving "
            "changes where you are and what your body is doing while the craving passes."
        ),
        "Exercise lowered cravings in studies with people quitting smoking: Taylor, A. H., "
        "Ussher, M. H. & Faulkner, G. (2007). The acute effects of exercise on cigarette "
        "cravings, withdrawal symptoms, affect and smoking behaviour: a systematic review. "
        "Addiction, 102(4), 534-543.",
        ("feeling", "time", "place"),
    ),
    LibraryEntry(
        "go-to-a-meeting",
        _("Go to a meeting or call your sponsor"),
        _(
            "Find the next meeting, in person or online, and go, even if you only listen. "
            "If you have a sponsor or a recovery peer, call them on the way."
        ),
        "Twelve-step facilitation: Nowinski, J., Baker, S. & Carroll, K. (1992). Twelve Step "
        "Facilitation Therapy Manual. Rockville, MD: National Institute on Alcohol Abuse and "
        "Alcoholism (Project MATCH Monograph Series, Vol. 1).",
        ("feeling", "person", "time"),
    ),
)

BY_KEY: dict[str, LibraryEntry] = {entry.key: entry for entry in LIBRARY}
