"""Store backends: ``embedded`` (LadybugDB, in-process) and ``neo4j`` (official driver).

Import the one you need (graph.backends.embedded / graph.backends.neo4j) or use graph.factory.open_store.
"""
