"""Identifiers in EUR-Lex/CELLAR data -> eusec keys: CELEX of legal acts, Treaty article refs.

CELLAR names a work by many URIs (cellar UUID, ``resource/celex/...``, ``resource/oj/...``, ELI); only CELEX
numbers are keys here. Legal acts are sector-3 CELEX numbers of regulations, directives, decisions and
framework decisions (as eusec.ingest.normalise knows them), plus their corrigenda (``32022R2554R(01)``), which
are the start of CORRECTS. Sector-1 CELEX numbers of Treaty articles (``12016E114``) become TreatyArticle refs.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from eusec.ingest.normalise import ACT_TYPES, make_celex, parse_celex

_CELEX_URI = re.compile(r"/resource/celex/(?P<celex>[^/?#]+)$")
_ACT_CELEX = re.compile(r"^3\d{4}[RLDF]\d{4}(?:R\(\d{2}\))?$")
_CORRIGENDUM = re.compile(r"^(?P<act>3\d{4}[RLDF]\d{4})R\((?P<n>\d{2})\)$")
_TREATY_CELEX = re.compile(r"^1(?P<year>\d{4})(?P<letter>[A-Z])(?P<article>\d{3}[A-Z]?)(?:\(\d+\))?$")
_ELI = re.compile(r"data\.europa\.eu/eli/(?P<type>[a-z_]+)/(?P<year>\d{4})/(?P<number>\d+)(?:/oj)?/?$")
_ELI_TYPE_TO_LETTER = {eli: letter for letter, eli in ACT_TYPES.values()}

#: Treaty letter in a sector-1 CELEX -> treaty code; "E" is the EC Treaty before Lisbon, the TFEU after.
_TREATY_LETTERS = {"M": "TEU", "A": "EAEC"}


def normalise_celex(text: str | None) -> str | None:
    """A CELEX string as CELLAR writes it ("32021R0168R%2801%29", "celex:32016R0794") -> "32021R0168R(01)"."""
    if not text:
        return None
    value = unquote(str(text)).strip()
    if value.lower().startswith("celex:"):
        value = value[6:]
    return value.upper() or None


def act_celex(text: str | None) -> str | None:
    """The CELEX if it names a legal act eusec keeps (sector 3 R/L/D/F or its corrigendum), else None."""
    celex = normalise_celex(text)
    if not celex or not _ACT_CELEX.match(celex):
        return None
    base = _CORRIGENDUM.match(celex)
    return celex if parse_celex(base["act"] if base else celex) else None


def corrected_act(celex: str) -> str | None:
    """The act a corrigendum CELEX corrects ("32022R2554R(01)" -> "32022R2554"), else None."""
    m = _CORRIGENDUM.match(celex)
    return m["act"] if m else None


def celex_from_uri(uri: str | None) -> str | None:
    """The raw CELEX of a ``.../resource/celex/...`` URI (any sector), else None."""
    if not uri:
        return None
    m = _CELEX_URI.search(str(uri))
    return normalise_celex(m["celex"]) if m else None


def celex_from_eli(uri: str | None) -> str | None:
    """The CELEX of an act's ELI URI (``.../eli/dec_framw/2003/577/oj`` -> ``32003F0577``), else None.

    Only the original act ("/oj" or no point in time); consolidated versions (".../2018-11-28") are not acts.
    """
    if not uri:
        return None
    m = _ELI.search(str(uri))
    if not m or m["type"] not in _ELI_TYPE_TO_LETTER:
        return None
    return act_celex(make_celex(_ELI_TYPE_TO_LETTER[m["type"]], int(m["year"]), int(m["number"])))


def treaty_article(celex: str | None) -> tuple[str, str, str] | None:
    """(ref, treaty, article) of a sector-1 CELEX of a Treaty article ("12016E114" -> ("TFEU Art. 114",
    "TFEU", "114")), else None. Articles keep a letter suffix ("12012E077A" is not a thing, but "087A" was)."""
    c = normalise_celex(celex)
    m = _TREATY_CELEX.match(c or "")
    if not m:
        return None
    letter, year = m["letter"], int(m["year"])
    treaty = ("TFEU" if year >= 2008 else "TEC") if letter == "E" else _TREATY_LETTERS.get(letter)
    if treaty is None:
        return None
    article = m["article"].lstrip("0") or "0"
    return f"{treaty} Art. {article}", treaty, article
