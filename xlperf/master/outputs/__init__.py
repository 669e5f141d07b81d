"""The sheets recalc and validate write, one module each, all through the Workbook interface."""
