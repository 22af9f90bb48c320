"""What a reader sees: one module per chapter (its schema, page object, claims, charts and
sentences) and what the chapters share (formatting, chart style, calculators, the claims ledger).
Imports science and sources, never build."""
