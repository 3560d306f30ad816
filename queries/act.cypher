// name: act
// description: One legal act by CELEX with its ELI and EUR-Lex links, its EUR-Lex/CELLAR metadata where imported (dates, in force and whether that is authoritative, author, EuroVoc, consolidated versions), how many measures and papers cite it, and its provenance (one JSON list of source statements per document stating it, for one page of its sources: a much-cited act has one per paper).
// params: celex:string (CELEX number) e.g. 32016R0794
// params: provenance_limit:int[1..1000]=50 (documents of sources whose statements are returned, in document order), provenance_offset:int[0..100000]=0 (documents of sources to skip)
MATCH (a:LegalAct {celex: $celex})
// citing measures and papers: the act's tallies (graph/tallies.py), kept by the corpus stage
WITH a, coalesce(a.citing_measure_count, 0) AS citing_measures, coalesce(a.citing_document_count, 0) AS citing_documents
// provenance: one JSON list of statements per document stating the act (its Statement rows, found by id:
// "<uid>@<document>" for each of its sources, an index lookup on both backends), for one page of the sources
// (kept sorted by every writer): Regulation 2016/794 in 1,000 papers has 1,000 lists
WITH a, citing_measures, citing_documents,
     coalesce(a.sources, [])[$provenance_offset..($provenance_offset + $provenance_limit)] AS page
UNWIND CASE WHEN size(page) = 0 THEN [''] ELSE page END AS d
OPTIONAL MATCH (s:Statement {id: a.uid + '@' + d})
WITH a, citing_measures, citing_documents, d, s ORDER BY d SKIP 0
WITH a, citing_measures, citing_documents, collect(s.statements) AS provenance
RETURN a.celex AS celex, a.short_name AS short_name, a.title AS title, a.type AS act_type, a.issuer AS issuer,
       a.year AS year, a.number AS number, a.eli AS eli, a.eurlex_url AS eurlex_url, a.uid AS uid, a.sources AS sources,
       provenance, a.date AS date, a.date_document AS date_document,
       a.date_entry_into_force AS date_entry_into_force, a.date_end_of_validity AS date_end_of_validity,
       a.in_force AS in_force, a.in_force_source AS in_force_source, a.author AS author, a.eurovoc AS eurovoc,
       a.consolidated_versions AS consolidated_versions, citing_measures, citing_documents
