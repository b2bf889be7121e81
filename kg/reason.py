"""Reason: classify the graph with HermiT and keep inferred triples apart.

HermiT is the one bundled with owlready2 (its jar, java settings and output patterns).
The ontology and the graph are merged with rdflib and handed to HermiT as N-Triples in a
temporary folder; HermiT's answer is read back directly, because owlready2 drops inferred
values of inverse properties (it stores ``a struck b`` and ``b struckBy a`` as one edge)
and a plain SPARQL query over the inferred file needs them. The triples HermiT adds that were not
asserted (defined-class memberships, their named superclasses, inverse property values)
go to their own graph, written to ``inferred.ttl`` beside ``graph.ttl``.

When the ontology and graph are inconsistent, :func:`explain_inconsistency` names the
clashing individuals, their labels and asserted types, and the axioms behind the clash.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .build import KGO, new_graph
from .errors import KGError
from .resources import ontology_path

PROBE = "urn:x-kg:probe:"
MAX_BISECT_RUNS = 40


@dataclass
class Clash:
    """Individuals that cannot exist together under the ontology, and why."""

    individuals: list[URIRef]
    labels: dict[URIRef, str]
    types: dict[URIRef, list[URIRef]]
    axioms: list[str]

    def describe(self, graph: Graph) -> str:
        """A few readable lines: each individual with its label and asserted types, then the axioms."""
        lines = []
        for node in self.individuals:
            types = ", ".join(_qname(graph, t) for t in self.types.get(node, [])) or "none"
            lines.append(f"  {_qname(graph, node)} \"{self.labels.get(node, '')}\" (asserted types: {types})")
        lines += [f"    {'why:' if i == 0 else '    '} {axiom}" for i, axiom in enumerate(self.axioms)]
        return "\n".join(lines)


@dataclass
class ReasonResult:
    """What reasoning found: consistency, the new triples (or the clashes), and timings."""

    consistent: bool
    inferred: Graph
    clashes: list[Clash] = field(default_factory=list)
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Inferred triples by kind: class memberships, subclass links, property values."""
        kinds = {"types": 0, "subclasses": 0, "properties": 0}
        for _, p, _ in self.inferred:
            kinds["types" if p == RDF.type else "subclasses" if p == RDFS.subClassOf else "properties"] += 1
        return kinds


def java_available() -> bool:
    """True when a ``java`` runtime (needed by HermiT) is on PATH."""
    return shutil.which("java") is not None


def load_input(graph: str | Path | Graph) -> Graph:
    """The data graph from a Turtle file (KGError when missing or broken) or as given."""
    if isinstance(graph, Graph):
        return graph
    from .export import read_graph

    return read_graph(graph)


ENGINES = ("hermit", "fast")


def check_engine(engine: str) -> None:
    """Raise KGError unless ``engine`` names one of :data:`ENGINES`."""
    if engine not in ENGINES:
        raise KGError(engine, f"unknown reasoning engine (want one of {', '.join(ENGINES)})")


def reason_graph(graph: str | Path | Graph, out: str | Path | None = None,
                 ontology: str | Path | None = None, explain: bool = True, engine: str = "hermit") -> ReasonResult:
    """Classify ``graph`` (a Turtle file or rdflib graph) against the ontology.

    ``engine="hermit"``: HermiT realises every individual and property value (complete
    OWL 2 DL; slow past a few thousand individuals). ``engine="fast"``: HermiT only checks
    consistency, and :mod:`kg.materialize` compiles the defined classes to SPARQL rules.
    Returns a :class:`ReasonResult`; with ``out``, writes the new triples to that Turtle
    file (only when consistent). An inconsistent graph is explained unless ``explain`` is False.
    """
    check_engine(engine)
    data = load_input(graph)
    tbox = _read_ontology(ontology)
    started = time.perf_counter()
    # N-Triples concatenate: cheaper than merging rdflib graphs, which dominates on big ABoxes.
    payload = ntriples(tbox) + ntriples(data) + ntriples(distinct_states(tbox, data))
    try:
        if engine == "hermit":
            inferred = run_hermit(payload)
        else:
            from .materialize import materialize

            check_consistency(payload)
            inferred = materialize(data, tbox)
    except InconsistentError:
        clashes = explain_inconsistency(tbox, data) if explain else []
        return ReasonResult(False, new_graph(), clashes, time.perf_counter() - started)
    new = new_inferences(tbox, data, inferred)
    result = ReasonResult(True, new, seconds=time.perf_counter() - started)
    if out is not None:
        from .export import write_turtle

        write_turtle(new, Path(out))
        result.files.append(Path(out))
    return result


def ntriples(graph: Graph) -> bytes:
    """The graph as N-Triples (UTF-8)."""
    return graph.serialize(format="nt", encoding="utf-8")


def distinct_states(*graphs: Graph) -> Graph:
    """An owl:AllDifferent axiom over the named states of ``graph``.

    OWL makes no unique name assumption, so without it a reasoner cannot tell that
    kgr:russia and kgr:united-states are two states, and kgo:MultiStateTarget (struck by
    at least two states) would never hold. Resolution gives each actor one IRI, so distinct
    state IRIs are distinct states. Only states: pairwise inequality grows quadratically.
    """
    states = sorted({s for g in graphs for s in g.subjects(RDF.type, KGO.State) if isinstance(s, URIRef)})
    axiom = Graph()
    if len(states) > 1:
        node, members = BNode(), BNode()
        axiom.add((node, RDF.type, OWL.AllDifferent))
        Collection(axiom, members, states)
        axiom.add((node, OWL.distinctMembers, members))
    return axiom


class InconsistentError(Exception):
    """HermiT found the ontology and data inconsistent."""


def _read_ontology(path: str | Path | None) -> Graph:
    from .export import read_graph

    return read_graph(path or ontology_path(), kind="ontology")


def hermit_command(path: Path, *actions: str) -> list[str]:
    """The java command line running the HermiT jar that ships with owlready2 on ``path``."""
    import owlready2
    from owlready2 import reasoning

    return [owlready2.JAVA_EXE, f"-Xmx{reasoning.JAVA_MEMORY}M", "-cp", reasoning._HERMIT_CLASSPATH,
            "org.semanticweb.HermiT.cli.CommandLine", *actions, path.as_uri()]


def _hermit(graph: Graph | bytes, actions: list[str]) -> subprocess.CompletedProcess:
    if not java_available():
        raise KGError("java", "HermiT needs a Java runtime on PATH (Debian: default-jre-headless)")
    with tempfile.TemporaryDirectory(prefix="kg-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        path.write_bytes(graph if isinstance(graph, bytes) else ntriples(graph))
        proc = subprocess.run(hermit_command(path, *actions), capture_output=True, text=True)
    if proc.returncode == 1 and "Inconsistent ontology" in (proc.stdout + proc.stderr):
        raise InconsistentError()
    return proc


def _hermit_failed(proc: subprocess.CompletedProcess) -> KGError:
    last = (proc.stderr or proc.stdout).strip().splitlines() or ["no output"]
    return KGError("HermiT", f"reasoner failed (exit {proc.returncode}): {last[-1][:300]}")


def check_consistency(graph: Graph | bytes) -> None:
    """Raise :class:`InconsistentError` unless HermiT finds ``graph`` consistent (no classification)."""
    proc = _hermit(graph, ["-k"])
    if proc.returncode != 0 or "is satisfiable" not in proc.stdout:
        raise _hermit_failed(proc)


def run_hermit(graph: Graph | bytes, property_values: bool = True) -> Graph:
    """Run HermiT on ``graph`` (TBox + ABox); return the triples it infers.

    Direct types of every individual, subclass and equivalence links between named classes
    (``owl:Nothing`` for unsatisfiable ones) and, with ``property_values``, every known
    object property value. Raises :class:`InconsistentError` when the graph is
    inconsistent, KGError when java is missing or HermiT fails.
    """
    proc = _hermit(graph, ["-c", "-O", "-D", "-I"] + (["-Y"] if property_values else []))
    if property_values and "ConcurrentModificationException" in proc.stderr:
        # HermiT 1.4 sometimes fails while reading off property values when it has
        # merged individuals (owlcs/owlapi#675): classify without them, and derive the
        # values of inverse, symmetric and super-properties from the asserted ones.
        parsed = graph if isinstance(graph, Graph) else Graph().parse(data=graph, format="nt")
        return run_hermit(graph, property_values=False) + property_closure(parsed)
    if proc.returncode != 0:
        raise _hermit_failed(proc)
    return parse_hermit_output(proc.stdout)


def property_closure(graph: Graph) -> Graph:
    """Object property values entailed through owl:inverseOf, owl:SymmetricProperty and
    rdfs:subPropertyOf (one step each, which is all the ontology uses)."""
    out = Graph()
    inverses = [(p, q) for p, q in graph.subject_objects(OWL.inverseOf) if isinstance(p, URIRef) and isinstance(q, URIRef)]
    for p, q in inverses + [(q, p) for p, q in inverses]:
        for a, b in graph.subject_objects(p):
            out.add((b, q, a))
    for p in graph.subjects(RDF.type, OWL.SymmetricProperty):
        for a, b in graph.subject_objects(p):
            out.add((b, p, a))
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        for a, b in graph.subject_objects(sub):
            out.add((a, sup, b))
    return out


def parse_hermit_output(text: str) -> Graph:
    """HermiT's command-line answer (``-c -O -D -I [-Y]``) as RDF triples."""
    from owlready2 import reasoning

    out = Graph()
    relation = {"SubClassOf": RDFS.subClassOf, "Type": RDF.type, "EquivalentClasses": OWL.equivalentClass}
    for line in text.splitlines():
        found = reasoning._HERMIT_RESULT_REGEXP.match(line)
        if found and found.group(1) in relation:
            iris = [URIRef(i) for i in found.group(2).strip()[1:-1].split("> <")]
            pairs = [(a, b) for a in iris for b in iris if a != b] if found.group(1) == "EquivalentClasses" else [iris[:2]]
            for a, b in pairs:
                out.add((a, relation[found.group(1)], b))
            continue
        found = reasoning._HERMIT_PROP_REGEXP.match(line)
        if found and found.group(2).strip():
            prop = URIRef(found.group(1))
            for pair in found.group(2).strip()[1:-1].split(")("):
                a, b = pair[1:-1].split(">, <", 1)
                out.add((URIRef(a), prop, URIRef(b)))
    return out


def superclasses(tbox: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class → all its named superclasses (transitive, via rdfs:subClassOf)."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in tbox.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sup != OWL.Thing:
            direct.setdefault(sub, set()).add(sup)
    closure: dict[URIRef, set[URIRef]] = {}

    def up(cls: URIRef, seen: frozenset = frozenset()) -> set[URIRef]:
        if cls not in closure:
            found: set[URIRef] = set()
            for sup in direct.get(cls, ()):
                if sup not in seen:
                    found |= {sup} | up(sup, seen | {cls})
            closure[cls] = found
        return closure[cls]

    for cls in list(direct):
        up(cls)
    return closure


def new_inferences(tbox: Graph, data: Graph, inferred: Graph) -> Graph:
    """What the reasoner entails that neither ``tbox`` nor ``data`` says, as plain triples.

    Every individual's named classes (its direct types from HermiT closed over named
    superclasses, so ``?x a kgo:Actor`` needs no reasoning at query time), subclass links
    between named classes, and object property values; owl: terms and blank nodes are left out.
    """
    links = Graph()
    for triple in tbox.triples((None, RDFS.subClassOf, None)):
        links.add(triple)
    for triple in inferred.triples((None, RDFS.subClassOf, None)):
        links.add(triple)
    supers = superclasses(links)
    new = new_graph()
    for s, p, o in inferred:
        if str(o).startswith(str(OWL)) or str(s).startswith(str(OWL)):
            continue
        objects = {o} | (supers.get(o, set()) if p in (RDF.type, RDFS.subClassOf) else set())
        for obj in objects:
            if obj != s and (s, p, obj) not in data and (s, p, obj) not in tbox:
                new.add((s, p, obj))
    return new


# ---------------------------------------------------------------- explaining an inconsistency

def _qname(graph: Graph, node) -> str:
    from .validate import short_name

    return short_name(graph, node) if isinstance(node, URIRef) else str(node)


def _label(graph: Graph, node) -> str:
    return str(graph.value(node, RDFS.label) or "")


def explain_inconsistency(tbox: Graph, data: Graph) -> list[Clash]:
    """Find the individuals behind an inconsistency, and the axioms that make them clash.

    First each individual alone is probed: its asserted types and the properties it uses
    (whose domains and ranges type it) become a class HermiT tests for satisfiability, all
    in one run. A clash that needs several individuals (a functional property, a nominal)
    is then found by bisecting the ABox down to a minimal inconsistent set of individuals.
    """
    try:
        clashes = _local_clashes(tbox, data)
    except InconsistentError:  # probes only define new class names: the TBox itself is to blame
        return [Clash([], {}, {}, ["the ontology alone is inconsistent; no individual of the graph is needed"])]
    return clashes or _bisect_clashes(tbox, data)


def _signature(data: Graph, node) -> frozenset:
    """What an individual's own triples say about it: types, outgoing and incoming object properties."""
    parts = {("type", t) for t in data.objects(node, RDF.type) if isinstance(t, URIRef) and t != OWL.NamedIndividual}
    parts |= {("out", p) for p, o in data.predicate_objects(node) if p != RDF.type and not isinstance(o, Literal)}
    parts |= {("in", p) for s, p in data.subject_predicates(node) if isinstance(s, (URIRef, BNode))}
    return frozenset(parts)


def _conjunct(graph: Graph, part: tuple) -> URIRef | BNode:
    kind, term = part
    if kind == "type":
        return term
    restriction = BNode()
    graph.add((restriction, RDF.type, OWL.Restriction))
    if kind == "out":
        graph.add((restriction, OWL.onProperty, term))
    else:
        inverse = BNode()
        graph.add((inverse, OWL.inverseOf, term))
        graph.add((restriction, OWL.onProperty, inverse))
    graph.add((restriction, OWL.someValuesFrom, OWL.Thing))
    return restriction


def _probe_classes(tbox: Graph, tbox_props: set, probes: list[frozenset]) -> Graph:
    """The TBox plus one class per probe, equivalent to the intersection of its parts."""
    graph = Graph()
    for triple in tbox:
        graph.add(triple)
    for index, parts in enumerate(probes):
        usable = [p for p in sorted(parts) if p[0] == "type" or p[1] in tbox_props]
        cls = URIRef(f"{PROBE}{index}")
        graph.add((cls, RDF.type, OWL.Class))
        members = BNode()
        Collection(graph, members, [_conjunct(graph, p) for p in usable] or [OWL.Thing])
        expression = BNode()
        graph.add((expression, RDF.type, OWL.Class))
        graph.add((expression, OWL.intersectionOf, members))
        graph.add((cls, OWL.equivalentClass, expression))
    return graph


def _unsatisfiable_probes(tbox: Graph, probes: list[frozenset]) -> set[int]:
    props = set(tbox.subjects(RDF.type, OWL.ObjectProperty))
    inferred = run_hermit(_probe_classes(tbox, props, probes), property_values=False)
    return {int(str(c)[len(PROBE):]) for c in inferred.subjects(OWL.equivalentClass, OWL.Nothing)
            if str(c).startswith(PROBE)}


def _local_clashes(tbox: Graph, data: Graph) -> list[Clash]:
    nodes = {s for s in data.subjects(RDF.type, None) if isinstance(s, URIRef)}
    by_signature: dict[frozenset, list[URIRef]] = {}
    for node in sorted(nodes):
        by_signature.setdefault(_signature(data, node), []).append(node)
    signatures = list(by_signature)
    bad = sorted(_unsatisfiable_probes(tbox, signatures))
    if not bad:
        return []
    # For each clashing signature, the smallest pairs of parts that already clash.
    pairs = [(i, frozenset({a, b})) for i in bad for a in signatures[i] for b in signatures[i] if a < b]
    pairs += [(i, frozenset({a})) for i in bad for a in signatures[i]]
    unsat_pairs = _unsatisfiable_probes(tbox, [p for _, p in pairs])
    clashes = []
    for i in bad:
        culprits = [pairs[k][1] for k in sorted(unsat_pairs) if pairs[k][0] == i]
        culprits = [c for c in culprits if not any(o < c for o in culprits)] or [signatures[i]]
        culprits.sort(key=lambda c: (sum(kind != "type" for kind, _ in c), sorted(c)))
        axioms = [_explain_parts(tbox, c) for c in culprits]
        members = by_signature[signatures[i]]
        clashes.append(Clash(members, {m: _label(data, m) for m in members},
                             {m: sorted(t for t in data.objects(m, RDF.type) if isinstance(t, URIRef)) for m in members},
                             axioms))
    return clashes


def _part_class(tbox: Graph, part: tuple) -> tuple[URIRef | None, str]:
    """The named class a part forces on an individual, and how (asserted type, domain, range)."""
    kind, term = part
    if kind == "type":
        return term, f"asserted type {_qname(tbox, term)}"
    prop = _qname(tbox, term)
    if kind == "out":
        domain = tbox.value(term, RDFS.domain)
        return domain, f"subject of {prop} (rdfs:domain {_qname(tbox, domain)})" if domain else f"subject of {prop}"
    rng = tbox.value(term, RDFS.range)
    return rng, f"object of {prop} (rdfs:range {_qname(tbox, rng)})" if rng else f"object of {prop}"


def _explain_parts(tbox: Graph, parts: frozenset) -> str:
    """One sentence: the parts that clash and the disjointness axiom that separates them."""
    described = [_part_class(tbox, p) for p in sorted(parts)]
    text = " and ".join(d for _, d in described)
    classes = [c for c, _ in described if c is not None]
    if len(classes) == 2:
        axiom = _disjointness(tbox, classes[0], classes[1])
        if axiom:
            return f"{text}: {axiom}"
    return f"{text} cannot hold together (HermiT)"


def _disjointness(tbox: Graph, a: URIRef, b: URIRef) -> str | None:
    """The asserted axiom making classes ``a`` and ``b`` disjoint, found among their superclasses."""
    supers = superclasses(tbox)
    ups_a, ups_b = {a} | supers.get(a, set()), {b} | supers.get(b, set())
    for x, y in tbox.subject_objects(OWL.disjointWith):
        if (x in ups_a and y in ups_b) or (x in ups_b and y in ups_a):
            return f"{_qname(tbox, x)} owl:disjointWith {_qname(tbox, y)}"
    for axiom in tbox.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(tbox, tbox.value(axiom, OWL.members)))
        in_a = [m for m in members if m in ups_a]
        in_b = [m for m in members if m in ups_b]
        if in_a and in_b and set(in_a) != set(in_b):
            names = ", ".join(_qname(tbox, m) for m in members)
            return f"owl:AllDisjointClasses({names}) separates {_qname(tbox, in_a[0])} from {_qname(tbox, in_b[0])}"
    return None


def _inconsistent(tbox: Graph, triples: list) -> bool:
    subset = Graph()
    for triple in triples:
        subset.add(triple)
    try:
        run_hermit(tbox + subset, property_values=False)
    except InconsistentError:
        return True
    return False


def ddmin(items: list, failing, budget: int) -> tuple[list, bool]:
    """Zeller's delta debugging: a 1-minimal sublist of ``items`` for which ``failing`` holds.

    Returns the list and whether it is minimal (False when ``budget`` tests ran out first).
    """
    chunks = 2
    while len(items) > 1:
        size = -(-len(items) // chunks)
        parts = [items[i:i + size] for i in range(0, len(items), size)]
        complements = [_without(items, part) for part in parts] if chunks > 2 else []
        for candidate in parts + complements:
            if budget <= 0:
                return items, False
            budget -= 1
            if candidate and failing(candidate):
                items, chunks = candidate, (2 if candidate in parts else max(chunks - 1, 2))
                break
        else:
            if chunks >= len(items):
                return items, True
            chunks = min(len(items), chunks * 2)
    return items, True


def _without(items: list, part: list) -> list:
    drop = set(part)
    return [x for x in items if x not in drop]


def _bisect_clashes(tbox: Graph, data: Graph) -> list[Clash]:
    """Shrink the ABox to a minimal inconsistent set of individuals, then of their triples."""
    nodes = sorted({s for s in data.subjects() if isinstance(s, URIRef)})
    budget = MAX_BISECT_RUNS

    def triples_of(subjects: list) -> list:
        return [t for s in subjects for t in data.triples((s, None, None))]

    nodes, minimal = ddmin(nodes, lambda part: _inconsistent(tbox, triples_of(part)), budget)
    triples, minimal_triples = ddmin(sorted(triples_of(nodes)), lambda part: _inconsistent(tbox, part), budget // 2)
    axioms = [f"these triples contradict the ontology"
              f"{'' if minimal and minimal_triples else ' (search stopped early: a smaller set may exist)'}:"]
    for s, p, o in triples:
        axioms.append(f"{_qname(data, s)} {_qname(data, p)} {o.n3(data.namespace_manager)}{_axiom_hint(tbox, p)}")
    return [Clash(nodes, {n: _label(data, n) for n in nodes},
                  {n: sorted(t for t in data.objects(n, RDF.type) if isinstance(t, URIRef)) for n in nodes}, axioms)]


def _axiom_hint(tbox: Graph, prop: URIRef) -> str:
    """The domain and range axioms of ``prop``, where the ontology states them."""
    hints = [f"rdfs:{kind} {_qname(tbox, value)}" for kind in ("domain", "range")
             for value in tbox.objects(prop, RDFS[kind])]
    return f"   ({_qname(tbox, prop)} has {', '.join(hints)})" if hints else ""
