// name: measures_citing_act
// description: Measures citing a legal act (REFERENCES), with the field of the measure where it is cited and the line as evidence. One page: limit rows from offset (a list that grows with the corpus).
// params: celex:string (CELEX number of the act) e.g. 32016R0794
// params: limit:int[1..1000]=200 (rows to return), offset:int[0..1000]=0 (rows to skip; at most 1000)
MATCH (m:Measure)-[r:REFERENCES]->(a:LegalAct {celex: $celex})
RETURN m.key AS key, m.document AS document, m.number AS number, m.title AS title, m.section AS section,
       r.section AS cited_in, r.via_footnote AS via_footnote, r.source AS source, r.line_start AS line, r.snippet AS snippet
ORDER BY document, m.base_number, number, key, line, cited_in
SKIP $offset
LIMIT $limit
