"""The local web page of `appeal serve`: the case's forms, the protocols grid, preview and build."""
