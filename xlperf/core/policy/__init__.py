"""Calibration policy: exclusions, small groups, tie rules and calibration overrides."""
