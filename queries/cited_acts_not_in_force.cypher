// name: cited_acts_not_in_force
// description: Acts cited by Council papers that are no longer in force: per EUR-Lex/CELLAR where it says so (in_force_source "eurlex"), otherwise inferred from the graph (repealed or replaced by a newer act); with the end of validity, the superseding acts, how many statements cite the act (REFERENCES from measures and papers) and how many measures.
// params: limit:int[1..1000]=100 (rows to return)
// cited: the act's tallies (graph/tallies.py, kept by the corpus stage) instead of counting every citation
MATCH (c:LegalAct)
WHERE c.citation_count > 0
WITH c, c.citation_count AS citing
OPTIONAL MATCH (c)<-[:REPEALS|REPLACES]-(newer:LegalAct)
WITH c, citing, newer
ORDER BY newer.celex
WITH c, citing, collect(DISTINCT newer.celex) AS superseded_by
WITH c, citing, superseded_by,
     CASE WHEN c.in_force_source = 'eurlex' THEN c.in_force ELSE size(superseded_by) = 0 END AS in_force,
     coalesce(c.in_force_source, 'inferred') AS in_force_source
WHERE NOT in_force
RETURN c.celex AS celex, coalesce(c.short_name, c.celex) AS short_name, in_force_source,
       c.date_end_of_validity AS date_end_of_validity, superseded_by, citing AS citing_statements,
       coalesce(c.citing_measure_count, 0) AS citing_measures
ORDER BY celex
LIMIT $limit
