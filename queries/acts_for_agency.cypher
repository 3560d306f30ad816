// name: acts_for_agency
// description: Acts an agency depends on: its founding acts (ESTABLISHES), acts cited by measures involving it, and the acts those amend, replace, repeal or are based on; ranked by score (3 per founding path, 2 per citing measure, 1 per indirect path; a relation stated by several papers counts once), with up to 25 example paths as evidence (paths counts them all); acts no longer in force come after the acts in force: in_force is EUR-Lex/CELLAR's flag where imported (in_force_source "eurlex"), else inferred (not repealed or replaced by a newer act, superseded_by); relations stated by EUR-Lex are used beside the papers' and every path says which (stated_by, evidence).
// params: agency:string=Europol (the agency name, e.g. Europol, Eurojust, Frontex) e.g. Europol, limit:int[1..500]=25 (rows to return)
MATCH (ag:Agency {name: $agency})<-[:ESTABLISHES|INVOLVES]-(x)
// Ids and scalars are carried, never nodes: a node carried through WITH brings all its properties along, and
// over a corpus the provenance of a much-cited act is megabytes (times every row).
WITH ag.uid AS ag_uid, x.uid AS x_uid
WHERE x_uid STARTS WITH 'LegalAct:' OR x_uid STARTS WITH 'Measure:'
OPTIONAL MATCH (:Measure {uid: x_uid})-[:REFERENCES]->(c:LegalAct)
WITH ag_uid, x_uid, c.uid AS c_uid
WHERE x_uid STARTS WITH 'LegalAct:' OR c_uid IS NOT NULL
WITH DISTINCT CASE WHEN x_uid STARTS WITH 'LegalAct:' THEN x_uid ELSE c_uid END AS direct_uid,
     CASE WHEN x_uid STARTS WITH 'LegalAct:' THEN 3 ELSE 2 END AS weight,
     CASE WHEN x_uid STARTS WITH 'LegalAct:' THEN x_uid + ' -ESTABLISHES-> ' + ag_uid
          ELSE c_uid + ' <-REFERENCES- ' + x_uid + ' -INVOLVES-> ' + ag_uid END AS evidence
// One row per directly reached act: its paths are counted here, once; two of them are kept as examples.
WITH direct_uid, sum(weight) AS dscore, max(weight) AS dstrong, count(*) AS dpaths, min(evidence) AS ev1, max(evidence) AS ev2
MATCH (direct:LegalAct {uid: direct_uid})
// Its relations, once per (act, relation, who states it): a relation is one edge listing every source
// stating it (papers, EUR-Lex/CELLAR).
OPTIONAL MATCH (direct)-[r:AMENDS|REPLACES|REPEALS|BASED_ON]->(dep:LegalAct)
UNWIND coalesce(r.sources, ['']) AS src
WITH direct_uid, dscore, dstrong, dpaths, ev1, ev2, dep.uid AS dep_uid, type(r) AS rel,
     CASE WHEN src STARTS WITH 'EUR-Lex/CELLAR' THEN 'EUR-Lex' ELSE 'paper' END AS said_by, min(src) AS said_in
// level 0: the direct act with its score; 1: its second example path; 2: the act it relates to, one point per path
UNWIND [0, 1, 2] AS level
WITH CASE WHEN level < 2 THEN direct_uid ELSE dep_uid END AS act_uid, level,
     CASE level WHEN 0 THEN dscore WHEN 1 THEN 0 ELSE dpaths END AS score,
     CASE WHEN level < 2 THEN dstrong ELSE 1 END AS strongest,
     CASE level WHEN 1 THEN 0 ELSE dpaths END AS paths,
     CASE WHEN level < 2 THEN 'paper' ELSE said_by END AS said_by,
     CASE level WHEN 0 THEN ev1 WHEN 1 THEN ev2 ELSE dep_uid + ' <-' + rel + '- ' + ev1 + ' [' + said_by + ': ' + said_in + ']' END AS evidence
WHERE act_uid IS NOT NULL
WITH DISTINCT act_uid, level, score, strongest, paths, said_by, evidence
MATCH (a:LegalAct {uid: act_uid})
// An act that a newer act repeals or replaces is no longer in force: rank it after the acts in force.
// EUR-Lex's own in-force flag, when imported, is the authority (in_force_source "eurlex"), else it is inferred.
OPTIONAL MATCH (a)<-[:REPEALS|REPLACES]-(newer:LegalAct)
WITH a.celex AS celex, a.short_name AS short_name, a.type AS act_type, a.in_force AS flag, a.in_force_source AS flag_source,
     act_uid, level, score, strongest, paths, said_by, evidence, newer.celex AS newer_celex
ORDER BY newer_celex
WITH celex, short_name, act_type, flag, flag_source, act_uid, level, score, strongest, paths, said_by, evidence,
     collect(DISTINCT newer_celex) AS superseded_by
ORDER BY evidence
WITH celex, short_name, act_type, flag, flag_source, superseded_by, sum(score) AS score, max(strongest) AS strongest,
     sum(paths) AS paths, collect(DISTINCT evidence)[0..25] AS evidence,
     max(CASE WHEN said_by = 'EUR-Lex' THEN 1 ELSE 0 END) AS via_eurlex, max(CASE WHEN said_by = 'paper' THEN 1 ELSE 0 END) AS via_papers
RETURN celex, coalesce(short_name, celex) AS short_name, act_type,
       CASE strongest WHEN 3 THEN 'founding act' WHEN 2 THEN 'cited by a measure involving the agency'
            ELSE 'amended, replaced, repealed or implemented by one of those' END AS relation,
       CASE WHEN flag_source = 'eurlex' THEN flag ELSE size(superseded_by) = 0 END AS in_force,
       coalesce(flag_source, 'inferred') AS in_force_source,
       CASE WHEN via_eurlex = 1 AND via_papers = 1 THEN 'papers and EUR-Lex' WHEN via_eurlex = 1 THEN 'EUR-Lex'
            ELSE 'papers' END AS stated_by,
       score, paths, superseded_by, evidence
ORDER BY in_force DESC, score DESC, celex
LIMIT $limit
