// name: eurlex_amendments_unmentioned
// description: Acts amending an act per EUR-Lex/CELLAR that no Council paper mentions (every source of the amending act is EUR-Lex), with the EUR-Lex source that states the amendment and the act's date and in-force flag.
// params: celex:string (CELEX number of the amended act) e.g. 32016R0794
MATCH (x:LegalAct {celex: $celex})<-[r:AMENDS]-(a:LegalAct)
WHERE all(s IN a.sources WHERE s STARTS WITH 'EUR-Lex/CELLAR')
// one edge per amendment, with every source stating it: the EUR-Lex/CELLAR ones
UNWIND r.sources AS src
WITH a, src
WHERE src STARTS WITH 'EUR-Lex/CELLAR'
WITH a, min(src) AS stated_in, count(src) AS statements
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.title AS title,
       a.date_document AS date_document, a.in_force AS in_force, stated_in, statements
ORDER BY date_document, celex
