"""The tamper-evident audit trail: hash-chained events, Merkle tree heads, verification."""
