"""EUR-Lex / CELLAR import: authoritative legal-act metadata from the Publications Office's formats.

One module per format (``rdf``: CELLAR RDF/XML notices; ``notice_xml``: ``<NOTICE>`` XML and the EUR-Lex
web-service SOAP response; ``rdfa``: ELI RDFa in EUR-Lex pages; ``search_export``: EUR-Lex search exports
CSV/TSV; ``sparql``: SPARQL result sets CSV/JSON; ``bulk``: the R data act table). Every reader returns the
typed records of ``records``; ``build`` turns them into a graph.model.Graph with provenance; ``importer``
detects the format and loads through the public store contract; ``fetch`` downloads notices from CELLAR.
"""
