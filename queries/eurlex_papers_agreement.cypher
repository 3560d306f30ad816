// name: eurlex_papers_agreement
// description: Where the Council papers and EUR-Lex/CELLAR agree and differ on how two acts relate (AMENDS, REPEALS, REPLACES, BASED_ON between legal acts): one row per pair of acts with the types each side states and whether they agree, differ or only one side states it; optionally the pairs involving one act.
// params: celex:string= (CELEX of one act; empty for all) e.g. 32016R0794
MATCH (a:LegalAct)-[r:AMENDS|REPEALS|REPLACES|BASED_ON]->(b:LegalAct)
WHERE $celex IS NULL OR $celex = '' OR a.celex = $celex OR b.celex = $celex
// one edge per relation, with every source stating it: EUR-Lex/CELLAR, papers, or both
WITH a, b, type(r) AS rel, any(s IN r.sources WHERE s STARTS WITH 'EUR-Lex/CELLAR') AS eurlex,
     any(s IN r.sources WHERE NOT s STARTS WITH 'EUR-Lex/CELLAR') AS paper
ORDER BY rel
WITH a, b,
     collect(DISTINCT CASE WHEN paper THEN rel ELSE NULL END) AS papers,
     collect(DISTINCT CASE WHEN eurlex THEN rel ELSE NULL END) AS eurlex_types
RETURN a.celex AS from_celex, b.celex AS to_celex, papers AS paper_types, eurlex_types,
       CASE WHEN size(papers) = 0 THEN 'EUR-Lex only'
            WHEN size(eurlex_types) = 0 THEN 'papers only'
            WHEN any(t IN papers WHERE t IN eurlex_types) THEN 'agree'
            ELSE 'differ' END AS status
ORDER BY status, from_celex, to_celex
