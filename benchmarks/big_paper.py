"""A generated implementation paper of any size, in the layout of the bundled sample (header, general
report, measure table with page footers), for the extraction-linearity benchmark and its test.

``big_paper(n_bytes)`` repeats measure blocks with increasing numbers; every block cites the same few
acts and documents many times, so one node collects many provenance statements (the case that made
provenance merging quadratic). Deterministic; nothing random.
"""

from __future__ import annotations

_HEADER = """

Brussels, 2 February 2026 (OR. en)

9998/26

LIMITE

COSI 9 JAI 99

NOTE

From:\tPresidency
To:\tDelegations
Subject:\tImplementation of the renewed EU Internal Security Strategy: generated paper

Delegations will find attached a generated paper on the implementation of the renewed EU Internal Security Strategy.

9998/26\tXYZ/ab\t1
ANNEX\tJAI.1\tLIMITE\tEN

Follow-up on specific measures

\t1. Renewed ISS priorities\t\t
\t1.1. Countering terrorism and preventing radicalisation and violent extremism\t\t
"""

_MEASURE = """{n}.\tImplementation of measure {n} on combating terrorism\t\t
{n}.\tResponsible WP: TWP, IXIM\t\t
\tMain documents\t\t
\t\uf0b7 Directive (EU) 2017/541 of the European Parliament and of the Council of 15 March 2017 on combating terrorism and replacing Council Framework Decision 2002/475/JHA\t\t
\t\uf0b7 Regulation (EU) 2016/794 of the European Parliament and of the Council of 11 May 2016 on Europol\t\t
\t\uf0b7 Council conclusions on the use of SIS (9691/18) and COM(2021) 701 final\t\t
\tState of play/progress made\tEnvisaged follow-up\t
\tEuropol and Eurojust reported in TWP under the DK Presidency on Regulation (EU) 2018/1862 and Directive (EU) 2017/541. {prose}\tTWP to return to the topic under the CY Presidency.\t

"""

# plain prose without mentions, as the long state-of-play paragraphs of real papers
_PROSE = " ".join(
    ["The delegations exchanged views on the practical experience gathered so far and on the next steps to take."] * 8
)

_FOOTER = "9998/26\tXYZ/ab\t{page}\nANNEX\tJAI.1\tLIMITE\tEN\n\n"


def big_paper(n_bytes: int) -> str:
    """A paper of about ``n_bytes`` characters (at least one measure)."""
    parts = [_HEADER]
    size, n, page = len(_HEADER), 0, 2
    while size < n_bytes or n == 0:
        n += 1
        block = _MEASURE.format(n=n, prose=_PROSE)
        if n % 6 == 0:  # a page footer every few measures, as in real papers
            block += _FOOTER.format(page=page)
            page += 1
        parts.append(block)
        size += len(block)
    return "".join(parts)
