"""``kg bench store``: the embedded Oxigraph store against rdflib's Memory store and Virtuoso.

A synthetic graph in the vocabulary's shape (articles with strikes, statements, supports,
alliances, their evidence spans and the actors they name) is loaded into each engine;
load time, peak memory and the time of every query in ``queries/`` are printed side by
side, with ratios. Each in-process engine runs in its own child process so its peak
memory is its own. A second part times incremental ingest: one new article into a store
of many articles against one into an empty store, and the events refresh that follows it.

Timings are measurements of this machine at the time of the run, never assertions.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from ..errors import KGError

KGO = "https://w3id.org/conflict-kg/ontology#"
KGR = "https://w3id.org/conflict-kg/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
IDENT = "<http://purl.org/dc/terms/identifier>"
XSD = "http://www.w3.org/2001/XMLSchema#"
GRADES = ("SingleSource", "SingleSource", "SingleSource", "MultiSource", "ConfirmedByAttacker", "Contested")
TRIPLES_PER_ARTICLE = 1_000  # about what one bundled article gives (5,129 for five)

WORDS = ("al", "jabal", "liwa", "suqour", "fursan", "haqq", "jaish", "nasr", "ahrar", "sham", "tajamu", "izza",
         "katibat", "shuhada", "thuwar", "furqan", "ansar", "din", "harakat", "nour", "zenki", "fastaqim", "tahrir")
KEY = {"russia": ("Russia", "State"), "united-states": ("United States", "State"),
       "syrian-government": ("Syrian Government", "State"), "bashar-al-assad": ("Bashar al-Assad", "Person"),
       "iran": ("Iran", "State"), "hezbollah": ("Hezbollah", "ArmedGroup"), "islamic-state": ("Islamic State", "ArmedGroup")}


# --- the synthetic graph -----------------------------------------------------------------


def _iri(local: str) -> str:
    return f"<{KGR}{local}>"


def _lit(text: str, lang: str = "", datatype: str = "") -> str:
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}' if lang else (f'"{text}"^^<{XSD}{datatype}>' if datatype else f'"{text}"')


class Synthetic:
    """A deterministic world of actors, places and weapons, and articles about it."""

    def __init__(self, seed: int = 7, actors: int = 3_000, places: int = 400, weapons: int = 40,
                 events: bool = False) -> None:
        rng = random.Random(seed)
        self.events = events  # strikes also get a grade, claims and a merged kgo:StrikeEvent
        self.actors = [(k, n, t) for k, (n, t) in KEY.items()]
        for i in range(actors):
            name = " ".join(rng.choice(WORDS).capitalize() for _ in range(3)) + f" {i}"
            self.actors.append((f"group-{i}", name, rng.choice(("ArmedGroup",) * 6 + ("Organization", "Person", "Coalition"))))
        self.places = [(f"place/town-{i}", f"Town {i}") for i in range(places)]
        self.weapons = [("tow", "TOW")] + [(f"weapon-{i}", f"Weapon {i}") for i in range(weapons)]
        self.groups = [a for a in self.actors if a[2] == "ArmedGroup"]
        self.weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(self.actors))]  # a few actors are everywhere

    def article(self, index: int, facts: int = 45) -> tuple[str, list[str]]:
        """(file name, N-Triples lines) of one synthetic article of about 1,000 triples."""
        rng = random.Random(index * 7919 + 13)
        name = f"{index:06d}_synthetic.txt"
        art = _iri(f"article/a{index}")
        lines = [f"{art} {RDF_TYPE} <{KGO}Article> .", f"{art} {IDENT} {_lit(name)} .",
                 f"{art} {LABEL} {_lit(f'Synthetic report {index}', 'en')} .",
                 f"{art} <http://purl.org/dc/terms/date> {_lit(f'2015-10-{1 + index % 28:02d}T00:00:00', datatype='dateTime')} ."]
        mentioned: dict[str, tuple[str, str]] = {}
        for n in range(facts):
            kind = rng.choices(("Strike", "Statement", "Support", "Alliance"), (45, 30, 15, 10))[0]
            lines += getattr(self, "_" + kind.lower())(rng, index, n, art, mentioned)
        for local, (label, kind) in mentioned.items():
            node = _iri(local)
            lines += [f"{node} {RDF_TYPE} <{KGO}{kind}> .", f"{node} {LABEL} {_lit(label, 'en')} .",
                      f"{node} {ALT} {_lit(label.split()[0], 'en')} .", f"{node} <{KGO}mentionedIn> {art} ."]
        return name, lines

    def _actor(self, rng: random.Random, mentioned: dict, pool=None) -> str:
        local, label, kind = rng.choices(pool or self.actors, None if pool else self.weights)[0]
        mentioned[local] = (label, kind)
        return _iri(local)

    def _thing(self, rng: random.Random, mentioned: dict, pool: list, kind: str) -> str:
        local, label = rng.choice(pool)
        mentioned[local] = (label, kind)
        return _iri(local)

    def _fact(self, kind: str, node: str, art: str, ev: str, text: str, label: str, rng: random.Random) -> list[str]:
        start = rng.randrange(0, 5_000)
        return [f"{node} {RDF_TYPE} <{KGO}{kind}> .", f"{node} {LABEL} {_lit(label, 'en')} .",
                f"{node} <{KGO}reportedIn> {art} .", f"{node} {DERIVED} {ev} .",
                f"{ev} {RDF_TYPE} <{KGO}Evidence> .", f"{ev} {LABEL} {_lit(f'evidence {ev[-12:-1]}', 'en')} .",
                f"{ev} <{KGO}inArticle> {art} .", f"{ev} <{KGO}exactText> {_lit(text)} .",
                f"{ev} <{KGO}startOffset> {_lit(str(start), datatype='integer')} .",
                f"{ev} <{KGO}endOffset> {_lit(str(start + len(text)), datatype='integer')} .",
                f"{ev} <{KGO}confidence> {_lit(str(rng.choice((0.6, 0.75, 0.9))), datatype='decimal')} .",
                f"{ev} <{KGO}extractor> {_lit(kind.lower() + '.synthetic')} ."]

    def _dated(self, node: str, rng: random.Random) -> list[str]:
        if rng.random() < 0.3:
            return []
        return [f"{node} <{KGO}date> {_lit(f'2015-{rng.randint(9, 12):02d}-{rng.randint(1, 28):02d}T00:00:00', datatype='dateTime')} .",
                f"{node} <{KGO}datePrecision> {_lit('day')} ."]

    def _strike(self, rng, index, n, art, mentioned) -> list[str]:
        node, ev = _iri(f"strike/a{index}-{n}"), _iri(f"evidence/a{index}-{n}")
        attacker = _iri("russia") if rng.random() < 0.4 else self._actor(rng, mentioned)
        mentioned.setdefault("russia", KEY["russia"])
        target = self._actor(rng, mentioned, self.groups if rng.random() < 0.5 else None)
        place = self._thing(rng, mentioned, self.places, "Place")
        text = f"Warplanes carried out an air strike on {target[len(KGR) + 1:-1]} positions near {place[-8:-1]}."
        lines = self._fact("Strike", node, art, ev, text, "strike", rng) + self._dated(node, rng)
        lines += [f"{node} <{KGO}attacker> {attacker} .", f"{node} <{KGO}target> {target} .", f"{node} <{KGO}place> {place} ."]
        if rng.random() < 0.2:
            lines.append(f"{node} <{KGO}casualties> {_lit(str(rng.randint(1, 40)), datatype='integer')} .")
        if rng.random() < 0.05:
            lines.append(f"{node} <{KGO}disputedBy> {self._actor(rng, mentioned)} .")
        else:
            lines.append(f"{attacker} <{KGO}struck> {target} .")
        return lines + (self._event(rng, node, art, attacker, target, lines[12:13], mentioned) if self.events else [])

    def _event(self, rng: random.Random, node: str, art: str, attacker: str, target: str, dated: list[str],
               mentioned: dict) -> list[str]:
        """A claim, a grade, and the event the report is merged into: reports of one attacker
        striking one target on one day (or undated) are one event, as kg.merge would make them."""
        day = dated[0].split('"')[1][:10] if dated and "<" + KGO + "date>" in dated[0] else "undated"
        key = f"{attacker[len(KGR) + 1:-1]}|{target[len(KGR) + 1:-1]}|{day}"
        digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
        event = _iri(f"event/strike/{digest:016x}")
        grade = f"<{KGO}{GRADES[digest % len(GRADES)]}>"
        lines = [f"{node} <{KGO}reportOf> {event} .", f"{node} <{KGO}grade> {grade} .",
                 f"{event} {RDF_TYPE} <{KGO}StrikeEvent> .", f"{event} {LABEL} {_lit(f'strike event {digest:016x}', 'en')} .",
                 f"{event} <{KGO}attacker> {attacker} .", f"{event} <{KGO}target> {target} .",
                 f"{event} <{KGO}grade> {grade} .", f"{event} <{KGO}sourceCount> {_lit(str(1 + digest % 3), datatype='integer')} .",
                 f"{event} <{KGO}report> {node} .", f"{event} <{KGO}reportedIn> {art} ."]
        if rng.random() < 0.3:
            lines.append(f"{node} <{KGO}claimedBy> {attacker if rng.random() < 0.5 else self._actor(rng, mentioned)} .")
        return lines

    def _statement(self, rng, index, n, art, mentioned) -> list[str]:
        node, ev = _iri(f"statement/a{index}-{n}"), _iri(f"evidence/a{index}-{n}")
        speaker = self._actor(rng, mentioned)
        words = rng.choice(("the bombing must stop", "our sorties hit terrorists", "we will keep fighting",
                            "the raid killed civilians", "talks will begin in Vienna"))
        text = f"A spokesman said that {words}, according to officials."
        lines = self._fact("Statement", node, art, ev, text, "statement", rng) + self._dated(node, rng)
        return lines + [f"{node} <{KGO}speaker> {speaker} .", f"{node} <{KGO}quote> {_lit(words)} ."]

    def _support(self, rng, index, n, art, mentioned) -> list[str]:
        node, ev = _iri(f"support/a{index}-{n}"), _iri(f"evidence/a{index}-{n}")
        supporter = _iri("united-states") if rng.random() < 0.3 else self._actor(rng, mentioned)
        mentioned.setdefault("united-states", KEY["united-states"])
        recipient = self._actor(rng, mentioned, self.groups)
        lines = self._fact("Support", node, art, ev, "The group receives weapons and training from abroad.", "support", rng)
        lines += [f"{node} <{KGO}supporter> {supporter} .", f"{node} <{KGO}recipient> {recipient} .",
                  f"{recipient} <{KGO}supportedBy> {supporter} ."]
        if rng.random() < 0.5:
            weapon = _iri("tow") if rng.random() < 0.4 else self._thing(rng, mentioned, self.weapons, "Weapon")
            mentioned.setdefault("tow", ("TOW", "Weapon"))
            lines += [f"{node} <{KGO}supplies> {weapon} .", f"{recipient} <{KGO}receivedWeapon> {weapon} ."]
        return lines

    def _alliance(self, rng, index, n, art, mentioned) -> list[str]:
        node, ev = _iri(f"alliance/a{index}-{n}"), _iri(f"evidence/a{index}-{n}")
        regime = rng.choice(("syrian-government", "bashar-al-assad"))
        mentioned[regime] = KEY[regime]
        ally = self._actor(rng, mentioned)
        lines = self._fact("Alliance", node, art, ev, "The two sides fight alongside each other.", "alliance", rng)
        return lines + [f"{node} <{KGO}party> {_iri(regime)} .", f"{node} <{KGO}party> {ally} .",
                        f"{_iri(regime)} <{KGO}alliedWith> {ally} .", f"{ally} <{KGO}alliedWith> {_iri(regime)} ."]


def write_synthetic(path: Path, triples: int, world: Synthetic) -> int:
    """Write about ``triples`` distinct triples (whole articles) as N-Triples; return the count."""
    seen: set[str] = set()
    with open(path, "w", encoding="utf-8") as out:
        index = 0
        while len(seen) < triples:
            for line in world.article(index)[1]:
                if line not in seen:
                    seen.add(line)
                    out.write(line + "\n")
            index += 1
    return len(seen)


# --- one engine per child process ----------------------------------------------------------


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _timed(run: Callable[[str], object], text: str, repeat: int, cpu: Callable[[], float],
           on_timeout: type[BaseException] | None = None, timeout: float = 0.0) -> dict:
    """Run ``text`` ``repeat`` times: the median wall and CPU seconds, the first (cold) run,
    rows and the comparable answer. A run stopped by ``on_timeout`` ends the repeats."""
    from ..query import comparable

    walls, cpus = [], []
    results = None
    for _ in range(repeat):
        if on_timeout is not None:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        started, cpu_started = time.perf_counter(), cpu()
        try:
            results = run(text)
        except BaseException as exc:
            if on_timeout is not None and isinstance(exc, on_timeout):
                return {"s": None, "cpu": None, "runs": len(walls)}
            raise
        finally:
            if on_timeout is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
        walls.append(time.perf_counter() - started)
        cpus.append(cpu() - cpu_started)
    return {"s": statistics.median(walls), "cpu": statistics.median(cpus), "first_s": walls[0],
            "runs": len(walls), "rows": len(results.rows), "answer": repr(comparable(results, text))}


def engine_main(engine: str, data: str, workdir: str, timeout: float, repeat: int = 3) -> dict:
    """Load ``data`` into ``engine`` and time every named query ``repeat`` times (runs in a child process).

    The Oxigraph store is opened and queried as ``kg query --store`` does (:func:`kg.store.select`,
    rows converted to Python terms); a query's time includes that conversion, as Virtuoso's
    includes HTTP and JSON parsing into the same terms.
    """
    from ..query import named_queries, read_query

    out: dict = {"queries": {}, "repeat": repeat}
    started = time.perf_counter()
    if engine == "oxigraph":
        import pyoxigraph as ox

        from ..store import select

        store = ox.Store(str(Path(workdir) / "oxigraph"))
        store.bulk_load(path=data, format=ox.RdfFormat.N_TRIPLES)
        store.optimize()
        run = lambda text: select(store, text, union=False)  # noqa: E731
    else:
        from rdflib import Graph

        graph = Graph()
        graph.parse(data, format="nt")
        run = lambda text: _rdflib_results(graph.query(text))  # noqa: E731
    out["load_s"] = time.perf_counter() - started
    signal.signal(signal.SIGALRM, _alarm)
    for name, path in named_queries().items():
        text = read_query(path)[1]
        try:
            out["queries"][name] = _timed(run, text, repeat, time.process_time, _Timeout, timeout)
        except Exception as exc:  # an engine that cannot run a query is reported, not fatal
            out["queries"][name] = {"s": None, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"}
    out["peak_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def _rdflib_results(result):
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    from ..store import Results

    def term(value):
        if value is None:
            return None
        if isinstance(value, URIRef):
            return ox.NamedNode(str(value))
        if isinstance(value, BNode):
            return ox.BlankNode()
        assert isinstance(value, Literal)
        if value.language:
            return ox.Literal(str(value), language=value.language)
        return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype))) if value.datatype else ox.Literal(str(value))

    variables = [str(v) for v in result.vars]
    return Results(variables, [tuple(term(row[v]) for v in variables) for row in result])


def _child(engine: str, data: Path, workdir: Path, timeout: float, repeat: int) -> dict:
    proc = subprocess.run([sys.executable, "-m", "kg.bench.store", engine, str(data), str(workdir), str(timeout),
                           str(repeat)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise KGError(f"bench {engine}", (proc.stderr.strip().splitlines() or ["failed"])[-1])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _virtuoso(data: Path, workdir: Path, triples: int, repeat: int = 3) -> dict:
    """Bulk-load ``data`` into a private Virtuoso and time every named query ``repeat`` times.

    A query's time includes HTTP and parsing the JSON results into the terms Oxigraph's
    rows hold; its CPU time is the server's plus this process's.
    """
    from ..endpoint import DEFAULT_GRAPH, Endpoint, select
    from ..query import named_queries, read_query
    from ..virtuoso import LocalVirtuoso

    out: dict = {"queries": {}, "repeat": repeat}
    with LocalVirtuoso(workdir / "virtuoso", memory_gb=max(1.0, triples / 500_000)) as server:
        copy = server.dir / data.name
        shutil.copyfile(data, copy)
        started = time.perf_counter()
        server.bulk_load(copy, DEFAULT_GRAPH)
        out["load_s"] = time.perf_counter() - started
        endpoint = Endpoint(server.sparql_url, credentials=server.credentials, timeout=600, retries=0)
        pid = server.process.pid
        cpu = lambda: _process_cpu(pid) + time.process_time()  # noqa: E731
        for name, path in named_queries().items():
            text = read_query(path)[1]
            try:
                out["queries"][name] = _timed(lambda t, name=name: select(endpoint, t, name), text, repeat, cpu)
            except KGError as error:  # e.g. SR319: a GROUP_CONCAT(DISTINCT …) longer than ~4 KB
                out["queries"][name] = {"s": None, "error": error.problem[:160]}
        out["peak_bytes"] = server.peak_memory()
    return out


# --- incremental ingest ---------------------------------------------------------------------


def _cloned_extractions(count: int) -> list[str]:
    """``count`` stored extractions (JSON) for the synthetic articles: the bundled articles'
    extractions in turn, renamed and moved one day later per round, so the refresh merges
    as many reports as a real corpus of that size would hold, spread over time."""
    import json
    from datetime import date, timedelta

    from ..pipeline import extract_folder
    from ..serialize import extraction_to_json

    real = [json.loads(extraction_to_json(x)) for x in extract_folder()]

    def shifted(day: str | None, days: int) -> str | None:
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat() if day else None

    out = []
    for index in range(count):
        doc = json.loads(json.dumps(real[index % len(real)]))
        days = index // len(real)
        doc["article"][0] = f"synthetic-{index}.txt"
        doc["article"][4] = shifted(doc["article"][4], days)
        for fact in doc["facts"]:
            fact["d"] = shifted(fact["d"], days)
        out.append(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    return out


def _big_store(world: Synthetic, articles: int, workdir: Path) -> tuple[object, str]:
    """The store of ``articles`` synthetic articles and what building it took. Kept in
    ``workdir`` (``ingest-big-N``, with ``ingest-big-N.json`` once built and refreshed): a
    later run with the same ``--workdir`` reuses it (its state is refreshed first, in full
    when the state's version changed, so the timed refreshes are incremental ones)."""
    import pyoxigraph as ox

    from ..derived import EXTRACTION, refresh_events
    from ..pipeline import _spelling_keys
    from ..store import open_store_dir, remove_article_graph, replace_article_graph

    folder, record = workdir / f"ingest-big-{articles}", workdir / f"ingest-big-{articles}.json"
    if record.exists() and folder.is_dir():
        big = open_store_dir(folder)
        remove_article_graph(big, f"{KGR}graph/new", refresh=False)  # the last run's synthetic graph
        started = time.perf_counter()
        again = refresh_events(big)
        how = "full" if again.full else "incremental"
        return big, (json.loads(record.read_text())["built"] + f"; reused here, refreshed first ({how}) in "
                     f"{time.perf_counter() - started:.1f}s")
    shutil.rmtree(folder, ignore_errors=True)
    big = open_store_dir(folder)
    clones = _cloned_extractions(articles)
    started = time.perf_counter()
    for index in range(articles):
        name, lines = world.article(index)
        triples = list(ox.parse("\n".join(lines), format=ox.RdfFormat.N_TRIPLES))
        keys = {}
        for t in triples:  # the spelling-key index a real ingest writes for every name
            if t.predicate.value in (LABEL[1:-1], ALT[1:-1]):
                keys.setdefault(t.subject.value, set()).update(_spelling_keys({t.object.value}))
        replace_article_graph(big, f"{KGR}graph/synthetic-{index}", triples, f"synthetic-{index}", name, keys,
                              meta={EXTRACTION: clones[index]})
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    first = refresh_events(big)
    first_s = time.perf_counter() - started
    built = (f"built article by article in {build_s:.1f}s; its first events refresh, a full one: {first.events:,} "
             f"events from {first.articles:,} stored extractions in {first_s:.1f}s")
    record.write_text(json.dumps({"built": built}))
    return big, built


def _ingest_bench(world: Synthetic, articles: int, workdir: Path, echo: Callable[[str], None]) -> tuple[list[str], dict]:
    """The incremental-ingest table for a store of ``articles`` articles, and its refresh rows
    (CPU, ratio to the empty store, the work counted) for :func:`_size_table`."""
    import pyoxigraph as ox

    from ..build import article_graph_iri
    from ..derived import refresh_events
    from ..pipeline import ingest_into
    from ..resources import examples_dir
    from ..store import open_store_dir, remove_article_graph, replace_article_graph

    real = sorted(examples_dir().glob("*.txt"))[0]
    big, built = _big_store(world, articles, workdir)
    size = sum(1 for _ in big.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    shutil.rmtree(workdir / f"ingest-warm-{articles}", ignore_errors=True)
    ingest_into(open_store_dir(workdir / f"ingest-warm-{articles}"), real, count=False)  # load spaCy and the gazetteer once

    def timed(call) -> tuple[object, tuple[float, float]]:
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        return result, (time.perf_counter() - wall, time.process_time() - cpu)

    def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)

    # The real article is 000_…, which sorts before every synthetic-… article in cluster order
    # (same dates: by article name), so its reports found the events they join: the costliest
    # case. A copy named to sort after them (the same text and metadata) shows the other end.
    last = workdir / "ingest-last" / f"zz-{real.name}"
    last.parent.mkdir(parents=True, exist_ok=True)
    last.write_bytes(real.read_bytes())
    (last.parent / "metadata.json").write_text(
        json.dumps({last.name: json.loads((real.parent / "metadata.json").read_text())[real.name]}))

    def one_article(store, path: Path) -> tuple[tuple, tuple, tuple, object, object]:
        """Median (wall, CPU) times of ingesting the article, of the refresh that follows, and
        of the refresh after removing it again (each refresh then has a real change to make)."""
        iri = str(article_graph_iri(path.name))
        remove_article_graph(store, iri)
        ingests, refreshes, removals = [], [], []
        for _ in range(3):
            ingests.append(timed(lambda: ingest_into(store, path, count=False, refresh=False))[1])
            added, took = timed(lambda: refresh_events(store))
            refreshes.append(took)
            remove_article_graph(store, iri, refresh=False)
            removed, took = timed(lambda: refresh_events(store))
            removals.append(took)
        return median(ingests), median(refreshes), median(removals), added, removed

    def one_graph(store) -> tuple[float, float]:
        name, lines = world.article(articles + 1)
        triples = list(ox.parse("\n".join(lines), format=ox.RdfFormat.N_TRIPLES))
        return median([timed(lambda: replace_article_graph(store, f"{KGR}graph/new", triples, f"new-{_}", name))[1]
                       for _ in range(3)])

    shutil.rmtree(workdir / f"ingest-empty-{articles}", ignore_errors=True)
    empty = open_store_dir(workdir / f"ingest-empty-{articles}")
    rows, done, refreshes = [], {}, []
    for path, how in ((real, f"named {real.name}, sorting first"), (last, f"a copy named {last.name}, sorting last")):
        empty_ingest, empty_refresh, empty_removal, _, _ = one_article(empty, path)
        big_ingest, big_refresh, big_removal, added, removed = one_article(big, path)
        done[how] = added, removed
        refreshes += [(empty_refresh[1], big_refresh[1], added), (empty_removal[1], big_removal[1], removed)]
        rows += [(f"one real article, {how} in cluster order (extract + resolve + write)", empty_ingest, big_ingest),
                 ("then refresh events (replay the keys its reports touch, rewrite what changed)", empty_refresh, big_refresh),
                 ("remove it again, then refresh events", empty_removal, big_removal)]
    rows.append((f"one synthetic article graph, {TRIPLES_PER_ARTICLE:,} triples (write only)", one_graph(empty), one_graph(big)))

    def work(result) -> str:
        decided, read = getattr(result, "decided", None), getattr(result, "read", None)
        ruled_out = getattr(result, "ruled_out", None)
        return f"{result.events:,} events" + (
            f" after deciding again {decided:,} reports" + (f" ({ruled_out:,} more ruled out by their days)"
                                                           if ruled_out is not None else "")
            + f" (read back {read:,})" if decided is not None and read is not None else "")

    lines = [f"Incremental ingest (median of 3): a store of {articles:,} articles ({size:,} triples, "
             f"{built}) vs an empty store; in the big store, "
             + "; ".join(f"the article {how}: the refresh after adding it looked at {work(added)}, "
                         f"the one after removing it {work(removed)}" for how, (added, removed) in done.items()),
             "", "| add | into empty store | into the big store | ratio | CPU: empty | CPU: big | CPU ratio |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {what} | {a[0] * 1000:.0f} ms | {b[0] * 1000:.0f} ms | {b[0] / a[0]:.2f}× "
              f"| {a[1] * 1000:.0f} ms | {b[1] * 1000:.0f} ms | {b[1] / a[1]:.2f}× |" for what, a, b in rows]
    return lines, {"articles": articles, "triples": size, "refreshes": refreshes}


REFRESHES = ("add the article sorting first", "remove it", "add the copy sorting last", "remove it")


def _size_table(sizes: list[dict]) -> list[str]:
    """The refresh after one article, store size by store size: CPU time (median of 3), its ratio
    to the same refresh into an empty store, and the work counted in the big store (reports
    decided again, ruled out by their days unread, read back in full; events looked at)."""
    lines = ["", "The refresh after one article, by store size (CPU, median of 3; × the same refresh into an empty store; "
             "work in the big store: reports decided again / ruled out unread / read back in full, events looked at):", "",
             "| refresh after… | " + " | ".join(f"{s['articles']:,} articles ({s['triples']:,} triples)" for s in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]
    for index, what in enumerate(REFRESHES):
        cells = []
        for s in sizes:
            empty, big, result = s["refreshes"][index]
            cells.append(f"{big * 1000:.0f} ms ({big / empty:.1f}×): {result.decided:,} / {result.ruled_out:,} / "
                         f"{result.read:,}, {result.events:,} events")
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    return lines


# --- the report ------------------------------------------------------------------------------


ENGINES = ("oxigraph", "rdflib", "virtuoso")


def _fmt_s(query: dict, timeout: float, key: str = "s") -> str:
    value = query.get(key)
    if "error" in query:
        return "error¹"
    return f">{timeout:.0f}s" if value is None else (f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s")


def _ratio(other: float | None, base: float | None, timeout: float, error: bool = False) -> str:
    if base is None or error:
        return "n/a"
    if other is None:
        return f">{timeout / base:,.0f}×"
    return f"{other / base:,.2f}×" if other < base else f"{other / base:,.1f}×"  # 0.47×, not 0.5×, for "within 2×"


def report(results: dict[str, dict], triples: int, timeout: float, key: str = "s") -> list[str]:
    """The Markdown table: one row per query, the time on each engine and the ratio to Oxigraph.

    ``key`` picks the figure: ``s`` (median wall-clock seconds) or ``cpu`` (median CPU seconds;
    Virtuoso's is its server's plus the client's)."""
    engines = list(results)
    ox = results["oxigraph"]
    repeat = ox.get("repeat", 1)
    what = "wall-clock" if key == "s" else "CPU time (Virtuoso: server + client)"
    head = "| | " + " | ".join(engines) + " | " + " | ".join(f"{e} / oxigraph" for e in engines[1:]) + " |"
    lines = [f"Synthetic graph: {triples:,} triples; {what}, median of {repeat} runs per query (the first, cold, "
             f"run included), for every engine; rdflib queries stopped after {timeout:.0f}s (and not repeated)",
             "", head, "|---" * (1 + 2 * len(engines) - 1) + "|"]
    if key == "s":
        load = [f"{results[e]['load_s']:.1f} s" for e in engines]
        lines.append("| load | " + " | ".join(load) + " | " +
                     " | ".join(_ratio(results[e]["load_s"], ox["load_s"], timeout) for e in engines[1:]) + " |")
        memory = [f"{results[e]['peak_bytes'] / 2**20:,.0f} MB" for e in engines]
        lines.append("| peak memory | " + " | ".join(memory) + " | " +
                     " | ".join(f"{results[e]['peak_bytes'] / ox['peak_bytes']:.1f}×" for e in engines[1:]) + " |")
    for name in ox["queries"]:
        cells = [_fmt_s(results[e]["queries"][name], timeout, key) for e in engines]
        ratios = [_ratio(results[e]["queries"][name].get(key), ox["queries"][name].get(key), timeout,
                         "error" in results[e]["queries"][name]) for e in engines[1:]]
        lines.append(f"| {name} ({ox['queries'][name].get('rows', '?')} rows) | " + " | ".join(cells) + " | "
                     + " | ".join(ratios) + " |")
    if key != "s":
        return lines
    agree = []
    for e in engines[1:]:
        done = [n for n, q in results[e]["queries"].items() if q["s"] is not None]
        same = [n for n in done if results[e]["queries"][n]["answer"] == ox["queries"][n].get("answer")]
        agree.append(f"{e}: {len(same)}/{len(done)} finished queries give Oxigraph's answers"
                     + (f" (differ: {', '.join(sorted(set(done) - set(same)))})" if len(same) < len(done) else ""))
    errors = sorted({f"{e}: {q['error']}" for e in engines for q in results[e]["queries"].values() if "error" in q})
    return lines + [""] + agree + [f"¹ {line}" for line in errors]


def parse_engines(spec: str) -> tuple[str, ...]:
    """``oxigraph,virtuoso`` → the engines to run, in report order; KGError on an unknown one.
    Oxigraph is always run: the ratios are to it."""
    names = {e.strip().lower() for e in spec.split(",") if e.strip()}
    unknown = sorted(names - set(ENGINES))
    if unknown:
        raise KGError(spec, f"unknown engine {', '.join(unknown)} (want some of {', '.join(ENGINES)})")
    return tuple(e for e in ENGINES if e in names | {"oxigraph"})


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def run_store_bench(triples: int, articles: int | list[int], timeout: float, with_virtuoso: bool, workdir: Path | None,
                    echo: Callable[[str], None] = print, parts: str = "all", repeat: int = 3,
                    engines: tuple[str, ...] = ENGINES) -> None:
    """Run the store benchmark (``parts``: all, engines or ingest) and print its tables.

    Every query is run ``repeat`` times on each of ``engines`` (Virtuoso only when
    ``with_virtuoso`` too) and its median reported."""
    if triples < 1_000:
        raise KGError("--triples", "too small to measure anything (want at least 1000)")
    if repeat < 1:
        raise KGError("--repeat", "want at least 1 run per query")
    scratch = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="kg-bench-store-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        world = Synthetic()
        if parts in ("all", "engines"):
            chosen = tuple(e for e in engines if e != "virtuoso" or with_virtuoso)
            _engines_bench(Synthetic(events=True), scratch, triples, timeout, chosen, repeat, echo)
        if parts in ("all", "ingest"):
            sizes = []
            for count in ([articles] if isinstance(articles, int) else articles):
                lines, size = _ingest_bench(world, count, scratch, echo)
                sizes.append(size)
                for line in lines:
                    echo(line)
                echo("")
            for line in _size_table(sizes):
                echo(line)
    finally:
        if workdir is None:
            shutil.rmtree(scratch, ignore_errors=True)


def _engines_bench(world: Synthetic, scratch: Path, triples: int, timeout: float, engines: tuple[str, ...],
                   repeat: int, echo: Callable[[str], None]) -> None:
    from ..virtuoso import available

    data = scratch / "synthetic.nt"
    count = write_synthetic(data, triples, world)
    echo(f"wrote {count:,} synthetic triples to {data}")
    results = {}
    for engine in engines:
        if engine == "virtuoso" and not available():
            echo("virtuoso: not installed (apt-get install virtuoso-opensource); left out")
            continue
        echo(f"running {engine} ({_load()}) …")
        results[engine] = _virtuoso(data, scratch, count, repeat) if engine == "virtuoso" else \
            _child(engine, data, scratch, timeout, repeat)
        (scratch / f"{engine}.json").write_text(json.dumps(results[engine]), encoding="utf-8")
    echo(f"done ({_load()})")
    echo("")
    for key in ("s", "cpu"):
        for line in report(results, count, timeout, key):
            echo(line)
        echo("")


if __name__ == "__main__":
    engine_name, data_path, work, limit, runs = sys.argv[1:6]
    print(json.dumps(engine_main(engine_name, data_path, work, float(limit), int(runs))))
