"""Short lessons for family members and partners, following Community Reinforcement and
Family Training (CRAFT). Written for this project in plain words; each lesson names the
sources it follows (docs/toolkit.md lists them). They teach skills from those sources and
make no clinical claim beyond them.

Shown on the home page of a supporter whose relationship is family or partner, and to any
signed-in person who opens the guidance pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MEYERS_WOLFE = (
    "Meyers, R. J. & Wolfe, B. L. (2004). Get Your Loved One Sober: Alternatives to Nagging, "
    "Pleading, and Threatening. Center City, MN: Hazelden."
)
SMITH_MEYERS = (
    "Smith, J. E. & Meyers, R. J. (2004). Motivating Substance Abusers to Enter Treatment: "
    "Working with Family Members. New York: Guilford Press."
)
MILLER_MEYERS_TONIGAN = (
    "Miller, W. R., Meyers, R. J. & Tonigan, J. S. (1999). Engaging the unmotivated in "
    "treatment for alcohol problems: a comparison of three strategies for intervention "
    "through family members. Journal of Consulting and Clinical Psychology, 67(5), 688-697."
)
ROOZEN = (
    "Roozen, H. G., de Waart, R. & van der Kroft, P. (2010). Community reinforcement and "
    "family training: an effective option to engage treatment-resistant substance-abusing "
    "individuals in treatment. Addiction, 105(10), 1729-1738."
)

ABOUT: tuple[str | Promise, ...] = (
    _(
        "CRAFT (Community Reinforcement and Family Training) teaches family members and "
        "partners skills to look after themselves and to make a life without using more "
        "rewarding for the person they care about, without confrontation."
    ),
    _(
        "In a trial, relatives trained in CRAFT helped their loved one start treatment more "
        "often (64%) than relatives who prepared a confrontational intervention (30%) or "
        "went to Al-Anon (13%); a later review of trials found the same direction."
    ),
    _(
        "These lessons are a short introduction written for this app, not therapy. A "
        "counsellor trained in CRAFT, or a family support group, can take you further."
    ),
)
ABOUT_SOURCES: tuple[str, ...] = (SMITH_MEYERS, MEYERS_WOLFE, MILLER_MEYERS_TONIGAN, ROOZEN)

# Relationships (circle.models.Relationship) whose home shows the lessons.
FOR_RELATIONSHIPS: tuple[str, ...] = ("family", "partner")


@dataclass(frozen=True)
class Link:
    name: str | Promise
    url: str
    what: str | Promise


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str | Promise
    summary: str | Promise
    paragraphs: tuple[str | Promise, ...]
    try_this: tuple[str | Promise, ...]
    sources: tuple[str, ...]
    links: tuple[Link, ...] = ()
    # A line for partners only, where the sources single out a partner's situation.
    for_partner: str | Promise = ""


FAMILY_SUPPORT = (
    Link(
        "Al-Anon Family Groups",
        "https://al-anon.org/",
        _("Mutual-help meetings for people affected by someone else's drinking."),
    ),
    Link(
        "Nar-Anon Family Groups",
        "https://www.nar-anon.org/",
        _("Mutual-help meetings for families and friends of people who use drugs."),
    ),
    Link(
        "SMART Recovery Family & Friends",
        "https://smartrecovery.org/family",
        _("Meetings and tools based on CRAFT, in person and online."),
    ),
    Link(
        _("SAMHSA National Helpline, 1-800-662-4357"),
        "tel:18006624357",
        _("Free, confidential, 24/7 treatment referral and information, also for families."),
    ),
)

SAFETY_LINKS = (
    Link(
        _("National Domestic Violence Hotline, 1-800-799-7233"),
        "tel:18007997233",
        _("24/7 support and safety planning; you can also text START to 88788."),
    ),
    Link(
        _("988 Suicide & Crisis Lifeline"),
        "tel:988",
        _("Call or text 988 if you or your loved one may be thinking of suicide."),
    ),
    Link("911", "tel:911", _("In immediate danger, call 911.")),
)

LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "positive-communication",
        _("Talk so it can be heard"),
        _("Short, kind and specific words work better than lectures or arguments."),
        (
            _(
                "CRAFT teaches family members a way of talking that makes a defensive answer "
                "less likely: keep it brief, say how you feel, name the behaviour rather than "
                "the person, and offer to help."
            ),
            _(
                "Choose a calm moment: not while they are using, tired or angry. Begin with "
                "something you appreciate. Say “I” rather than “you always”. "
                "End with something you can do together."
            ),
        ),
        (
            _(
                "Instead of “You're drinking again, you're ruining everything”, try "
                "“I love our evenings when you're sober. I felt lonely last night. Could "
                "we cook together on Friday?”"
            ),
            _("Write down one thing you want to say this week, and make it shorter."),
        ),
        (MEYERS_WOLFE, SMITH_MEYERS),
    ),
    Lesson(
        "reward-sober-time",
        _("Make sober time rewarding"),
        _("Notice and enjoy the times they are not using, in ways that matter to them."),
        (
            _(
                "CRAFT builds on a simple idea from the community reinforcement approach: a "
                "life without using has to be more rewarding than a life with it. Family "
                "members can add to that reward when their loved one is sober."
            ),
            _(
                "A reward can be small: your company, a favourite meal, a walk, a thank you. "
                "It works best straight after the sober time, and when it is something they "
                "actually like."
            ),
        ),
        (
            _("List three things your loved one enjoys that you could offer on a sober day."),
            _("Say what you noticed: “It was good to have you at dinner tonight.”"),
        ),
        (MEYERS_WOLFE, SMITH_MEYERS),
    ),
    Lesson(
        "natural-consequences",
        _("Let the natural consequences happen"),
        _("Stop shielding them from what using causes, when it is safe to do so."),
        (
            _(
                "Out of love, families often cover for someone who uses: calling in sick for "
                "them, paying the bills, tidying up after a night out. CRAFT asks you to "
                "step back from that, so the costs of using land where they belong."
            ),
            _(
                "This is not a punishment and not a threat. It is stopping the rescue, "
                "calmly, and only where nobody's safety is at risk."
            ),
        ),
        (
            _("Pick one thing you do that makes using easier, and plan to stop doing it."),
            _("Tell them kindly, at a sober moment, what you will no longer do, and why."),
        ),
        (MEYERS_WOLFE, SMITH_MEYERS),
    ),
    Lesson(
        "lapse-without-blame",
        _("When there is a lapse: no blame"),
        _("A slip is a moment to learn from, not proof that recovery failed."),
        (
            _(
                "Relapse prevention treats a lapse (a single return to use) as different "
                "from a relapse (a return to the old pattern). Shame and blame make the step "
                "from one to the other more likely; calm support makes it less likely."
            ),
            _(
                "Stay calm, keep yourself safe, and talk when they are sober. Ask what would "
                "help, and point back to their plan and their people. Their count restarts, "
                "but the days they stayed well still count."
            ),
        ),
        (
            _("Say: “I'm glad you told me. What can we do differently next time?”"),
            _("Avoid “I knew it” or bringing up past slips."),
        ),
        (MEYERS_WOLFE, SMITH_MEYERS),
    ),
    Lesson(
        "look-after-yourself",
        _("Look after yourself too"),
        _("Your own well-being matters, whatever your loved one decides."),
        (
            _(
                "CRAFT has two aims: helping a loved one toward treatment, and improving the "
                "family member's own life, whether or not the loved one changes."
            ),
            _(
                "Keep up the friendships, interests and rest that are yours. Talk to people "
                "who understand: other families in the same situation, or a counsellor."
            ),
        ),
        (
            _("Plan one thing this week that is just for you."),
            _("Try a family support meeting, in person or online."),
        ),
        (MEYERS_WOLFE, SMITH_MEYERS),
        links=FAMILY_SUPPORT,
    ),
    Lesson(
        "staying-safe",
        _("Staying safe"),
        _("No strategy comes before your safety or that of children at home."),
        (
            _(
                "CRAFT includes a check on whether anyone at home is at risk of violence, "
                "and plans for safety before the other steps. Stepping back or talking "
                "about using is only for moments when it is safe."
            ),
            _(
                "Know the warning signs that things may escalate, where you can go, who you "
                "can call, and keep your phone charged. Leave if you feel unsafe."
            ),
        ),
        (
            _("Write down a safe place to go and the number of someone who will take you in."),
            _("If anyone is in danger right now, call 911."),
        ),
        (MEYERS_WOLFE, SMITH_MEYERS),
        links=SAFETY_LINKS,
        for_partner=_(
            "As a partner, you can make a safety plan with the National Domestic Violence "
            "Hotline in confidence, whether or not there has been violence."
        ),
    ),
)

BY_SLUG: dict[str, Lesson] = {lesson.slug: lesson for lesson in LESSONS}


def lessons_for(relationships: set[str]) -> tuple[Lesson, ...]:
    """The lessons for someone who supports people in these relationships (none for a
    friend, sponsor or therapist: CRAFT was written for family members and partners)."""
    return LESSONS if relationships & set(FOR_RELATIONSHIPS) else ()
