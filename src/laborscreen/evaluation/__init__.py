"""Measuring match quality and speed: ``eval``, ``eval-pairs`` and ``bench``."""
