// Rewrite for LadybugDB: label(r) for type(r); lists sorted with list_sort (no ORDER BY inside WITH).
MATCH (a:LegalAct)-[r:AMENDS|REPEALS|REPLACES|BASED_ON]->(b:LegalAct)
WHERE $celex IS NULL OR $celex = '' OR a.celex = $celex OR b.celex = $celex
// one edge per relation, with every source stating it: EUR-Lex/CELLAR, papers, or both
WITH a, b, label(r) AS rel, any(s IN r.sources WHERE s STARTS WITH 'EUR-Lex/CELLAR') AS eurlex,
     any(s IN r.sources WHERE NOT s STARTS WITH 'EUR-Lex/CELLAR') AS paper
WITH a, b,
     list_sort(collect(DISTINCT CASE WHEN paper THEN rel ELSE NULL END)) AS papers,
     list_sort(collect(DISTINCT CASE WHEN eurlex THEN rel ELSE NULL END)) AS eurlex_types
RETURN a.celex AS from_celex, b.celex AS to_celex, papers AS paper_types, eurlex_types,
       CASE WHEN size(papers) = 0 THEN 'EUR-Lex only'
            WHEN size(eurlex_types) = 0 THEN 'papers only'
            WHEN any(t IN papers WHERE t IN eurlex_types) THEN 'agree'
            ELSE 'differ' END AS status
ORDER BY status, from_celex, to_celex
