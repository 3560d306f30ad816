// name: agencies
// description: EU agencies and bodies with the number of measures involving them, of papers mentioning them and of their founding acts; optionally one agency by name.
// params: name:string= (agency name; empty for all) e.g. Europol
MATCH (a:Agency)
WHERE $name = '' OR a.name = $name
// measures: the agency's tally (graph/tallies.py), kept by the corpus stage, not its INVOLVES edges counted
OPTIONAL MATCH (a)<-[:ESTABLISHES]-(act:LegalAct)
WITH a, coalesce(a.measure_count, 0) AS measures, count(DISTINCT act) AS founding_acts
RETURN a.name AS name, a.full_name AS full_name, a.kind AS kind, a.aliases AS aliases, a.uid AS uid,
       a.sources AS sources, measures, founding_acts
ORDER BY name
