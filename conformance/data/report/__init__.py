"""Stage 6, report: defects (masked) and their sinks, the report folder, the summary and RunResult, comparison."""
