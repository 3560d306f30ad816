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
WITH direct, weight, evidence, dep, label(r) AS rel
UNWIND [0, 1] AS level
WITH CASE WHEN level = 0 THEN direct.uid ELSE dep.uid END AS act_uid,
     CASE WHEN level = 0 THEN weight ELSE 1 END AS weight,
     CASE WHEN level = 0 THEN evidence ELSE dep.uid + ' <-' + rel + '- ' + evidence END AS evidence
WHERE act_uid IS NOT NULL
WITH DISTINCT act_uid, weight, evidence
MATCH (a:LegalAct {uid: act_uid})
// LadybugDB cannot OPTIONAL MATCH after an aggregation that carries a list: find the superseding acts first.
OPTIONAL MATCH (a)<-[:REPEALS|REPLACES]-(newer:LegalAct)
WITH a, weight, evidence, list_sort(collect(DISTINCT newer.celex)) AS superseded_by
WITH a, superseded_by, cast(sum(weight) AS INT64) AS score, max(weight) AS strongest, count(*) AS paths, list_sort(collect(evidence)) AS evidence
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.type AS act_type,
       CASE strongest WHEN 3 THEN 'founding act' WHEN 2 THEN 'cited by a measure involving the agency'
            ELSE 'amended, replaced, repealed or implemented by one of those' END AS relation,
       size(superseded_by) = 0 AS in_force, score, paths, superseded_by, evidence
ORDER BY in_force DESC, score DESC, celex
LIMIT $limit
