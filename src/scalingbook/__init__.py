"""Scaling Laws, Reproduced: the book's helper package."""
