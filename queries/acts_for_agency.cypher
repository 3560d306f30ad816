// name: acts_for_agency
// description: Acts an agency depends on: its founding acts (ESTABLISHES), acts cited by measures involving it, and the acts those amend, replace, repeal or are based on; ranked by score (3 per founding path, 2 per citing measure, 1 per indirect path), with every path as evidence; acts repealed or replaced by a newer act (superseded_by) come after the acts in force.
// params: agency:string=Europol (the agency name, e.g. Europol, Eurojust, Frontex) e.g. Europol, limit:int[1..500]=25 (rows to return)
MATCH (ag:Agency {name: $agency})<-[:ESTABLISHES|INVOLVES]-(x)
WHERE x.uid STARTS WITH 'LegalAct:' OR x.uid STARTS WITH 'Measure:'
OPTIONAL MATCH (x)-[:REFERENCES]->(c:LegalAct)
WITH ag, x, c
WHERE x.uid STARTS WITH 'LegalAct:' OR c IS NOT NULL
WITH ag,
     CASE WHEN x.uid STARTS WITH 'LegalAct:' THEN x.uid ELSE c.uid END AS direct_uid,
     CASE WHEN x.uid STARTS WITH 'LegalAct:' THEN 3 ELSE 2 END AS weight,
     CASE WHEN x.uid STARTS WITH 'LegalAct:' THEN x.uid + ' -ESTABLISHES-> ' + ag.uid
          ELSE c.uid + ' <-REFERENCES- ' + x.uid + ' -INVOLVES-> ' + ag.uid END AS evidence
MATCH (direct:LegalAct {uid: direct_uid})
OPTIONAL MATCH (direct)-[r:AMENDS|REPLACES|REPEALS|BASED_ON]->(dep:LegalAct)
WITH direct, weight, evidence, dep, type(r) AS rel
UNWIND [0, 1] AS level
WITH CASE WHEN level = 0 THEN direct.uid ELSE dep.uid END AS act_uid,
     CASE WHEN level = 0 THEN weight ELSE 1 END AS weight,
     CASE WHEN level = 0 THEN evidence ELSE dep.uid + ' <-' + rel + '- ' + evidence END AS evidence
WHERE act_uid IS NOT NULL
WITH DISTINCT act_uid, weight, evidence
ORDER BY evidence
MATCH (a:LegalAct {uid: act_uid})
WITH a, sum(weight) AS score, max(weight) AS strongest, count(*) AS paths, collect(evidence) AS evidence
// An act that a newer act repeals or replaces is no longer in force: rank it after the acts in force.
OPTIONAL MATCH (a)<-[:REPEALS|REPLACES]-(newer:LegalAct)
WITH a, score, strongest, paths, evidence, newer
ORDER BY newer.celex
WITH a, score, strongest, paths, evidence, collect(DISTINCT newer.celex) AS superseded_by
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.type AS act_type,
       CASE strongest WHEN 3 THEN 'founding act' WHEN 2 THEN 'cited by a measure involving the agency'
            ELSE 'amended, replaced, repealed or implemented by one of those' END AS relation,
       size(superseded_by) = 0 AS in_force, score, paths, superseded_by, evidence
ORDER BY in_force DESC, score DESC, celex
LIMIT $limit
