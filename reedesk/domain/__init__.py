"""Pure data: dossiers and their parts. No I/O, no Qt, no database."""
