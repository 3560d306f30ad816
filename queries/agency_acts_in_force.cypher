// name: agency_acts_in_force
// description: What is in force that an agency depends on: its founding acts, the acts cited by measures involving it, and the acts amending those per EUR-Lex/CELLAR or the papers, kept when in force (EUR-Lex's flag where known, else not repealed or replaced in the graph); with the source of the in-force answer.
// params: agency:string=Europol (the agency name) e.g. Europol, limit:int[1..500]=100 (rows to return)
MATCH (ag:Agency {name: $agency})<-[:ESTABLISHES|INVOLVES]-(x)
// ids, not nodes, are carried: a node carried through WITH brings all its properties (provenance included)
WITH x.uid AS x_uid
OPTIONAL MATCH (:Measure {uid: x_uid})-[:REFERENCES]->(c:LegalAct)
WITH x_uid, c.uid AS c_uid
WHERE x_uid STARTS WITH 'LegalAct:' OR c_uid IS NOT NULL
WITH DISTINCT CASE WHEN x_uid STARTS WITH 'LegalAct:' THEN x_uid ELSE c_uid END AS direct_uid,
     CASE WHEN x_uid STARTS WITH 'LegalAct:' THEN 'founding act' ELSE 'cited by a measure involving the agency' END AS why
MATCH (direct:LegalAct {uid: direct_uid})
OPTIONAL MATCH (direct)<-[:AMENDS]-(amending:LegalAct)
WITH DISTINCT direct.uid AS d_uid, direct.celex AS d_celex, why, amending.uid AS amending_uid
UNWIND [0, 1] AS level
WITH CASE WHEN level = 0 THEN d_uid ELSE amending_uid END AS act_uid,
     CASE WHEN level = 0 THEN why ELSE 'amends ' + d_celex END AS why
WHERE act_uid IS NOT NULL
WITH DISTINCT act_uid, why
MATCH (a:LegalAct {uid: act_uid})
OPTIONAL MATCH (a)<-[:REPEALS|REPLACES]-(newer:LegalAct)
WITH a.uid AS a_uid, why, count(newer) AS superseded, a.in_force AS flag, a.in_force_source AS flag_source
WITH a_uid, why, CASE WHEN flag_source = 'eurlex' THEN flag ELSE superseded = 0 END AS in_force
WHERE in_force
MATCH (a:LegalAct {uid: a_uid})
WITH a, why
ORDER BY why
WITH a, collect(why) AS why
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.title AS title,
       coalesce(a.in_force_source, 'inferred') AS in_force_source, a.date_end_of_validity AS date_end_of_validity, why
ORDER BY celex
LIMIT $limit
