MATCH (ag:Agency {name: $agency})<-[:ESTABLISHES|INVOLVES]-(x)
WHERE x.uid STARTS WITH 'LegalAct:' OR x.uid STARTS WITH 'Measure:'
OPTIONAL MATCH (x)-[:REFERENCES]->(c:LegalAct)
WITH ag, x, c
WHERE x.uid STARTS WITH 'LegalAct:' OR c IS NOT NULL
WITH DISTINCT ag, CASE WHEN x.uid STARTS WITH 'LegalAct:' THEN x.uid ELSE c.uid END AS direct_uid
MATCH (direct:LegalAct {uid: direct_uid})
// The relations of each directly reached act, once per (act, relation, who states it): a relation that
// many papers state is one path (counting it per paper would multiply the paths by the corpus size).
OPTIONAL MATCH (direct)-[r:AMENDS|REPLACES|REPEALS|BASED_ON]->(dep:LegalAct)
WITH ag, direct.uid AS direct_uid, dep.uid AS dep_uid, label(r) AS rel,
     CASE WHEN r.source STARTS WITH 'EUR-Lex/CELLAR' THEN 'EUR-Lex' ELSE 'paper' END AS said_by, min(r.source) AS said_in
// The direct paths to each such act: it is a founding act, or a measure involving the agency cites it.
MATCH (ag)<-[:ESTABLISHES|INVOLVES]-(x)
WHERE x.uid = direct_uid OR (x.uid STARTS WITH 'Measure:' AND EXISTS { MATCH (x)-[:REFERENCES]->(:LegalAct {uid: direct_uid}) })
WITH direct_uid, dep_uid, rel, said_by, said_in,
     CASE WHEN x.uid STARTS WITH 'LegalAct:' THEN 3 ELSE 2 END AS weight,
     CASE WHEN x.uid STARTS WITH 'LegalAct:' THEN x.uid + ' -ESTABLISHES-> ' + ag.uid
          ELSE direct_uid + ' <-REFERENCES- ' + x.uid + ' -INVOLVES-> ' + ag.uid END AS evidence
UNWIND [0, 1] AS level
WITH CASE WHEN level = 0 THEN direct_uid ELSE dep_uid END AS act_uid,
     CASE WHEN level = 0 THEN weight ELSE 1 END AS weight,
     CASE WHEN level = 0 THEN 'paper' ELSE said_by END AS said_by,
     CASE WHEN level = 0 THEN evidence ELSE dep_uid + ' <-' + rel + '- ' + evidence + ' [' + said_by + ': ' + said_in + ']' END AS evidence
WHERE act_uid IS NOT NULL
WITH DISTINCT act_uid, weight, said_by, evidence
MATCH (a:LegalAct {uid: act_uid})
// LadybugDB cannot OPTIONAL MATCH after an aggregation that carries a list: find the superseding acts first.
OPTIONAL MATCH (a)<-[:REPEALS|REPLACES]-(newer:LegalAct)
WITH a, weight, said_by, evidence, list_sort(collect(DISTINCT newer.celex)) AS superseded_by
WITH a, superseded_by, cast(sum(weight) AS INT64) AS score, max(weight) AS strongest, count(*) AS paths, list_slice(list_sort(collect(evidence)), 1, 25) AS evidence,
     max(CASE WHEN said_by = 'EUR-Lex' THEN 1 ELSE 0 END) AS via_eurlex, max(CASE WHEN said_by = 'paper' THEN 1 ELSE 0 END) AS via_papers
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.type AS act_type,
       CASE strongest WHEN 3 THEN 'founding act' WHEN 2 THEN 'cited by a measure involving the agency'
            ELSE 'amended, replaced, repealed or implemented by one of those' END AS relation,
       CASE WHEN a.in_force_source = 'eurlex' THEN a.in_force ELSE size(superseded_by) = 0 END AS in_force,
       coalesce(a.in_force_source, 'inferred') AS in_force_source,
       CASE WHEN via_eurlex = 1 AND via_papers = 1 THEN 'papers and EUR-Lex' WHEN via_eurlex = 1 THEN 'EUR-Lex'
            ELSE 'papers' END AS stated_by,
       score, paths, superseded_by, evidence
ORDER BY in_force DESC, score DESC, celex
LIMIT $limit
