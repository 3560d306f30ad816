"""Typed records of the mention layer: what one call over one text returns (``Mentions``) and its parts.

Offsets are character offsets into the text passed in; every record names the rule that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    """One mention of a graph entity in the text."""

    label: str  # "LegalAct" | "CouncilDocument" | "CommissionDocument" | "Agency" | "InformationSystem" | "WorkingParty"
    key: str  # normalised key (CELEX, "9727/19", "WK 12876/2018", "COM(2017) 610", "Europol", "SIS", "IXIM")
    properties: dict  # node properties per graph/schema.yaml
    start: int  # char offsets into the text passed in
    end: int
    text: str  # surface text
    rule: str  # pattern id


@dataclass(frozen=True)
class ActRelation:
    """Supersession / basis between legal acts, read from an act's printed title."""

    type: str  # "AMENDS" | "REPEALS" | "REPLACES" | "BASED_ON"
    from_key: str
    to_key: str
    start: int  # from the source citation (or the clause) to the end of the target citation
    end: int
    rule: str


@dataclass(frozen=True)
class Establishes:
    """LegalAct -> Agency/InformationSystem it founds."""

    act_key: str
    target_label: str
    target_key: str
    start: int
    end: int
    rule: str
    #: Reference data behind the statement ("ingest/patterns/founding_acts.yaml:7"); None when the text
    #: itself states it. A reference statement is not evidence from the text: its provenance names the file.
    reference: str | None = None


@dataclass(frozen=True)
class ProposalRelation:
    """A Commission proposal's printed title states what it would do to an adopted act
    ("Proposal for a Regulation ... amending Regulation (EU) 2016/794"): PROPOSES_AMENDMENT /
    PROPOSES_REPEAL / PROPOSES_REPLACEMENT from the proposal (a CommissionDocument, when the text names it)
    to the act. It never makes an adopted act amend or repeal another."""

    type: str  # "PROPOSES_AMENDMENT" | "PROPOSES_REPEAL" | "PROPOSES_REPLACEMENT"
    proposal_key: str | None  # CommissionDocument key "COM(2020) 796", None when the text does not name it
    to_key: str  # CELEX of the act the proposal would amend/repeal/replace
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class OwnAct:
    """The act a text IS (an EU legal act as published in the Official Journal / on EUR-Lex): its identity
    from its own title block, and what its title and articles state with that act as the subject."""

    celex: str
    properties: dict  # LegalAct node properties (celex, eli, type, year, number, short_name, title, date)
    start: int  # the title block
    end: int
    rule: str
    #: AMENDS/REPEALS/REPLACES the act states (from_key == celex); in a consolidated version also the acts
    #: listed as amending it (to_key == celex, rule own_act.consolidated_amended_by)
    relations: tuple[ActRelation, ...] = ()
    establishes: tuple[Establishes, ...] = ()


@dataclass(frozen=True)
class Mentions:
    """Everything the mention layer finds in one text, from one call (``MentionMatcher.extract``).

    ``mentions`` holds every entity mention (LegalAct, CouncilDocument, CommissionDocument, Agency,
    InformationSystem, WorkingParty) sorted by (start, end, label, key); the per-label views are filters
    of it. ``relations`` are act-to-act statements (active titles, passive "as amended by", adopted
    proposals); ``proposals`` what proposals would do; ``establishes`` founding statements read in the text
    (rule ``establishes.title``/``establishes.article``) and from reference data (rule
    ``reference.founding_acts``, whose provenance is the reference file, not the text); ``own_act`` the
    act the text is, when it is one."""

    text_length: int
    mentions: tuple[Mention, ...] = ()
    relations: tuple[ActRelation, ...] = ()
    proposals: tuple[ProposalRelation, ...] = ()
    establishes: tuple[Establishes, ...] = ()
    own_act: OwnAct | None = None
    presidencies: tuple = field(default=())  # ingest.presidencies.PresidencyMention

    def of(self, label: str) -> list[Mention]:
        """The mentions of one label, in text order."""
        return [m for m in self.mentions if m.label == label]

    @property
    def acts(self) -> list[Mention]:
        return self.of("LegalAct")

    @property
    def council_documents(self) -> list[Mention]:
        return self.of("CouncilDocument")

    @property
    def commission_documents(self) -> list[Mention]:
        return self.of("CommissionDocument")

    @property
    def agencies(self) -> list[Mention]:
        return self.of("Agency")

    @property
    def systems(self) -> list[Mention]:
        return self.of("InformationSystem")

    @property
    def working_parties(self) -> list[Mention]:
        return self.of("WorkingParty")
