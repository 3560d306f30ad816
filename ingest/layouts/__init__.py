"""Pluggable readers of document structure, chosen by evidence; more than one can apply to one document.

* ``iss_table`` - the measure tables of ISS implementation papers ("Responsible WP:" rows);
* ``numbered_actions`` - numbered actions or measures with "Responsible:" / "Timetable:" / "State of play:"
  fields but no WP rows (Counter-Terrorism Coordinator and COSI implementation reports);
* ``conclusions`` - Council conclusions and roadmaps: numbered paragraphs whose operative verb addresses
  someone ("INVITES Europol and Eurojust to ...");
* ``legal_act`` - an EU legal act as published (classifies the document; relations come from the mention layer);
* ``legislative_proposal`` - a Commission proposal's text (classifies the document).
"""

from __future__ import annotations

from eusec.ingest.layouts import conclusions, iss_table, legal_act, legislative_proposal, numbered_actions

#: The readers of the body before any ISS table, in order of precedence for the measures they produce.
BODY_LAYOUTS = (numbered_actions, conclusions, legal_act, legislative_proposal)

__all__ = ["BODY_LAYOUTS", "iss_table", "numbered_actions", "conclusions", "legal_act", "legislative_proposal"]
