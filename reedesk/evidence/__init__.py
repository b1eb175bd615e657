"""PDF evidence packs: build them (pages, embedded files, PAdES signature), read them
back and verify them with nothing but the file. See ``docs/evidence-pack.md``."""
