"""The bottom floor: the book's transcribed tables (``tables``) and the registry of published
datasets, with fetching, verification and loaders (``datasets``). Imports no other floor."""
