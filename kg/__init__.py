"""conflict-kg: news reports about armed conflict → an OWL/RDF knowledge graph with provenance.

The library is the product; the ``kg`` command line is a thin layer over it::

    from kg import build_graph, run_query
    result = build_graph("examples/articles", out="out")
    print(run_query("us_backed_tow_recipients_struck", graph="out/graph.ttl").rows)
"""

from .errors import KGError
from .pipeline import BuildResult, build_graph, extract_folder
from .query import format_results, run_query

__all__ = ["BuildResult", "KGError", "build_graph", "extract_folder", "format_results", "run_query"]
__version__ = "0.1.0"
