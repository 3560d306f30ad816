// name: act
// description: One legal act by CELEX with its ELI and EUR-Lex links, and how many measures and papers cite it.
// params: celex:string (CELEX number) e.g. 32016R0794
MATCH (a:LegalAct {celex: $celex})
OPTIONAL MATCH (x)-[r:REFERENCES]->(a)
WITH a, count(DISTINCT CASE WHEN x.uid STARTS WITH 'Measure:' THEN x.uid END) AS citing_measures,
     count(DISTINCT r.source) AS citing_documents
RETURN a.celex AS celex, a.short_name AS short_name, a.title AS title, a.type AS act_type, a.issuer AS issuer,
       a.year AS year, a.number AS number, a.eli AS eli, a.eurlex_url AS eurlex_url, a.uid AS uid, a.sources AS sources,
       a.provenance AS provenance, citing_measures, citing_documents
