// name: working_parties
// description: Council working parties and committees with the number of measures they are responsible for; optionally one by code.
// params: code:string= (working party code; empty for all) e.g. TWP
MATCH (w:WorkingParty)
WHERE $code = '' OR w.code = $code
// measures: the working party's tally (graph/tallies.py), kept by the corpus stage
RETURN w.code AS code, w.name AS name, w.active AS active, w.aliases AS aliases, w.uid AS uid, w.sources AS sources,
       coalesce(w.measure_count, 0) AS measures
ORDER BY code
