"""Synthetic actor networks for the visualization tests (no articles needed)."""

from __future__ import annotations

import networkx as nx

TYPES = ("State", "ArmedGroup", "Person", "Coalition", "Organization")
RELATIONS = ("struck", "supportedBy", "alliedWith", "memberOf", "opposes")
HOSTILE_LABELS = (
    "<img src=x onerror=\"window.__kgPwned = 'img-label'\">",
    "</script><script>window.__kgPwned = 'script-label'</script>",
    "\" onmouseover=\"window.__kgPwned = 'attr'\" x=\"",
)


def random_network(nodes: int, edges_per_node: float = 1.2, seed: int = 1) -> nx.MultiDiGraph:
    """A random multigraph shaped like ``actor_network``'s output."""
    shape = nx.gnm_random_graph(nodes, int(nodes * edges_per_node), seed=seed, directed=True)
    network = nx.MultiDiGraph()
    for i in shape:
        network.add_node(f"urn:x-test:n{i}", label=f"actor {i}", type=TYPES[i % len(TYPES)])
    for k, (a, b) in enumerate(shape.edges()):
        network.add_edge(f"urn:x-test:n{a}", f"urn:x-test:n{b}", key=f"urn:x-test:f{k}",
                         relation=RELATIONS[k % len(RELATIONS)], quote=f"quote {k}", article=f"a{k % 7}.txt")
    return network


def hostile_network() -> nx.MultiDiGraph:
    """A small network whose labels, quotes, articles and extra edge data try to inject script."""
    network = nx.MultiDiGraph()
    network.add_node("urn:x-test:safe", label="Safe State", type="State")
    for i, label in enumerate(HOSTILE_LABELS):
        node = f"urn:x-test:h{i}"
        network.add_node(node, label=label, type="ArmedGroup")
        network.add_edge("urn:x-test:safe", node, key=f"urn:x-test:f{i}", relation="struck",
                         quote=f"they said {label}", article=f"{label}.txt",
                         grade="<b onmouseover=\"window.__kgPwned = 'grade'\">confirmed</b>")
    network.add_edge("urn:x-test:h0", "urn:x-test:h1", key="urn:x-test:ally", relation="alliedWith",
                     quote="</script><script>window.__kgPwned = 'quote'</script>", article="x.txt")
    return network
