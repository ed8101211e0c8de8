"""The fixtures the statforms tests share: the commune's year 2025 of Biểu 1 (defined with its figures)."""

from dangbo.statforms.tests.test_increases_decreases import year  # noqa: F401 - a fixture, shared
