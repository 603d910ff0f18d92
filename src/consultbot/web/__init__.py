"""The HTTP shell: blueprints that parse input, call the core, store and reply."""
