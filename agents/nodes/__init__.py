"""Graph nodes, one module each; a node's name equals its function's name."""
