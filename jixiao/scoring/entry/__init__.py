"""Score entry (赋分): the scorer's workbench, bulk entry, submission and reopening, and the
debounced recompute of results that follows every change (DOMAIN.md §3 step 4)."""
