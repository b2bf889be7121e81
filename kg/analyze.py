"""Analyze: NetworkX views of the graph (actors and the relations between them)."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

ACTOR_NETWORK_QUERY = """
PREFIX kgo: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?fact ?kind ?a ?b ?quote ?article ?grade WHERE {
  {
    ?fact a kgo:Strike ; kgo:attacker ?a ; kgo:target ?b . BIND("struck" AS ?kind)
  } UNION {
    ?fact a kgo:Support ; kgo:supporter ?b ; kgo:recipient ?a . BIND("supportedBy" AS ?kind)
  } UNION {
    ?fact a kgo:Alliance ; kgo:party ?a, ?b . FILTER(STR(?a) < STR(?b)) BIND("alliedWith" AS ?kind)
  } UNION {
    ?fact a kgo:Membership ; kgo:member ?a ; kgo:group ?b . BIND("memberOf" AS ?kind)
  } UNION {
    ?fact a kgo:Opposition ; kgo:party ?a, ?b . FILTER(?a != ?b) BIND("opposes" AS ?kind)
  }
  FILTER NOT EXISTS { ?fact kgo:disputedBy ?d }
  ?fact prov:wasDerivedFrom ?ev ; kgo:reportedIn ?art .
  ?ev kgo:exactText ?quote .
  ?art dcterms:identifier ?article .
  OPTIONAL { ?fact kgo:grade ?grade }
}
ORDER BY ?fact ?a ?b
"""

NODE_QUERY = """
PREFIX kgo: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?label ?class WHERE {
  ?node rdfs:label ?label ; a ?class .
  VALUES ?class { kgo:Person kgo:State kgo:ArmedGroup kgo:Coalition kgo:Organization kgo:Place kgo:Weapon }
}
"""


def actor_network(store: ox.Store) -> nx.MultiDiGraph:
    """Actors as nodes (label, class) and one edge per reported relation, with its quote, article
    and grade (kgo:grade of the event it belongs to, e.g. ``MultiSource``; "" when ungraded)."""
    graph = nx.MultiDiGraph()
    for sol in store.query(NODE_QUERY, use_default_graph_as_union=True):
        node = sol["node"].value
        cls = sol["class"].value.rsplit("#", 1)[-1]
        previous = graph.nodes[node].get("type") if node in graph else None
        graph.add_node(node, label=sol["label"].value, type=previous or cls)
    for sol in store.query(ACTOR_NETWORK_QUERY, use_default_graph_as_union=True):
        a, b, kind = sol["a"].value, sol["b"].value, sol["kind"].value
        for node in (a, b):
            if node not in graph:
                graph.add_node(node, label=node.rsplit("/", 1)[-1], type="Actor")
        grade = sol["grade"].value.rsplit("#", 1)[-1] if sol["grade"] is not None else ""
        graph.add_edge(a, b, key=sol["fact"].value, relation=kind, quote=sol["quote"].value,
                       article=sol["article"].value, grade=grade)
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph


def weighted_actor_graph(network: nx.MultiDiGraph) -> nx.DiGraph:
    """Collapse parallel edges into one per (a, b, relation), weighted by the number of reports."""
    weighted = nx.DiGraph()
    weighted.add_nodes_from(network.nodes(data=True))
    for a, b, data in network.edges(data=True):
        key = (a, b)
        if weighted.has_edge(*key) and weighted.edges[key]["relation"] == data["relation"]:
            weighted.edges[key]["weight"] += 1
        else:
            weighted.add_edge(a, b, relation=data["relation"], weight=1)
    return weighted
