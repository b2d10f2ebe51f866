"""The graph's nodes (``read.read_report``, ``assess.assess_report``; with no model the two as one,
``assess.read_and_assess``; a node's name equals its function's name) and the steps they join, one
module each: load, segment and extract (read), summarise and check (assess)."""
