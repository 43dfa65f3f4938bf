"""Known registries: import a CSV of partnerships (resolving names to GeoNames places),
compare extracted partnerships with it, export the registry."""
