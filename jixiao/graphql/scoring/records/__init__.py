"""GraphQL of inspections (明查暗访), innovation awards (创新奖) and evidence of adjustments."""
