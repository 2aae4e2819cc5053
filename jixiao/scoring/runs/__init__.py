"""Result runs: stored computations of a scheme's results, their review and publication."""
