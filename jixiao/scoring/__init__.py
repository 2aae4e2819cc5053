"""Score entry (quarterly cycle) and result runs: the stored side of appraisal, above `schemes`."""
