"""A parent government and its districts: item rankings flowing down (三区末位) and the
comparison of the districts' published results (issue 19 items 1 and 2)."""
