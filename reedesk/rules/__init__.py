"""Rule packs (TOML data) and the pure evaluation engine (DESIGN.md "Rule packs", "Determination")."""
