"""The curated crisis phrases (English), kept as data so they can be reviewed without reading
code; Spanish ones are in crisis/phrases_es.py.

Sources. The phrases paraphrase the direct and indirect expressions of suicidal thinking, plans,
means, preparation and farewell, self-harm and deliberate overdose listed in the 988 Suicide &
Crisis Lifeline's "know the signs" material, the Columbia Suicide Severity Rating Scale
(C-SSRS) screener wording ("wish you were dead", "go to sleep and not wake up", "thoughts of
killing yourself", "started to work out the details"), SAMHSA's TIP 50 on suicidal thoughts in
substance use treatment, and common online shorthand ("kms", "unalive", "sewerslide").

Every pattern is a regular expression matched against *normalised* text (crisis/normalise.py):
lower case, no accents, contractions expanded ("don't" -> "do not", "gonna" -> "going to"),
common misspellings corrected ("sucidal" -> "suicidal"), single spaces, one clause at a time.
Negations, conditions, other people and the distant past are handled by crisis/detect.py.

Tiers (docs/crisis-detection.md): CLEAR is intent, a plan, the means or an act; POSSIBLE is
passive or ambiguous (a wish not to be alive, "can't go on"), answered with resources and a
direct question to the client.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SUICIDAL = "suicidal_ideation"
PASSIVE = "passive_ideation"
PLAN = "plan_or_means"
FAREWELL = "preparation_or_farewell"
SELF_HARM = "self_harm"
OVERDOSE = "overdose_intent"

CATEGORY_LABELS = {
    SUICIDAL: _("Thoughts of suicide"),
    PASSIVE: _("Wishing not to be alive"),
    PLAN: _("A plan or the means to end one's life"),
    FAREWELL: _("Saying goodbye or getting ready to die"),
    SELF_HARM: _("Hurting oneself"),
    OVERDOSE: _("Overdosing on purpose"),
}

CLEAR = "clear"
POSSIBLE = "possible"


@dataclass(frozen=True)
class Phrase:
    pattern: str
    category: str
    tier: str = CLEAR
    # A match followed by this is an idiom, not a crisis ("killing myself at the gym").
    unless_followed_by: str | None = None
    # …and one preceded by this (matched against the end of the clause before it).
    unless_preceded_by: str | None = None


ME = r"(?:myself|my self|meself)"
INTENT = (
    r"(?:want|wanted|wanting|going|need|needed|have|planning|plan|planned|trying|try|tried|"
    r"about|ready|decided|decide|thinking about|thinking of|urge|urges|tempted|hope|hoping|"
    r"gonna|deserve|mean|meant|promise)(?: to)?"
)
KILL_IDIOMS = (
    r" *(?:laughing|at (?:the |my )?(?:gym|work|job)|working|trying to|to (?:finish|get|make|pay)"
    r"|studying|for (?:a|an|this|the|my) |slowly|with (?:work|studying|workouts)|over (?:this|it))"
)
BY_ACCIDENT = (
    r" *(?:shaving|cooking|on (?:a|the|some|my|an)|while|by accident|accidentally|chopping|"
    r"lifting|at (?:the|work)|in the kitchen|making|with (?:a|the) (?:knife|stove|oven|pan))"
)
DRUGS = (
    r"(?:pills|pill|tablets|meds|medication|medications|medicine|tylenol|xanax|oxy|oxys|"
    r"oxycodone|percs|percocet|bars|benzos|sleeping pills|advil|ibuprofen|acetaminophen|"
    r"insulin|fentanyl|heroin|dope)"
)
ALOT = (
    r"(?:all|every one|every|everything|the whole|the entire|a whole|an entire|a handful|handfuls|"
    r"a bunch|way too many|too many|a lot|\d\d+|twenty|thirty|forty|fifty|a hundred)"
)
PLACES = (
    r"(?:bridge|roof|rooftop|building|train|bus|truck|car|traffic|cliff|balcony|window|"
    r"parking garage|overpass|tracks|train tracks|ledge|highway)"
)
WAKE_UP = r"(?:wake up|wake|make it through the night|make it to morning)"
NEG_FUTURE = r"(?:do not|will not|would not|never|did not|can not|could not)"

PHRASES: tuple[Phrase, ...] = (
    # Suicidal thoughts and intent, said outright
    Phrase(rf"kill(?:s|ed|ing)? {ME}", SUICIDAL, unless_followed_by=KILL_IDIOMS),
    Phrase(rf"(?:unalive|off|offing|end|ending|delete|deleting) {ME}", SUICIDAL),
    Phrase(r"(?:end|ending|ended|take|taking|took|lose) my (?:own )?life", SUICIDAL),
    Phrase(r"(?:end|ending) (?:it|things|everything) all|(?:end|ending) everything", SUICIDAL),
    Phrase(
        r"(?:end|ending) (?:it|things) (?:tonight|today|now|for good|this weekend|this week"
        r"|soon|tomorrow|forever|once and for all)",
        SUICIDAL,
    ),
    Phrase(r"(?:end|ending) (?:it|things)$", SUICIDAL, POSSIBLE),
    Phrase(
        r"(?:want|wanted|wanting|wish|ready|going|decided|deserve|need|plan|planning|"
        r"prepared|hope|hoping) to (?:just |really |simply )?die|(?:want|wanna) to be dead",
        SUICIDAL,
        unless_followed_by=(
            r" *(?:of (?:embarrassment|laughter|shame|boredom|cringe|old age)|laughing|in your"
            r" arms|happy|old|peacefully|at home|with you|for)"
        ),
    ),
    Phrase(
        r"suicid(?:e|es|al|ally|ality)",
        SUICIDAL,
        unless_followed_by=(
            r" *(?:prevention|awareness|rates?|statistics|stats|squad|doors?|bomb|bomber|"
            r"bombers|bombing|mission|hotline|lifeline|crisis line|warning signs|survivors?|"
            r"loss|solution|watch|risk)"
        ),
        unless_preceded_by=r"(?:died by|death by|lost \w+ to|loss to|prevent|preventing) $",
    ),
    Phrase(r"sewer ?slide|\bkms\b|killmyself", SUICIDAL, unless_preceded_by=r"\d ?$"),
    Phrase(r"end (?:my|all this|all of this|this) suffering", SUICIDAL),
    Phrase(
        rf"(?:hang|hanging|hanged|hung|shoot|shooting|shot|drown|drowning|stab|stabbing|stabbed"
        rf"|strangle|strangling|strangled|suffocate|suffocating|poison|poisoning|poisoned|"
        rf"electrocute|gas) {ME}",
        SUICIDAL,
        unless_followed_by=r" *in the foot",
    ),
    Phrase(
        rf"(?:jump|jumping|jumped|step|stepping|stepped|throw {ME}|throwing {ME}|leap|leaping)"
        rf" (?:off|from|in front of|into|under|onto) (?:a |the |that |this |my |of )?{PLACES}",
        SUICIDAL,
    ),
    Phrase(r"(?:jump|jumping|leap|leaping|step|stepping) off (?:it|of it|the edge)", SUICIDAL),
    Phrase(
        r"(?:drive|driving|crash|crashing|steer|steering|swerve|swerving) (?:my |the )?"
        r"(?:car |truck )?(?:into|off) (?:a |the |an )?(?:tree|wall|bridge|cliff|river|lake|"
        r"pole|truck|barrier|oncoming traffic|traffic)|crash (?:my|the) car on purpose",
        SUICIDAL,
    ),
    Phrase(r"(?:put|putting|held|hold|holding) (?:a|the|my) gun (?:to|in|against)", SUICIDAL),
    Phrase(r"gun (?:to|in|against) my (?:head|mouth|temple|chest)", SUICIDAL),
    # Plans and the means at hand
    Phrase(
        r"(?:have|got|made|making|make|with) a (?:suicide )?plan (?:to (?:die|end)|and (?:i )?"
        r"(?:know )?(?:when|how|where)|for (?:how|when))|(?:a|my|the) suicide plan",
        PLAN,
    ),
    Phrase(
        r"(?:know|decided|figured out|worked out|picked) (?:exactly )?(?:how|when|where) i"
        r" (?:am going to|will|would|want to|could|can) do it",
        PLAN,
    ),
    Phrase(
        r"(?:found|picked|chose|chosen|scouted) (?:the|a) (?:spot|place|day|date|time|method|way"
        r"|bridge|tree)(?: where| when)? (?:i am going to|i will|to|i can|i could) do it",
        PLAN,
    ),
    Phrase(
        r"the plan is (?:pills|the gun|a gun|rope|to (?:die|end it|jump|hang|overdose|od))",
        PLAN,
    ),
    Phrase(r"(?:the |a |my )?(?:rope|noose|cord) (?:is )?(?:ready|tied|set up|hanging)", PLAN),
    Phrase(r"\bnoose\b|(?:sewer slide|suicide) (?:method|methods)", PLAN),
    Phrase(r"know what i am going to do with (?:it|the rope|the gun|them)", PLAN),
    Phrase(
        r"(?:bought|buying|buy|got|getting|loaded|load|loading|cleaned|borrowed) (?:a |the |my "
        r"|dads |some )?(?:gun|pistol|revolver|handgun|shotgun|firearm|bullets|ammo)",
        PLAN,
        unless_followed_by=(
            r" *(?:for|to) (?:hunting|hunt|protection|the range|self defense|my job|work|the"
            r" shop)|(?: \w+)? (?:show|range|safe)"
        ),
    ),
    Phrase(
        r"(?:holding|held|grabbed|staring at|looking at) (?:a |the |my )?(?:razor|razor blade|"
        r"blade|blades|gun|noose|rope|pills) (?:right now|in my hand|again|for an hour|for hours)"
        r"|(?:holding|staring at) (?:the|a|my) (?:razor|blade|blades|gun|noose)$",
        PLAN,
    ),
    Phrase(
        rf"(?:saving|saved|save|stockpiling|stockpiled|stockpile|hoarding|hoarded|hoard|"
        rf"collecting|collected|stashing|stashed|storing|stored|counting|counted|lined up|lining"
        rf" up|hiding|hid) (?:up )?(?:out )?(?:all )?(?:of )?(?:my |the |some |these |those )?"
        rf"(?:\w+ )?{DRUGS}",
        PLAN,
        unless_followed_by=r" *(?:for (?:the )?(?:pharmacy|refill|doctor|trip|travel))",
    ),
    Phrase(rf"{DRUGS} (?:are |is )?(?:lined up|ready|counted out|saved up|stockpiled)", PLAN),
    Phrase(
        r"(?:lethal|fatal|deadly) (?:dose|doses|amount|amounts|combination|mix)|"
        r"(?:how|ways?|methods?) to (?:die|kill myself|end my life|commit suicide)|"
        r"(?:best|easiest|quickest|painless|fastest|surest) (?:way|ways|method|methods) to"
        r" (?:die|go|end it|do it)|die painlessly",
        PLAN,
        unless_followed_by=r" *(?:of|from) (?:natural|old|cancer)",
    ),
    Phrase(
        r"how (?:many|much) (?:\w+ ){0,3}(?:it takes|would it take|does it take|would take|"
        r"to take) to (?:die|kill|overdose|od|not wake up|stop)",
        PLAN,
    ),
    Phrase(
        r"(?:garage|car) (?:\w+ ){0,3}?with the (?:car|engine|motor) running|"
        r"(?:standing|sitting|i am) (?:on|at) (?:the|a) (?:ledge|edge|roof|bridge|tracks)"
        r"(?: \w+){0,3} right now",
        PLAN,
    ),
    # Preparation and farewell
    Phrase(
        r"(?:goodbye|suicide|farewell|final) (?:letter|letters|note|notes|message|messages|"
        r"video|videos)|(?:letters|notes) (?:for|to) (?:my )?(?:\w+ )?(?:to find|to read|"
        r"after i am gone)",
        FAREWELL,
    ),
    Phrase(
        r"(?:this is|this will be|this'll be|here is) my (?:last|final) (?:check ?in|message|"
        r"post|entry|note|text|words)",
        FAREWELL,
    ),
    Phrase(
        r"(?:said|saying|say) my (?:last )?goodbyes|this is goodbye|goodbye (?:everyone|"
        r"everybody|world|forever|all|cruel world)(?= *$| *(?:thank|i love|love|sorry|this))",
        FAREWELL,
    ),
    Phrase(
        r"(?:will not|am not going to) be (?:around|here|alive) (?:after|by|tomorrow|anymore|"
        r"much longer|for long|next week|to see)|(?:by the time|when) (?:anyone|you|someone|"
        r"they|somebody) (?:reads|read|finds|find|sees|see) this",
        FAREWELL,
    ),
    Phrase(
        r"(?:after|when|once) i am (?:gone|dead)",
        FAREWELL,
        unless_followed_by=r" *(?:for|on|to|at|from|in|away)\b",
    ),
    Phrase(
        r"(?:gave|giving|give|given) away (?:all )?my (?:things|stuff|belongings|possessions)|"
        r"(?:will not|wont) need (?:it|them|these|those|my \w+) (?:anymore|after|where)|"
        r"(?:will not|wont) need (?:it|them|these|those)$",
        FAREWELL,
    ),
    Phrase(r"(?:put|putting|get|getting|got) my affairs in order", FAREWELL),
    Phrase(r"tell (?:\w+ ){1,3}i loved (?:them|her|him|you)", FAREWELL),
    # Overdose on purpose
    Phrase(
        r"(?:overdose|overdosed|overdosing|od|oded|oding) (?:\w+ ){0,2}(?:on purpose|"
        r"intentionally|deliberately)|(?:took|take|taking|swallowed|swallow|ate|popped) (?:\w+ )"
        rf"{{0,4}}{DRUGS} (?:\w+ ){{0,3}}(?:on purpose|to die|to end it|hoping)",
        OVERDOSE,
    ),
    Phrase(
        rf"{INTENT} (?:overdose|od|oding|overdosing)\b|i (?:hope|hoping) (?:i|to) (?:overdose|od)",
        OVERDOSE,
        unless_followed_by=r" *(?:by accident|accidentally)",
    ),
    Phrase(
        rf"(?:took|take|taking|swallowed|swallow|ate|popped|pop|down|downed) {ALOT} (?:of )?"
        rf"(?:my |the |these |those |of my )?(?:\w+ ){{0,2}}?(?:{DRUGS}|bottle|pack|box|"
        rf"everything in (?:my|the) (?:\w+ )?cabinet)|(?:took|take|taking|swallowed|swallow) "
        rf"everything in (?:my|the) (?:\w+ )?(?:cabinet|drawer)",
        OVERDOSE,
        unless_followed_by=(
            r" *(?:today |this morning |tonight )?(?:like|as|on time|with food|the way)"
            r"|(?:\w+ ){0,3}(?:like|as) (?:prescribed|i am supposed|i should|the doctor|directed)"
        ),
    ),
    Phrase(
        r"(?:use|using|drink|drinking|shoot up|shooting up|snort|snorting|smoke|smoking|keep "
        r"using|keep drinking|party|binge) (?:\w+ ){0,3}?(?:until|till|til|untill|so) (?:i (?:die"
        r"|am dead|do not wake up|never wake up|stop breathing|will not wake up)|my heart "
        r"(?:stops|gives out|explodes)|it kills me)",
        OVERDOSE,
    ),
    Phrase(rf"(?:drink|drinking|drank|use|using|used) {ME} to death", OVERDOSE),
    Phrase(
        r"(?:shoot|shooting|shot) up (?:everything|all of it|all i had|all i have|the whole)|"
        r"hot ?shot|(?:mix|mixing|mixed) (?:\w+ ){1,6}(?:hoping|so|and hope|to) (?:that )?i "
        r"(?:will not|do not|would not|never) wake up",
        OVERDOSE,
    ),
    Phrase(
        rf"(?:enough|strong enough|big enough) (?:\w+ ){{0,4}}?(?:to|that i|so i|so that i) "
        rf"(?:die|kill me|do it|end it|not {WAKE_UP}|{NEG_FUTURE} {WAKE_UP}|make sure i "
        rf"{NEG_FUTURE} {WAKE_UP}|finish me(?: off)?|be done for good)",
        OVERDOSE,
    ),
    Phrase(
        rf"hoping (?:i|to) (?:will not|do not|would not|never|not) {WAKE_UP}",
        OVERDOSE,
    ),
    # Self-harm
    Phrase(
        rf"(?:cut|cutting|cuts|burn|burning|burned|burnt|hurt|hurting|harm|harming|scratch|"
        rf"scratching|scratched|hit|hitting|punch|punching|carve|carving|carved|bang|banging|"
        rf"banged|bruise|bruising|starve|starving|starved|punish|punishing) (?:{ME}|my (?:arm|"
        rf"arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|body|head|face|veins))",
        SELF_HARM,
        unless_followed_by=BY_ACCIDENT,
    ),
    Phrase(
        r"(?:slit|slitting|slice|slicing|slash|slashing|cut|cutting|open|opening) (?:open )?my "
        r"(?:wrists?|veins?|throat)",
        SELF_HARM,
    ),
    Phrase(
        r"(?:want|wanted|need|needed|urge|urges|going|about|planning|feel like|tempted|itching)"
        r" to (?:cut|burn|hurt|harm|bleed)(?= *$| (?:myself|again|tonight|so bad|right now|"
        r"really bad|deeper))",
        SELF_HARM,
    ),
    Phrase(
        r"self ?harm(?:ing|ed|s)?|self ?injur(?:y|ing|ed)",
        SELF_HARM,
        unless_followed_by=r" *(?:awareness|prevention|research|support group)",
    ),
    Phrase(
        r"(?:relapsed?|relapsing) (?:on|with|into) (?:cutting|self harm|sh|burning)|"
        r"^(?:i am |been |i have been |started |am )?(?:cutting|self harming|burning myself)"
        r" again|(?:on|into|against) my (?:arms?|wrists?|legs?|thighs?|skin) on purpose|"
        r"(?:hurt|harm|hurting|harming|cut|burned) (?:\w+ ){0,2}on purpose",
        SELF_HARM,
    ),
    # Passive or ambiguous: a wish not to be alive, hopelessness about living
    Phrase(
        r"(?:wish|wished|wishing) (?:that )?i (?:was|were|had been|could be|would be) (?:dead|"
        r"gone|not alive|not here|not born|never born)|wish (?:that )?i (?:had |would )?never"
        r" (?:been born|existed|woke up|wake up|wakeup)",
        PASSIVE,
        POSSIBLE,
        unless_followed_by=r" *(?:asleep|tired|to the world|drunk|on the beach|at)",
    ),
    Phrase(
        rf"(?:wish|hope|hoping|pray|praying) (?:that )?i (?:could )?(?:{NEG_FUTURE}|not|just not)"
        rf" (?:{WAKE_UP}|wake up again|wake up tomorrow)|wish i could (?:just )?(?:not wake up|"
        rf"sleep forever|go to sleep forever|disappear forever|stop existing|die|not exist)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:sleep|sleeping|go to sleep|fall asleep|to sleep|asleep) (?:and )?(?:never (?:wake|"
        r"wake up)|not wake up|forever|for ever|permanently|and not wake)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:do not|dont|never) want to (?:wake up|exist|be alive|be here|live|go on|keep going"
        r"|keep living|be around|be in this world)",
        PASSIVE,
        POSSIBLE,
        unless_followed_by=(
            r" *(?:early|at|in (?:this|that)|with|so early|before|on (?:this|that|the)|to (?:the"
            r"|that|this|a)|like (?:that|this (?:job|house))|there|near|without|in a world)"
        ),
    ),
    Phrase(
        r"(?:want|wanna|going|ready|trying|need|have) to (?:stop existing|not exist|cease to "
        r"exist|not be here|not be alive|disappear forever|disappear for good|vanish forever)|"
        r"(?:want|wanna|wish i could) (?:to )?(?:disappear|vanish)(?= *$| and never come back| "
        r"for good| forever| permanently| completely)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:tired|sick|exhausted|done) (?:of|with) (?:living|being alive|life|existing|being "
        r"here|waking up|breathing|this life)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:no|not any|nothing|zero|lost (?:all|any|the)) (?:point|reason|purpose|sense|will) "
        r"(?:in |to |of |for )?(?:living|live|life|being alive|going on|go on|keep going|keep "
        r"living|keeping going|staying alive|stay alive|waking up|being here|existing)|(?:what "
        r"is|whats|where is) (?:even )?the point (?:of|in) (?:living|life|being alive|going on|"
        r"anything|existing|waking up|any of it|being here)|(?:do not|can not|dont) see (?:the|"
        r"any) (?:point|reason) (?:in|of|to) (?:living|life|going on|anything|being alive|"
        r"trying|live|keep)|(?:do not|can not|dont) see the point (?:anymore|any more)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:life|living) (?:is|feels|seems) (?:not|no longer) worth (?:it|living)|not worth "
        r"living|(?:life|living|my life) (?:is|feels|seems) (?:pointless|meaningless|hopeless)|"
        r"(?:nothing|no one|nobody|noone) (?:left )?to live for|(?:no|nothing left to|not a "
        r"single|any|lost my) reasons? (?:to|for) (?:live|living|go on|keep going|keep living|"
        r"stay alive|be alive)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:not sure|unsure|do not know if|dont know if|doubt|do not think|no longer sure) (?:if "
        r"|whether |that )?i (?:want|wanna|can|could) (?:to )?(?:live|be alive|keep living|keep"
        r" going|go on|be here|stay alive)",
        PASSIVE,
        POSSIBLE,
        unless_followed_by=r" *(?:in|with|at|there|near|without) ",
    ),
    Phrase(
        r"can not (?:go on|keep going|keep living|do this|take it|take this|handle it|bear it|"
        r"live like this|keep doing this|stand it|handle this)(?: like this)? ?(?:anymore|any "
        r"more|any longer|no more)|(?:can not|can no longer) (?:go on|keep going|keep living|live)"
        r" (?:like this|this way)$|can not (?:go on|keep living)$",
        PASSIVE,
        POSSIBLE,
        unless_followed_by=r" *(?:with|at|in|on|without) ",
    ),
    Phrase(
        r"(?:want|wanna|wish|need) (?:for )?(?:it all|everything|all of this|all this|the pain|"
        r"this|it|life|my life) to (?:end|stop|be over)(?: forever| for good| permanently|$)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:better off|happier|better|easier|fine) (?:dead|without me|if i (?:was|were|am|had) "
        r"(?:dead|gone|not around|not here|never born|never been born|not alive)|with me gone|"
        r"once i am gone)|(?:better off|would be better) with (?:the|my) (?:life )?insurance",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:i am|i feel like|i feel|being) (?:such |just |only )?a (?:burden|waste)",
        PASSIVE,
        POSSIBLE,
        unless_followed_by=r" *of (?:time|money|space)",
    ),
    Phrase(
        r"(?:no one|nobody|noone|no body|none of them) (?:would|will|is going to|even) (?:even )?"
        r"(?:miss me|care|notice|cry|come to my funeral)(?: \w+){0,2}? (?:if|when) i (?:was|were|"
        r"am|died|die|disappeared|disappear|killed|was gone|did not wake up)|(?:no one|nobody|"
        r"noone) would (?:even )?(?:miss me|notice i am gone|notice if i was gone)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"feel like dying|(?:hope|hoping|pray|praying|wish) (?:that )?i (?:just |would |could )?"
        r"die(?! (?:peacefully|old|at|surrounded|happy|of old age))",
        PASSIVE,
        POSSIBLE,
        unless_followed_by=r" *(?:my|your|her|his|the) (?:hair|clothes|shirt)",
    ),
    Phrase(
        r"(?:i would|i had|i d) rather (?:be dead|die|just die|not be alive|not exist|not wake up"
        r"|be gone)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:do not|would not|will not|dont|wouldnt) (?:care|mind) if i (?:die|died|od|overdose|"
        r"overdosed|do not wake up|did not wake up|never wake up|never woke up|live or die|lived "
        r"or died|got hit|get hit|crash|crashed|was gone)|(?:would not|do not|wouldnt) (?:care|"
        r"mind) if (?:a|the) (?:truck|car|bus|train) (?:hit|hits|ran over|runs over|killed) me|"
        r"(?:would not|do not|wouldnt) mind (?:dying|being dead|not waking up)|if i (?:died|"
        r"die|did not wake up|was gone) (?:\w+ ){0,2}i (?:would not|do not|will not) (?:care|mind)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:be|am|would be) (?:ok|okay|fine|happy|relieved|at peace) (?:if|with) (?:i )?(?:died"
        r"|dying|not waking up|never woke up|did not wake up)|hope (?:it|this|that|they|the \w+)"
        r" (?:kills|will kill|would kill|finishes) me|(?:time|ready) to check out (?:for good|"
        r"permanently|early)|check out for good",
        PASSIVE,
        POSSIBLE,
    ),
)

# A negation governs a phrase when only these words stand between them: "I would never EVER
# kill myself", "not going to kill myself", "don't feel like I want to die", "no quiero morir".
BRIDGE_WORDS = frozenset(
    """i am is are was were be been being do does did will would could should might may can
    going to want wanna wanted feel feeling felt like think thinking thought about of
    planning plan trying try ever even really actually seriously truly at all anymore again
    have has had any intention intend intending wish need ready it that the a this
    so just gonna having getting right now today tonight
    yo me te se lo la le estoy estaba voy va a de que quiero queria quisiera pienso pensando
    en tengo tenia ganas planes plan intencion para realmente nunca jamas alguna vez siento
    sentia haria hacer he ha hay""".split()  # noqa: SIM905 (a word list reads better as text)
)
NEGATIONS = frozenset({"not", "never", "without", "nor", "neither", "nunca", "jamas", "ni", "sin"})
# English "no" negates only as "no plans to …", "no thoughts of …", "no way I'd …"; Spanish
# "no" negates the verb that follows it ("no quiero morir").
NO_OBJECTS = frozenset(
    """plan plans intention intentions desire desires urge urges thought thoughts way wish
    suicidal interest longer""".split()  # noqa: SIM905
)
SPANISH_AFTER_NO = frozenset(
    """quiero queria quisiera voy iba me te se lo la tengo tenia pienso pensaba estoy estaba he
    ha deseo puedo podria haria hare""".split()  # noqa: SIM905
)
# "never … more than today": "never" compares, it does not deny.
INTENSIFIERS = (
    r"\b(?:more|most|so much|this much|as much|so badly|this badly|as badly|so bad|this bad|"
    r"closer|this close|so close|as close|like (?:today|now|tonight|this)|than|tanto|tan|mas)\b"
)
