// Rewrite for LadybugDB: the reasons are sorted with list_sort (no ORDER BY inside WITH).
MATCH (ag:Agency {name: $agency})<-[:ESTABLISHES|INVOLVES]-(x)
OPTIONAL MATCH (x)-[:REFERENCES]->(c:LegalAct)
WITH x, c
WHERE x.uid STARTS WITH 'LegalAct:' OR c IS NOT NULL
WITH DISTINCT CASE WHEN x.uid STARTS WITH 'LegalAct:' THEN x.uid ELSE c.uid END AS direct_uid,
     CASE WHEN x.uid STARTS WITH 'LegalAct:' THEN 'founding act' ELSE 'cited by a measure involving the agency' END AS why
MATCH (direct:LegalAct {uid: direct_uid})
OPTIONAL MATCH (direct)<-[:AMENDS]-(amending:LegalAct)
WITH direct, why, amending
UNWIND [0, 1] AS level
WITH CASE WHEN level = 0 THEN direct.uid ELSE amending.uid END AS act_uid,
     CASE WHEN level = 0 THEN why ELSE 'amends ' + direct.celex END AS why
WHERE act_uid IS NOT NULL
WITH DISTINCT act_uid, why
MATCH (a:LegalAct {uid: act_uid})
OPTIONAL MATCH (a)<-[:REPEALS|REPLACES]-(newer:LegalAct)
WITH a, why, count(newer) AS superseded
WITH a, why, CASE WHEN a.in_force_source = 'eurlex' THEN a.in_force ELSE superseded = 0 END AS in_force
WHERE in_force
WITH a, list_sort(collect(why)) AS why
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.title AS title,
       coalesce(a.in_force_source, 'inferred') AS in_force_source, a.date_end_of_validity AS date_end_of_validity, why
ORDER BY celex
LIMIT $limit
