"""The survey folder (contracts.md §1): a whole survey in diffable files. Pure Python."""
