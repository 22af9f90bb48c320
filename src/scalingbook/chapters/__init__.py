"""Companion modules of the chapters: what one page shows (claims tables, chart builders, the
sentences generated from numbers). Named like the notebooks in ``chapters/``; the concept modules
(``cost``, ``laws``, ...) stay free of Altair and page wording."""
