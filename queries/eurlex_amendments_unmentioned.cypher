// name: eurlex_amendments_unmentioned
// description: Acts amending an act per EUR-Lex/CELLAR that no Council paper mentions (every source of the amending act is EUR-Lex), with the EUR-Lex source that states the amendment and the act's date and in-force flag.
// params: celex:string (CELEX number of the amended act) e.g. 32016R0794
MATCH (x:LegalAct {celex: $celex})<-[r:AMENDS]-(a:LegalAct)
WHERE r.source STARTS WITH 'EUR-Lex/CELLAR'
  AND all(s IN a.sources WHERE s STARTS WITH 'EUR-Lex/CELLAR')
WITH a, min(r.source) AS stated_in, count(r) AS statements
RETURN a.celex AS celex, coalesce(a.short_name, a.celex) AS short_name, a.title AS title,
       a.date_document AS date_document, a.in_force AS in_force, stated_in, statements
ORDER BY date_document, celex
