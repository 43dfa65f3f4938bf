"""The analyse stage: one Document in, one Extraction out (DESIGN.md, Pipeline).

Each module owns one step: `prefilter` (cheap vocabulary scan), `langid`, `sentences`,
`dates`, `entities` (places), `attribution` (who with whom), `attributes` (type, status,
date, themes, term, signatories), `consultation`, `doctype`; `run` holds `pipeline()`, which runs them in order.
"""

from citypact.analyse.run import pipeline

__all__ = ["pipeline"]
