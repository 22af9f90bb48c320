"""Formulas, fits and simulations: pure, typed, numpy-vectorised. Imports only ``sources`` (for
published constants such as the accelerator table); never pages or build."""
