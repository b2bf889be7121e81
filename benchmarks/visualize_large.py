"""How long graph.html takes to build for a synthetic actor network, and how big it is.

    PYTHONPATH=$PWD python benchmarks/visualize_large.py 5000

Writes nothing but a temporary file. Loading time in a browser is not measured here
(tests/test_browser.py checks that a 5,000-node page loads and draws).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from synthetic import random_network  # noqa: E402

from kg.visualize import _positions, write_html  # noqa: E402


def main(sizes: list[int]) -> None:
    """Print layout time, total page time and page size for each node count."""
    print("nodes  edges  layout_s  page_s  page_MB")
    for size in sizes:
        network = random_network(size)
        start = time.perf_counter()
        _positions(network)
        layout = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            path = write_html(network, Path(tmp) / "graph.html")
            page = time.perf_counter() - start
            megabytes = path.stat().st_size / 1e6
        print(f"{size:5d}  {network.number_of_edges():5d}  {layout:8.2f}  {page:6.2f}  {megabytes:7.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 500, 5000])
