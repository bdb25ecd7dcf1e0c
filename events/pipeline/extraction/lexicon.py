"""Closed word lists the rules are built from (English news style)."""

from __future__ import annotations

import re

# Verbs that introduce speech, in the forms news copy uses them.
SPEECH_VERBS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "noted",
    "notes",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "warned",
    "warns",
    "explained",
    "explains",
    "insisted",
    "insists",
    "continued",
    "continues",
    "declared",
    "declares",
    "wrote",
    "writes",
    "posted",
    "tweeted",
    "announced",
    "announces",
    "asked",
    "asks",
    "replied",
    "replies",
    "answered",
    "argued",
    "argues",
    "cautioned",
    "cautions",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "confirmed",
    "confirms",
    "remarked",
    "urged",
    "urges",
    "claimed",
    "claims",
    "vowed",
    "vows",
    "pledged",
    "suggested",
    "suggests",
    "recalled",
    "observed",
    "commented",
    "underlined",
    "underscored",
    "reiterated",
    "reiterates",
    "affirmed",
    "maintained",
    "concluded",
    "highlighted",
    "highlights",
    "described",
    "describes",
    "assured",
    "promised",
    "conceded",
    "predicted",
    "responded",
    "countered",
    "charged",
    "accused",
    "denied",
    "demanded",
    "complained",
    "lamented",
    "hailed",
    "praised",
    "welcomed",
)
SPEECH_VERB_SET = frozenset(SPEECH_VERBS)
SPEECH_VERB_RE = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))

PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "his": "m"}

# Words that make a capitalised sequence an organisation or place rather than a person.
ORG_WORDS = frozenset(
    """department ministry office house council forces force army front movement party organisation
    organization committee brigades brigade union nations agency authority government court assembly
    parliament congress senate commission bank fund group alliance league coalition police guard guards
    corps service services institute university center centre foundation news times post press agency
    company airlines network television radio channel palace kremlin pentagon administration cabinet
    embassy mission secretariat summit conference talks forum bureau program programme initiative
    directorate route peace declaration agreement accord plan process prize award act law treaty
    memorandum protocol framework charter convention road bridge street avenue square hall hotel
    palace stadium airport base platform format deal ceasefire headquarters command presidency chancellery
    ministries""".split()
)

# News outlets and platforms, folded (normalize_name): they "say" and are "told" things like people do
# ("told Al Jazeera", "Le Monde reported", "wrote on Telegram") but are never one.
MEDIA_NAMES = frozenset(
    """reuters afp ap tass interfax ria xinhua anadolu irna wam spa bloomberg axios politico cnn bbc nbc cbs abc
    fox ynet haaretz kan sky euronews dpa efe ansa kyodo yonhap sana mena ukrinform unian isna tasnim fars mehr
    sputnik rt cgtn nhk trt ndtv dawn aljazeera alarabiya rfi rferl dw nyt wsj ft npr pbs msnbc cnbc semafor
    x twitter telegram facebook instagram youtube tiktok whatsapp signal weibo wechat vk threads bluesky""".split()
) | frozenset(
    line.strip()
    for line in """al jazeera
    al arabiya
    al hadath
    al mayadeen
    al manar
    al ahram
    al akhbar
    al monitor
    al quds
    al araby al jadeed
    asharq al awsat
    the national
    gulf news
    khaleej times
    arab news
    middle east eye
    le monde
    le figaro
    le parisien
    liberation
    la repubblica
    corriere della sera
    el pais
    der spiegel
    die welt
    die zeit
    bild
    frankfurter allgemeine
    new york times
    washington post
    wall street journal
    financial times
    the guardian
    the times
    the telegraph
    the economist
    the independent
    times of israel
    jerusalem post
    yedioth ahronoth
    israel hayom
    channel 12
    channel 13
    i24 news
    sky news
    fox news
    france 24
    deutsche welle
    voice of america
    radio free europe
    associated press
    agence france presse
    press tv
    ria novosti
    rossiyskaya gazeta
    kommersant
    izvestia
    ukrainska pravda
    kyiv independent
    kyiv post
    daily sabah
    hurriyet
    global times
    peoples daily
    people s daily
    south china morning post
    times of india
    the hindu
    sudan tribune
    radio dabanga
    jeune afrique
    africanews
    truth social""".splitlines()
)

# Words of feasts and commemorations: "Independence Day", "Eid al-Fitr" are dates, not people.
CALENDAR_WORDS = frozenset(
    """day eid fitr adha ramadan christmas easter nowruz hanukkah passover diwali ashura yom kippur
    thanksgiving""".split()
)

# Nouns that say the capitalised name next to them is an outlet: "the Saudi daily Asharq Al-Awsat",
# "broadcaster Al Mayadeen", "Ukrainska Pravda newspaper".
MEDIA_NOUNS = frozenset(
    """daily newspaper paper broadcaster channel network agency outlet magazine weekly tabloid website
    station television tv radio podcast programme program show""".split()
)

# Words that start sentences or otherwise look like names but are not.
NOT_NAME_WORDS = frozenset(
    """the a an and or but if when while after before as at in on of for to by with from this that these
    those there here it its he she they we i you his her their our my your according despite however
    meanwhile also although though since until during monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december mr mrs ms
    dr sir lord lady madam reporters journalists officials sources state secretary minister president
    prime foreign last next earlier later many some several both all each every other another because will
    would can could should did does do is are was were has have had what why how who where which whose not no
    yes so then thus now still even just only unless yet either neither q""".split()
)

# Titles of a state's own offices: a holder with no stated side may take the one state their sentence names.
STATE_OFFICE_HEADS = (
    "president",
    "prime minister",
    "minister",
    "king",
    "queen",
    "emir",
    "amir",
    "chancellor",
    "premier",
    "crown prince",
    "sultan",
    "secretary of state",
    "foreign secretary",
    "ambassador",
    "sheikh",
    "prince",
)

# Title vocabulary: heads, domains that precede a head, and modifiers.
TITLE_HEADS = (
    "secretary of state",
    "secretary-general",
    "secretary general",
    "prime minister",
    "foreign minister",
    "minister",
    "president",
    "vice president",
    "vice-president",
    "premier",
    "chancellor",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "spokespeople",
    "special envoy",
    "envoy",
    "ambassador",
    "aide",
    "adviser",
    "advisor",
    "negotiator",
    "mediator",
    "emir",
    "amir",
    "king",
    "queen",
    "crown prince",
    "sheikh",
    "supreme leader",
    "commander-in-chief",
    "commander",
    "general",
    "leader",
    "chief of staff",
    "chief",
    "head",
    "director",
    "director-general",
    "official",
    "diplomat",
    "senator",
    "governor",
    "mayor",
    "speaker",
    "chairman",
    "chairwoman",
    "chairperson",
    "chair",
    "commissioner",
    "high representative",
    "high commissioner",
    "coordinator",
    "representative",
    "counterpart",
    "undersecretary",
    "under-secretary",
    "deputy",
    "lieutenant general",
    "major general",
    "field marshal",
    "marshal",
    "colonel",
    "sultan",
    "pope",
    "cardinal",
    "ayatollah",
    "mullah",
    "emissary",
    "prince",
    "princess",
    "permanent secretary",
    "minister of state",
    "lawmaker",
    "legislator",
    "member of parliament",
    "MP",
    "analyst",
    "researcher",
    "commentator",
    "negotiator",
    "delegate",
    "representative",
    "member",
    "politburo member",
    "bureau member",
)
TITLE_DOMAINS = (
    "foreign policy",
    "foreign affairs",
    "foreign",
    "defense",
    "defence",
    "interior",
    "finance",
    "economy",
    "energy",
    "justice",
    "security",
    "national security",
    "intelligence",
    "presidential",
    "military",
    "army",
    "government",
    "senior",
    "top",
    "peace",
    "chief",
    "lead",
    "deputy foreign",
    "state",
    "home",
    "trade",
    "health",
    "information",
    "press",
    "political",
    "regional",
    "communications",
    "white house",
)
TITLE_MODIFIERS = (
    "deputy",
    "vice",
    "acting",
    "senior",
    "special",
    "chief",
    "top",
    "former",
    "assistant",
    "first",
    "interim",
    "lead",
    "principal",
    "outgoing",
    "incoming",
    "then",
)

# Titles that a bare "the X" can refer back to; matched against a person's title.
TITLE_REFERENCE_HEADS = tuple(
    sorted({h for h in TITLE_HEADS} | {"foreign minister", "spokesperson"}, key=len, reverse=True)
)

# Future, conditional or negated forms: a meeting so described did not take place.
PLANNED_MARKERS = re.compile(
    r"\b(will|would|shall|could|might|may(?!\s+\d)|should|to be|is to|are to|was to|were to|expected to|"
    r"expects to|plan(?:s|ned)? to|planning to|due to|set to|scheduled to|hope[sd]? to|hoping to|"
    r"intends? to|going to|aims? to|seeks? to|wants? to|wanted to|offered to|proposed to|ready to|"
    r"willing to|invited|invitation|upcoming|next week|next month|tomorrow|did not|didn't|has not|hasn't|"
    r"have not|haven't|had not|never|no plans?|refused to|declined to|cancel(?:l)?ed|postponed|"
    r"possible|potential|would-be|proposed|if|unless)\b",
    re.IGNORECASE,
)

NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

# Honorifics that stand before a name but say nothing of the office ("Sheikh Mohammed ... Al Thani").
HONORIFICS = frozenset({"sheikh", "prince", "princess", "sir", "dame", "lord", "lady", "mr", "mrs", "ms", "dr"})

# Rooms and seats of government a report names instead of the city: (city, country as the gazetteer names it).
VENUES = {
    "white house": ("Washington", "United States"),
    "oval office": ("Washington", "United States"),
    "east room": ("Washington", "United States"),
    "rose garden": ("Washington", "United States"),
    "cabinet room": ("Washington", "United States"),
    "camp david": ("Camp David", "United States"),
    "kremlin": ("Moscow", "Russia"),
    "elysee": ("Paris", "France"),
    "élysée": ("Paris", "France"),
    "elysee palace": ("Paris", "France"),
    "élysée palace": ("Paris", "France"),
    "downing street": ("London", "United Kingdom"),
    "grand serail": ("Beirut", "Lebanon"),
    "ain al-tineh": ("Beirut", "Lebanon"),
    "baabda palace": ("Baabda", "Lebanon"),
    "dolmabahce palace": ("Istanbul", "Türkiye"),
    "dolmabahçe palace": ("Istanbul", "Türkiye"),
}

# "the war in Sudan", "the ceasefire in Gaza": the place a noun is about, not where anyone met.
ABOUT_PLACE_NOUNS = frozenset(
    """war wars fighting conflict crisis violence situation people civilians hostages troops forces ceasefire
    truce peace attacks strikes aid famine offensive fighters clashes settlements operations presence
    withdrawal interests ambassador envoy representative embassy""".split()
)
