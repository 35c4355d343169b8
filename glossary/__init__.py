"""RU–EN glossary of diplomatic and economic terminology: extraction, equivalents, formats, lookup."""
