"""Extraction throughput and report-deduplication figures on generated reports: prints, asserts nothing.

Runs against PostgreSQL in a throw-away database (created and dropped here) on the configured server:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations .venv/bin/python benchmarks/extraction_dedup.py \
        [--reports 2000] [--sizes 10000,100000] [--queries 300] [--seed 1] [--skip extraction,lookup,detection]

Reports are generated from a grammar (many sentence shapes; people, titles, states, cities, numbers and
quotes drawn from vocabularies and combined clause by clause), so no two stories share long word runs by
accident: templated text would collide in the LSH bands and make the lookup timing meaningless.
A known share of them are edited copies of an earlier report (new headline, dateline, boilerplate, a
paragraph dropped or the story cut short, typos, another spelling of a name), rewritten copies (another
outlet's rewrite: synonyms, sentences and paragraphs reordered, a sentence added) and look-alikes
(another story about the same talks sharing two background paragraphs).

Prints:
1. extraction throughput (normalize + extract_report, one process) over the generated plain-text reports
   and over the hand-written corpus (tests/data/seed, tests/data/reports);
2. duplicate lookup time (signature, one indexed band query, verification) at each stored size; the
   stored reports are generated texts whose bands are inserted in bulk;
3. precision and recall of duplicate detection over the generated set, each report submitted and
   processed through the real services (report_submit + report_process, extraction stubbed out there).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks._throwaway_db import throwaway_database_create, throwaway_database_drop  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
os.environ.setdefault("TEST_DB_NAME", f"bench_neg_dedup_{os.getpid()}")

# --- A grammar of news reports about negotiations -------------------------------------------------

FIRST = """Adam Alina Amir Anna Antonio Ayse Bashir Boris Carlos Chen Daniel Dmitri Elena Emre Farid Fatima
Gabriel Hana Hassan Ibrahim Ines Ivan Jamal Jana Jonas Karim Kenji Laila Lars Leila Marco Maria Mehmet
Miriam Mustafa Nadia Nikolai Noor Olga Omar Pavel Rania Rashid Samir Sara Sergio Sofia Tariq Tomas Yasmin
Yusuf Zainab Andrzej Bogdan Celine Dario Ewa Filip Goran Hugo Ilse Joao Kofi Lucia Moussa Nour Oscar""".split()
LAST = """Abbasi Adeyemi Alvarez Amini Andersen Baranov Bakr Castillo Demir Duarte Ekwueme Farouk Fischer
Gallo Haddad Halvorsen Hosseini Ibrahimov Jansen Kaya Khalil Kovacs Larsen Lindqvist Mahmoud Marino Mendes
Moreau Nasser Novak Okafor Olsen Orlov Petrov Qureshi Rahimi Rossi Saleh Santos Schmidt Sokolov Suleiman
Tanaka Toure Vasquez Volkov Wojcik Yilmaz Zaman Zoric Bergstrom Chaudhry Diallo Esposito Forsberg Grigoryan
Hakimi Ilunga Jovanovic Kamara Lukic Mwangi Nkemelu Ortega Pasha Rezaei Sarkisian Tembo Umarov Varga""".split()
TITLES = [
    "Foreign Minister",
    "Defence Minister",
    "Prime Minister",
    "President",
    "chief negotiator",
    "special envoy",
    "national security adviser",
    "foreign ministry spokesperson",
    "Deputy Foreign Minister",
    "senior aide",
    "ambassador",
    "intelligence chief",
    "army chief of staff",
    "presidential spokesman",
]
STATES = [
    "Russia",
    "Ukraine",
    "Iran",
    "Israel",
    "Qatar",
    "Egypt",
    "Turkey",
    "Sudan",
    "Armenia",
    "Azerbaijan",
    "Rwanda",
    "Ethiopia",
    "Colombia",
    "Serbia",
    "Kosovo",
    "Lebanon",
    "Syria",
    "Yemen",
    "Saudi Arabia",
    "Oman",
    "Norway",
    "Switzerland",
    "Kenya",
    "Angola",
    "Thailand",
    "Cambodia",
    "India",
    "Pakistan",
    "Georgia",
    "Moldova",
    "Libya",
    "Mali",
    "Niger",
    "Somalia",
    "Jordan",
    "Algeria",
    "Morocco",
    "Chad",
]
GROUPS = [
    "Hamas",
    "Hezbollah",
    "the Houthis",
    "M23",
    "the Rapid Support Forces",
    "the Taliban",
    "the ELN",
    "the Sudanese army",
    "Palestinian Islamic Jihad",
    "the Polisario Front",
]
CITIES = [
    "Doha",
    "Cairo",
    "Geneva",
    "Istanbul",
    "Riyadh",
    "Jeddah",
    "Muscat",
    "Oslo",
    "Vienna",
    "Nairobi",
    "Luanda",
    "Addis Ababa",
    "Abu Dhabi",
    "Baku",
    "Yerevan",
    "Tbilisi",
    "Minsk",
    "Ankara",
    "Amman",
    "Washington",
    "Brussels",
    "Paris",
    "Berlin",
    "Rome",
    "Havana",
    "Bogota",
    "Kigali",
    "Kinshasa",
    "Tehran",
    "Beirut",
    "Aqaba",
    "Sharm el-Sheikh",
    "Dakar",
    "Accra",
    "Lisbon",
    "Helsinki",
    "Bern",
]
TOPICS = [
    "a cease-fire",
    "a prisoner exchange",
    "a truce along the front line",
    "the withdrawal of troops",
    "humanitarian corridors",
    "the release of hostages",
    "a border demarcation",
    "a peace framework",
    "sanctions relief",
    "the return of displaced families",
    "a monitoring mission",
    "a de-escalation plan",
    "the reopening of crossings",
    "a power-sharing deal",
    "the disarmament of militias",
    "a grain deal",
]
DAYS = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "last week",
    "yesterday",
    "earlier this month",
    "late on Sunday",
    "early on Thursday",
]
VERBS = [
    "said",
    "told reporters",
    "said in a statement",
    "told a news conference",
    "wrote on X",
    "told state television",
    "said after the meeting",
    "added",
    "told Reuters",
    "said on the sidelines",
]

# Quotes are assembled from clauses: thousands of distinct sentences.
CLAUSE_A = [
    "We are ready to",
    "Our delegation will",
    "Nobody wants to",
    "We will not",
    "It is too early to",
    "The other side must",
    "We are prepared to",
    "Both delegations agreed to",
    "We cannot",
    "There is no reason to",
    "The mediators asked us to",
    "Our people expect us to",
    "We intend to",
    "It would be a mistake to",
    "We have decided to",
    "We still hope to",
    "Our partners want to",
]
CLAUSE_B = [
    "discuss",
    "accept",
    "reject",
    "consider",
    "study",
    "sign",
    "postpone",
    "negotiate",
    "revisit",
    "guarantee",
    "implement",
    "monitor",
    "extend",
    "suspend",
    "finalise",
    "draft",
    "defend",
]
CLAUSE_C = [
    "any proposal that ignores the situation on the ground",
    "the second phase of the agreement",
    "a text that does not include firm guarantees",
    "the timetable for the withdrawal",
    "every article of the draft before the summit",
    "the list of detainees presented by the mediators",
    "a mechanism that both capitals can verify",
    "the map we received last night",
    "a settlement imposed from outside",
    "the humanitarian part of the package first",
    "new conditions at the last minute",
    "the security arrangements for the border villages",
    "an arrangement that leaves the question of sovereignty open",
    "the outcome of the technical talks",
    "a compromise on the number of prisoners",
    "the proposal on the reconstruction fund",
]
CLAUSE_D = [
    "",
    "",
    "",
    " before {month}",
    ", whatever {s2} says",
    " as long as {g} keeps fighting",
    " in {place}",
    " with {s3}'s help",
    ", and {q} knows it",
    " once {p} returns from {city}",
    " by the {n2}th of {month}",
    " unless {s2} moves first",
    " if {capital} agrees",
]

# Narrative sentences are assembled slot by slot (subject, verb, object, circumstance, attribution):
# no fixed sentence recurs, so 5-word shingles shared by unrelated reports stay rare, as in real news.
SUBJECTS = [
    "{Title} {p}",
    "the {local} administration",
    "fighters in {place}",
    "elders from {place}",
    "{p}, the {s1} {title},",
    "{s1} officials",
    "the {s1} delegation",
    "{g}",
    "mediators from {s3}",
    "a senior {s2} diplomat",
    "the {s1} foreign ministry",
    "the United Nations envoy",
    "observers in {city}",
    "{s3}'s {title} {p}",
    "negotiators for {s2}",
    "the government in {capital}",
    "a spokesperson for {g}",
    "{p}",
    "lawmakers in {capital}",
    "the {s3} presidency",
    "military commanders from {s1}",
]
VERBS_N = [
    "presented",
    "rejected",
    "welcomed",
    "questioned",
    "called for",
    "warned against",
    "proposed",
    "submitted",
    "reviewed",
    "criticised",
    "signalled support for",
    "postponed a decision on",
    "asked for clarifications on",
    "put forward",
    "insisted on",
    "demanded guarantees on",
    "drafted",
    "circulated",
    "endorsed",
    "played down",
    "cast doubt on",
    "pushed back against",
    "accepted parts of",
    "floated",
    "revived",
    "tabled",
    "challenged",
    "backed",
    "objected to",
    "studied",
    "amended",
    "leaked",
    "defended",
    "condemned",
    "praised",
    "shelved",
    "redrafted",
    "discussed",
    "raised",
    "linked progress to",
]
ADJECTIVES = [
    "a revised",
    "a phased",
    "a limited",
    "a comprehensive",
    "an interim",
    "a detailed",
    "a vague",
    "a fresh",
    "a three-stage",
    "a draft",
    "an ambitious",
    "a modest",
    "a confidential",
    "a joint",
    "a written",
    "an informal",
    "a binding",
    "a temporary",
    "a long-awaited",
    "a controversial",
    "a compromise",
    "a bilateral",
    "a regional",
    "an expanded",
    "a narrower",
]
NOUNS = [
    "plan",
    "proposal",
    "timetable",
    "framework",
    "roadmap",
    "mechanism",
    "text",
    "annex",
    "agreement",
    "formula",
    "package",
    "arrangement",
    "protocol",
    "memorandum",
    "schedule",
    "map",
    "list",
    "clause",
    "commitment",
    "understanding",
    "initiative",
    "paper",
    "blueprint",
    "offer",
    "set of guarantees",
]
TOPICS = [
    "a cease-fire",
    "a prisoner exchange",
    "a truce along the front line",
    "the withdrawal of troops",
    "humanitarian corridors",
    "the release of hostages",
    "a border demarcation",
    "a peace framework",
    "sanctions relief",
    "the return of displaced families",
    "a monitoring mission",
    "a de-escalation plan",
    "the reopening of crossings",
    "a power-sharing deal",
    "the disarmament of militias",
    "a grain deal",
    "the exchange of bodies",
    "a buffer zone",
    "reconstruction funding",
    "electricity supplies",
    "the status of the airport",
    "water rights on the river",
    "the release of journalists",
    "a no-fly zone",
    "the fate of missing soldiers",
    "port inspections",
    "the demobilisation of fighters",
    "a referendum timetable",
    "the return of seized ships",
    "a customs union",
    "landmine clearance",
]
PREPS = ["for", "on", "covering", "about", "regarding", "that would settle", "addressing", "linked to"]
SYLLABLES = [
    "ka",
    "ra",
    "mi",
    "sa",
    "lo",
    "ven",
    "dor",
    "tal",
    "bri",
    "nu",
    "zek",
    "ol",
    "ha",
    "ur",
    "pe",
    "sti",
    "gan",
    "mar",
    "ko",
    "lev",
    "an",
    "is",
    "to",
    "vy",
    "che",
    "du",
    "rin",
    "el",
    "gor",
    "ba",
    "fi",
    "qa",
]
CIRCUMSTANCES = [
    "",
    " {day}",
    " in {city}",
    " near {place}",
    " around {place} {day}",
    " in {place}",
    " during the {n2}th round of talks",
    " after {n} hours of discussions",
    " ahead of a summit in {city}",
    " despite renewed shelling near {city}",
    " at a hotel in {city}",
    " behind closed doors",
    " at the request of {s3}",
    " in a letter to {p}",
    " on the sidelines of a forum in {city}",
    " in a late-night session",
    " before flying to {city}",
    " by video link from {city}",
    " at the end of a {n}-day visit",
    " as fighting raged around {city}",
    " in front of reporters in {city}",
    " for the {n2}th time since {month}",
    " while {p} was in {city}",
]
ATTRIBUTIONS = [
    "",
    ", officials said",
    ", according to {p}",
    ", two diplomats told {agency}",
    ", {s3} said in a statement",
    ", {n2} people familiar with the {local} file said",
    ", state media in {s1} reported",
    ", a source in {city} said",
    ", {agency} reported",
    ", according to {agency} in {capital}",
    ", the {s2} side confirmed",
    ", local media in {city} said",
    ", {p} wrote on social media",
]
EXTRAS = [
    "{n} people were killed near {city} {day}, local authorities said.",
    "The United Nations says {n},{n3}00 people have fled the fighting around {city} since {month}.",
    "Talks on {topic2} are due to resume in {city} in {n2} weeks.",
    "{p} is expected in {city} {day} to brief {s3} officials.",
    "Neither side commented on reports that {n} detainees had been freed {day}.",
]


QUOTE_SHAPES = [
    '"{quote}," {title} {p} {verb}.',
    '"{quote}," {p} {verb}. "{quote2}."',
    '{p}, {s1}\'s {title}, {verb} {day}: "{quote}."',
    '"{quote}," said {p}, the {s1} {title}, {day}.',
    '{title} {p} {verb} that "{quote_lower}."',
    '"{quote}," a {s1} {title} {verb} in {place}, asking not to be named.',
    '"{quote}," {p} {verb}, adding that "{quote2_lower}."',
    'In an interview, {p} {verb}: "{quote}. {quote2}."',
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
BOILERPLATE = [
    "Copyright {year} {agency}. All rights reserved.",
    "Read more: {headline}",
    "Reporting by {p}; editing by {q}.",
    "Follow our live coverage for the latest updates.",
    "This story has been updated with reaction from {s3}.",
]
# What a rewriting outlet swaps (each occurrence with probability REWRITE_SWAP): words of the grammar above.
SYNONYMS = {
    "said": "stated",
    "told": "informed",
    "reporters": "journalists",
    "statement": "communique",
    "presented": "unveiled",
    "rejected": "turned down",
    "welcomed": "hailed",
    "questioned": "queried",
    "called for": "urged",
    "warned against": "cautioned against",
    "proposed": "suggested",
    "criticised": "slammed",
    "postponed": "delayed",
    "discussed": "debated",
    "backed": "supported",
    "condemned": "denounced",
    "praised": "lauded",
    "officials": "authorities",
    "delegation": "team",
    "diplomat": "envoy",
    "negotiators": "envoys",
    "plan": "scheme",
    "proposal": "offer",
    "timetable": "schedule",
    "framework": "outline",
    "agreement": "accord",
    "revised": "amended",
    "limited": "narrow",
    "comprehensive": "sweeping",
    "interim": "provisional",
    "detailed": "thorough",
    "fresh": "new",
    "modest": "small",
    "confidential": "secret",
    "ready": "willing",
    "withdrawal": "pullout",
    "guarantees": "assurances",
    "discussions": "negotiations",
    "fighting": "clashes",
    "killed": "left dead",
    "resume": "restart",
    "expected": "due",
    "spokesperson": "spokeswoman",
}
REWRITE_SWAP = 0.7
_SWAP = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)) + r")\b")
BASE_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)  # reports are published in key order
AGENCIES = ["AFP", "Reuters", "AP", "Anadolu", "dpa", "EFE", "ANSA", "Xinhua", "TASS", "PTI"]


@dataclass
class Story:
    key: int
    title: str
    paragraphs: list[str]
    cast: dict
    original: int | None = None  # the report this one is an edited copy of
    kind: str = "original"  # original | copy | rewrite | look_alike


class Grammar:
    def __init__(self, rng: random.Random, recurring: int = 0):
        self.rng = rng
        # recurring > 0: a newsroom's feed, where stories follow that many negotiations, each with its
        # parties, mediator and a cast of a dozen people who come back story after story (one mention
        # in twenty is someone new). 0: every story has its own states and people, as the dedup
        # measurements want (no two stories share names by accident).
        self.casts = [self._recurring_cast() for _ in range(recurring)]
        self.current: dict | None = None

    def _recurring_cast(self) -> dict:
        r = self.rng
        s1, s2, s3 = r.sample(STATES, 3)
        return {"s1": s1, "s2": s2, "s3": s3, "people": [self._new_person() for _ in range(12)]}

    def _new_person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def person(self):
        if self.current is not None and self.rng.random() < 0.95:
            return self.rng.choice(self.current["people"])
        return self._new_person()

    def quote(self):
        r = self.rng
        what = (
            r.choice(CLAUSE_C)
            if r.random() < 0.3
            else f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)} {r.choice(PREPS)} {r.choice(TOPICS)}"
        )
        return f"{r.choice(CLAUSE_A)} {r.choice(CLAUSE_B)} {what}{r.choice(CLAUSE_D)}"

    def invented(self) -> str:
        """A place or organisation name of the story's own: real news names things no other story does."""
        r = self.rng
        name = "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 4))).capitalize()
        return (
            name
            if r.random() < 0.6
            else f"{name} {r.choice(['Valley', 'district', 'Brigade', 'crossing', 'front', 'Council'])}"
        )

    def cast(self):
        r = self.rng
        s1, s2, s3 = r.sample(STATES, 3)
        recurring = None
        if self.casts:
            self.current = recurring = r.choice(self.casts)
            s1, s2, s3 = recurring["s1"], recurring["s2"], recurring["s3"]
        city, city2 = r.sample(CITIES, 2)
        return {
            "p": self.person(),
            "q": self.person(),
            "s1": s1,
            "s2": s2,
            "s3": s3,
            "g": r.choice(GROUPS),
            "capital": r.choice(CITIES),
            "local": self.invented(),
            "local2": self.invented(),
            "city": city,
            "city2": city2,
            "title": r.choice(TITLES),
            "topic": r.choice(TOPICS),
            "topic2": r.choice(TOPICS),
            "recurring": recurring,
        }

    def fill(self, shape: str, cast: dict) -> str:
        r = self.rng
        values = dict(cast)
        # Each sentence re-draws the minor slots: the same cast says and does different things.
        values.update(
            capital=r.choice(CITIES),
            local=r.choice([cast["local"], cast["local2"]]),
            p=r.choice([cast["p"], cast["q"], self.person()]),
            q=r.choice([cast["q"], self.person()]),
            day=r.choice(DAYS),
            n=r.randint(2, 95),
            n2=r.randint(2, 14),
            n3=r.randint(1, 9),
            month=r.choice(MONTHS),
            verb=r.choice(VERBS),
            title=r.choice(TITLES),
            topic2=r.choice(TOPICS),
            city2=r.choice(CITIES),
            quote=self.quote(),
            quote2=self.quote(),
            topic3=r.choice(TOPICS),
            agency=r.choice(AGENCIES),
            Title=r.choice(TITLES).title().replace("Of", "of"),
            place=r.choice([cast["local"], cast["local2"], r.choice(CITIES)]),
        )
        values["quote"], values["quote2"] = values["quote"].format(**values), values["quote2"].format(**values)
        values["quote_lower"] = values["quote"][0].lower() + values["quote"][1:]
        values["quote2_lower"] = values["quote2"][0].lower() + values["quote2"][1:]
        return shape.format(**values)

    def narrative(self) -> str:
        r = self.rng
        return (
            f"{r.choice(SUBJECTS)} {r.choice(VERBS_N)} {r.choice(ADJECTIVES)} {r.choice(NOUNS)} {r.choice(PREPS)} "
            f"{{topic{r.choice(['', '2', '3'])}}}{r.choice(CIRCUMSTANCES)}{r.choice(ATTRIBUTIONS)}."
        )

    def paragraph(self, cast: dict) -> str:
        r = self.rng
        shapes = [self.narrative() for _ in range(r.randint(1, 2))]
        if r.random() < 0.2:
            shapes.append(r.choice(EXTRAS))
        if r.random() < 0.6:
            shapes.append(r.choice(QUOTE_SHAPES))
        r.shuffle(shapes)
        sentences = (self.fill(shape, cast) for shape in shapes)
        return " ".join(sentence[0].upper() + sentence[1:] for sentence in sentences)

    def story(self, key: int, cast: dict | None = None) -> Story:
        cast = cast or self.cast()
        self.current = cast.get("recurring", self.current)
        paragraphs = [self.paragraph(cast) for _ in range(self.rng.randint(7, 13))]
        title = (
            f"{cast['s1']} and {cast['s2']} {self.rng.choice(['resume', 'pause', 'extend', 'end'])} talks on "
            f"{cast['topic']} in {cast['city']}"
        )
        return Story(key=key, title=title, paragraphs=paragraphs, cast=cast)

    def typo(self, word: str) -> str:
        if len(word) < 5 or not word.isalpha():
            return word
        i = self.rng.randint(1, len(word) - 3)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    def edited_copy(self, key: int, original: Story) -> Story:
        """Another outlet's copy: new headline, dateline, boilerplate, a paragraph dropped or the story cut
        short, a few typos, another spelling of a name."""
        r = self.rng
        paragraphs = list(original.paragraphs)
        if r.random() < 0.25:
            paragraphs = paragraphs[: max(3, int(len(paragraphs) * 0.6))]  # cut short
        elif len(paragraphs) > 4:
            del paragraphs[r.randint(1, len(paragraphs) - 1)]
        agency = r.choice(AGENCIES)
        paragraphs[0] = f"{original.cast['city'].upper()} ({agency}) - {paragraphs[0]}"
        for _ in range(r.randint(2, 6)):
            i = r.randrange(len(paragraphs))
            words = paragraphs[i].split(" ")
            j = r.randrange(len(words))
            words[j] = self.typo(words[j])
            paragraphs[i] = " ".join(words)
        if r.random() < 0.5:
            paragraphs = [p.replace("Turkey", "Türkiye").replace("Kyiv", "Kiev") for p in paragraphs]
        headline = f"{original.cast['s3']} mediation: {original.title.lower()}"
        paragraphs.append(r.choice(BOILERPLATE).format(year=2025, agency=agency, headline=headline, **original.cast))
        return Story(
            key=key, title=headline, paragraphs=paragraphs, cast=original.cast, original=original.key, kind="copy"
        )

    def rewritten_copy(self, key: int, original: Story) -> Story:
        """Another outlet's rewrite: synonyms for most swappable words, the sentences of some paragraphs
        reordered, two paragraphs swapped, a sentence of background added, a new dateline and headline."""
        r = self.rng
        paragraphs = []
        for paragraph in original.paragraphs:
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph)
            if len(sentences) > 1 and r.random() < 0.5:
                r.shuffle(sentences)
            text = " ".join(sentences)
            paragraphs.append(_SWAP.sub(lambda m: SYNONYMS[m[1]] if r.random() < REWRITE_SWAP else m[1], text))
        if len(paragraphs) > 3:
            i, j = r.sample(range(1, len(paragraphs)), 2)
            paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
        added = self.fill(r.choice(EXTRAS), original.cast)
        paragraphs.insert(r.randint(1, len(paragraphs)), added)
        paragraphs[0] = f"{original.cast['city']} ({r.choice(AGENCIES)}): {paragraphs[0]}"
        headline = f"{original.cast['s1']}-{original.cast['s2']} talks: {original.cast['topic']} on the table"
        return Story(
            key=key, title=headline, paragraphs=paragraphs, cast=original.cast, original=original.key, kind="rewrite"
        )

    def look_alike(self, key: int, other: Story) -> Story:
        """Another story on the same talks and cast that repeats two background paragraphs."""
        story = self.story(key, cast=other.cast)
        background = self.rng.sample(other.paragraphs, 2)
        story.paragraphs[2:2] = background
        story.kind = "look_alike"
        return story


def generate(
    n: int, rng: random.Random, copy_share=0.2, look_alike_share=0.1, recurring: int = 0, rewrite_share=0.0
) -> list[Story]:
    grammar = Grammar(rng, recurring=recurring)
    stories: list[Story] = []
    originals: list[Story] = []
    for key in range(n):
        roll = rng.random()
        if originals and roll < copy_share:
            stories.append(grammar.edited_copy(key, rng.choice(originals)))
        elif originals and roll < copy_share + look_alike_share:
            stories.append(grammar.look_alike(key, rng.choice(originals)))
        elif originals and roll < copy_share + look_alike_share + rewrite_share:
            stories.append(grammar.rewritten_copy(key, rng.choice(originals)))
        else:
            story = grammar.story(key)
            originals.append(story)
            stories.append(story)
    return stories


def text_of(story: Story) -> str:
    return "\n".join(story.paragraphs)


# --- Measurements ---------------------------------------------------------------------------------


def measure_extraction(texts: list[tuple[str, str]], label: str) -> None:
    from events.pipeline.extract import extract_report
    from events.pipeline.gazetteer import default_gazetteer
    from events.pipeline.normalize import normalize_report

    gazetteer = default_gazetteer()
    extract_report(normalize_report(url="https://bench.invalid/warm", text=texts[0][1]), gazetteer)  # warm caches
    statements = 0
    normalize_s = extract_s = 0.0
    for i, (published, text) in enumerate(texts):
        t0 = time.perf_counter()
        normalized = normalize_report(
            url=f"https://bench.invalid/{i}", text=text, published_at=published, language="en"
        )
        t1 = time.perf_counter()
        extraction = extract_report(normalized, gazetteer)
        t2 = time.perf_counter()
        normalize_s += t1 - t0
        extract_s += t2 - t1
        statements += len(extraction.statements)
    n = len(texts)
    print(
        f"  {label}: {n} reports, {n / (normalize_s + extract_s):.0f} reports/s normalize+extract "
        f"({n / extract_s:.0f}/s extract alone), {statements / n:.1f} statements per report"
    )


def fill_store(stories: list[Story], rng: random.Random, start_key: int) -> None:
    """Stored reports for the lookup timing: generated texts, bands inserted in bulk."""
    from django.db import connection

    from events.models import Report, ReportBand
    from events.pipeline.report_dedup import band_hashes, signature

    batch_reports, batch_sigs = [], []
    for offset, story in enumerate(stories):
        text = text_of(story)
        sig = signature(text)
        batch_reports.append(
            Report(
                url=f"https://store.invalid/{start_key + offset}",
                canonical_url=f"https://store.invalid/{start_key + offset}",
                text=text,  # read back when a lookup verifies a rewritten copy by its sentences
                status=Report.Status.PROCESSED,
                minhash=sig.to_bytes(),
            )
        )
        batch_sigs.append(sig)
        if len(batch_reports) == 5000 or offset == len(stories) - 1:
            created = Report.objects.bulk_create(batch_reports)
            rows = io.StringIO(
                "".join(
                    f"{r.id}\t{b}\t{h}\n" for r, s in zip(created, batch_sigs, strict=False) for b, h in band_hashes(s)
                )
            )
            with connection.cursor() as cursor:  # COPY: the band rows of 5000 reports in one statement
                cursor.copy_expert(f"COPY {ReportBand._meta.db_table} (report_id, band, hash) FROM STDIN", rows)
            batch_reports, batch_sigs = [], []


def measure_lookup(queries: list[str]) -> dict:
    """Milliseconds of one duplicate lookup (median, p95), of its database query alone (median), and
    the mean number of candidates verified. Each query set runs twice; the second (warm) run counts,
    so the figure is the steady state of a running service rather than the first touch of the index."""
    from events.dedup_selectors import report_duplicate_candidates
    from events.pipeline.report_dedup import band_hashes, choose_original, signature

    for _warm in range(2):
        times, query_times, candidates = [], [], []
        for text in queries:
            t0 = time.perf_counter()
            sig = signature(text)
            bands = band_hashes(sig)
            t1 = time.perf_counter()
            found = report_duplicate_candidates(bands=bands)
            t2 = time.perf_counter()
            choose_original(sig, found)
            times.append((time.perf_counter() - t0) * 1000)
            query_times.append((t2 - t1) * 1000)
            candidates.append(len(found))
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "query": statistics.median(query_times),
        "candidates": statistics.mean(candidates),
    }


def measure_detection(stories: list[Story]) -> None:
    """Each generated report through report_submit + report_process (extraction stubbed: only the
    deduplication is measured), then precision and recall of duplicate_of against the truth."""
    from events.models import Report
    from events.pipeline.types import Extraction
    from events.services.reports import report_process, report_submit

    ids: dict[int, int] = {}
    t0 = time.perf_counter()
    for story in stories:
        report, _ = report_submit(
            url=f"https://gen.invalid/{story.key}",
            text=text_of(story),
            title=story.title,
            published_at=BASE_TIME + dt.timedelta(minutes=story.key),
            enqueue=False,
        )
        report_process(report_id=report.id, extractor=lambda n, g: Extraction(), gazetteer=None)
        ids[story.key] = report.id
    elapsed = time.perf_counter() - t0
    by_id = {v: k for k, v in ids.items()}
    predicted = dict(Report.objects.filter(id__in=ids.values()).values_list("id", "duplicate_of_id"))
    roots = {s.key: (s.original if s.original is not None else s.key) for s in stories}
    tp = fp = fn = 0
    by_kind = {"copy": [0, 0], "rewrite": [0, 0], "look_alike": [0, 0], "original": [0, 0]}
    for story in stories:
        got = predicted[ids[story.key]]
        got_key = by_id.get(got) if got else None
        by_kind[story.kind][1] += 1
        if got_key is not None:
            by_kind[story.kind][0] += 1
        if story.original is not None:
            if got_key is not None and roots[got_key] == roots[story.original]:
                tp += 1
            else:
                fn += 1
                if got_key is not None:
                    fp += 1
        elif got_key is not None:
            fp += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"  {len(stories)} reports processed in {elapsed:.1f}s ({len(stories) / elapsed:.0f}/s, submit+dedupe+write, "
        f"no extraction)"
    )
    for kind, (marked, total) in by_kind.items():
        print(f"  {kind:>10}: {total:5d} reports, {marked:5d} marked duplicate")
    print(f"  precision {precision:.3f}  recall {recall:.3f}  (true copies {tp + fn}, found {tp}, false marks {fp})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--reports", type=int, default=2000, help="generated reports for extraction and precision/recall"
    )
    parser.add_argument("--sizes", default="10000,100000", help="stored reports at which the lookup is timed")
    parser.add_argument("--queries", type=int, default=300, help="lookups timed at each size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rewrites", type=float, default=0.05, help="share of generated reports that are rewritten copies"
    )
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: extraction, lookup, detection")
    args = parser.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))
    rng = random.Random(args.seed)

    old_name = throwaway_database_create(require_postgres=True)
    from django.db import connection

    skip = set(filter(None, args.skip.split(",")))
    try:
        stories = generate(args.reports, rng, rewrite_share=args.rewrites)
        print(
            f"Generated {len(stories)} reports: "
            f"{sum(s.kind == 'copy' for s in stories)} edited copies, "
            f"{sum(s.kind == 'rewrite' for s in stories)} rewritten copies, "
            f"{sum(s.kind == 'look_alike' for s in stories)} look-alikes, "
            f"{len({w for s in stories for w in text_of(s).split()})} distinct words, "
            f"{statistics.mean(len(text_of(s).split()) for s in stories):.0f} words per report"
        )

        if "extraction" not in skip:
            print("\n1. Extraction throughput (one process)")
            measure_extraction([("2025-03-12", text_of(s)) for s in stories], "generated reports")
            corpus = [
                ROOT / "tests" / "data" / "seed" / "seed-report.json",
                *sorted((ROOT / "tests" / "data" / "reports").glob("*.json")),
            ]
            corpus = [json.loads(p.read_text()) for p in corpus if not p.name.endswith(".expected.json")]
            corpus = [(c.get("published_at"), c["text"]) for c in corpus if c.get("text")]
            if corpus:
                measure_extraction(
                    corpus * max(1, 500 // len(corpus)), f"hand-written corpus ({len(corpus)} distinct, repeated)"
                )

        if "lookup" not in skip:
            from events.models import ReportBand

            print("\n2. Duplicate lookup time (signature + one band query + verification)")
            filler_rng = random.Random(args.seed + 1)
            grammar = Grammar(filler_rng)
            stored = 0
            results = []
            # Queries: a third edited copies of stored reports, a sixth rewritten copies, half new stories.
            for size in sizes:
                t0 = time.perf_counter()
                fresh = [grammar.story(stored + i) for i in range(size - stored)]
                fill_store(fresh, filler_rng, stored)
                stored = size
                fill_s = time.perf_counter() - t0
                query_texts = [
                    text_of(grammar.edited_copy(-1, filler_rng.choice(fresh))) for _ in range(args.queries // 3)
                ]
                query_texts += [
                    text_of(grammar.rewritten_copy(-1, filler_rng.choice(fresh))) for _ in range(args.queries // 6)
                ]
                query_texts += [text_of(grammar.story(-1)) for _ in range(args.queries - len(query_texts))]
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE events_reportband; ANALYZE events_report")
                figures = measure_lookup(query_texts)
                results.append((size, figures["median"]))
                band_rows = ReportBand.objects.count()
                print(
                    f"  {size:>7} stored reports ({band_rows:,} band rows, filled in {fill_s:.0f}s): "
                    f"median {figures['median']:.2f} ms (query {figures['query']:.2f} ms), p95 {figures['p95']:.2f} "
                    f"ms, "
                    f"{figures['candidates']:.1f} candidates per lookup"
                )
            if len(results) > 1:
                print(
                    f"  growth {results[0][0]} -> {results[-1][0]}: x{results[-1][1] / results[0][1]:.2f} (target < 2)"
                )

        if "detection" not in skip:
            print("\n3. Duplicate detection on the generated set (after the stored reports above)")
            measure_detection(stories)
    finally:
        throwaway_database_drop(old_name)


if __name__ == "__main__":
    main()
