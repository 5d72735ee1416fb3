"""Measuring reportedly: scorers for gold corpora (PolNeAR, hand-made gold files) and anchors.

Nothing here is imported by the engine; the heavy parts (spaCy, textacy) load lazily.
"""
