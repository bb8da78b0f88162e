"""The way in: village files read, normalised, checked and stored; rejects; input templates."""
