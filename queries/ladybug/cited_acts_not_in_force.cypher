// Rewrite for LadybugDB: ORDER BY inside WITH needs SKIP/LIMIT there, so lists are sorted with list_sort.
// cited: the act's tallies (graph/tallies.py, kept by the corpus stage) instead of counting every citation
MATCH (c:LegalAct)
WHERE c.citation_count > 0
WITH c, c.citation_count AS citing
OPTIONAL MATCH (c)<-[:REPEALS|REPLACES]-(newer:LegalAct)
WITH c, citing, list_sort(collect(DISTINCT newer.celex)) AS superseded_by
WITH c, citing, superseded_by,
     CASE WHEN c.in_force_source = 'eurlex' THEN c.in_force ELSE size(superseded_by) = 0 END AS in_force,
     coalesce(c.in_force_source, 'inferred') AS in_force_source
WHERE NOT in_force
RETURN c.celex AS celex, coalesce(c.short_name, c.celex) AS short_name, in_force_source,
       c.date_end_of_validity AS date_end_of_validity, superseded_by, citing AS citing_statements,
       coalesce(c.citing_measure_count, 0) AS citing_measures
ORDER BY celex
LIMIT $limit
