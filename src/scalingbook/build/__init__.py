"""Running the book: validation before any kernel starts, execution and its cache, site
assembly, the standalone re-run page, sweeps, the PDF, the Sphinx extension and the CLI. The top
floor: it may import every other."""
