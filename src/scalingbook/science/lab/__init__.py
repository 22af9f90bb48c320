"""The scaling lab: tiny decoder-only character-level transformers trained under fixed FLOP budgets.

Only :mod:`.model` and :mod:`.train` import JAX (the optional ``lab`` extra); :mod:`.flops`,
:mod:`.data`, :mod:`.sweep` and :mod:`.analysis` are plain numpy, so the chapter that reads the
committed runs builds without JAX installed. Nothing here imports JAX at package import time.
"""
