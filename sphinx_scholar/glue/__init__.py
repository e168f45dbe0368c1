"""Glue: the Sphinx side of a build. Which bibliography a build uses, change tracking, the domain,
the directives and roles, list expansion at write time, and entry pages and feeds.

May import every stage before it; only ``cli`` and ``setup()`` import it.
Reads Sphinx's events and environment; keeps only small facts in the environment.
"""
