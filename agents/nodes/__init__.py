"""The graph's two nodes (``read.read_report``, ``assess.assess_report``; a node's name equals its
function's name) and the steps they join, one module each: load, segment and extract (read), summarise
and check (assess)."""
