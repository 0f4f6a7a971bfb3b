"""Matching free-text council names ("LB Harrow", "Bucks CC", "RBKC") to the register.

Order: codes, exact spelling, normalised spelling, acronym, then fuzzy (rapidfuzz) with a
score. Ambiguous or weak matches come back unmatched with suggestions; nothing is matched
silently on a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process

from analysis.vocabulary import MatchResult

FUZZY_THRESHOLD = 90.0  # token_sort_ratio, 0..100
FUZZY_MARGIN = 4.0  # the best council must beat the next one by this much

_SHORT_FORMS = {
    "bucks": "buckinghamshire",
    "herts": "hertfordshire",
    "hants": "hampshire",
    "oxon": "oxfordshire",
    "northants": "northamptonshire",
    "notts": "nottinghamshire",
    "lincs": "lincolnshire",
    "glos": "gloucestershire",
    "gloucs": "gloucestershire",
    "beds": "bedfordshire",
    "cambs": "cambridgeshire",
    "leics": "leicestershire",
    "worcs": "worcestershire",
    "wilts": "wiltshire",
    "staffs": "staffordshire",
    "lancs": "lancashire",
    "yorks": "yorkshire",
    "derbys": "derbyshire",
    "shrops": "shropshire",
    "warks": "warwickshire",
    "berks": "berkshire",
    "st": "saint",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "gt": "great",
}
# designation -> class hint (None: no hint). Stripped from the front or the back of a name.
_PREFIXES = {
    "london borough of": "L",
    "royal borough of": None,
    "metropolitan borough of": "MD",
    "borough council of": None,
    "council of the": None,
    "borough of": None,
    "county of": "SC",
    "city and county of": None,
    "the": None,
    "lb": "L",
    "rb": None,
    "rbc": None,
}
_SUFFIXES = {
    "metropolitan borough council": "MD",
    "metropolitan district council": "MD",
    "london borough council": "L",
    "county council": "SC",
    "district council": "SD",
    "borough council": None,
    "city council": None,
    "unitary authority": "UA",
    "council": None,
    "corporation": None,
    "mbc": "MD",
    "mdc": "MD",
    "dc": "SD",
    "bc": None,
    "bdc": "SD",
    "cbc": None,
    "cc": "SC",
    "ua": "UA",
    "lb": "L",
    "rb": None,
    "county": "SC",
    "borough": None,
    "district": "SD",
    "city": None,
}
_STOPWORDS = {"and", "of", "the", "upon", "on", "in", "with", "under"}


def _light(text: str) -> str:
    s = str(text).lower().replace("&", " and ").replace("\u2019", "'").replace("'", "").replace(".", "")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(_SHORT_FORMS.get(w, w) for w in s.split())


def normalise_council_name(text: str) -> tuple[str, frozenset[str]]:
    """The core of a council name and the classes its designation hints at.

    'Bucks CC' -> ('buckinghamshire', {'SC'}); 'LB Harrow' -> ('harrow', {'L'}).
    """
    s = _light(text)
    hints: set[str] = set()
    changed = True
    while changed:
        changed = False
        for phrase, hint in _PREFIXES.items():
            if s.startswith(phrase + " ") and len(s) > len(phrase) + 1:
                s, changed = s[len(phrase) + 1 :], True
                hints.update([hint] if hint else [])
        for phrase, hint in _SUFFIXES.items():
            if s.endswith(" " + phrase):
                s, changed = s[: -len(phrase) - 1], True
                hints.update([hint] if hint else [])
        # "City of York" is York, but the City of London is a council of that name.
        if s.startswith("city of ") and s != "city of london" and len(s) > len("city of "):
            s, changed = s[len("city of ") :], True
    return s, frozenset(hints)


def _acronyms(name: str) -> set[str]:
    words = _light(name).split()
    if len(words) < 3:
        return set()
    plain = "".join(w[0] for w in words if w not in _STOPWORDS)
    with_and = "".join(w[0] for w in words if w not in _STOPWORDS - {"and"})
    return {a for a in (plain, with_and) if len(a) >= 3}


@dataclass(frozen=True)
class CouncilMatch:
    """What matching one name found: `result` is 'matched', 'ambiguous' or 'unmatched'."""

    query: str
    result: MatchResult
    council_id: str | None = None
    name: str | None = None
    method: str = ""  # code | exact | normalised | acronym | fuzzy
    score: float = 0.0  # 100 for exact kinds, the fuzzy score otherwise
    suggestions: tuple[str, ...] = ()  # display names, best first
    note: str = ""


@dataclass(frozen=True)
class CouncilIndex:
    """Lookup tables built once from the register."""

    exact: dict[str, frozenset[str]]
    core: dict[str, frozenset[str]]
    acronym: dict[str, frozenset[str]]
    codes: dict[str, str]
    choices: tuple[str, ...]
    choice_ids: tuple[frozenset[str], ...]
    info: dict[str, dict]
    namesakes: dict[str, frozenset[str]]  # 'newcastle' -> councils named 'Newcastle upon/under ...'
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # (query, year) -> CouncilMatch


def build_council_index(register: pd.DataFrame) -> CouncilIndex:
    """Index every spelling the register knows for every council."""
    exact, core, acronym = defaultdict(set), defaultdict(set), defaultdict(set)
    codes, info = {}, {}
    for row in register.itertuples(index=False):
        spellings = {row.name, row.official_name, *filter(None, str(row.alt_names).split("|"))}
        for spelling in spellings:
            exact[_light(spelling)].add(row.council_id)
            core[normalise_council_name(spelling)[0]].add(row.council_id)
        for spelling in (row.name, row.official_name):
            for a in _acronyms(spelling):
                acronym[a].add(row.council_id)
        for code in [row.ecode, row.ons_code, *str(row.former_ons_codes).split(";")]:
            if code:
                codes[code.upper()] = row.council_id
        info[row.council_id] = {"name": row.name, "start": row.start_date or "", "end": row.end_date or ""}
    for cid, klass in zip(register["council_id"], register["class"]):
        info[cid]["class"] = klass
    choices = tuple(core)
    namesakes: dict[str, set[str]] = defaultdict(set)
    for c, ids in core.items():
        m = re.match(r"^(.+?) (upon|under|on|in) ", c)
        if m:
            namesakes[m.group(1)].update(i for i in ids if info[i]["class"] != "O")
    return CouncilIndex(
        exact={k: frozenset(v) for k, v in exact.items()},
        core={k: frozenset(v) for k, v in core.items()},
        acronym={k: frozenset(v) for k, v in acronym.items()},
        codes=codes,
        choices=choices,
        choice_ids=tuple(frozenset(core[c]) for c in choices),
        info=info,
        namesakes={k: frozenset(v) for k, v in namesakes.items() if v},
    )


def _exists_in(info: dict, year: int) -> bool:
    april = f"{year}-04-01"
    return (not info["start"] or info["start"] <= april) and (not info["end"] or info["end"] > april)


def _narrow(ids: frozenset[str], hints: frozenset[str], year: int | None, index: CouncilIndex) -> frozenset[str]:
    if len(ids) > 1 and hints:
        hinted = frozenset(i for i in ids if index.info[i]["class"] in hints)
        ids = hinted or ids
    if len(ids) > 1 and year is not None:
        alive = frozenset(i for i in ids if _exists_in(index.info[i], year))
        ids = alive or ids
    if len(ids) > 1:
        principal = frozenset(i for i in ids if index.info[i]["class"] != "O")
        ids = principal if len(principal) == 1 else ids
    return ids


def _namesakes(core: str, index: CouncilIndex) -> frozenset[str]:
    """Councils named '<core> upon/under/on ...' (Newcastle, Kingston, Richmond)."""
    return index.namesakes.get(core, frozenset())


def _suggest(core: str, index: CouncilIndex, limit: int = 3) -> tuple[str, ...]:
    hits = process.extract(core, index.choices, scorer=fuzz.WRatio, limit=limit * 3)
    names: list[str] = []
    for _, _, k in hits:
        for cid in sorted(index.choice_ids[k]):
            name = index.info[cid]["name"]
            if name not in names:
                names.append(name)
    return tuple(names[:limit])


def _describe(ids: Iterable[str], index: CouncilIndex) -> tuple[str, ...]:
    return tuple(sorted(f"{index.info[i]['name']} ({index.info[i]['class']})" for i in ids))


MEMO_LIMIT = 100_000


def match_council(query: str, index: CouncilIndex, year: int | None = None) -> CouncilMatch:
    """Match one free-text name; `year` (financial year start) settles renamed/merged councils.

    Results are memoised on the index (a pure function of name and year): registers repeat names.
    """
    key = (query, year)
    found = index.memo.get(key)
    if found is None:
        if len(index.memo) > MEMO_LIMIT:
            index.memo.clear()
        found = index.memo[key] = _match_council(query, index, year)
    return found


def _match_council(query: str, index: CouncilIndex, year: int | None) -> CouncilMatch:
    text = str(query or "").strip()
    if not text:
        return CouncilMatch(query=query, result="unmatched", note="empty name")
    if re.fullmatch(r"[Ee]\d{4}|[Ee]\d{8}", text) and text.upper() in index.codes:
        cid = index.codes[text.upper()]
        return CouncilMatch(query, "matched", cid, index.info[cid]["name"], "code", 100.0)
    core, hints = normalise_council_name(text)
    steps = [("exact", index.exact.get(_light(text))), ("normalised", index.core.get(core))]
    if re.fullmatch(r"[A-Z&]{3,6}", text):
        steps.append(("acronym", index.acronym.get(text.replace("&", "A").lower())))
    for method, found in steps:
        if not found:
            continue
        ids = _narrow(found, hints, year, index)
        if len(ids) == 1 and method != "acronym":
            ids = ids | _namesakes(core, index)
        if len(ids) == 1:
            cid = next(iter(ids))
            return CouncilMatch(query, "matched", cid, index.info[cid]["name"], method, 100.0)
        return CouncilMatch(
            query,
            "ambiguous",
            method=method,
            suggestions=_describe(ids, index),
            note=f"'{text}' fits {len(ids)} councils; choose one",
        )
    return _fuzzy(query, core, hints, year, index)


def _fuzzy(query: str, core: str, hints: frozenset[str], year: int | None, index: CouncilIndex) -> CouncilMatch:
    hits = process.extract(core, index.choices, scorer=fuzz.token_sort_ratio, limit=8)
    best: dict[str, float] = {}
    for _, score, k in hits:
        for cid in index.choice_ids[k]:
            best[cid] = max(best.get(cid, 0.0), score)
    strong = {c: s for c, s in best.items() if s >= FUZZY_THRESHOLD}
    ranked = sorted(best.values(), reverse=True)
    if strong:
        top = max(strong.values())
        ids = _narrow(frozenset(c for c, s in strong.items() if s >= top - FUZZY_MARGIN), hints, year, index)
        if len(ids) == 1:
            cid = next(iter(ids))
            return CouncilMatch(query, "matched", cid, index.info[cid]["name"], "fuzzy", round(top, 1))
        return CouncilMatch(
            query,
            "ambiguous",
            method="fuzzy",
            score=round(top, 1),
            suggestions=_describe(ids, index),
            note="close to more than one council",
        )
    return CouncilMatch(
        query,
        "unmatched",
        method="fuzzy",
        score=round(ranked[0], 1) if ranked else 0.0,
        suggestions=_suggest(core, index),
        note="no council name is close enough",
    )


def match_councils(names: Iterable[str], index: CouncilIndex, year: int | None = None) -> pd.DataFrame:
    """One row per distinct name: query, result, council_id, name, method, score, suggestions."""
    rows = [match_council(n, index, year) for n in dict.fromkeys(names)]
    return pd.DataFrame([r.__dict__ for r in rows])
