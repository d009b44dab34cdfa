"""Lambda layers: resolve, build (Docker or cross-platform pip), strip, test, zip, cache."""

from orchestrator.layers.index import IndexEntry, LayerIndex, load_index

__all__ = ["IndexEntry", "LayerIndex", "load_index"]
