// name: measures_citing_act
// description: Measures citing a legal act (REFERENCES), with the field of the measure where it is cited and the line as evidence.
// params: celex:string (CELEX number of the act) e.g. 32016R0794
MATCH (m:Measure)-[r:REFERENCES]->(a:LegalAct {celex: $celex})
RETURN m.key AS key, m.document AS document, m.number AS number, m.title AS title, m.section AS section,
       r.section AS cited_in, r.via_footnote AS via_footnote, r.source AS source, r.line_start AS line, r.snippet AS snippet
ORDER BY document, m.base_number, number, key, line, cited_in
